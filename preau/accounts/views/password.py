from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from preau.accounts import services
from preau.accounts.errors import PasswordRejected, WrongCurrentPassword
from preau.accounts.forms import PasswordChangeForm
from preau.accounts.models import User
from preau.accounts.password_policy import rule_for
from preau.accounts.views.login import safe_next_url


@sensitive_post_parameters()
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def password_change_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_password(
                user,
                user,
                form.cleaned_data["old_password"],
                form.cleaned_data["new_password1"],
                request=request,
            )
        except WrongCurrentPassword as exc:
            form.add_error("old_password", exc.message)
        except PasswordRejected as exc:
            form.add_error("new_password1", exc.messages)
        else:
            messages.success(request, "Votre mot de passe a été changé.")
            return redirect(safe_next_url(request, default="accounts:account"))
    context = {
        "form": form,
        "rule": rule_for(user).describe(),
        "forced": user.must_change_password,
        "next": safe_next_url(request, default=""),
    }
    return render(request, "accounts/password_change.html", context)
