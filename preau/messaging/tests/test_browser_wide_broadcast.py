"""In a real browser at 360 px: the académie admin writes to "Parents de l'académie", the
parents read it, and the sender pages through who has read. Every page passes axe."""

import pytest

from preau.core.testing.browser import login_through_form
from preau.directory.factories import TEST_PASSWORD
from preau.messaging import selectors
from preau.messaging.models import Message
from preau.messaging.services import mailbox
from preau.messaging.tests.test_browser_messaging import fits_phone, write

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_academie_broadcast_reaches_the_parents_and_the_sender_pages_the_readers(
    phone_page, live_server, wide, axe, monkeypatch
):
    monkeypatch.setattr(selectors, "RECEIPTS_SHOWN", 2)
    page = phone_page
    login_through_form(page, live_server.url, wide.admin.login, TEST_PASSWORD)
    write(page, live_server.url, wide.parents.name, "Grève jeudi", "Les écoles seront fermées.")
    assert "Message envoyé." in page.locator(".messages").inner_text()
    message = Message.objects.get(subject="Grève jeudi")
    assert message.to_groups == [wide.parents.pk]
    for reader in (wide.tiny.parent, wide.parent_b, wide.twice_parent):
        mailbox.mark_read(reader, message.pk)

    page.goto(f"{live_server.url}/messagerie/dossier/sent/")
    page.get_by_role("link", name="Grève jeudi").first.click()
    receipts = page.get_by_test_id("receipts")
    assert "Lu par 3 sur 5" in receipts.inner_text()
    assert wide.twice_parent.display_name in receipts.inner_text()
    axe(page)
    fits_phone(page)
    page.get_by_test_id("receipts-next").click()
    assert wide.tiny.parent.display_name in page.get_by_test_id("receipts").inner_text()
    axe(page)
    fits_phone(page)

    page.context.clear_cookies()
    login_through_form(page, live_server.url, wide.tiny.classmate_parent.login, TEST_PASSWORD)
    page.goto(f"{live_server.url}/messagerie/")
    page.get_by_role("link", name="Grève jeudi").click()
    assert "Les écoles seront fermées." in page.get_by_test_id("message-body").inner_text()
    axe(page)
    fits_phone(page)
