"""Query-string filters for the lists (django-filter). They narrow a scoped queryset; they never
widen it: every list starts from a selector that already holds only what the caller may read."""

from __future__ import annotations

from typing import Any

import django_filters  # type: ignore[import-untyped]
from django.db.models import Q, QuerySet

from apps.agreements.models import Agreement, AgreementStatus
from apps.cases.models import Case, CaseStatus, Stage
from apps.contacts.models import Activity, Channel, Contact
from apps.employers.models import Employer
from apps.followups.models import Checkpoint, CheckpointKind, CheckpointStatus
from apps.mentors.models import MentorAssignment, MentorStatus
from apps.participants.models import Participant, Protection
from apps.placements.models import Placement, PlacementKind


class IdFilter(django_filters.NumberFilter):
    """An id in the query string: a whole number that fits the database's ids."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


def _mine(queryset: QuerySet[Any], prefix: str, user: Any, value: bool) -> QuerySet[Any]:
    mine = Q(**{f"{prefix}owner": user}) | Q(**{f"{prefix}co_owner": user})
    return queryset.filter(mine) if value else queryset.exclude(mine)


class ParticipantFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(
        method="filter_name", max_length=100, label=("Part of the first or last name")
    )
    protection = django_filters.ChoiceFilter(choices=Protection.choices)
    born_after = django_filters.DateFilter(field_name="birth_date", lookup_expr="gte")
    born_before = django_filters.DateFilter(field_name="birth_date", lookup_expr="lte")

    class Meta:
        model = Participant
        fields: list[str] = []

    def filter_name(
        self, queryset: QuerySet[Participant], name: str, value: str
    ) -> QuerySet[Participant]:
        return queryset.filter(Q(first_name__icontains=value) | Q(last_name__icontains=value))


class CaseFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=CaseStatus.choices)
    programme = IdFilter(field_name="programme_id")
    participant = IdFilter(field_name="participant_id")
    owner = IdFilter(field_name="owner_id")
    team = IdFilter(field_name="team_id")
    stage = django_filters.TypedChoiceFilter(
        choices=Stage.choices, coerce=int, method="filter_stage", label=("The stage today")
    )
    mine = django_filters.BooleanFilter(
        method="filter_mine", label=("Only cases you own or co-own (or, false, the others)")
    )
    referred_after = django_filters.DateFilter(field_name="referral_date", lookup_expr="gte")
    referred_before = django_filters.DateFilter(field_name="referral_date", lookup_expr="lte")

    class Meta:
        model = Case
        fields: list[str] = []

    def filter_stage(self, queryset: QuerySet[Case], name: str, value: int) -> QuerySet[Case]:
        # current_stage is an annotation of the scoped queryset (with_worklist_facts).
        return queryset.filter(Q(current_stage=value))

    def filter_mine(self, queryset: QuerySet[Case], name: str, value: bool) -> QuerySet[Case]:
        return _mine(queryset, "", self.request.user if self.request else None, value)


class ContactFilter(django_filters.FilterSet):
    case = IdFilter(field_name="case_id")
    employer = IdFilter(field_name="employer_id")
    channel = django_filters.ChoiceFilter(choices=Channel.choices)
    activity = django_filters.ChoiceFilter(choices=Activity.choices)
    author = IdFilter(field_name="author_id")
    after = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="gte")
    before = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="lt")

    class Meta:
        model = Contact
        fields: list[str] = []


class EmployerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q", max_length=200, label=("Part of the name, or the start of the number")
    )

    class Meta:
        model = Employer
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet[Employer], name: str, value: str) -> QuerySet[Employer]:
        value = value.strip()
        digits = value.replace(" ", "")
        if digits.isdigit():
            return queryset.filter(Q(name__icontains=value) | Q(orgnr__startswith=digits))
        return queryset.filter(name__icontains=value)


class PlacementFilter(django_filters.FilterSet):
    case = IdFilter(field_name="case_id")
    employer = IdFilter(field_name="employer_id")
    kind = django_filters.ChoiceFilter(choices=PlacementKind.choices)
    ongoing = django_filters.BooleanFilter(
        field_name="ended_on", lookup_expr="isnull", label=("Not ended")
    )

    class Meta:
        model = Placement
        fields: list[str] = []


class AgreementFilter(django_filters.FilterSet):
    case = IdFilter(field_name="case_id")
    placement = IdFilter(field_name="placement_id")
    status = django_filters.ChoiceFilter(choices=AgreementStatus.choices)

    class Meta:
        model = Agreement
        fields: list[str] = []


class MentorFilter(django_filters.FilterSet):
    case = IdFilter(field_name="placement__case_id")
    placement = IdFilter(field_name="placement_id")
    status = django_filters.ChoiceFilter(choices=MentorStatus.choices)

    class Meta:
        model = MentorAssignment
        fields: list[str] = []


class CheckpointFilter(django_filters.FilterSet):
    case = IdFilter(field_name="case_id")
    kind = django_filters.ChoiceFilter(choices=CheckpointKind.choices)
    status = django_filters.ChoiceFilter(choices=CheckpointStatus.choices)
    due_after = django_filters.DateFilter(field_name="due_on", lookup_expr="gte")
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lte")
    mine = django_filters.BooleanFilter(
        method="filter_mine", label=("Only checkpoints of cases you own or co-own")
    )

    class Meta:
        model = Checkpoint
        fields: list[str] = []

    def filter_mine(
        self, queryset: QuerySet[Checkpoint], name: str, value: bool
    ) -> QuerySet[Checkpoint]:
        return _mine(queryset, "case__", self.request.user if self.request else None, value)
