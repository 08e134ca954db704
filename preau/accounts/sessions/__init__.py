"""Session stores that write a new session once (ADR 0056).

Django's `login()` cycles the session key: `create()` checks that a fresh key is free (a SELECT),
INSERTs an empty row under it, and the response's `save()` then UPDATEs that row with the user's
id: three statements and two transactions for one sign-in, in the busiest minutes of the year.

Here `cycle_key()` only draws the new key; the first `save()` INSERTs the row with its data. A key
taken meanwhile (32 random characters: practically never) fails the INSERT's primary key, and
another is drawn. `create()` keeps Django's contract (a saved, empty session). A `save()` with
nothing changed since this request's own last write is skipped: the sign-in service saves inside
its transaction, and the response has nothing left to write.

`preau.accounts.sessions.db` and `preau.accounts.sessions.cached_db` are the SESSION_ENGINEs.
"""

from __future__ import annotations

import copy
from typing import Any

from asgiref.sync import sync_to_async
from django.contrib.sessions.backends.base import VALID_KEY_CHARS, CreateError
from django.utils.crypto import get_random_string


class WriteOnceSessionMixin:
    """For a `SessionStore` of `django.contrib.sessions.backends.db` or `cached_db`."""

    _session_key: str | None
    _session_cache: dict[str, Any]
    _unsaved = False
    _written: dict[str, Any] | None = None
    modified: bool

    def cycle_key(self) -> None:
        """A new key for the same data (sign-in: no session fixation), written by the next save."""
        data = self._data()
        old_key = self._session_key
        self._session_key = get_random_string(32, VALID_KEY_CHARS)
        self._session_cache = data
        self._unsaved = True
        self.modified = True
        self._written = None
        if old_key:
            self.delete(old_key)  # type: ignore[attr-defined]

    async def acycle_key(self) -> None:
        await sync_to_async(self.cycle_key)()

    def save(self, must_create: bool = False) -> None:
        if self._session_key is None:  # Django's own path: create() draws a key and saves
            super().save(must_create=must_create)  # type: ignore[misc]
        elif self._unsaved:
            self._insert()
        elif must_create or self._changed():
            super().save(must_create=must_create)  # type: ignore[misc]
        self._written = copy.deepcopy(self._data())

    def _changed(self) -> bool:
        return self._written is None or self._written != self._data()

    def _insert(self) -> None:
        while True:
            try:
                super().save(must_create=True)  # type: ignore[misc]
                break
            except CreateError:
                self._session_key = get_random_string(32, VALID_KEY_CHARS)
        self._unsaved = False

    def _data(self) -> dict[str, Any]:
        return dict(self._session)  # type: ignore[attr-defined]

    async def asave(self, must_create: bool = False) -> None:
        await sync_to_async(self.save)(must_create)
