"""The audit trail, readable by operators and never editable."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from preau.core.models import AuditEvent, AuditMonthlyCount


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditMonthlyCount)
class AuditMonthlyCountAdmin(ReadOnlyAdmin):
    """What remains of the audit log past its year (preau.core.services.purge_old_audit)."""

    list_display = ("month", "action", "count")
    list_filter = ("action",)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "action", "actor", "target_type", "target_id")
    list_filter = ("action",)
    search_fields = ("action", "target_id", "actor__login")
    list_select_related = ("actor",)
    date_hierarchy = "created_at"
