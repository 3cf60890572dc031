"""The directorate's and the county coordinators' aggregates: counts only, suppressed as on the
report pages."""

from __future__ import annotations

import pytest

from apps.organisation.models import County
from tests.api.conftest import V1

pytestmark = pytest.mark.django_db


def test_the_directorate_reads_the_national_maaltall_report(world, api) -> None:  # type: ignore[no-untyped-def]
    response = api("direktorat").get(f"{V1}reports/maaltall/?year=2026")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["year"] == 2026
    assert body["county"] is None
    offices = {row["label"] for row in body["rows"]}
    assert {"NAV Østensjø", "NAV Sagene"} <= offices
    # A handful of participants per office: every small month-end count is hidden.
    cells = [cell for row in body["rows"] for cell in row["months"]]
    assert ":" in cells
    assert not any(cell.isdigit() and 1 <= int(cell) <= 4 for cell in cells)
    assert body["hidden"] > 0


def test_a_county_coordinator_gets_the_county_whatever_is_asked(world, api) -> None:  # type: ignore[no-untyped-def]
    other = County.objects.exclude(pk=world.user("fylke").county_id).first()
    response = api("fylke").get(f"{V1}reports/outcomes/?county={other.pk}")  # type: ignore[union-attr]
    assert response.status_code == 200
    assert response.json()["county"] == world.user("fylke").county_id


def test_no_role_that_sees_persons_reads_the_aggregates(world, api) -> None:  # type: ignore[no-untyped-def]
    for persona in ("spesialist", "teamleder", "kontorleder", "admin"):
        assert api(persona).get(f"{V1}reports/maaltall/").status_code == 403
    assert api("anonym").get(f"{V1}reports/maaltall/").status_code == 401


def test_a_bad_filter_is_400(world, api) -> None:  # type: ignore[no-untyped-def]
    assert api("direktorat").get(f"{V1}reports/maaltall/?year=1999").status_code == 400
    assert api("direktorat").get(f"{V1}reports/outcomes/?programme=abc").status_code == 400


def test_the_report_holds_no_personal_data(world, api) -> None:  # type: ignore[no-untyped-def]
    body = api("direktorat").get(f"{V1}reports/outcomes/").content.decode()
    for name in ("Kari", "Nordmann", world.fnr[:6]):
        assert name not in body
