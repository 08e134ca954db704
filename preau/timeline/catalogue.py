"""The kinds of events services publish to the fil de nouveautés, declared once.

Each kind names its service (the feed's filter), a French label (the preferences page) and the
default e-mail mode. A service adds its kinds here; `publish` refuses a kind that is not declared.
"""

from __future__ import annotations

from dataclasses import dataclass

IMMEDIATE = "immediate"
DIGEST = "digest"
NEVER = "never"
MODES = {
    IMMEDIATE: "Tout de suite",
    DIGEST: "Dans un résumé quotidien",
    NEVER: "Jamais",
}


@dataclass(frozen=True)
class Service:
    code: str
    label: str


@dataclass(frozen=True)
class EventKind:
    code: str
    service: str
    label: str
    default_mode: str = DIGEST


SERVICES: tuple[Service, ...] = (
    Service("messagerie", "Messagerie"),
    Service("carnet", "Carnet de liaison"),
    Service("actualites", "Actualités"),
    Service("blog", "Cahier multimédia et blog"),
    Service("documents", "Documents"),
    Service("compte", "Mon compte"),
)
SERVICE_LABELS = {s.code: s.label for s in SERVICES}

KINDS: tuple[EventKind, ...] = (
    EventKind("messaging.message", "messagerie", "Un nouveau message", IMMEDIATE),
    EventKind("messaging.moderation", "messagerie", "Un message d'élève attend ma validation"),
    EventKind("messaging.moderated", "messagerie", "Mon message a été validé ou refusé"),
    EventKind("liaison.note_published", "carnet", "Un nouveau mot dans le carnet", IMMEDIATE),
    EventKind("liaison.reminder_sent", "carnet", "Un mot attend ma signature", IMMEDIATE),
    EventKind("liaison.note_signed", "carnet", "Une famille a signé mon mot", NEVER),
    EventKind("liaison.note_answered", "carnet", "Une famille a répondu à mon mot"),
    EventKind("liaison.parent_message", "carnet", "Un parent m'écrit dans le carnet", IMMEDIATE),
    EventKind("liaison.parent_message_acknowledged", "carnet", "Mon mot a été pris en compte"),
    EventKind("news.published", "actualites", "Une nouvelle actualité de l'école"),
    EventKind("blog.post_published", "blog", "Un nouvel article dans le blog de la classe"),
    EventKind("blog.post_submitted", "blog", "Un article d'élève attend ma validation", IMMEDIATE),
    EventKind("blog.comment_pending", "blog", "Un commentaire attend ma validation"),
)
KINDS_BY_CODE = {k.code: k for k in KINDS}


def kind(code: str) -> EventKind:
    try:
        return KINDS_BY_CODE[code]
    except KeyError:
        raise ValueError(f"Unknown timeline event kind: {code}") from None
