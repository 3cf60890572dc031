"""The pages of the performance issue, each against its floor, on the benchmark database.

A page is requested through Django's test client in this process (server time: no network, no
browser), with DEBUG off. Its floor is what the same figures cost at the least: the shortest
hand-written SQL that reads them (and, for logging a contact, writes the row), run through
psycopg on its own connection, plus the time of an empty Django view requested by the same
signed-in user (the session and the user are read before any view runs, so an anonymous empty
view would leave that out of the floor); the ratio is the page's median over the sum of those two
medians, each measured in the same loop as the page.

The SQL floors read what the page shows and no more: no access log rows (the pages write one per
participant shown), no permission checks, no template. That makes them a strict floor.
"""

from __future__ import annotations

import datetime
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import psycopg

OPEN = ("referred", "intake", "active", "paused")


@dataclass(frozen=True)
class Timing:
    median: float  # seconds
    p95: float
    n: int


@dataclass(frozen=True)
class PageResult:
    label: str
    page: Timing
    queries: int
    floor_sql: Timing | None
    floor_statements: int
    floor_view: Timing | None = None  # the empty view, as the page's user
    html: Timing | None = None  # rendering templates and forms, from a run of its own


class TemplateClock:
    """Adds up the time spent in Django's Template.render, outermost calls only (an include or a
    form's widget renders inside its page's template), while in a ``with`` block."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._depth = 0

    def __enter__(self) -> TemplateClock:
        from django.template import base

        self._original = original = base.Template.render
        clock = self

        def render(template: Any, context: Any) -> Any:
            clock._depth += 1
            start = time.perf_counter()
            try:
                return original(template, context)
            finally:
                clock._depth -= 1
                if clock._depth == 0:
                    clock.seconds += time.perf_counter() - start

        base.Template.render = render  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        from django.template import base

        base.Template.render = self._original  # type: ignore[method-assign]


def timing(samples: list[float]) -> Timing:
    ordered = sorted(samples)
    p95 = ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]
    return Timing(statistics.median(ordered), p95, len(ordered))


@dataclass(frozen=True)
class Personas:
    """Who the pages are measured as, chosen from the generated data by rule, not by id."""

    specialist_id: int
    team_id: int
    team_size: int
    team_lead_id: int
    case_id: int
    case_contacts: int
    caseload: int
    # Whether the specialist and the lead may see shielded participants (the pages' access rule).
    specialist_sees_shielded: bool = False
    lead_sees_shielded: bool = False

    def shielded(self, who: str) -> str:
        """The SQL condition leaving out shielded participants, unless ``who`` may see them."""
        sees = self.specialist_sees_shielded if who == "specialist" else self.lead_sees_shielded
        return "" if sees else " AND NOT pa.skjermet"


def choose(conn: psycopg.Connection) -> Personas:
    """A team of 15 specialists; its specialist whose caseload is the team's median; that
    specialist's open case with the most contacts; the team's lead."""
    team_id, size = conn.execute(
        "SELECT ut.team_id, count(*) FROM organisation_user_teams ut"
        " JOIN organisation_user u ON u.id = ut.user_id AND u.role = 'specialist'"
        " GROUP BY ut.team_id ORDER BY abs(count(*) - 15), ut.team_id LIMIT 1"
    ).fetchone()
    loads = conn.execute(
        "SELECT u.id, count(c.id) FROM organisation_user u"
        " JOIN organisation_user_teams ut ON ut.user_id = u.id AND ut.team_id = %s"
        " LEFT JOIN cases_case c ON c.owner_id = u.id AND c.status = ANY(%s)"
        " WHERE u.role = 'specialist' GROUP BY u.id ORDER BY count(c.id), u.id",
        (team_id, list(OPEN)),
    ).fetchall()
    specialist_id, caseload = loads[len(loads) // 2]
    case_id, contacts = conn.execute(
        "SELECT c.id, count(k.id) FROM cases_case c"
        " LEFT JOIN contacts_contact k ON k.case_id = c.id"
        " WHERE c.owner_id = %s AND c.status = ANY(%s)"
        " GROUP BY c.id ORDER BY count(k.id) DESC, c.id LIMIT 1",
        (specialist_id, list(OPEN)),
    ).fetchone()
    (lead_id,) = conn.execute(
        "SELECT u.id FROM organisation_user u JOIN organisation_user_teams ut"
        " ON ut.user_id = u.id AND ut.team_id = %s WHERE u.role = 'team_lead'"
        " ORDER BY u.id LIMIT 1",
        (team_id,),
    ).fetchone()
    shielded = dict(
        conn.execute(
            "SELECT id, may_see_skjermet FROM organisation_user WHERE id IN (%s, %s)",
            (specialist_id, lead_id),
        ).fetchall()
    )
    return Personas(
        specialist_id,
        team_id,
        size,
        lead_id,
        case_id,
        contacts,
        caseload,
        specialist_sees_shielded=shielded[specialist_id],
        lead_sees_shielded=shielded[lead_id],
    )


# --- The floors: the page's figures by hand-written SQL ---------------------------------------

LATEST_STAGE = (
    "LEFT JOIN LATERAL (SELECT s.stage, s.entered_on FROM cases_casestageevent s"
    " WHERE s.case_id = c.id ORDER BY s.entered_on DESC, s.created_at DESC, s.id DESC LIMIT 1)"
    " st ON true"
)
CONTACT_FACTS = (
    "(SELECT max(k.occurred_at) FROM contacts_contact k WHERE k.case_id = c.id) AS last_contact,"
    " (SELECT min(k.occurred_at) FROM contacts_contact k"
    "  WHERE k.case_id = c.id AND k.with_employer) AS first_employer_contact"
)


def floor_worklist(cur: psycopg.Cursor, p: Personas, today: datetime.date) -> list[str]:
    """Each open case of the specialist with its participant, programme rules, current stage,
    last contact and first employer contact: what the worklist's rows and deadlines need."""
    return [
        "SELECT c.id, c.status, c.referral_date, c.candidate_since, c.participant_since,"
        " pa.first_name, pa.last_name, pr.name, r.no_contact_days, r.max_duration_months,"
        f" st.stage, st.entered_on, {CONTACT_FACTS}"
        " FROM cases_case c JOIN participants_participant pa ON pa.id = c.participant_id"
        " JOIN programmes_programme pr ON pr.id = c.programme_id"
        " JOIN programmes_programmerules r ON r.id = c.rules_id"
        f" {LATEST_STAGE}"
        f" WHERE (c.owner_id = {p.specialist_id} OR c.co_owner_id = {p.specialist_id})"
        " AND c.status IN ('referred', 'intake', 'active', 'paused')"
        f"{p.shielded('specialist')}"
        " ORDER BY pa.last_name, pa.first_name, c.id"
    ]


