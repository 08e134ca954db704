"""S8's dataset (performance.md §5: 10,000 existing documents), built through Préau's services.

Four classes (bench/class_send.py's, one per school), each with its teacher and five pupils with
a parent each. The existing documents belong to those adults (their own spaces), every tenth
teacher's document shared with the class's parents, as a school year leaves them. Then the
teacher of the first class uploads the 5 MB document and shares it with the class's parents: the
benchmark's downloads are a parent's, authorised by the share (the policy's group path, not the
owner's shortcut).

    python -m bench.files.dataset SIZE DOCUMENTS   # in the benchmark's environment; prints JSON
"""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING, Any

from bench.class_send import class_with_parents

if TYPE_CHECKING:
    from preau.directory.models import Group

CLASSES, PARENTS_PER_CLASS = 4, 5
BATCH = 500


def build(size: int, documents: int) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    from preau.documents.services.documents import upload
    from preau.documents.services.shares import share_document

    classes = [class_with_parents(PARENTS_PER_CLASS) for _ in range(CLASSES)]
    owners: list[tuple[Any, Group | None]] = [(teacher, group) for teacher, group, _ in classes]
    owners += [(parent, None) for _, _, parents in classes for parent in parents]
    for first in range(0, documents, BATCH):
        with transaction.atomic():  # one commit per batch: the durable commits cost the most
            for n in range(first, min(first + BATCH, documents)):
                owner, group = owners[n % len(owners)]
                note = f"Document {n} de l'année\n".encode()
                document = upload(owner, SimpleUploadedFile(f"document-{n}.txt", note))
                if group is not None and n % 10 == 0:
                    share_document(owner, document, group=group)
    content = b"%PDF-1.4\n" + os.urandom(size - 9)
    teacher, group, parents = classes[0]
    document = upload(teacher, SimpleUploadedFile("sortie-scolaire.pdf", content))
    share_document(teacher, document, group=group)
    assert document.current is not None
    return {
        "document": document.pk,
        "session": _session(parents[0]),  # downloads: a parent of the class
        "uploader_session": _session(teacher),  # uploads: the teacher (10 GiB of quota)
        "key": document.current.file.key,
        "documents": documents + 1,
    }


def _session(user: Any) -> str:
    """A signed-in session for `user`, as the sign-in leaves it."""
    from importlib import import_module

    from django.conf import settings

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[-1]
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    return str(session.session_key)


def main() -> None:
    import django

    django.setup()
    size, documents = int(sys.argv[1]), int(sys.argv[2])
    print(json.dumps(build(size, documents)))


if __name__ == "__main__":
    main()
