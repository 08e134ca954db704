"""All writes of the carnet de liaison."""

from preau.liaison.services.messages import acknowledge, write_to_teacher
from preau.liaison.services.notes import Audience, ReplySlip, answer_note, publish_note, sign_note
from preau.liaison.services.reminders import deliver_reminder, send_reminder

__all__ = [
    "Audience",
    "ReplySlip",
    "acknowledge",
    "answer_note",
    "deliver_reminder",
    "publish_note",
    "send_reminder",
    "sign_note",
    "write_to_teacher",
]
