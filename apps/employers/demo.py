"""Demo employer side: firms and their contact persons, employer contacts, placements with their
subsidies, intention agreements in every state, and workplace mentors (fadder).

``manage.py demo_data`` calls ``load_employer_side()`` after ``load_cases()``. The placements are
fitted to the cases that exist, read from their stage history: a practice starts when a case
enters employer engagement (stage 4), a job when it enters stage 5, a lost job ends one, and a
stage-2 spell "to clarify the direction" is a practice or a sheltered trial. At the Oslo offices
the firm is the one the case's own contact notes name, so the case page, its timeline and its
notes tell one story. Everything is built through the services, as users would build it.

The services stamp some things with the present: approvals (``approved_at``), the timeline events
of agreements, and the date of a placement's extension. The demo's happened in the past, so after
each such call it moves those stamps to the day it happened; it creates no row by hand.

Deterministic from the seed and idempotent: once the demo firms exist it does nothing. The firms
are fictional, their organisation numbers lie in the 3xxxxxxxx range of Skatteetaten's synthetic
(Tenor) organisations, where no real firm has a number, and phone numbers and e-mail addresses are
unusable on purpose.
"""

from __future__ import annotations

import datetime
import random
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from dateutil.relativedelta import relativedelta
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max, Q
from django.utils import timezone

from apps.agreements import services as agreements
from apps.agreements.models import (
    Agreement,
    AgreementOutcome,
    AgreementVersion,
    Approval,
    Party,
)
from apps.cases.demo import ADDRESSES, BACK_TO_PROFILING, EMPLOYERS, MEN, SURNAMES, WOMEN, _ascii
from apps.cases.models import (
    Case,
    CaseEvent,
    CaseEventKind,
    CaseStageEvent,
    CaseStatus,
    EndReason,
    OutcomeStatus,
    Stage,
)
from apps.contacts.models import Activity, Channel, Contact, Initiative, Place
from apps.contacts.models import Party as With
from apps.contacts.services import contact_log
from apps.employers.models import ContactPerson, Employer, Sector, SizeBand
from apps.employers.services import contact_person_add, employer_register
from apps.followups.models import Checkpoint, CheckpointKind, CheckpointStatus
from apps.followups.services import checkpoint_complete
from apps.mentors import services as mentors
from apps.mentors.models import (
    MeetingKind,
    MentorAssignment,
    MentorEndReason,
    MentorStatus,
    SubsidySource,
    TrainingPlan,
)
from apps.organisation.demo import HOME_OFFICE, HOME_TEAM
from apps.organisation.models import Office, Role, User
from apps.participants.models import Challenge
from apps.placements import services as placements
from apps.placements.models import Placement, PlacementKind, SubsidyKind, SubsidyStatus

T = TypeVar("T")
DAY = datetime.timedelta(days=1)

COUNT_KEYS = (
    "employers",
    "contact_persons",
    "employer_contacts",
    "placements",
    "subsidies",
    "agreements",
    "mentors",
)


def _signed_pdf() -> bytes:
    """A one-page PDF, small and valid (a browser opens it), standing for a signed agreement."""
    text = b"BT /F1 16 Tf 72 770 Td (Signert intensjonsavtale - demo, ikke en ekte avtale) Tj ET"
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(bodies) + 1,
        xref,
    )
    return bytes(pdf)


SIGNED_PDF = _signed_pdf()

# --- The firms ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Industry:
    label: str
    manager: str  # the contact person's title
    worker: str  # what a mentor is, there
    tasks: tuple[str, ...]


INDUSTRIES: dict[str, Industry] = {
    "bakery": Industry(
        "Bakeri og konditori",
        "Bakermester",
        "Baker",
        (
            "Baking av brød og boller, oppvask og rengjøring av bakeriet.",
            "Betjening av disk og kasse, påfyll av varer.",
        ),
    ),
    "grocery": Industry(
        "Dagligvarehandel",
        "Butikksjef",
        "Butikkmedarbeider",
        (
            "Påfyll av varer, kasse og enkelt lagerarbeid.",
            "Frukt og grønt: utpakking, sortering og presentasjon.",
        ),
    ),
    "retail": Industry(
        "Detaljhandel",
        "Butikksjef",
        "Selger",
        (
            "Kundebehandling, varemottak og prismerking.",
            "Butikkarbeid: kasse, påfyll og rydding av lageret.",
        ),
    ),
    "logistics": Industry(
        "Lager og logistikk",
        "Lagerleder",
        "Lagermedarbeider",
        (
            "Plukk og pakk, varemottak og truckkjøring etter opplæring.",
            "Lagerarbeid: mottak, plassering og utlevering av varer.",
        ),
    ),
    "transport": Industry(
        "Transport og budtjenester",
        "Trafikkleder",
        "Sjåfør",
        (
            "Sjåfør på varebil og hjelp ved lasting og lossing.",
            "Bæring og pakking på flytteoppdrag.",
        ),
    ),
    "cleaning": Industry(
        "Renhold",
        "Driftsleder",
        "Renholder",
        (
            "Renhold av kontorer og fellesarealer etter fast plan.",
            "Renhold og enkel vaktmesterhjelp.",
        ),
    ),
    "kindergarten": Industry(
        "Barnehage",
        "Styrer",
        "Barne- og ungdomsarbeider",
        ("Assistent på avdeling: måltider, påkledning og utelek.",),
    ),
    "care": Industry(
        "Pleie og omsorg",
        "Enhetsleder",
        "Helsefagarbeider",
        (
            "Miljøarbeid: turer, aktiviteter og måltider med beboerne.",
            "Kjøkken og servering på avdelingen, vask av tøy.",
        ),
    ),
    "hotel": Industry(
        "Hotell",
        "Driftssjef",
        "Resepsjonist",
        ("Romrengjøring og hjelp i frokostsalen.", "Resepsjon og bagasjehåndtering."),
    ),
    "food": Industry(
        "Servering og kantine",
        "Kjøkkensjef",
        "Kokk",
        ("Kaldkjøkken, servering og oppvask.", "Forberedelse av lunsj, kasse og rydding."),
    ),
    "building": Industry(
        "Bygg og anlegg",
        "Anleggsleder",
        "Tømrer",
        (
            "Hjelpearbeider på byggeplass: rigging, rydding og bæring.",
            "Enkelt snekkerarbeid sammen med fagarbeider.",
        ),
    ),
    "plumbing": Industry(
        "Rør og ventilasjon",
        "Daglig leder",
        "Rørlegger",
        ("Lager, klargjøring av materiell og hjelp på oppdrag.",),
    ),
    "electric": Industry(
        "Elektroinstallasjon",
        "Daglig leder",
        "Elektriker",
        ("Hjelp på oppdrag, lager og klargjøring av servicebilene.",),
    ),
    "cars": Industry(
        "Bilverksted og bilpleie",
        "Verkstedleder",
        "Bilmekaniker",
        (
            "Vask og klargjøring av biler, dekkskift i sesongen.",
            "Enkelt verkstedarbeid og rydding av verkstedet.",
        ),
    ),
    "garden": Industry(
        "Gartneri og grøntanlegg",
        "Gartnermester",
        "Gartner",
        (
            "Stell av planter, salg og pakking av bestillinger.",
            "Vedlikehold av grøntanlegg: klipping, raking og planting.",
        ),
    ),
    "print": Industry(
        "Trykkeri",
        "Produksjonsleder",
        "Trykker",
        ("Etterbehandling: skjæring, falsing og pakking av trykksaker.",),
    ),
    "it": Industry(
        "IT-tjenester",
        "Teamleder brukerstøtte",
        "IT-konsulent",
        ("Brukerstøtte på telefon og klargjøring av PC-er.",),
    ),
    "fish": Industry(
        "Sjømat",
        "Produksjonsleder",
        "Fagoperatør",
        ("Filetering, pakking og renhold i produksjonen.", "Sortering og pakking av sjømat."),
    ),
    "furniture": Industry(
        "Møbelhandel",
        "Butikksjef",
        "Lagermedarbeider",
        ("Lager, montering og hjelp ved utkjøring.",),
    ),
    "municipal": Industry(
        "Offentlig forvaltning",
        "Avdelingsleder",
        "Driftsoperatør",
        (
            "Driftsoppgaver: vedlikehold av uteområder og enkel vaktmesterhjelp.",
            "Kontorstøtte: arkiv, skanning og post.",
        ),
    ),
    "laundry": Industry(
        "Vaskeri",
        "Driftsleder",
        "Vaskerimedarbeider",
        ("Sortering, vask og bretting av tekstiler.",),
    ),
    "leisure": Industry(
        "Kultur og fritid",
        "Daglig leder",
        "Resepsjonist",
        ("Resepsjon, rydding og enkel kundeservice.", "Utleie, vedlikehold og kundeservice."),
    ),
    "mechanical": Industry(
        "Mekanisk industri",
        "Verksmester",
        "Industrimekaniker",
        ("Montering og sveising sammen med fagarbeider.", "Lager og enkel maskinbetjening."),
    ),
    "wood": Industry(
        "Trelast og byggevare",
        "Lagersjef",
        "Lagermedarbeider",
        ("Varemottak, kapping og utlevering av trelast.",),
    ),
    "hair": Industry(
        "Frisør",
        "Salongsjef",
        "Frisør",
        ("Resepsjon, hårvask og rydding i salongen.",),
    ),
    "animals": Industry(
        "Dyrebutikk og dyreklinikk",
        "Daglig leder",
        "Dyrepleier",
        ("Stell av dyr, rengjøring og kundebehandling.",),
    ),
    "sheltered": Industry(
        "Vekstbedrift (skjermet virksomhet)",
        "Arbeidsleder",
        "Instruktør",
        ("Arbeidstrening i produksjon og pakking.", "Arbeidstrening i kantine og på lager."),
    ),
}


@dataclass(frozen=True)
class Firm:
    name: str
    industry: str
    size: str
    public: bool


def _firms(text: str) -> tuple[Firm, ...]:
    """One firm a line: name | industry | size band | "public" for the public sector."""
    firms = []
    for line in text.strip().splitlines():
        name, industry, size, *flags = (part.strip() for part in line.split("|"))
        assert industry in INDUSTRIES, line
        assert size in SizeBand.values, line
        firms.append(Firm(name, industry, size, "public" in flags))
    return tuple(firms)


