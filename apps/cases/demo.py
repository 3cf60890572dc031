"""Demo cases: participants, cases, stage histories, consents and a year of contacts.

``manage.py demo_data`` calls ``load_cases()`` after ``load_organisation()`` so that ``make run``
shows a realistic office: every specialist has a caseload of 10-30, the personas of STYLE.md have
worklists with overdue contacts and fresh referrals, and the team lead's figures have something
to count. Everything is built through the services, as users would build it, so the events, the
history rows and the derived stage of each contact are exactly what the real code writes.

Deterministic from the seed (one ``random.Random``, consumed in a fixed order) and idempotent:
once demo cases exist it does nothing. Fødselsnumre are synthetic (Tenor style, month + 80) and
cannot belong to a real person; phone numbers and e-mail addresses are unusable on purpose.
"""

from __future__ import annotations

import datetime
import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from dateutil.relativedelta import relativedelta
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from apps.cases import services
from apps.cases.models import Case, CaseStatus, EndReason, Stage
from apps.contacts.models import Activity, Channel, Initiative, Party, Place
from apps.contacts.services import contact_log
from apps.organisation.demo import DEMO_PASSWORD
from apps.organisation.models import Office, Role, Team, User
from apps.participants.fnr import parse_fnr, synthetic_fnr
from apps.participants.models import (
    Benefit,
    BirthCountryGroup,
    Challenge,
    ConsentRecipient,
    ConsentTopic,
    DiagnosisGroup,
    Education,
    Gender,
    Innsatsgruppe,
    NorwegianLevel,
    Participant,
    Protection,
    SupportNetwork,
    YearsSinceLastJob,
)
from apps.participants.services import (
    consent_record,
    consent_withdraw,
    participant_register,
    participant_update,
)
from apps.programmes.models import Programme, ProgrammeRules
from apps.programmes.selectors import programme_rules_in_force

T = TypeVar("T")
DAY = datetime.timedelta(days=1)


def _words(text: str) -> list[str]:
    return text.split()


def _names(text: str) -> tuple[list[str], list[str], list[str]]:
    women, men, surnames = (_words(part) for part in text.split("/"))
    return women, men, surnames


COUNT_KEYS = (
    "specialists",
    "participants",
    "cases",
    "stage_moves",
    "contacts",
    "consents",
    "vocational_profiles",
)

# --- Who the participants are -------------------------------------------------------------------
#
# Sources: /work/shared/seeds, by file prefix and line. "Nytt" is the post-2016 Oppfølging column
# of 004 Tabell 3.1; 001 Tabell 6.1 gives the same facts per programme. ASSUMED rows have no
# published figure; the value is our reading of the text cited.
#
# fact                     value                                                source
# women                    52.7 %; per programme 100 - "Andel menn"             004 L1026, 001 L1593
# age at referral          <=24 10.6, 25-29 13.5, 30-39 26.3, 40-49 25.2,       004 L1029-1033
#                          50+ 24.4 %
# age, AAP som LT          39 % aged 30 or younger, mean 35.7                   001 L1581, L1594
# education                compulsory 7.4, upper secondary not completed 20.1,  004 L1035-1040
#                          completed 22.7, higher <=4 y 16.0, >4 y 4.7,
#                          unknown 29.2 %
# on AAP                   47.7 % of all, i.e. 81 % of those with reduced       004 L1042-1045
#                          capacity (47.7 / 58.7)                               004 L1050
# AAP diagnosis group      musculoskeletal 23.2, mental 14.1, other 10.4 %      004 L1043-1045
# country of birth         Norway 77.0, EU/EEA 6.2, outside 16.8 %;             004 L1047-1049
#                          immigrant share per programme                        001 L1595
# reduced work capacity    58.7 %; per programme 67.1 / 99.9 / 75.2 / 96.3      004 L1050, 001 L1596
# employed at start        ~35 % (new Oppfølging), ~20 % (older programmes)     004 L1301
# main challenges          mental 55, physical 42, social 41, other 35 %        001 L1617, L1625
#                          language, substance use "a few" (ASSUMED 5 %)        001 L1615
#                          CV gaps among the five commonest (ASSUMED 35 %)      001 L1619
# support network          few have an individuell plan, very few an            000 L1574
#                          ansvarsgruppe (ASSUMED 10 % and 8 %); KVP            003 L982
#                          participants have a right to one (ASSUMED 30 %)
# innsatsgruppe            target groups situasjonsbestemt and spesielt         001 L357, L1522
#                          tilpasset (ASSUMED: reduced capacity -> spesielt
#                          or varig tilpasset, else situasjonsbestemt 85 %)
# in work at discharge     40 of 121 (33 %); 23 of 121 dismissed (19 %)         000 L1899, L1911
# discharge outlets        treatment 29, work 24, other measures 15, other      002 L860-865
#                          14, uføre 10, moved 8 %; early no-shows              004 L733
# hours at discharge       most start part-time, many under 50 %                001 L1354

AGE_BANDS: list[tuple[tuple[int, int], float]] = [  # 004 L1029-1033
    ((19, 24), 10.6),
    ((25, 29), 13.5),
    ((30, 39), 26.3),
    ((40, 49), 25.2),
    ((50, 64), 24.4),
]
# AAP som lønnstilskudd prioritised the under-30s: 39 % were 30 or younger (001 L1581).
AGE_BANDS_YOUNG: list[tuple[tuple[int, int], float]] = [
    ((19, 24), 17.0),
    ((25, 29), 22.0),
    ((30, 39), 27.0),
    ((40, 49), 20.0),
    ((50, 64), 14.0),
]
EDUCATION: list[tuple[str, float]] = [  # 004 L1035-1040
    (Education.COMPULSORY, 7.4),
    (Education.UPPER_SECONDARY_INCOMPLETE, 20.1),
    (Education.UPPER_SECONDARY, 22.7),
    (Education.HIGHER_SHORT, 16.0),
    (Education.HIGHER_LONG, 4.7),
    (Education.UNKNOWN, 29.2),
]
AAP_GIVEN_REDUCED_CAPACITY = 47.7 / 58.7  # 004 L1042-1045 and L1050: AAP needs reduced capacity.
AAP_DIAGNOSIS: list[tuple[str, float]] = [  # 004 L1043-1045
    (DiagnosisGroup.MUSCULOSKELETAL, 23.2),
    (DiagnosisGroup.MENTAL, 14.1),
    (DiagnosisGroup.OTHER, 10.4),
]
EU_SHARE_OF_IMMIGRANTS = 6.2 / (6.2 + 16.8)  # 004 L1048-1049: landgruppe 2 against 3.
CHALLENGE_RATES: dict[str, float] = {  # 001 L1615-1625
    Challenge.MENTAL_HEALTH: 0.55,
    Challenge.PHYSICAL_HEALTH: 0.42,
    Challenge.SOCIAL: 0.41,
    Challenge.CV_GAPS: 0.35,
    Challenge.OTHER: 0.35,
    Challenge.SUBSTANCE_USE: 0.05,
}


@dataclass(frozen=True)
class Profile:
    """The participant mix of one programme (shares from 0 to 1)."""

    women: float
    reduced_capacity: float
    immigrant: float
    employed_at_start: float
    forced_benefit: str = ""
    young: bool = False


PROFILES: dict[str, Profile] = {
    # 001 L1593-1596 (Oppfølging column); employed at start 004 L1301 (new programme).
    "oppfolging": Profile(
        women=0.514, reduced_capacity=0.671, immigrant=0.224, employed_at_start=0.35
    ),
    # 001 L1593-1596 (SE column); employed at start 004 L1301 (older programmes).
    "supported-employment-forsok": Profile(0.463, 0.999, 0.196, 0.21),
    # 001 L1593-1596 (KIN column: Kjerneoppgaver, now Utvidet oppfølging).
    "utvidet-oppfolging": Profile(0.554, 0.752, 0.143, 0.21),
    # 001 L1593-1596 (AAP som LT): all have AAP, so reduced capacity (96.3 in the table).
    "aap-lonnstilskudd": Profile(0.504, 1.0, 0.183, 0.21, forced_benefit=Benefit.AAP, young=True),
    # ASSUMED: IPS is not in 001 Tabell 6.1; its people are in mental-health treatment, as SE's.
    "ips": Profile(0.463, 0.999, 0.196, 0.21),
    # ASSUMED: KVP is not in the tables; 004 Nytt column for the mix, few employed (003 L785).
    "kvp-place-then-train": Profile(
        0.527, 0.587, 0.230, 0.05, forced_benefit=Benefit.KVALIFISERINGSSTONAD
    ),
}


def expected_aap_share(programme_code: str) -> float:
    """The share on AAP the generator aims at for a programme (the tests compare against it)."""
    profile = PROFILES[programme_code]
    if profile.forced_benefit:
        return 1.0 if profile.forced_benefit == Benefit.AAP else 0.0
    return profile.reduced_capacity * AAP_GIVEN_REDUCED_CAPACITY


# --- The offices' staff and caseloads -----------------------------------------------------------
#
# (office, team, programmes with weights, specialists with their number of open cases). The
# personas keep their own names; the extra specialists are new users with the demo password.
# Caseload norms: 001 L357 (about 20), 003 (KVP 10-15), 004 (Oppfølging 12-13).


@dataclass(frozen=True)
class Specialist:
    username: str
    first_name: str
    last_name: str
    open_cases: int


@dataclass(frozen=True)
class TeamPlan:
    office: str
    team: str
    programmes: tuple[tuple[str, float], ...]
    specialists: tuple[Specialist, ...]


def _s(username: str, first: str, last: str, open_cases: int) -> Specialist:
    return Specialist(username, first, last, open_cases)


