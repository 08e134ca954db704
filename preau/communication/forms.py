"""Forms of the director and académie screens (they work without JavaScript)."""

from __future__ import annotations

from django import forms

from preau.communication.catalogue import PROFILE_PLURALS
from preau.directory.models import Profile


class SuspensionForm(forms.Form):
    reason = forms.CharField(
        label="Motif (affiché aux personnes concernées)",
        max_length=300,
        widget=forms.TextInput(attrs={"class": "field__input"}),
    )
    profile = forms.ChoiceField(
        label="Qui ne peut plus envoyer ?",
        required=False,
        choices=[("", "Tout le monde")]
        + [(p.value, f"Les {PROFILE_PLURALS[p.value]}") for p in Profile],
        widget=forms.Select(attrs={"class": "field__input"}),
    )
    ends_at = forms.DateTimeField(
        label="Fin prévue (facultatif)",
        required=False,
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "class": "field__input"}, format="%Y-%m-%dT%H:%M"
        ),
    )
