from preau.liaison.views.messages import acknowledge_view, message_view, write_to_teacher_view
from preau.liaison.views.notes import (
    answer_view,
    attachment_view,
    export_csv_view,
    export_pdf_view,
    home_view,
    new_note_view,
    note_view,
    remind_view,
    sign_view,
)

__all__ = [
    "acknowledge_view",
    "answer_view",
    "attachment_view",
    "export_csv_view",
    "export_pdf_view",
    "home_view",
    "message_view",
    "new_note_view",
    "note_view",
    "remind_view",
    "sign_view",
    "write_to_teacher_view",
]
