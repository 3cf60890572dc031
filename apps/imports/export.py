"""Lists as files: CSV and XLSX, with cells that look like formulas made harmless.

A cell that begins with =, +, - or @ is a formula to a spreadsheet, and a formula in a cell
someone typed (a participant's name, a note) could run when a colleague opens the file. Both
formats get the same protection: the cell is written as text with a leading single quote, by
``apps.reporting.reports.defuse_formula`` (the directorate's CSVs use it too). The CSV is
``reports.as_csv`` itself: semicolons, CRLF, and a byte-order mark so that Excel reads æøå.
"""

from __future__ import annotations

import datetime
import decimal
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils import timezone

from apps.reporting.reports import as_csv, defuse_formula

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_cell(value: object) -> object:
    """A value for an XLSX cell: numbers and dates as themselves, text escaped like the CSV's."""
    if value is None or isinstance(value, bool):
        return "" if value is None else str(defuse_formula(str(value)))
    if isinstance(value, int | float | decimal.Decimal):
        return value
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.replace(tzinfo=None)
    if isinstance(value, datetime.date):
        return value
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", str(defuse_formula(str(value))))


def csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return value


def as_xlsx(title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append([xlsx_cell(h) for h in header])
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=xlsx_cell(value))
            if isinstance(value, datetime.datetime):
                cell.number_format = "DD.MM.YYYY HH:MM"
            elif isinstance(value, datetime.date):
                cell.number_format = "DD.MM.YYYY"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_response(
    fmt: str, name: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    """The list as a download: ``name``-<date>.csv or .xlsx."""
    filename = f"{name}-{timezone.localdate().isoformat()}.{fmt}"
    if fmt == "xlsx":
        response = HttpResponse(as_xlsx(name, header, rows), content_type=XLSX_TYPE)
    else:
        text = as_csv(header, ([csv_cell(v) for v in row] for row in rows))
        response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