def floor_case(cur: psycopg.Cursor, p: Personas, today: datetime.date) -> list[str]:
    """The case with its participant and facts, the first page of its timeline (TIMELINE_PAGE
    entries of contacts, stage moves and status changes, newest first, and one more to know
    whether there are older), every stage move (the durations), its placements with their firms,
    agreements and mentors, open checkpoints and the status at discharge."""
    from apps.cases.selectors import TIMELINE_PAGE

    c = p.case_id
    more = TIMELINE_PAGE + 1
    return [
        "SELECT c.*, pa.first_name, pa.last_name, pa.birth_date, pr.name, o.name, t.name,"
        f" r.no_contact_days, r.max_duration_months, st.stage, st.entered_on, {CONTACT_FACTS}"
        " FROM cases_case c JOIN participants_participant pa ON pa.id = c.participant_id"
        " JOIN programmes_programme pr ON pr.id = c.programme_id"
        " JOIN programmes_programmerules r ON r.id = c.rules_id"
        " JOIN organisation_office o ON o.id = c.office_id"
        " LEFT JOIN organisation_team t ON t.id = c.team_id"
        f" {LATEST_STAGE} WHERE c.id = {c}",
        "SELECT k.occurred_at, k.channel, k.place, k.duration_minutes, k.note, u.first_name,"
        " u.last_name FROM contacts_contact k JOIN organisation_user u ON u.id = k.author_id"
        f" WHERE k.case_id = {c} ORDER BY k.occurred_at DESC LIMIT {more}",
        "SELECT stage, from_stage, entered_on, reason, created_at FROM cases_casestageevent"
        f" WHERE case_id = {c} ORDER BY entered_on, created_at, id",
        "SELECT kind, from_status, to_status, occurred_on, reason, created_at"
        f" FROM cases_caseevent WHERE case_id = {c} ORDER BY occurred_on DESC, created_at DESC"
        f" LIMIT {more}",
        "SELECT pl.*, e.name, e.orgnr FROM placements_placement pl"
        f" JOIN employers_employer e ON e.id = pl.employer_id WHERE pl.case_id = {c}",
        f"SELECT id, placement_id, status, outcome FROM agreements_agreement WHERE case_id = {c}",
        "SELECT m.* FROM mentors_mentorassignment m"
        f" JOIN placements_placement pl ON pl.id = m.placement_id WHERE pl.case_id = {c}",
        "SELECT kind, due_on FROM followups_checkpoint"
        f" WHERE case_id = {c} AND status = 'open' ORDER BY due_on",
        "SELECT * FROM cases_outcomestatus"
        f" WHERE case_id = {c} AND at_discharge AND superseded_on IS NULL",
    ]


