"""Retention: anonymised after the configured years; the aggregate figures do not move."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Count, Q

from apps.audit.models import AccessAction, AccessLogEntry
from apps.audit.retention import retention_run
from apps.cases.models import Case, CaseDocument, CaseStatus, OutcomeStatus
from apps.contacts.models import Contact
from apps.participants.models import Participant
from tests.cases.factories import open_case

pytestmark = pytest.mark.django_db


def aggregates() -> dict[str, object]:
    """The kind of figures the reports publish: counts, outcomes and the participant mix."""
    cases = Case.objects.all()
    return {
        "by_status": sorted(
            cases.values_list("office_id", "programme_id", "status").annotate(n=Count("pk"))
        ),
        "in_work_at_discharge": OutcomeStatus.objects.filter(
            at_discharge=True, superseded_on__isnull=True, in_work=True, work_hours_per_week__gte=4
        ).count(),
        "mix": cases.aggregate(
            under_30=Count("pk", filter=Q(age_at_referral__lt=30)),
            aap=Count("pk", filter=Q(participant__benefit="aap")),
            reduced=Count("pk", filter=Q(participant__reduced_work_capacity=True)),
            employed=Count("pk", filter=Q(participant__employed_at_start=True)),
            women=Count("pk", filter=Q(participant__gender="female")),
        ),
        "contacts": sorted(
            Contact.objects.values_list("channel", "duration_minutes", "stage").annotate(
                n=Count("pk")
            )
        ),
    }


def test_a_participant_is_anonymised_five_years_after_the_last_case_ended(world, client_as) -> None:  # type: ignore[no-untyped-def]
    spesialist = world.user("spesialist")
    old = open_case(
        spesialist,
        status=CaseStatus.DISCHARGED,
        referral_date=datetime.date(2020, 1, 6),
        first_name="Gammel",
        birth_date=datetime.date(1995, 2, 3),
        benefit="aap",
        reduced_work_capacity=True,
        gender="female",
    )
    client_as("teamleder").get(f"/saker/{old.pk}/")
    before = aggregates()

    assert retention_run(today=datetime.date(2025, 1, 1)) == 0, "not yet five years"
    assert retention_run(today=datetime.date(2026, 11, 20)) == 1

    person = Participant.objects.get(pk=old.participant_id)
    assert (person.first_name, person.last_name, person.fnr_ciphertext, person.phone) == (
        "Anonymisert",
        "Anonymisert",
        "",
        "",
    )
    assert person.birth_date == datetime.date(1900, 1, 1)
    assert person.anonymised_at is not None
    case = Case.objects.get(pk=old.pk)
    assert case.age_at_referral == 24
    assert case.order_goal == ""
    assert not CaseDocument.objects.filter(case=case).exists()
    assert not person.changes.exists()
    assert aggregates() == before, "the reports give the same figures after anonymisation"
    # The access log about them is gone with the rest (it was older than the cut-off: no,
    # it is from today, so it stays until it is five years old).
    assert AccessLogEntry.objects.filter(
        participant_id=person.pk, action=AccessAction.VIEW_CASE
    ).exists()


def test_someone_with_an_open_case_is_never_anonymised(world) -> None:  # type: ignore[no-untyped-def]
    spesialist = world.user("spesialist")
    old = open_case(
        spesialist, status=CaseStatus.DISCHARGED, referral_date=datetime.date(2018, 1, 8)
    )
    from apps.cases import services
    from apps.programmes.models import Programme

    services.case_refer(
        actor=spesialist,
        participant=old.participant,
        programme=Programme.objects.get(code="ips"),
        referral_date=datetime.date(2026, 10, 1),
    )
    assert retention_run(today=datetime.date(2026, 11, 20)) == 0
    assert Participant.objects.get(pk=old.participant_id).anonymised_at is None


def test_running_retention_twice_changes_nothing_more(world) -> None:  # type: ignore[no-untyped-def]
    open_case(
        world.user("spesialist"),
        status=CaseStatus.WITHDRAWN,
        referral_date=datetime.date(2019, 3, 4),
    )
    assert retention_run(today=datetime.date(2026, 11, 20)) == 1
    after = aggregates()
    assert retention_run(today=datetime.date(2026, 11, 20)) == 0
    assert aggregates() == after


def test_old_access_log_rows_about_anonymised_people_are_purged(world) -> None:  # type: ignore[no-untyped-def]
    import time_machine

    old = open_case(
        world.user("spesialist"),
        status=CaseStatus.REJECTED,
        referral_date=datetime.date(2019, 3, 4),
    )
    with time_machine.travel(datetime.datetime(2019, 4, 1, 12, tzinfo=datetime.UTC)):
        AccessLogEntry.objects.create(
            at=datetime.datetime(2019, 4, 1, 12, tzinfo=datetime.UTC),
            actor_id=1,
            actor_username="x",
            actor_name="X",
            actor_role="specialist",
            participant_id=old.participant_id,
            action=AccessAction.VIEW_CASE,
            path="/",
        )
    retention_run(today=datetime.date(2026, 11, 20))
    assert not AccessLogEntry.objects.filter(participant_id=old.participant_id).exists()
