"""What the cases tell about a half-year: the office's counts and each participant's row.

The counts come from the reporting selectors, never re-derived here, so that the form agrees with
the directorate's reports: participants at the start and end of the half-year, entered and
discharged from ``apps.reporting.stock.monthly_stock``; in work at discharge and at each follow-up
from ``apps.reporting.measures.rate``. Time use is summed from the contact log.

Which cases get a row: every case of the office that was a participant at some time in the
half-year (active from ``participant_since`` until the discharge, as the stock counts them), and
every case discharged in the twelve months before it, whose follow-ups after discharge fall in the
half-year (000 L308-310: the form reports the status at +3, +6 and +12 months).

A row holds no direct identifier: categories, months instead of dates, an age band instead of the
age, counts of contacts. Each function here costs a fixed number of queries, whatever the number of
cases.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet, Sum
from django.utils import timezone

from apps.cases.models import Case, CaseEvent, CaseEventKind, CaseStatus, EndReason, OutcomeStatus
from apps.contacts.models import FACE_TO_FACE, Activity, Channel, Contact
from apps.followups.models import Checkpoint, CheckpointKind, CheckpointStatus
from apps.halfyear.models import (
    FOLLOW_UP_MONTHS,
    AgeBand,
    CheckpointState,
    HalfYearRow,
    OtherActor,
)
from apps.halfyear.periods import HalfYear
from apps.organisation.models import Office
from apps.participants.models import (
    Benefit,
    BirthCountryGroup,
    Education,
    Gender,
    SupportNetwork,
)
from apps.placements.models import PAID_KINDS, PlacementKind
from apps.reporting.measures import in_work, rate
from apps.reporting.stock import LEFT_STATUSES, monthly_stock

# The flags of an OutcomeStatus (besides paid work), in the order the form shows them.
STATUS_FLAGS = (
    "education",
    "job_seeker",
    "sick_leave_or_treatment",
    "aap",
    "uforetrygd",
    "dismissed",
    "not_reachable",
)


def _month(day: datetime.date | None) -> datetime.date | None:
    return day.replace(day=1) if day is not None else None


def _iso_month(day: datetime.date | None) -> str | None:
    return f"{day:%Y-%m}" if day is not None else None


def age_band(age: int | None) -> str:
    if age is None:
        return AgeBand.UNKNOWN
    if age < 25:
        return AgeBand.UNDER_25
    if age < 30:
        return AgeBand.FROM_25_TO_29
    if age < 40:
        return AgeBand.FROM_30_TO_39
    if age < 50:
        return AgeBand.FROM_40_TO_49
    return AgeBand.FROM_50


def _local_bounds(period: HalfYear) -> tuple[datetime.datetime, datetime.datetime]:
    """The half-year as a half-open interval of aware datetimes, in Oslo time."""
    start = timezone.make_aware(datetime.datetime.combine(period.start, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(period.next_start, datetime.time.min))
    return start, end


# --- The rows -------------------------------------------------------------------------------


def cases_in_form(office: Office, period: HalfYear) -> QuerySet[Case]:
    """The office's cases that get a row in the form for ``period`` (see the module docstring)."""
    follow_up_from = period.start - relativedelta(months=max(FOLLOW_UP_MONTHS))
    return (
        Case.objects.filter(office=office, participant_since__lte=period.end)
        .filter(~Q(status__in=LEFT_STATUSES) | Q(end_date__gte=follow_up_from))
        .select_related("participant", "programme")
        .order_by("participant_since", "pk")
    )


def _status(outcome: Any) -> dict[str, Any]:
    """An OutcomeStatus as the row keeps it. ``in_work`` is the outcome measures' definition
    (paid work of at least 4 hours a week), annotated by the query that read it."""
    return {
        "state": CheckpointState.RECORDED.value,
        "in_work": bool(outcome.counts_as_work),
        "paid_work": outcome.in_work,
        "hours_per_week": (
            str(outcome.work_hours_per_week) if outcome.work_hours_per_week is not None else None
        ),
        "percent": outcome.work_percent,
        "permanent": outcome.work_permanent,
        "wage_subsidy": outcome.work_with_wage_subsidy,
        "flags": [flag for flag in STATUS_FLAGS if getattr(outcome, flag)],
    }


def _counts_as_work(prefix: str = "") -> ExpressionWrapper:
    return ExpressionWrapper(in_work(prefix), output_field=BooleanField())


@dataclass
class _Facts:
    """Everything read about the cases, by case id."""

    paid_placements: dict[int, Any]
    practice_before: set[int]
    contacts: dict[int, dict[str, Any]]
    discharge_status: dict[int, Any]
    follow_ups: dict[int, dict[int, Any]]


