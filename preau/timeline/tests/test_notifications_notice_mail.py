"""A notice mailed to many people: each mail is what Django's own EmailMessage would send."""

from email import message_from_bytes
from email.policy import default

import pytest
from django.core.mail import EmailMessage

from preau.timeline.notice_mail import SameNotice

SUBJECT = "Nouveau message de Hélène Lefèvre-Dupont, directrice de l'école élémentaire Jules Ferry"
BODY = "Bonjour,\n\nNouveau message de Hélène.\n\nPour le lire : https://ent.example/m/1/\n"


def _received(raw: bytes) -> tuple[dict[str, str], str]:
    """What a mail client reads: decoded headers (without the per-mail ones) and the text."""
    parsed = message_from_bytes(raw, policy=default)
    headers = {k: str(v) for k, v in parsed.items() if k not in ("Message-ID", "Date")}
    return headers, parsed.get_content()


@pytest.mark.parametrize("linesep", ["\n", "\r\n"])
@pytest.mark.parametrize("address", ["parent@example.org", "élise.martin@exemple.fr"])
def test_each_copy_reads_as_django_own_mail(settings, linesep, address):
    settings.DEFAULT_FROM_EMAIL = "Préau <ne-pas-repondre@preau.invalid>"
    notice = EmailMessage(subject=SUBJECT, body=BODY)
    ours = SameNotice(notice, address)
    theirs = EmailMessage(subject=SUBJECT, body=BODY, to=[address])
    raw = ours.message().as_bytes(linesep=linesep)
    assert _received(raw) == _received(theirs.message().as_bytes(linesep=linesep))
    assert ours.recipients() == [address]
    if linesep == "\r\n":
        assert b"\n" not in raw.replace(b"\r\n", b"")


def test_copies_share_nothing_but_the_notice():
    notice = EmailMessage(subject=SUBJECT, body=BODY)
    first, second = SameNotice(notice, "a@example.org"), SameNotice(notice, "b@example.org")
    one, two = (message_from_bytes(m.message().as_bytes()) for m in (first, second))
    assert (one["To"], two["To"]) == ("a@example.org", "b@example.org")
    assert one["Message-ID"] != two["Message-ID"]
    assert one.get_all("To") == ["a@example.org"]
