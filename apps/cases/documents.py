"""What an uploaded file really is, judged by its content rather than its name."""

from __future__ import annotations

import zipfile
from typing import IO, Protocol, cast


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...
    def seek(self, offset: int, whence: int = 0, /) -> int: ...


SIGNATURES: list[tuple[bytes, str]] = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def sniff_content_type(file: Readable) -> str | None:
    """The content type of a file by its bytes, or None when it is not one we accept.

    A Word document is a zip archive; it counts only if the archive holds word/document.xml.
    The file is left at its start.
    """
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(cast(IO[bytes], file)) as archive:
                found = "word/document.xml" in archive.namelist()
        except zipfile.BadZipFile:
            found = False
        file.seek(0)
        return DOCX if found else None
    return None
