"""SESSION_ENGINE with Redis: read through the cache, written to the database (once when new)."""

from django.contrib.sessions.backends import cached_db

from preau.accounts.sessions import WriteOnceSessionMixin


class SessionStore(WriteOnceSessionMixin, cached_db.SessionStore):
    pass