def _facts(cases: list[Case], period: HalfYear) -> _Facts:
    """Five queries, whatever the number of cases."""
    from apps.placements.models import Placement

    ids = [case.pk for case in cases]
    paid: dict[int, Any] = {}
    practice: set[int] = set()
    since = {case.pk: case.participant_since for case in cases}
    placements = (
        Placement.objects.filter(case__in=ids, start_on__lte=period.end)
        .select_related("employer")
        .order_by("case_id", "start_on", "pk")
    )
    for placement in placements:
        if placement.kind in PAID_KINDS:
            paid[placement.case_id] = placement  # the latest started wins
        started = since[placement.case_id]
        if placement.is_practice and started is not None and placement.start_on < started:
            practice.add(placement.case_id)

    start, end = _local_bounds(period)
    employer_side = Q(with_employer=True) | Q(with_mentor=True)
    contact_rows = (
        Contact.objects.filter(case__in=ids, occurred_at__gte=start, occurred_at__lt=end)
        .order_by()
        .values("case_id")
        .annotate(
            contacts=Count("pk"),
            minutes=Sum("duration_minutes"),
            face_to_face=Count("pk", filter=Q(channel__in=sorted(FACE_TO_FACE))),
            visits=Count("pk", filter=Q(channel=Channel.WORKPLACE_VISIT)),
            employer_minutes=Sum("duration_minutes", filter=employer_side),
            nav_adviser=Count("pk", filter=Q(with_nav_adviser=True)),
            treatment=Count("pk", filter=Q(with_treatment=True)),
            other_service=Count("pk", filter=Q(with_other_service=True)),
        )
    )
    contacts = {row["case_id"]: row for row in contact_rows}

    discharge_status = {
        outcome.case_id: outcome
        for outcome in OutcomeStatus.objects.filter(
            case__in=ids, at_discharge=True, superseded_on__isnull=True
        ).annotate(counts_as_work=_counts_as_work())
    }

    # The follow-ups that hang off each case's latest discharge (a reopened case keeps the ones of
    # its earlier discharge, which no longer describe it: apps.reporting.measures does the same).
    latest_discharge: dict[int, int] = {}
    for case_id, event_id in CaseEvent.objects.filter(
        case__in=ids, kind=CaseEventKind.STATUS, to_status=CaseStatus.DISCHARGED
    ).values_list("case_id", "pk"):
        latest_discharge[case_id] = max(event_id, latest_discharge.get(case_id, 0))
    follow_ups: dict[int, dict[int, Any]] = defaultdict(dict)
    checkpoints = (
        Checkpoint.objects.filter(
            case__in=ids,
            kind=CheckpointKind.POST_DISCHARGE,
            anchor_type="discharge",
            sequence__in=FOLLOW_UP_MONTHS,
        )
        .select_related("outcome")
        .annotate(counts_as_work=_counts_as_work("outcome__"))
    )
    for checkpoint in checkpoints:
        if latest_discharge.get(checkpoint.case_id) == checkpoint.anchor_id:
            follow_ups[checkpoint.case_id][checkpoint.sequence] = checkpoint
    return _Facts(paid, practice, contacts, discharge_status, dict(follow_ups))


def _follow_up_status(checkpoint: Any, period: HalfYear) -> dict[str, Any] | None:
    if checkpoint is None:
        return None
    if checkpoint.status == CheckpointStatus.DONE and checkpoint.outcome is not None:
        outcome = checkpoint.outcome
        outcome.counts_as_work = checkpoint.counts_as_work
        return _status(outcome)
    if checkpoint.status == CheckpointStatus.OPEN:
        state = CheckpointState.DUE if checkpoint.due_on <= period.end else CheckpointState.NOT_DUE
        return {"state": state.value}
    return {"state": CheckpointState.CANCELLED.value}


