"""The draft's figures and rows, from cases built through the services, against numbers worked out
by hand, and against the reporting selectors the directorate's reports use."""

from __future__ import annotations

import datetime
import re

import pytest

from apps.cases import services as cases
from apps.cases.models import Case
from apps.halfyear.models import HalfYearForm
from apps.halfyear.services import form_create_for_office
from apps.halfyear.snapshot import canonical, form_data
from apps.organisation.demo import load_organisation
from apps.organisation.models import User
from apps.reporting.measures import rate
from apps.reporting.stock import monthly_stock
from tests.halfyear.helpers import H1_2026, discharge, follow_up, log, start_case
from tests.participants.factories import register

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def users() -> dict[str, User]:
    return load_organisation()


@pytest.fixture
def office_cases(users: dict[str, User]) -> dict[str, Case]:
    """Six of spesialist's cases around the first half of 2026, one rejected referral, and one
    case at another office.

    A active since Nov 2025, still active          -> at start, at end
    B active since Feb 2026                        -> entered, at end
    C active since Oct 2025, discharged Mar 2026 in work (20 h); +3 (Jun) in work
    D active since Jan 2026, discharged May 2026 job seeker
    E discharged Dec 2025 in work; +3 (Mar) in work (25 h); +6 (Jun) not recorded
    H discharged Jul 2025 in work; +3 in work; +6 (Jan 2026) job seeker; +12 not yet due
    """
    s = users["spesialist"]
    made = {
        "A": start_case(s, on=D(2025, 11, 10), first_name="Anna", last_name="Aktiv"),
        "B": start_case(
            s,
            on=D(2026, 2, 10),
            first_name="Bjørn",
            last_name="Bergersen",
            gender="male",
            education="upper_secondary",
            support_network=["ansvarsgruppe", "dps"],
        ),
        "C": start_case(s, on=D(2025, 10, 1), first_name="Cecilie", last_name="Carlsen"),
        "D": start_case(s, on=D(2026, 1, 20), first_name="Dag", last_name="Dahl"),
        "E": start_case(s, on=D(2025, 6, 1), first_name="Eva", last_name="Eng"),
        "H": start_case(s, on=D(2025, 3, 1), first_name="Hans", last_name="Hauge"),
    }
    made["C"] = discharge(
        made["C"], s, on=D(2026, 3, 15), reason="work", in_work=True, work_hours_per_week=20
    )
    follow_up(made["C"], s, months=3, in_work=True, work_hours_per_week=20)
    made["D"] = discharge(made["D"], s, on=D(2026, 5, 5), reason="other", job_seeker=True)
    made["E"] = discharge(
        made["E"], s, on=D(2025, 12, 20), reason="work", in_work=True, work_hours_per_week=30
    )
    follow_up(made["E"], s, months=3, in_work=True, work_hours_per_week=25, work_permanent=True)
    made["H"] = discharge(
        made["H"], s, on=D(2025, 7, 10), reason="work", in_work=True, work_hours_per_week=37.5
    )
    follow_up(made["H"], s, months=3, in_work=True, work_hours_per_week=37.5)
    follow_up(made["H"], s, months=6, job_seeker=True)
    # Never a participant: no row, no count.
    rejected, _ = cases.case_refer(
        actor=s,
        participant=register(s, first_name="Rolf", last_name="Avvist"),
        programme=made["A"].programme,
        referral_date=D(2026, 3, 1),
    )
    cases.case_reject(case=rejected, actor=s, on=D(2026, 3, 4), reason="Ikke i målgruppen")
    # Another office's participant.
    start_case(users["annen"], on=D(2026, 2, 1), first_name="Sagene", last_name="Deltaker")

    log(s, made["B"], D(2026, 3, 3), minutes=45)
    log(
        s,
        made["A"],
        D(2026, 4, 7),
        minutes=60,
        channel="workplace_visit",
        activity="workplace",
        with_whom=("participant", "employer"),
    )
    log(
        s,
        made["A"],
        D(2026, 4, 8),
        minutes=15,
        channel="phone",
        activity="individual",
        with_whom=("treatment",),
    )
    log(s, None, D(2026, 4, 14), minutes=90, channel="video", activity="team")
    log(s, made["B"], D(2026, 7, 2), minutes=30)  # after the half-year
    return made


