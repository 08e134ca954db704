"""The messagerie's benchmark pieces: the reference writes the rows the app writes, and a partial
pass (BENCH_ONLY) leaves the full pass's results alone."""

import pytest
from django.db import connection

from bench import report
from bench.class_send import class_with_parents
from preau.messaging.models import Delivery, Message
from preau.messaging.services.compose import send
from preau.timeline.models import FeedEntry


def test_a_partial_pass_writes_its_own_files(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "RESULTS", tmp_path)
    records = [report.record("S4_x", "latency_p95", 12.0, "ms", reference_value=4.0, scale="t")]
    path = report.write(records, "tiny", ["note"], {}, name="only-S4-S5")
    assert path.name == "only-S4-S5.md" and not (tmp_path / "latest.json").exists()
    assert "S4_x" in path.read_text() and records[0]["ratio"] == 3.0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the reference uses psycopg")
@pytest.mark.django_db(transaction=True)
def test_the_reference_writes_what_a_class_send_writes():
    from bench.class_send import write_one_send

    teacher, group, _ = class_with_parents(5)
    message = send(teacher, to=[f"group:{group.pk}"], subject="S4", body="x")
    recipients = list(
        Delivery.objects.filter(message=message, box="inbox").values_list("user_id", flat=True)
    )
    with connection.cursor() as cur:
        message_id, event_id = write_one_send(cur.cursor, teacher.pk, recipients)
    assert Delivery.objects.filter(message_id=message_id).count() == 1 + len(recipients) == 6
    assert FeedEntry.objects.filter(event_id=event_id).count() == len(recipients)
    assert Message.objects.get(pk=message_id).recipient_count == 5


@pytest.mark.django_db
def test_the_class_send_waits_for_the_tasks_due_not_for_later_ones():
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from bench.broadcasts import tasks_due, wait_for_idle_worker

    def task(run_after):
        return DBTaskResult.objects.create(
            task_path="preau.timeline.tasks.deliver_due_notifications",
            args_kwargs={"args": [], "kwargs": {}},
            backend_name="default",
            run_after=run_after,
        )

    due = task(timezone.now() - timedelta(seconds=1))
    task(timezone.now() + timedelta(hours=5))  # tomorrow's digest
    assert tasks_due() == 1
    DBTaskResult.objects.filter(pk=due.pk).update(status="SUCCESSFUL")
    first, waited = wait_for_idle_worker(5)
    assert first == 0 and waited < 1