# The firms of each office's area. The first 28 at the Oslo offices are the firms the demo's
# contact notes name (apps.cases.demo.EMPLOYERS), so that a note and a placement agree.
FIRMS: dict[str, tuple[Firm, ...]] = {
    "NAV Østensjø": _firms("""
        Bryn Bakeri AS | bakery | 5_19
        Grønn Logistikk AS | logistics | 50_99
        Haugen Rør og Varme AS | plumbing | 5_19
        Byggmester Holm AS | building | 20_49
        Lagerhuset Øst AS | logistics | 20_49
        Bilpleie Norge AS | cars | 20_49
        Strand Gartneri | garden | 5_19
        Sportsbua AS | retail | 5_19
        Velferdsetaten, bydelen | municipal | 100 | public
        Hageservice Sør AS | garden | 5_19
        Kommunens driftsavdeling | municipal | 100 | public
        Møbelhuset Vestby AS | furniture | 20_49
        IT-Hjelpen Øst AS | it | 5_19
        Oppsal Frisørsalong AS | hair | 1_4
        Bøler Bil og Dekk AS | cars | 5_19
        Tveita Storkjøkken AS | food | 20_49
        Manglerud Treningssenter AS | leisure | 5_19
        Abildsø Hagesenter AS | garden | 20_49
        Skullerud barnehage | kindergarten | 20_49 | public
        Ryen Lager og Frakt AS | transport | 20_49
        Østkanten Vekst AS | sheltered | 50_99
    """),
    "NAV Sagene": _firms("""
        Solsiden barnehage | kindergarten | 20_49
        Kafé Lindetreet | food | 5_19
        Parkveien sykehjem | care | 100 | public
        Trykkeriet Vest AS | print | 20_49
        Elektrikern AS | electric | 5_19
        Dyrebutikken Pote | animals | 1_4
        Bokhandel Ark & Co | retail | 5_19
        Lunsjbaren AS | food | 5_19
        Torshov Sykkelverksted AS | retail | 1_4
        Bjølsen Kantinedrift AS | food | 20_49
        Sandaker Dyreklinikk AS | animals | 5_19
    """),
    "NAV Østbyen": _firms("""
        Fjordbyen Renhold AS | cleaning | 50_99
        Nordlys Hotell | hotel | 50_99
        Sentrum Dagligvare AS | grocery | 20_49
        Kantina i Tollbugata | food | 5_19
        Kystlinjen Fisk AS | fish | 5_19
        Flytteekspressen AS | transport | 20_49
        Byens Vaskeri AS | laundry | 20_49
        Tøyen Grønt AS | grocery | 5_19
        Grønland Bazar Import AS | retail | 5_19
        Gamlebyen Snekkerverksted AS | building | 5_19
    """),
    "NAV Fredrikstad": _firms("""
        Glommen Mekaniske AS | mechanical | 50_99
        Gamlebyen Kafé og Bakeri AS | bakery | 5_19
        Fredrikstad Havnelager AS | logistics | 20_49
        Kråkerøy omsorgssenter | care | 100 | public
        Østfold Glass og Ramme AS | retail | 1_4
        Isegran Båtservice AS | mechanical | 5_19
        Cicignon barnehage AS | kindergarten | 20_49
        Torvbyen Servering AS | food | 20_49
        Glommen Arbeidssenter AS | sheltered | 50_99
    """),
    "NAV Sarpsborg": _firms("""
        Tune Gartneri AS | garden | 5_19
        Sarpsfossen Renhold AS | cleaning | 20_49
        Grålum Lager AS | logistics | 50_99
        Alvim Dagligvare AS | grocery | 20_49
        Glengshølen Kafé AS | food | 5_19
        Opstad Transport AS | transport | 20_49
        Valaskjold Snekkeri AS | building | 5_19
        Sandesund Sagbruk AS | wood | 20_49
    """),
    "NAV Kristiansand": _firms("""
        Sørlandet Trelast AS | wood | 50_99
        Kvadraturen Kafé AS | food | 5_19
        Lundsiden Renhold AS | cleaning | 20_49
        Vågsbygd omsorgssenter | care | 100 | public
        Tangen Fiskemottak AS | fish | 20_49
        Randesund Marina AS | leisure | 5_19
        Markens Bokhandel AS | retail | 5_19
        Sørlys Elektro AS | electric | 20_49
        Sørlandet Vekst AS | sheltered | 50_99
    """),
    "NAV Bergenhus": _firms("""
        Bryggen Strikk og Souvenir AS | retail | 5_19
        Nordnes Sjøkjøkken AS | food | 20_49
        Torgallmenningen Kaffebar AS | food | 5_19
        Sandviken Trykk AS | print | 5_19
        Fjellsiden barnehage AS | kindergarten | 20_49
        Bergen Sentrum Sykkelbud AS | transport | 5_19
        Skuteviken Bygg AS | building | 20_49
    """),
    "NAV Fyllingsdalen": _firms("""
        Dalsiden Dagligvare AS | grocery | 20_49
        Dalsiden Bilpleie AS | cars | 5_19
        Varden sykehjem | care | 100 | public
        Løvstakken Gartneri AS | garden | 5_19
        Bernadotte Kantine AS | food | 5_19
        Vestlandet IT-Støtte AS | it | 20_49
    """),
    "NAV Laksevåg": _firms("""
        Damsgård Mekaniske AS | mechanical | 50_99
        Laksevåg Verftservice AS | mechanical | 20_49
        Kringsjå barnehage | kindergarten | 20_49 | public
        Loddefjord Lager og Logistikk AS | logistics | 50_99
        Gyldenpris Bakeri AS | bakery | 5_19
        Vestkyst Sjømat AS | fish | 50_99
        Bergensvekst AS | sheltered | 50_99
    """),
    "NAV Tromsø": _firms("""
        Ishavsbyen Hotell AS | hotel | 50_99
        Tromsdalen Bygg AS | building | 20_49
        Polar Fisk og Skalldyr AS | fish | 20_49
        Storgata Kafé Nord AS | food | 5_19
        Kvaløya omsorgssenter | care | 100 | public
        Nordlysbyen Renhold AS | cleaning | 20_49
        Prostneset Lager AS | logistics | 20_49
        Arktisk Sport AS | retail | 5_19
        Nordlys Arbeidssenter AS | sheltered | 20_49
    """),
    "NAV Kongsvinger": _firms("""
        Glommen Trevare AS | wood | 20_49
        Festningskafeen AS | food | 5_19
        Vinger Dagligvare AS | grocery | 20_49
        Brugata Bilverksted AS | cars | 5_19
        Holt Gård Grønt AS | garden | 1_4
        Solør Transport AS | transport | 20_49
    """),
    "NAV Heimdal": _firms("""
        Heimdal Lager og Distribusjon AS | logistics | 100
        Saupstad omsorgssenter | care | 100 | public
        Kattem Bakeri AS | bakery | 5_19
        Tillerbyen Bilpleie AS | cars | 5_19
        Ringvål Gartneri AS | garden | 5_19
        Trondheim Sør Renhold AS | cleaning | 50_99
        Sandmoen Byggvare AS | wood | 20_49
        Heimdal Storkjøkken AS | food | 20_49
        Trondheim Sør Vekst AS | sheltered | 50_99
    """),
    "NAV Bamble": _firms("""
        Langesund Bad og Camping AS | leisure | 5_19
        Stathelle Mekaniske AS | mechanical | 20_49
        Bamble Sjømat AS | fish | 20_49
        Rugtvedt omsorgssenter | care | 50_99 | public
        Grenland Rør AS | plumbing | 5_19
        Herre Trelast AS | wood | 5_19
    """),
    "NAV Ski": _firms("""
        Ski Torg Kafé AS | food | 5_19
        Follo Logistikk AS | logistics | 100
        Kråkstad Gartneri AS | garden | 5_19
        Nordbyveien Bilverksted AS | cars | 5_19
        Ski omsorgssenter | care | 100 | public
        Langhus Renhold AS | cleaning | 20_49
        Finstad Bakeri AS | bakery | 5_19
    """),
}
# Offices in one city share its firms (a firm can have placements from two offices).
AREAS: dict[str, str] = {
    "NAV Østensjø": "Oslo",
    "NAV Sagene": "Oslo",
    "NAV Østbyen": "Oslo",
    "NAV Bergenhus": "Bergen",
    "NAV Fyllingsdalen": "Bergen",
    "NAV Laksevåg": "Bergen",
}
NOTE_OFFICES = frozenset({"NAV Østensjø", "NAV Sagene", "NAV Østbyen"})


def demo_orgnr(index: int) -> str:
    """The index-th demo organisation number: 3 and seven scattered digits, then the mod-11 check
    digit (``stdnum.no.orgnr``). Real organisation numbers begin with 8 or 9."""
    number = (index * 7_368_787 + 1_234_567) % 10_000_000
    while True:
        digits = f"3{number:07d}"
        weighted = sum(w * int(d) for w, d in zip((3, 2, 7, 6, 5, 4, 3, 2), digits, strict=True))
        check = (11 - weighted % 11) % 11
        if check != 10:
            return digits + str(check)
        number = (number + 1) % 10_000_000  # no valid check digit: the next number has one


DEMO_FIRMS = [firm for firms in FIRMS.values() for firm in firms]
DEMO_ORGNRS = [demo_orgnr(i) for i in range(len(DEMO_FIRMS))]

# --- What people write ------------------------------------------------------------------------