STAFF: tuple[TeamPlan, ...] = (
    TeamPlan(
        "NAV Østensjø",
        "Arbeid og inkludering",
        (("utvidet-oppfolging", 0.85), ("ips", 0.15)),
        (
            _s("spesialist", "", "", 20),
            _s("kollega", "", "", 15),
            _s("js-ostensjo-1", "Marte", "Solheim", 17),
        ),
    ),
    TeamPlan(
        "NAV Østensjø",
        "Kvalifiseringsprogrammet",
        (("kvp-place-then-train", 1.0),),
        (
            _s("js-ostensjo-2", "Yonas", "Tesfamariam", 13),
            _s("js-ostensjo-3", "Hilde", "Brekke", 11),
        ),
    ),
    TeamPlan(
        "NAV Sagene",
        "Oppfølging",
        (("oppfolging", 1.0),),
        (
            _s("annen", "", "", 15),
            _s("js-sagene-1", "Kristoffer", "Aune", 12),
        ),
    ),
    TeamPlan(
        "NAV Østbyen",
        "Jobbspesialister",
        (("supported-employment-forsok", 0.6), ("ips", 0.4)),
        (_s("js-ostbyen-1", "Nadia", "Hussain", 14),),
    ),
    TeamPlan(
        "NAV Fredrikstad",
        "AAP som lønnstilskudd",
        (("aap-lonnstilskudd", 1.0),),
        (_s("js-fredrikstad-1", "Trond", "Kristiansen", 13),),
    ),
    TeamPlan(
        "NAV Sarpsborg",
        "AAP som lønnstilskudd",
        (("aap-lonnstilskudd", 1.0),),
        (_s("js-sarpsborg-1", "Linn", "Halvorsen", 11),),
    ),
    TeamPlan(
        "NAV Kristiansand",
        "Arbeidsrettet oppfølging",
        (("utvidet-oppfolging", 1.0),),
        (_s("js-kristiansand-1", "Eirik", "Tveit", 12),),
    ),
    TeamPlan(
        "NAV Bergenhus",
        "Jobbspesialister",
        (("ips", 1.0),),
        (_s("js-bergenhus-1", "Synnøve", "Myklebust", 12),),
    ),
    TeamPlan(
        "NAV Fyllingsdalen",
        "Jobbspesialister",
        (("ips", 1.0),),
        (_s("js-fyllingsdalen-1", "Håkon", "Birkeland", 10),),
    ),
    TeamPlan(
        "NAV Laksevåg",
        "Jobbspesialister",
        (("ips", 1.0),),
        (_s("js-laksevag-1", "Ragnhild", "Helland", 11),),
    ),
    TeamPlan(
        "NAV Tromsø",
        "Tromsøpakken",
        (("kvp-place-then-train", 1.0),),
        (_s("js-tromso-1", "Sigurd", "Isaksen", 12),),
    ),
    TeamPlan(
        "NAV Kongsvinger",
        "Kjerneoppgaver",
        (("utvidet-oppfolging", 1.0),),
        (_s("js-kongsvinger-1", "Guro", "Tangen", 11),),
    ),
    TeamPlan(
        "NAV Heimdal",
        "Kjerneoppgaver",
        (("utvidet-oppfolging", 1.0),),
        (_s("js-heimdal-1", "Vegard", "Rønning", 12),),
    ),
    TeamPlan(
        "NAV Bamble",
        "Kjerneoppgaver",
        (("utvidet-oppfolging", 1.0),),
        (_s("js-bamble-1", "Tone", "Thorsen", 10),),
    ),
    TeamPlan(
        "NAV Ski",
        "Kjerneoppgaver",
        (("utvidet-oppfolging", 1.0),),
        (_s("js-ski-1", "Stian", "Ruud", 11),),
    ),
)
EXTRA_USERNAMES = tuple(
    s.username for plan in STAFF for s in plan.specialists if s.username.startswith("js-")
)
# Closed cases (discharged, rejected, withdrawn in the last 18 months) per open case: with the
# open caseloads above this gives about 300 participants.
CLOSED_PER_OPEN = 0.3
OPEN_STATUSES: list[tuple[str, float]] = [
    (CaseStatus.REFERRED, 6),
    (CaseStatus.INTAKE, 8),
    (CaseStatus.PAUSED, 5),
    (CaseStatus.ACTIVE, 81),
]
CLOSED_STATUSES: list[tuple[str, float]] = [
    (CaseStatus.DISCHARGED, 70),
    (CaseStatus.REJECTED, 15),
    (CaseStatus.WITHDRAWN, 15),
]
# Weights chosen so that about a third are in work at discharge (000 L1899) and the other outlets
# follow 002 L860-865.
DISCHARGE_REASONS: list[tuple[str, float]] = [
    (EndReason.WORK, 22),
    (EndReason.WORK_WITH_SUBSIDY, 10),
    (EndReason.EDUCATION, 7),
    (EndReason.OTHER_MEASURE, 12),
    (EndReason.TREATMENT, 12),
    (EndReason.DISABILITY, 6),
    (EndReason.MOVED, 5),
    (EndReason.DROPPED_OUT, 14),
    (EndReason.OTHER, 12),
]
WORK_REASONS = frozenset({EndReason.WORK, EndReason.WORK_WITH_SUBSIDY})
HISTORY_DAYS = 548  # referrals over the last 18 months
OVERDUE_SHARE = 0.15  # open active cases with no contact in the last 14 days (001 L732)

# --- Names, places and the words people write ----------------------------------------------------

