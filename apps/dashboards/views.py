"""The team lead's dashboard, the specialist's own summary, and the cases behind each number.

The dashboard names specialists, not participants; the drill-through lists participants and is
written to the access log like every list of people.
"""

from __future__ import annotations

import contextlib
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from apps.audit.services import access_record_many
from apps.cases.models import Case
from apps.cases.selectors import cases_visible_to
from apps.imports.export import export_response
from apps.organisation.models import Role, Team, User
from apps.organisation.views import RoleRequiredMixin
from config.replica import may_read_replica, reading_primary

from .forms import DashboardFilterForm, SavedFilterForm
from .models import SavedFilter
from .selectors import CHANNEL_LABELS, FACTS, Dashboard, dashboard, drill_cases, teams_for
from .selectors_survival import Grouping, time_to_work
from .survival import km_chart

LEADS = frozenset({Role.TEAM_LEAD, Role.OFFICE_HEAD})
FILTER_KEYS = ("fra", "til", "programme", "team", "spesialist", "km")
# The dashboards and their drill-through may read from the read replica (config/replica.py); the
# access log they write, and the saved filters, go to the primary.
replica_reads = method_decorator(may_read_replica, name="dispatch")


class DashboardMixin(RoleRequiredMixin):
    request: HttpRequest

    def board(self) -> tuple[Dashboard, DashboardFilterForm]:
        user = self.user
        today = timezone.localdate()
        if user.role == Role.SPECIALIST:
            teams = user.teams.select_related("office").order_by("name")
            specialists = User.objects.filter(pk=user.pk)
        else:
            teams = teams_for(user)
            specialists = (
                User.objects.filter(role=Role.SPECIALIST, is_active=True, teams__in=teams)
                .distinct()
                .order_by("last_name", "first_name")
            )
        form = DashboardFilterForm(self.request.GET or None, teams=teams, specialists=specialists)
        if user.role == Role.SPECIALIST:
            # One's own summary: nobody else to choose, yet another's id is still refused.
            form.fields["spesialist"].widget = forms.HiddenInput()
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        chosen: list[Team] = [data["team"]] if data.get("team") else list(teams)
        specialist = data.get("spesialist")
        if user.role == Role.SPECIALIST:
            specialist = user
        board = dashboard(
            user=user,
            teams=chosen,
            period=form.period(today),
            programme=data.get("programme"),
            specialist_id=specialist.pk if specialist else None,
            today=today,
        )
        return board, form

    def query(self) -> str:
        return urlencode({k: v for k, v in self.request.GET.items() if k in FILTER_KEYS and v})


KM_GROUPS: dict[str, tuple[Grouping, ...]] = {
    "programme": ("programme",),
    "office": ("office",),
    "cohort": ("cohort",),
}


def time_to_work_chart(board: Dashboard, user: User, grouping: str) -> Any:
    """Kaplan-Meier curves of the time to work for the board's specialists' cases that started
    in the period, grouped by programme, office or start-month cohort. One query."""
    cases = cases_visible_to(user).filter(
        owner_id__in=[row.specialist.pk for row in board.rows],
        participant_since__gte=board.period.first,
        participant_since__lte=board.period.last,
    )
    if board.programme is not None:
        cases = cases.filter(programme=board.programme)
    curves = time_to_work(cases=cases, as_of=board.today, by=KM_GROUPS[grouping])
    return km_chart([(c.label, c.curve) for c in curves], chart_id="tid", title=_("Time to work"))


