"""CI: back up, wipe, restore, and find every message, document and mot again (issue 8).

On PostgreSQL (DATABASE_URL=postgres://…, a database of its own is created next to the given one)
or SQLite (no DATABASE_URL), with the stored files in S3 (PREAU_TEST_S3_ENDPOINT, a bucket of its
own) or in a local directory:
1. migrate, load the demo académie (its carnet mot), then send messages, upload documents (text,
   image with its thumbnail, PDF) and publish a second mot through the services;
2. `manage.py backup`; then a message and a document arrive after the backup;
3. a backup whose blob or manifest is damaged is refused by `manage.py restore` with a French
   message, and the current data (with the late message and document) is untouched;
4. the database is dropped and created empty, the stored files and the bucket are deleted;
5. `manage.py restore`; every count, each person's mailbox, each document's bytes (SHA-256 of
   what the storage returns against the checksum recorded at upload) and each mot match the
   state at backup time, and the demo parent reads the message through the inbox page.
Exits non-zero with a French message on the first difference.
Usage: [DATABASE_URL=postgres://…] [PREAU_TEST_S3_ENDPOINT=http://…] .venv/bin/python
       scripts/ci_backup_restore.py
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
S3_KEYS = {"PREAU_S3_ACCESS_KEY_ID": "preau-ci", "PREAU_S3_SECRET_ACCESS_KEY": "preau-ci-secret"}


def fail(message: str) -> None:
    print(f"ÉCHEC sauvegarde/restauration : {message}", file=sys.stderr)
    raise SystemExit(1)


def run(
    env: dict[str, str], *args: str, expect_ok: bool = True
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(  # noqa: S603
        [PYTHON, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if expect_ok and done.returncode != 0:
        fail(f"{' '.join(args)} : {(done.stderr or done.stdout).strip()[-1500:]}")
    return done


# --- Phases run in a child process, with Django set up on the environment given ----------------


def phase_seed() -> None:
    from preau.documents.services import documents
    from preau.liaison.services import Audience, publish_note
    from preau.storage.testing import pdf_bytes, png_bytes, upload

    teacher, parent, director, klass = _demo_people()
    _send(teacher, parent, "Réunion de rentrée", "<p>La réunion a lieu mardi à 18 h.</p>")
    _send(parent, teacher, "Absence de Léo", "<p>Léo sera absent <strong>jeudi</strong>.</p>")
    _send(director, teacher, "Conseil d'école", "<p>Ordre du jour en pièce jointe.</p>")
    documents.upload(teacher, upload("menu.txt", b"Lundi : lentilles\n" * 40))
    documents.upload(teacher, upload("affiche.png", png_bytes(300, 200), "image/png"))
    documents.upload(teacher, upload("sortie.pdf", pdf_bytes("Sortie au musée"), "application/pdf"))
    documents.upload(parent, upload("certificat.txt", "Certificat médical\n".encode() * 10))
    publish_note(
        teacher,
        title="Photos de classe",
        body="Le photographe passera vendredi matin.",
        audience=Audience(class_ids=(klass,)),
    )


def phase_late() -> None:
    """What happens after the backup: gone again once the backup is restored."""
    from preau.documents.services import documents
    from preau.storage.testing import upload

    teacher, parent, _, _ = _demo_people()
    _send(teacher, parent, "Message d'après la sauvegarde", "<p>Arrivé trop tard.</p>")
    documents.upload(teacher, upload("tardif.txt", b"apres la sauvegarde\n"))


def phase_snapshot(out: str) -> None:
    Path(out).write_text(json.dumps(snapshot(), indent=1, sort_keys=True), encoding="utf-8")


def phase_inbox_page() -> None:
    """The demo parent opens the messagerie and reads the teacher's message."""
    from django.test import Client

    from preau.accounts.models import User

    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(login="demo.parent"))
    response = client.get("/messagerie/")
    if response.status_code != 200 or "Réunion de rentrée" not in response.content.decode():
        fail(f"la messagerie de demo.parent ne montre pas le message (HTTP {response.status_code})")


def _demo_people() -> tuple[Any, Any, Any, int]:
    from preau.accounts.models import User
    from preau.directory.models import ClassMembership

    people = {u.login: u for u in User.objects.filter(login__startswith="demo.")}
    teacher = people["demo.enseignant"]
    klass = (
        ClassMembership.objects.filter(user=teacher, role=ClassMembership.Role.ENSEIGNANT)
        .values_list("school_class_id", flat=True)
        .first()
    )
    assert klass is not None
    return teacher, people["demo.parent"], people["demo.directeur"], klass


