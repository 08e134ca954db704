"""The quota form of the management pages: a limit in Gio, or empty for the profile's default."""

from __future__ import annotations

from decimal import Decimal

from django import forms

GIB = 1 << 30


class QuotaForm(forms.Form):
    limit_gib = forms.DecimalField(
        label="Limite en Gio",
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("10000"),
        decimal_places=2,
        localize=True,  # "2,5" as people write it in French
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text="Laissez vide pour revenir à la limite par défaut de son profil.",
    )

    def limit_bytes(self) -> int | None:
        value = self.cleaned_data["limit_gib"]
        return None if value is None else int(value * GIB)
