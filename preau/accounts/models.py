"""One account per person, whatever their roles (profiles and functions live in the directory)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(login__iexact=username or "")

    def create_user(self, login: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(login=login.lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, login: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(login, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. `login` is `prenom.nom` (rules.md §1), unique platform-wide, case-insensitive."""

    login = models.CharField("identifiant", max_length=80, unique=True)
    first_name = models.CharField("prénom", max_length=150)
    last_name = models.CharField("nom de famille", max_length=150)
    usage_name = models.CharField("nom d'usage", max_length=150, blank=True)
    # Looked up through `accounts_user_email_upper` only (sign-in, recovery, imports): no index
    # on the column itself (ADR 0061).
    email = models.EmailField("adresse électronique", blank=True)
    birth_date = models.DateField("date de naissance", null=True, blank=True)
    is_active = models.BooleanField("actif", default=True)
    is_staff = models.BooleanField("opérateur (accès à l'administration Django)", default=False)
    date_joined = models.DateTimeField("créé le", default=timezone.now)
    activated_at = models.DateTimeField("activé le", null=True, blank=True)
    blocked_at = models.DateTimeField("bloqué le", null=True, blank=True)
    must_change_password = models.BooleanField("doit changer de mot de passe", default=False)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "login"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        verbose_name = "personne"
        verbose_name_plural = "personnes"
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            models.Index(fields=["last_name", "first_name"]),
            # Sign-in by e-mail looks it up case-insensitively (email__iexact is UPPER(email) =
            # UPPER(%s) on PostgreSQL). Logins use imports' UPPER(login) text_pattern_ops index,
            # which serves both the sign-in's equality and the imports' prefix ranges (ADR 0051).
            models.Index(Upper("email"), name="accounts_user_email_upper"),
        ]

    def __str__(self) -> str:
        return self.list_name

    @property
    def family_name(self) -> str:
        return self.usage_name or self.last_name

    @property
    def display_name(self) -> str:
        """Greeting form: `Prénom NOM`."""
        return f"{self.first_name} {self.family_name.upper()}".strip()

    @property
    def list_name(self) -> str:
        """List form: `NOM Prénom`."""
        return f"{self.family_name.upper()} {self.first_name}".strip()

    @property
    def is_blocked(self) -> bool:
        return self.blocked_at is not None

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.first_name
