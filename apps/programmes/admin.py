from __future__ import annotations

from django.contrib import admin

from apps.organisation.admin_site import ReferenceDataAdmin
from apps.programmes.models import Programme, ProgrammeRules


class ProgrammeRulesInline(admin.StackedInline):
    model = ProgrammeRules
    extra = 0

    # Inlines follow the parent's permissions, which ReferenceDataAdmin already limits.
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return True

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return True

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return True

    def has_view_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return True


@admin.register(Programme)
class ProgrammeAdmin(ReferenceDataAdmin):
    list_display = ["name", "code", "run_by", "is_active"]
    list_filter = ["run_by", "is_active"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}
    inlines = [ProgrammeRulesInline]
