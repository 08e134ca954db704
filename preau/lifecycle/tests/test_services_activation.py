import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone

from preau.accounts.errors import PasswordRejected, TooManyAttempts
from preau.core.models import AuditEvent
from preau.lifecycle import codes
from preau.lifecycle.errors import CharterNotAccepted, InvalidActivationCode
from preau.lifecycle.models import ActivationCode, CharterAcceptance
from preau.lifecycle.services.activation import ActivationInput, activate
from preau.lifecycle.services.codes import store_codes

pytestmark = pytest.mark.django_db
GOOD = "une phrase de passe solide"


def _request():
    from django.contrib.sessions.backends.db import SessionStore

    request = RequestFactory().post("/acces/activer/", REMOTE_ADDR="10.0.0.9")
    request.session = SessionStore()
    return request


def test_codes_use_the_unambiguous_alphabet_and_are_stored_hashed(klass):
    clear = store_codes(klass.director, [klass.mother.pk])[klass.mother.pk]
    assert len(clear) == 8 and set(clear) <= set(codes.ALPHABET)
    stored = ActivationCode.objects.get(user=klass.mother)
    assert clear not in stored.digest
    assert codes.matches(klass.mother.pk, clear, stored.digest)
    assert not codes.matches(klass.father.pk, clear, stored.digest)


def test_activation_sets_password_charter_and_logs_in(klass):
    code = store_codes(klass.director, [klass.mother.pk])[klass.mother.pk]
    request = _request()
    user = activate(
        request,
        ActivationInput(
            klass.mother.login, codes.display(code).upper(), GOOD, True, "c@example.fr"
        ),
    )
    user.refresh_from_db()
    assert user.activated_at is not None and user.check_password(GOOD)
    assert user.email == "c@example.fr"
    assert request.session["_auth_user_id"] == str(user.pk)
    assert CharterAcceptance.objects.filter(user=user, charter__version=1).exists()
    assert AuditEvent.objects.filter(action="ACTIVATION", target_id=str(user.pk)).exists()
    assert not ActivationCode.objects.filter(user=user).exists()  # single use
    with pytest.raises(InvalidActivationCode):
        activate(_request(), ActivationInput(user.login, code, GOOD + "x", True))


def test_a_reprint_voids_the_previous_code(klass):
    old = store_codes(klass.director, [klass.mother.pk])[klass.mother.pk]
    store_codes(klass.director, [klass.mother.pk])
    with pytest.raises(InvalidActivationCode):
        activate(_request(), ActivationInput(klass.mother.login, old, GOOD, True))


def test_expired_code_is_refused_and_nothing_is_written(klass):
    code = store_codes(klass.director, [klass.mother.pk])[klass.mother.pk]
    ActivationCode.objects.filter(user=klass.mother).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    with pytest.raises(InvalidActivationCode):
        activate(_request(), ActivationInput(klass.mother.login, code, GOOD, True))
    klass.mother.refresh_from_db()
    assert klass.mother.activated_at is None and not klass.mother.has_usable_password()


@pytest.mark.parametrize(
    ("password", "accept", "error"),
    [("court", True, PasswordRejected), (GOOD, False, CharterNotAccepted)],
)
def test_bad_password_or_refused_charter_writes_nothing(klass, password, accept, error):
    code = store_codes(klass.director, [klass.mother.pk])[klass.mother.pk]
    with pytest.raises(error):
        activate(_request(), ActivationInput(klass.mother.login, code, password, accept))
    klass.mother.refresh_from_db()
    assert klass.mother.activated_at is None
    assert ActivationCode.objects.filter(user=klass.mother).exists()


def test_code_checks_are_throttled_per_login_and_ip(klass):
    store_codes(klass.director, [klass.mother.pk])
    for _ in range(5):
        with pytest.raises(InvalidActivationCode):
            activate(_request(), ActivationInput(klass.mother.login, "aaaaaaaa", GOOD, True))
    with pytest.raises(TooManyAttempts):
        activate(_request(), ActivationInput(klass.mother.login, "aaaaaaaa", GOOD, True))
