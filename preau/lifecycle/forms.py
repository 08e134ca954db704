"""HTML forms of the lifecycle app: they validate input; the services write."""

from __future__ import annotations

from typing import Any

from django import forms

_NO_AUTOCORRECT = {"autocapitalize": "none", "autocorrect": "off", "spellcheck": "false"}


def _password(label: str, required: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=1024,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": required},
    )


class _TwoPasswords(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "Les deux saisies du mot de passe diffèrent.")
        return data


class ActivationForm(_TwoPasswords):
    login = forms.CharField(
        label="Identifiant",
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "username", **_NO_AUTOCORRECT}),
        error_messages={"required": "Saisissez l'identifiant inscrit sur la lettre."},
    )
    code = forms.CharField(
        label="Code d'activation",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", **_NO_AUTOCORRECT}),
        error_messages={"required": "Saisissez le code inscrit sur la lettre."},
    )
    password1 = _password("Mot de passe choisi", "Choisissez un mot de passe.")
    password2 = _password(
        "Confirmez le mot de passe", "Saisissez une seconde fois le mot de passe."
    )
    accept_charter = forms.BooleanField(label="J'accepte la charte d'utilisation", required=False)
    email = forms.EmailField(
        label="Adresse électronique (facultative)",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": "Cette adresse électronique n'est pas valide."},
    )


class ForgotForm(forms.Form):
    identifier = forms.CharField(
        label="Adresse électronique ou identifiant",
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "email", **_NO_AUTOCORRECT}),
        error_messages={"required": "Saisissez votre adresse électronique ou votre identifiant."},
    )


class ResetForm(_TwoPasswords):
    password1 = _password("Nouveau mot de passe", "Choisissez un mot de passe.")
    password2 = _password(
        "Confirmez le mot de passe", "Saisissez une seconde fois le mot de passe."
    )
