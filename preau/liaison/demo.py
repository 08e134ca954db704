"""The carnet in the demo académie: one mot of demo.enseignant to CE1-CE2, asking for a signature
and a reply. Idempotent: a mot with the same title by the same author is left alone."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from preau.directory.models import ClassMembership
from preau.liaison.models import Note
from preau.liaison.services import Audience, ReplySlip, publish_note

TITLE = "Sortie à la médiathèque jeudi"
BODY = (
    "Bonjour,\n\nJeudi matin, la classe ira à la médiathèque de Bellevue à pied. "
    "Merci de prévoir une tenue adaptée à la météo.\n\nThomas Le Goff"
)


def seed_liaison_demo() -> bool:
    """Publish the demo mot once; True when it was created."""
    teacher = get_user_model().objects.filter(login="demo.enseignant").first()
    if teacher is None or Note.objects.filter(author=teacher, title=TITLE).exists():
        return False
    membership = ClassMembership.objects.filter(
        user=teacher, role=ClassMembership.Role.ENSEIGNANT, ended_at__isnull=True
    ).first()
    if membership is None:
        return False
    publish_note(
        teacher,
        title=TITLE,
        body=BODY,
        audience=Audience(class_ids=(membership.school_class_id,)),
        requires_signature=True,
        reply=ReplySlip("Mon enfant participera à la sortie", "choices", ("oui", "non")),
    )
    return True
