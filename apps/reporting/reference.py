"""The published figures of "AAP som lønnstilskudd" (report 000), rebuilt as cases.

``data/aap-som-lonnstilskudd`` (next to the checkout, in ``shared/``) holds Tabell 4.1 (monthly
inflow and outflow per office, March 2013 to September 2014), Tabell 4.2 (the month-end stocks)
and Tabell 1 (måltall). ``load_reference_data`` turns the flows into cases the way people would
make them, through the services: register a participant (a synthetic number), refer them to the
programme, intake, activate in the month of entry, discharge in the month of leaving. Reporting
computed from those cases must then give Tabell 4.2 back exactly.

Who leaves in a month is the earliest entrant still in the programme (first in, first out): the
tables hold only counts, so any choice reproduces them, and this one gives plausible spells.
Dates are spread over each month; the first discharge of a month falls on its last day.

Only synthetic numbers are made (``fnr.synthetic_fnr``), so the loader refuses to run where
synthetic numbers are not accepted (production).
"""

from __future__ import annotations

import calendar
import csv
import datetime
import random
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from apps.cases import services as cases
from apps.cases.models import Case, EndReason
from apps.organisation.models import County, Office, Role, Team, User
from apps.participants.fnr import parse_fnr, synthetic_fnr
from apps.participants.models import Benefit, Gender, Participant
from apps.participants.services import AlreadyRegistered, participant_register
from apps.programmes.models import Programme
from apps.reporting.services import target_set

# A copy of ../shared/data/aap-som-lonnstilskudd (the published figures), kept in the repository so
# a clean clone has it; tests/reporting checks the copy against the original where that exists.
REFERENCE_DIR = Path(__file__).parent / "reference_data" / "aap-som-lonnstilskudd"
PROGRAMME_CODE = "aap-lonnstilskudd"
TEAM_NAME = "AAP som lønnstilskudd"
DIRECTORATE_USERNAME = "aap-direktorat"

# The offices as the tables name them, in their counties as they are from 2024 (Hordaland is in
# Vestland, Vest-Agder in Agder). "Oslo" is every Oslo office reported as one team and "Bergen"
# the three Hordaland offices reported together, as in the report. Tromsø joined in 2014 and has
# måltall but no flows.
OFFICES: dict[str, tuple[str, str]] = {
    # name: (county number, specialist's username)
    "Oslo": ("03", "aap-oslo"),
    "Bergen": ("46", "aap-bergen"),
    "Kristiansand": ("42", "aap-kristiansand"),
    "Fredrikstad": ("31", "aap-fredrikstad"),
    "Sarpsborg": ("31", "aap-sarpsborg"),
    "Tromsø": ("55", "aap-tromso"),
}
# Tabell 1 names some offices differently; the combined Østfold row has no office of its own.
MAALTALL_OFFICE_NAMES = {
    "Oslo (all offices)": ("Oslo",),
    "Bergen (Bergenhus, Fyllingsdalen, Laksevåg)": ("Bergen",),
    "Kristiansand": ("Kristiansand",),
    "Fredrikstad": ("Fredrikstad",),
    "Sarpsborg": ("Sarpsborg",),
    "Tromsø": ("Tromsø",),
    "Østfold (Sarpsborg + Fredrikstad combined)": ("Fredrikstad", "Sarpsborg"),
}

# Reasons and statuses at discharge, taken in turn: the tables do not say, and a spread makes
# the loaded data useful beyond the stock figures.
DISCHARGES: list[tuple[str, dict[str, Any]]] = [
    (
        EndReason.WORK,
        {"in_work": True, "work_hours_per_week": 37.5, "work_percent": 100, "work_permanent": True},
    ),
    (EndReason.WORK_WITH_SUBSIDY, {"in_work": True, "work_hours_per_week": 22.5}),
    (EndReason.TREATMENT, {"sick_leave_or_treatment": True, "aap": True}),
    (EndReason.DROPPED_OUT, {"job_seeker": True, "dismissed": True}),
    (EndReason.EDUCATION, {"education": True}),
]


