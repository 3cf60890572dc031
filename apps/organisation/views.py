from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from apps.organisation import selectors
from apps.organisation.middleware import session_started
from apps.organisation.models import Role, User


class RoleRequiredMixin(AccessMixin):
    """Signed-out users go to the login page; signed-in users outside ``allowed_roles`` get 403."""

    allowed_roles: frozenset[str] = frozenset()
    request: HttpRequest

    @property
    def user(self) -> User:
        """The signed-in user; dispatch has already turned everyone else away."""
        user = self.request.user
        assert isinstance(user, User)
        return user

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if request.user.role not in self.allowed_roles:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class LoginView(auth_views.LoginView):
    template_name = "organisation/login.html"
    redirect_authenticated_user = True
    http_method_names = ["get", "head", "post"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = settings.OIDC_ENABLED
        context["sso_failed"] = self.request.GET.get("sso") == "failed"
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)  # logs in, with a new session key
        session_started(self.request)
        return response


class SessionActivityView(View):
    """The page tells the server the user is active (typing, clicking) between requests.

    Without it, someone writing a long note without saving would be logged out as idle.
    """

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return HttpResponse(status=204)


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post"]


# Where each role starts after login: the page that answers its first question of the day.
LANDING_PAGES = {
    Role.SPECIALIST: "cases:worklist",
    Role.TEAM_LEAD: "organisation:team_overview",
    Role.OFFICE_HEAD: "organisation:office_overview",
    Role.COUNTY_COORDINATOR: "organisation:county_overview",
    Role.DIRECTORATE: "organisation:national_overview",
    Role.ADMINISTRATOR: "admin:index",
}


class HomeView(View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect("login")
        return redirect(LANDING_PAGES[Role(request.user.role)])


def _lead_inbox(request: HttpRequest, user: User) -> dict[str, Any]:
    """What waits for a team lead: cases offered from other offices, and requests for a person."""
    from apps.audit.selectors import unusual_reading_for
    from apps.audit.services import access_record_many
    from apps.cases.selectors import incoming_transfers
    from apps.participants.selectors import transfer_requests_for

    requests = list(transfer_requests_for(user))
    access_record_many(
        request=request, actor=user, rows=[(r.participant_id, None) for r in requests]
    )
    since = timezone.localdate() - datetime.timedelta(days=7)
    return {
        "incoming_transfers": list(incoming_transfers(user)),
        "transfer_requests": requests,
        "unusual_reading": list(unusual_reading_for(user, since=since)),
    }


class TeamOverviewView(RoleRequiredMixin, TemplateView):
    """The team lead's team: who is in it and how many open cases each holds."""

    allowed_roles = frozenset({Role.TEAM_LEAD})
    template_name = "organisation/team_overview.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["teams"] = selectors.team_caseloads(teams=self.user.teams.all())
        context.update(_lead_inbox(self.request, self.user))
        return context


class OfficeOverviewView(RoleRequiredMixin, TemplateView):
    allowed_roles = frozenset({Role.OFFICE_HEAD})
    template_name = "organisation/office_overview.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        office = self.user.office
        if office is None:  # the database forbids an office head without an office
            raise PermissionDenied
        context["office"] = office
        context["teams"] = selectors.team_caseloads(teams=office.teams.all())
        context.update(_lead_inbox(self.request, self.user))
        return context


class CountyOverviewView(RoleRequiredMixin, TemplateView):
    """Offices of the coordinator's county, with staffing counts only (no person data)."""

    allowed_roles = frozenset({Role.COUNTY_COORDINATOR})
    template_name = "organisation/county_overview.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        county = self.user.county
        if county is None:
            raise PermissionDenied
        context["county"] = county
        context["offices"] = selectors.office_staffing(county=county)
        return context


class NationalOverviewView(RoleRequiredMixin, TemplateView):
    allowed_roles = frozenset({Role.DIRECTORATE})
    template_name = "organisation/national_overview.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["counties"] = selectors.county_staffing()
        return context
