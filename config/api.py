"""The JSON API under /api/v1/: one NinjaAPI, one router per app, one error shape."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import SessionAuth

from preau.core.errors import PreauError

api = NinjaAPI(
    title="API Préau",
    version="1",
    description=(
        "API JSON de Préau, l'ENT des écoles primaires. Les erreurs ont toutes la forme "
        '`{"error": "<code>", "message": "<texte en français>"}`.'
    ),
    urls_namespace="api",
    auth=SessionAuth(),
    docs_url="/docs" if settings.PREAU_API_DOCS else None,
    openapi_url="/openapi.json",
)


@api.exception_handler(PreauError)
def preau_error(request: HttpRequest, exc: PreauError) -> HttpResponse:
    return api.create_response(request, exc.as_payload(), status=exc.status)


@api.exception_handler(AuthenticationError)
def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    payload = {"error": "not_authenticated", "message": "Vous devez être connecté."}
    return api.create_response(request, payload, status=401)


@api.exception_handler(ValidationError)
def invalid_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    payload = {
        "error": "invalid_request",
        "message": "La requête est mal formée.",
        "details": exc.errors,
    }
    return api.create_response(request, payload, status=422)


def _register_routers() -> None:
    from preau.accounts.api import router as accounts_router
    from preau.blog.api import router as blog_router
    from preau.communication.api import router as communication_router
    from preau.directory.api import router as directory_router
    from preau.documents.api import router as documents_router
    from preau.groupement.api import router as groupement_router
    from preau.liaison.api import router as liaison_router
    from preau.messaging.api import router as messaging_router
    from preau.timeline.api import router as timeline_router

    api.add_router("/", accounts_router)
    api.add_router("/", directory_router)
    api.add_router("/", communication_router)
    api.add_router("/", groupement_router)
    api.add_router("/", messaging_router)
    api.add_router("/", timeline_router)
    api.add_router("/", liaison_router)
    api.add_router("/", documents_router)
    api.add_router("/", blog_router)


_register_routers()
