"""Argon2id with the OWASP parameters (m=19 MiB, t=2, p=1): about 20 ms a hash, not 390 ms.

At most `PREAU_PASSWORD_HASH_CONCURRENCY` hashes run at once in a process (ADR 0056). Argon2 is
memory-hard: sixteen threads hashing at once on two cores do not hash faster than two, they fight
over the caches (measured: 110 hashes/s with 2 threads, 94/s with 4) and hold 19 MiB each. The
other threads keep serving pages meanwhile: the hash releases the GIL, the wait does too.
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher

_slots: threading.BoundedSemaphore | None = None
_slots_lock = threading.Lock()


def hash_slots() -> threading.BoundedSemaphore:
    """The process's semaphore, sized from the settings on first use."""
    global _slots
    if _slots is None:
        with _slots_lock:
            if _slots is None:
                _slots = threading.BoundedSemaphore(settings.PREAU_PASSWORD_HASH_CONCURRENCY)
    return _slots


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    algorithm = "argon2"  # same prefix: Django re-hashes when parameters change
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1

    def encode(self, password: str, salt: str) -> str:
        with hash_slots():
            return str(super().encode(password, salt))

    def verify(self, password: str, encoded: str) -> bool:
        with hash_slots():
            return bool(super().verify(password, encoded))
