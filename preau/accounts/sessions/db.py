"""SESSION_ENGINE without a shared cache: sessions in the database, written once when new."""

from django.contrib.sessions.backends import db

from preau.accounts.sessions import WriteOnceSessionMixin


class SessionStore(WriteOnceSessionMixin, db.SessionStore):
    pass
