"""Reading an uploaded CSV or XLSX file into a table of cells, and keeping it encrypted at rest.

Rows are numbered as a spreadsheet numbers them: the header is row 1, the first person row 2,
so "row 12" in an error is row 12 in Excel. Empty rows are skipped (and not counted).
"""

from __future__ import annotations

import base64
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from apps.participants import crypto

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 60


class UnreadableFile(Exception):
    """The file is not a table we can read; the message says why, in the user's language."""


@dataclass(frozen=True)
class Table:
    header: list[str]
    # (row number as the spreadsheet shows it, the cells); cells are str for CSV, and str,
    # int, float, bool, datetime or None for XLSX.
    rows: list[tuple[int, list[object]]]


def file_format(name: str, data: bytes) -> str:
    """The format by content, not by name: a zip is an Excel workbook, anything else CSV."""
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    if name.lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise UnreadableFile(_("The file is not an Excel workbook (.xlsx). Save it as .xlsx."))
    return "csv"


def read_table(data: bytes, fmt: str) -> Table:
    if len(data) > MAX_BYTES:
        raise UnreadableFile(_("The file is larger than 10 MB."))
    records = _xlsx_records(data) if fmt == "xlsx" else _csv_records(data)
    header: list[str] | None = None
    rows: list[tuple[int, list[object]]] = []
    for number, cells in records:
        if all(_blank(cell) for cell in cells):
            continue
        if header is None:
            if number != 1:
                raise UnreadableFile(_("The first row must hold the column names."))
            header = [str(cell).strip() if cell is not None else "" for cell in cells]
            while header and not header[-1]:
                header.pop()
            if len(header) > MAX_COLUMNS:
                raise UnreadableFile(_("The file has too many columns."))
            continue
        if len(rows) >= MAX_ROWS:
            raise UnreadableFile(
                _("The file has more than %(max)s rows. Split it into smaller files.")
                % {"max": f"{MAX_ROWS:,}".replace(",", " ")}
            )
        rows.append((number, list(cells)))
    if header is None:
        raise UnreadableFile(_("The file is empty."))
    return Table(header=header, rows=rows)


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _csv_records(data: bytes) -> Iterator[tuple[int, list[object]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in Windows-1252 unless told otherwise.
        text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise UnreadableFile(_("The file is not a CSV file or an Excel workbook."))
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, record in enumerate(reader, start=1):
            yield number, list(record)
    except csv.Error:
        raise UnreadableFile(_("The CSV file could not be read: check its quotes.")) from None


def _xlsx_records(data: bytes) -> Iterator[tuple[int, list[object]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise UnreadableFile(_("The Excel workbook could not be read.")) from None
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(values[: MAX_COLUMNS + 1])
    finally:
        workbook.close()


# --- At rest --------------------------------------------------------------------------------
# The file holds numbers in the clear: it is kept encrypted with the fødselsnummer keys (Fernet),
# through the same functions that encrypt the number column. Every configured key decrypts, so a
# key rotation does not strand a file; and a file lives only until its job is done.


def seal(data: bytes) -> bytes:
    return crypto.encrypt(base64.b64encode(data).decode("ascii")).encode("ascii")


def unseal(token: bytes) -> bytes:
    return base64.b64decode(crypto.decrypt(token.decode("ascii")))
