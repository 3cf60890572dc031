"""Reads of cases. Access is scoped here, and only here: ``cases_for(user, action)``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from apps.cases.access import CaseAction, case_scope
from apps.cases.models import (
    OPEN_STATUSES,
    Case,
    CaseEvent,
    CaseStageEvent,
    CaseTransfer,
)
from apps.organisation.models import Role, User


def cases_for(user: User, action: CaseAction = CaseAction.VIEW) -> QuerySet[Case]:
    """Every case ``user`` may act on in the given way: the one place case access is scoped."""
    return Case.objects.filter(case_scope(user, action).as_q())


def cases_visible_to(user: User) -> QuerySet[Case]:
    return cases_for(user, CaseAction.VIEW)


def stage_on(case: Case, on: datetime.date) -> int | None:
    """The case's stage on a date: the latest stage row entered on or before it."""
    return (
        CaseStageEvent.objects.filter(case=case, entered_on__lte=on)
        .order_by("-entered_on", "-created_at", "-id")
        .values_list("stage", flat=True)
        .first()
    )


@dataclass(frozen=True)
class StageSpell:
    stage: int
    label: str
    days: int


def stage_durations(case: Case, today: datetime.date) -> list[StageSpell]:
    """Days spent in each stage, summed over every spell, from the stage history (one query)."""
    from apps.cases.models import Stage

    events = list(CaseStageEvent.objects.filter(case=case).values_list("stage", "entered_on"))
    end = case.end_date or today
    totals: dict[int, int] = {}
    for (stage, start), following in zip(events, [*events[1:], (None, end)], strict=True):
        totals[stage] = totals.get(stage, 0) + max((min(following[1], end) - start).days, 0)
    return [
        StageSpell(stage, str(Stage(stage).label), days) for stage, days in sorted(totals.items())
    ]


LATEST_STAGE_FIRST = ("-entered_on", "-created_at", "-id")


def _latest_stage(field: str) -> Subquery:
    return Subquery(
        CaseStageEvent.objects.filter(case=OuterRef("pk"))
        .order_by(*LATEST_STAGE_FIRST)
        .values(field)[:1]
    )


def current_stage(case: Case) -> int | None:
    """The case's stage now (what with_worklist_facts annotates as current_stage), one query."""
    return (
        CaseStageEvent.objects.filter(case=case)
        .order_by(*LATEST_STAGE_FIRST)
        .values_list("stage", flat=True)
        .first()
    )


def with_worklist_facts(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Annotate what the worklist and the warnings need, so a list costs one query."""
    from apps.contacts.models import Contact

    contacts = Contact.objects.filter(case=OuterRef("pk")).order_by()
    employer_contacts = contacts.filter(with_employer=True)
    return cases.select_related("participant", "programme", "rules", "owner").annotate(
        current_stage=_latest_stage("stage"),
        stage_entered_on=_latest_stage("entered_on"),
        # A subquery per case on the (case, occurred_at DESC) index, not Max() over a join: the
        # join made the database group every case row (with its participant, programme, rules
        # and owner) over all its contacts, 4x slower for a team's 300 cases at national scale.
        last_contact_at=Subquery(contacts.order_by("-occurred_at").values("occurred_at")[:1]),
        first_employer_contact_at=Subquery(
            employer_contacts.order_by("occurred_at").values("occurred_at")[:1]
        ),
    )


@dataclass(frozen=True)
class WorklistFilter:
    status: str = ""
    stage: int | None = None
    programme_id: int | None = None
    # Someone else's cases (a team lead looking at a specialist's caseload); still scoped by what
    # the user may read.
    owner_id: int | None = None


def worklist(user: User, filters: WorklistFilter | None = None) -> QuerySet[Case]:
    """Mine saker: the user's own open cases (owned or co-owned), with the facts the list shows."""
    filters = filters or WorklistFilter()
    whose = filters.owner_id or user.pk
    cases = cases_visible_to(user).filter(Q(owner_id=whose) | Q(co_owner_id=whose))
    cases = (
        cases.filter(status=filters.status)
        if filters.status
        else cases.filter(status__in=OPEN_STATUSES)
    )
    if filters.programme_id:
        cases = cases.filter(programme_id=filters.programme_id)
    cases = with_worklist_facts(cases)
    if filters.stage:
        # current_stage is an annotation, which the type checker cannot see.
        cases = cases.filter(Q(current_stage=filters.stage))
    return cases.order_by("participant__last_name", "participant__first_name", "pk")


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime | datetime.date
    kind: str  # "contact", "stage", "event"
    item: Any

    @property
    def sort_key(self) -> tuple[datetime.date, datetime.datetime]:
        """By day first; within a day by the time it happened, or for stage moves and status
        changes (which carry a date only) by the time they were recorded."""
        if isinstance(self.at, datetime.datetime):
            return (timezone.localdate(self.at), self.at)
        return (self.at, self.item.created_at)


# Entries the case page opens with; "Show older" loads the next page. Twenty cover the last weeks
# of an active case, fit a phone's screen a few times over, and render in a third of the time of
# fifty (docs/performance.md).
TIMELINE_PAGE = 20


@dataclass(frozen=True)
class TimelinePage:
    entries: list[TimelineEntry]
    page: int
    has_more: bool


def case_timeline(case: Case, page: int = 0, per_page: int = TIMELINE_PAGE) -> TimelinePage:
    """Contacts, stage moves and lifecycle events of a case, newest first, one page at a time.

    Three queries whatever the page: each kind is read newest first up to the end of the page
    (plus one, to know whether there is more), the three are merged, and the page is cut out.
    A case with years of contacts opens as fast as a new one.
    """
    from apps.contacts.models import Contact

    upto = (page + 1) * per_page + 1
    entries = [
        TimelineEntry(c.occurred_at, "contact", c)
        for c in Contact.objects.filter(case=case)
        .select_related("author")
        .order_by("-occurred_at", "-id")[:upto]
    ]
    entries += [
        TimelineEntry(s.entered_on, "stage", s)
        for s in CaseStageEvent.objects.filter(case=case)
        .select_related("actor")
        .order_by("-entered_on", "-created_at", "-id")[:upto]
    ]
    entries += [
        TimelineEntry(e.occurred_on, "event", e)
        for e in CaseEvent.objects.filter(case=case)
        .select_related("actor")
        .order_by("-occurred_on", "-created_at", "-id")[:upto]
    ]
    entries.sort(key=lambda e: e.sort_key, reverse=True)
    start, end = page * per_page, (page + 1) * per_page
    return TimelinePage(entries=entries[start:end], page=page, has_more=len(entries) > end)


def incoming_transfers(user: User) -> QuerySet[CaseTransfer]:
    """Transfers waiting for this team lead (or office head) to accept or decline."""
    pending = CaseTransfer.objects.filter(decided_at__isnull=True).select_related(
        "case__participant", "case__programme", "from_office", "to_team"
    )
    if user.role == Role.TEAM_LEAD:
        return pending.filter(to_team_id__in=user.team_ids)
    if user.role == Role.OFFICE_HEAD and user.office_id is not None:
        return pending.filter(to_team__office_id=user.office_id)
    return pending.none()
