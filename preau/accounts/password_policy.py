"""Password rules that depend on who the person is (docs/adr/0004-password-policy.md).

Adults: `PREAU_ADULT_PASSWORD_MIN_LENGTH` characters (12), or a passphrase of 4 words or more.
Pupils: the rule their school chose (`School.pupil_password_rule`), the strictest of their schools.
A pupil who also holds an adult profile or a function follows the adult rule.
Everyone: not in the list of common passwords.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError

PASSPHRASE_MIN_WORDS = 4
PASSPHRASE_MIN_LETTERS = 3
PUPIL_MIN_LENGTHS = {"simple": 6, "standard": 8}
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class PasswordRule:
    min_length: int
    passphrase_allowed: bool

    def accepts(self, password: str) -> bool:
        if len(password) >= self.min_length:
            return True
        return self.passphrase_allowed and is_passphrase(password)

    def describe(self) -> str:
        text = f"au moins {self.min_length} caractères"
        if self.passphrase_allowed:
            text += (
                f", ou une phrase de passe d'au moins {PASSPHRASE_MIN_WORDS} mots "
                f"de {PASSPHRASE_MIN_LETTERS} lettres ou plus"
            )
        return text


def is_passphrase(password: str) -> bool:
    words = [w for w in _WORD.findall(password) if len(w) >= PASSPHRASE_MIN_LETTERS]
    return len(words) >= PASSPHRASE_MIN_WORDS


def adult_rule() -> PasswordRule:
    return PasswordRule(settings.PREAU_ADULT_PASSWORD_MIN_LENGTH, passphrase_allowed=True)


def rule_for(user: Any) -> PasswordRule:
    """The rule that applies to `user`; an unsaved or unknown person follows the adult rule."""
    if user is None or getattr(user, "pk", None) is None:
        return adult_rule()
    from preau.directory.models import FunctionAssignment, Profile, ProfileAssignment

    rows = list(
        ProfileAssignment.objects.filter(user_id=user.pk).values_list(
            "profile", "school__pupil_password_rule"
        )
    )
    if not rows or any(profile != Profile.ELEVE for profile, _ in rows):
        return adult_rule()
    if FunctionAssignment.objects.filter(user_id=user.pk).exists():
        return adult_rule()
    min_length = max(
        PUPIL_MIN_LENGTHS.get(rule or "", PUPIL_MIN_LENGTHS["standard"]) for _, rule in rows
    )
    return PasswordRule(min_length, passphrase_allowed=False)


class ProfileAwareLengthValidator:
    """Length rule by profile; the pupils' rule is chosen by their school."""

    def validate(self, password: str, user: Any = None) -> None:
        rule = rule_for(user)
        if not rule.accepts(password):
            raise ValidationError(
                f"Ce mot de passe est trop court : il faut {rule.describe()}.",
                code="password_too_short",
            )

    def get_help_text(self) -> str:
        adult = adult_rule()
        low, high = min(PUPIL_MIN_LENGTHS.values()), max(PUPIL_MIN_LENGTHS.values())
        return (
            f"Pour les adultes : {adult.describe()}. Pour les élèves : la règle choisie par "
            f"l'école, au moins {low} ou {high} caractères."
        )


class ProfileAwareCommonPasswordValidator(CommonPasswordValidator):
    """Django's list of 20,000 common passwords, for everyone, pupils included."""

    def validate(self, password: str, user: Any = None) -> None:
        if password.lower().strip() in self.passwords:
            raise ValidationError(
                "Ce mot de passe est trop courant : il figure dans les listes que les attaquants "
                "essaient en premier. Choisissez-en un autre.",
                code="password_too_common",
            )

    def get_help_text(self) -> str:
        return "Le mot de passe ne doit pas être un mot de passe courant."
