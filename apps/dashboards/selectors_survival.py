"""Time to work: Kaplan-Meier curves per programme, office and start-month cohort.

The rule, version 1 (``time_to_work@1``), read as it stands on ``as_of``:

- **Who.** Every case of ``cases`` that became active (``participant_since``) on or before
  ``as_of``. Cases that never did (referred, in intake, rejected, withdrawn) never started the
  clock and are left out. The cohort is the month of ``participant_since``.
- **The clock** starts on ``participant_since`` and runs in days.
- **The event, work**, is the first of:

  1. the start of a paid placement (``PlacementKind.PAID`` or ``PAID_SUBSIDISED``: wage subsidy
     counts, practice, sheltered practice, job tasters and "other" do not) starting on or after
     ``participant_since`` and no later than the end of the follow-up below, of at least 4 hours
     a week by the same test as the outcome measures (``apps.reporting.measures.in_work``):
     its hours per week are 4 or more, or, with no hours recorded, its percentage of full time
     is 11 or more; a placement with neither recorded does not count, since the rule cannot tell;
  2. otherwise, the discharge itself, when the status recorded at the case's current discharge
     is in work by that same test (``in_work_at_discharge@1``).

- **Censored**, when neither happened: a case not discharged by ``as_of`` (active, paused, or
  discharged only later) at ``as_of``; a case that ended (discharged or closed) without work at
  its end date.

A reopened case is one spell (DOMAIN.md: a new referral within the gap period continues it): its
earlier discharge status is superseded, so it counts as open until it is discharged again. The
case is read as it is now: a reopening after ``as_of`` is not undone, so that case counts as open
on ``as_of`` although it was then discharged.

Discharge without work is treated as censoring, as the issue asks: the curve estimates the time
to work had the participants stayed in the programme, not the share who left in work.

The durations come from one query (the first paid start and the status at discharge as
subqueries); the estimator (``apps.dashboards.survival``) runs over them in Python. The caller
scopes ``cases`` (``cases_for(user, ...)`` or an office's or programme's cases); a curve shows
individual event times, so a page for roles that see counts only must protect small groups.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from typing import Literal

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.cases.models import Case, OutcomeStatus
from apps.dashboards.survival import KaplanMeier, kaplan_meier
from apps.placements.models import PAID_KINDS, Placement
from apps.reporting.measures import (
    DISCHARGED_STATUSES,
    MIN_HOURS_PER_WEEK,
    MIN_PERCENT_OF_FULL_TIME,
    in_work,
)

DEFINITION = "time_to_work@1"

Grouping = Literal["programme", "office", "cohort"]
BY_ALL: tuple[Grouping, ...] = ("programme", "office", "cohort")


def paid_work() -> Q:
    """A placement that is work for version 1: paid, of at least 4 hours a week."""
    return Q(kind__in=PAID_KINDS) & (
        Q(hours_per_week__gte=MIN_HOURS_PER_WEEK)
        | Q(hours_per_week__isnull=True, position_percent__gte=MIN_PERCENT_OF_FULL_TIME)
    )


@dataclass(frozen=True)
class Spell:
    """One case on the clock: how many days it was followed, and whether it ended in work."""

    case_id: int
    programme_id: int
    programme: str
    office_id: int
    office: str
    cohort: datetime.date  # the first day of the month of participant_since
    days: int
    in_work: bool  # the event was observed; False: censored after ``days``


def time_to_work_spells(*, cases: QuerySet[Case], as_of: datetime.date) -> list[Spell]:
    """The spell of every case of ``cases`` that started by ``as_of``, by the rule above, in
    the order programme, office, start date. One query."""
    first_paid_start = (
        Placement.objects.filter(
            paid_work(),
            case=OuterRef("pk"),
            start_on__gte=OuterRef("participant_since"),
            start_on__lte=as_of,
        )
        .order_by("start_on")
        .values("start_on")[:1]
    )
    in_work_at_discharge = OutcomeStatus.objects.filter(
        in_work(), case=OuterRef("pk"), at_discharge=True, superseded_on__isnull=True
    )
    # Restart from the ids, so that a caller's filter across a to-many relation can never give
    # a case twice (as apps.reporting.measures does).
    rows = (
        Case.objects.filter(
            pk__in=cases.values("pk"),
            participant_since__isnull=False,
            participant_since__lte=as_of,
        )
        .annotate(
            _first_paid_start=Subquery(first_paid_start),
            _in_work_at_discharge=Exists(in_work_at_discharge),
        )
        .order_by("programme__name", "office__name", "participant_since", "pk")
        .values_list(
            "pk",
            "programme_id",
            "programme__name",
            "office_id",
            "office__name",
            "participant_since",
            "status",
            "end_date",
            "_first_paid_start",
            "_in_work_at_discharge",
        )
    )
    spells = []
    for (
        pk,
        programme_id,
        programme,
        office_id,
        office,
        start,
        status,
        end_date,
        first_paid_start,
        discharged_in_work,
    ) in rows:
        assert start is not None  # filtered on above
        if status in DISCHARGED_STATUSES and end_date is not None and end_date <= as_of:
            until, ended = end_date, True
        else:
            until, ended = as_of, False
        if first_paid_start is not None and first_paid_start <= until:
            stop, event = first_paid_start, True
        else:
            stop, event = until, ended and discharged_in_work
        spells.append(
            Spell(
                case_id=pk,
                programme_id=programme_id,
                programme=programme,
                office_id=office_id,
                office=office,
                cohort=start.replace(day=1),
                days=(stop - start).days,
                in_work=event,
            )
        )
    return spells


@dataclass(frozen=True)
class TimeToWork:
    """The curve of one group; the fields it is not grouped by are None (and "")."""

    programme_id: int | None
    programme: str
    office_id: int | None
    office: str
    cohort: datetime.date | None
    curve: KaplanMeier

    @property
    def label(self) -> str:
        """The legend text: programme, office, cohort month ("januar 2026" in bokmål)."""
        parts = [self.programme, self.office]
        if self.cohort is not None:
            parts.append(date_format(self.cohort, "YEAR_MONTH_FORMAT"))
        return ", ".join(part for part in parts if part) or _("All participants")


def time_to_work(
    *,
    cases: QuerySet[Case],
    as_of: datetime.date,
    by: Iterable[Grouping] = BY_ALL,
) -> list[TimeToWork]:
    """A Kaplan-Meier curve of the time to work (``time_to_work@1``, the module docstring) for
    each group of ``cases`` by ``by`` (any of programme, office and start-month cohort; none: one
    curve for them all), ordered by programme name, office name and cohort. One query.

    A group appears only when at least one of its cases started by ``as_of``.
    """
    keys = frozenset(by)
    unknown = keys - set(BY_ALL)
    if unknown:
        raise ValueError(f"Cannot group the time to work by {sorted(unknown)}.")

    def group(spell: Spell) -> tuple[str, int | None, str, int | None, datetime.date | None]:
        return (
            spell.programme if "programme" in keys else "",
            spell.programme_id if "programme" in keys else None,
            spell.office if "office" in keys else "",
            spell.office_id if "office" in keys else None,
            spell.cohort if "cohort" in keys else None,
        )

    def sort_key(spell: Spell) -> tuple[object, ...]:
        programme, programme_id, office, office_id, cohort = group(spell)
        return (programme, programme_id or 0, office, office_id or 0, cohort or datetime.date.min)

    spells = sorted(time_to_work_spells(cases=cases, as_of=as_of), key=sort_key)
    return [
        TimeToWork(
            programme_id=programme_id,
            programme=programme,
            office_id=office_id,
            office=office,
            cohort=cohort,
            curve=kaplan_meier((spell.days, spell.in_work) for spell in members),
        )
        for (programme, programme_id, office, office_id, cohort), members in groupby(
            spells, key=group
        )
    ]