@dataclass(frozen=True)
class Flow:
    month: datetime.date  # its first day
    office: str
    entered: int
    left: int


@dataclass(frozen=True)
class PublishedTarget:
    """One row of Tabell 1 as published; ``offices`` are the offices it covers."""

    county: str
    name: str
    offices: tuple[str, ...]
    year: int
    expected_at_year_end: int | None
    expected_average: int | None
    achieved_average: int | None


def _month(text: str) -> datetime.date:
    year, month = text.split("-")
    return datetime.date(int(year), int(month), 1)


def _int_or_none(text: str) -> int | None:
    return int(text) if text.strip() else None


def read_flows(directory: Path = REFERENCE_DIR) -> list[Flow]:
    with (directory / "monthly_flows.csv").open(encoding="utf-8") as file:
        return [
            Flow(_month(row["month"]), row["office"], int(row["entered"]), int(row["left"]))
            for row in csv.DictReader(file)
        ]


def read_stock(directory: Path = REFERENCE_DIR) -> dict[tuple[str, datetime.date], int]:
    """Tabell 4.2: participants at each month's end, by (office, month)."""
    with (directory / "monthly_stock.csv").open(encoding="utf-8") as file:
        return {
            (row["office"], _month(row["month"])): int(row["participants_at_month_end"])
            for row in csv.DictReader(file)
        }


def read_maaltall(directory: Path = REFERENCE_DIR) -> list[PublishedTarget]:
    """Tabell 1. The file is not quoted and the Bergen row's name holds commas, so the name is
    everything between the county (first) and the four figures (last)."""
    with (directory / "maaltall.csv").open(encoding="utf-8") as file:
        rows = list(csv.reader(file))
    assert rows[0] == [
        "county",
        "office",
        "year",
        "expected_at_year_end",
        "expected_average",
        "achieved_average",
    ], rows[0]
    found = []
    for row in rows[1:]:
        if not row:
            continue
        name = ",".join(row[1:-4])
        year, at_year_end, average, achieved = row[-4:]
        found.append(
            PublishedTarget(
                county=row[0],
                name=name,
                offices=MAALTALL_OFFICE_NAMES[name],
                year=int(year),
                expected_at_year_end=_int_or_none(at_year_end),
                expected_average=_int_or_none(average),
                achieved_average=_int_or_none(achieved),
            )
        )
    return found


@dataclass
class ReferenceData:
    programme: Programme
    offices: dict[str, Office]
    specialists: dict[str, User]
    directorate: User
    cases_created: int = 0
    targets_set: int = 0


def _organisation() -> ReferenceData:
    """The offices, a team and a specialist at each, and a directorate user for the måltall."""
    offices: dict[str, Office] = {}
    specialists: dict[str, User] = {}
    for name, (county_number, username) in OFFICES.items():
        office, _ = Office.objects.get_or_create(
            name=name, defaults={"county": County.objects.get(number=county_number)}
        )
        team, _ = Team.objects.get_or_create(office=office, name=TEAM_NAME)
        specialist, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": "Jobbrådgiver",
                "last_name": name,
                "role": Role.SPECIALIST,
                "office": office,
            },
        )
        if created:
            specialist.set_unusable_password()
            specialist.save(update_fields=["password"])
        specialist.teams.add(team)
        offices[name], specialists[name] = office, specialist
    directorate, created = User.objects.get_or_create(
        username=DIRECTORATE_USERNAME,
        defaults={"first_name": "Direktoratet", "last_name": "AAP", "role": Role.DIRECTORATE},
    )
    if created:
        directorate.set_unusable_password()
        directorate.save(update_fields=["password"])
    return ReferenceData(
        programme=Programme.objects.get(code=PROGRAMME_CODE),
        offices=offices,
        specialists=specialists,
        directorate=directorate,
    )


def _days(month: datetime.date) -> int:
    return calendar.monthrange(month.year, month.month)[1]