WOMEN = _words(
    "Anne Inger Kari Marit Ingrid Liv Eva Berit Astrid Hilde Solveig Marianne Randi Ida Nina Maria "
    "Elisabeth Kristin Silje Camilla Tone Hanne Ingeborg Emma Nora Sara Thea Ingvild Line Heidi "
    "Mona Trine Siri Marte Julie Malin Tuva Maja Vilde Sofie Linn Guro Ragnhild Gunn Elin Torill"
)
MEN = _words(
    "Jan Per Bjørn Ole Lars Kjell Knut Svein Arne Thomas Hans Geir Tor Morten Terje Odd Martin "
    "Andreas Erik Rune Trond Jon Anders Kristian Henrik Magnus Jonas Sindre Espen Eirik Stian "
    "Fredrik Håkon Sigurd Vegard Øyvind Jørgen Emil Mathias Kristoffer Tobias Sander Even Ståle Roy"
)
SURNAMES = _words(
    "Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen Johnsen "
    "Pettersen Eriksen Berg Haugen Hagen Johannessen Andreassen Jacobsen Dahl Jørgensen Halvorsen "
    "Henriksen Lund Sørensen Jakobsen Moen Gundersen Iversen Strand Solberg Svendsen Eide Knutsen "
    "Martinsen Paulsen Bakken Kristoffersen Mathisen Lie Amundsen Rasmussen Lunde Solheim Berge "
    "Moe Nygård Bakke Fredriksen Holm Lien Hauge Knudsen Evensen Sæther Aas Myhre Haugland "
    "Thomassen Sivertsen Simonsen Danielsen Berntsen Sandvik Arnesen Antonsen Næss Vik Haug "
    "Ellingsen Edvardsen Gulbrandsen Aasen Strøm Ødegård Eliassen Bøe Mikkelsen Madsen Wold Ueland"
)
# "women's first names / men's first names / surnames", by country of birth group.
IMMIGRANT_NAMES: dict[str, list[tuple[list[str], list[str], list[str]]]] = {
    BirthCountryGroup.EU_EEA: [
        _names("Anna Katarzyna Magdalena / Piotr Tomasz Krzysztof Marcin / Nowak Kowalski Wójcik"),
        _names("Rūta Jurgita Laura / Tomas Mindaugas Darius / Kazlauskas Petrauskas Jankauskas"),
        _names("Emma Elin Sofia / Erik Johan Oskar / Lindqvist Johansson Nyberg"),
        _names("Julia Katrin / Stefan Matthias / Schmidt Müller Becker"),
        _names("Elena Ioana / Andrei Mihai / Popescu Ionescu Dumitru"),
    ],
    BirthCountryGroup.OUTSIDE_EU_EEA: [
        _names("Amina Hodan Fadumo Sahra / Abdi Mohamed Yusuf Ahmed / Hassan Ali Warsame Farah"),
        _names("Ayesha Sana Nadia Rabia / Imran Usman Bilal Kamran / Khan Hussain Akhtar Iqbal"),
        _names(
            "Fatima Noor Rania Lina / Ahmad Omar Khaled Mustafa / Haddad Ibrahim Khalil Mahmoud"
        ),
        _names("Helen Selam Meron Senait / Yonas Dawit Tesfay Samuel / Haile Berhe Kidane Tesfay"),
        _names("Zahra Maryam Shabnam / Hamid Farid Reza / Rahimi Ahmadi Hosseini Karimi"),
        _names("Lan Mai Linh / Minh Duc Hung / Nguyen Tran Pham"),
        _names("Maricel Jocelyn / Jose Ramon / Santos Reyes Cruz"),
    ],
}
# Street and postal code per office, so that addresses match the office's area.
ADDRESSES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "NAV Østensjø": (
        "Oslo",
        [
            ("Tvetenveien", "0666"),
            ("Vetlandsveien", "0671"),
            ("Oppsalstubben", "0685"),
            ("Bølerlia", "0689"),
            ("Manglerudveien", "0678"),
        ],
    ),
    "NAV Sagene": (
        "Oslo",
        [("Sandakerveien", "0473"), ("Bentsebrugata", "0476"), ("Arendalsgata", "0463")],
    ),
    "NAV Østbyen": ("Oslo", [("Hagegata", "0653"), ("Tøyengata", "0578"), ("Kampengata", "0654")]),
    "NAV Fredrikstad": ("Fredrikstad", [("Nygaardsgata", "1607"), ("Tollbugata", "1606")]),
    "NAV Sarpsborg": ("Sarpsborg", [("Glengsgata", "1706"), ("Tuneveien", "1710")]),
    "NAV Kristiansand": (
        "Kristiansand",
        [("Dronningens gate", "4610"), ("Vestre Strandgate", "4612")],
    ),
    "NAV Bergenhus": ("Bergen", [("Kong Oscars gate", "5017"), ("Nygårdsgaten", "5015")]),
    "NAV Fyllingsdalen": (
        "Bergen",
        [("Folke Bernadottes vei", "5147"), ("Hjalmar Brantings vei", "5143")],
    ),
    "NAV Laksevåg": ("Bergen", [("Damsgårdsveien", "5058"), ("Kringsjåveien", "5163")]),
    "NAV Tromsø": (
        "Tromsø",
        [("Storgata", "9008"), ("Grønnegata", "9008"), ("Kvaløyvegen", "9013")],
    ),
    "NAV Kongsvinger": ("Kongsvinger", [("Glommengata", "2211"), ("Brugata", "2212")]),
    "NAV Heimdal": ("Trondheim", [("Heimdalsvegen", "7080"), ("Ringvålvegen", "7082")]),
    "NAV Bamble": ("Langesund", [("Storgata", "3970"), ("Stathelle gate", "3960")]),
    "NAV Ski": ("Ski", [("Jernbaneveien", "1400"), ("Kirkeveien", "1401")]),
}
# Fictitious employers: the notes and target workplaces never name a real firm.
EMPLOYERS = (
    "Bryn Bakeri AS",
    "Grønn Logistikk AS",
    "Fjordbyen Renhold AS",
    "Solsiden barnehage",
    "Haugen Rør og Varme AS",
    "Nordlys Hotell",
    "Kafé Lindetreet",
    "Byggmester Holm AS",
    "Lagerhuset Øst AS",
    "Sentrum Dagligvare AS",
    "Parkveien sykehjem",
    "Bilpleie Norge AS",
    "Kantina i Tollbugata",
    "Strand Gartneri",
    "Trykkeriet Vest AS",
    "Sportsbua AS",
    "Velferdsetaten, bydelen",
    "Kystlinjen Fisk AS",
    "Elektrikern AS",
    "Dyrebutikken Pote",
    "Hageservice Sør AS",
    "Flytteekspressen AS",
    "Bokhandel Ark & Co",
    "Byens Vaskeri AS",
    "Kommunens driftsavdeling",
    "Møbelhuset Vestby AS",
    "Lunsjbaren AS",
    "IT-Hjelpen Øst AS",
)
JOB_WISHES = (
    "lager og logistikk",
    "butikk og kundeservice",
    "renhold",
    "barnehage",
    "kjøkken og kantine",
    "helse og omsorg",
    "kontor og resepsjon",
    "bilpleie og verksted",
    "gartneri og grøntanlegg",
    "sjåfør med varebil",
    "bygg og vedlikehold",
    "IT-brukerstøtte",
    "hotell og servering",
)
SUPPORT_STRATEGIES = (
    "Tett oppfølging de første ukene i jobb, deretter annenhver uke. Jobbspesialist tar kontakt med"
    " arbeidsgiver etter avtale med deltaker.",
    "Deltaker vil selv fortelle arbeidsgiver om helsen; jobbspesialist støtter i samtalen.",
    "Start med lav stillingsprosent og trapp opp i samråd med behandler.",
    "Ukentlige møter utenfor arbeidsplassen; korte telefonsamtaler ved behov.",
    "Fadder på arbeidsplassen og faste evalueringsmøter med leder hver fjerde uke.",
)
ACCOMMODATION_NEEDS = (
    "Faste arbeidstider, helst dagtid.",
    "Mulighet for pauser og skjermet arbeidsplass.",
    "Trenger skriftlige instrukser og tydelig opplæringsplan.",
    "Unngå tunge løft.",
    "Norskopplæring på arbeidsplassen.",
    "Gradvis opptrapping fra 40 prosent.",
    "",
)
ORDER_BACKGROUND = (
    "Har vært ute av arbeid i flere år etter sykdom. Ønsker å prøve seg i ordinært arbeid.",
    "Lang periode på AAP. Arbeidsevnevurdering viser behov for tett oppfølging mot jobb.",
    "Ung bruker uten fullført videregående. Lite arbeidserfaring, men motivert.",
    "Har hatt flere korte arbeidsforhold som har stoppet opp. Trenger støtte til å beholde jobb.",
    "Kom til Norge for seks år siden. Fullført introduksjonsprogram, trenger hjelp inn i arbeid.",
    "Sykmeldt fra tidligere jobb; arbeidsgiver har ikke mulighet for tilrettelegging.",
    "Psykiske helseplager som gjør ordinære tiltak vanskelige. Går i behandling.",
)
ORDER_TRIED = (
    "Arbeidspraksis i skjermet virksomhet, avklaringstiltak.",
    "Jobbsøkerkurs og oppfølging hos veileder.",
    "AMO-kurs i lager og logistikk.",
    "Ingen tiltak tidligere.",
    "Arbeidstrening i kommunal virksomhet.",
    "Norskopplæring og introduksjonsprogram.",
)
ORDER_GOAL = (
    "Ordinært arbeid, helst fast stilling.",
    "Lønnet arbeid i minst 50 prosent stilling.",
    "Avklare arbeidsevne og komme i jobb med tilrettelegging.",
    "Fast jobb innen ett år.",
    "Varig tilknytning til arbeidslivet, eventuelt med lønnstilskudd.",
)
REJECT_REASONS = (
    "Ikke i målgruppen: trenger ikke tett oppfølging.",
    "Helsesituasjonen gjør at arbeidsrettet tiltak ikke er aktuelt nå. Returnert til veileder.",
    "Mangler arbeidsevnevurdering. Returnert til veileder.",
    "Ønsker ikke å delta i tiltaket etter informasjonsmøtet.",
)
WITHDRAW_REASONS = (
    "Møtte ikke til inntakssamtale etter tre forsøk.",
    "Har flyttet fra kommunen.",
    "Fikk jobb på egen hånd før oppstart.",
    "Trakk seg; ønsker ikke oppfølging nå.",
)
PAUSE_REASONS = (
    "Sykmeldt etter operasjon.",
    "Innlagt til behandling.",
    "Foreldrepermisjon.",
    "Reiser til hjemlandet i familiesaker.",
)
LOST_JOB = (
    "Mistet jobben i prøvetiden; tilbake til jobbsøk.",
    "Midlertidig stilling ble ikke forlenget.",
    "Arbeidsforholdet ble avsluttet etter nedbemanning.",
    "Sa opp selv; trivdes ikke. Starter jobbsøk på nytt.",
)
SKIP_PROFILING = ("Kartleggingen ble gjort i forrige tiltak; starter jobbsøk direkte.",)
SKIP_TO_SUPPORT = ("Fikk jobb på egen hånd; går rett til oppfølging på arbeidsplassen.",)
BACK_TO_PROFILING = ("Bruker arbeidspraksis for å avklare yrkesretning.",)
REOPEN_MOVE = "Ny henvisning kort tid etter avslutning; starter jobbsøk igjen."
DISCHARGE_NOTES: dict[str, str] = {
    EndReason.WORK: "I jobb; oppfølgingen avsluttes etter avtale med arbeidsgiver.",
    EndReason.WORK_WITH_SUBSIDY: "Ansatt med lønnstilskudd.",
    EndReason.EDUCATION: "Begynner på utdanning.",
    EndReason.OTHER_MEASURE: "Overført til annet tiltak.",
    EndReason.TREATMENT: "Trenger behandling før videre arbeidsrettet oppfølging.",
    EndReason.DISABILITY: "Innvilget uføretrygd.",
    EndReason.MOVED: "Har flyttet.",
    EndReason.DROPPED_OUT: "Har ikke møtt over lengre tid.",
    EndReason.OTHER: "Avsluttet etter samtale med veileder.",
}

