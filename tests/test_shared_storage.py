"""Uploads in a shared S3-compatible bucket, over a real connection to moto's S3 server on loopback.

The storage is the one the settings make from ``JOBBSPOR_S3_*`` (tests/test_scale_settings.py
runs them); files go in through the app's own views and services and come back through its
access-checked views, and a Celery worker in another process, which shares no folder with the
web process, reads what the web process stored.
"""

from __future__ import annotations

import contextlib
import random
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
import redis
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from moto.server import ThreadedMotoServer

from apps.cases.models import CaseDocument
from apps.imports import demo
from apps.imports.models import ImportJob, ImportStatus
from apps.imports.services import BACKGROUND_ROWS
from apps.organisation.demo import load_organisation
from apps.reporting.models import ReportPdf
from apps.reporting.tasks import render_report
from tests.celery_worker import Worker, publishing_to, wait_for
from tests.conftest import PDF, World
from tests.test_scale_settings import base_settings

BUCKET = "jobbspor-uploads"
BROKER = "redis://127.0.0.1:6379/9"  # this module's own broker database
KEYS = {"AWS_ACCESS_KEY_ID": "moto-test-key", "AWS_SECRET_ACCESS_KEY": "moto-test-secret"}


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client(endpoint).create_bucket(Bucket=BUCKET)
    try:
        yield endpoint
    finally:
        server.stop()


def client(endpoint: str) -> Any:
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **_boto_keys())


def _boto_keys() -> dict[str, str]:
    return {
        "aws_access_key_id": KEYS["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": KEYS["AWS_SECRET_ACCESS_KEY"],
    }


def bucket_env(endpoint: str) -> dict[str, str]:
    return {"JOBBSPOR_S3_BUCKET": BUCKET, "JOBBSPOR_S3_ENDPOINT_URL": endpoint, **KEYS}


@pytest.fixture
def in_the_bucket(
    s3_endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[str], bytes]]:
    """Uploads go to the bucket for this test; gives a reader of the bucket beside the app."""
    with monkeypatch.context() as env:
        storage = base_settings(env, **bucket_env(s3_endpoint))["STORAGES"]["default"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    s3 = client(s3_endpoint)

    def read(key: str) -> bytes:
        return bytes(s3.get_object(Bucket=BUCKET, Key=key)["Body"].read())

    with override_settings(STORAGES={**settings.STORAGES, "default": storage}):
        yield read


def local_files() -> set[Path]:
    return {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}


def private(endpoint: str, key: str) -> bool:
    grants = client(endpoint).get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    return all(g["Grantee"].get("Type") == "CanonicalUser" for g in grants)


@pytest.mark.django_db
def test_a_case_document_is_stored_in_the_bucket_and_served_by_the_case_page(
    world: World,
    client_as: Callable[[str], Client],
    in_the_bucket: Callable[[str], bytes],
    s3_endpoint: str,
) -> None:
    before = local_files()
    data = PDF + b"% " + random.randbytes(64).hex().encode() + b"\n"
    spesialist = client_as("spesialist")
    response = spesialist.post(
        reverse("cases:document_upload", args=[world.case.pk]),
        {"document-kind": "cv", "document-file": SimpleUploadedFile("cv.pdf", data)},
    )
    assert response.status_code == 302
    document = CaseDocument.objects.filter(case=world.case).latest("pk")
    assert in_the_bucket(document.file.name) == data
    assert private(s3_endpoint, document.file.name)
    assert local_files() == before  # nothing on this host's disk

    download = spesialist.get(reverse("cases:document", args=[world.case.pk, document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == data  # type: ignore[attr-defined]
    assert int(download["Content-Length"]) == len(data)
    # The access check still stands in front of the bucket.
    other = client_as("annen").get(reverse("cases:document", args=[world.case.pk, document.pk]))
    assert other.status_code == 404


@pytest.mark.django_db
def test_a_report_pdf_rendered_by_the_worker_is_fetched_from_the_bucket(
    world: World, client_as: Callable[[str], Client], in_the_bucket: Callable[[str], bytes]
) -> None:
    direktorat = client_as("direktorat")
    asked = direktorat.post(reverse("reporting:pdf_request"), {"kind": "maaltall", "year": 2026})
    pdf = ReportPdf.objects.get(pk=asked["Location"].rstrip("/").rsplit("/", 1)[-1])
    render_report(pdf.pk)  # what the worker runs
    pdf.refresh_from_db()
    stored = in_the_bucket(pdf.file.name)
    assert stored.startswith(b"%PDF")

    download = direktorat.get(reverse("reporting:pdf_download", args=[pdf.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == stored  # type: ignore[attr-defined]


@contextlib.contextmanager
def worker_on_the_bucket(log: Path, endpoint: str) -> Iterator[Worker]:
    """A real worker whose uploads folder is empty and its own: all it can read is the bucket."""
    redis.Redis.from_url(BROKER).flushdb()
    worker = Worker(log, BROKER)
    worker.env.update(bucket_env(endpoint))
    worker.env["JOBBSPOR_TEST_MEDIA_ROOT"] = tempfile.mkdtemp(prefix="jobbspor-worker-media-")
    worker.start()
    try:
        with publishing_to(BROKER):
            yield worker
    finally:
        worker.stop()
        redis.Redis.from_url(BROKER).flushdb()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_worker_on_another_host_reads_the_uploaded_import_from_the_bucket(
    in_the_bucket: Callable[[str], bytes], s3_endpoint: str, tmp_path: Path
) -> None:
    users = load_organisation()
    web = Client()
    web.force_login(users["spesialist"])
    rows = demo.participant_rows(BACKGROUND_ROWS + 1, random.Random(5))
    with worker_on_the_bucket(tmp_path / "worker.log", s3_endpoint) as worker:
        response = web.post(
            reverse("imports:upload"),
            {"kind": "participants", "file": SimpleUploadedFile("stor.csv", demo.as_csv(rows))},
        )
        assert response.status_code == 302
        job = ImportJob.objects.get()
        assert job.background  # left to the worker
        assert in_the_bucket(job.file.name)  # the web process stored it there

        def status() -> str:
            return ImportJob.objects.get(pk=job.pk).status

        assert wait_for(lambda: status() != ImportStatus.WAITING, timeout=60)
        assert wait_for(lambda: status() == ImportStatus.CHECKED, timeout=60), (
            worker.log.read_text()
        )
    job.refresh_from_db()
    # The worker read the rows from the bucket: a file it cannot open stops the check with a
    # problem that names no row (import_abandon). And it kept nothing on its own disk.
    assert job.total_rows == BACKGROUND_ROWS + 1
    assert not job.errors.filter(row__isnull=True).exists()
    assert not any(Path(worker.env["JOBBSPOR_TEST_MEDIA_ROOT"]).rglob("*"))
