"""The scales' thresholds, checked at every boundary against a hand count of the published
anchors. The boundaries come from the fixture files, so a new edition is tested as it is loaded;
the expected scores come from the anchors as written here, not from the thresholds."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from apps.fidelity.metrics import METRICS
from apps.fidelity.models import Scale
from apps.fidelity.scales import read_scale, scale_files, score


def _down(*limits: int) -> Callable[[Decimal], int]:
    """Lower is better: 5 up to the first limit, 4 up to the second, ..., 1 above the last."""
    return lambda v: next((5 - i for i, limit in enumerate(limits) if v <= limit), 1)


def _up(*limits: int) -> Callable[[Decimal], int]:
    """Higher is better: 5 from the first limit, 4 from the second, ..., 1 below the last."""
    return lambda v: next((5 - i for i, limit in enumerate(limits) if v >= limit), 1)


HAND_COUNT: dict[str, Callable[[Decimal], int]] = {
    # 5 = ≤20, 4 = 21-30, 3 = 31-40, 2 = 41-50, 1 = ≥51 cases per specialist
    "caseload_per_specialist": _down(20, 30, 40, 50),
    # 5 = ≤30, 4 = 31-60, 3 = 61-90, 2 = 91-120, 1 = >120 days
    "days_to_employer_contact": _down(30, 60, 90, 120),
    # 5 = ≥6, 4 = 5, 3 = 4, 2 = 3, 1 = ≤2 contacts per specialist per week
    "employer_contacts_per_week": _up(6, 5, 4, 3),
    # 5 = ≥95 %, 4 = 85-94, 3 = 75-84, 2 = 65-74, 1 = <65
    "competitive_share": _up(95, 85, 75, 65),
    # 5 = ≥90 %, 4 = 85-89, 3 = 70-84, 2 = 50-69, 1 = <50
    "employer_diversity": _up(90, 85, 70, 50),
    "job_type_diversity": _up(90, 85, 70, 50),
    # 5 = ≥65 %, 4 = 50-64, 3 = 35-49, 2 = 20-34, 1 = <20
    "community_share": _up(65, 50, 35, 20),
    # 5 = nobody rejected, 4 = ≤5 %, 3 = ≤10 %, 2 = ≤20 %, 1 = more
    "exclusion_share": _down(0, 5, 10, 20),
}
STEPS = (Decimal(-1), Decimal("-0.1"), Decimal(0), Decimal("0.1"), Decimal(1))


def _boundary_cases() -> list[object]:
    cases = []
    for path in scale_files():
        spec = read_scale(path)
        for item in spec["items"]:
            for band in item.get("thresholds", []):
                for limit in (band.get("min"), band.get("max")):
                    if limit is None:
                        continue
                    for step in STEPS:
                        value = Decimal(str(limit)) + step
                        if value < 0:
                            continue
                        cases.append(
                            pytest.param(
                                item["thresholds"],
                                item["metric"],
                                value,
                                id=f"{spec['code']}-{item['key']}-{value}",
                            )
                        )
    return cases


@pytest.mark.parametrize(("thresholds", "metric", "value"), _boundary_cases())
def test_every_boundary_scores_as_a_hand_count(thresholds, metric, value) -> None:  # type: ignore[no-untyped-def]
    assert score(value, thresholds) == HAND_COUNT[metric](value)


def test_every_computed_item_names_a_known_metric_with_a_hand_count() -> None:
    for path in scale_files():
        for item in read_scale(path)["items"]:
            if item.get("metric"):
                assert item["metric"] in METRICS, item["key"]
            if item.get("thresholds"):
                assert item["metric"] in HAND_COUNT, item["key"]
                assert [b["score"] for b in item["thresholds"]] == [5, 4, 3, 2, 1]
            assert set(item["anchors"]) == {"1", "2", "3", "4", "5"}, item["key"]


def test_no_value_or_no_thresholds_proposes_nothing() -> None:
    assert score(None, [{"score": 5}]) is None
    assert score(Decimal(3), []) is None


@pytest.mark.django_db
def test_the_migration_loaded_both_scales_attached_to_their_programmes() -> None:
    ips = Scale.objects.get(code="ips-25", is_current=True)
    assert ips.items.count() == 25
    assert set(ips.items.values_list("group", flat=True)) == {
        "organisation",
        "services",
        "staffing",
    }
    assert [
        ips.items.filter(group=g).count() for g in ("staffing", "organisation", "services")
    ] == [
        3,
        8,
        14,
    ]
    assert list(ips.programmes.values_list("code", flat=True)) == ["ips"]
    assert [ips.band_for(t) for t in (125, 115, 114, 100, 99, 74, 73, 25)] == [
        "Svært god modelltrohet",
        "Svært god modelltrohet",
        "God modelltrohet",
        "God modelltrohet",
        "Middels modelltrohet",
        "Middels modelltrohet",
        "Ikke individuell jobbstøtte (IPS)",
        "Ikke individuell jobbstøtte (IPS)",
    ]
    se = Scale.objects.get(code="euse-se", is_current=True)
    assert "ips" not in se.programmes.values_list("code", flat=True)
    assert se.programmes.count() == 5
    assert not se.items.filter(key__in=["integration-team", "outreach"]).exists()


@pytest.mark.django_db
def test_a_new_edition_is_a_new_file(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import json
    import shutil

    from apps.fidelity import scales
    from apps.fidelity.models import ScaleItem
    from apps.programmes.models import Programme

    for path in scale_files():
        shutil.copy(path, tmp_path / path.name)
    spec = read_scale(tmp_path / "ips-25_2019.json")
    spec["edition"] = "2030"
    spec["items"][0]["thresholds"][0]["max"] = 15
    (tmp_path / "ips-25_2030.json").write_text(json.dumps(spec))
    monkeypatch.setattr(scales, "SCALES_DIR", tmp_path)

    scales.load_scales(Scale, ScaleItem, Programme)
    scales.load_scales(Scale, ScaleItem, Programme)  # twice: nothing changes

    editions = Scale.objects.filter(code="ips-25")
    assert sorted(editions.values_list("edition", "is_current")) == [
        ("2019", False),
        ("2030", True),
    ]
    new = editions.get(edition="2030")
    assert new.items.count() == 25
    assert new.items.get(key="caseload").thresholds[0] == {"score": 5, "max": 15}


@pytest.mark.django_db
def test_reloading_an_edition_updates_its_texts_in_place(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import json

    from apps.fidelity import scales
    from apps.fidelity.models import ScaleItem
    from apps.programmes.models import Programme

    ips = Scale.objects.get(code="ips-25", edition="2019")
    caseload = ips.items.get(key="caseload")
    items_before = dict(ips.items.values_list("key", "pk"))
    assert ips.name == "IPS-25 (skala for modelltrohet i individuell jobbstøtte)"
    assert caseload.title == "Antall deltakere per jobbspesialist"
    assert caseload.anchors["5"] == "20 eller færre deltakere per jobbspesialist"

    # An edition loaded with older texts (as 0002 did, in English) ...
    Scale.objects.filter(pk=ips.pk).update(
        name="IPS-25 (Supported Employment Fidelity Scale)",
        bands=[{**band, "label": "Old label"} for band in ips.bands],
    )
    ScaleItem.objects.filter(pk=caseload.pk).update(
        title="Caseload size", anchors={**caseload.anchors, "5": "20 or fewer clients"}
    )
    # ... and a file with new texts for the same code and edition.
    spec = read_scale(scales.SCALES_DIR / "ips-25_2019.json")
    spec["items"][0]["anchors"]["4"] = "21–30 deltakere per jobbspesialist"
    (tmp_path / "ips-25_2019.json").write_text(json.dumps(spec, ensure_ascii=False))
    monkeypatch.setattr(scales, "SCALES_DIR", tmp_path)

    scales.load_scales(Scale, ScaleItem, Programme)
    scales.load_scales(Scale, ScaleItem, Programme)  # twice: nothing changes

    editions = Scale.objects.filter(code="ips-25")
    assert list(editions.values_list("pk", "edition", "is_current")) == [(ips.pk, "2019", True)]
    ips.refresh_from_db()
    caseload.refresh_from_db()
    assert ips.name == spec["name"]
    assert [band["label"] for band in ips.bands] == [band["label"] for band in spec["bands"]]
    assert ips.band_for(100) == "God modelltrohet"
    assert caseload.title == "Antall deltakere per jobbspesialist"
    assert caseload.anchors == {
        "5": "20 eller færre deltakere per jobbspesialist",
        "4": "21–30 deltakere per jobbspesialist",
        "3": "31–40 deltakere",
        "2": "41–50 deltakere",
        "1": "51 eller flere deltakere",
    }
    # Same rows, same keys, same thresholds: the reviews made with the edition keep their items.
    assert dict(ips.items.values_list("key", "pk")) == items_before
    assert caseload.thresholds == spec["items"][0]["thresholds"]