NOTES: dict[str, tuple[str, ...]] = {
    "first": (
        "Ringte deltaker etter henvisning. Avtalte inntakssamtale.",
        "Første kontakt på telefon. Informerte kort om tiltaket og avtalte møte på kontoret.",
        "Sendte SMS med forslag til tid for første samtale.",
        "Fikk ikke svar på telefon; la igjen beskjed og sendte SMS.",
    ),
    "intake": (
        "Inntakssamtale. Gikk gjennom bestillingen og informerte om rettigheter og plikter.",
        "Inntakssamtale. Deltaker er motivert for å prøve seg i jobb. Samarbeidsavtale signert.",
        "Inntakssamtale sammen med veileder. Avklarte forventninger og videre plan.",
    ),
    "three_way": (
        "Trekantsamtale med deltaker og NAV-veileder. Overføring av oppfølgingen avtalt.",
        "Trekantmøte med veileder: gjennomgang av aktivitetsplan og mål for deltakelsen.",
    ),
    "profiling": (
        "Kartleggingssamtale om arbeidserfaring, interesser og hva deltaker ønsker å jobbe med.",
        "Jobbet med CV. Deltaker har mer erfaring enn det som sto i CV-en fra før.",
        "Snakket om hva som skal til for å klare en arbeidsdag: søvn, transport og barnehage.",
        "Yrkeskartlegging: ønsker seg jobb innen {wish}. Snakket om arbeidsplasser som kan passe.",
        "Gikk gjennom tidligere jobber og hva som fungerte og ikke fungerte.",
        "Deltaker forteller at helsen er mer stabil nå. Avtalt å starte jobbsøk snart.",
    ),
    "job_search": (
        "Gikk gjennom stillingsannonser sammen. Sendte to søknader.",
        "Forberedte jobbintervju hos {employer}. Øvde på spørsmål om hullet i CV-en.",
        "Snakket om hva deltaker vil at arbeidsgiver skal få vite om helsen. Deltaker bestemmer.",
        "Gjennomgang av aktuelle arbeidsgivere. Deltaker vil gjerne prøve {wish}.",
        "Deltaker har vært på intervju og venter på svar.",
        "Motivasjonssamtale. Deltaker er lei av avslag; vi justerer strategien.",
    ),
    "in_work": (
        "Samtale etter oppstart hos {employer}. Trives, men er sliten etter arbeidsdagene.",
        "Snakket om arbeidstid og mulighet for å øke stillingsprosenten.",
        "Deltaker er usikker på en arbeidsoppgave; avtalt at jeg tar det opp med leder.",
        "Samtale om overgangen fra ytelse til lønn og hva det betyr for økonomien.",
        "Det går bra på jobb. Avtalt oppfølging annenhver uke framover.",
    ),
    "phone": (
        "Telefon: sjekket hvordan uken har gått. Avtalt nytt møte.",
        "Deltaker ringte for å flytte avtalen. Ny tid satt opp.",
        "Telefon om søknaden til {employer}.",
        "Kort prat på telefon; deltaker har vært syk, men er bedre nå.",
        "Ringte for å minne om intervjuet i morgen.",
    ),
    "sms": (
        "SMS med påminnelse om møtet.",
        "SMS: sendte lenke til en stillingsannonse.",
        "SMS; deltaker bekrefter oppmøte.",
        "Sendte SMS og ba deltaker ringe meg.",
    ),
    "email": (
        "E-post med oppsummering av møtet og neste steg.",
        "Sendte CV-utkast på e-post til deltaker for gjennomlesning.",
        "E-post med informasjon om arbeidstrening.",
    ),
    "video": (
        "Videomøte: gjennomgang av jobbsøknader.",
        "Videosamtale siden deltaker var syk. Avtalt oppmøte neste uke.",
    ),
    "employer_search": (
        "Besøkte {employer} og hørte om behovet for arbeidskraft. Positive til en kandidat.",
        "Ringte {employer} om mulig jobb. Ble bedt om å sende CV.",
        "Møte med daglig leder hos {employer}: kartla arbeidsoppgaver som kan passe.",
        "E-post til {employer} med kort presentasjon av kandidaten (etter samtykke).",
    ),
    "employer_work": (
        "Telefon med leder hos {employer}: fornøyd så langt, ønsker litt mer opplæring.",
        "Avklarte tilretteleggingsbehov og arbeidstid med {employer}.",
        "Snakket med {employer} om lønnstilskudd og søknaden.",
        "Drøftet mulig fast ansettelse med {employer} etter prøveperioden.",
    ),
    "workplace": (
        "Arbeidsplassbesøk hos {employer}. Trepartsmøte med deltaker og leder; alt går etter plan.",
        "Besøkte deltaker på jobb. Gikk gjennom opplæringsplanen med fadder.",
        "Evalueringsmøte på arbeidsplassen. Enige om å øke fra 50 til 60 prosent.",
        "Arbeidsplassbesøk: deltaker viste fram arbeidsoppgavene. Fadder er godt fornøyd.",
    ),
    "mentor": (
        "Ringte fadder hos {employer}: deltaker er stabil og tar mer ansvar.",
        "Statusmøte med fadder; fadder følger opp de nye oppgavene.",
    ),
    "treatment": (
        "Samarbeidsmøte med behandler (samtykke foreligger). Enige om gradert opptrapping.",
        "Telefon med fastlege om hvor mye deltaker kan jobbe nå (samtykke foreligger).",
    ),
    "adviser": (
        "Avklaring med NAV-veileder om ytelse og aktivitetsplan.",
        "Kontakt med veileder om forlengelse av AAP.",
    ),
    "group": (
        "Jobbklubb på kontoret: CV og søknadsskriving i gruppe.",
        "Gruppesamling om arbeidslivets spilleregler.",
    ),
    "no_show": (
        "Deltaker møtte ikke til avtalt samtale. Sendte SMS.",
        "Forsøkte å ringe tre ganger uten svar.",
        "Ikke møtt; sendte brev med ny time.",
    ),
    "discharge": (
        "Avslutningssamtale. Oppsummerte perioden og status ved utskriving.",
        "Sluttsamtale: gikk gjennom hva som har fungert og videre plan med veileder.",
    ),
    "team": (
        "Teammøte: gjennomgang av saker og fordeling av nye henvisninger.",
        "Teammøte med vekt på arbeidsgiverkontakter denne uken.",
        "Teammøte: kollegaveiledning på vanskelige saker.",
    ),
    "training": (
        "Fagdag om Supported Employment-metodikk.",
        "Kurs i motiverende intervju.",
        "Nettverkssamling for jobbspesialister i fylket.",
        "Webinar om IPS og samarbeid med behandlere.",
        "Fagdag: arbeidsgiverkontakt og jobbutvikling.",
    ),
}


# --- Helpers -------------------------------------------------------------------------------------


def _pick(rng: random.Random, weighted: Sequence[tuple[T, float]]) -> T:
    return rng.choices([value for value, _ in weighted], weights=[w for _, w in weighted])[0]


def _ascii(text: str) -> str:
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in text if c.isalnum() or c in ".-")


def _weekday(day: datetime.date, earliest: datetime.date, latest: datetime.date) -> datetime.date:
    """Move a weekend day to the nearest weekday within [earliest, latest], if there is one."""
    if day.weekday() == 5:
        candidates = [day - DAY, day + 2 * DAY]
    elif day.weekday() == 6:
        candidates = [day + DAY, day - 2 * DAY]
    else:
        return day
    for candidate in candidates:
        if earliest <= candidate <= latest:
            return candidate
    return day


@dataclass(frozen=True)
class Move:
    on: datetime.date
    stage: int
    reason: str = ""


@dataclass
class Timeline:
    """The dates of one case, decided before any of it is written."""

    referral: datetime.date
    intake: datetime.date | None = None
    talk: datetime.date | None = None
    active: datetime.date | None = None
    end: datetime.date | None = None
    reason: str = ""
    moves: list[Move] = field(default_factory=list)
    pauses: list[tuple[datetime.date, datetime.date | None]] = field(default_factory=list)
    three_way: datetime.date | None = None
    reopened: datetime.date | None = None

    def stage_on(self, day: datetime.date) -> int:
        stage = int(Stage.CONTACT)
        for move in self.moves:
            if move.on <= day:
                stage = move.stage
        return stage

    def paused_on(self, day: datetime.date) -> bool:
        return any(start <= day and (end is None or day < end) for start, end in self.pauses)

    def lost_jobs_before(self, day: datetime.date) -> int:
        return sum(1 for m in self.moves if m.on <= day and m.reason in LOST_JOB)


@dataclass
class Plan:
    owner: User
    team: Team
    programme: Programme
    status: str
    reason: str = ""
    reopen: bool = False
    # A person whose earlier referral at this office was rejected or withdrawn, referred again.
    returning: bool = False


@dataclass(frozen=True)
class ContactSpec:
    on: datetime.date
    kind: str


