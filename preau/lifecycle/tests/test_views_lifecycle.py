import pytest
from django.urls import reverse

from preau.core.models import AuditEvent
from preau.lifecycle.services.codes import store_codes

pytestmark = pytest.mark.django_db


def test_activation_page_prefills_login_and_activates(client, klass):
    url = reverse("lifecycle:activate")
    page = client.get(url, {"login": klass.mother.login})
    assert f'value="{klass.mother.login}"' in page.content.decode()
    code = store_codes(klass.director, [klass.mother.pk])[klass.mother.pk]
    data = {
        "login": klass.mother.login,
        "code": code,
        "password1": "une phrase de passe solide",
        "password2": "une phrase de passe solide",
        "accept_charter": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert client.get(reverse("portal:home")).status_code == 200


def test_wrong_code_gets_a_french_message(client, klass):
    data = {"login": klass.mother.login, "code": "abcdefgh", "password1": "x", "password2": "x"}
    response = client.post(reverse("lifecycle:activate"), data)
    assert "Identifiant ou code incorrect" in response.content.decode()


def test_forgot_password_answer_does_not_reveal_accounts(client, klass, mailoutbox):
    klass.teacher.email = "prof@example.fr"
    klass.teacher.save()
    known = client.post(reverse("lifecycle:forgot"), {"identifier": "prof@example.fr"})
    unknown = client.post(reverse("lifecycle:forgot"), {"identifier": "nobody@example.fr"})
    assert known.content == unknown.content
    assert len(mailoutbox) == 1 and "/acces/reinitialiser/" in mailoutbox[0].body


def test_director_school_page_counts_queries(client, klass, django_assert_max_num_queries):
    client.force_login(klass.director)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("lifecycle:school", args=[klass.cls.school.pk]))
    assert "0 / 2" in page.content.decode()


def test_class_letters_download_is_a_pdf_and_audited(client, klass):
    client.force_login(klass.teacher)
    response = client.get(reverse("lifecycle:class_letters", args=[klass.cls.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(action="lifecycle.letters_generated").count() == 1
    other = client.get(reverse("lifecycle:class_letters", args=[klass.other_class.pk]))
    assert other.status_code == 404


def test_director_blocks_then_teacher_issues_renewal_code(client, klass):
    client.force_login(klass.director)
    url = reverse("lifecycle:account_action", args=[klass.mother.pk, "bloquer"])
    assert client.post(url).status_code == 200
    klass.mother.refresh_from_db()
    assert klass.mother.blocked_at is not None
    client.force_login(klass.teacher)
    response = client.post(reverse("lifecycle:account_action", args=[klass.ana.pk, "code"]))
    assert 'data-testid="secret"' in response.content.decode()
    refused = client.post(reverse("lifecycle:account_action", args=[klass.mother.pk, "bloquer"]))
    assert refused.status_code == 403
