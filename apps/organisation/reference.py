"""Reference data every installation has: the counties. Loaded by migration 0002 and, in tests
whose database is flushed between tests, by the ``reference_data`` fixture."""

from __future__ import annotations

from typing import Any

# The fifteen counties as they are from 1 January 2024, with their official numbers.
COUNTIES = [
    ("03", "Oslo"),
    ("11", "Rogaland"),
    ("15", "Møre og Romsdal"),
    ("18", "Nordland"),
    ("31", "Østfold"),
    ("32", "Akershus"),
    ("33", "Buskerud"),
    ("34", "Innlandet"),
    ("39", "Vestfold"),
    ("40", "Telemark"),
    ("42", "Agder"),
    ("46", "Vestland"),
    ("50", "Trøndelag"),
    ("55", "Troms"),
    ("56", "Finnmark"),
]


def load_counties(county_model: Any) -> None:
    """Create or update the counties. Takes the model so that a migration can pass its own."""
    for number, name in COUNTIES:
        county_model.objects.update_or_create(number=number, defaults={"name": name})
