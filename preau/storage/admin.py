from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from preau.storage import services
from preau.storage.models import Quota


@admin.register(Quota)
class QuotaAdmin(admin.ModelAdmin[Quota]):
    """Administrators change a person's limit here; the change goes through the service."""

    list_display = ("user", "used_bytes", "limit_bytes", "updated_at")
    search_fields = ("user__login", "user__last_name")
    readonly_fields = ("user", "used_bytes", "updated_at")
    fields = ("user", "used_bytes", "limit_bytes", "updated_at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Quota, form: Any, change: bool) -> None:
        services.set_quota(request.user, obj.user, obj.limit_bytes)