def derived_values(case: Case, facts: _Facts, period: HalfYear) -> dict[str, Any]:
    """The row's derived fields for one case (HalfYearRow field name -> value)."""
    participant = case.participant
    left = case.status in LEFT_STATUSES
    in_period = not (left and case.end_date is not None and case.end_date < period.start)
    placement = facts.paid_placements.get(case.pk)
    contacts = facts.contacts.get(case.pk, {})
    actors = [
        code
        for code, present in (
            (OtherActor.GP, SupportNetwork.GP in participant.support_network),
            (OtherActor.DPS, SupportNetwork.DPS in participant.support_network),
            (OtherActor.NAV_ADVISER, contacts.get("nav_adviser", 0) > 0),
            (OtherActor.TREATMENT, contacts.get("treatment", 0) > 0),
            (OtherActor.OTHER_SERVICE, contacts.get("other_service", 0) > 0),
        )
        if present
    ]
    discharge = facts.discharge_status.get(case.pk) if left else None
    follow_ups = facts.follow_ups.get(case.pk, {}) if left else {}
    values: dict[str, Any] = {
        "programme_id": case.programme_id,
        "in_period": in_period,
        "gender": participant.gender,
        "age_band": age_band(case.age_at_referral),
        "birth_country_group": participant.birth_country_group,
        "immigrant_background": participant.immigrant_background,
        "education": participant.education,
        "benefit": participant.benefit,
        "reduced_work_capacity": participant.reduced_work_capacity,
        "employed_at_start": participant.employed_at_start,
        "months_employed_last_24": participant.months_employed_last_24,
        "years_since_last_job": participant.years_since_last_job,
        "ansvarsgruppe": SupportNetwork.ANSVARSGRUPPE in participant.support_network,
        "individuell_plan": SupportNetwork.INDIVIDUELL_PLAN in participant.support_network,
        "main_challenges": sorted(participant.main_challenges),
        "started_month": _month(case.participant_since),
        "position_sector": placement.employer.sector if placement else "",
        "position_employer_size": placement.employer.size_band if placement else "",
        "position_percent": placement.position_percent if placement else None,
        "position_permanent": placement.permanent if placement else None,
        "position_subsidised": (
            placement.kind == PlacementKind.PAID_SUBSIDISED if placement else None
        ),
        "position_started_month": _month(placement.start_on) if placement else None,
        "contacts": contacts.get("contacts", 0),
        "contact_minutes": contacts.get("minutes") or 0,
        "face_to_face": contacts.get("face_to_face", 0),
        "workplace_visits": contacts.get("visits", 0),
        "employer_minutes": contacts.get("employer_minutes") or 0,
        "other_actors": [str(code) for code in actors],
        "discharged_month": _month(case.end_date) if left else None,
        "end_reason": case.end_reason if left else "",
        "status_at_discharge": _status(discharge) if discharge is not None else None,
    }
    for months in FOLLOW_UP_MONTHS:
        values[f"status_{months}"] = _follow_up_status(follow_ups.get(months), period)
    return values


def rows_for(office: Office, period: HalfYear) -> list[tuple[Case, dict[str, Any], bool]]:
    """(case, derived values, practice placement before the start) for every case in the form."""
    cases = list(cases_in_form(office, period))
    facts = _facts(cases, period)
    return [
        (case, derived_values(case, facts, period), case.pk in facts.practice_before)
        for case in cases
    ]


# --- What is missing ------------------------------------------------------------------------


@dataclass(frozen=True)
class Missing:
    field: str
    # "form": the specialists answer it in the form (and the form cannot be submitted without
    # it); "case": the case lacks it, and it is put right in the case (then "Update from the
    # cases").
    where: str


def missing_fields(row: HalfYearRow) -> list[Missing]:
    """What the row lacks. An answer of "unknown" given in the form is an answer; a category the
    case leaves unknown is missing in the case."""
    missing: list[Missing] = []
    if not row.initiative:
        missing.append(Missing("initiative", "form"))
    if not row.practice_before:
        missing.append(Missing("practice_before", "form"))
    if row.benefit == Benefit.AAP and row.aap_granted_month is None:
        missing.append(Missing("aap_granted_month", "form"))
    if row.in_period and not row.follow_up_content:
        missing.append(Missing("follow_up_content", "form"))
    for field, unknown in (
        ("gender", Gender.UNKNOWN),
        ("age_band", AgeBand.UNKNOWN),
        ("birth_country_group", BirthCountryGroup.UNKNOWN),
        ("education", Education.UNKNOWN),
    ):
        if getattr(row, field) == unknown:
            missing.append(Missing(field, "case"))
    for field in ("employed_at_start", "reduced_work_capacity"):
        if getattr(row, field) is None:
            missing.append(Missing(field, "case"))
    if not row.years_since_last_job:
        missing.append(Missing("years_since_last_job", "case"))
    if row.position_sector:
        if row.position_percent is None:
            missing.append(Missing("position_percent", "case"))
        if not row.position_employer_size:
            missing.append(Missing("position_employer_size", "case"))
    for months in FOLLOW_UP_MONTHS:
        status = row.status_at(months)
        if status is not None and status.get("state") == CheckpointState.DUE:
            missing.append(Missing(f"status_{months}", "case"))
    return missing


