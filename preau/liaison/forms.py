"""Forms of the carnet's pages: what a person types, checked before the services run."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from preau.liaison.models import Note
from preau.liaison.services import Audience, ReplySlip

REPLY_KINDS = [
    ("", "Pas de coupon-réponse"),
    (Note.ReplyKind.CHOICES, "Choix proposés (un par ligne)"),
    (Note.ReplyKind.TEXT, "Réponse libre"),
]


class NoteForm(forms.Form):
    title = forms.CharField(label="Titre", max_length=200)
    body = forms.CharField(label="Texte du mot", widget=forms.Textarea, max_length=20_000)
    classes = forms.TypedMultipleChoiceField(
        label="Classes", required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    whole_school = forms.BooleanField(label="Toute l'école", required=False)
    pupils = forms.TypedMultipleChoiceField(label="Élèves choisis", required=False, coerce=int)
    requires_signature = forms.BooleanField(
        label="Demander une signature (vu et signé)", required=False
    )
    reply_kind = forms.ChoiceField(
        label="Coupon-réponse", choices=REPLY_KINDS, required=False, widget=forms.RadioSelect
    )
    reply_question = forms.CharField(label="Question du coupon", max_length=300, required=False)
    reply_choices = forms.CharField(
        label="Choix proposés, un par ligne", widget=forms.Textarea, required=False
    )

    def __init__(
        self,
        *args: Any,
        classes: list[Any],
        pupils: list[Any],
        school_id: int | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.school_id = school_id
        cast(Any, self.fields["classes"]).choices = [(c.pk, c.name) for c in classes]
        cast(Any, self.fields["pupils"]).choices = [(p.pk, p.label) for p in pupils]
        if school_id is None:
            del self.fields["whole_school"]

    def audience(self) -> Audience:
        data = self.cleaned_data
        if data.get("whole_school"):
            return Audience(school_id=self.school_id)
        if data.get("classes"):
            return Audience(class_ids=tuple(data["classes"]))
        return Audience(pupil_ids=tuple(data.get("pupils") or ()))

    def reply(self) -> ReplySlip | None:
        data = self.cleaned_data
        if not data.get("reply_kind"):
            return None
        choices = tuple((data.get("reply_choices") or "").splitlines())
        return ReplySlip(data.get("reply_question") or "", data["reply_kind"], choices)


class ParentMessageForm(forms.Form):
    teacher = forms.TypedChoiceField(label="Enseignant ou enseignante", coerce=int)
    title = forms.CharField(label="Objet", max_length=200)
    body = forms.CharField(label="Votre mot", widget=forms.Textarea, max_length=5000)

    def __init__(self, *args: Any, teachers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(Any, self.fields["teacher"]).choices = [(t.pk, t.display_name) for t in teachers]
