"""manage.py import_data: the same checks and the same all-or-nothing as the page."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from apps.cases.models import Case
from apps.imports import demo
from apps.imports.models import ImportJob
from apps.organisation.models import User
from apps.participants.models import Participant
from tests.imports.helpers import break_check_digit


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_data", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_dry_run_checks_every_row_and_imports_nothing(
    users: dict[str, User], rng: random.Random, tmp_path: Path
) -> None:
    path = tmp_path / "deltakere.csv"
    path.write_bytes(demo.as_csv(demo.participant_rows(40, rng)))
    out, _err = run("participants", str(path), "--user", "spesialist", "--dry-run")
    assert "40" in out
    assert Participant.objects.count() == 0
    assert not ImportJob.objects.get().file  # nothing kept


def test_the_command_imports_a_good_file(
    users: dict[str, User], rng: random.Random, tmp_path: Path
) -> None:
    path = tmp_path / "deltakere.xlsx"
    path.write_bytes(demo.as_xlsx(demo.participant_rows(40, rng)))
    out, _err = run("deltakere", str(path), "--user", "spesialist")
    assert "40" in out
    assert Case.objects.filter(owner=users["spesialist"]).count() == 40


def test_a_bad_row_is_named_and_nothing_imported_nor_printed_of_the_number(
    users: dict[str, User], rng: random.Random, tmp_path: Path
) -> None:
    rows = demo.participant_rows(50, rng)
    rows[10]["fødselsnummer"] = bad = break_check_digit(rows[10]["fødselsnummer"])
    path = tmp_path / "deltakere.csv"
    path.write_bytes(demo.as_csv(rows))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_data", "participants", str(path), "--user", "spesialist", stderr=err)
    expected = _("Row %(row)s, column %(column)s: %(message)s") % {
        "row": 12,
        "column": "fødselsnummer",
        "message": "Dette er ikke et gyldig fødselsnummer eller D-nummer. Sjekk de elleve sifrene.",
    }
    assert err.getvalue().strip() == expected
    assert bad not in err.getvalue()
    assert Participant.objects.count() == 0


def test_only_a_specialist_or_team_lead_can_import(
    users: dict[str, User], rng: random.Random, tmp_path: Path
) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(demo.as_csv(demo.employer_rows(2, rng)))
    with pytest.raises(CommandError):
        run("employers", str(path), "--user", "kontorleder")
    with pytest.raises(CommandError):
        run("employers", str(path), "--user", "nobody")
