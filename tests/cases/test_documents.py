"""Referral attachments: checked by content, limited in size, served to owners and team lead."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.cases.models import CaseDocument
from apps.cases.services import MAX_DOCUMENT_BYTES, CaseError, case_add_document

pytestmark = pytest.mark.django_db


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("cv.pdf", b"%PDF-1.7\n...", "application/pdf"),
        ("bilde.png", b"\x89PNG\r\n\x1a\n....", "image/png"),
        ("bilde.jpg", b"\xff\xd8\xff\xe0....", "image/jpeg"),
        (
            "cv.docx",
            docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_pdf_images_and_word_files_are_accepted_by_their_content(
    world, name: str, content: bytes, kind: str
) -> None:  # type: ignore[no-untyped-def]
    document = case_add_document(
        case=world.case,
        actor=world.user("spesialist"),
        kind="cv",
        upload=SimpleUploadedFile(name, content),
    )
    assert document.content_type == kind
    assert "static" not in document.file.path
    assert name not in document.file.name


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cv.pdf", b"<html><script>alert(1)</script></html>"),
        ("cv.docx", b"PK\x03\x04 not really a zip"),
        ("arkiv.zip", b""),
    ],
)
def test_a_file_whose_content_is_not_what_we_accept_is_refused(
    world, name: str, content: bytes
) -> None:  # type: ignore[no-untyped-def]
    before = CaseDocument.objects.count()
    with pytest.raises(CaseError, match="Last opp en PDF"):
        case_add_document(
            case=world.case,
            actor=world.user("spesialist"),
            kind="cv",
            upload=SimpleUploadedFile(name, content),
        )
    assert CaseDocument.objects.count() == before


def test_a_file_over_ten_megabytes_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    big = SimpleUploadedFile("stor.pdf", b"%PDF-" + b"0" * MAX_DOCUMENT_BYTES)
    with pytest.raises(CaseError, match="10 MB"):
        case_add_document(case=world.case, actor=world.user("spesialist"), kind="cv", upload=big)


def test_a_document_is_served_as_an_attachment_and_never_cached(world, client_as) -> None:  # type: ignore[no-untyped-def]
    response = client_as("teamleder").get(f"/saker/{world.case.pk}/dokumenter/{world.document.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
