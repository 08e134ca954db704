import pytest

from preau.liaison import errors
from preau.liaison.factories import publish_to_class
from preau.liaison.models import NoteRecipient
from preau.liaison.selectors import received_by_parent, signature_counts
from preau.liaison.services import Audience, ReplySlip, answer_note, publish_note, sign_note
from preau.timeline.models import Event
from preau.timeline.services import audience_ids

pytestmark = pytest.mark.django_db


def test_publish_freezes_one_row_per_pupil_and_representative(fam):
    note = publish_to_class(fam.teacher, fam.cls)
    rows = set(NoteRecipient.objects.filter(note=note).values_list("pupil_id", "parent_id"))
    assert rows == {
        (fam.ana.pk, fam.mother.pk),
        (fam.ana.pk, fam.father.pk),
        (fam.leo.pk, fam.leo_parent.pk),
        (fam.zoe.pk, None),
    }
    assert signature_counts(note) == {"expected": 3, "signed": 0}


def test_families_are_told_of_the_mot_in_their_fil(fam):
    note = publish_to_class(fam.teacher, fam.cls)
    event = Event.objects.get(kind="liaison.note_published")
    readers = set(audience_ids(event).values_list("pk", flat=True))
    assert {fam.mother.pk, fam.father.pk, fam.zoe.pk} <= readers
    assert fam.teacher.pk not in readers
    assert event.url == f"/carnet/mot/{note.pk}/"


def test_body_is_sanitised(fam):
    note = publish_note(
        fam.teacher,
        title="Info",
        body='<p onclick="x()">Bonjour <script>alert(1)</script><strong>à tous</strong></p>',
        audience=Audience(class_ids=(fam.cls.pk,)),
    )
    assert note.body == "<p>Bonjour <strong>à tous</strong></p>"


def test_teacher_cannot_write_to_another_class(fam):
    with pytest.raises(errors.RecipientOutOfScope):
        publish_to_class(fam.teacher, fam.other_class)


def test_director_may_write_to_the_whole_school(fam):
    note = publish_note(
        fam.director,
        title="Fête de l'école",
        body="Samedi",
        audience=Audience(school_id=fam.cls.school_id),
    )
    assert signature_counts(note)["expected"] == 3


def test_parent_cannot_publish(fam):
    with pytest.raises(errors.PermissionDenied):
        publish_to_class(fam.mother, fam.cls)


def test_empty_audience_is_refused_with_a_typed_error(fam):
    with pytest.raises(errors.NoRecipient) as exc:
        publish_note(fam.teacher, title="x", body="y", audience=Audience())
    assert exc.value.code == "no_recipient"


def test_separated_parents_each_sign_and_one_suffices_for_the_pupil(fam):
    note = publish_to_class(fam.teacher, fam.cls)
    assert sign_note(fam.father, note) == [fam.ana.pk]
    assert signature_counts(note) == {"expected": 3, "signed": 1}
    [mother_view] = received_by_parent(fam.mother)
    assert mother_view.signed_at is None and mother_view.others_signed
    sign_note(fam.mother, note)
    assert signature_counts(note) == {"expected": 3, "signed": 1}
    assert NoteRecipient.objects.filter(note=note, signed_at__isnull=False).count() == 2


def test_a_parent_outside_the_mot_cannot_sign(fam):
    note = publish_to_class(fam.teacher, fam.cls, requires_signature=True)
    with pytest.raises(errors.NothingToSign):
        sign_note(fam.teacher, note)


def test_reply_slip_accepts_only_its_choices(fam):
    slip = ReplySlip("Mon enfant participera à la sortie", "choices", ("oui", "non"))
    note = publish_to_class(fam.teacher, fam.cls, reply=slip)
    with pytest.raises(errors.InvalidReply):
        answer_note(fam.leo_parent, note, "peut-être")
    assert answer_note(fam.leo_parent, note, "oui") == [fam.leo.pk]
    assert NoteRecipient.objects.get(note=note, parent=fam.leo_parent).answer == "oui"


def test_reply_slip_needs_two_choices(fam):
    with pytest.raises(errors.InvalidReply):
        publish_to_class(fam.teacher, fam.cls, reply=ReplySlip("Q ?", "choices", ("oui",)))


def test_later_class_changes_do_not_rewrite_recipients(fam):
    from preau.directory.factories import make_parent, make_pupil

    note = publish_to_class(fam.teacher, fam.cls)
    newcomer = make_pupil(fam.cls)
    make_parent(newcomer)
    assert signature_counts(note)["expected"] == 3


def test_chosen_pupils_reach_only_their_families(fam):
    note = publish_note(
        fam.teacher, title="RDV", body="Merci de passer", audience=Audience(pupil_ids=(fam.leo.pk,))
    )
    rows = list(NoteRecipient.objects.filter(note=note).values_list("pupil_id", "parent_id"))
    assert rows == [(fam.leo.pk, fam.leo_parent.pk)]
    assert note.audience == "pupils"


def test_kill_switch_stops_publication(fam):
    from preau.communication.models import MessagingSuspension

    MessagingSuspension.objects.create(school=fam.cls.school, reason="Incident")
    with pytest.raises(errors.CommunicationSuspended):
        publish_to_class(fam.teacher, fam.cls)


def test_parent_writes_only_to_their_childs_teacher(fam):
    from preau.directory.factories import make_teacher
    from preau.liaison.services import acknowledge, write_to_teacher

    stranger = make_teacher(fam.other_class)
    with pytest.raises(errors.TeacherNotReachable):
        write_to_teacher(
            fam.mother, child_id=fam.ana.pk, teacher_id=stranger.pk, title="x", body="y"
        )
    with pytest.raises(errors.TeacherNotReachable):
        write_to_teacher(
            fam.mother, child_id=fam.leo.pk, teacher_id=fam.teacher.pk, title="x", body="y"
        )
    message = write_to_teacher(
        fam.mother, child_id=fam.ana.pk, teacher_id=fam.teacher.pk, title="Absence", body="Lundi"
    )
    with pytest.raises(errors.PermissionDenied):
        acknowledge(fam.mother, message)
    assert acknowledge(fam.teacher, message).acknowledged_at is not None
