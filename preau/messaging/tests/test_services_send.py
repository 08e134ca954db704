"""Sending: the rules decide, groups expand, each recipient has their own copy."""

import pytest

from preau.communication.factories import MessagingSuspensionFactory
from preau.core.errors import InvalidInput
from preau.directory.models import Group
from preau.messaging.errors import CommunicationForbidden, MessagingSuspended
from preau.messaging.factories import send
from preau.messaging.models import Delivery, Message
from preau.messaging.selectors import mailbox, unread_count
from preau.timeline.models import FeedEntry


def test_parent_writes_to_the_teacher_who_finds_it_unread(tiny, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = send(tiny.parent, tiny.teacher, subject="Dentiste ce soir")
    assert message.status == Message.Status.SENT
    inbox = mailbox(tiny.teacher, "inbox")
    assert [c.message.subject for c in inbox] == ["Dentiste ce soir"]
    assert unread_count(tiny.teacher) == 1
    assert [c.message_id for c in mailbox(tiny.parent, "sent")] == [message.pk]
    assert FeedEntry.objects.filter(user=tiny.teacher, event__kind="messaging.message").count() == 1


def test_parent_to_another_parent_is_refused_and_nothing_is_written(tiny):
    with pytest.raises(CommunicationForbidden) as refused:
        send(tiny.parent, tiny.classmate_parent)
    assert refused.value.code == "communication_forbidden"
    assert tiny.classmate_parent.display_name in refused.value.message
    assert not Message.objects.exists()


def test_kill_switch_refuses_sending_but_reading_still_works(tiny):
    send(tiny.teacher, tiny.parent, subject="Avant")
    MessagingSuspensionFactory.create(school=tiny.school, reason="Incident en cours")
    with pytest.raises(MessagingSuspended) as refused:
        send(tiny.parent, tiny.teacher)
    assert "Incident en cours" in refused.value.message
    assert [c.message.subject for c in mailbox(tiny.parent, "inbox")] == ["Avant"]


def test_a_group_is_expanded_to_its_members_at_send_time(tiny):
    parents = Group.objects.get(school_class=tiny.ce1, profile="responsable")
    message = send(tiny.teacher, f"group:{parents.pk}", subject="Sortie")
    got = set(
        Delivery.objects.filter(message=message, box="inbox").values_list("user_id", flat=True)
    )
    assert got == {tiny.parent.pk, tiny.classmate_parent.pk}
    assert Message.objects.get(pk=message.pk).recipient_count == 2


def test_body_is_sanitised_on_the_server(tiny):
    message = send(
        tiny.parent,
        tiny.teacher,
        body='<p onclick="x()">Bonjour <script>alert(1)</script><strong>Mme</strong></p>'
        '<a href="javascript:alert(1)">lien</a>',
    )
    assert (
        message.body
        == '<p>Bonjour <strong>Mme</strong></p><a rel="noopener noreferrer nofollow">lien</a>'
    )


def test_a_recipient_may_always_answer_the_sender(tiny):
    # The director writes to a parent of another class; rules would not let that parent start.
    first = send(tiny.director, tiny.maternelle_parent, subject="Rendez-vous")
    with pytest.raises(CommunicationForbidden):
        send(tiny.maternelle_parent, tiny.classmate_parent)
    reply = send(
        tiny.maternelle_parent,
        tiny.director,
        subject="Re: Rendez-vous",
        in_reply_to_id=first.pk,
        mode="reply",
    )
    assert reply.thread_id == first.pk
    assert Delivery.objects.filter(message=reply, user=tiny.director, box="inbox").exists()


@pytest.mark.parametrize(
    ("to", "code"),
    [
        ([], "recipients_required"),
        (["robot:3"], "recipient_invalid"),
        ([True], "recipient_invalid"),
    ],
)
def test_bad_recipients_get_a_typed_error(tiny, to, code):
    with pytest.raises(InvalidInput) as error:
        send(tiny.parent, *to)
    assert error.value.code == code
