"""docs/import.md and its sample files say what the code does."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import time_machine

from apps.imports.columns import COLUMNS, choice_words
from apps.imports.models import ImportStatus
from apps.imports.services import import_start
from apps.organisation.models import User
from tests.imports.helpers import checked, problems

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_the_guide_documents_every_column_with_whether_it_is_required() -> None:
    text = (DOCS / "import.md").read_text()
    documented = dict(re.findall(r"^\| `([^`]+)` \| (yes|no|[^|]+?) \|", text, re.MULTILINE))
    for columns in COLUMNS.values():
        for column in columns:
            assert column.name in documented, column.name
            assert (documented[column.name] == "yes") == column.required, column.name


def test_no_two_ways_of_writing_a_choice_collide() -> None:
    from apps.employers.models import Sector, SizeBand
    from apps.participants.models import (
        Benefit,
        BirthCountryGroup,
        Education,
        Gender,
        Innsatsgruppe,
    )

    for choices in (Gender, BirthCountryGroup, Education, Benefit, Innsatsgruppe, Sector, SizeBand):
        words = choice_words(choices)
        assert set(words.values()) == set(choices.values), choices


@time_machine.travel(datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC))
def test_the_sample_files_import_without_a_problem(users: dict[str, User]) -> None:
    samples = DOCS / "samples"
    spesialist = users["spesialist"]
    xlsx = checked(
        spesialist,
        "participants",
        (samples / "deltakere.xlsx").read_bytes(),
        name="deltakere.xlsx",
    )
    assert problems(xlsx) == []
    for kind, name in (
        ("participants", "deltakere.csv"),
        ("cases", "saker.csv"),
        ("employers", "arbeidsgivere.csv"),
    ):
        job = checked(spesialist, kind, (samples / name).read_bytes(), name=name)
        assert problems(job) == [], name
        assert import_start(job=job, actor=spesialist).status == ImportStatus.IMPORTED
