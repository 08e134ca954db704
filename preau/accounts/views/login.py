from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from preau.accounts import services
from preau.accounts.errors import AccountBlocked, InvalidCredentials, TooManyAttempts
from preau.accounts.forms import LoginForm
from preau.accounts.middleware import EXPIRED_KEY
from preau.accounts.views.lockout import too_many_attempts_response


def safe_next_url(request: HttpRequest, default: str = settings.LOGIN_REDIRECT_URL) -> str:
    """The `next` parameter when it points inside Préau, otherwise `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default) if default else ""


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.log_in(request, form.cleaned_data["login"], form.cleaned_data["password"])
        except TooManyAttempts as exc:
            return too_many_attempts_response(request, exc.retry_after)
        except (InvalidCredentials, AccountBlocked) as exc:
            error = exc.message
        else:
            return redirect(safe_next_url(request))
    elif request.method == "GET" and request.user.is_authenticated:
        return redirect(safe_next_url(request))
    context = {
        "form": form,
        "error": error,
        "next": safe_next_url(request, default=""),
        "expired": request.session.pop(EXPIRED_KEY, False),
    }
    return render(request, "accounts/login.html", context)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    was_logged_in = request.user.is_authenticated
    services.log_out(request)
    if was_logged_in:
        messages.info(request, "Vous êtes déconnecté. À bientôt !")
    return redirect(settings.LOGOUT_REDIRECT_URL)