def floor_log_contact(cur: psycopg.Cursor, p: Personas, today: datetime.date) -> list[str]:
    """The contact's row, with the stage in force (the case's latest stage move)."""
    return [
        "INSERT INTO contacts_contact (case_id, author_id, office_id, occurred_at, channel,"
        " place, with_participant, with_employer, with_mentor, with_nav_adviser,"
        " with_treatment, with_other_service, initiative, duration_minutes, activity, stage,"
        " note, created_at)"
        " SELECT c.id, c.owner_id, c.office_id, now(), 'meeting', 'nav_office', true, false,"
        " false, false, false, false, 'specialist', 30, 'individual',"
        " (SELECT s.stage FROM cases_casestageevent s WHERE s.case_id = c.id"
        "  ORDER BY s.entered_on DESC, s.created_at DESC, s.id DESC LIMIT 1), 'Benk', now()"
        f" FROM cases_case c WHERE c.id = {p.case_id} RETURNING id"
    ]


def floor_dashboard(cur: psycopg.Cursor, p: Personas, today: datetime.date) -> list[str]:
    """The team's figures per specialist: open cases with stage, last contact and rules (the
    caseload, stages, waiting, no contact, past maximum), overdue checkpoints, contacts in the
    period by kind and channel with minutes, the cases contacted, placements without a mentor,
    and the cases discharged in the period with their statuses at discharge and after."""
    first = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    first = (first - datetime.timedelta(days=1)).replace(day=1)
    team = (
        "SELECT u.id FROM organisation_user u JOIN organisation_user_teams ut"
        f" ON ut.user_id = u.id AND ut.team_id = {p.team_id}"
        " WHERE u.role = 'specialist' AND u.is_active"
    )
    return [
        f"SELECT u.id, u.first_name, u.last_name FROM organisation_user u WHERE u.id IN ({team})"
        " ORDER BY u.last_name, u.first_name",
        "SELECT c.id, c.owner_id, c.programme_id, c.referral_date, c.status,"
        " c.participant_since, r.no_contact_days, r.max_duration_months, r.caseload_norm_low,"
        f" r.caseload_norm_high, st.stage, {CONTACT_FACTS}"
        " FROM cases_case c JOIN programmes_programmerules r ON r.id = c.rules_id"
        " JOIN participants_participant pa ON pa.id = c.participant_id"
        f" {LATEST_STAGE}"
        f" WHERE c.owner_id IN ({team}) AND c.team_id = {p.team_id}{p.shielded('lead')}"
        " AND c.status IN ('referred', 'intake', 'active', 'paused')",
        "SELECT c.owner_id, k.case_id FROM followups_checkpoint k"
        " JOIN cases_case c ON c.id = k.case_id"
        " JOIN participants_participant pa ON pa.id = c.participant_id"
        f" WHERE c.owner_id IN ({team}) AND c.team_id = {p.team_id}{p.shielded('lead')}"
        f" AND k.status = 'open' AND k.due_on < '{today}'",
        "SELECT author_id, channel, with_participant, with_employer, with_mentor, count(*),"
        " sum(duration_minutes) FROM contacts_contact"
        f" WHERE author_id IN ({team}) AND occurred_at >= '{first}'"
        f" AND occurred_at < '{today + datetime.timedelta(days=1)}'"
        " GROUP BY 1, 2, 3, 4, 5",
        "SELECT DISTINCT author_id, case_id FROM contacts_contact"
        f" WHERE author_id IN ({team}) AND case_id IS NOT NULL AND occurred_at >= '{first}'"
        f" AND occurred_at < '{today + datetime.timedelta(days=1)}'",
        "SELECT c.owner_id, pl.case_id FROM placements_placement pl"
        " JOIN cases_case c ON c.id = pl.case_id"
        f" WHERE c.owner_id IN ({team}) AND pl.start_on <= '{today}'"
        f" AND (pl.ended_on IS NULL OR pl.ended_on > '{today}')"
        " AND NOT EXISTS (SELECT 1 FROM mentors_mentorassignment m WHERE m.placement_id = pl.id)",
        "SELECT c.id, c.end_date, o.at_discharge, o.in_work, o.recorded_on"
        " FROM cases_case c LEFT JOIN cases_outcomestatus o"
        " ON o.case_id = c.id AND o.superseded_on IS NULL"
        f" WHERE c.owner_id IN ({team}) AND c.status IN ('discharged', 'closed')"
        f" AND c.end_date BETWEEN '{first}' AND '{today}'",
    ]


