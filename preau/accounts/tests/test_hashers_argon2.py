from __future__ import annotations

import pytest
from django.test import override_settings

from preau.directory.factories import UserFactory

PRODUCTION_HASHERS = [
    "preau.accounts.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
def test_stored_hash_is_argon2id_with_owasp_parameters():
    user = UserFactory.create(login="lea.martin")
    user.set_password("une phrase de passe solide")
    user.save()
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert user.check_password("une phrase de passe solide")
    assert not user.check_password("une autre phrase de passe")


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
def test_an_old_pbkdf2_hash_is_upgraded_to_argon2_at_login():
    from django.contrib.auth.hashers import make_password

    user = UserFactory.create(login="lea.martin")
    user.password = make_password("ancien mot de passe", hasher="pbkdf2_sha256")
    user.save()
    assert user.check_password("ancien mot de passe")
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_no_more_hashes_run_at_once_than_the_process_has_slots(monkeypatch):
    """A login storm on 16 threads hashes two at a time on two cores, not sixteen (ADR 0056)."""
    import threading
    import time

    from django.contrib.auth.hashers import Argon2PasswordHasher

    from preau.accounts import hashers

    running, peak, lock = 0, 0, threading.Lock()

    def slow_verify(self, password, encoded):
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.02)
        with lock:
            running -= 1
        return True

    monkeypatch.setattr(Argon2PasswordHasher, "verify", slow_verify)
    monkeypatch.setattr(hashers, "_slots", None)
    with override_settings(PREAU_PASSWORD_HASH_CONCURRENCY=2):
        hasher = hashers.OwaspArgon2PasswordHasher()
        threads = [
            threading.Thread(target=hasher.verify, args=("secret", "argon2$x")) for _ in range(8)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    monkeypatch.setattr(hashers, "_slots", None)
    assert peak == 2
