"""Outcome measures: named, versioned definitions, each computed by one SQL aggregate.

The evaluation reports disagree on what "in work" and "after" mean (004 L163), so a measure is
always named with its version, ``in_work_at_discharge@1``, and a changed definition gets a new
version rather than changing what an old figure meant. Targets name measures the same way.

"In work" (version 1, DOMAIN.md): paid work (``OutcomeStatus.in_work``: wage subsidy counts, an
unpaid practice placement is not paid work and is recorded as not in work) of at least 4 hours a
week. When the hours are not recorded, a percentage of full time of 11 % or more (4.1 hours of a
37.5-hour week) counts; with neither recorded, the status does not count as in work, since the
measure cannot tell.

Every rate carries its N (the denominator) and the participant mix of those N beside it (reduced
work capacity, on AAP, under 30 at referral, employed at start), because the mix explains most
of the differences between offices (004 L1452). The mix reads the participant's fields as they
are now (the benefit may have changed since the case started); ``age_at_referral`` is kept on
the case for this reason.

"Discharged" means a case that is discharged or closed (never rejected or withdrawn), read at its
current discharge: when a case was reopened and discharged again, only the status recorded at the
last discharge counts (earlier ones are marked superseded), and only the follow-ups hanging off
that discharge.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from apps.cases.models import Case, CaseEvent, CaseEventKind, CaseStatus, OutcomeStatus
from apps.followups.models import Checkpoint, CheckpointKind, CheckpointStatus
from apps.participants.models import Benefit
from apps.reporting.selectors import percent

MIN_HOURS_PER_WEEK = 4
# 11 % of a 37.5-hour week is 4.1 hours; 10 % would be 3.75.
MIN_PERCENT_OF_FULL_TIME = 11
UNDER_AGE = 30
FOLLOW_UP_MONTHS = (3, 6, 12)
DISCHARGED_STATUSES = (CaseStatus.DISCHARGED, CaseStatus.CLOSED)


def in_work(prefix: str = "") -> Q:
    """An OutcomeStatus (reached through ``prefix``) that counts as in work for version 1."""
    return Q(**{f"{prefix}in_work": True}) & (
        Q(**{f"{prefix}work_hours_per_week__gte": MIN_HOURS_PER_WEEK})
        | Q(
            **{
                f"{prefix}work_hours_per_week__isnull": True,
                f"{prefix}work_percent__gte": MIN_PERCENT_OF_FULL_TIME,
            }
        )
    )


class AddMonths(Func):
    """A date column plus whole months, in SQL; the 31st plus one month is the month's last day
    on PostgreSQL, as with ``relativedelta`` (SQLite, used only in demo mode, rolls over)."""

    output_field = DateField()

    def __init__(self, expression: Any, months: int) -> None:
        # A literal, not a parameter: it is an int from FOLLOW_UP_MONTHS, checked before this.
        self.months = int(months)
        self.template = f"CAST(%(expressions)s + interval '{self.months} months' AS date)"
        super().__init__(expression)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = f"date(%(expressions)s, '+{self.months} months')"
        return self.as_sql(compiler, connection, template=template, **extra)


@dataclass(frozen=True)
class Parts:
    """What a measure counts: the denominator's cases, and two conditions on them."""

    cohort: QuerySet[Case]
    success: Q  # the numerator
    recorded: Q  # the status the measure reads was recorded (its absence is non-response)


@dataclass(frozen=True)
class Measure:
    key: str
    version: int
    label: Promise  # may hold %(months)d
    description: Promise
    build: Callable[[QuerySet[Case], int | None, datetime.date], Parts]
    months: tuple[int, ...] = ()  # the allowed N; empty when the measure has none
    default_months: int | None = None

    @property
    def name(self) -> str:
        return f"{self.key}@{self.version}"

    def months_or_default(self, months: int | None) -> int | None:
        if not self.months:
            if months is not None:
                raise ValueError(f"{self.name} takes no number of months.")
            return None
        months = self.default_months if months is None else months
        if months not in self.months:
            raise ValueError(f"{self.name} is defined for {self.months} months, not {months}.")
        return months

    def title(self, months: int | None) -> str:
        return str(self.label) % {"months": months} if months is not None else str(self.label)


# --- The definitions ------------------------------------------------------------------------


def _current_discharge_status() -> QuerySet[OutcomeStatus]:
    return OutcomeStatus.objects.filter(
        case=OuterRef("pk"), at_discharge=True, superseded_on__isnull=True
    )


