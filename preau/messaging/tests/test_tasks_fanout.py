"""Large sends leave the request: the task writes the copies in batches, idempotently."""

from preau.directory.factories import make_parent, make_pupil
from preau.directory.models import Group
from preau.directory.services.groups import refresh_derived_groups
from preau.messaging.factories import send
from preau.messaging.models import Delivery, Message
from preau.messaging.services import fanout
from preau.timeline.models import FeedEntry


def test_school_broadcast_is_written_by_the_task_in_batches(
    tiny, settings, django_capture_on_commit_callbacks
):
    settings.PREAU_MESSAGING_SYNC_FANOUT = 3
    settings.PREAU_MESSAGING_FANOUT_BATCH = 2
    for _ in range(4):
        make_parent(make_pupil(tiny.ce1))
    refresh_derived_groups(tiny.school)
    parents = Group.objects.get(school=tiny.school, school_class=None, profile="responsable")
    expected = set(parents.memberships.values_list("user_id", flat=True))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = send(tiny.director, f"group:{parents.pk}", subject="Fête de l'école")
    assert not Delivery.objects.filter(message=message, box="inbox").exists()
    for callback in callbacks:
        callback()
    got = set(
        Delivery.objects.filter(message=message, box="inbox").values_list("user_id", flat=True)
    )
    assert got == expected and len(got) > settings.PREAU_MESSAGING_SYNC_FANOUT
    assert FeedEntry.objects.filter(event__kind="messaging.message").count() == len(expected)
    assert Message.objects.get(pk=message.pk).recipient_count == len(expected)


def test_running_the_fan_out_twice_adds_nothing(tiny, settings):
    parents = Group.objects.get(school_class=tiny.ce1, profile="responsable")
    message = send(tiny.teacher, f"group:{parents.pk}")
    Message.objects.filter(pk=message.pk).update(fanout_done_at=None)
    assert fanout.fan_out(message.pk) == 0
    assert Delivery.objects.filter(message=message, box="inbox").count() == 2
