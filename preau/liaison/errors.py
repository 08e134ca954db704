"""Typed errors of the carnet de liaison (stable codes for the API)."""

from __future__ import annotations

from preau.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied


class NoRecipient(InvalidInput):
    code = "no_recipient"
    default_message = "Choisissez au moins une classe, l'école ou un élève."


class RecipientOutOfScope(PermissionDenied):
    code = "recipient_out_of_scope"
    default_message = "Vous ne pouvez écrire qu'aux familles de vos classes ou de votre école."


class CommunicationSuspended(PermissionDenied):
    code = "communication_suspended"
    default_message = "L'envoi de messages est suspendu pour le moment dans votre école."


class NothingToSign(Conflict):
    code = "nothing_to_sign"
    default_message = "Ce mot ne demande pas de signature, ou vous n'en êtes pas destinataire."


class InvalidReply(InvalidInput):
    code = "invalid_reply"
    default_message = "Cette réponse ne correspond pas au coupon-réponse."


class ReminderTooSoon(Conflict):
    code = "reminder_too_soon"
    default_message = "Une relance vient déjà d'être envoyée pour ce mot ; réessayez plus tard."


class TeacherNotReachable(PermissionDenied):
    code = "teacher_not_reachable"
    default_message = "Vous ne pouvez écrire qu'aux enseignants et à la direction de votre enfant."


class AttachmentNotFound(NotFound):
    code = "attachment_not_found"
    default_message = "Un document joint n'existe pas ou ne vous est pas accessible."


class TooManyAttachments(InvalidInput):
    code = "too_many_attachments"
    default_message = "Un mot peut avoir au plus 10 pièces jointes."