WHAT: dict[str, str] = {
    PlacementKind.TASTER: "noen dager jobbsmak",
    PlacementKind.PAID: "en ansettelse",
    PlacementKind.PAID_SUBSIDISED: "en ansettelse med lønnstilskudd",
}
CONTACT_ROLES = ("Daglig leder", "Avdelingsleder", "HR-rådgiver", "Personalleder")
JOB_DEVELOPMENT = (
    "Ringte {person} for å høre om behovet for arbeidskraft framover.",
    "Besøkte bedriften og fikk omvisning. Mulige oppgaver for en kandidat: {tasks}",
    "Møte med {person} om hvordan vi jobber og hva vi kan tilby av oppfølging.",
    "E-post til {person} med informasjon om lønnstilskudd og mentortilskudd.",
    "{person} ringte: trenger folk før sesongen og spør om vi har aktuelle kandidater.",
    "Fulgte opp forrige samtale. De vil gjerne ta imot en kandidat etter ferien.",
    "Arbeidsgiverbesøk sammen med en kollega. Gode muligheter for arbeidspraksis.",
    "Kort telefon med {person}: ingen ledige stillinger nå, ta kontakt igjen om en måned.",
)
# Two specialists phoning the same firm the same week is a named problem (002 L1728, 003 L1340).
SAME_WEEK = (
    "Ringte for å presentere en kandidat. {person} fortalte at en annen fra NAV ringte om det "
    "samme tidligere i uken."
)
PRESENT = (
    "Presenterte kandidaten for {person} hos {firm} (deltaker har samtykket). Positive til {what}.",
    "Møte hos {firm} om {what} for en av våre deltakere (etter samtykke).",
    "Telefon med {person} hos {firm} om {what}. Sender kort presentasjon på e-post.",
)
START = (
    "Oppstart hos {firm}. Møtte {person} sammen med deltaker; gikk gjennom oppgaver og "
    "opplæringsplan.",
    "Første dag hos {firm}: fulgte deltaker dit og avtalte oppfølging med {person}.",
)
EVALUATION = (
    "Evaluering med leder og fadder: møter stabilt og lærer raskt. Fortsetter som avtalt.",
    "Evaluering på arbeidsplassen: trenger mer tid på nye oppgaver; enige om en tydeligere "
    "ukeplan.",
    "Evalueringsmøte: leder er fornøyd og vil øke stillingsprosenten litt.",
    "Evaluering: noe fravær i starten, men bedre nå. Fadder følger opp tett.",
    "Trepartsmøte: deltaker mestrer oppgavene og ønsker flere timer.",
)
BEFORE_EXTENSION = (
    "Evaluering før forlengelse: god utvikling, men trenger mer tid før ansettelse kan vurderes.",
    "Evaluering: enige om å forlenge for å prøve ut flere arbeidsoppgaver.",
    "Evaluering med leder: vil gjerne ansette, men venter på budsjettet. Forlenger perioden.",
)
TASTER_EVALUATION = (
    "Kort evaluering etter jobbsmaken: likte arbeidet og vil gjerne prøve mer.",
    "Evaluering etter jobbsmaken: passet ikke helt; vi ser på andre bransjer.",
)
TRAINING_PLANS = (
    "To uker med fadder i full arbeidsdag, deretter gradvis mer selvstendig arbeid.",
    "Bedriftens standard opplæringsplan; fadder går gjennom rutinene den første uken.",
    "Én ny arbeidsoppgave i uken; sjekklisten gås gjennom med fadder hver fredag.",
)
FOLLOW_UP = (
    "Møte på arbeidsplassen hver 4. uke, telefon ved behov.",
    "Oppfølgingsmøte hver 5. uke med deltaker, leder og fadder.",
    "Ukentlig kontakt den første måneden, deretter møte hver 4. uke.",
)
HIRING_CONDITIONS = (
    "Møter stabilt og til avtalt tid, og mestrer arbeidsoppgavene med lite støtte.",
    "Stabilt oppmøte i tre måneder og at deltaker kan jobbe minst 60 prosent.",
    "At deltaker utfører de faste oppgavene selvstendig og samarbeider godt med kollegene.",
    "Bedriften har en ledig stilling fra høsten; ansettelse dersom praksisen går som planlagt.",
)
NORWEGIAN_TUITION = "Norskopplæring med vekt på fagord, to timer i uken i arbeidstiden."
ENDED_EARLY = (
    "Deltaker ble sykmeldt, og praksisen ble avsluttet.",
    "Arbeidsgiver måtte nedbemanne og kunne ikke fortsette praksisen.",
    "Deltaker trivdes ikke med arbeidsoppgavene; vi leter videre.",
    "For krevende arbeidstid; avsluttet etter samtale med deltaker og behandler.",
)
NO_OFFER = "Praksisperioden er fullført; bedriften har ingen stilling å tilby nå."
JOB_ENDED_AT_DISCHARGE: dict[str, str] = {
    EndReason.TREATMENT: "Sluttet i jobben på grunn av helsen.",
    EndReason.DROPPED_OUT: "Sluttet å møte på jobb.",
    EndReason.MOVED: "Flyttet og sluttet i jobben.",
    EndReason.EDUCATION: "Sluttet for å begynne på utdanning.",
}
MENTOR_NOTES: dict[str, tuple[str, ...]] = {
    MeetingKind.STATUS: (
        "Statusmøte med deltaker og fadder: går bra, nye oppgaver neste uke.",
        "Statusmøte: fadder ønsker tettere kontakt med oss; avtalt telefon annenhver uke.",
        "Statusmøte på arbeidsplassen; deltaker tar mer ansvar.",
    ),
    MeetingKind.EVALUATION: (
        "Evalueringsmøte med leder og fadder om veien videre.",
        "Evaluering med arbeidsgiver: fornøyd med innsatsen.",
    ),
    MeetingKind.GATHERING: (
        "Faddersamling på NAV-kontoret: erfaringsdeling og påfyll om tilrettelegging.",
    ),
}
MENTOR_CHANGE: dict[str, str] = {
    MentorEndReason.REPLACED: "Leder ønsket en fadder som jobber samme skift som deltaker.",
    MentorEndReason.LEFT: "Fadderen har sluttet i bedriften.",
    MentorEndReason.SICK_LEAVE: "Fadderen er sykmeldt; en kollega tar over.",
}
CHECKPOINT_NOTES: dict[str, str] = {
    CheckpointKind.PLACEMENT_EXPIRY: "Gjennomgått med arbeidsgiver ved slutten av perioden.",
    CheckpointKind.AGREEMENT_EXPIRY: "Avtalen er gjennomgått ved slutten av perioden.",
    CheckpointKind.AFTER_HIRING: "Snakket med deltaker og arbeidsgiver: fortsatt i jobb.",
    CheckpointKind.WORKPLACE_EVALUATION: "Evaluert på telefon med leder.",
}
# The timeline events the services date with today, whatever day the thing happened.
STAMPED = [
    CaseEventKind.AGREEMENT_CREATED,
    CaseEventKind.AGREEMENT_APPROVED,
    CaseEventKind.AGREEMENT_ACTIVE,
    CaseEventKind.AGREEMENT_NEW_VERSION,
    CaseEventKind.AGREEMENT_ENDED,
    CaseEventKind.PLACEMENT_EXTENDED,
]
HIRING_ENDED_NOTE = "Arbeidsforholdet er avsluttet; se tidslinjen."

# --- Stories ----------------------------------------------------------------------------------
#
# Each spell of a case in stage 4 or 5 (a "run") gets one story. The variants, by where the run
# stands:
#   open4 (in stage 4 now)  none_yet, draft, draft_withdrawn, awaiting, active, pending_change
#   open5 (in stage 5 now)  active, pending_change, pending_extension, extended, extended_twice
#                           (a practice going on), or a hire
#   hired (discharged in work)  direct, or hired_permanent / _temporary / _subsidised / _elsewhere
#                           after a practice with an agreement
#   ended (back to stage 3, or discharged for another reason)  job_lost, temp_lost (a temporary
#                           hire after a practice), no_offer, ended_early
PRACTICE_VARIANTS = (
    "draft",
    "draft_withdrawn",
    "awaiting",
    "active",
    "pending_change",
    "pending_extension",
    "extended",
    "extended_twice",
)
HIRE_VARIANTS = (
    "direct",
    "hired_permanent",
    "hired_temporary",
    "hired_subsidised",
    "hired_elsewhere",
)
# How long ago (days) a practice of each variant began: it decides how many extensions it has had.
PRACTICE_AGE: dict[str, tuple[int, int]] = {
    "active": (20, 69),
    "pending_change": (35, 69),
    "pending_extension": (62, 86),
    "extended": (95, 160),
    "extended_twice": (185, 245),
}
WEIGHTS: dict[str, list[tuple[str, float]]] = {
    "open4": [
        ("none_yet", 15),
        ("draft", 12),
        ("draft_withdrawn", 3),
        ("awaiting", 20),
        ("active", 40),
        ("pending_change", 10),
    ],
    "open5": [
        ("active", 10),
        ("pending_change", 4),
        ("pending_extension", 7),
        ("extended", 8),
        ("extended_twice", 3),
        ("direct", 32),
        ("hired_permanent", 15),
        ("hired_temporary", 10),
        ("hired_subsidised", 8),
        ("hired_elsewhere", 4),
    ],
    "hired": [
        ("direct", 45),
        ("hired_permanent", 20),
        ("hired_temporary", 15),
        ("hired_subsidised", 12),
        ("hired_elsewhere", 8),
    ],
    "ended": [("job_lost", 50), ("temp_lost", 20), ("no_offer", 30), ("ended_early", 25)],
    "search": [("none_yet", 66), ("taster", 18), ("no_offer", 10), ("ended_early", 6)],
}
# What the demo must show somewhere, whatever the seed: every state and outcome, a few practices
# extended twice (the case warns), a few placements with no mentor after two weeks (the case
# warns), and changes of mentor. (variant, mentor) pairs; mentor "" means as chance has it.
WANTED: list[tuple[str, str]] = [
    *((variant, "") for variant in PRACTICE_VARIANTS),
    *((variant, "") for variant in HIRE_VARIANTS),
    ("job_lost", ""),
    ("temp_lost", ""),
    ("no_offer", ""),
    ("ended_early", ""),
    ("extended_twice", ""),
    ("extended_twice", "chain"),
    ("active", "none"),
    ("extended", "none"),
    ("direct", "none"),
    ("active", "chain"),
    ("hired_permanent", "chain"),
]
# And in spesialist's own caseload (or, where it has no case that fits, the team's).
WANTED_BY_SPESIALIST: list[tuple[str, str]] = [
    ("extended_twice", ""),
    ("active", "chain"),
    ("awaiting", ""),
    ("active", "none"),
    ("draft", ""),
    ("hired_permanent", ""),
]


