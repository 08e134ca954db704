"""Authentication endpoints of the JSON API (mounted at /api/v1/).

CSRF: `POST /auth/login` and `POST /auth/logout` need no CSRF token, so that a non-browser client
can use them. Login only accepts `Content-Type: application/json`, which a cross-site HTML form
cannot send (a cross-site script would need a CORS preflight, which Préau never grants); logout can
at worst end a session, and the `SameSite=Lax` cookie keeps it off cross-site POSTs anyway. Every
other unsafe call with the session cookie needs the CSRF token: the login answer sets the
`csrftoken` cookie and repeats the token in its `X-CSRFToken` header; send it back in `X-CSRFToken`
(over HTTPS, with a `Referer` or `Origin` header of the Préau site).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from ninja import Field, Router, Schema, Status

from preau.accounts import services
from preau.accounts.errors import TooManyAttempts, UnsupportedMediaType
from preau.accounts.models import User
from preau.accounts.views.lockout import too_many_attempts_response

router = Router(tags=["Authentification"])


class LoginIn(Schema):
    login: str = Field(
        ..., max_length=254, description="Identifiant (prenom.nom) ou adresse électronique"
    )
    password: str = Field(..., max_length=1024)


class LoginOut(Schema):
    id: int
    login: str
    display_name: str


class PasswordChangeIn(Schema):
    old_password: str = Field(..., max_length=1024)
    new_password: str = Field(..., max_length=1024)


class ErrorOut(Schema):
    error: str
    message: str


_ERRORS = dict.fromkeys((401, 403, 415, 422, 429), ErrorOut)


@router.post(
    "/auth/login",
    auth=None,
    response={200: LoginOut, **_ERRORS},
    url_name="auth_login",
    summary="Se connecter",
    description=(
        "Ouvre une session (cookie `preau_session`). Erreurs : 401 `invalid_credentials`, "
        "403 `account_blocked`, 415 `unsupported_media_type`, 429 `too_many_attempts` (avec "
        "`Retry-After`). Pas de jeton CSRF : le corps doit être du JSON."
    ),
)
def login(request: HttpRequest, payload: LoginIn, response: HttpResponse) -> object:
    if request.content_type != "application/json":
        raise UnsupportedMediaType()
    try:
        user = services.log_in(request, payload.login, payload.password, via="api")
    except TooManyAttempts as exc:
        return too_many_attempts_response(request, exc.retry_after)
    response["X-CSRFToken"] = get_token(request)
    return _login_out(user)


def _login_out(user: User) -> LoginOut:
    return LoginOut(id=user.pk, login=user.login, display_name=user.display_name)


@router.post(
    "/auth/logout",
    auth=None,
    response={204: None},
    url_name="auth_logout",
    summary="Se déconnecter",
    description="Ferme la session en cours, s'il y en a une. Pas de jeton CSRF requis.",
)
def logout(request: HttpRequest) -> Status[None]:
    services.log_out(request, via="api")
    return Status(204, None)


@router.post(
    "/auth/password",
    response={204: None, **_ERRORS},
    url_name="auth_password_change",
    summary="Changer son mot de passe",
    description=(
        "Remplace le mot de passe de la personne connectée ; ses autres sessions sont fermées. "
        "Erreurs : 422 `wrong_current_password` ou `password_rejected` (liste `errors`)."
    ),
)
def password_change(request: HttpRequest, payload: PasswordChangeIn) -> Status[None]:
    user = request.user
    assert isinstance(user, User)
    services.change_password(
        user, user, payload.old_password, payload.new_password, request=request
    )
    return Status(204, None)
