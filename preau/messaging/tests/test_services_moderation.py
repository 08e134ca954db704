"""Moderation: pupils' messages wait when their class requires it; the teacher decides."""

import pytest

from preau.core.errors import PermissionDenied
from preau.messaging import selectors
from preau.messaging.factories import send
from preau.messaging.models import Delivery, Message
from preau.messaging.services import moderation


def test_teacher_turns_moderation_on_and_pupil_message_waits(tiny):
    moderation.set_class_moderation(tiny.teacher, tiny.ce1, True)
    message = send(tiny.pupil, tiny.classmate, subject="Récré")
    assert message.status == Message.Status.PENDING
    assert not Delivery.objects.filter(message=message, box="inbox").exists()
    assert [m.pk for m in selectors.moderation_queue(tiny.teacher)] == [message.pk]
    assert selectors.moderation_queue(tiny.other_teacher) == []


def test_approval_delivers_and_rejection_does_not(tiny):
    moderation.set_class_moderation(tiny.teacher, tiny.ce1, True)
    ok = send(tiny.pupil, tiny.classmate, subject="Oui")
    no = send(tiny.pupil, tiny.classmate, subject="Non")
    moderation.approve(tiny.teacher, ok.pk)
    moderation.reject(tiny.teacher, no.pk)
    assert [c.message.subject for c in selectors.mailbox(tiny.classmate)] == ["Oui"]
    assert Message.objects.get(pk=no.pk).status == Message.Status.REJECTED


def test_adults_are_not_moderated(tiny):
    moderation.set_class_moderation(tiny.teacher, tiny.ce1, True)
    assert send(tiny.parent, tiny.teacher).status == Message.Status.SENT


@pytest.mark.parametrize("who", ["other_teacher", "parent", "pupil"])
def test_only_the_class_teacher_or_director_sets_moderation(tiny, who):
    with pytest.raises(PermissionDenied):
        moderation.set_class_moderation(getattr(tiny, who), tiny.ce1, True)


def test_director_may_set_moderation(tiny):
    assert moderation.set_class_moderation(tiny.director, tiny.ce1, True).enabled