@pytest.fixture
def form(office_cases: dict[str, Case], users: dict[str, User]) -> HalfYearForm:
    return form_create_for_office(office=users["spesialist"].office, half_year=H1_2026)


def test_the_counts_are_the_stock_and_its_flows(form) -> None:  # type: ignore[no-untyped-def]
    f = form.figures
    assert (
        f["participants_at_start"],
        f["entered"],
        f["discharged"],
        f["participants_at_end"],
    ) == (
        2,  # A and C at the end of December
        2,  # B and D
        2,  # C and D
        2,  # A and B
    )
    assert f["participants_at_start"] + f["entered"] - f["discharged"] == f["participants_at_end"]
    assert [m["month"] for m in f["months"]] == [f"2026-0{n}" for n in range(1, 7)]
    assert f["discharged_by_reason"] == {
        "work": 1,
        "work_with_subsidy": 0,
        "education": 0,
        "other_measure": 0,
        "treatment": 0,
        "disability": 0,
        "moved": 0,
        "dropped_out": 0,
        "other": 1,
    }


def test_the_counts_agree_with_the_reporting_selectors(form, users) -> None:  # type: ignore[no-untyped-def]
    office = users["spesialist"].office
    series = monthly_stock(first=D(2025, 12, 1), last=D(2026, 6, 1), offices=[office])[0]
    f = form.figures
    assert f["participants_at_start"] == series.at(D(2025, 12, 1)).at_month_end
    assert f["participants_at_end"] == series.at(D(2026, 6, 1)).at_month_end
    assert f["entered"] == sum(m.entered for m in series.months[1:])
    assert (
        f["discharged"]
        == sum(m.left for m in series.months[1:])
        == sum(f["discharged_by_reason"].values())
    )
    discharged = Case.objects.filter(
        office=office, end_date__gte=H1_2026.start, end_date__lte=H1_2026.end
    )
    assert (
        f["in_work_at_discharge"]["numerator"]
        == rate("in_work_at_discharge@1", cases=discharged, as_of=H1_2026.end).numerator
    )


def test_in_work_at_discharge_and_at_each_follow_up(form) -> None:  # type: ignore[no-untyped-def]
    f = form.figures
    at_discharge = f["in_work_at_discharge"]
    assert (at_discharge["numerator"], at_discharge["denominator"]) == (1, 2)  # C of C and D
    after = f["in_work_after_discharge"]
    # +3 fell due in the half-year for E (March) and C (June): both in work.
    assert (after["3"]["numerator"], after["3"]["denominator"], after["3"]["recorded"]) == (2, 2, 2)
    # +6 for H (January: job seeker) and E (June: not recorded).
    assert (after["6"]["numerator"], after["6"]["denominator"], after["6"]["recorded"]) == (0, 2, 1)
    # +12: nobody was discharged in the first half of 2025.
    assert after["12"]["denominator"] == 0
    assert after["3"]["measure"] == "in_work_after_discharge@1"


def test_time_use_comes_from_the_contact_log(form) -> None:  # type: ignore[no-untyped-def]
    use = form.figures["time_use"]
    assert use["contacts"] == 4  # the one in July is after the half-year
    assert use["minutes"] == 45 + 60 + 15 + 90
    assert (use["minutes_on_cases"], use["minutes_without_case"]) == (120, 90)
    assert use["face_to_face"] == 2  # the meeting and the workplace visit
    assert use["minutes_by_activity"]["team"] == 90
    assert use["minutes_by_activity"]["workplace"] == 60
    assert use["minutes_by_activity"]["individual"] == 60