def _pick(rng: random.Random, weighted: Sequence[tuple[T, float]]) -> T:
    return rng.choices([value for value, _ in weighted], weights=[w for _, w in weighted])[0]


@dataclass
class Run:
    """A spell of a case in stage 4 or 5."""

    start: datetime.date
    hired_on: datetime.date | None = None  # entered stage 5
    left_on: datetime.date | None = None  # went back to stage 3 or earlier
    left_reason: str = ""


@dataclass
class CaseInfo:
    case: Case
    stages: list[tuple[int, datetime.date, str]]
    runs: list[Run]
    last_contact: datetime.date | None
    outcome: OutcomeStatus | None
    mentions: list[tuple[datetime.date, str]]  # firms the case's notes name, by date

    @property
    def is_open(self) -> bool:
        return self.case.status != CaseStatus.DISCHARGED

    @property
    def stage(self) -> int:
        return self.stages[-1][0] if self.stages else int(Stage.CONTACT)


@dataclass
class Story:
    info: CaseInfo
    run: Run
    slot: str
    variant: str = ""
    mentor: str = ""
    wanted: bool = False  # picked to show something the demo must show

    @property
    def until(self) -> datetime.date | None:
        """When the run ended, for a story that has ended."""
        if self.run.left_on is not None:
            return self.run.left_on
        case = self.info.case
        if case.status == CaseStatus.DISCHARGED and case.end_date is not None:
            return case.end_date
        return None


@dataclass
class Built:
    """What the builder made, for recording the follow-ups that fell due at the end."""

    placements: list[Placement] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)


