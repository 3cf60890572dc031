"""The programme's rules as deadlines on a case, from the rule version the case runs under."""

from __future__ import annotations

import datetime

import pytest

from apps.cases.models import CaseStatus
from apps.cases.warnings import case_deadlines, next_due, warnings
from tests.cases.factories import open_case

pytestmark = pytest.mark.django_db
REFERRAL = datetime.date(2026, 9, 1)


def codes(deadlines) -> dict[str, datetime.date]:  # type: ignore[no-untyped-def]
    return {d.code: d.due for d in deadlines}


def test_a_fresh_referral_has_the_intake_deadlines_of_its_programme(world) -> None:  # type: ignore[no-untyped-def]
    case = open_case(world.user("spesialist"), status=CaseStatus.REFERRED, referral_date=REFERRAL)
    found = codes(case_deadlines(case, last_contact=None, first_employer_contact=None))
    assert found == {
        "first_contact": REFERRAL + datetime.timedelta(days=7),
        "intake_talk": REFERRAL + datetime.timedelta(days=14),
        "decision": REFERRAL + datetime.timedelta(days=28),
    }


def test_the_first_contact_deadline_goes_once_someone_has_been_in_touch(world) -> None:  # type: ignore[no-untyped-def]
    case = open_case(world.user("spesialist"), status=CaseStatus.REFERRED, referral_date=REFERRAL)
    found = codes(
        case_deadlines(
            case, last_contact=REFERRAL + datetime.timedelta(days=2), first_employer_contact=None
        )
    )
    assert "first_contact" not in found


def test_an_active_case_must_be_contacted_within_the_programmes_limit(world) -> None:  # type: ignore[no-untyped-def]
    case = open_case(world.user("spesialist"), referral_date=REFERRAL)  # active from 2026-09-11
    last = datetime.date(2026, 10, 5)
    deadlines = case_deadlines(case, last_contact=last, first_employer_contact=None)
    found = codes(deadlines)
    assert found["no_contact"] == last + datetime.timedelta(days=14)
    assert found["first_employer_contact"] == datetime.date(2026, 9, 11) + datetime.timedelta(
        days=30
    )
    today = datetime.date(2026, 10, 20)
    assert [d.code for d in warnings(deadlines, today) if d.overdue(today)] == [
        "first_employer_contact",
        "no_contact",
    ]
    assert next_due(deadlines).code == "first_employer_contact"  # type: ignore[union-attr]


def test_a_time_limited_programme_warns_before_its_maximum_duration(world) -> None:  # type: ignore[no-untyped-def]
    case = open_case(world.user("spesialist"), programme="oppfolging", referral_date=REFERRAL)
    found = codes(case_deadlines(case, last_contact=None, first_employer_contact=None))
    assert found["maximum_duration"] == datetime.date(2027, 9, 11)  # 6 + 6 months from 2026-09-11
    ips = open_case(world.user("spesialist"), programme="ips", referral_date=REFERRAL)
    assert "maximum_duration" not in codes(
        case_deadlines(ips, last_contact=None, first_employer_contact=None)
    )


def test_a_discharged_case_has_no_deadlines_of_the_active_phase(world) -> None:  # type: ignore[no-untyped-def]
    case = open_case(world.user("spesialist"), status=CaseStatus.DISCHARGED, referral_date=REFERRAL)
    assert case_deadlines(case, last_contact=None, first_employer_contact=None) == []


def test_the_case_page_shows_overdue_deadlines(world, client_as) -> None:  # type: ignore[no-untyped-def]
    body = client_as("spesialist").get(f"/saker/{world.case.pk}/").content.decode()
    assert "Første arbeidsgiverkontakt innen 30 dager" in body
