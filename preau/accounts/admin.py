"""Operators' view of accounts (the Django admin at /operateurs/ is for `is_staff` only)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from preau.accounts.models import User


class PreauUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class PreauUserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("login", "first_name", "last_name")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = PreauUserChangeForm
    add_form = PreauUserCreationForm
    ordering = ("last_name", "first_name", "id")
    list_display = ("login", "last_name", "first_name", "email", "is_active", "blocked_at")
    list_filter = ("is_active", "is_staff", "must_change_password")
    search_fields = ("login", "last_name", "first_name", "email")
    readonly_fields = ("last_login", "date_joined", "activated_at")
    fieldsets = (
        (None, {"fields": ("login", "password")}),
        (
            "Identité",
            {"fields": ("first_name", "last_name", "usage_name", "email", "birth_date")},
        ),
        (
            "État du compte",
            {"fields": ("is_active", "blocked_at", "must_change_password", "activated_at")},
        ),
        ("Opérateurs", {"fields": ("is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "login",
                    "first_name",
                    "last_name",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
