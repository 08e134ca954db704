"""`GET /api/v1/timeline`: newest first, filter by service and read state."""

from preau.messaging.factories import send


def test_feed_newest_first_filter_and_read(client, demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send(demo.enseignant, demo.parent, subject="Premier")
        send(demo.directeur, demo.parent, subject="Second")
    client.force_login(demo.parent)
    body = client.get("/api/v1/timeline").json()
    assert body["unread"] == 2
    assert [r["actor"]["id"] for r in body["results"]] == [demo.directeur.pk, demo.enseignant.pk]
    assert {r["service"] for r in body["results"]} == {"messagerie"}
    assert client.get("/api/v1/timeline?service=carnet").json()["results"] == []
    entry = body["results"][0]
    assert client.post(f"/api/v1/timeline/{entry['id']}/read").json() == {
        "id": entry["id"],
        "read": True,
    }
    unread = client.get("/api/v1/timeline?unread=true").json()
    assert [r["id"] for r in unread["results"]] == [body["results"][1]["id"]]


def test_reading_the_message_reads_its_feed_entry(client, demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = send(demo.enseignant, demo.parent)
    client.force_login(demo.parent)
    client.get(f"/api/v1/messages/{message.pk}")
    assert client.get("/api/v1/timeline").json()["unread"] == 0


def test_someone_elses_entry_is_not_found(client, demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send(demo.enseignant, demo.parent)
    client.force_login(demo.parent)
    entry_id = client.get("/api/v1/timeline").json()["results"][0]["id"]
    client.force_login(demo.directeur)
    assert client.post(f"/api/v1/timeline/{entry_id}/read").status_code == 404
