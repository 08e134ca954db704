"""Who may do what with a copy, parametrised over the people of a small school."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from preau.communication.selectors import can_communicate
from preau.communication.tests.helpers import TINY_SCHOOL_PEOPLE, tiny_school
from preau.core.errors import PreauError
from preau.messaging import policies
from preau.messaging.factories import send
from preau.messaging.models import Delivery, Message

PEOPLE = TINY_SCHOOL_PEOPLE


@pytest.mark.parametrize(
    ("who", "read", "reply", "forward"),
    [
        ("teacher", True, True, True),
        ("parent", True, False, True),
        ("director", False, False, False),
    ],
)
def test_abilities_on_a_message_by_profile(tiny, who, read, reply, forward):
    message = send(tiny.parent, tiny.teacher)
    person = getattr(tiny, who)
    copy = Delivery.objects.select_related("message").filter(message=message, user=person).first()
    if copy is None:
        assert read is False
        assert not policies.visible_to(person).filter(message=message).exists()
        return
    abilities = policies.get_abilities(person, copy)
    assert (abilities["read"], abilities["reply"], abilities["forward"]) == (read, reply, forward)


@pytest.mark.parametrize(
    ("who", "moderates"), [("teacher", True), ("other_teacher", False), ("parent", False)]
)
def test_only_the_class_teacher_moderates(tiny, who, moderates):
    from preau.messaging.factories import ClassModerationFactory

    ClassModerationFactory.create(school_class=tiny.ce1)
    message = send(tiny.pupil, tiny.teacher)
    assert message.status == Message.Status.PENDING
    assert policies.get_abilities(getattr(tiny, who), message)["moderate"] is moderates


def test_visible_to_is_one_query(tiny, django_assert_num_queries):
    send(tiny.parent, tiny.teacher)
    with django_assert_num_queries(1):
        assert policies.visible_to(tiny.teacher).count() == 1


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    sender=st.sampled_from(PEOPLE), chosen=st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=4)
)
def test_nobody_receives_a_message_the_rules_forbid(db, sender, chosen):
    tiny = tiny_school()
    author = getattr(tiny, sender)
    people = [getattr(tiny, name) for name in chosen]
    allowed = all(p.pk != author.pk and can_communicate(author, p) for p in people)
    try:
        message = send(author, *people)
    except PreauError:
        assert not allowed
        assert not Message.objects.filter(sender=author).exists()
        return
    assert allowed
    received = set(
        Delivery.objects.filter(message=message, box="inbox").values_list("user_id", flat=True)
    )
    assert received <= {p.pk for p in people}
    assert all(can_communicate(author, p) for p in people if p.pk in received)
