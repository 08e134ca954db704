import json

import pytest
from django.core.management import CommandError, call_command

from preau.accounts.models import User
from preau.core.audit import audit
from preau.core.models import AuditEvent
from preau.directory.factories import UserFactory


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "documents").mkdir(parents=True)
    (settings.MEDIA_ROOT / "documents" / "cahier.pdf").write_bytes(b"%PDF-1.7 contenu")
    return settings.MEDIA_ROOT


def populate():
    users = UserFactory.create_batch(3)
    audit(users[0], "test.backup", users[1], note="avant")
    return sorted(User.objects.values_list("login", flat=True))


@pytest.mark.django_db(transaction=True)
def test_backup_wipe_restore_finds_every_user_audit_row_and_file(media, tmp_path, capsys):
    logins = populate()
    call_command("backup", str(tmp_path / "bk"))
    assert "manifest.json" in capsys.readouterr().out

    User.objects.all().delete()
    AuditEvent.objects.all().delete()
    (media / "documents" / "cahier.pdf").unlink()
    call_command("restore", str(tmp_path / "bk"))

    assert sorted(User.objects.values_list("login", flat=True)) == logins
    assert AuditEvent.objects.filter(action="test.backup").count() == 1
    assert (media / "documents" / "cahier.pdf").read_bytes() == b"%PDF-1.7 contenu"


@pytest.mark.django_db(transaction=True)
def test_the_manifest_lists_every_file_with_its_sha256(media, tmp_path):
    import hashlib

    populate()
    call_command("backup", str(tmp_path / "bk"))

    manifest = json.loads((tmp_path / "bk" / "manifest.json").read_text())
    assert set(manifest["files"]) == {"database.dump", "media/documents/cahier.pdf"}
    pdf = manifest["files"]["media/documents/cahier.pdf"]
    assert pdf["sha256"] == hashlib.sha256(b"%PDF-1.7 contenu").hexdigest()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda bk: bk.joinpath("media/documents/cahier.pdf").write_bytes(b"abime"), "corrompue"),
        (lambda bk: bk.joinpath("database.dump").unlink(), "incomplète"),
        (lambda bk: bk.joinpath("media/intrus.txt").write_text("x"), "incomplète"),
        (lambda bk: bk.joinpath("manifest.json").write_text("{"), "Manifeste"),
    ],
)
def test_a_damaged_backup_is_refused_and_nothing_is_restored(media, tmp_path, damage, message):
    populate()
    call_command("backup", str(tmp_path / "bk"))
    damage(tmp_path / "bk")
    UserFactory.create(login="arrivee.apres")

    with pytest.raises(CommandError, match=message):
        call_command("restore", str(tmp_path / "bk"))

    assert User.objects.filter(login="arrivee.apres").exists()
    assert (media / "documents" / "cahier.pdf").exists()


@pytest.mark.django_db(transaction=True)
def test_backup_refuses_a_directory_that_is_not_empty(media, tmp_path):
    (tmp_path / "bk").mkdir()
    (tmp_path / "bk" / "old").write_text("x")

    with pytest.raises(CommandError, match="n'est pas vide"):
        call_command("backup", str(tmp_path / "bk"))


@pytest.mark.django_db(transaction=True)
def test_restore_forgets_what_the_cache_held_about_the_replaced_data(media, tmp_path):
    from django.core.cache import cache

    populate()
    call_command("backup", str(tmp_path / "bk"))
    cache.set("session-ouverte-apres-la-sauvegarde", "oui")

    call_command("restore", str(tmp_path / "bk"))

    assert cache.get("session-ouverte-apres-la-sauvegarde") is None
