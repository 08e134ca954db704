import io
import re

import pytest
from pypdf import PdfReader

from preau.core.errors import PermissionDenied
from preau.core.models import AuditEvent
from preau.directory.factories import make_parent, make_pupil
from preau.lifecycle import codes
from preau.lifecycle.models import ActivationCode
from preau.lifecycle.services.letters import generate_letters, letters_source

pytestmark = pytest.mark.django_db


def test_family_letters_give_each_parent_their_own_login_code_and_children(klass):
    _, html = letters_source(klass.teacher, klass.cls, "familles")
    assert html.count('class="letter"') == 2  # one page per responsable
    assert klass.mother.login in html and klass.father.login in html
    assert "Ana" in html and "data:image/png;base64," in html  # the QR code, inline
    assert "/acces/activer/" in html
    stored = ActivationCode.objects.get(user=klass.mother)
    printed = re.findall(r"<dd>([a-z0-9]{4}-[a-z0-9]{4})</dd>", html)
    assert len(printed) == 2
    assert any(codes.matches(klass.mother.pk, c, stored.digest) for c in printed)
    event = AuditEvent.objects.get(action="lifecycle.letters_generated")
    assert event.actor_id == klass.teacher.pk
    assert sorted(event.data["persons"]) == sorted([klass.mother.pk, klass.father.pk])


def test_pupil_letters_one_per_pupil(klass):
    _, html = letters_source(klass.director, klass.cls, "eleves")
    assert html.count('class="letter"') == 2
    assert klass.leo.login in html


def test_teacher_cannot_print_another_class(klass):
    with pytest.raises(PermissionDenied):
        generate_letters(klass.teacher, klass.other_class, "familles")
    assert not ActivationCode.objects.exists()


def test_pdf_is_produced_in_memory(klass):
    pdf = generate_letters(klass.director, klass.cls, "familles")
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000


def test_a_whole_school_gets_one_page_per_family_with_its_login_and_code(klass):
    """Speed is measured by bench/letters_pdf.py; here, the batch's pages are right."""
    pupils = [make_pupil(klass.other_class, password=None) for _ in range(30)]
    for pupil in pupils:
        make_parent(pupil, password=None)
        make_parent(pupil, password=None)

    pdf = PdfReader(io.BytesIO(generate_letters(klass.director, klass.cls.school, "familles")))

    assert len(pdf.pages) == 62 == ActivationCode.objects.count()
    first = pdf.pages[0].extract_text()
    login = re.search(r"Identifiant\s*([a-z0-9.\-]+)", first)
    code = re.search(r"\b([a-z0-9]{4}-[a-z0-9]{4})\b", first)
    assert login is not None and code is not None
    stored = ActivationCode.objects.get(user__login=login.group(1))
    assert codes.matches(stored.user_id, code.group(1), stored.digest)
    assert len(pdf.pages[1].images) == 62  # one QR code per letter (resources are shared)