class _Builder:
    def __init__(self, rng: random.Random, today: datetime.date, counts: dict[str, int]) -> None:
        self.rng = rng
        self.today = today
        self.now = timezone.now()
        self.counts = counts
        self.programmes = {p.code: p for p in Programme.objects.all()}
        self.rules: dict[str, ProgrammeRules] = {}
        for code, programme in self.programmes.items():
            rules = programme_rules_in_force(programme=programme, on=today)
            if rules is not None:
                self.rules[code] = rules
        self.used_fnr: set[str] = set()
        self.team_members: dict[int, list[User]] = {}
        # Participants whose case ended early, who may come back in a new case (same office).
        self.returners: dict[int, list[tuple[Participant, datetime.date]]] = {}

    # --- Staff -----------------------------------------------------------------------------------

    def staff(self) -> list[tuple[TeamPlan, Team, list[tuple[User, int]]]]:
        # One hash for every extra specialist: hashing "demo" twenty times with the production
        # hasher would cost seconds on every start, and the password is public anyway.
        password = make_password(DEMO_PASSWORD)
        result = []
        for plan in STAFF:
            team = Team.objects.get(office__name=plan.office, name=plan.team)
            office = Office.objects.get(pk=team.office_id)
            members = []
            for spec in plan.specialists:
                user = User.objects.filter(username=spec.username).first()
                if user is None:
                    user = User.objects.create(
                        username=spec.username,
                        first_name=spec.first_name,
                        last_name=spec.last_name,
                        email=f"{spec.username}@jobbspor.invalid",
                        role=Role.SPECIALIST,
                        office=office,
                        password=password,
                        is_active=True,
                    )
                    user.teams.set([team])
                    self.counts["specialists"] += 1
                members.append((user, spec.open_cases))
            self.team_members[team.pk] = [user for user, _ in members]
            result.append((plan, team, members))
        return result

    # --- The plans -------------------------------------------------------------------------------

    def run(self) -> None:
        rng = self.rng
        staff = self.staff()
        closed: list[Plan] = []
        open_: list[Plan] = []
        for team_plan, team, members in staff:
            for user, n_open in members:
                n_closed = max(1, round(n_open * CLOSED_PER_OPEN + rng.uniform(-1.5, 1.5)))
                for _ in range(n_closed):
                    programme = self.programmes[_pick(rng, team_plan.programmes)]
                    status = _pick(rng, CLOSED_STATUSES)
                    reason = (
                        _pick(rng, DISCHARGE_REASONS) if status == CaseStatus.DISCHARGED else ""
                    )
                    closed.append(Plan(user, team, programme, status, reason))
                for i in range(n_open):
                    programme = self.programmes[_pick(rng, team_plan.programmes)]
                    status = _pick(rng, OPEN_STATUSES)
                    if status == CaseStatus.PAUSED and not self.rules[programme.code].allows_pause:
                        status = CaseStatus.ACTIVE
                    # Two spells that continue after a short gap, to show a reopened case.
                    reopen = i == 0 and user.username in ("js-ostensjo-1", "js-kristiansand-1")
                    if reopen:
                        status = CaseStatus.ACTIVE
                    open_.append(Plan(user, team, programme, status, reopen=reopen))
        # Closed cases first, oldest plans in any order: some of their participants return later.
        for plan in closed:
            self.build(plan)
        for plan in open_:
            plan.returning = not plan.reopen and rng.random() < 0.06
            self.build(plan)
        for _team_plan, _team, members in staff:
            for user, _n in members:
                self.office_work(user)
        self.protect_some()

    def returner(self, plan: Plan, referral: datetime.date) -> Participant | None:
        pool = self.returners.get(plan.team.office_id, [])
        for i, (participant, ended) in enumerate(pool):
            if ended + 14 * DAY < referral:
                del pool[i]
                return participant
        return None

    # --- Dates -----------------------------------------------------------------------------------

    def timeline(self, plan: Plan) -> Timeline:
        for _attempt in range(60):
            timeline = self._try_timeline(plan)
            if timeline is not None:
                return timeline
        # Very unlikely with these ranges; an early discharge for another reason always fits.
        plan.reason = EndReason.OTHER
        timeline = self._try_timeline(plan)
        assert timeline is not None
        return timeline

    def _try_timeline(self, plan: Plan) -> Timeline | None:
        rng, today = self.rng, self.today
        rules = self.rules[plan.programme.code]
        status = plan.status

        def days(n: int) -> datetime.timedelta:
            return datetime.timedelta(days=n)

        if status == CaseStatus.REFERRED:
            return Timeline(referral=today - days(rng.randint(0, 10)))
        if status == CaseStatus.INTAKE:
            referral = today - days(rng.randint(3, 28))
            return Timeline(referral=referral, intake=referral + days(rng.randint(1, 3)))
        if status in (CaseStatus.REJECTED, CaseStatus.WITHDRAWN):
            referral = today - days(rng.randint(14, HISTORY_DAYS))
            intake = referral + days(rng.randint(1, 6)) if rng.random() < 0.6 else None
            end = (intake or referral) + days(rng.randint(2, 21))
            return Timeline(referral=referral, intake=intake, end=min(end, today))

        earliest = 20 if status == CaseStatus.ACTIVE else 60
        if status == CaseStatus.DISCHARGED and plan.reason in WORK_REASONS:
            earliest = 150
        if plan.reopen:
            earliest = 200
        if status == CaseStatus.DISCHARGED:
            referral = today - days(rng.randint(earliest, HISTORY_DAYS))
        else:
            # Open cases lean recent: the long ones have mostly ended by now.
            referral = today - days(earliest + int((HISTORY_DAYS - earliest) * rng.random() ** 1.5))
        intake = referral + days(rng.randint(1, 7))
        talk = intake + days(rng.randint(0, 10))
        active = talk + days(rng.randint(0, 7))
        if active > today - days(3):
            return None
        limit = rules.maximum_end(active)
        timeline = Timeline(referral=referral, intake=intake, talk=talk, active=active)
        if rng.random() < 0.35:
            timeline.three_way = referral + days(rng.randint(1, max(1, (active - referral).days)))
        moves = self._stage_plan(active, plan.programme.code)

        if status in (CaseStatus.ACTIVE, CaseStatus.PAUSED):
            if limit is not None and limit < today + days(7):
                return None  # past the programme's maximum duration: it would have ended
            if plan.reopen:
                # Discharged (dropped out) a while ago, referred again within the gap period.
                end = active + days(rng.randint(45, 160))
                again = end + days(rng.randint(20, 90))
                if again > today - days(20) or again > end + relativedelta(months=rules.gap_months):
                    return None
                timeline.end, timeline.reason, timeline.reopened = end, EndReason.DROPPED_OUT, again
                timeline.moves = [m for m in moves if m.on < end]
                stage_then = timeline.stage_on(end)
                back_to = Stage.JOB_FINDING if stage_then != Stage.JOB_FINDING else Stage.PROFILING
                timeline.moves.append(Move(again + days(rng.randint(1, 10)), back_to, REOPEN_MOVE))
                return timeline
            stop = today
            if status == CaseStatus.PAUSED:
                pause = today - days(rng.randint(5, 50))
                if pause < active + days(21):
                    return None
                timeline.pauses.append((pause, None))
                stop = pause - DAY
            elif rules.allows_pause and rng.random() < 0.1:
                pause = active + days(rng.randint(30, 200))
                resume = pause + days(rng.randint(14, 56))
                if resume < today - days(7):
                    timeline.pauses.append((pause, resume))
            timeline.moves = [m for m in moves if m.on <= stop]
            return timeline

        # Discharged: the end date depends on the reason, within the programme's limit.
        last_day = today - days(2)
        if limit is not None:
            last_day = min(last_day, limit)
        if plan.reason in WORK_REASONS:
            # Discharged while in work: during a spell in stage 5, after some weeks of support.
            spells = self._spells(moves, Stage.SUPPORT)
            feasible = [(s, e) for s, e in spells if s + days(21) <= min(e - DAY, last_day)]
            if not feasible:
                return None
            start, end_of_spell = feasible[-1]
            room = (min(end_of_spell - DAY, last_day) - start).days
            end = start + days(rng.randint(21, min(room, 200)))
        else:
            shortest = 45 if plan.reason == EndReason.EDUCATION else 30
            room = (last_day - active).days
            if room < shortest:
                return None
            end = active + days(rng.randint(shortest, min(room, 420)))
        timeline.end, timeline.reason = end, plan.reason
        timeline.moves = [m for m in moves if m.on < end]
        if plan.reason in WORK_REASONS and timeline.stage_on(end) != Stage.SUPPORT:
            return None
        if rules.allows_pause and rng.random() < 0.08:
            pause = active + days(rng.randint(20, 120))
            resume = pause + days(rng.randint(14, 42))
            if resume < end - days(14):
                timeline.pauses.append((pause, resume))
        return timeline

    def _stage_plan(self, start: datetime.date, programme_code: str) -> list[Move]:
        """Stage moves from activation on, open-ended; the caller cuts them at the case's end.

        The stages are not a path (003 L208): some skip profiling or employer engagement, some use
        a placement as a stage-2 tool, and a lost job sends the case back to stage 3.
        """
        rng = self.rng
        fast = programme_code == "ips"  # IPS starts job search within a month (001 L237)

        def days(low: int, high: int) -> datetime.timedelta:
            return datetime.timedelta(days=rng.randint(low, high))

        moves: list[Move] = []
        day = start + (days(2, 10) if fast else days(3, 21))
        if rng.random() < 0.06:
            moves.append(Move(day, Stage.JOB_FINDING, rng.choice(SKIP_PROFILING)))
        else:
            moves.append(Move(day, Stage.PROFILING))
            day += days(7, 21) if fast else days(14, 70)
            moves.append(Move(day, Stage.JOB_FINDING))
        for _round in range(3):
            if rng.random() < 0.07:
                day += days(14, 45)
                moves.append(Move(day, Stage.PROFILING, rng.choice(BACK_TO_PROFILING)))
                day += days(21, 60)
                moves.append(Move(day, Stage.JOB_FINDING))
            day += days(30, 240)  # job search is the longest stage
            if rng.random() < 0.1:
                moves.append(Move(day, Stage.SUPPORT, rng.choice(SKIP_TO_SUPPORT)))
            else:
                moves.append(Move(day, Stage.EMPLOYER_ENGAGEMENT))
                day += days(14, 75)
                moves.append(Move(day, Stage.SUPPORT))
            day += days(30, 240)
            if rng.random() >= 0.25:
                break
            moves.append(Move(day, Stage.JOB_FINDING, rng.choice(LOST_JOB)))
        return moves

    @staticmethod
    def _spells(moves: list[Move], stage: int) -> list[tuple[datetime.date, datetime.date]]:
        far = datetime.date.max - DAY
        result = []
        for i, move in enumerate(moves):
            if move.stage == stage:
                end = moves[i + 1].on if i + 1 < len(moves) else far
                result.append((move.on, end))
        return result

    # --- The participant -------------------------------------------------------------------------

    def person(self, plan: Plan, referral: datetime.date) -> dict[str, Any]:
        rng = self.rng
        profile = PROFILES[plan.programme.code]
        female = rng.random() < profile.women
        low, high = _pick(rng, AGE_BANDS_YOUNG if profile.young else AGE_BANDS)
        born = (
            referral
            - relativedelta(years=rng.randint(low, high))
            - datetime.timedelta(days=rng.randint(1, 364))
        )
        if rng.random() < profile.immigrant:
            country = (
                BirthCountryGroup.EU_EEA
                if rng.random() < EU_SHARE_OF_IMMIGRANTS
                else BirthCountryGroup.OUTSIDE_EU_EEA
            )
            women, men, surnames = rng.choice(IMMIGRANT_NAMES[country])
            norwegian = _pick(
                rng,
                [
                    (NorwegianLevel.GOOD, 40),
                    (NorwegianLevel.SOME, 35),
                    (NorwegianLevel.LITTLE, 20),
                    (NorwegianLevel.UNKNOWN, 5),
                ],
            )
        else:
            country = BirthCountryGroup.NORWAY
            women, men, surnames = WOMEN, MEN, SURNAMES
            norwegian = NorwegianLevel.NOT_RELEVANT
        first_name = rng.choice(women if female else men)
        last_name = rng.choice(surnames)

        reduced = profile.forced_benefit == Benefit.AAP or rng.random() < profile.reduced_capacity
        employed = rng.random() < profile.employed_at_start
        diagnosis = ""
        if profile.forced_benefit:
            benefit = profile.forced_benefit
        elif reduced and rng.random() < AAP_GIVEN_REDUCED_CAPACITY:
            benefit = Benefit.AAP
        else:
            benefit = _pick(
                rng,
                [
                    (Benefit.SOSIALHJELP, 25),
                    (Benefit.DAGPENGER, 20 if not employed else 0),
                    (Benefit.NONE, 30),
                    (Benefit.SYKEPENGER, 40 if employed else 0),
                    (Benefit.UFORETRYGD, 12 if reduced else 0),
                    (
                        Benefit.INTRODUKSJONSSTONAD,
                        15 if country == BirthCountryGroup.OUTSIDE_EU_EEA else 0,
                    ),
                ],
            )
        if benefit == Benefit.AAP:
            # IPS serves people in mental-health treatment (001 L237).
            diagnosis = (
                DiagnosisGroup.MENTAL if plan.programme.code == "ips" else _pick(rng, AAP_DIAGNOSIS)
            )
        if employed:
            since_job, months = YearsSinceLastJob.UNDER_ONE, rng.randint(12, 24)
        else:
            since_job = _pick(
                rng,
                [
                    (YearsSinceLastJob.UNDER_ONE, 25),
                    (YearsSinceLastJob.ONE_TO_FIVE, 40),
                    (YearsSinceLastJob.OVER_FIVE, 25),
                    (YearsSinceLastJob.NEVER, 10),
                ],
            )
            months = {
                YearsSinceLastJob.UNDER_ONE: rng.randint(1, 11),
                YearsSinceLastJob.ONE_TO_FIVE: rng.randint(0, 6),
            }.get(since_job, 0)

        challenges = [code for code, rate in CHALLENGE_RATES.items() if rng.random() < rate]
        forced: dict[str, str] = {
            DiagnosisGroup.MENTAL: Challenge.MENTAL_HEALTH,
            DiagnosisGroup.MUSCULOSKELETAL: Challenge.PHYSICAL_HEALTH,
        }
        if diagnosis in forced and forced[diagnosis] not in challenges:
            challenges.append(forced[diagnosis])
        if plan.programme.code == "ips" and Challenge.MENTAL_HEALTH not in challenges:
            challenges.append(Challenge.MENTAL_HEALTH)
        if norwegian == NorwegianLevel.LITTLE or (
            norwegian == NorwegianLevel.SOME and rng.random() < 0.5
        ):
            challenges.append(Challenge.LANGUAGE)
        if not challenges:
            challenges.append(Challenge.CV_GAPS)
        challenges = [code for code in Challenge.values if code in challenges]

        network = []
        if rng.random() < (0.7 if reduced else 0.3):
            network.append(SupportNetwork.GP)
        mental = Challenge.MENTAL_HEALTH in challenges
        if plan.programme.code == "ips" or (mental and rng.random() < 0.45):
            network.append(SupportNetwork.DPS)
        if rng.random() < 0.08:
            network.append(SupportNetwork.ANSVARSGRUPPE)
        if rng.random() < (0.3 if plan.programme.code == "kvp-place-then-train" else 0.1):
            network.append(SupportNetwork.INDIVIDUELL_PLAN)

        if benefit == Benefit.UFORETRYGD:
            group = Innsatsgruppe.VARIG_TILPASSET
        elif reduced:
            group = _pick(
                rng, [(Innsatsgruppe.SPESIELT_TILPASSET, 92), (Innsatsgruppe.VARIG_TILPASSET, 8)]
            )
        else:
            group = _pick(
                rng, [(Innsatsgruppe.SITUASJONSBESTEMT, 85), (Innsatsgruppe.STANDARD, 15)]
            )

        office = plan.team.office.name
        city, streets = ADDRESSES[office]
        street, postal_code = rng.choice(streets)
        return {
            "female": female,
            "first_name": first_name,
            "last_name": last_name,
            "birth_date": born,
            "gender": Gender.FEMALE if female else Gender.MALE,
            # Numbers no one has: Norwegian subscriber numbers never start with 0.
            "phone": f"000 {rng.randint(10, 99)} {rng.randint(100, 999)}",
            # example.com is reserved for examples (RFC 2606): no mail ever reaches a person.
            "email": f"{_ascii(first_name)}.{_ascii(last_name)}@example.com",
            "street_address": f"{street} {rng.randint(1, 120)}",
            "postal_code": postal_code,
            "city": city,
            "birth_country_group": country,
            "immigrant_background": country != BirthCountryGroup.NORWAY,
            "norwegian_level": norwegian,
            "education": _pick(rng, EDUCATION),
            "benefit": benefit,
            "disability_grade": rng.choice([30, 40, 50, 60])
            if benefit == Benefit.UFORETRYGD
            else None,
            "aap_diagnosis_group": diagnosis,
            "innsatsgruppe": group,
            "reduced_work_capacity": reduced,
            "employed_at_start": employed,
            "months_employed_last_24": months,
            "years_since_last_job": since_job,
            "main_challenges": challenges,
            "support_network": network,
        }

    def register(self, plan: Plan, referral: datetime.date) -> Participant:
        fields = self.person(plan, referral)
        female = fields.pop("female")
        while True:
            digits = synthetic_fnr(fields["birth_date"], self.rng, female=female)
            if digits not in self.used_fnr:
                break
        self.used_fnr.add(digits)
        participant = participant_register(actor=plan.owner, fnr=parse_fnr(digits), **fields)
        self.counts["participants"] += 1
        return participant

    # --- One case, through the services ----------------------------------------------------------

    def build(self, plan: Plan) -> None:
        rng = self.rng
        tl = self.timeline(plan)
        owner = plan.owner
        returner = self.returner(plan, tl.referral) if plan.returning else None
        participant = returner or self.register(plan, tl.referral)
        adviser_first = rng.choice(WOMEN + MEN)
        case, _reopened = services.case_refer(
            actor=owner,
            participant=participant,
            programme=plan.programme,
            referral_date=tl.referral,
            referring_adviser=f"{adviser_first} {rng.choice(SURNAMES)}",
            order_background=rng.choice(ORDER_BACKGROUND),
            order_tried=rng.choice(ORDER_TRIED),
            order_goal=rng.choice(ORDER_GOAL),
        )
        self.counts["cases"] += 1
        if tl.intake is not None:
            case = services.case_start_intake(case=case, actor=owner, on=tl.intake)
        if plan.status == CaseStatus.REJECTED:
            assert tl.end is not None
            case = services.case_reject(
                case=case, actor=owner, on=tl.end, reason=rng.choice(REJECT_REASONS)
            )
        elif plan.status == CaseStatus.WITHDRAWN:
            assert tl.end is not None
            case = services.case_withdraw(
                case=case, actor=owner, on=tl.end, reason=rng.choice(WITHDRAW_REASONS)
            )
        if tl.active is not None and tl.talk is not None:
            case = services.case_activate(
                case=case, actor=owner, on=tl.active, intake_talk_date=tl.talk
            )
            if tl.three_way is not None:
                # The service's **fields are annotated str, but the field is a date (reported).
                case = services.case_update_order(
                    case=case,
                    actor=owner,
                    three_way_meeting_date=tl.three_way,
                )
            case = self.run_history(case, plan, tl)

        if plan.status in (CaseStatus.REJECTED, CaseStatus.WITHDRAWN) and tl.end is not None:
            self.returners.setdefault(plan.team.office_id, []).append((participant, tl.end))
        self.consents(case, plan, tl, participant)
        if tl.active is not None and any(m.stage >= Stage.PROFILING for m in tl.moves):
            self.profile(case, owner)
        self.contacts(case, plan, tl)

    def run_history(self, case: Case, plan: Plan, tl: Timeline) -> Case:
        """Stage moves, pauses, the discharge and a new referral, in date order, as they happened.

        On one day the lifecycle goes first (order 0), then stage moves (1), then the discharge
        (2) and a new referral (3); moves after a reopening are dated after it.
        """
        owner = plan.owner
        steps: list[tuple[datetime.date, int, str, dict[str, Any]]] = []
        steps += [(m.on, 1, "move", {"stage": m.stage, "reason": m.reason}) for m in tl.moves]
        for start, end in tl.pauses:
            steps.append((start, 0, "pause", {"reason": self.rng.choice(PAUSE_REASONS)}))
            if end is not None:
                steps.append((end, 0, "resume", {}))
        if tl.end is not None:
            status = self.discharge_status(tl.reason, case.participant)
            steps.append(
                (
                    tl.end,
                    2,
                    "discharge",
                    {
                        "reason": tl.reason,
                        "status": status,
                        "note": DISCHARGE_NOTES[tl.reason],
                    },
                )
            )
        if tl.reopened is not None:
            steps.append((tl.reopened, 3, "refer", {}))
        for on, _order, action, kwargs in sorted(steps, key=lambda step: (step[0], step[1])):
            if action == "move":
                services.case_move_stage(case=case, actor=owner, on=on, **kwargs)
                self.counts["stage_moves"] += 1
            elif action == "pause":
                case = services.case_pause(case=case, actor=owner, on=on, **kwargs)
            elif action == "resume":
                case = services.case_resume(case=case, actor=owner, on=on)
            elif action == "discharge":
                case = services.case_discharge(case=case, actor=owner, on=on, **kwargs)
            else:
                case, reopened = services.case_refer(
                    actor=owner,
                    participant=case.participant,
                    programme=plan.programme,
                    referral_date=on,
                    referring_adviser=case.referring_adviser,
                )
                assert reopened, "a referral within the gap period reopens the case"
        return case

    def discharge_status(self, reason: str, participant: Participant) -> dict[str, Any]:
        """Status at discharge (000 §6): plausible flags for the reason, several may be true."""
        rng = self.rng
        on_aap = participant.benefit == Benefit.AAP
        status: dict[str, Any] = {}
        if reason in WORK_REASONS:
            # Most start part-time, many under 50 % (001 L1354).
            hours = rng.choice(["8", "12", "15", "18.8", "20", "22.5", "26", "30", "37.5"])
            status.update(
                in_work=True,
                work_hours_per_week=Decimal(hours),
                work_percent=round(float(hours) / 37.5 * 100),
                work_permanent=rng.random()
                < (0.25 if reason == EndReason.WORK_WITH_SUBSIDY else 0.45),
                work_with_wage_subsidy=reason == EndReason.WORK_WITH_SUBSIDY,
                aap=on_aap and float(hours) < 30 and rng.random() < 0.6,
            )
        elif reason == EndReason.EDUCATION:
            status["education"] = True
            if rng.random() < 0.15:
                status.update(
                    in_work=True,
                    work_hours_per_week=Decimal("8"),
                    work_percent=21,
                    work_permanent=False,
                    work_with_wage_subsidy=False,
                )
        elif reason == EndReason.DISABILITY:
            status["uforetrygd"] = True
        else:
            all_chances: dict[str, dict[str, float]] = {
                EndReason.OTHER_MEASURE: {"job_seeker": 0.5, "dismissed": 0.15},
                EndReason.TREATMENT: {"sick_leave_or_treatment": 1.0, "dismissed": 0.3},
                EndReason.MOVED: {"not_reachable": 0.3, "job_seeker": 0.4},
                EndReason.DROPPED_OUT: {"not_reachable": 0.5, "dismissed": 0.5, "job_seeker": 0.2},
                EndReason.OTHER: {
                    "job_seeker": 0.5,
                    "dismissed": 0.4,
                    "sick_leave_or_treatment": 0.2,
                },
            }
            for flag, chance in all_chances[reason].items():
                if rng.random() < chance:
                    status[flag] = True
            status["aap"] = on_aap
        return status

    def consents(self, case: Case, plan: Plan, tl: Timeline, participant: Participant) -> None:
        """Consents for about two thirds of participants (003 L910, 001 L1468), given at intake."""
        rng = self.rng
        if participant.consents.exists():
            return
        given = tl.talk or tl.intake
        if given is None:
            return
        share = 0.72 if tl.active is not None else 0.25
        if rng.random() >= share:
            return
        topics: list[str] = [ConsentTopic.BACKGROUND, ConsentTopic.PROGRAMME]
        if rng.random() < 0.25:
            topics.append(ConsentTopic.CHALLENGES)
        employer = consent_record(
            participant=participant,
            actor=plan.owner,
            recipient=ConsentRecipient.EMPLOYER,
            topics=topics,
            given_on=given,
        )
        self.counts["consents"] += 1
        if rng.random() < 0.03 and given < self.today - DAY:
            consent_withdraw(
                consent=employer, actor=plan.owner, on=min(self.today, given + 60 * DAY)
            )
        treated = {SupportNetwork.GP, SupportNetwork.DPS} & set(participant.support_network)
        if treated and rng.random() < 0.45:
            consent_record(
                participant=participant,
                actor=plan.owner,
                recipient=ConsentRecipient.TREATMENT_PROVIDER,
                topics=[ConsentTopic.HEALTH, ConsentTopic.CHALLENGES],
                given_on=given,
                note="Fastlege og behandler ved DPS."
                if SupportNetwork.DPS in treated
                else "Fastlege.",
            )
            self.counts["consents"] += 1
        support = self._spells(tl.moves, Stage.SUPPORT)
        if support and rng.random() < 0.5:
            consent_record(
                participant=participant,
                actor=plan.owner,
                recipient=ConsentRecipient.MENTOR,
                topics=[ConsentTopic.PROGRAMME, ConsentTopic.CHALLENGES],
                given_on=support[0][0],
            )
            self.counts["consents"] += 1

    def profile(self, case: Case, owner: User) -> None:
        rng = self.rng
        wishes = rng.sample(JOB_WISHES, rng.randint(1, 3))
        services.vocational_profile_save(
            case=case,
            actor=owner,
            job_wishes="Ønsker jobb innen " + " eller ".join(wishes) + ".",
            support_strategy=rng.choice(SUPPORT_STRATEGIES),
            accommodation_needs=rng.choice(ACCOMMODATION_NEEDS),
            target_workplaces="\n".join(rng.sample(EMPLOYERS, rng.randint(2, 5))),
        )
        self.counts["vocational_profiles"] += 1

    # --- Contacts --------------------------------------------------------------------------------

    def contact_days(self, plan: Plan, tl: Timeline) -> list[ContactSpec]:
        rng, today = self.rng, self.today
        specs: list[ContactSpec] = []
        first = tl.referral + rng.randint(0, 4) * DAY
        if tl.end is not None and tl.active is None:
            first = min(first, tl.end)
        if first <= today and (plan.status != CaseStatus.REFERRED or rng.random() < 0.7):
            specs.append(ContactSpec(first, "first"))
        if plan.status == CaseStatus.WITHDRAWN and tl.end is not None:
            for _ in range(rng.randint(1, 2)):
                day = first + rng.randint(1, max(1, (tl.end - first).days)) * DAY
                specs.append(ContactSpec(min(day, tl.end), "no_show"))
        if plan.status == CaseStatus.REJECTED and tl.end is not None and tl.intake is not None:
            specs.append(ContactSpec(tl.end, "intake"))
        if plan.status == CaseStatus.INTAKE and rng.random() < 0.5:
            specs.append(ContactSpec(min(today, first + rng.randint(2, 10) * DAY), "phone"))
        if tl.talk is not None:
            specs.append(ContactSpec(tl.talk, "intake"))
        if tl.three_way is not None:
            specs.append(ContactSpec(tl.three_way, "three_way"))
        if tl.active is None:
            return specs

        periods: list[tuple[datetime.date, datetime.date]] = []
        if tl.reopened is not None and tl.end is not None:
            periods = [(tl.active, tl.end - DAY), (tl.reopened, today)]
        elif tl.end is not None:
            periods = [(tl.active, tl.end - DAY)]
        else:
            periods = [(tl.active, today)]
        regular: list[ContactSpec] = []
        for start, stop in periods:
            day = start + rng.randint(1, 6) * DAY
            while day <= stop:
                if not tl.paused_on(day):
                    regular.append(ContactSpec(day, "regular"))
                stage = tl.stage_on(day)
                mean = (
                    8.0 if stage == Stage.SUPPORT else 6.5
                )  # fewer meetings once in work (001 L1054)
                day += max(1, round(rng.gammavariate(2.0, mean / 2.0))) * DAY
        for start, end in tl.pauses:
            if end is None and rng.random() < 0.4:
                regular.append(ContactSpec(min(today, start + rng.randint(7, 20) * DAY), "phone"))

        open_active = tl.end is None or tl.reopened is not None
        if open_active and plan.status == CaseStatus.ACTIVE:
            if rng.random() < OVERDUE_SHARE:
                # No contact for a while: the worklist shows the case as overdue.
                cut = today - rng.randint(15, 35) * DAY
                regular = [s for s in regular if s.on <= cut]
            elif not any(s.on >= today - 13 * DAY for s in regular):
                regular.append(
                    ContactSpec(max(tl.active, today - rng.randint(0, 9) * DAY), "regular")
                )
        specs += regular
        if tl.end is not None and tl.reopened is None:
            specs.append(ContactSpec(tl.end, "discharge"))
        return specs

    def contacts(self, case: Case, plan: Plan, tl: Timeline) -> None:
        rng = self.rng
        teammates = [u for u in self.team_members.get(plan.team.pk, []) if u.pk != plan.owner.pk]
        employers = rng.sample(EMPLOYERS, 4)
        wish = rng.choice(JOB_WISHES)
        latest = tl.end if tl.end is not None and tl.reopened is None else self.today
        for spec in sorted(self.contact_days(plan, tl), key=lambda s: s.on):
            day = _weekday(spec.on, tl.referral, min(latest, self.today))
            stage = tl.stage_on(day)
            employer = employers[min(tl.lost_jobs_before(day), len(employers) - 1)]
            fields = self.contact_fields(spec.kind, stage, employer, wish)
            at = timezone.make_aware(
                datetime.datetime.combine(
                    day, datetime.time(rng.randint(8, 15), rng.choice((0, 15, 30, 45)))
                )
            )
            if at > self.now:
                # Today, later than now: the service refuses the future, so it happened earlier.
                at = self.now - datetime.timedelta(minutes=rng.randint(5, 90))
                if timezone.localdate(at) < tl.referral:
                    continue
            # Teammates cover for each other during leave and log on the case (DOMAIN.md roles).
            author = rng.choice(teammates) if teammates and rng.random() < 0.03 else plan.owner
            contact_log(actor=author, case=case, occurred_at=at, **fields)
            self.counts["contacts"] += 1

    def contact_fields(self, kind: str, stage: int, employer: str, wish: str) -> dict[str, Any]:
        rng = self.rng

        def note(key: str) -> str:
            return rng.choice(NOTES[key]).format(employer=employer, wish=wish)

        def fields(
            channel: str,
            place: str,
            with_whom: list[str],
            minutes: int,
            activity: str,
            key: str,
            initiative: str = Initiative.SPECIALIST,
        ) -> dict[str, Any]:
            return {
                "channel": channel,
                "place": place,
                "with_whom": with_whom,
                "initiative": initiative,
                "duration_minutes": minutes,
                "activity": activity,
                "note": note(key),
            }

        participant: list[str] = [Party.PARTICIPANT]
        if kind == "first":
            channel = Channel.PHONE if rng.random() < 0.7 else Channel.SMS
            return fields(
                channel,
                Place.NONE,
                participant,
                rng.randint(5, 20) if channel == Channel.PHONE else 2,
                Activity.INDIVIDUAL,
                "first",
            )
        if kind == "intake":
            adviser: list[str] = [Party.NAV_ADVISER] if rng.random() < 0.3 else []
            with_whom = participant + adviser
            return fields(
                Channel.MEETING,
                Place.NAV_OFFICE,
                with_whom,
                rng.choice([45, 60, 75, 90]),
                Activity.INDIVIDUAL,
                "intake",
            )
        if kind == "three_way":
            return fields(
                Channel.MEETING,
                Place.NAV_OFFICE,
                [Party.PARTICIPANT, Party.NAV_ADVISER],
                60,
                Activity.INDIVIDUAL,
                "three_way",
            )
        if kind == "no_show":
            channel = rng.choice([Channel.PHONE, Channel.SMS])
            return fields(
                channel, Place.NONE, participant, rng.randint(2, 5), Activity.INDIVIDUAL, "no_show"
            )
        if kind == "discharge":
            return fields(
                Channel.MEETING,
                Place.NAV_OFFICE,
                participant,
                rng.choice([45, 60]),
                Activity.INDIVIDUAL,
                "discharge",
            )
        if kind == "phone":
            return fields(
                Channel.PHONE,
                Place.NONE,
                participant,
                rng.randint(5, 20),
                Activity.INDIVIDUAL,
                "phone",
            )

        # Regular follow-up: employer work grows from stage 3 (001 L1305, DOMAIN.md).
        employer_share = {1: 0.0, 2: 0.04, 3: 0.3, 4: 0.45, 5: 0.3}[stage]
        r = rng.random()
        if r < employer_share:
            if stage >= Stage.EMPLOYER_ENGAGEMENT and rng.random() < 0.4:
                visited = [*participant, Party.EMPLOYER]
                if stage == Stage.SUPPORT and rng.random() < 0.5:
                    visited.append(Party.MENTOR)
                return fields(
                    Channel.WORKPLACE_VISIT,
                    Place.WORKPLACE,
                    visited,
                    rng.choice([30, 45, 60, 90]),
                    Activity.WORKPLACE,
                    "workplace",
                )
            channel = _pick(
                rng, [(Channel.PHONE, 50), (Channel.EMAIL, 25), (Channel.WORKPLACE_VISIT, 25)]
            )
            place = Place.WORKPLACE if channel == Channel.WORKPLACE_VISIT else Place.NONE
            minutes = {Channel.PHONE: rng.randint(10, 25), Channel.EMAIL: rng.randint(5, 15)}.get(
                channel, rng.choice([30, 45, 60])
            )
            initiative = Initiative.EMPLOYER if rng.random() < 0.2 else Initiative.SPECIALIST
            key = "employer_search" if stage == Stage.JOB_FINDING else "employer_work"
            return fields(
                channel, place, [Party.EMPLOYER], minutes, Activity.EMPLOYER, key, initiative
            )
        r = rng.random()
        if stage == Stage.SUPPORT and r < 0.1:
            return fields(
                Channel.PHONE,
                Place.NONE,
                [Party.MENTOR],
                rng.randint(10, 20),
                Activity.WORKPLACE,
                "mentor",
            )
        if r < 0.14:
            channel = rng.choice([Channel.PHONE, Channel.MEETING])
            met: list[str] = participant if channel == Channel.MEETING else []
            with_whom = [Party.TREATMENT, *met]
            return fields(
                channel,
                Place.OTHER if channel == Channel.MEETING else Place.NONE,
                with_whom,
                rng.choice([15, 30, 60]),
                Activity.INDIVIDUAL,
                "treatment",
            )
        if r < 0.18:
            channel = rng.choice([Channel.PHONE, Channel.EMAIL])
            return fields(
                channel,
                Place.NONE,
                [Party.NAV_ADVISER],
                rng.randint(5, 20),
                Activity.OTHER,
                "adviser",
            )
        if r < 0.21 and stage <= Stage.JOB_FINDING:
            return fields(
                Channel.MEETING, Place.NAV_OFFICE, participant, 120, Activity.GROUP, "group"
            )

        channel = _pick(
            rng,
            [
                (Channel.MEETING, 45),
                (Channel.PHONE, 28),
                (Channel.SMS, 12),
                (Channel.EMAIL, 5),
                (Channel.VIDEO, 6),
                (Channel.WORKPLACE_VISIT, 8 if stage == Stage.SUPPORT else 0),
            ],
        )
        initiative = _pick(
            rng, [(Initiative.SPECIALIST, 75), (Initiative.PARTICIPANT, 22), (Initiative.OTHER, 3)]
        )
        topic = {1: "profiling", 2: "profiling", 3: "job_search"}.get(stage, "in_work")
        if channel == Channel.MEETING:
            place = _pick(
                rng,
                [(Place.NAV_OFFICE, 55), (Place.OUTDOORS, 25), (Place.HOME, 10), (Place.OTHER, 10)],
            )
            return fields(
                channel,
                place,
                participant,
                rng.choice([30, 45, 60, 75, 90]),
                Activity.INDIVIDUAL,
                topic,
                initiative,
            )
        if channel == Channel.WORKPLACE_VISIT:
            return fields(
                channel,
                Place.WORKPLACE,
                participant,
                rng.choice([30, 45, 60]),
                Activity.WORKPLACE,
                "workplace",
                initiative,
            )
        minutes = {
            Channel.PHONE: rng.randint(5, 30),
            Channel.SMS: rng.randint(1, 3),
            Channel.EMAIL: rng.randint(5, 15),
            Channel.VIDEO: rng.choice([20, 30, 45]),
        }[channel]
        return fields(
            channel, Place.NONE, participant, minutes, Activity.INDIVIDUAL, str(channel), initiative
        )

    def office_work(self, user: User) -> None:
        """Work outside any case, logged the same way (002 L2698): team meetings, training."""
        rng, today = self.rng, self.today
        start = today - datetime.timedelta(days=364)
        tuesday = start + ((1 - start.weekday()) % 7) * DAY
        week = 0
        while tuesday <= today:
            iso_week = tuesday.isocalendar().week
            holiday = 28 <= iso_week <= 31 or iso_week in (1, 52, 53)
            if not holiday and rng.random() < 0.9:
                at = timezone.make_aware(datetime.datetime.combine(tuesday, datetime.time(9, 0)))
                if at <= self.now:
                    self._office_contact(
                        user,
                        at,
                        Channel.MEETING,
                        Place.NAV_OFFICE,
                        rng.choice([60, 90]),
                        Activity.TEAM,
                        "team",
                    )
            if week % 5 == 2 and not holiday:
                thursday = tuesday + 2 * DAY
                at = timezone.make_aware(datetime.datetime.combine(thursday, datetime.time(9, 0)))
                if thursday <= today and at <= self.now:
                    channel = Channel.VIDEO if rng.random() < 0.3 else Channel.MEETING
                    place = Place.NONE if channel == Channel.VIDEO else Place.OTHER
                    self._office_contact(
                        user,
                        at,
                        channel,
                        place,
                        rng.choice([120, 180, 360]),
                        Activity.COMPETENCE,
                        "training",
                    )
            tuesday += 7 * DAY
            week += 1

    def _office_contact(
        self,
        user: User,
        at: datetime.datetime,
        channel: str,
        place: str,
        minutes: int,
        activity: str,
        key: str,
    ) -> None:
        contact_log(
            actor=user,
            case=None,
            occurred_at=at,
            channel=channel,
            place=place,
            with_whom=[],
            initiative=Initiative.SPECIALIST,
            duration_minutes=minutes,
            activity=activity,
            note=self.rng.choice(NOTES[key]),
        )
        self.counts["contacts"] += 1

    def protect_some(self) -> None:
        """A few protected addresses, discovered after registration (so the history shows it):
        code 7 for about 2 %, code 6 for two people, one of each in spesialist's caseload."""
        rng = self.rng
        mine = list(
            Participant.objects.filter(
                cases__owner__username="spesialist", cases__status=CaseStatus.ACTIVE
            )
            .order_by("pk")
            .distinct()
        )
        others = list(Participant.objects.exclude(pk__in=[p.pk for p in mine]).order_by("pk"))
        if len(mine) < 2 or len(others) < 7:
            return
        strict = [mine[0], rng.choice(others)]
        confidential = [mine[1], *rng.sample([p for p in others if p not in strict], 5)]
        actors = {
            p.pk: Case.objects.filter(participant=p).order_by("-referral_date").first()
            for p in strict + confidential
        }
        for participant in strict:
            case = actors[participant.pk]
            assert case is not None
            # No address is known for a person with code 6.
            participant_update(
                participant=participant,
                actor=case.owner,
                protection=Protection.STRICTLY_CONFIDENTIAL,
                street_address="",
                postal_code="",
                city="",
            )
        for participant in confidential:
            case = actors[participant.pk]
            assert case is not None
            participant_update(
                participant=participant, actor=case.owner, protection=Protection.CONFIDENTIAL
            )


def already_loaded() -> bool:
    """Demo cases exist once any extra demo specialist owns a case."""
    return Case.objects.filter(owner__username__in=EXTRA_USERNAMES).exists()


def load_cases(*, seed: int = 2026, today: datetime.date | None = None) -> dict[str, int]:
    """Create the demo caseloads; return how many of each thing were created.

    Needs ``load_organisation()`` first. Does nothing (and returns zeros) once demo cases exist,
    because ``make run`` calls it on every start.
    """
    counts = dict.fromkeys(COUNT_KEYS, 0)
    if already_loaded():
        return counts
    # Not for secrets: the demo must come out the same from the same seed.
    rng = random.Random(seed)  # noqa: S311
    _Builder(rng, today or timezone.localdate(), counts).run()
    return counts