def count_missing(row: HalfYearRow) -> None:
    missing = missing_fields(row)
    row.missing_in_form = sum(1 for item in missing if item.where == "form")
    row.missing_in_case = sum(1 for item in missing if item.where == "case")


# --- The office's counts --------------------------------------------------------------------


def _rate(name: str, cases: QuerySet[Case], months: int | None, as_of: datetime.date) -> dict:
    result = rate(name, cases=cases, months=months, as_of=as_of)
    return {
        "measure": result.measure,
        "numerator": result.numerator,
        "denominator": result.denominator,
        "recorded": result.recorded,
        "percent": result.percent,
        "mix": {
            "reduced_work_capacity": result.mix.reduced_work_capacity,
            "aap": result.mix.aap,
            "under_30": result.mix.under_30,
            "employed_at_start": result.mix.employed_at_start,
        },
    }


def office_figures(office: Office, period: HalfYear) -> dict[str, Any]:
    """The office's counts for the half-year, as JSON-ready values (ints, strings, dicts).

    - participants at the start: the stock at the end of the month before the half-year; at the
      end: the stock at the end of its last month; entered and discharged: the stock's flows over
      its six months (so start + entered - discharged = end, as in the published tables);
    - discharged by reason: the same discharges, by their end reason;
    - in work at discharge: the measure ``in_work_at_discharge@1`` over those discharges;
    - in work at each follow-up: ``in_work_after_discharge@1`` with N = 3, 6, 12 over the cases
      whose follow-up fell due in the half-year (discharged N months before it);
    - time use: the minutes in the contact log of the office's staff in the half-year, by
      activity, on cases and on work that belongs to no case.
    """
    first = period.start - relativedelta(months=1)
    series = monthly_stock(first=first, last=period.end, offices=[office])[0]
    months = series.months[1:]
    office_cases = Case.objects.filter(office=office)
    discharged = office_cases.filter(
        status__in=LEFT_STATUSES, end_date__gte=period.start, end_date__lte=period.end
    )
    by_reason = dict(
        discharged.order_by()
        .values_list("end_reason")
        .annotate(n=Count("pk"))
        .values_list("end_reason", "n")
    )
    follow_up = {}
    for n in FOLLOW_UP_MONTHS:
        cohort = office_cases.filter(
            end_date__gte=period.start - relativedelta(months=n),
            end_date__lt=period.next_start - relativedelta(months=n),
        )
        # as_of the day after the half-year: the measure wants end_date <= as_of - N months, and
        # a case discharged on 31 March is due on 30 June, the last day of the half-year.
        follow_up[str(n)] = _rate("in_work_after_discharge@1", cohort, n, period.next_start)

    start, end = _local_bounds(period)
    contacts = Contact.objects.filter(office=office, occurred_at__gte=start, occurred_at__lt=end)
    by_activity = dict(
        contacts.order_by()
        .values_list("activity")
        .annotate(minutes=Sum("duration_minutes"))
        .values_list("activity", "minutes")
    )
    totals = contacts.order_by().aggregate(
        contacts=Count("pk"),
        minutes=Sum("duration_minutes"),
        on_cases=Sum("duration_minutes", filter=Q(case__isnull=False)),
        face_to_face=Count("pk", filter=Q(channel__in=sorted(FACE_TO_FACE))),
    )
    return {
        "participants_at_start": series.months[0].at_month_end,
        "participants_at_end": months[-1].at_month_end,
        "entered": sum(month.entered for month in months),
        "discharged": sum(month.left for month in months),
        "months": [
            {
                "month": _iso_month(month.month),
                "entered": month.entered,
                "left": month.left,
                "at_month_end": month.at_month_end,
            }
            for month in months
        ],
        "discharged_by_reason": {
            reason: by_reason.get(reason, 0)
            for reason in [*EndReason.values, ""]
            if reason or by_reason.get(reason)
        },
        "in_work_at_discharge": _rate("in_work_at_discharge@1", discharged, None, period.end),
        "in_work_after_discharge": follow_up,
        "time_use": {
            "contacts": totals["contacts"],
            "face_to_face": totals["face_to_face"],
            "minutes": totals["minutes"] or 0,
            "minutes_on_cases": totals["on_cases"] or 0,
            "minutes_without_case": (totals["minutes"] or 0) - (totals["on_cases"] or 0),
            "minutes_by_activity": {
                activity: by_activity.get(activity, 0) for activity in Activity.values
            },
        },
    }
