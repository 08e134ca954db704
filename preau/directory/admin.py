"""Read-only directory screens for operators (support level 3).

Every change to the directory goes through `preau.directory.services`, which authorise, audit and
keep the derived groups in step; the Django admin would bypass all three, so it only reads.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from preau.directory import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.School)
class SchoolAdmin(ReadOnlyAdmin):
    list_display = ("uai", "name", "kind", "sector", "commune", "circonscription", "collectivite")
    list_filter = ("kind", "sector", "circonscription__departement")
    search_fields = ("uai", "name", "commune")
    list_select_related = ("circonscription", "collectivite")


@admin.register(models.SchoolClass)
class SchoolClassAdmin(ReadOnlyAdmin):
    list_display = ("name", "school", "school_year", "levels", "archived_at")
    list_filter = ("school_year",)
    search_fields = ("name", "school__uai", "school__name")
    list_select_related = ("school",)


@admin.register(models.ProfileAssignment)
class ProfileAssignmentAdmin(ReadOnlyAdmin):
    list_display = ("user", "profile", "school", "circonscription", "collectivite")
    list_filter = ("profile",)
    search_fields = ("user__login", "user__last_name", "school__uai")
    list_select_related = ("user", "school", "circonscription", "collectivite")


@admin.register(models.FunctionAssignment)
class FunctionAssignmentAdmin(ReadOnlyAdmin):
    list_display = ("user", "function", "school", "collectivite", "academie")
    list_filter = ("function",)
    search_fields = ("user__login", "school__uai")
    list_select_related = ("user", "school", "collectivite", "academie")


@admin.register(models.Group)
class GroupAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "profile", "school")
    list_filter = ("kind", "profile")
    search_fields = ("name", "school__uai")
    list_select_related = ("school",)


for model in (
    models.Academie,
    models.Departement,
    models.Circonscription,
    models.Collectivite,
    models.Rpi,
    models.ParentLink,
    models.ClassMembership,
):
    admin.site.register(model, ReadOnlyAdmin)