class _Builder:
    def __init__(self, rng: random.Random, today: datetime.date, counts: dict[str, int]) -> None:
        self.rng = rng
        self.today = today
        self.now = timezone.now()
        self.counts = counts
        self.firms: dict[str, list[Employer]] = defaultdict(list)  # by office name
        self.firm: dict[int, Firm] = {}
        self.people: dict[int, list[ContactPerson]] = {}
        self.by_name: dict[str, Employer] = {}
        self.staff: dict[str, list[User]] = {}
        self.users: dict[int, User] = {}
        self.built = Built()

    # --- Dates and times -------------------------------------------------------------------------

    def at(self, day: datetime.date, earliest: int = 8, latest: int = 15) -> datetime.datetime:
        moment = timezone.make_aware(
            datetime.datetime.combine(
                day, datetime.time(self.rng.randint(earliest, latest), self.rng.choice((0, 30)))
            )
        )
        # Today, later than now: it happened earlier today.
        return min(moment, self.now - datetime.timedelta(minutes=self.rng.randint(5, 60)))

    def days(self, low: int, high: int) -> datetime.timedelta:
        return datetime.timedelta(days=self.rng.randint(low, max(low, high)))

    def past(self, day: datetime.date) -> datetime.date:
        return min(day, self.today)

    @staticmethod
    def weekday(day: datetime.date) -> datetime.date:
        """Back to Friday from a weekend day: employers are met on weekdays."""
        return day - datetime.timedelta(days=max(0, day.weekday() - 4))

    @contextmanager
    def dated(self, on: datetime.date, case: Case) -> Iterator[None]:
        """Date the timeline events an agreement service or an extension writes with today's date
        to the day it happened. A case's calls come in date order, so an event already dated today
        on purpose keeps its date."""
        yield
        stamped = timezone.localdate()
        if on != stamped:
            CaseEvent.objects.filter(case=case, occurred_on=stamped, kind__in=STAMPED).update(
                occurred_on=on
            )

    # --- The register ----------------------------------------------------------------------------

    def register(self) -> None:
        rng = self.rng
        for office in Office.objects.filter(name__in=list(FIRMS)).order_by("pk"):
            staff = list(
                User.objects.filter(office=office, role=Role.SPECIALIST, is_active=True).order_by(
                    "pk"
                )
            )
            self.staff[office.name] = staff
            for user in staff:
                self.users[user.pk] = user
        index = 0
        for office_name, firms in FIRMS.items():
            staff = self.staff.get(office_name) or []
            city, streets = ADDRESSES[office_name]
            for firm in firms:
                orgnr = DEMO_ORGNRS[index]
                index += 1
                if not staff:
                    continue
                street, postal_code = rng.choice(streets)
                employer = employer_register(
                    actor=rng.choice(staff),
                    orgnr=orgnr,
                    name=firm.name,
                    sector=Sector.PUBLIC if firm.public else Sector.PRIVATE,
                    size_band=firm.size,
                    industry=INDUSTRIES[firm.industry].label,
                    street_address=f"{street} {rng.randint(1, 140)}",
                    postal_code=postal_code,
                    city=city,
                )
                self.counts["employers"] += 1
                self.firms[office_name].append(employer)
                self.firm[employer.pk] = firm
                self.by_name[firm.name] = employer
                self.people[employer.pk] = self.contact_people(employer, firm, staff[0])

    def contact_people(self, employer: Employer, firm: Firm, actor: User) -> list[ContactPerson]:
        rng = self.rng
        people = []
        titles = [INDUSTRIES[firm.industry].manager, *rng.sample(CONTACT_ROLES, 2)]
        for i in range(1 if rng.random() < 0.5 else 2):
            female = rng.random() < 0.5
            first, last = rng.choice(WOMEN if female else MEN), rng.choice(SURNAMES)
            people.append(
                contact_person_add(
                    employer=employer,
                    actor=actor,
                    name=f"{first} {last}",
                    role=titles[i],
                    # Numbers no one has: Norwegian subscriber numbers never start with 0.
                    phone=f"000 {rng.randint(10, 99)} {rng.randint(100, 999)}",
                    email=f"{_ascii(first)}.{_ascii(last)}@example.com",
                    # Now and then the second contact has left the firm.
                    is_active=i == 0 or rng.random() < 0.85,
                )
            )
            self.counts["contact_persons"] += 1
        return people

    def person(self, employer: Employer) -> ContactPerson:
        people = self.people[employer.pk]
        active = [p for p in people if p.is_active] or people
        return active[0] if self.rng.random() < 0.75 else self.rng.choice(active)

    def area_firms(self, office: str) -> list[Employer]:
        area = AREAS.get(office)
        if area is None:
            return self.firms[office]
        return [e for name, firms in self.firms.items() if AREAS.get(name) == area for e in firms]

    def choose_firm(
        self, office: str, *, sheltered: bool = False, public: bool = False, avoid: int = 0
    ) -> Employer | None:
        home = [e for e in self.firms[office] if e.pk != avoid]
        pool = home if self.rng.random() < 0.75 else self.area_firms(office)
        if sheltered or public:
            pool = [
                e
                for e in self.area_firms(office)
                if (sheltered and self.firm[e.pk].industry == "sheltered")
                or (public and self.firm[e.pk].public)
            ]
            return self.rng.choice(pool) if pool else None
        pool = [e for e in pool if self.firm[e.pk].industry != "sheltered" and e.pk != avoid]
        return self.rng.choice(pool or home)

    # --- The cases as they stand ----------------------------------------------------------------

    def case_infos(self) -> list[CaseInfo]:
        cases = list(
            Case.objects.filter(
                status__in=[CaseStatus.ACTIVE, CaseStatus.PAUSED, CaseStatus.DISCHARGED],
                participant_since__isnull=False,
                office__name__in=list(self.staff),
            )
            .select_related("participant", "owner", "office", "programme", "team")
            .order_by("pk")
        )
        for case in cases:
            # One user object per person: the access checks cache on it.
            case.owner = self.users.setdefault(case.owner_id, case.owner)
        stages: dict[int, list[tuple[int, datetime.date, str]]] = defaultdict(list)
        for case_id, stage, on, reason in (
            CaseStageEvent.objects.filter(case__in=cases)
            .order_by("case_id", "entered_on", "created_at", "id")
            .values_list("case_id", "stage", "entered_on", "reason")
        ):
            stages[case_id].append((stage, on, reason))
        last = {
            case_id: timezone.localdate(at)
            for case_id, at in Contact.objects.filter(case__in=cases)
            .values("case_id")
            .annotate(last=Max("occurred_at"))
            .values_list("case_id", "last")
        }
        outcomes = {
            o.case_id: o
            for o in OutcomeStatus.objects.filter(
                case__in=cases, at_discharge=True, superseded_on__isnull=True
            )
        }
        mentions = self.note_mentions([c for c in cases if c.office.name in NOTE_OFFICES])
        return [
            CaseInfo(
                case=case,
                stages=stages[case.pk],
                runs=_runs(stages[case.pk]),
                last_contact=last.get(case.pk),
                outcome=outcomes.get(case.pk),
                mentions=mentions.get(case.pk, []),
            )
            for case in cases
        ]

    def note_mentions(self, cases: list[Case]) -> dict[int, list[tuple[datetime.date, str]]]:
        """The firms each case's contact notes name (apps.cases.demo writes them), by date."""
        pattern = re.compile("|".join(re.escape(name) for name in EMPLOYERS))
        found: dict[int, list[tuple[datetime.date, str]]] = defaultdict(list)
        rows = (
            Contact.objects.filter(case__in=cases, stage__gte=Stage.JOB_FINDING)
            .order_by("case_id", "occurred_at", "id")
            .values_list("case_id", "occurred_at", "note")
        )
        for case_id, at, note in rows:
            match = pattern.search(note)
            if match is not None and match.group(0) in self.by_name:
                found[case_id].append((timezone.localdate(at), match.group(0)))
        return found

    def firm_for(self, story: Story, *, avoid: int = 0) -> Employer:
        """The firm the case's notes name for this run, at the Oslo offices; else one nearby."""
        info, run = story.info, story.run
        earlier = [r.left_on for r in info.runs if r.left_on is not None and r.left_on < run.start]
        since = max(earlier) if earlier else datetime.date.min
        until = story.until or self.today
        named = [name for on, name in info.mentions if since < on <= until]
        if named and self.by_name[named[-1]].pk != avoid:
            return self.by_name[named[-1]]
        firm = self.choose_firm(info.case.office.name, avoid=avoid)
        assert firm is not None
        return firm

    # --- Which story each run gets ---------------------------------------------------------------

    def stories(self, infos: list[CaseInfo]) -> list[Story]:
        stories = []
        for info in infos:
            for i, run in enumerate(info.runs):
                latest = i == len(info.runs) - 1
                if not latest or run.left_on is not None:
                    slot = "ended"
                elif info.is_open:
                    slot = "open5" if info.stage == Stage.SUPPORT else "open4"
                elif info.case.end_reason in (EndReason.WORK, EndReason.WORK_WITH_SUBSIDY):
                    slot = "hired"
                else:
                    slot = "ended"
                stories.append(Story(info, run, slot))
            if info.is_open and info.stage == Stage.JOB_FINDING:
                # Looking for work now: a job taster, or a practice that led nowhere.
                stories.append(Story(info, Run(start=info.stages[-1][1]), "search"))
        self.assign(stories)
        return stories

    def eligible(self, story: Story, variant: str, mentor: str = "") -> bool:
        run, info, today = story.run, story.info, self.today
        age = (today - run.start).days
        in_job = (today - run.hired_on).days if run.hired_on is not None else -1
        outcome = info.outcome if story.slot == "hired" else None
        if story.slot == "search":
            least = {"none_yet": 0, "taster": 14, "no_offer": 100, "ended_early": 45}.get(variant)
            ok = least is not None and age >= least
        elif variant in ("none_yet", "draft", "draft_withdrawn", "awaiting"):
            ok = story.slot == "open4"
        elif variant in PRACTICE_AGE:
            ok = story.slot in ("open4", "open5") and age >= PRACTICE_AGE[variant][0]
            if variant in ("pending_extension", "extended", "extended_twice"):
                ok = ok and story.slot == "open5"
        elif variant in HIRE_VARIANTS:
            ok = story.slot in ("open5", "hired") and run.hired_on is not None
            if ok and variant != "direct":
                ok = run.hired_on is not None and (run.hired_on - run.start).days >= 21
            if ok and outcome is not None:
                # Discharged in work: the job is the one the discharge status describes.
                if outcome.work_with_wage_subsidy:
                    ok = variant in ("direct", "hired_subsidised")
                else:
                    wrong = "hired_temporary" if outcome.work_permanent else "hired_permanent"
                    ok = variant not in ("hired_subsidised", wrong)
            elif ok and info.case.programme.code == "aap-lonnstilskudd":
                ok = variant in ("direct", "hired_subsidised")
        elif variant in ("job_lost", "temp_lost", "no_offer", "ended_early"):
            until = story.until
            ok = story.slot == "ended" and until is not None
            if ok and until is not None:
                if variant == "job_lost":
                    ok = run.hired_on is not None
                elif variant == "temp_lost":
                    ok = run.hired_on is not None and (run.hired_on - run.start).days >= 21
                else:
                    least = 60 if variant == "no_offer" else 10
                    ok = run.hired_on is None and (until - run.start).days >= least
        else:
            ok = False
        if not ok:
            return False
        if mentor == "none":  # an ongoing placement two weeks in, with no mentor
            if variant in PRACTICE_AGE:
                return True
            return variant in HIRE_VARIANTS and story.slot == "open5" and in_job >= 14
        if mentor == "chain":  # long enough for a change of mentor
            if variant in PRACTICE_AGE:
                return age >= max(PRACTICE_AGE[variant][0], 45)
            return variant in HIRE_VARIANTS and in_job >= 50
        return True

    def assign(self, stories: list[Story]) -> None:
        rng = self.rng
        mine = [s for s in stories if s.info.case.owner.username == "spesialist"]
        team = sorted(
            (
                s
                for s in stories
                if s not in mine
                and s.info.case.team.name == HOME_TEAM
                and s.info.case.office.name == HOME_OFFICE
            ),
            key=lambda s: (s.info.case.owner.username != "kollega", s.info.case.pk),
        )
        for variant, mentor in WANTED_BY_SPESIALIST:
            for story in mine + team:
                if not story.variant and self.eligible(story, variant, mentor):
                    story.variant, story.mentor, story.wanted = variant, mentor, True
                    break
        shuffled = stories[:]
        rng.shuffle(shuffled)
        for variant, mentor in WANTED:
            for story in shuffled:
                if not story.variant and self.eligible(story, variant, mentor):
                    story.variant, story.mentor, story.wanted = variant, mentor, True
                    break
        for story in stories:
            if story.variant:
                continue
            options = [(v, w) for v, w in WEIGHTS[story.slot] if self.eligible(story, v)]
            story.variant = _pick(rng, options) if options else "none_yet"

    # --- Building --------------------------------------------------------------------------------

    def run(self) -> None:
        self.register()
        infos = self.case_infos()
        stories = self.stories(infos)
        by_case: dict[int, list[Story]] = defaultdict(list)
        for story in stories:
            by_case[story.info.case.pk].append(story)
        for info in infos:
            for story in by_case[info.case.pk]:
                self.tell(story)
            self.trials(info)
        self.job_development()
        self.tidy_checkpoints()

    def tell(self, story: Story) -> None:
        variant = story.variant
        if variant == "none_yet":
            return
        if story.slot == "search":
            if variant == "taster":
                self.taster(story)
            else:
                self.search_practice(story)
            return
        if variant in PRACTICE_VARIANTS:
            self.ongoing_practice(story)
        elif variant in HIRE_VARIANTS:
            self.hire(story)
        else:
            self.ended(story)

    def mentor_mode(self, story: Story, kind: str) -> str:
        """Whether the placement gets a mentor ("yes"), a change of mentor ("chain") or none.
        About one ongoing placement in five has none (003 L679: 6 of 26); spesialist's caseload
        shows that warning where it was wanted, not again as chance has it."""
        if story.mentor:
            return story.mentor
        r = self.rng.random()
        if story.info.case.owner.username == "spesialist":
            r = max(r, 0.3)
        if kind in (PlacementKind.PAID, PlacementKind.PAID_SUBSIDISED):
            return "none" if r < 0.22 else "chain" if r < 0.27 else "yes"
        # In a sheltered business the mentor is its instructor.
        return "none" if r < 0.08 else "chain" if r < 0.14 else "yes"

    def ongoing_practice(self, story: Story) -> None:
        rng, today, run = self.rng, self.today, story.run
        variant = story.variant
        if variant in PRACTICE_AGE:
            low, high = PRACTICE_AGE[variant]
            if story.mentor == "chain":
                low = max(low, 45)
            start = today - self.days(low, min(high, (today - run.start).days))
        elif variant in ("draft", "draft_withdrawn"):
            start = today + self.days(3, 12)
        else:  # awaiting: about to start, or started while a signature is missing
            start = max(run.start + self.days(1, 5), today - self.days(0, 8))
            start = min(start, today + self.days(2, 9))
        sheltered = not story.wanted and rng.random() < 0.1
        kind = PlacementKind.SHELTERED if sheltered else PlacementKind.PRACTICE
        firm = None
        if kind == PlacementKind.SHELTERED:
            firm = self.choose_firm(story.info.case.office.name, sheltered=True)
        if firm is None:
            kind, firm = PlacementKind.PRACTICE, self.firm_for(story)
        self.practice(
            story,
            firm,
            kind,
            start,
            state=variant,
            extensions={"extended": 1, "extended_twice": 2}.get(variant, 0),
            mentor=self.mentor_mode(story, kind),
        )

    def hire(self, story: Story) -> None:
        rng, run, info = self.rng, story.run, story.info
        assert run.hired_on is not None
        variant = story.variant
        outcome = info.outcome if story.slot == "hired" else None
        if outcome is not None:
            subsidised = bool(outcome.work_with_wage_subsidy)
            permanent = bool(outcome.work_permanent) and not subsidised
        else:
            subsidised = variant == "hired_subsidised" or (
                info.case.programme.code == "aap-lonnstilskudd"
                or (variant == "direct" and rng.random() < 0.25)
            )
            permanent = not subsidised and (
                variant == "hired_permanent"
                or (variant in ("direct", "hired_elsewhere") and rng.random() < 0.45)
            )
        job_firm = self.firm_for(story)
        mentor = self.mentor_mode(story, PlacementKind.PAID)
        person = self.mentor_person()
        if variant != "direct":
            practice_firm = job_firm
            if variant == "hired_elsewhere":
                other = self.choose_firm(info.case.office.name, avoid=job_firm.pk)
                assert other is not None
                practice_firm = other
            start = max(run.start + self.days(1, 6), run.hired_on - self.days(40, 170))
            start = min(start, run.hired_on - datetime.timedelta(days=21))
            self.practice(
                story,
                practice_firm,
                PlacementKind.PRACTICE,
                start,
                state="active",
                until=run.hired_on - DAY,
                outcome={
                    "hired_permanent": AgreementOutcome.HIRED_PERMANENT,
                    "hired_temporary": AgreementOutcome.HIRED_TEMPORARY,
                    "hired_subsidised": AgreementOutcome.HIRED_SUBSIDISED,
                    "hired_elsewhere": AgreementOutcome.HIRED_ELSEWHERE,
                }[variant],
                end_reason="Fikk jobb i en annen bedrift."
                if variant == "hired_elsewhere"
                else "Ansatt etter praksisperioden.",
                mentor="yes",
                person=person,
            )
            if practice_firm.pk != job_firm.pk:
                person = self.mentor_person()
        self.job(
            story,
            job_firm,
            start=run.hired_on,
            subsidised=subsidised,
            permanent=permanent,
            until=None,
            mentor=mentor,
            person=person,
            presented=variant in ("direct", "hired_elsewhere"),
        )

    def ended(self, story: Story) -> None:
        rng, run, info, variant = self.rng, story.run, story.info, story.variant
        until = story.until
        assert until is not None
        if variant in ("job_lost", "temp_lost"):
            assert run.hired_on is not None
            firm = self.firm_for(story)
            person = self.mentor_person()
            if variant == "temp_lost":
                start = max(run.start + self.days(1, 6), run.hired_on - self.days(40, 120))
                start = min(start, run.hired_on - datetime.timedelta(days=21))
                self.practice(
                    story,
                    firm,
                    PlacementKind.PRACTICE,
                    start,
                    state="active",
                    until=run.hired_on - DAY,
                    outcome=AgreementOutcome.HIRED_TEMPORARY,
                    end_reason="Ansatt i en midlertidig stilling etter praksisperioden.",
                    mentor="yes",
                    person=person,
                )
            self.job(
                story,
                firm,
                start=run.hired_on,
                subsidised=info.case.programme.code == "aap-lonnstilskudd",
                permanent=variant == "job_lost" and rng.random() < 0.3,
                until=until,
                end_reason=run.left_reason
                or JOB_ENDED_AT_DISCHARGE.get(info.case.end_reason, "Arbeidsforholdet er over."),
                mentor=self.mentor_mode(story, PlacementKind.PAID),
                person=person,
                presented=variant == "job_lost",
            )
            return
        length = (until - run.start).days
        start = run.start + self.days(1, min(10, max(1, length - 10)))
        self.practice(
            story,
            self.firm_for(story),
            PlacementKind.PRACTICE,
            start,
            state="active",
            until=until,
            outcome=AgreementOutcome.NO_OFFER
            if variant == "no_offer"
            else AgreementOutcome.ENDED_EARLY,
            end_reason=NO_OFFER if variant == "no_offer" else rng.choice(ENDED_EARLY),
            mentor=self.mentor_mode(story, PlacementKind.PRACTICE),
        )

    # --- Placements, agreements, mentors ---------------------------------------------------------

    def new_placement(
        self,
        story: Story,
        firm: Employer,
        kind: str,
        start: datetime.date,
        *,
        end_on: datetime.date | None,
        percent: int,
        permanent: bool | None = None,
        presented: bool = True,
        with_mentor: bool = False,
    ) -> Placement:
        info = story.info
        owner = info.case.owner
        tasks = self.rng.choice(INDUSTRIES[self.firm[firm.pk].industry].tasks)
        what = WHAT.get(kind, "en praksisperiode")
        if presented and self.rng.random() < 0.8:
            self.case_contact(info, firm, start - self.days(9, 25), "present", what=what)
        placement = placements.placement_create(
            case=info.case,
            actor=owner,
            employer=firm,
            kind=kind,
            start_on=start,
            end_on=end_on,
            position_percent=percent,
            hours_per_week=_hours(percent),
            permanent=permanent,
            tasks=tasks,
        )
        self.counts["placements"] += 1
        self.built.placements.append(placement)
        if start <= self.today and self.rng.random() < 0.7:
            self.case_contact(info, firm, start, "start", mentor=with_mentor)
        return placement

    def practice(
        self,
        story: Story,
        firm: Employer,
        kind: str,
        start: datetime.date,
        *,
        state: str,
        extensions: int = 0,
        until: datetime.date | None = None,
        outcome: str = "",
        end_reason: str = "",
        mentor: str = "yes",
        person: tuple[str, bool] | None = None,
    ) -> Placement:
        """A practice placement with its intention agreement, from drafting to the end (``until``,
        with ``outcome``) or to today in ``state``, with ``extensions`` on the way."""
        rng, today, info = self.rng, self.today, story.info
        owner = info.case.owner
        term_end = start + relativedelta(months=3)
        percent = rng.choice([40, 50, 50, 60, 80])
        person = None if mentor == "none" else person or self.mentor_person()
        placement = self.new_placement(
            story, firm, kind, start, end_on=term_end, percent=percent, with_mentor=bool(person)
        )
        language = Challenge.LANGUAGE in (info.case.participant.main_challenges or [])
        drafted = self.past(max(start - self.days(3, 8), info.case.referral_date))
        with self.dated(drafted, info.case):
            agreement = agreements.agreement_create(
                case=info.case,
                placement=placement,
                actor=owner,
                start_on=start,
                end_on=term_end,
                work_percent=percent,
                tasks=placement.tasks,
                training_plan=rng.choice(TRAINING_PLANS),
                norwegian_tuition=NORWEGIAN_TUITION if language else "",
                follow_up=rng.choice(FOLLOW_UP),
                mentor_appointed=person is not None,
                mentor_name=person[0] if person else "",
                hiring_conditions=rng.choice(HIRING_CONDITIONS),
            )
        self.counts["agreements"] += 1
        self.built.agreements.append(agreement)
        version = agreement.versions.get()
        if state == "draft_withdrawn":
            # NAV approved, then the employer asked for more hours: approval withdrawn, changed.
            nav = self.approve(version, info.case, Party.NAV, drafted)
            agreements.approval_withdraw(approval=nav, actor=owner)
            agreements.version_update(
                version=version, actor=owner, work_percent=min(100, percent + 10)
            )
        elif state == "awaiting":
            signed = self.past(drafted + self.days(1, 4))
            self.approve(version, info.case, Party.NAV, signed)
            if rng.random() < 0.5:
                self.approve(version, info.case, Party.EMPLOYER, signed)
        elif state != "draft":
            self.approve_all(version, info.case, drafted + DAY, before=start)

        assignment = None
        if person is not None and state not in ("draft", "draft_withdrawn"):
            assignment = self.mentor(
                placement,
                owner,
                person,
                start,
                until=until,
                chain=mentor == "chain",
                agreement=agreement,
                programme=info.case.programme.code,
            )
        if start > today or state in ("draft", "draft_withdrawn", "awaiting"):
            return placement

        # Evaluations and extensions, for as long as it runs (003 L1140: evaluate, then extend).
        stop = until or today
        evaluated = start + self.days(21, 35)
        if evaluated <= stop and not (until is None and state == "active" and rng.random() < 0.15):
            self.evaluate(placement, owner, evaluated, rng.choice(EVALUATION))
        last = min(evaluated, stop)
        done = 0
        wanted = extensions if until is None else 3
        while done < wanted and term_end < (until - 5 * DAY if until else today + 20 * DAY):
            evaluated = self.past(max(last + DAY, term_end - self.days(10, 20)))
            if evaluated > stop or evaluated <= last:
                break
            self.evaluate(placement, owner, evaluated, rng.choice(BEFORE_EXTENSION))
            decided = self.past(evaluated + self.days(1, 4))
            new_end = term_end + relativedelta(months=rng.choice([2, 3, 3]))
            while until is None and done + 1 == wanted and new_end < today + 14 * DAY:
                new_end += relativedelta(months=1)  # the term in force now runs on for a while
            placement = self.extend(placement, owner, new_end, decided)
            with self.dated(decided, info.case):
                extension = agreements.agreement_new_version(
                    agreement=agreement, actor=owner, is_extension=True, end_on=new_end
                )
            self.approve_all(extension, info.case, decided, before=term_end)
            term_end, last, done = new_end, decided, done + 1

        if until is None and state == "pending_extension":
            evaluated = self.past(max(last + DAY, term_end - self.days(6, 14)))
            self.evaluate(placement, owner, evaluated, rng.choice(BEFORE_EXTENSION))
            proposed = self.past(evaluated + DAY)
            with self.dated(proposed, info.case):
                pending = agreements.agreement_new_version(
                    agreement=agreement,
                    actor=owner,
                    is_extension=True,
                    end_on=term_end + relativedelta(months=3),
                )
            if rng.random() < 0.6:
                self.approve(pending, info.case, Party.NAV, proposed)
        elif until is None and state == "pending_change":
            changed = self.past(start + self.days(30, 60))
            with self.dated(changed, info.case):
                pending = agreements.agreement_new_version(
                    agreement=agreement,
                    actor=owner,
                    is_extension=False,
                    work_percent=min(100, percent + 20),
                )
            self.approve(pending, info.case, Party.NAV, changed)
        elif until is None and state == "extended_twice" and rng.random() < 0.5:
            # A third term is on the table: evaluated, the new version not yet signed.
            evaluated = self.past(max(last + DAY, today - self.days(1, 6)))
            self.evaluate(placement, owner, evaluated, rng.choice(BEFORE_EXTENSION))
            with self.dated(evaluated, info.case):
                agreements.agreement_new_version(
                    agreement=agreement,
                    actor=owner,
                    is_extension=True,
                    end_on=term_end + relativedelta(months=2),
                )

        if until is not None:
            placements.placement_end(placement=placement, actor=owner, on=until, reason=end_reason)
            hired = outcome not in (AgreementOutcome.NO_OFFER, AgreementOutcome.ENDED_EARLY)
            with self.dated(until, info.case):
                agreements.agreement_end(
                    agreement=agreement,
                    actor=owner,
                    outcome=outcome,
                    on=until,
                    reason="" if hired else end_reason,
                )
            if assignment is not None:
                self.end_mentor(assignment, owner, until, outcome)
        return placement

    def job(
        self,
        story: Story,
        firm: Employer,
        *,
        start: datetime.date,
        subsidised: bool,
        permanent: bool,
        until: datetime.date | None,
        mentor: str,
        person: tuple[str, bool] | None = None,
        end_reason: str = "",
        presented: bool = True,
    ) -> Placement:
        """Paid work, with or without wage subsidy, from ``start`` to ``until`` or on."""
        rng, today, info = self.rng, self.today, story.info
        owner = info.case.owner
        outcome = info.outcome if story.slot == "hired" else None
        if outcome is not None and outcome.work_percent:
            percent = min(100, outcome.work_percent)
        else:
            percent = rng.choice([30, 40, 50, 60, 80, 100])
        end_on = None
        if not permanent:
            horizon = until or today + self.days(20, 150)
            months = next(
                (m for m in (6, 12, 24, 36) if start + relativedelta(months=m) >= horizon), 36
            )
            end_on = start + relativedelta(months=months)
        kind = PlacementKind.PAID_SUBSIDISED if subsidised else PlacementKind.PAID
        person = None if mentor == "none" else person or self.mentor_person()
        placement = self.new_placement(
            story,
            firm,
            kind,
            start,
            end_on=end_on,
            percent=percent,
            permanent=permanent,
            presented=presented,
            with_mentor=bool(person),
        )
        if subsidised:
            rate = 40 if info.case.programme.code == "aap-lonnstilskudd" else rng.choice([40, 60])
            self.subsidy(placement, owner, SubsidyKind.WAGE, start - self.days(5, 15), rate)
        if rng.random() < 0.08:
            extra = rng.choice([SubsidyKind.ADAPTATION, SubsidyKind.INCLUSION])
            self.subsidy(placement, owner, extra, start + self.days(0, 20), None)
        stop = until or today
        evaluated = start + self.days(21, 35)
        if evaluated <= stop and rng.random() < 0.85:
            self.evaluate(placement, owner, evaluated, rng.choice(EVALUATION))
        assignment = None
        if person is not None:
            assignment = self.mentor(
                placement,
                owner,
                person,
                start,
                until=until,
                chain=mentor == "chain",
                agreement=None,
                programme=info.case.programme.code,
            )
        if until is not None:
            placements.placement_end(placement=placement, actor=owner, on=until, reason=end_reason)
            if assignment is not None:
                self.end_mentor(assignment, owner, until, AgreementOutcome.ENDED_EARLY)
        return placement

    def trials(self, info: CaseInfo) -> None:
        """A stage-2 spell "to clarify the direction" (BACK_TO_PROFILING) is a practice or a
        trial in a sheltered business (003: a placement can be a stage-2 tool)."""
        rng = self.rng
        for i, (stage, on, reason) in enumerate(info.stages):
            if stage != Stage.PROFILING or reason not in BACK_TO_PROFILING:
                continue
            following = info.stages[i + 1][1] if i + 1 < len(info.stages) else None
            start = on + self.days(3, 10)
            if start > self.today - 3 * DAY or (following and start >= following - 7 * DAY):
                continue
            kind = _pick(
                rng,
                [
                    (PlacementKind.PRACTICE, 40),
                    (PlacementKind.SHELTERED, 35),
                    (PlacementKind.OTHER, 25),
                ],
            )
            firm = self.choose_firm(
                info.case.office.name,
                sheltered=kind == PlacementKind.SHELTERED,
                public=kind == PlacementKind.OTHER,
            )
            if firm is None:
                kind, firm = PlacementKind.PRACTICE, self.choose_firm(info.case.office.name)
            assert firm is not None
            end = start + self.days(28, 56)
            if following is not None:
                end = min(end, following - DAY)
            story = Story(info, Run(start=start), "trial")
            mentor = self.mentor_mode(story, kind)
            placement = self.new_placement(
                story, firm, kind, start, end_on=end, percent=rng.choice([30, 40, 50])
            )
            assignment = None
            if mentor != "none":
                assignment = self.mentor(
                    placement,
                    info.case.owner,
                    self.mentor_person(),
                    start,
                    until=end if end <= self.today else None,
                    chain=False,
                    agreement=None,
                    programme=info.case.programme.code,
                )
            evaluated = start + self.days(14, 24)
            if evaluated <= min(end, self.today):
                self.evaluate(placement, info.case.owner, evaluated, rng.choice(EVALUATION))
            if end <= self.today:
                placements.placement_end(
                    placement=placement,
                    actor=info.case.owner,
                    on=end,
                    reason="Utprøvingen er over; tilbake til jobbsøk.",
                )
                if assignment is not None:
                    self.end_mentor(assignment, info.case.owner, end, AgreementOutcome.NO_OFFER)

    def taster(self, story: Story) -> None:
        """A few days' job taster while looking for work (stage 3)."""
        rng, today, info = self.rng, self.today, story.info
        entered = story.run.start
        start = self.weekday(entered + self.days(7, min(120, (today - entered).days - 7)))
        end = start + self.days(1, 4)
        if end > today:
            return
        firm = self.choose_firm(info.case.office.name)
        assert firm is not None
        placement = self.new_placement(
            story, firm, PlacementKind.TASTER, start, end_on=end, percent=100
        )
        self.evaluate(placement, info.case.owner, end, rng.choice(TASTER_EVALUATION))
        placements.placement_end(
            placement=placement, actor=info.case.owner, on=end, reason="Jobbsmaken er over."
        )

    def search_practice(self, story: Story) -> None:
        """A practice with an agreement during the job search that ended without a job: the
        term completed without an offer, or ended early (003 L817-827)."""
        rng, today = self.rng, self.today
        age = (today - story.run.start).days
        if story.variant == "no_offer":
            length, outcome = rng.randint(60, min(95, age - 30)), AgreementOutcome.NO_OFFER
            reason = NO_OFFER
        else:
            length, outcome = rng.randint(14, min(50, age - 25)), AgreementOutcome.ENDED_EARLY
            reason = rng.choice(ENDED_EARLY)
        start = story.run.start + self.days(7, age - length - 10)
        self.practice(
            story,
            self.firm_for(story),
            PlacementKind.PRACTICE,
            start,
            state="active",
            until=start + datetime.timedelta(days=length),
            outcome=outcome,
            end_reason=reason,
            mentor=self.mentor_mode(story, PlacementKind.PRACTICE),
        )

    def evaluate(self, placement: Placement, actor: User, on: datetime.date, summary: str) -> None:
        placements.placement_evaluate(
            placement=placement, actor=actor, held_on=self.past(on), summary=summary
        )

    def extend(
        self, placement: Placement, actor: User, new_end: datetime.date, on: datetime.date
    ) -> Placement:
        with self.dated(on, placement.case):
            extended = placements.placement_extend(
                placement=placement, actor=actor, new_end=new_end
            )
        Placement.objects.filter(pk=extended.pk).update(last_extended_on=on)
        extended.last_extended_on = on
        return extended

    def approve(
        self, version: AgreementVersion, case: Case, party: str, on: datetime.date
    ) -> Approval:
        actor = case.owner
        document = None
        if party != Party.NAV:
            document = SimpleUploadedFile(
                "signert-intensjonsavtale.pdf", SIGNED_PDF, content_type="application/pdf"
            )
        on = self.past(on)
        with self.dated(on, case):
            approval = agreements.approval_record(
                version=version, actor=actor, party=party, signed_document=document
            )
        approved_at = self.at(on)
        Approval.objects.filter(pk=approval.pk).update(approved_at=approved_at)
        approval.approved_at = approved_at
        return approval

    def approve_all(
        self, version: AgreementVersion, case: Case, first: datetime.date, *, before: datetime.date
    ) -> None:
        """NAV first, then the employer and the participant, each with the signed copy."""
        nav = self.past(min(first, before))
        self.approve(version, case, Party.NAV, nav)
        employer = self.past(min(nav + self.days(0, 3), max(nav, before)))
        self.approve(version, case, Party.EMPLOYER, employer)
        self.approve(version, case, Party.PARTICIPANT, self.past(max(employer, nav)))

    def mentor_person(self) -> tuple[str, bool]:
        rng = self.rng
        name = f"{rng.choice(WOMEN + MEN)} {rng.choice(SURNAMES)}"
        return name, rng.random() < 0.15

    def mentor(
        self,
        placement: Placement,
        actor: User,
        person: tuple[str, bool],
        start: datetime.date,
        *,
        until: datetime.date | None,
        chain: bool,
        agreement: Agreement | None,
        programme: str,
    ) -> MentorAssignment:
        """Propose the mentor, start them on the first day, hold meetings; a change of mentor
        half-way when ``chain``. Returns the assignment in force at the end."""
        rng, today = self.rng, self.today
        fields = self.mentor_fields(placement, person, start, programme)
        assignment = mentors.mentor_propose(
            placement=placement, actor=actor, agreement=agreement, **fields
        )
        self.counts["mentors"] += 1
        if fields["subsidy_applied"]:
            kind = (
                SubsidyKind.FADDER
                if fields["subsidy_source"] == SubsidySource.MUNICIPAL
                else (SubsidyKind.MENTOR)
            )
            self.subsidy(placement, actor, kind, start, None)
        # A mentor proposed for the days ahead, or now and then one who has not begun yet.
        if start > today - 3 * DAY or (until is None and not chain and rng.random() < 0.06):
            return assignment
        assignment = mentors.mentor_activate(assignment=assignment, actor=actor, on=start)
        stop = until or today
        if chain and (stop - start).days >= 30:
            changed = start + self.days(20, (stop - start).days - 8)
            self.meetings(assignment, actor, start, changed)
            reason = rng.choice(list(MENTOR_CHANGE))
            successor_person = self.mentor_person()
            successor = mentors.mentor_end(
                assignment=assignment,
                actor=actor,
                on=changed,
                reason=reason,
                note=MENTOR_CHANGE[reason],
                successor={
                    **self.mentor_fields(
                        placement, successor_person, changed, programme, subsidy=False
                    ),
                    "agreement": agreement,
                },
            )
            assert successor is not None
            self.counts["mentors"] += 1
            assignment = mentors.mentor_activate(
                assignment=successor, actor=actor, on=self.past(changed + self.days(1, 3))
            )
            start = assignment.start_on
        self.meetings(assignment, actor, start, stop)
        return assignment

    def mentor_fields(
        self,
        placement: Placement,
        person: tuple[str, bool],
        start: datetime.date,
        programme: str,
        *,
        subsidy: bool = True,
    ) -> dict[str, Any]:
        rng = self.rng
        name, is_manager = person
        industry = INDUSTRIES[self.firm[placement.employer_id].industry]
        tailored = rng.random() < 0.4
        fields: dict[str, Any] = {
            "name": name,
            "role": "Daglig leder" if is_manager else rng.choice([industry.worker, "Fagarbeider"]),
            "phone": f"000 {rng.randint(10, 99)} {rng.randint(100, 999)}",
            "is_manager": is_manager,
            "start_on": start,
            "training_plan": TrainingPlan.TAILORED if tailored else TrainingPlan.STANDARD,
            "training_plan_text": rng.choice(TRAINING_PLANS) if tailored else "",
            "subsidy_applied": False,
        }
        if subsidy and rng.random() < 0.45:
            # The municipality pays the faddertilskudd in place-then-train (003); else NAV.
            municipal = programme == "kvp-place-then-train"
            paid = start <= self.today - 60 * DAY
            fields.update(
                subsidy_rate=rng.choice([2500, 3000, 4000, 5000]),
                subsidy_months=rng.choice([2, 3, 3]),
                subsidy_source=SubsidySource.MUNICIPAL if municipal else SubsidySource.STATE,
                subsidy_applied=True,
                subsidy_paid=paid,
                # 003 §2: the money did not always reach the mentor.
                subsidy_reached_mentor=rng.choice([True, True, False, None]) if paid else None,
            )
        return fields

    def meetings(
        self, assignment: MentorAssignment, actor: User, start: datetime.date, stop: datetime.date
    ) -> None:
        rng = self.rng
        day = start + self.days(21, 35)
        held = 0
        while day <= min(stop, self.today) and held < 4:
            kind = (
                MeetingKind.EVALUATION if held == 1 and rng.random() < 0.5 else MeetingKind.STATUS
            )
            mentors.mentor_meeting_record(
                assignment=assignment,
                actor=actor,
                kind=kind,
                held_on=self.weekday(day),
                note=rng.choice(MENTOR_NOTES[kind]),
            )
            held += 1
            day += self.days(28, 42)
        if held and rng.random() < 0.3:
            gathering = start + self.days(10, max(10, (min(stop, self.today) - start).days))
            mentors.mentor_meeting_record(
                assignment=assignment,
                actor=actor,
                kind=MeetingKind.GATHERING,
                held_on=self.weekday(min(gathering, self.today)),
                note=MENTOR_NOTES[MeetingKind.GATHERING][0],
            )

    def end_mentor(
        self, assignment: MentorAssignment, actor: User, on: datetime.date, outcome: str
    ) -> None:
        if assignment.status == MentorStatus.ENDED:
            return
        reason = (
            MentorEndReason.ENDED_EARLY
            if outcome == AgreementOutcome.ENDED_EARLY
            else MentorEndReason.COMPLETED
        )
        mentors.mentor_end(
            assignment=assignment, actor=actor, on=max(on, assignment.start_on), reason=reason
        )

    def subsidy(
        self,
        placement: Placement,
        actor: User,
        kind: str,
        applied: datetime.date,
        rate: int | None,
    ) -> None:
        """applied -> granted -> paid, as far as time has come; now and then refused."""
        rng, today = self.rng, self.today
        applied = self.past(applied)
        subsidy = placements.subsidy_apply(
            placement=placement, actor=actor, kind=kind, applied_on=applied, rate_percent=rate
        )
        self.counts["subsidies"] += 1
        decided = applied + self.days(4, 18)
        if decided > today:
            return
        if kind == SubsidyKind.ADAPTATION and rng.random() < 0.3:
            placements.subsidy_advance(
                subsidy=subsidy, actor=actor, to=SubsidyStatus.REFUSED, on=decided
            )
            return
        subsidy = placements.subsidy_advance(
            subsidy=subsidy, actor=actor, to=SubsidyStatus.GRANTED, on=decided
        )
        paid = decided + self.days(30, 50)
        if paid <= today:
            placements.subsidy_advance(subsidy=subsidy, actor=actor, to=SubsidyStatus.PAID, on=paid)

    # --- Contacts with employers -----------------------------------------------------------------

    def case_contact(
        self,
        info: CaseInfo,
        firm: Employer,
        day: datetime.date,
        kind: str,
        *,
        what: str = "",
        mentor: bool = False,
    ) -> None:
        """A contact with the firm about the case. It never comes after the case's last contact,
        so a case the worklist shows as overdue stays overdue; one that would is logged as the
        firm's contact only, without the case."""
        rng = self.rng
        case = info.case
        day = self.weekday(day)
        if day > self.today or day < case.referral_date:
            return
        # Employer work starts in stage 2 at the earliest (the case's notes say the same).
        stage_then = ([0] + [stage for stage, on, _reason in info.stages if on <= day])[-1]
        about_case = (
            info.last_contact is not None
            and day <= info.last_contact
            and stage_then >= Stage.PROFILING
        )
        if kind == "start" and not about_case:
            return
        person = self.person(firm)
        values = {"firm": firm.name, "person": person.name, "what": what}
        if kind == "present":
            channel = _pick(
                rng, [(Channel.PHONE, 50), (Channel.WORKPLACE_VISIT, 30), (Channel.EMAIL, 20)]
            )
            note = rng.choice(PRESENT).format(**values)
            with_whom: list[str] = [With.EMPLOYER]
            activity = Activity.EMPLOYER
            minutes = rng.choice([15, 20, 30]) if channel != Channel.WORKPLACE_VISIT else 45
        else:
            channel = Channel.WORKPLACE_VISIT
            note = rng.choice(START).format(**values)
            with_whom = [With.PARTICIPANT.value, With.EMPLOYER.value]
            if mentor:
                with_whom.append(With.MENTOR.value)
            activity = Activity.WORKPLACE
            minutes = rng.choice([45, 60, 90])
        contact_log(
            actor=case.owner,
            case=case if about_case else None,
            occurred_at=self.at(day),
            channel=channel,
            place=Place.WORKPLACE if channel == Channel.WORKPLACE_VISIT else Place.NONE,
            with_whom=with_whom if about_case else [With.EMPLOYER],
            initiative=Initiative.SPECIALIST,
            duration_minutes=minutes,
            activity=activity,
            note=note,
            employer=firm,
            contact_person=person,
        )
        self.counts["employer_contacts"] += 1

    def job_development(self) -> None:
        """Contacts with firms that belong to no case (job development), over the last half year,
        by the office's specialists; now and then two of them call the same firm the same week."""
        rng, today = self.rng, self.today
        for office_name, firms in self.firms.items():
            staff = self.staff[office_name]
            for firm in firms:
                industry = INDUSTRIES[self.firm[firm.pk].industry]
                for _ in range(_pick(rng, [(0, 10), (1, 30), (2, 30), (3, 20), (4, 10)])):
                    day = self.weekday(today - self.days(0, 180))
                    self.firm_contact(
                        firm, rng.choice(staff), day, rng.choice(JOB_DEVELOPMENT), industry
                    )
                if len(staff) > 1 and rng.random() < (0.35 if len(staff) > 2 else 0.15):
                    first, second = rng.sample(staff, 2)
                    monday = today - datetime.timedelta(days=today.weekday()) - self.days(1, 8) * 7
                    day = monday + self.days(0, 2)
                    self.firm_contact(firm, first, day, rng.choice(JOB_DEVELOPMENT), industry)
                    self.firm_contact(firm, second, day + self.days(1, 2), SAME_WEEK, industry)

    def firm_contact(
        self, firm: Employer, author: User, day: datetime.date, note: str, industry: Industry
    ) -> None:
        rng = self.rng
        if day > self.today:
            return
        person = self.person(firm)
        channel = _pick(
            rng, [(Channel.PHONE, 55), (Channel.EMAIL, 15), (Channel.WORKPLACE_VISIT, 30)]
        )
        contact_log(
            actor=author,
            case=None,
            occurred_at=self.at(day),
            channel=channel,
            place=Place.WORKPLACE if channel == Channel.WORKPLACE_VISIT else Place.NONE,
            with_whom=[With.EMPLOYER],
            initiative=Initiative.EMPLOYER if rng.random() < 0.15 else Initiative.SPECIALIST,
            duration_minutes=rng.choice([45, 60, 90])
            if channel == Channel.WORKPLACE_VISIT
            else rng.randint(5, 25),
            activity=Activity.EMPLOYER,
            note=note.format(person=person.name, tasks=industry.tasks[0].lower()),
            employer=firm,
            contact_person=person,
        )
        self.counts["employer_contacts"] += 1

    # --- Follow-ups ------------------------------------------------------------------------------

    def tidy_checkpoints(self) -> None:
        """Record the follow-ups the placements and agreements made that fell due in the past, as
        the specialists would have; leave a few open on open cases, so reminders show."""
        rng, today = self.rng, self.today
        placement_ids = [p.pk for p in self.built.placements]
        agreement_ids = [a.pk for a in self.built.agreements]
        ended = dict(Placement.objects.filter(pk__in=placement_ids).values_list("pk", "ended_on"))
        due = (
            Checkpoint.objects.filter(status=CheckpointStatus.OPEN, due_on__lt=today)
            .filter(
                Q(anchor_type="placement", anchor_id__in=placement_ids)
                | Q(anchor_type="agreement", anchor_id__in=agreement_ids)
            )
            .select_related("case__owner")
            .order_by("due_on", "pk")
        )
        for checkpoint in due:
            case = checkpoint.case
            if case.status != CaseStatus.DISCHARGED and rng.random() < 0.12:
                continue
            note = CHECKPOINT_NOTES.get(checkpoint.kind, "")
            ended_on = (
                ended.get(checkpoint.anchor_id) if checkpoint.anchor_type == "placement" else None
            )
            if (
                checkpoint.kind == CheckpointKind.AFTER_HIRING
                and ended_on
                and ended_on < checkpoint.due_on
            ):
                note = HIRING_ENDED_NOTE
            checkpoint_complete(
                checkpoint=checkpoint,
                actor=self.users.get(case.owner_id, case.owner),
                on=self.past(checkpoint.due_on + self.days(0, 6)),
                note=note,
            )