def test_a_row_per_participant_and_follow_up(form, office_cases) -> None:  # type: ignore[no-untyped-def]
    rows = {row.case_id: row for row in form.rows.all()}
    by_name = {name: rows.get(case.pk) for name, case in office_cases.items()}
    assert len(rows) == 6
    assert all(by_name.values())
    assert [row.number for row in sorted(rows.values(), key=lambda r: r.number)] == list(
        range(1, 7)
    )
    # Ordered by the start: H (Mar 2025) first, B (Feb 2026) last.
    assert (by_name["H"].number, by_name["B"].number) == (1, 6)
    assert not by_name["E"].in_period
    assert not by_name["H"].in_period
    assert by_name["A"].in_period
    assert by_name["D"].in_period
    assert by_name["B"].started_month == D(2026, 2, 1)
    assert (by_name["B"].gender, by_name["B"].education) == ("male", "upper_secondary")
    assert by_name["B"].ansvarsgruppe
    assert not by_name["B"].individuell_plan
    assert by_name["B"].other_actors == ["dps"]
    assert by_name["B"].age_band == "30_39"  # born 1990, referred 2026
    assert (by_name["B"].contacts, by_name["B"].contact_minutes, by_name["B"].face_to_face) == (
        1,
        45,
        1,
    )
    a = by_name["A"]
    assert (a.contacts, a.workplace_visits, a.employer_minutes) == (2, 1, 60)
    assert a.other_actors == ["treatment"]


def test_the_statuses_at_discharge_and_after(form, office_cases) -> None:  # type: ignore[no-untyped-def]
    rows = {row.case_id: row for row in form.rows.all()}
    c = rows[office_cases["C"].pk]
    assert c.discharged_month == D(2026, 3, 1)
    assert c.end_reason == "work"
    assert c.status_at_discharge["in_work"] is True
    assert c.status_at_discharge["hours_per_week"] == "20.0"
    assert c.status_3["state"] == "recorded"
    assert c.status_3["in_work"]
    assert c.status_6 == {"state": "not_due"}
    d = rows[office_cases["D"].pk]
    assert d.status_at_discharge["in_work"] is False
    assert d.status_at_discharge["flags"] == ["job_seeker"]
    e = rows[office_cases["E"].pk]
    assert e.status_3["permanent"] is True
    assert e.status_6 == {"state": "due"}
    assert e.missing_in_case >= 1  # the +6 follow-up is due and not recorded
    h = rows[office_cases["H"].pk]
    assert h.status_6["flags"] == ["job_seeker"]
    assert h.status_6["in_work"] is False
    assert h.status_12 == {"state": "not_due"}
    a = rows[office_cases["A"].pk]
    assert a.status_at_discharge is None
    assert a.status_3 is None


def test_what_is_missing_per_row(form, office_cases) -> None:  # type: ignore[no-untyped-def]
    rows = {row.case_id: row for row in form.rows.all()}
    # In the programme during the half-year: initiative, practice before, content of follow-up.
    assert rows[office_cases["A"].pk].missing_in_form == 3
    # Followed up only after discharge: no content of follow-up is asked for.
    assert rows[office_cases["H"].pk].missing_in_form == 2
    # B's case tells gender and education; A's does not.
    assert rows[office_cases["B"].pk].missing_in_case < rows[office_cases["A"].pk].missing_in_case


def test_no_row_holds_a_direct_identifier(form, office_cases) -> None:  # type: ignore[no-untyped-def]
    text = canonical(form_data(form)).decode()
    for case in office_cases.values():
        participant = case.participant
        for identifier in (
            participant.first_name,
            participant.last_name,
            participant.birth_date.isoformat(),
            participant.birth_date.strftime("%d%m%y"),
        ):
            assert identifier not in text, identifier
        assert not re.search(rf'"case(_id)?":\s*{case.pk}\b', text)
    assert "Sagene" not in text
