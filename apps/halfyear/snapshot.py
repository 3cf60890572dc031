"""The form as data: one dict of every figure and row, and its canonical bytes and hash.

The PDF, the CSV and the XLSX are all made from this dict, so they cannot disagree. A signed form
keeps the canonical JSON of the dict it was signed with (``HalfYearSnapshot.data``); building the
dict again from the frozen form gives the same bytes, and so the same SHA-256.

Canonical JSON: keys sorted, no whitespace (``","`` and ``":"``), UTF-8 without escaping æøå,
and only strings, integers, booleans, null, lists and objects: dates are ISO strings (months as
``YYYY-MM``), times are Oslo time to the second, decimals are strings, and there are no floats
(a float's text is where two JSON libraries may disagree). The data names no participant: rows are
keyed by their number, and the case behind a row is left out.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

from django.utils import timezone

from apps.halfyear.models import FOLLOW_UP_MONTHS, HalfYearForm, HalfYearRow

SCHEMA = "jobbspor.halfyear/1"

# The row's fields in the order the exports show them; the status columns follow them.
ROW_FIELDS = (
    "number",
    "in_period",
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
    "initiative",
    "practice_before",
    "started_month",
    "position_sector",
    "position_employer_size",
    "position_percent",
    "position_permanent",
    "position_subsidised",
    "position_started_month",
    "contacts",
    "contact_minutes",
    "face_to_face",
    "workplace_visits",
    "employer_minutes",
    "other_actors",
    "follow_up_content",
    "discharged_month",
    "end_reason",
    "status_at_discharge",
    *(f"status_{months}" for months in FOLLOW_UP_MONTHS),
)


def _month(day: datetime.date | None) -> str | None:
    return f"{day:%Y-%m}" if day is not None else None


def _time(moment: datetime.datetime | None) -> str | None:
    if moment is None:
        return None
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def row_data(row: HalfYearRow) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in ROW_FIELDS:
        value = getattr(row, field)
        if isinstance(value, datetime.date):
            value = _month(value)
        data[field] = value
    data["programme"] = row.programme.name
    return data


def form_data(form: HalfYearForm) -> dict[str, Any]:
    """Every figure and row of the form, with who prepared and signed it. Two queries."""
    rows = form.rows.select_related("programme").order_by("number")
    period = form.period
    return {
        "schema": SCHEMA,
        "office": {"name": form.office.name, "unit_number": form.office.unit_number or ""},
        "period": {
            "year": period.year,
            "half": period.half,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
        "figures_computed_at": _time(form.figures_computed_at),
        "figures": form.figures,
        "rows": [row_data(row) for row in rows],
        "prepared_by": _name(form.preparer) if form.preparer_id else None,
        "submitted_at": _time(form.submitted_at),
        "signed_by": _name(form.signer) if form.signer_id else None,
        "signed_at": _time(form.signed_at),
    }


def _name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


def canonical(data: dict[str, Any]) -> bytes:
    return json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
