from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from apps.organisation.admin_site import ReferenceDataAdmin
from apps.organisation.models import County, GroupMapping, Office, Team, User


@admin.register(County)
class CountyAdmin(ReferenceDataAdmin):
    list_display = ["number", "name"]
    search_fields = ["name", "number"]


@admin.register(Office)
class OfficeAdmin(ReferenceDataAdmin):
    list_display = ["name", "county", "unit_number"]
    list_filter = ["county"]
    search_fields = ["name", "unit_number"]
    list_select_related = ["county"]


@admin.register(Team)
class TeamAdmin(ReferenceDataAdmin):
    list_display = ["name", "office"]
    list_filter = ["office__county"]
    search_fields = ["name", "office__name"]
    list_select_related = ["office"]


@admin.register(GroupMapping)
class GroupMappingAdmin(ReferenceDataAdmin):
    list_display = ["group_id", "description", "office", "team", "county"]
    search_fields = ["group_id", "description"]
    list_select_related = ["office", "team", "county"]


@admin.register(User)
class StaffAdmin(ReferenceDataAdmin, UserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "office", "is_active"]
    list_filter = ["role", "office__county", "is_active"]
    list_select_related = ["office"]
    search_fields = ["username", "first_name", "last_name", "email"]
    filter_horizontal = ["teams"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "email")}),
        (_("Role and place"), {"fields": ("role", "office", "county", "teams")}),
        (_("Rights"), {"fields": ("may_see_skjermet",)}),
        (_("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "password1", "password2")}),
        (_("Role and place"), {"fields": ("role", "office", "county", "teams")}),
    )
    readonly_fields = ["last_login", "date_joined"]


def _unregister_foreign_admins() -> None:
    """Keep the admin to our reference data.

    Django's groups are not used (a user's role decides what they may do), and beat's schedules
    are declared in code (config/celery.py), so editing them in the admin would be overwritten.
    """
    from django.contrib.auth.models import Group
    from django_celery_beat.models import (
        ClockedSchedule,
        CrontabSchedule,
        IntervalSchedule,
        PeriodicTask,
        SolarSchedule,
    )

    for model in (
        Group,
        ClockedSchedule,
        CrontabSchedule,
        IntervalSchedule,
        PeriodicTask,
        SolarSchedule,
    ):
        if admin.site.is_registered(model):
            admin.site.unregister(model)


_unregister_foreign_admins()