def floor_maaltall(
    cur: psycopg.Cursor, p: Personas, today: datetime.date, year: int | None = None
) -> list[str]:
    """Every office's participants at each month's end of last year, entered and left each
    month (one grouped count, the rule of apps/reporting/stock.py), with the offices, their
    counties and their targets."""
    year = year or today.year - 1
    months = [datetime.date(year, m, 1) for m in range(1, 13)]
    ends = [(m.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) for m in months]
    ends = [e - datetime.timedelta(days=1) for e in ends]
    left = "c.status IN ('discharged', 'closed')"
    counts = []
    for m, e in zip(months, ends, strict=True):
        counts.append(f"count(*) FILTER (WHERE c.participant_since BETWEEN '{m}' AND '{e}')")
        counts.append(f"count(*) FILTER (WHERE {left} AND c.end_date BETWEEN '{m}' AND '{e}')")
        counts.append(
            f"count(*) FILTER (WHERE c.participant_since <= '{e}'"
            f" AND NOT ({left} AND c.end_date <= '{e}'))"
        )
    return [
        "SELECT o.id, o.name, co.name FROM organisation_office o"
        " JOIN organisation_county co ON co.id = o.county_id ORDER BY co.number, o.name",
        f"SELECT c.office_id, {', '.join(counts)} FROM cases_case c"
        f" WHERE c.participant_since <= '{ends[-1]}'"
        f" AND NOT ({left} AND c.end_date < '{months[0]}') GROUP BY c.office_id",
        f"SELECT office_id, expected_average, expected_at_year_end FROM reporting_target"
        f" WHERE year = {year} AND programme_id IS NULL",
    ]


Floor = Callable[[psycopg.Cursor, Personas, datetime.date], list[str]]