@replica_reads
class TeamDashboardView(DashboardMixin, View):
    allowed_roles = LEADS
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        board, form = self.board()
        # From the primary: saving a filter brings the user straight back here to see it.
        with reading_primary():
            saved = list(SavedFilter.objects.filter(user=self.user))
        grouping = request.GET.get("km", "programme")
        if grouping not in KM_GROUPS:
            grouping = "programme"
        context: dict[str, Any] = {
            "km": time_to_work_chart(board, self.user, grouping),
            "km_grouping": grouping,
            "km_choices": [
                ("programme", _("programme")),
                ("office", _("office")),
                ("cohort", _("start month")),
            ],
            "board": board,
            "form": form,
            "query": self.query(),
            "facts": FACTS,
            "channels": CHANNEL_LABELS,
            "saved": saved,
            "save_form": SavedFilterForm(),
        }
        template = "dashboards/_board.html" if request.htmx else "dashboards/team.html"  # type: ignore[attr-defined]
        return render(request, template, context)


@replica_reads
class MySummaryView(DashboardMixin, View):
    """The specialist's own month: caseload, stage mix, overdue items, contacts and time."""

    allowed_roles = frozenset({Role.SPECIALIST})
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        board, form = self.board()
        row = board.row_for(self.user.pk)
        return render(
            request,
            "dashboards/mine.html",
            {
                "board": board,
                "row": row,
                "form": form,
                "query": self.query(),
                "facts": FACTS,
                "channels": CHANNEL_LABELS,
            },
        )


@replica_reads
class DrillView(DashboardMixin, View):
    """The cases behind one number of the dashboard, computed by the same selector."""

    allowed_roles = LEADS | {Role.SPECIALIST}
    http_method_names = ["get", "head"]

    def cases(self, fact: str) -> tuple[Dashboard, User | None, list[Case]]:
        if fact not in FACTS:
            raise Http404
        board, form = self.board()
        if form.is_bound and not form.is_valid():
            raise Http404  # a specialist or team outside the user's own
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        specialist = self.user if self.user.role == Role.SPECIALIST else data.get("spesialist")
        cases = list(drill_cases(board, fact, specialist.pk if specialist else None))
        access_record_many(
            request=self.request,
            actor=self.user,
            rows=[(c.participant_id, c.pk) for c in cases],
        )
        return board, specialist, cases

    def get(self, request: HttpRequest, fact: str) -> HttpResponse:
        board, specialist, cases = self.cases(fact)
        back = "dashboards:mine" if self.user.role == Role.SPECIALIST else "dashboards:team"
        return render(
            request,
            "dashboards/drill.html",
            {
                "board": board,
                "fact": fact,
                "fact_label": FACTS[fact],
                "specialist": specialist,
                "cases": cases,
                "query": self.query(),
                "back": back,
                "can_reassign": self.user.role in LEADS,
            },
        )


class DrillExportView(DrillView):
    """The same cases as a CSV or XLSX file."""

    def get(self, request: HttpRequest, fact: str, fmt: str = "csv") -> HttpResponse:
        _board, _specialist, cases = self.cases(fact)
        header = [_("Case number"), _("Name"), _("Programme"), _("Status"), _("Job specialist")]
        rows = [
            [
                case.pk,
                case.participant.full_name,
                case.programme.name,
                case.get_status_display(),
                case.owner.get_full_name(),
            ]
            for case in cases
        ]
        return export_response(fmt, f"dashbord-{fact}", header, rows)


class SavedFilterCreateView(RoleRequiredMixin, View):
    allowed_roles = LEADS
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        form = SavedFilterForm(request.POST)
        query = urlencode({k: v for k, v in request.POST.items() if k in FILTER_KEYS and v})
        if form.is_valid():
            # A double click racing itself can meet the unique constraint: one of them saved it.
            with contextlib.suppress(IntegrityError):
                SavedFilter.objects.update_or_create(
                    user=self.user, name=form.cleaned_data["name"], defaults={"query": query}
                )
            messages.success(request, _("The filters are saved."))
        else:
            messages.error(request, _("Give the filters a name."))
        return redirect(f"{_url('dashboards:team')}?{query}")


class SavedFilterDeleteView(RoleRequiredMixin, View):
    allowed_roles = LEADS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        get_object_or_404(SavedFilter, pk=pk, user=self.user).delete()
        messages.success(request, _("The saved filters are deleted."))
        return redirect("dashboards:team")


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)
