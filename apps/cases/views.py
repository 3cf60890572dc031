from __future__ import annotations

from django.db.models import Q, QuerySet
from django.views.generic import DetailView, ListView

from apps.cases.models import OPEN_STATUSES, Case
from apps.cases.selectors import cases_visible_to
from apps.organisation.models import PERSON_DATA_ROLES
from apps.organisation.views import RoleRequiredMixin


class PersonDataMixin(RoleRequiredMixin):
    """For pages that show a person: only roles that work with people, and 403 for the rest."""

    allowed_roles = frozenset(PERSON_DATA_ROLES)


class WorklistView(PersonDataMixin, ListView):
    """Mine saker: the open cases the user owns or co-owns."""

    template_name = "cases/worklist.html"
    context_object_name = "cases"
    http_method_names = ["get", "head"]

    def get_queryset(self) -> QuerySet[Case]:
        user = self.user
        return (
            cases_visible_to(user)
            .filter(Q(owner=user) | Q(co_owner=user), status__in=OPEN_STATUSES)
            .select_related("participant", "programme")
            .order_by("participant__last_name", "participant__first_name", "pk")
        )


class CaseDetailView(PersonDataMixin, DetailView):
    template_name = "cases/case_detail.html"
    context_object_name = "case"
    http_method_names = ["get", "head"]

    def get_queryset(self) -> QuerySet[Case]:
        return cases_visible_to(self.user).select_related(
            "participant", "programme", "office", "team", "owner", "co_owner"
        )
