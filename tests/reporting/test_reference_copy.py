"""The published figures are copied into the repository; the copy must not drift."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from apps.reporting.reference import REFERENCE_DIR

ORIGINAL = Path(settings.BASE_DIR).parent / "shared" / "data" / "aap-som-lonnstilskudd"


def test_the_copy_holds_the_three_tables() -> None:
    names = {p.name for p in REFERENCE_DIR.iterdir()}
    assert {"maaltall.csv", "monthly_flows.csv", "monthly_stock.csv"} <= names


@pytest.mark.skipif(not ORIGINAL.exists(), reason="no ../shared beside this checkout")
def test_the_copy_is_the_published_data() -> None:
    for original in ORIGINAL.iterdir():
        assert (REFERENCE_DIR / original.name).read_bytes() == original.read_bytes(), original.name
