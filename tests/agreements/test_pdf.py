"""The agreement's PDF: Norwegian, pre-filled, and only what the consents let the employer know."""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from weasyprint import HTML

from apps.agreements.pdf import LocalOnlyFetcher, render_version_pdf
from apps.cases.services import vocational_profile_save
from apps.participants.services import consent_record, participant_update
from tests.agreements.factories import agreement

pytestmark = pytest.mark.django_db
SNAPSHOT = Path(__file__).parent / "snapshots" / "agreement.txt"


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"skrevet ut \d+\. \w+ \d{4}", "skrevet ut <dato>", text)


@pytest.fixture
def sensitive_case(world):  # type: ignore[no-untyped-def]
    spesialist = world.user("spesialist")
    participant_update(
        participant=world.case.participant,
        actor=spesialist,
        benefit="aap",
        aap_diagnosis_group="mental",
    )
    vocational_profile_save(
        case=world.case,
        actor=spesialist,
        job_wishes="Lager",
        support_strategy="Tett oppfølging",
        accommodation_needs="Trenger faste pauser",
        target_workplaces="",
    )
    return world


def test_the_pdf_text_is_pinned(sensitive_case) -> None:  # type: ignore[no-untyped-def]
    version = agreement(sensitive_case.case, sensitive_case.user("spesialist")).versions.get()
    text = text_of(render_version_pdf(version))
    if not SNAPSHOT.exists():  # pragma: no cover - written once, then reviewed and committed
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(text)
    assert text == SNAPSHOT.read_text()


def test_without_consent_the_employer_reads_no_health_benefit_or_adaptation(sensitive_case) -> None:  # type: ignore[no-untyped-def]
    world = sensitive_case
    version = agreement(world.case, world.user("spesialist")).versions.get()
    text = text_of(render_version_pdf(version))
    for fact in (
        "Kari Nordmann",
        "Lager og Logistikk AS",
        "910 000 004",
        "1. oktober 2026",
        "31. desember 2026",
        "Per Fadder",
    ):
        assert fact in text, fact
    for withheld in ("Psykisk helse", "Arbeidsavklaringspenger", "faste pauser"):
        assert withheld not in text, withheld  # the world's consent covers background only


def test_with_consent_the_employer_reads_what_was_allowed(sensitive_case) -> None:  # type: ignore[no-untyped-def]
    world = sensitive_case
    consent_record(
        participant=world.case.participant,
        actor=world.user("spesialist"),
        recipient="employer",
        topics=["health", "challenges"],
        given_on=datetime.date(2026, 9, 25),
    )
    text = text_of(
        render_version_pdf(agreement(world.case, world.user("spesialist")).versions.get())
    )
    assert "Psykisk helse" in text
    assert "faste pauser" in text
    assert "Arbeidsavklaringspenger" not in text, "no consent to share the benefit"


def test_the_renderer_fetches_nothing_from_outside() -> None:
    fetcher = LocalOnlyFetcher()
    for url in (
        "http://127.0.0.1:1/x.png",
        "https://example.com/font.woff2",
        "file:///etc/passwd",
        "ftp://x/y",
    ):
        with pytest.raises(ValueError, match=r"Refused|disallowed"):
            fetcher.fetch(url)
    pdf = HTML(
        string='<img src="http://127.0.0.1:1/spy.png"><p>æøå</p>', url_fetcher=fetcher
    ).write_pdf()
    assert "æøå" in text_of(pdf)
