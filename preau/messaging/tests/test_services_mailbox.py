"""One's own copies: folders, trash, search, drafts."""

import pytest

from preau.core.errors import Conflict, InvalidInput, NotFound
from preau.messaging import selectors
from preau.messaging.factories import send
from preau.messaging.models import Message
from preau.messaging.services import compose, mailbox


def test_filing_in_a_folder_and_deleting_the_folder_loses_nothing(tiny):
    message = send(tiny.parent, tiny.teacher, subject="Cantine")
    folder = mailbox.create_folder(tiny.teacher, "  Familles  ")
    assert folder.name == "Familles"
    mailbox.move(tiny.teacher, message.pk, folder.pk)
    assert selectors.mailbox(tiny.teacher, "inbox") == []
    assert [c.message_id for c in selectors.mailbox(tiny.teacher, folder.pk)] == [message.pk]
    mailbox.delete_folder(tiny.teacher, folder.pk)
    assert [c.message_id for c in selectors.mailbox(tiny.teacher, "inbox")] == [message.pk]


def test_a_folder_name_is_unique_per_person(tiny):
    mailbox.create_folder(tiny.teacher, "Sorties")
    with pytest.raises(Conflict):
        mailbox.create_folder(tiny.teacher, "Sorties")
    mailbox.create_folder(tiny.parent, "Sorties")


def test_one_cannot_file_into_someone_elses_folder(tiny):
    message = send(tiny.parent, tiny.teacher)
    theirs = mailbox.create_folder(tiny.director, "Privé")
    with pytest.raises(InvalidInput):
        mailbox.move(tiny.teacher, message.pk, theirs.pk)


def test_trash_restore_and_delete_for_good(tiny):
    message = send(tiny.parent, tiny.teacher)
    mailbox.trash(tiny.teacher, message.pk)
    assert selectors.unread_count(tiny.teacher) == 0
    mailbox.move(tiny.teacher, message.pk, "inbox")
    assert selectors.unread_count(tiny.teacher) == 1
    mailbox.delete(tiny.teacher, message.pk)
    mailbox.delete(tiny.teacher, message.pk)
    with pytest.raises(NotFound):
        mailbox.own_copy(tiny.teacher, message.pk)
    # the sender's copy is untouched
    assert [c.message_id for c in selectors.mailbox(tiny.parent, "sent")] == [message.pk]


def test_search_finds_words_in_subject_body_and_sender_without_accents(tiny):
    send(tiny.parent, tiny.teacher, subject="Sortie au musée", body="<p>Prévoir un goûter</p>")
    send(tiny.parent, tiny.teacher, subject="Cantine", body="<p>Menu</p>")
    assert [c.message.subject for c in selectors.mailbox(tiny.teacher, query="musee")] == [
        "Sortie au musée"
    ]
    assert len(selectors.mailbox(tiny.teacher, query="gouter")) == 1
    assert len(selectors.mailbox(tiny.teacher, query=tiny.parent.first_name)) == 2
    assert selectors.mailbox(tiny.director, query="musee") == []


def test_draft_is_saved_then_sent_once(tiny):
    draft = compose.save_draft(tiny.parent, to=[tiny.teacher.pk], subject="Brouillon")
    again = compose.save_draft(
        tiny.parent, draft_id=draft.pk, to=[tiny.teacher.pk], subject="Absence"
    )
    assert again.pk == draft.pk
    assert [c.message.subject for c in selectors.mailbox(tiny.parent, "drafts")] == ["Absence"]
    sent = compose.send(
        tiny.parent, draft_id=draft.pk, to=[tiny.teacher.pk], subject="Absence", body="x"
    )
    assert sent.pk == draft.pk and sent.status == Message.Status.SENT
    assert selectors.mailbox(tiny.parent, "drafts") == []
    assert [c.message_id for c in selectors.mailbox(tiny.teacher, "inbox")] == [draft.pk]


def test_discarding_a_draft_removes_it(tiny):
    draft = compose.save_draft(tiny.parent, to=[tiny.teacher.pk], subject="Oups")
    mailbox.delete(tiny.parent, draft.pk)
    assert not Message.objects.filter(pk=draft.pk).exists()


def test_someone_elses_draft_cannot_be_sent(tiny):
    draft = compose.save_draft(tiny.parent, to=[tiny.teacher.pk], subject="À moi")
    with pytest.raises(NotFound):
        compose.send(
            tiny.classmate_parent, draft_id=draft.pk, to=[tiny.teacher.pk], subject="x", body=""
        )