def _register(specialist: User, rng: random.Random, on: datetime.date) -> Participant:
    # Ages 21 to 63 at entry, as in the trial (000 L1064-1066); a little more men than women.
    age = rng.randint(21, 63)
    born = datetime.date(on.year - age, rng.randint(1, 12), rng.randint(1, 28))
    female = rng.random() < 0.44
    while True:
        try:
            return participant_register(
                actor=specialist,
                fnr=parse_fnr(synthetic_fnr(born, rng, female=female)),
                first_name="Deltaker",
                last_name=f"AAP {rng.randrange(10**6):06d}",
                birth_date=born,
                gender=Gender.FEMALE if female else Gender.MALE,
                benefit=Benefit.AAP,
                reduced_work_capacity=True,
                employed_at_start=False,
            )
        except AlreadyRegistered:
            continue  # the same synthetic number drawn twice: draw another


def _start(specialist: User, programme: Programme, rng: random.Random, on: datetime.date) -> Case:
    """A participant since ``on``: registered, referred two weeks before, intake a week before."""
    participant = _register(specialist, rng, on)
    case, _reopened = cases.case_refer(
        actor=specialist,
        participant=participant,
        programme=programme,
        referral_date=on - datetime.timedelta(days=14),
    )
    intake = on - datetime.timedelta(days=7)
    case = cases.case_start_intake(case=case, actor=specialist, on=intake)
    return cases.case_activate(case=case, actor=specialist, on=on, intake_talk_date=intake)


def _load_cases(data: ReferenceData, flows: list[Flow], seed: int) -> int:
    rng = random.Random(seed)  # noqa: S311 - synthetic test data, not secrets
    in_programme: dict[str, deque[Case]] = {name: deque() for name in data.offices}
    created = 0
    discharged = 0
    for flow in sorted(flows, key=lambda f: (f.month, f.office)):
        specialist = data.specialists[flow.office]
        days = _days(flow.month)
        for k in range(flow.entered):
            on = flow.month.replace(day=1 + k * days // flow.entered)
            in_programme[flow.office].append(_start(specialist, data.programme, rng, on))
            created += 1
        for k in range(flow.left):
            case = in_programme[flow.office].popleft()
            assert case.participant_since is not None
            # From the last day of the month backwards; never before the case became active.
            on = max(flow.month.replace(day=days - k * days // flow.left), case.participant_since)
            reason, status = DISCHARGES[discharged % len(DISCHARGES)]
            cases.case_discharge(
                case=case, actor=specialist, on=on, reason=reason, status=dict(status)
            )
            discharged += 1
    return created


def _load_targets(data: ReferenceData, published: list[PublishedTarget]) -> int:
    count = 0
    for row in published:
        if row.expected_average is None or row.expected_at_year_end is None:
            continue  # the combined Østfold row: an achieved figure, not a target
        (office_name,) = row.offices
        target_set(
            office=data.offices[office_name],
            year=row.year,
            programme=data.programme,
            expected_at_year_end=row.expected_at_year_end,
            expected_average=row.expected_average,
            actor=data.directorate,
        )
        count += 1
    return count


def load_reference_data(directory: Path = REFERENCE_DIR, *, seed: int = 2013) -> ReferenceData:
    """Offices, specialists, cases from the flows, and the måltall as Targets. Idempotent: the
    cases are made only if none of the reference offices has a case in the programme yet.

    Side effects: offices, teams and users; participants, cases and all that the case services
    write (events, stage rows, checkpoints); one Target per office and year of Tabell 1.
    """
    if not settings.JOBBSPOR_ALLOW_SYNTHETIC_FNR:
        raise RuntimeError(
            "The reference data is made with synthetic fødselsnumre, which these settings refuse "
            "(JOBBSPOR_ALLOW_SYNTHETIC_FNR is off, as it always is in production)."
        )
    flows = read_flows(directory)
    published = read_maaltall(directory)
    with transaction.atomic():
        data = _organisation()
        if not Case.objects.filter(
            programme=data.programme, office__in=data.offices.values()
        ).exists():
            data.cases_created = _load_cases(data, flows, seed)
        data.targets_set = _load_targets(data, published)
    return data
