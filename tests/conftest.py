"""Fixtures every test shares: the personas of STYLE.md, in the demo organisation."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from apps.cases import services as case_services
from apps.cases.models import Case, CaseDocument, CaseTransfer
from apps.contacts.models import Contact
from apps.contacts.services import contact_log
from apps.organisation.demo import load_organisation
from apps.organisation.models import County, GroupMapping, Office, Team, User
from apps.participants.models import Consent
from apps.participants.services import consent_record
from apps.programmes.models import Programme
from tests.cases.factories import open_case
from tests.organisation.factories import OfficeFactory, TeamFactory, UserFactory
from tests.participants.factories import next_synthetic_fnr

PERSONAS = (
    "anonym",
    "spesialist",
    "kollega",
    "annen",
    "teamleder",
    "kontorleder",
    "fylke",
    "direktorat",
    "admin",
)


@dataclass
class World:
    """The demo organisation with one case of each kind the access rules tell apart."""

    users: dict[str, User]
    case: Case  # spesialist's own active case, in the home team
    fnr: str  # the synthetic fødselsnummer of case's participant
    colleague_case: Case  # kollega's case in the same team
    other_office_case: Case  # annen's case at NAV Sagene
    # Reference data nothing depends on, for the admin pages to edit and delete.
    spare: dict[str, Any]
    # One of each thing hanging off spesialist's case.
    document: CaseDocument
    consent: Consent
    contact: Contact
    transfer: CaseTransfer  # annen's case, offered to the home team
    # A shielded participant (a NAV employee) and one with a strictly confidential address (code
    # 6), both with cases owned by spesialist.
    skjermet_case: Case
    protected_case: Case
    # The employer side of spesialist's case: a practice placement with an evaluation, a subsidy
    # applied for and a proposed mentor; an agreement in force (with a finished PDF), a draft
    # nobody has approved, and one NAV has approved (awaiting the others).
    employer_side: dict[str, Any]

    def __getattr__(self, name: str) -> Any:
        side = self.__dict__.get("employer_side", {})
        if name in side:
            return side[name]
        raise AttributeError(name)

    @property
    def checkpoint(self) -> Any:
        """An open checkpoint of spesialist's case (its first progress report)."""
        from apps.followups.models import Checkpoint

        return Checkpoint.objects.get(case=self.case, kind="progress_report", sequence=1)

    def user(self, persona: str) -> User:
        return self.users[persona]

    @property
    def home_office(self) -> Office:
        return self.users["spesialist"].office  # type: ignore[return-value]

    @property
    def home_team(self) -> Team:
        return self.users["spesialist"].teams.get()


@pytest.fixture
def reference_data() -> None:
    """Counties and programmes, which migrations load but a transactional test's flush removes."""
    from apps.organisation.reference import COUNTIES, load_counties
    from apps.programmes.models import ProgrammeRules
    from apps.programmes.reference import PROGRAMMES, load_programmes

    if County.objects.count() < len(COUNTIES):
        load_counties(County)
    if Programme.objects.filter(code__in=[p["code"] for p in PROGRAMMES]).count() < len(PROGRAMMES):
        load_programmes(Programme, ProgrammeRules)


@pytest.fixture(autouse=True)
def _reference_data_in_every_database_test(request: pytest.FixtureRequest) -> None:
    """Every test with a database starts with the reference data.

    A transactional test (browser, concurrency) flushes the database when it ends, migration data
    included; when tests run in parallel, a worker may run one before other database tests.
    """
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if not marker and not names & {"db", "transactional_db", "live_server"}:
        return
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        names & {"transactional_db", "live_server"}
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    request.getfixturevalue("reference_data")


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(db: None) -> World:
    users = load_organisation()
    fnr = next_synthetic_fnr(datetime.date(1990, 5, 17))
    case = open_case(users["spesialist"], fnr=fnr, first_name="Kari", last_name="Nordmann")
    other_office_case = open_case(users["annen"])
    spesialist = users["spesialist"]
    return World(
        users=users,
        case=case,
        fnr=fnr,
        colleague_case=open_case(users["kollega"]),
        other_office_case=other_office_case,
        spare=_spare_reference_data(),
        document=case_services.case_add_document(
            case=case,
            actor=spesialist,
            kind="cv",
            upload=SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf"),
        ),
        consent=consent_record(
            participant=case.participant,
            actor=spesialist,
            recipient="employer",
            topics=["background"],
            given_on=datetime.date(2026, 9, 20),
        ),
        contact=contact_log(
            actor=spesialist,
            case=case,
            occurred_at=timezone.now() - datetime.timedelta(days=1),
            channel="meeting",
            place="nav_office",
            with_whom=["participant"],
            initiative="specialist",
            duration_minutes=45,
            activity="individual",
            note="Første samtale",
        ),
        skjermet_case=open_case(
            spesialist, first_name="Skjermet", last_name="Ansatt", skjermet=True
        ),
        protected_case=open_case(
            spesialist,
            first_name="Beskyttet",
            last_name="Adresse",
            protection="strengt_fortrolig",
            street_address="Hemmelig vei 6",
            postal_code="0601",
            city="Oslo",
        ),
        employer_side=_employer_side(case, spesialist),
        transfer=case_services.case_request_transfer(
            case=other_office_case,
            actor=users["annen"],
            to_team=spesialist.teams.get(),
            reason="Flytter",
        ),
    )


