"""Public pages: activation with a code, forgotten password, reset by link."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from preau.accounts.errors import AccountBlocked, PasswordRejected, TooManyAttempts
from preau.accounts.services import client_ip
from preau.accounts.views.lockout import too_many_attempts_response
from preau.core.errors import PreauError
from preau.lifecycle.errors import CharterNotAccepted, InvalidActivationCode
from preau.lifecycle.forms import ActivationForm, ForgotForm, ResetForm
from preau.lifecycle.services import recovery
from preau.lifecycle.services.activation import ActivationInput, activate, current_charter


@sensitive_post_parameters("code", "password1", "password2")
@never_cache
@require_http_methods(["GET", "POST"])
def activate_view(request: HttpRequest) -> HttpResponse:
    initial = {"login": request.GET.get("login", "")[:80]}
    form = ActivationForm(request.POST or None, initial=initial)
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activate(
                request,
                ActivationInput(
                    data["login"],
                    data["code"],
                    data["password1"],
                    data["accept_charter"],
                    data["email"],
                ),
            )
        except TooManyAttempts as exc:
            return too_many_attempts_response(request, exc.retry_after)
        except (InvalidActivationCode, AccountBlocked) as exc:
            error = exc.message
        except CharterNotAccepted as exc:
            form.add_error("accept_charter", exc.message)
        except PasswordRejected as exc:
            form.add_error("password1", exc.messages)
        except PreauError as exc:
            error = exc.message
        else:
            messages.success(request, "Votre compte est prêt. Bienvenue !")
            return redirect("portal:home")
    context = {"form": form, "error": error, "charter": current_charter()}
    return render(request, "lifecycle/activate.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def forgot_view(request: HttpRequest) -> HttpResponse:
    form = ForgotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recovery.request_reset(form.cleaned_data["identifier"], client_ip(request))
        except TooManyAttempts as exc:
            return too_many_attempts_response(request, exc.retry_after)
        return render(request, "lifecycle/forgot_sent.html")
    return render(request, "lifecycle/forgot.html", {"form": form})


@sensitive_post_parameters("password1", "password2")
@never_cache
@require_http_methods(["GET", "POST"])
def reset_view(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    try:
        recovery.user_for_link(uidb64, token)
    except PreauError as exc:
        return render(request, "lifecycle/reset.html", {"invalid": exc.message}, status=400)
    form = ResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recovery.reset_password(uidb64, token, form.cleaned_data["password1"])
        except PasswordRejected as exc:
            form.add_error("password1", exc.messages)
        else:
            messages.success(request, "Votre mot de passe a été changé. Connectez-vous.")
            return redirect("accounts:login")
    return render(request, "lifecycle/reset.html", {"form": form})
