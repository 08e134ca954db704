"""What an app process does once, after Django is loaded and before it serves (ADR 0068).

Python's cyclic garbage collector now and then runs a full collection, which walks every object
the process holds. After start-up that is Django, the apps, the URL patterns, the API's schemas:
about 110,000 objects, ≈ 50 ms of one core on the project's machine, during which the process
answers nothing (the GIL is held). At 70 % of the maximum load such a pause lets the requests of
one process pile up past its concurrency limit, and some are refused.

Those objects live as long as the process. `gc.freeze()` moves them to a permanent generation
that collections no longer walk (the Python documentation recommends it for servers that load
once and then serve); a full collection then walks only what requests left alive since.
"""

from __future__ import annotations

import gc


def freeze_startup_objects() -> int:
    """Load what the first requests would load lazily, collect start-up's garbage, then freeze
    everything alive. Returns the number of objects frozen."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view and the API's routers
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