def _employer_side(case: Case, actor: User) -> dict[str, Any]:
    from django.core.files.base import ContentFile

    from apps.agreements.models import RenderedPdf
    from apps.agreements.services import approval_record
    from apps.mentors.services import mentor_propose
    from apps.placements.services import placement_evaluate, subsidy_apply
    from tests.agreements.factories import agreement, employer, placement

    def signed() -> SimpleUploadedFile:
        return SimpleUploadedFile("signert.pdf", PDF, content_type="application/pdf")

    the_placement = placement(case, actor)
    placement_evaluate(
        placement=the_placement, actor=actor, held_on=datetime.date(2026, 10, 20), summary="Bra"
    )
    in_force = agreement(case, actor, placement=the_placement)
    version = in_force.versions.get()
    for party in ("nav", "employer", "participant"):
        approval_record(version=version, actor=actor, party=party, signed_document=signed())
    pending = agreement(case, actor, placement=the_placement)
    pdf = RenderedPdf.objects.create(version=version, requested_by=actor)
    pdf.file.save("avtale.pdf", ContentFile(PDF), save=False)
    pdf.finished_at = timezone.now()
    pdf.save()
    return {
        "employer": employer(actor),
        "placement": the_placement,
        "subsidy": subsidy_apply(
            placement=the_placement,
            actor=actor,
            kind="lonnstilskudd",
            applied_on=datetime.date(2026, 10, 1),
            rate_percent=40,
        ),
        "mentor": mentor_propose(
            placement=the_placement,
            actor=actor,
            name="Per Fadder",
            role="Lagerleder",
            start_on=datetime.date(2026, 10, 1),
        ),
        "agreement": in_force,
        "draft_agreement": agreement(case, actor, placement=the_placement),
        "pending_approval": approval_record(
            version=pending.versions.get(), actor=actor, party="nav"
        ),
        "pdf": pdf,
    }


def _spare_reference_data() -> dict[str, Any]:
    county = County.objects.get(number="56")  # Finnmark: no demo office
    office = OfficeFactory(name="NAV Reserve", county=county)
    return {
        "county": County.objects.get(number="18"),  # Nordland: no demo office either
        "office": OfficeFactory(name="NAV Tomt kontor", county=county),
        "team": TeamFactory(name="Tomt team", office=office),
        "user": UserFactory(username="reserve", role="directorate", office=None),
        "mapping": GroupMapping.objects.create(group_id="grp-reserve", description="Reserve"),
        "programme": Programme.objects.create(
            code="reserve", name="Reserveprogram", run_by="nav_office"
        ),
    }


@pytest.fixture
def client_as(world: World):  # type: ignore[no-untyped-def]
    """client_as("spesialist") gives a test client signed in as that persona."""

    def make(persona: str) -> Client:
        client = Client()
        if persona != "anonym":
            client.force_login(world.user(persona))
        return client

    return make


@pytest.fixture(autouse=True)
def _no_long_task_delays() -> Any:
    """Fail any test that published a task with an eta over an hour (config/celery.py)."""
    from config.celery import LONG_DELAYS_PUBLISHED

    LONG_DELAYS_PUBLISHED.clear()
    yield
    assert LONG_DELAYS_PUBLISHED == [], (
        f"tasks published with an eta over an hour: {LONG_DELAYS_PUBLISHED}"
    )


def pytest_sessionstart(session: pytest.Session) -> None:
    """Empty the test broker's queue once per run: nothing consumes it, and it would only grow."""
    import os

    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    try:
        import redis

        redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")).delete(
            "celery"
        )
    except Exception:
        return
