"""Loading the scale fixtures: one JSON file per scale and edition in ``scales/``.

A new edition is a new file; loading it adds the edition, marks it the current one of its code and
leaves the older editions (and the reviews made with them) as they were. Loading a file whose
edition is already there updates that edition in place: its texts (name, source, band labels, item
titles and anchors) are taken from the file, the rows and their keys stay, so the reviews made with
it keep their items. Loading the same file twice changes nothing. The loader takes the model
classes so the data migrations can pass the historical ones.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

SCALES_DIR = Path(__file__).resolve().parent / "scales"


def scale_files() -> list[Path]:
    return sorted(SCALES_DIR.glob("*.json"))


def read_scale(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def load_scales(scale_model: Any, item_model: Any, programme_model: Any) -> list[Any]:
    loaded = []
    for path in scale_files():
        spec = read_scale(path)
        scale, _ = scale_model.objects.update_or_create(
            code=spec["code"],
            edition=spec["edition"],
            defaults={
                "name": spec["name"],
                "source": spec.get("source", ""),
                "bands": spec.get("bands", []),
            },
        )
        scale.programmes.set(programme_model.objects.filter(code__in=spec.get("programmes", [])))
        for item in spec["items"]:
            item_model.objects.update_or_create(
                scale=scale,
                key=item["key"],
                defaults={
                    "number": item["number"],
                    "group": item["group"],
                    "title": item["title"],
                    "anchors": item.get("anchors", {}),
                    "metric": item.get("metric", ""),
                    "thresholds": item.get("thresholds", []),
                },
            )
        loaded.append(scale)
    # The newest edition of each code is the current one.
    for code in {s.code for s in loaded}:
        editions = scale_model.objects.filter(code=code).order_by("-edition")
        newest = editions.first()
        editions.exclude(pk=newest.pk).update(is_current=False)
        editions.filter(pk=newest.pk).update(is_current=True)
    return loaded


def score(value: Decimal | int | float | None, thresholds: list[dict[str, Any]]) -> int | None:
    """The score of the first band (best first) whose inclusive ``min``/``max`` admit ``value``.

    None when there is no value (nothing to measure in the period) or no thresholds (evidence
    only)."""
    if value is None or not thresholds:
        return None
    v = Decimal(str(value))
    for band in thresholds:
        low, high = band.get("min"), band.get("max")
        if low is not None and v < Decimal(str(low)):
            continue
        if high is not None and v > Decimal(str(high)):
            continue
        return int(band["score"])
    return None