def _runs(stages: list[tuple[int, datetime.date, str]]) -> list[Run]:
    runs: list[Run] = []
    current: Run | None = None
    for stage, on, reason in stages:
        if stage >= Stage.EMPLOYER_ENGAGEMENT:
            if current is None:
                current = Run(start=on)
                runs.append(current)
            if stage == Stage.SUPPORT and current.hired_on is None:
                current.hired_on = on
        elif current is not None:
            current.left_on, current.left_reason = on, reason
            current = None
    return runs


def _hours(percent: int) -> Decimal:
    """Hours a week for a percentage of a 37.5-hour week, to the half hour."""
    return Decimal(round(37.5 * percent / 100 * 2) / 2).quantize(Decimal("0.1"))


def already_loaded() -> bool:
    """The demo employer side exists once any demo firm is registered."""
    return Employer.objects.filter(orgnr__in=DEMO_ORGNRS).exists()


def load_employer_side(*, seed: int = 2026, today: datetime.date | None = None) -> dict[str, int]:
    """Register the demo firms and give the demo cases their placements, agreements and mentors;
    return how many of each were created.

    Needs ``load_cases()`` first. Does nothing (and returns zeros) once the demo firms exist,
    because ``make run`` calls it on every start.
    """
    counts = dict.fromkeys(COUNT_KEYS, 0)
    if already_loaded():
        return counts
    # Not for secrets: the demo must come out the same from the same seed. Its own stream, so
    # that the cases come out as they did before the employer side was added.
    rng = random.Random(f"employers-{seed}")  # noqa: S311
    _Builder(rng, today or timezone.localdate(), counts).run()
    return counts