def _discharged(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.filter(status__in=DISCHARGED_STATUSES).filter(Exists(_current_discharge_status()))


def _follow_up_recorded(months: int) -> QuerySet[Checkpoint]:
    """The done follow-up ``months`` after the case's current discharge, with its status.

    A reopened case keeps the follow-ups of its earlier discharge (done ones stay done); they hang
    off that discharge's event, so matching the anchor to the latest discharge event leaves them
    out.
    """
    latest_discharge = (
        CaseEvent.objects.filter(
            case=OuterRef("case_id"),
            kind=CaseEventKind.STATUS,
            to_status=CaseStatus.DISCHARGED,
        )
        .order_by("-pk")
        .values("pk")[:1]
    )
    return Checkpoint.objects.filter(
        case=OuterRef("pk"),
        kind=CheckpointKind.POST_DISCHARGE,
        anchor_type="discharge",
        anchor_id=Subquery(latest_discharge),
        sequence=months,
        status=CheckpointStatus.DONE,
        outcome__isnull=False,
    )


def _at_discharge(cases: QuerySet[Case], months: int | None, as_of: datetime.date) -> Parts:
    return Parts(
        cohort=_discharged(cases),
        success=Q(Exists(_current_discharge_status().filter(in_work()))),
        recorded=Q(Exists(_current_discharge_status())),
    )


def _discharged_long_enough(
    cases: QuerySet[Case], months: int, as_of: datetime.date
) -> QuerySet[Case]:
    # Only cases whose follow-up is due by ``as_of``: a case discharged last week cannot have
    # been in work three months after, and must not lower the rate.
    return _discharged(cases).filter(end_date__lte=as_of - relativedelta(months=months))


def _after_discharge(cases: QuerySet[Case], months: int | None, as_of: datetime.date) -> Parts:
    assert months is not None
    return Parts(
        cohort=_discharged_long_enough(cases, months, as_of),
        success=Q(Exists(_follow_up_recorded(months).filter(in_work("outcome__")))),
        recorded=Q(Exists(_follow_up_recorded(months))),
    )


def _still_after_discharge(
    cases: QuerySet[Case], months: int | None, as_of: datetime.date
) -> Parts:
    assert months is not None
    in_work_at_discharge = Exists(_current_discharge_status().filter(in_work()))
    return Parts(
        cohort=_discharged_long_enough(cases, months, as_of).filter(in_work_at_discharge),
        success=Q(Exists(_follow_up_recorded(months).filter(in_work("outcome__")))),
        recorded=Q(Exists(_follow_up_recorded(months))),
    )


def _after_start(cases: QuerySet[Case], months: int | None, as_of: datetime.date) -> Parts:
    """The last status recorded on or before the day ``months`` after ``participant_since``.

    Statuses are recorded at discharge and at the follow-ups after it; a discharge status that a
    reopening superseded before that day is no longer the participant's situation and is skipped.
    A case still active on that day has, in version 1, no recorded status (placements are not
    read yet): it stays in N and shows as not recorded.
    """
    assert months is not None
    latest = (
        OutcomeStatus.objects.filter(case=OuterRef("pk"), recorded_on__lte=OuterRef("_horizon"))
        .exclude(superseded_on__lte=OuterRef("_horizon"))
        .order_by("-recorded_on", "-pk")
        .values("pk")[:1]
    )
    cohort = cases.filter(
        participant_since__isnull=False,
        participant_since__lte=as_of - relativedelta(months=months),
    ).annotate(_horizon=AddMonths(F("participant_since"), months), _latest=Subquery(latest))
    return Parts(
        cohort=cohort,
        success=Q(Exists(OutcomeStatus.objects.filter(in_work(), pk=OuterRef("_latest")))),
        recorded=Q(_latest__isnull=False),
    )


REGISTRY: tuple[Measure, ...] = (
    Measure(
        key="in_work_at_discharge",
        version=1,
        label=_("In work at discharge"),
        description=_("Discharged participants in paid work of at least 4 hours a week."),
        build=_at_discharge,
    ),
    Measure(
        key="in_work_after_discharge",
        version=1,
        label=_("In work %(months)d months after discharge"),
        description=_(
            "Participants discharged at least that long ago who were in paid work of at least 4 "
            "hours a week at the follow-up that many months after discharge."
        ),
        build=_after_discharge,
        months=FOLLOW_UP_MONTHS,
        default_months=3,
    ),
    Measure(
        key="still_in_work_after_discharge",
        version=1,
        label=_("Still in work %(months)d months after discharge"),
        description=_(
            "Of the participants in work at discharge, those still in paid work of at least 4 "
            "hours a week at the follow-up that many months after discharge."
        ),
        build=_still_after_discharge,
        months=FOLLOW_UP_MONTHS,
        default_months=3,
    ),
    Measure(
        key="in_work_after_start",
        version=1,
        label=_("In work %(months)d months after start"),
        description=_(
            "Participants who started at least that long ago whose last recorded status by then "
            "was paid work of at least 4 hours a week."
        ),
        build=_after_start,
        months=FOLLOW_UP_MONTHS,
        default_months=12,
    ),
)
MEASURES: dict[str, Measure] = {measure.name: measure for measure in REGISTRY}


# --- Rates ----------------------------------------------------------------------------------


def _share(count: int, total: int) -> Decimal | None:
    return Decimal(count) / total if total else None


@dataclass(frozen=True)
class ParticipantMix:
    """Who the N are. Unknown values (a field left empty) count as "no"."""

    n: int
    reduced_work_capacity: int
    aap: int
    under_30: int
    employed_at_start: int

    @property
    def reduced_work_capacity_share(self) -> Decimal | None:
        return _share(self.reduced_work_capacity, self.n)

    @property
    def aap_share(self) -> Decimal | None:
        return _share(self.aap, self.n)

    @property
    def under_30_share(self) -> Decimal | None:
        return _share(self.under_30, self.n)

    @property
    def employed_at_start_share(self) -> Decimal | None:
        return _share(self.employed_at_start, self.n)


@dataclass(frozen=True)
class Rate:
    measure: str  # its name with the version: "in_work_after_discharge@1"
    title: str
    months: int | None
    numerator: int
    denominator: int  # N
    recorded: int  # of the N, how many have the status the measure reads
    mix: ParticipantMix

    @property
    def share(self) -> Decimal | None:
        return _share(self.numerator, self.denominator)

    @property
    def percent(self) -> int | None:
        return percent(self.numerator, self.denominator)


def _counts(parts: Parts) -> dict[str, Count]:
    return {
        "n": Count("pk"),
        "success": Count("pk", filter=parts.success),
        "recorded": Count("pk", filter=parts.recorded),
        "reduced": Count("pk", filter=Q(participant__reduced_work_capacity=True)),
        "aap": Count("pk", filter=Q(participant__benefit=Benefit.AAP)),
        "under_30": Count("pk", filter=Q(age_at_referral__lt=UNDER_AGE)),
        "employed": Count("pk", filter=Q(participant__employed_at_start=True)),
    }


def _rate(measure: Measure, months: int | None, row: dict[str, Any]) -> Rate:
    return Rate(
        measure=measure.name,
        title=measure.title(months),
        months=months,
        numerator=row["success"],
        denominator=row["n"],
        recorded=row["recorded"],
        mix=ParticipantMix(
            n=row["n"],
            reduced_work_capacity=row["reduced"],
            aap=row["aap"],
            under_30=row["under_30"],
            employed_at_start=row["employed"],
        ),
    )


def _parts(
    name: str, cases: QuerySet[Case] | None, months: int | None, as_of: datetime.date | None
) -> tuple[Measure, int | None, Parts]:
    try:
        measure = MEASURES[name]
    except KeyError:
        raise KeyError(f"No outcome measure named {name!r}; known: {sorted(MEASURES)}") from None
    months = measure.months_or_default(months)
    # Restart from the ids, so that a caller's filter across a to-many relation can never count
    # a case twice, and its ordering never reaches a GROUP BY.
    base = Case.objects.all() if cases is None else Case.objects.filter(pk__in=cases.values("pk"))
    return measure, months, measure.build(base, months, as_of or timezone.localdate())


def rate(
    name: str,
    *,
    cases: QuerySet[Case] | None = None,
    months: int | None = None,
    as_of: datetime.date | None = None,
) -> Rate:
    """The measure ``name`` over ``cases`` (every case if None), with its N and mix. One query.

    ``cases`` says whose figures these are (an office, a programme, a period of discharge); the
    measure then takes its own denominator from them. ``as_of`` (today by default) decides which
    follow-ups are due.
    """
    measure, months, parts = _parts(name, cases, months, as_of)
    row = parts.cohort.order_by().aggregate(**_counts(parts))
    return _rate(measure, months, row)


def rates_by_office(
    name: str,
    *,
    cases: QuerySet[Case] | None = None,
    months: int | None = None,
    as_of: datetime.date | None = None,
) -> dict[int, Rate]:
    """``rate`` for each office of the cases, by office id. One query (GROUP BY office)."""
    measure, months, parts = _parts(name, cases, months, as_of)
    rows = parts.cohort.order_by().values("office_id").annotate(**_counts(parts))
    return {row["office_id"]: _rate(measure, months, row) for row in rows}
