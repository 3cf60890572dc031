"""Twenty people press "Discharge" on the same case at once: one discharge, nineteen refusals.

Real threads, real PostgreSQL transactions, released together by a barrier. The second test takes
the row lock out of the service and shows that the first test would then fail, so the first one
really tests the lock.
"""

from __future__ import annotations

import datetime
import threading
from collections import Counter
from typing import Any

import pytest
from django.db import connection, connections

from apps.cases import services
from apps.cases.models import Case, CaseEvent, CaseStatus, OutcomeStatus
from apps.organisation.demo import load_organisation
from tests.cases.factories import open_case

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 20


def race(case: Case, actor: Any) -> Counter[str]:
    barrier = threading.Barrier(THREADS)
    results: Counter[str] = Counter()
    lock = threading.Lock()

    def press() -> None:
        try:
            barrier.wait()
            services.case_discharge(
                case=Case.objects.get(pk=case.pk),
                actor=actor,
                on=datetime.date(2026, 11, 1),
                reason="work",
                status={"in_work": True, "work_hours_per_week": 30},
            )
            outcome = "discharged"
        except services.CaseError as error:
            outcome = f"refused: {error}"
        except Exception as error:
            outcome = f"crashed: {type(error).__name__}"
        finally:
            connections.close_all()
        with lock:
            results[outcome] += 1

    threads = [threading.Thread(target=press) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture
def active_case(reference_data: None) -> tuple[Case, Any]:
    assert connection.vendor == "postgresql"
    users = load_organisation()
    return open_case(users["spesialist"]), users["spesialist"]


def test_twenty_simultaneous_discharges_give_one_discharge_and_nineteen_clear_refusals(
    active_case,
) -> None:  # type: ignore[no-untyped-def]
    case, actor = active_case
    results = race(case, actor)
    assert results == Counter(
        {"discharged": 1, "refused: Saken er allerede skrevet ut.": THREADS - 1}
    )
    assert CaseEvent.objects.filter(case=case, to_status=CaseStatus.DISCHARGED).count() == 1
    assert OutcomeStatus.objects.filter(case=case).count() == 1


def test_without_the_row_lock_the_same_race_goes_wrong(
    active_case, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    case, actor = active_case
    monkeypatch.setattr(
        services, "_locked", lambda c: Case.objects.select_related("rules").get(pk=c.pk)
    )
    results = race(case, actor)
    assert results != Counter(
        {"discharged": 1, "refused: Saken er allerede skrevet ut.": THREADS - 1}
    ), (
        "without select_for_update the threads should have collided; if this ever passes by luck, "
        "the barrier did not line them up"
    )
