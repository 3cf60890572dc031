"""The import and export pages in the access matrix (tests/access_matrix.py).

Importing is for the office's specialists and team leads (the office head, who registers nobody,
and the roles that never see persons get 403). An import job is its uploader's: everyone else
who may import gets 404 for spesialist's job. The exports are the lists every role that works
with people sees, so they follow the lists: 200 for those roles, 403 for the others.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tests.access_matrix import LOGIN, Expectation, Redirect, Route, expect, person_roles
from tests.conftest import World

JOB = Redirect("imports:job")


def importers(outcome: Expectation) -> Mapping[str, Expectation]:
    return expect(
        anonym=LOGIN,
        spesialist=outcome,
        kollega=outcome,
        annen=outcome,
        teamleder=outcome,
        kontorleder=403,
        fylke=403,
        direktorat=403,
        admin=403,
    )


def uploader(outcome: Expectation) -> Mapping[str, Expectation]:
    """spesialist's own job: the other importers get 404."""
    return {**importers(404), "spesialist": outcome}


def employer_file() -> bytes:
    return (
        "organisasjonsnummer;navn;sektor\r\n"
        "974760673;Registerenheten i Brønnøysund;offentlig\r\n".encode()
    )


def _upload(w: World, c: Any) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {
        "kind": "employers",
        "file": SimpleUploadedFile("arbeidsgivere.csv", employer_file(), content_type="text/csv"),
    }


def checked_job(w: World) -> Any:
    """spesialist's employer file, checked and ready to import (one good row)."""
    from apps.imports.models import ImportJob
    from apps.imports.services import import_check, import_job_create

    existing = ImportJob.objects.filter(created_by=w.user("spesialist"), status="checked").first()
    if existing is not None:
        return existing
    job = import_job_create(
        actor=w.user("spesialist"), kind="employers", name="a.csv", data=employer_file()
    )
    return import_check(job=job)


IMPORT_ROUTES: dict[str, Route] = {
    "imports:upload": Route(
        GET=importers(200),
        POST=importers(JOB),
        data=_upload,
        note="A small file is checked in the request; the job page shows the result.",
    ),
    "imports:job": Route(GET=uploader(200), kwargs=lambda w: {"pk": checked_job(w).pk}),
    "imports:start": Route(
        POST=uploader(JOB),
        kwargs=lambda w: {"pk": checked_job(w).pk},
        note="One good row: imported in the request, then back to the job page.",
    ),
    "imports:template": Route(GET=importers(200), kwargs=lambda w: {"kind": "participants"}),
    "imports:export_worklist": Route(GET=person_roles(200), kwargs=lambda w: {"fmt": "csv"}),
    "imports:export_employers": Route(GET=person_roles(200), kwargs=lambda w: {"fmt": "xlsx"}),
    "imports:export_due": Route(GET=person_roles(200), kwargs=lambda w: {"fmt": "csv"}),
}
