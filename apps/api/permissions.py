"""Who may call what: the same roles as the pages (apps.organisation.views.RoleRequiredMixin).

Signed-out callers get 401; signed-in callers whose role never reaches the resource get 403.
Which objects a permitted caller reaches is decided by the scoped selectors in each view, and an
object outside the scope is 404, exactly as on the pages.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from apps.organisation.models import PERSON_DATA_ROLES, Role

REPORT_ROLES = frozenset({Role.DIRECTORATE, Role.COUNTY_COORDINATOR})


class RolePermission(BasePermission):
    roles: frozenset[str] = frozenset()
    message = _("Your role does not give access to this.")

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        # Signed out: False, and DRF answers 401 with the Bearer challenge.
        return bool(user and user.is_authenticated and getattr(user, "role", None) in self.roles)


class PersonDataRole(RolePermission):
    """Job specialists, team leads and office heads: the roles that work with people."""

    roles = frozenset(PERSON_DATA_ROLES)
    message = _("Your role does not show personal data.")


class SpecialistRole(RolePermission):
    """Registering a new participant is a job specialist's act, as on the page."""

    roles = frozenset({Role.SPECIALIST})
    message = _("Only job specialists register participants.")


class ReportRole(RolePermission):
    """The directorate and the county coordinators: counts only."""

    roles = REPORT_ROLES