def _send(sender: Any, to: Any, subject: str, body: str) -> None:
    from preau.messaging.services import compose

    compose.send(sender, to=[f"person:{to.pk}"], subject=subject, body=body)


def _sha256(chunks: Any) -> str:
    import hashlib

    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def snapshot() -> dict[str, Any]:
    from preau.accounts.models import User
    from preau.core.models import AuditEvent
    from preau.documents.models import Document, DocumentVersion
    from preau.liaison.models import Note, NoteRecipient
    from preau.messaging.models import Delivery, Message
    from preau.storage import blobs
    from preau.storage.models import StoredFile

    models = (User, Message, Delivery, Document, DocumentVersion, StoredFile, Note, NoteRecipient)
    counts = {m.__name__: m.objects.count() for m in (*models, AuditEvent)}
    mailboxes: dict[str, list[list[str]]] = {}
    for login, box, subject, body in Delivery.objects.values_list(
        "user__login", "box", "message__subject", "message__body"
    ):
        mailboxes.setdefault(login, []).append([box, subject, _sha256([body.encode()])])
    documents = []
    for doc in Document.objects.select_related("owner", "current__file"):
        stored = doc.current.file if doc.current else None
        read = _sha256(blobs.iter_bytes(stored.key)) if stored else ""
        if stored and read != stored.sha256:
            fail(f"le document « {doc.name} » ne redonne pas ses octets (SHA-256 {read[:12]}…)")
        documents.append([doc.owner.login, doc.name, read])
    thumbnails = sorted(
        _sha256(blobs.iter_bytes(key))
        for key in StoredFile.objects.exclude(thumbnail_key="").values_list(
            "thumbnail_key", flat=True
        )
    )
    notes = sorted(
        [title, NoteRecipient.objects.filter(note_id=pk).count()]
        for pk, title in Note.objects.values_list("pk", "title")
    )
    return {
        "counts": counts,
        "mailboxes": {k: sorted(v) for k, v in sorted(mailboxes.items())},
        "documents": sorted(documents),
        "thumbnails": thumbnails,
        "notes": notes,
    }


# --- The driver ---------------------------------------------------------------------------------


