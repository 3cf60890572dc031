"""The form's data (``snapshot.form_data``) as text a person reads: labels for the codes.

Shared by the page, the PDF and the exports, so that the three say the same thing in the same
words. Everything here reads only the dict it is given, never the database: a signed form's PDF is
made again from its stored JSON alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from apps.cases.models import EndReason, OutcomeStatus
from apps.contacts.models import Activity
from apps.employers.models import Sector, SizeBand
from apps.halfyear.models import (
    FOLLOW_UP_MONTHS,
    AgeBand,
    CheckpointState,
    FollowUpContent,
    HalfYearRow,
    Initiative,
    OtherActor,
    YesNoUnknown,
)
from apps.halfyear.prefill import STATUS_FLAGS
from apps.halfyear.snapshot import ROW_FIELDS
from apps.participants.models import (
    Benefit,
    BirthCountryGroup,
    Challenge,
    Education,
    Gender,
    YearsSinceLastJob,
)

CHOICES: dict[str, type[models.TextChoices]] = {
    "gender": Gender,
    "age_band": AgeBand,
    "birth_country_group": BirthCountryGroup,
    "education": Education,
    "benefit": Benefit,
    "years_since_last_job": YearsSinceLastJob,
    "initiative": Initiative,
    "practice_before": YesNoUnknown,
    "position_sector": Sector,
    "position_employer_size": SizeBand,
    "end_reason": EndReason,
}
LISTS: dict[str, type[models.TextChoices]] = {
    "main_challenges": Challenge,
    "other_actors": OtherActor,
    "follow_up_content": FollowUpContent,
}
STATUS_FIELDS = ("status_at_discharge", *(f"status_{months}" for months in FOLLOW_UP_MONTHS))
MONTH_FIELDS = ("aap_granted_month", "started_month", "position_started_month", "discharged_month")


def _choice(choices: type[models.TextChoices], code: str) -> str:
    return str(choices(code).label) if code in choices.values else code


def yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("Yes") if value else _("No")


def month_text(value: str | None) -> str:
    """ "2026-03" as "03.2026"."""
    if not value:
        return ""
    year, month = value.split("-")
    return f"{month}.{year}"


def hours(minutes: int) -> str:
    """Minutes as hours with one decimal, in the active language's format: 90 -> "1,5"."""
    tenths = (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return number_format(tenths, decimal_pos=1)


def status_text(status: dict[str, Any] | None) -> str:
    """A status at discharge or at a follow-up, in a few words."""
    if not status:
        return ""
    state = status.get("state")
    if state != CheckpointState.RECORDED:
        return _choice(CheckpointState, str(state))
    parts = []
    if status.get("in_work"):
        parts.append(_("In work"))
    elif status.get("paid_work"):
        parts.append(_("Paid work under 4 hours a week"))
    details = []
    if status.get("paid_work"):
        if status.get("hours_per_week"):
            details.append(
                _("%(hours)s h/week")
                % {"hours": number_format(Decimal(status["hours_per_week"]), decimal_pos=1)}
            )
        if status.get("percent") is not None:
            details.append(f"{status['percent']} %")
        if status.get("permanent") is not None:
            details.append(_("permanent") if status["permanent"] else _("temporary"))
        if status.get("wage_subsidy"):
            details.append(_("with wage subsidy"))
    if details and parts:
        parts[-1] = f"{parts[-1]} ({', '.join(details)})"
    labels = flag_labels()
    parts.extend(labels[flag] for flag in status.get("flags", []) if flag in labels)
    return ", ".join(parts) if parts else _("Not in work")


def flag_labels() -> dict[str, str]:
    """The status flags' names, in the active language."""
    return {flag: _verbose(OutcomeStatus, flag) for flag in STATUS_FLAGS}


def _verbose(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    name = str(field.verbose_name)
    return name[:1].upper() + name[1:]


def field_label(field: str) -> str:
    if field == "programme":
        return _("Programme")
    if field == "number":
        return _("Row")
    return _verbose(HalfYearRow, field)


def value_text(field: str, value: Any) -> str | int:
    """One row value as a person reads it; counts stay numbers (for the spreadsheets)."""
    if value is None or value == "" or value == []:
        return ""
    if field in CHOICES:
        return _choice(CHOICES[field], value)
    if field in LISTS:
        return ", ".join(_choice(LISTS[field], code) for code in value)
    if field in STATUS_FIELDS:
        return status_text(value)
    if field in MONTH_FIELDS:
        return month_text(value)
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, int):
        return value
    return str(value)


EXPORT_FIELDS = ("number", "programme", *(f for f in ROW_FIELDS if f != "number"))


def row_headers() -> list[str]:
    return [field_label(field) for field in EXPORT_FIELDS]


def row_cells(row: dict[str, Any]) -> list[str | int]:
    return [value_text(field, row.get(field)) for field in EXPORT_FIELDS]


@dataclass(frozen=True)
class Figure:
    section: str
    label: str
    value: str | int
    detail: str = ""


def _rate_detail(rate: dict[str, Any]) -> str:
    if not rate["denominator"]:
        return ""
    mix = rate["mix"]
    return _(
        "%(percent)s %% of N = %(n)d; recorded for %(recorded)d. Of the N: %(reduced)d with "
        "reduced work capacity, %(aap)d on AAP, %(young)d under 30, %(employed)d employed at start."
    ) % {
        "percent": rate["percent"],
        "n": rate["denominator"],
        "recorded": rate["recorded"],
        "reduced": mix["reduced_work_capacity"],
        "aap": mix["aap"],
        "young": mix["under_30"],
        "employed": mix["employed_at_start"],
    }


def figures(data: dict[str, Any]) -> list[Figure]:
    """The office's counts as labelled lines, grouped in sections."""
    f = data["figures"]
    if not f:
        return []
    counts = _("Participants")
    reasons = _("Discharged, by reason")
    outcomes = _("In work")
    time_use = _("Time use (hours)")
    lines = [
        Figure(counts, _("Participants at the start of the half-year"), f["participants_at_start"]),
        Figure(counts, _("Entered"), f["entered"]),
        Figure(counts, _("Discharged"), f["discharged"]),
        Figure(counts, _("Participants at the end of the half-year"), f["participants_at_end"]),
    ]
    # Always in the code's order: a dict read back from the database (jsonb) or from canonical
    # JSON (sorted keys) has lost the order it was written in.
    by_reason = f["discharged_by_reason"]
    for reason in [*EndReason.values, ""]:
        if reason in by_reason:
            label = _choice(EndReason, reason) if reason else _("Not stated")
            lines.append(Figure(reasons, label, by_reason[reason]))
    at_discharge = f["in_work_at_discharge"]
    lines.append(
        Figure(
            outcomes,
            _("In work at discharge"),
            at_discharge["numerator"],
            _rate_detail(at_discharge),
        )
    )
    for months in map(str, FOLLOW_UP_MONTHS):
        rate = f["in_work_after_discharge"][months]
        lines.append(
            Figure(
                outcomes,
                _("In work %(months)s months after discharge") % {"months": months},
                rate["numerator"],
                _rate_detail(rate),
            )
        )
    use = f["time_use"]
    for activity in Activity.values:
        minutes = use["minutes_by_activity"].get(activity, 0)
        lines.append(Figure(time_use, _choice(Activity, activity), hours(minutes)))
    lines.extend(
        [
            Figure(time_use, _("On cases"), hours(use["minutes_on_cases"])),
            Figure(time_use, _("Without a case"), hours(use["minutes_without_case"])),
            Figure(time_use, _("Total"), hours(use["minutes"])),
            Figure(time_use, _("Contacts logged"), use["contacts"]),
            Figure(time_use, _("Of them in person"), use["face_to_face"]),
        ]
    )
    return lines


def sections(data: dict[str, Any]) -> list[tuple[str, list[Figure]]]:
    grouped: dict[str, list[Figure]] = {}
    for line in figures(data):
        grouped.setdefault(line.section, []).append(line)
    return list(grouped.items())


def row_groups() -> list[tuple[str, tuple[str, ...]]]:
    """The row's fields in the four parts of 000 L299-310, for tables narrow enough to read."""
    return [
        (
            _("Background"),
            (
                "gender",
                "age_band",
                "birth_country_group",
                "immigrant_background",
                "education",
                "benefit",
                "aap_granted_month",
                "reduced_work_capacity",
                "employed_at_start",
                "months_employed_last_24",
                "years_since_last_job",
                "ansvarsgruppe",
                "individuell_plan",
                "main_challenges",
            ),
        ),
        (
            _("Recruitment and position"),
            (
                "programme",
                "initiative",
                "practice_before",
                "started_month",
                "position_sector",
                "position_employer_size",
                "position_percent",
                "position_permanent",
                "position_subsidised",
                "position_started_month",
            ),
        ),
        (
            _("Follow-up in the half-year"),
            (
                "contacts",
                "contact_minutes",
                "face_to_face",
                "workplace_visits",
                "employer_minutes",
                "other_actors",
                "follow_up_content",
            ),
        ),
        (
            _("Discharge and later"),
            ("discharged_month", "end_reason", *STATUS_FIELDS),
        ),
    ]


def grouped_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """For each group: its title, its column headers, and each row's number and cells."""
    return [
        {
            "title": title,
            "headers": [field_label(field) for field in fields],
            "rows": [
                {
                    "number": row["number"],
                    "cells": [value_text(field, row.get(field)) for field in fields],
                }
                for row in data["rows"]
            ],
        }
        for title, fields in row_groups()
    ]
