from __future__ import annotations

from typing import Any, cast

from django import forms


class NewsForm(forms.Form):
    title = forms.CharField(label="Titre", max_length=200)
    body = forms.CharField(label="Texte", widget=forms.Textarea, max_length=20_000)
    schools = forms.TypedMultipleChoiceField(label="Écoles", coerce=int)
    for_families = forms.BooleanField(label="Les familles (parents et élèves)", required=False)
    for_staff = forms.BooleanField(label="Les équipes (enseignants et personnels)", required=False)
    publish_at = forms.DateTimeField(label="Publier à partir du", required=False)
    expires_at = forms.DateTimeField(label="Retirer le", required=False)

    def __init__(self, *args: Any, schools: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(Any, self.fields["schools"]).choices = [(s.pk, s.name) for s in schools]