class Target:
    """Where this run's data lives (its own database and file storage), and how to wipe it."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.base_url = os.environ.get("DATABASE_URL", "")
        self.s3 = os.environ.get("PREAU_TEST_S3_ENDPOINT", "")
        self.db_name = f"preau_backup_ci_{os.getpid()}"
        self.bucket = f"preau-backup-ci-{uuid.uuid4().hex[:10]}"
        self.env = {
            **os.environ,
            "PREAU_ENV": "development",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "MEDIA_ROOT": str(work / "media"),
            "LOG_LEVEL": "WARNING",
            "DATABASE_POOL": "false",
            "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "DATABASE_URL": self._database_url(),
        }
        self.env.pop("DATABASE_REPLICA_URLS", None)
        if self.s3:
            self.env.update(
                PREAU_STORAGE_BACKEND="s3",
                PREAU_S3_BUCKET=self.bucket,
                PREAU_S3_ENDPOINT_URL=self.s3,
                **S3_KEYS,
            )
        else:
            self.env.update(PREAU_STORAGE_BACKEND="local")
            self.env.pop("PREAU_FILES_ROOT", None)

    @property
    def postgres(self) -> bool:
        return self.base_url.startswith(("postgres://", "postgresql://"))

    def describe(self) -> str:
        db = f"PostgreSQL (base {self.db_name})" if self.postgres else "SQLite"
        files = f"S3 {self.s3} (bucket {self.bucket})" if self.s3 else "fichiers locaux"
        return f"{db}, {files}"

    def _database_url(self) -> str:
        if not self.postgres:
            return f"sqlite:///{self.work / 'preau.sqlite3'}"
        return self.base_url.rsplit("/", 1)[0] + f"/{self.db_name}"

    def _admin(self, *statements: str) -> None:
        import psycopg

        with psycopg.connect(self.base_url, autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)

    def _s3(self) -> Any:
        import boto3

        return boto3.resource(
            "s3",
            endpoint_url=self.s3,
            aws_access_key_id=S3_KEYS["PREAU_S3_ACCESS_KEY_ID"],
            aws_secret_access_key=S3_KEYS["PREAU_S3_SECRET_ACCESS_KEY"],
            region_name="us-east-1",
        ).Bucket(self.bucket)

    def create(self) -> None:
        if self.postgres:
            self._admin(
                f'DROP DATABASE IF EXISTS "{self.db_name}"', f'CREATE DATABASE "{self.db_name}"'
            )
        if self.s3:
            self._s3().create()

    def wipe(self) -> None:
        """Everything lost: an empty database, no stored file, no bucket."""
        if self.postgres:
            self._drop()
            self._admin(f'CREATE DATABASE "{self.db_name}"')
        else:
            (self.work / "preau.sqlite3").unlink()
        shutil.rmtree(self.work / "media", ignore_errors=True)
        if self.s3:
            bucket = self._s3()
            bucket.objects.all().delete()
            bucket.delete()

    def _drop(self) -> None:
        sys.path.insert(0, str(ROOT))
        from preau.ops.pgadmin import drop_database

        drop_database(self.base_url, self.db_name)

    def drop(self) -> None:
        if self.postgres:
            self._drop()
        if self.s3:
            try:
                bucket = self._s3()
                bucket.objects.all().delete()
                bucket.delete()
            except Exception as exc:  # clean-up must not hide the verdict
                print(f"(nettoyage du bucket : {exc})")


def take_snapshot(target: Target, name: str) -> dict[str, Any]:
    out = target.work / f"{name}.json"
    run(target.env, __file__, "--phase", "snapshot", str(out))
    return dict(json.loads(out.read_text(encoding="utf-8")))


def damaged_copies(backup: Path, work: Path) -> list[tuple[str, Path]]:
    blob = next(p for p in sorted((backup / "files").rglob("*")) if p.is_file())
    rel = blob.relative_to(backup)
    corrupted_blob = work / "bk-blob"
    shutil.copytree(backup, corrupted_blob)
    (corrupted_blob / rel).write_bytes(b"octets abimes")
    forged = work / "bk-manifest"
    shutil.copytree(backup, forged)
    manifest = json.loads((forged / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"][str(rel)]["sha256"] = "0" * 64
    (forged / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    unreadable = work / "bk-unreadable"
    shutil.copytree(backup, unreadable)
    (unreadable / "manifest.json").write_text("{ tronqué", encoding="utf-8")
    return [
        ("octets d'un fichier modifiés", corrupted_blob),
        ("somme du manifeste falsifiée", forged),
        ("manifeste illisible", unreadable),
    ]


def refusals_leave_everything(target: Target, backup: Path, current: dict[str, Any]) -> None:
    for what, damaged in damaged_copies(backup, target.work):
        done = run(target.env, "manage.py", "restore", str(damaged), expect_ok=False)
        message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
        if done.returncode == 0 or not any(w in message for w in ("corrompue", "Manifeste")):
            fail(f"sauvegarde abîmée ({what}) acceptée ou message peu clair : {message!r}")
        print(f"  refusée ({what}) : {message}")
        if take_snapshot(target, "after-refusal") != current:
            fail(f"le refus ({what}) a modifié les données en place")


def compare(expected: dict[str, Any], found: dict[str, Any]) -> None:
    for part in expected:
        if expected[part] != found.get(part):
            fail(
                f"après restauration, « {part} » diffère : "
                f"attendu {expected[part]!r}, trouvé {found.get(part)!r}"
            )


def main() -> None:
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="preau-backup-ci-"))
    target = Target(work)
    print(f"sauvegarde/restauration sur {target.describe()}")
    try:
        target.create()
        run(target.env, "manage.py", "migrate", "--verbosity", "0")
        run(target.env, "manage.py", "seed_demo", "--quiet-table")
        run(target.env, __file__, "--phase", "seed")
        before = take_snapshot(target, "before")
        counts = before["counts"]
        print(f"  données : {counts}")
        backup = work / "sauvegarde"
        print("  " + run(target.env, "manage.py", "backup", str(backup)).stdout.strip())
        run(target.env, __file__, "--phase", "late")
        refusals_leave_everything(target, backup, take_snapshot(target, "late"))
        target.wipe()
        print("  base supprimée et recréée vide, fichiers et bucket supprimés")
        print("  " + run(target.env, "manage.py", "restore", str(backup)).stdout.strip())
        compare(before, take_snapshot(target, "after"))
        run(target.env, __file__, "--phase", "inbox")
        run(target.env, "manage.py", "migrate", "--check", "--verbosity", "0")
    finally:
        target.drop()
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"sauvegarde/restauration : {counts['Message']} messages, "
        f"{counts['Delivery']} exemplaires, "
        f"{counts['Document']} documents, {counts['Note']} mots retrouvés "
        f"({time.monotonic() - started:.0f} s)."
    )


def child(phase: str, args: list[str]) -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    phases = {"seed": phase_seed, "late": phase_late, "inbox": phase_inbox_page}
    if phase == "snapshot":
        phase_snapshot(args[0])
    else:
        phases[phase]()


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--phase":
        child(sys.argv[2], sys.argv[3:])
    else:
        main()
