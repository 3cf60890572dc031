"""The form as CSV and XLSX, made from the same data as the page and the PDF.

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a formula (CSV
injection), so every text cell that begins with one of them, or with a tab or carriage return
(OWASP's list), gets a single quote in front: the cell then shows the text as written. Numbers
are written as numbers.

The CSV is for Norwegian spreadsheets: semicolons between cells (the comma is the decimal
separator), UTF-8 with a byte-order mark so that æøå survive a double click, CRLF line ends. It
holds the office's figures, an empty line, then one line per participant. The XLSX has the same in
two sheets.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from apps.halfyear import present
from apps.halfyear.periods import HalfYear
from apps.reporting.reports import defuse_formula


def _title(data: dict[str, Any]) -> list[Any]:
    period = HalfYear(data["period"]["year"], data["period"]["half"])
    return [_("Half-yearly form"), period.label, data["office"]["name"]]


def _figure_lines(data: dict[str, Any]) -> list[list[Any]]:
    lines: list[list[Any]] = [[_("Part"), _("Figure"), _("Value"), _("Note")]]
    lines.extend(
        [line.section, line.label, line.value, line.detail] for line in present.figures(data)
    )
    return lines


def _row_lines(data: dict[str, Any]) -> list[list[Any]]:
    return [present.row_headers(), *(present.row_cells(row) for row in data["rows"])]


def _signature_line(data: dict[str, Any]) -> list[Any]:
    return [
        _("Prepared by"),
        data.get("prepared_by") or "",
        _("Signed by"),
        data.get("signed_by") or "",
        data.get("signed_at") or "",
    ]


def csv_bytes(data: dict[str, Any]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    with translation.override("nb"):
        lines = [
            _title(data),
            _signature_line(data),
            [],
            *_figure_lines(data),
            [],
            *_row_lines(data),
        ]
    for line in lines:
        writer.writerow([defuse_formula(cell) for cell in line])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(data: dict[str, Any]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    with translation.override("nb"):
        figures = workbook.active
        assert figures is not None
        figures.title = _("Figures")
        for line in [_title(data), _signature_line(data), [], *_figure_lines(data)]:
            figures.append([defuse_formula(cell) for cell in line])
        rows = workbook.create_sheet(_("Participants"))
        for line in _row_lines(data):
            rows.append([defuse_formula(cell) for cell in line])
    # Nothing in the workbook is a formula: every cell that openpyxl took for one is text.
    for sheet in workbook.worksheets:
        for sheet_row in sheet.iter_rows():
            for cell in sheet_row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
