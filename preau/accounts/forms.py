"""HTML forms of the accounts app. They validate input; the services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms

_NO_AUTOCORRECT = {"autocapitalize": "none", "autocorrect": "off", "spellcheck": "false"}


class LoginForm(forms.Form):
    login = forms.CharField(
        label="Identifiant ou adresse électronique",
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", **_NO_AUTOCORRECT}),
        error_messages={"required": "Saisissez votre identifiant ou votre adresse électronique."},
    )
    password = forms.CharField(
        label="Mot de passe",
        max_length=1024,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Saisissez votre mot de passe."},
    )


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label="Mot de passe actuel",
        max_length=1024,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Saisissez votre mot de passe actuel."},
    )
    new_password1 = forms.CharField(
        label="Nouveau mot de passe",
        max_length=1024,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Saisissez un nouveau mot de passe."},
    )
    new_password2 = forms.CharField(
        label="Confirmez le nouveau mot de passe",
        max_length=1024,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Saisissez une seconde fois le nouveau mot de passe."},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("new_password1"), data.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", "Les deux saisies du nouveau mot de passe diffèrent.")
        return data
