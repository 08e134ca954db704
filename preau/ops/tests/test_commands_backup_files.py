"""Backups carry every stored blob (local directory or S3 bucket), and restore puts them back."""

import hashlib

import pytest
from django.core.management import CommandError, call_command

from preau.directory.factories import make_teacher
from preau.storage import blobs, services
from preau.storage.models import StoredFile
from preau.storage.testing import stored_blobs, upload


def store_two(school_class):
    teacher = make_teacher(school_class)
    for n in (1, 2):
        services.store(
            teacher, upload(f"n{n}.txt", f"mot {n} ".encode() * 500), service="documents"
        )
    return {row.key: row.sha256 for row in StoredFile.objects.all()}


def bytes_by_key(keys):
    return {key: hashlib.sha256(b"".join(blobs.iter_bytes(key))).hexdigest() for key in keys}


def bucket_keys(client, bucket):
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", []))


@pytest.fixture
def files_in_media(settings, tmp_path):
    """The default layout: stored files under MEDIA_ROOT/files."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES["preau_files"]["OPTIONS"] = {"location": str(tmp_path / "media" / "files")}
    (tmp_path / "media" / "autre.txt").parent.mkdir(parents=True)
    (tmp_path / "media" / "autre.txt").write_text("hors stockage")
    return tmp_path / "media"


@pytest.fixture
def backed_up_bucket(s3_files, settings, tmp_path, school_class):
    """Two blobs in an S3 bucket, backed up into tmp_path/bk; (client, bucket, sha by key)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    client, bucket = s3_files
    expected = store_two(school_class)
    call_command("backup", str(tmp_path / "bk"))
    return client, bucket, expected


@pytest.mark.django_db(transaction=True)
def test_stored_files_inside_media_are_saved_once_and_restored(
    files_in_media, school_class, tmp_path
):
    expected = store_two(school_class)
    call_command("backup", str(tmp_path / "bk"))
    assert sorted(p.name for p in (tmp_path / "bk").iterdir()) == [
        "database.dump", "files", "manifest.json", "media",
    ]  # fmt: skip
    assert not (tmp_path / "bk" / "media" / "files").exists()

    StoredFile.objects.all().delete()
    for path in stored_blobs(files_in_media / "files"):
        path.unlink()
    (files_in_media / "autre.txt").unlink()
    call_command("restore", str(tmp_path / "bk"))

    assert {row.key: row.sha256 for row in StoredFile.objects.all()} == expected
    assert bytes_by_key(expected) == expected
    assert (files_in_media / "autre.txt").read_text() == "hors stockage"
    assert not [p for p in files_in_media.parent.iterdir() if p.name.startswith(".restore-")]


@pytest.mark.django_db(transaction=True)
def test_a_lost_bucket_comes_back_with_exactly_the_saved_objects(
    backed_up_bucket, school_class, tmp_path
):
    client, bucket, expected = backed_up_bucket
    assert len(stored_blobs(tmp_path / "bk" / "files")) == 2

    StoredFile.objects.all().delete()
    for key in bucket_keys(client, bucket):
        client.delete_object(Bucket=bucket, Key=key)
    client.delete_bucket(Bucket=bucket)
    call_command("restore", str(tmp_path / "bk"))

    assert bucket_keys(client, bucket) == sorted(expected)
    assert bytes_by_key(expected) == expected


@pytest.mark.django_db(transaction=True)
def test_objects_stored_after_the_backup_are_gone_after_restore(
    backed_up_bucket, school_class, tmp_path
):
    client, bucket, expected = backed_up_bucket
    services.store(
        make_teacher(school_class), upload("tard.txt", b"plus tard"), service="documents"
    )

    call_command("restore", str(tmp_path / "bk"))

    assert bucket_keys(client, bucket) == sorted(expected)
    assert StoredFile.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_corrupted_blob_is_refused_and_the_bucket_is_left_alone(
    backed_up_bucket, school_class, tmp_path
):
    client, bucket, _ = backed_up_bucket
    stored_blobs(tmp_path / "bk" / "files")[0].write_bytes(b"abime")
    late = services.store(
        make_teacher(school_class), upload("tard.txt", b"plus tard"), service="documents"
    )
    before = bucket_keys(client, bucket)

    with pytest.raises(CommandError, match=r"Sauvegarde corrompue.*Rien n'a été restauré"):
        call_command("restore", str(tmp_path / "bk"))

    assert bucket_keys(client, bucket) == before
    assert StoredFile.objects.filter(pk=late.pk).exists()
