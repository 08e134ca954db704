"""The web import's forms: they read the uploads; the services check and write."""

from __future__ import annotations

from typing import Any

from django import forms

from preau.directory.schoolyear import year_label


def _file(label: str, required: bool) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=required,
        allow_empty_file=True,  # an empty file gets the import's own French error
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={"required": f"Choisissez le fichier « {label} »."},
    )


class UploadForm(forms.Form):
    eleves = _file("Élèves", True)
    responsables = _file("Responsables", True)
    enseignants = _file("Enseignants (facultatif)", False)
    school_year = forms.TypedChoiceField(label="Année scolaire", coerce=int)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        year_field = self.fields["school_year"]
        assert isinstance(year_field, forms.TypedChoiceField)
        year_field.choices = [(y, year_label(y)) for y in years]
        self.fields["school_year"].initial = years[0]

    def files_read(self) -> dict[str, tuple[str, bytes]]:
        return {
            kind: (upload.name, upload.read())
            for kind in ("eleves", "responsables", "enseignants")
            if (upload := self.cleaned_data.get(kind)) is not None
        }


class ConfirmForm(forms.Form):
    force = forms.BooleanField(label="Importer malgré les départs", required=False)
