"""Synthetic import files: for the tests, the benchmark and the samples in docs/samples/.

Every fødselsnummer is a synthetic Tenor number (month + 80), which nobody can have, and every
organisation number is made up with a valid check digit; the names are invented.
"""

from __future__ import annotations

import csv
import datetime
import io
import random
from collections.abc import Iterable, Mapping

from stdnum.no import orgnr as stdnum_orgnr

from apps.participants.fnr import synthetic_fnr

WOMEN = ["Kari", "Ingrid", "Sofie", "Amina", "Marta", "Nora"]
MEN = ["Ola", "Ahmed", "Jonas", "Lars", "Emil", "Per"]
LAST_NAMES = ["Nordmann", "Hansen", "Berg", "Ali", "Johansen", "Lie", "Haugen", "Nguyen", "Dahl"]


def participant_rows(
    count: int,
    rng: random.Random,
    *,
    programme: str = "utvidet-oppfolging",
    referral_date: datetime.date = datetime.date(2026, 1, 5),
    owner: str = "",
    taken: set[str] | None = None,
) -> list[dict[str, str]]:
    """``count`` people, each with a referral, as the cells of a participant file."""
    taken = taken if taken is not None else set()
    rows: list[dict[str, str]] = []
    while len(rows) < count:
        born = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(16000))
        female = rng.random() < 0.5
        digits = synthetic_fnr(born, rng, female=female)
        if digits in taken:
            continue
        taken.add(digits)
        rows.append(
            {
                "fødselsnummer": digits,
                "fornavn": rng.choice(WOMEN if female else MEN),
                "etternavn": rng.choice(LAST_NAMES),
                "fødselsdato": born.strftime("%d.%m.%Y"),
                "kjønn": "kvinne" if female else "mann",
                "telefon": f"4{rng.randrange(10_000_000):07d}",
                "program": programme,
                "henvisningsdato": referral_date.strftime("%d.%m.%Y"),
                "jobbspesialist": owner,
            }
        )
    return rows


def employer_rows(
    count: int, rng: random.Random, *, taken: set[str] | None = None
) -> list[dict[str, str]]:
    """``count`` made-up firms with valid organisation numbers."""
    taken = taken if taken is not None else set()
    rows: list[dict[str, str]] = []
    while len(rows) < count:
        number = synthetic_orgnr(rng)
        if number in taken:
            continue
        taken.add(number)
        rows.append(
            {
                "organisasjonsnummer": number,
                "navn": f"{rng.choice(LAST_NAMES)} {rng.choice(['AS', 'Bygg AS', 'Drift'])}",
                "sektor": rng.choice(["privat", "offentlig"]),
                "bransje": rng.choice(["Bygg og anlegg", "Varehandel", "Helse", "Renhold"]),
                "poststed": rng.choice(["Oslo", "Bergen", "Tromsø"]),
            }
        )
    return rows


def synthetic_orgnr(rng: random.Random) -> str:
    """Nine digits, starting with 9 like the register's numbers, with a valid check digit."""
    while True:
        base = "9" + f"{rng.randrange(10_000_000):07d}"
        # The check digit makes the weighted sum divisible by 11; some bases have none.
        for digit in "0123456789":
            if stdnum_orgnr.checksum(base + digit) == 0:
                return base + digit


def _columns(rows: list[Mapping[str, object]]) -> list[str]:
    """Every column any row has, in the order they first appear."""
    return list(dict.fromkeys(name for row in rows for name in row))


def as_csv(rows: Iterable[Mapping[str, object]], delimiter: str = ";") -> bytes:
    rows = list(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=_columns(rows), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def as_xlsx(rows: Iterable[Mapping[str, object]]) -> bytes:
    from openpyxl import Workbook

    rows = list(rows)
    columns = _columns(rows)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Import")
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(name) for name in columns])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
