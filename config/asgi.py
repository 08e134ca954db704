"""ASGI entry point of the live process (deploy/systemd/preau-live.service, ADR 0052).

nginx sends it only the server-sent-events stream of the live badge (`/fil/direct/`), where each
open page waits on Redis in a coroutine; every other request goes to the WSGI app processes.
"""

import os

from django.core.asgi import get_asgi_application

from preau.core.startup import freeze_startup_objects

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_asgi_application()
freeze_startup_objects()
