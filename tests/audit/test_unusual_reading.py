from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from apps.audit.models import AccessAction, AccessLogEntry, UnusualReading
from apps.audit.services import unusual_reading_summarise

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 19)


def opened(user, n: int, action: str = AccessAction.VIEW_CASE) -> None:  # type: ignore[no-untyped-def]
    at = timezone.make_aware(datetime.datetime.combine(DAY, datetime.time(10)))
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            at=at,
            actor_id=user.pk,
            actor_username=user.username,
            actor_name=str(user),
            actor_role=user.role,
            actor_office_id=user.office_id,
            participant_id=10_000 + i,
            action=action,
            path="/saker/1/",
        )
        for i in range(n)
    )


def test_someone_who_opens_many_records_in_a_day_is_listed_for_the_team_lead(
    world, client_as, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.JOBBSPOR_UNUSUAL_READING_THRESHOLD = 40
    opened(world.user("kollega"), 41)
    opened(world.user("spesialist"), 40)
    opened(world.user("annen"), 300, action=AccessAction.LIST)
    assert unusual_reading_summarise(day=DAY) == 1
    assert unusual_reading_summarise(day=DAY) == 1, "safe to run twice"
    row = UnusualReading.objects.get()
    assert (row.actor_name, row.distinct_participants) == ("Jonas Berg", 41)
    with time_machine.travel(datetime.datetime(2026, 11, 20, 8, tzinfo=datetime.UTC)):
        page = client_as("teamleder").get("/oversikt/team/").content.decode()
        assert "Jonas Berg åpnet 41 personers saker" in page
        assert "Jonas Berg åpnet" not in client_as("kollega").get("/saker/").content.decode()
