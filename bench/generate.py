"""Synthetic national-scale data for the performance benchmarks, loaded with COPY.

    .venv/bin/python -m bench.generate --scale 0.01 --seed 2026 [--database-url URL] [--as-of D]

At ``--scale 1``: 250 offices in the 15 counties, 2,500 specialists (plus a team lead per team
and a head per office), 50,000 open and 250,000 closed cases, about 5 million contacts and about
1 million checkpoints (DOMAIN.md). Everything is drawn from ``--seed`` (and the ``--as-of`` date,
today by default): the same arguments give the same rows. Numbers are synthetic only
(``synthetic_fnr``, month + 80), encrypted and hashed with the application's own functions.

The rows bypass the services (that is the point: speed) but satisfy the database's constraints
and the invariants the pages rely on: every case has its "created" event and a stage-1 stage event
on the referral date, the status milestones (candidate_since, participant_since, end_date) match
the status and its events, contacts carry the stage in force on their date, and post-discharge
checkpoints hang off the discharge event. A discharged case has its status at discharge (a third
in paid work, as in report 000) and a status for each follow-up checkpoint that is done, linked
to it, so the outcome measures have something to count. About 60 employers per office (synthetic
organisation numbers in the 3xx range), a placement for each spell a case spent at work (stage 4
or 5) with one of its office's employers, a workplace mentor for most of them, and an intention
agreement for about three in four (versions and the parties' approvals as the services leave
them: in force only once all three have approved, ended with an outcome). A contact with an
employer names the firm: the placement's while one runs, else one of the office's.

Each table is one COPY, in dependency order (the agreements' three tables are written in one
pass, a COPY each on a connection each). Per-case data are drawn from a random generator
seeded by (seed, case number), so each table is a fresh pass over the cases and memory stays
bounded whatever the scale. The target tables must be empty (a freshly migrated database).
"""

from __future__ import annotations

import argparse
import bisect
import datetime
import functools
import json
import os
import random
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
# --database-url is the settings' DATABASE_URL, so that the ORM (read only here) and COPY agree.
for _i, _arg in enumerate(sys.argv):
    if _arg == "--database-url" and _i + 1 < len(sys.argv):
        os.environ["DATABASE_URL"] = sys.argv[_i + 1]
    elif _arg.startswith("--database-url="):
        os.environ["DATABASE_URL"] = _arg.split("=", 1)[1]

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
from dateutil.relativedelta import relativedelta  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import models  # noqa: E402
from django.utils import timezone  # noqa: E402
from psycopg import sql  # noqa: E402

from apps.agreements.models import Agreement, AgreementVersion, Approval  # noqa: E402
from apps.agreements.services import VERSION_FIELDS  # noqa: E402
from apps.cases.models import Case, CaseEvent, CaseStageEvent, OutcomeStatus  # noqa: E402
from apps.contacts.models import Contact  # noqa: E402

# The demo's agreement texts (apps/employers/demo.py), so the two read alike.
from apps.employers.demo import (  # noqa: E402
    ENDED_EARLY,
    FOLLOW_UP,
    HIRING_CONDITIONS,
    NO_OFFER,
    NORWEGIAN_TUITION,
    TRAINING_PLANS,
    demo_orgnr,
)
from apps.employers.models import Employer  # noqa: E402
from apps.followups.models import Checkpoint  # noqa: E402
from apps.mentors.models import MentorAssignment  # noqa: E402
from apps.organisation.models import County, Office, Team, User  # noqa: E402
from apps.participants import crypto  # noqa: E402
from apps.participants.fnr import synthetic_fnr  # noqa: E402
from apps.participants.models import Participant  # noqa: E402
from apps.placements.models import Placement  # noqa: E402
from apps.programmes.models import ProgrammeRules  # noqa: E402

NATIONAL = {
    "offices": 250,
    "specialists": 2_500,
    "open_cases": 50_000,
    "closed_cases": 250_000,
    "contacts": 5_000_000,
}
TEAM_SIZE = 15
# When the rows this writes change, bump bench/data.py's GENERATOR_VERSION: make bench then
# makes its saved database anew.
PASSWORD = "jobbspor-bench"  # noqa: S105 - synthetic staff only
UTC = datetime.UTC

FIRST_NAMES_F = [
    "Anne",
    "Inger",
    "Kari",
    "Marit",
    "Ingrid",
    "Liv",
    "Eva",
    "Nora",
    "Emma",
    "Sara",
    "Ida",
    "Maja",
    "Hanne",
    "Silje",
    "Aisha",
    "Fatima",
    "Olga",
    "Lena",
]
FIRST_NAMES_M = [
    "Jan",
    "Per",
    "Bjørn",
    "Ole",
    "Lars",
    "Kjell",
    "Knut",
    "Arne",
    "Jonas",
    "Emil",
    "Noah",
    "Magnus",
    "Ali",
    "Mohammed",
    "Piotr",
    "Tor",
    "Even",
    "Sindre",
]
LAST_NAMES = [
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Kristiansen",
    "Jensen",
    "Karlsen",
    "Johnsen",
    "Pettersen",
    "Eriksen",
    "Berg",
    "Haugen",
    "Hagen",
    "Johannessen",
    "Andreassen",
    "Jacobsen",
    "Dahl",
    "Jørgensen",
    "Halvorsen",
    "Henriksen",
    "Lund",
    "Sørensen",
    "Jakobsen",
    "Moen",
    "Gundersen",
    "Iversen",
    "Strand",
    "Solberg",
    "Ahmed",
    "Nowak",
    "Ali",
]
PLACES = [
    "Bakken",
    "Haugen",
    "Vika",
    "Sentrum",
    "Nord",
    "Sør",
    "Øst",
    "Vest",
    "Fjord",
    "Dal",
    "Strand",
    "Bryn",
    "Berg",
    "Moen",
    "Lia",
]
CITIES = [
    "Oslo",
    "Bergen",
    "Trondheim",
    "Stavanger",
    "Tromsø",
    "Bodø",
    "Ålesund",
    "Drammen",
    "Lillehammer",
    "Molde",
    "Skien",
    "Hamar",
    "Arendal",
    "Kristiansand",
    "Fredrikstad",
]

# Programme codes (migrations) and their share of cases.
PROGRAMME_WEIGHTS = {
    "aap-lonnstilskudd": 10,
    "kvp-place-then-train": 8,
    "utvidet-oppfolging": 20,
    "oppfolging": 35,
    "supported-employment-forsok": 12,
    "ips": 15,
}
OPEN_MIX = [("referred", 10), ("intake", 15), ("active", 70), ("paused", 5)]
# Ended cases: rejected and withdrawn never became active; the rest were discharged, and are
# "closed" once the last (12-month) follow-up is past.
ENDED_MIX = [("rejected", 15), ("withdrawn", 15), ("discharged", 70)]
# A third leave for paid work (report 000: 40 of 121 discharged were in work at discharge).
END_REASONS = [
    ("work", 21),
    ("work_with_subsidy", 12),
    ("education", 10),
    ("other_measure", 21),
    ("treatment", 8),
    ("disability", 5),
    ("moved", 5),
    ("dropped_out", 12),
    ("other", 6),
]
# Discharged into paid work (wage subsidy counts, DOMAIN.md); the status at discharge follows it.
WORK_REASONS = frozenset({"work", "work_with_subsidy"})
# Employers: about 60 per office, the firms its specialists work with.
EMPLOYERS_PER_OFFICE = 60
INDUSTRIES = [
    "Varehandel",
    "Bygg og anlegg",
    "Helse og omsorg",
    "Overnatting og servering",
    "Transport og lager",
    "Industri",
    "Kontor og administrasjon",
    "Renhold",
]
FIRM_WORDS = ["Service", "Drift", "Handel", "Bygg", "Mat", "Transport", "Omsorg", "Eiendom"]
# A placement starts when the case enters stage 4 (the participant is at work) and ends when the
# case goes back to job finding or ends; most, but not all, get a workplace mentor (DOMAIN.md).
PLACEMENT_KINDS = [
    ("paid", 25),
    ("paid_subsidised", 25),
    ("practice", 35),
    ("sheltered", 5),
    ("taster", 5),
    ("other", 5),
]
MENTOR_SHARE = 0.85
PLACEMENT_TASKS = "Arbeidsoppgaver avtalt med arbeidsgiver."
# Intention agreements (DOMAIN.md): an agreement about a placement "with the intent to hire when
# it ends". Nearly every work practice in an ordinary firm has one (that is what it is for; the
# demo gives every practice one), and most wage-subsidised jobs (the subsidy period is the trial
# before the hire); some sheltered and other placements, half of the unsubsidised paid jobs (a
# trial period with a mentor; the other half were hired outright), never a job taster (a week).
# With PLACEMENT_KINDS that is about 75 % of placements, and of those with a mentor.
AGREEMENT_SHARE = {
    "practice": 0.95,
    "paid_subsidised": 0.9,
    "sheltered": 0.7,
    "other": 0.6,
    "paid": 0.5,
    "taster": 0.0,
}
# The default term (DOMAIN.md) where the placement has no planned end of its own.
AGREEMENT_TERM_MONTHS = 3
# Drafts whose NAV approval was withdrawn (the employer asked for a change) before all signed.
APPROVAL_WITHDRAWN_SHARE = 0.05
# Agreements in force for a month or more that were changed with a new version (more hours);
# extensions are not generated: they need a workplace evaluation first, which is not generated.
NEW_VERSION_SHARE = 0.1
# A term reached in practice (not paid work): the outcomes, for those not discharged into work.
TERM_OUTCOMES = [
    ("no_offer", 50),
    ("hired_temporary", 20),
    ("hired_subsidised", 18),
    ("hired_permanent", 7),
    ("hired_elsewhere", 5),
]
PARTIES = ("nav", "employer", "participant")
# An approval as agreements_of() draws it: party, day, approved at, withdrawn at.
ApprovalDraw = tuple[str, datetime.date, datetime.datetime, datetime.datetime | None]
# (channel, weight, face to face)
CHANNELS = [
    ("meeting", 40, True),
    ("phone", 25, False),
    ("sms", 12, False),
    ("email", 8, False),
    ("video", 5, False),
    ("workplace_visit", 10, True),
]
# Contacts per month of an open spell: about 4-5 early, fewer later (DOMAIN.md norms).
CONTACTS_PER_MONTH = 2.0
CASELESS_SHARE = 0.03


def pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    total = sum(w for _, w in weighted)
    r = rng.random() * total
    for value, weight in weighted:
        r -= weight
        if r < 0:
            return value
    return weighted[-1][0]


def columns(model: type[models.Model], names: list[str]) -> list[str]:
    return [model._meta.get_field(name).column for name in names]


def aware(day: datetime.date, rng: random.Random) -> datetime.datetime:
    return datetime.datetime(
        day.year, day.month, day.day, rng.randint(7, 16), rng.randrange(60), tzinfo=UTC
    )


@dataclass
class Org:
    offices: list[tuple[int, int]]  # (office id, county id)
    teams: list[tuple[int, int]]  # (team id, office id)
    specialists: list[tuple[int, int, int]]  # (user id, office id, team id)


@dataclass
class Plan:
    """One case as drawn from its own generator: enough to write every table's rows."""

    index: int
    participant: int
    owner: int
    office: int
    team: int
    rules: ProgrammeRules
    status: str
    referral: datetime.date
    candidate_since: datetime.date | None = None
    participant_since: datetime.date | None = None
    end_date: datetime.date | None = None
    end_reason: str = ""
    closing_note: str = ""
    paused_on: datetime.date | None = None
    closed_on: datetime.date | None = None
    events: list[tuple] = field(default_factory=list)  # (kind, from, to, on, reason)
    stages: list[tuple[int, int | None, datetime.date, str]] = field(default_factory=list)
    discharge_event: int | None = None  # index into events


class Generator:
    def __init__(self, *, scale: float, seed: int, as_of: datetime.date, conninfo: str) -> None:
        self.scale = scale
        self.seed = seed
        self.as_of = as_of
        self.conninfo = conninfo
        self.conn = psycopg.connect(conninfo)
        self.n_offices = max(15, round(NATIONAL["offices"] * scale))
        self.n_specialists = max(2 * self.n_offices, round(NATIONAL["specialists"] * scale))
        self.n_open = round(NATIONAL["open_cases"] * scale)
        self.n_closed = round(NATIONAL["closed_cases"] * scale)
        self.n_cases = self.n_open + self.n_closed
        # Most people have one case; some came back for a second spell.
        self.n_participants = self.n_open + round(self.n_closed * 0.88)
        self.counts: dict[str, int] = {}
        self.timings: dict[str, float] = {}
        self.rules = {
            r.programme.code: r for r in ProgrammeRules.objects.select_related("programme")
        }
        self.programme_weights = [
            (code, w) for code, w in PROGRAMME_WEIGHTS.items() if code in self.rules
        ] or [(code, 1) for code in self.rules]

    # --- plumbing -----------------------------------------------------------------------------

    def rng(self, kind: str, index: int) -> random.Random:
        return random.Random(f"{self.seed}:{kind}:{index}")

    def copy(self, model: type[models.Model] | str, names: list[str], rows: Iterator[tuple]):
        if isinstance(model, str):
            table, cols = model, names
        else:
            table, cols = model._meta.db_table, columns(model, names)
        start = time.perf_counter()
        n = 0
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, cols))
        )
        with self.conn.cursor() as cur, cur.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
        self.conn.commit()
        seconds = time.perf_counter() - start
        self.counts[table] = n
        self.timings[table] = seconds
        print(f"{table:32} {n:>10,} rows {seconds:8.1f} s", flush=True)

    def copy_together(
        self, targets: list[tuple[type[models.Model], list[str]]], rows: Iterator[tuple[int, tuple]]
    ) -> None:
        """Several tables from one pass over the cases: ``rows`` yields (index into ``targets``,
        row). A connection carries one COPY at a time, so each table has its own; they commit in
        the order given, and the foreign keys (deferred to the commit) of each find the rows of
        the ones before it."""
        start = time.perf_counter()
        conns = [self.conn] + [psycopg.connect(self.conninfo) for _ in targets[1:]]
        counts = [0] * len(targets)
        try:
            with ExitStack() as stack:
                copies = []
                for conn, (model, names) in zip(conns, targets, strict=True):
                    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
                        sql.Identifier(model._meta.db_table),
                        sql.SQL(", ").join(map(sql.Identifier, columns(model, names))),
                    )
                    cur = stack.enter_context(conn.cursor())
                    copies.append(stack.enter_context(cur.copy(statement)))
                for i, row in rows:
                    copies[i].write_row(row)
                    counts[i] += 1
            for conn in conns:
                conn.commit()
        finally:
            for conn in conns[1:]:
                conn.close()
        seconds = time.perf_counter() - start
        for i, ((model, _names), n) in enumerate(zip(targets, counts, strict=True)):
            table = model._meta.db_table
            self.counts[table] = n
            self.timings[table] = seconds if i == 0 else 0.0
            took = f"{seconds:8.1f} s" if i == 0 else "  (the same pass)"
            print(f"{table:32} {n:>10,} rows {took}", flush=True)

    def check_empty(self) -> None:
        for model in (Office, Participant, Case, Contact, Checkpoint, Agreement):
            with self.conn.cursor() as cur:
                cur.execute(
                    sql.SQL("SELECT EXISTS (SELECT 1 FROM {})").format(
                        sql.Identifier(model._meta.db_table)
                    )
                )
                if cur.fetchone()[0]:
                    sys.exit(
                        f"{model._meta.db_table} is not empty: generate into a fresh database."
                    )

    def reset_sequences(self) -> None:
        tables = [m._meta.db_table for m in (Office, Team, User, Participant, Case)]
        tables += [
            m._meta.db_table
            for m in (
                CaseEvent,
                CaseStageEvent,
                Contact,
                Employer,
                Placement,
                MentorAssignment,
                Agreement,
                AgreementVersion,
                Approval,
                OutcomeStatus,
                Checkpoint,
            )
        ]
        tables.append(User.teams.through._meta.db_table)
        with self.conn.cursor() as cur:
            for table in tables:
                cur.execute(
                    sql.SQL(
                        "SELECT setval(pg_get_serial_sequence({t}, 'id'),"
                        " COALESCE((SELECT MAX(id) FROM {i}), 0) + 1, false)"
                    ).format(t=sql.Literal(table), i=sql.Identifier(table))
                )
        self.conn.commit()
        # VACUUM as well as ANALYZE: a live database's autovacuum keeps the visibility map set,
        # which index-only scans depend on; freshly COPYed tables have none of it.
        self.conn.autocommit = True
        with self.conn.cursor() as cur:
            for table in tables:
                cur.execute(sql.SQL("VACUUM (ANALYZE) {}").format(sql.Identifier(table)))
        self.conn.autocommit = False

    # --- organisation -------------------------------------------------------------------------

    def organisation(self) -> Org:
        rng = self.rng("org", 0)
        counties = list(County.objects.order_by("number").values_list("id", flat=True))
        offices, teams, specialists, staff = [], [], [], []
        # Office sizes vary (a few big city offices, many small ones).
        weights = [rng.lognormvariate(0, 0.6) for _ in range(self.n_offices)]
        total = sum(weights)
        sizes = [max(2, round(self.n_specialists * w / total)) for w in weights]
        for i in range(self.n_offices):
            offices.append((i + 1, counties[i % len(counties)]))
        password = make_password(PASSWORD)
        team_id = 0
        user_id = 0
        for (office_id, _county), size in zip(offices, sizes, strict=True):
            # Teams of up to 15 specialists, filled in order (a big office has several full teams).
            n_teams = -(-size // TEAM_SIZE)
            office_teams = []
            for _t in range(n_teams):
                team_id += 1
                teams.append((team_id, office_id))
                office_teams.append(team_id)
            user_id += 1
            staff.append((user_id, "office_head", office_id, None))
            for t in office_teams:
                user_id += 1
                staff.append((user_id, "team_lead", office_id, t))
            for s in range(size):
                user_id += 1
                t = office_teams[s // TEAM_SIZE]
                staff.append((user_id, "specialist", office_id, t))
                specialists.append((user_id, office_id, t))

        def office_rows():
            for office_id, county_id in offices:
                yield (
                    office_id,
                    county_id,
                    f"NAV {rng.choice(PLACES)} {office_id:03d}",
                    f"{1000 + office_id:04d}",
                )

        self.copy(Office, ["id", "county", "name", "unit_number"], office_rows())
        self.copy(
            Team,
            ["id", "office", "name"],
            ((tid, oid, f"Team {tid}") for tid, oid in teams),
        )

        def user_rows():
            joined = datetime.datetime(2015, 1, 1, tzinfo=UTC)
            for uid, role, office_id, _team in staff:
                female = rng.random() < 0.6
                first = rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
                last = rng.choice(LAST_NAMES)
                username = f"{role.replace('_', '')}{uid:05d}"
                yield (
                    uid,
                    password,
                    None,
                    False,
                    username,
                    first,
                    last,
                    f"{username}@bench.invalid",
                    False,
                    True,
                    joined,
                    role,
                    office_id,
                    None,
                    rng.random() < 0.05,
                )

        self.copy(
            User,
            [
                "id",
                "password",
                "last_login",
                "is_superuser",
                "username",
                "first_name",
                "last_name",
                "email",
                "is_staff",
                "is_active",
                "date_joined",
                "role",
                "office",
                "county",
                "may_see_skjermet",
            ],
            user_rows(),
        )
        through = User.teams.through
        self.copy(
            through,
            ["id", "user", "team"],
            (
                (n, uid, t)
                for n, (uid, _r, _o, t) in enumerate(
                    [s for s in staff if s[3] is not None], start=1
                )
            ),
        )
        return Org(offices=offices, teams=teams, specialists=specialists)

    # --- cases --------------------------------------------------------------------------------

    def owner_of(self, index: int) -> tuple[int, int, int]:
        return self.rng("owner", index).choice(self.org.specialists)

    def participant_of(self, index: int) -> int:
        """Participant number (0-based) of case ``index``: one each, some with a second spell."""
        if index < self.n_participants:
            return index
        return self.rng("again", index).randrange(self.n_open, self.n_participants)

    def birth_date(self, participant: int) -> datetime.date:
        rng = self.rng("birth", participant)
        age_days = int(rng.triangular(19, 64, 30) * 365.25)
        return self.as_of - datetime.timedelta(days=age_days)

    def plan(self, index: int) -> Plan:
        rng = self.rng("case", index)
        owner, office, team = self.owner_of(index)
        rules = self.rules[pick(rng, self.programme_weights)]
        as_of = self.as_of
        day = datetime.timedelta(days=1)
        if index < self.n_open:
            status = pick(rng, OPEN_MIX)
            if status == "paused" and not rules.allows_pause:
                status = "active"
            ago = {
                "referred": rng.randint(0, 20),
                "intake": rng.randint(10, 60),
            }.get(status) or int(rng.triangular(40, 730, 120))
        else:
            status = pick(rng, ENDED_MIX)
            ago = rng.randint(60, 8 * 365)
        referral = as_of - ago * day
        p = Plan(index, self.participant_of(index), owner, office, team, rules, status, referral)
        p.events.append(("created", "", "referred", referral, ""))
        p.stages.append((1, None, referral, ""))
        if status == "referred":
            return p
        limit = as_of if index < self.n_open else min(as_of, referral + 700 * day)
        p.candidate_since = min(limit, referral + rng.randint(2, 14) * day)
        if status in ("rejected", "withdrawn") and rng.random() < 0.5:
            p.end_date = min(as_of, referral + rng.randint(1, 10) * day)
            p.candidate_since = None
            p.closing_note = "Ikke i målgruppen." if status == "rejected" else "Møtte ikke."
            p.events.append(("status", "referred", status, p.end_date, p.closing_note))
            return p
        p.events.append(("status", "referred", "intake", p.candidate_since, ""))
        if status == "intake":
            return p
        if status in ("rejected", "withdrawn"):
            p.end_date = min(as_of, p.candidate_since + rng.randint(3, 30) * day)
            p.closing_note = "Ikke i målgruppen." if status == "rejected" else "Flyttet."
            p.events.append(("status", "intake", status, p.end_date, p.closing_note))
            return p
        p.participant_since = min(as_of, p.candidate_since + rng.randint(7, 35) * day)
        p.events.append(("status", "intake", "active", p.participant_since, ""))
        # Stages 2-5, mostly forwards, now and then back to job finding (a lost job).
        if status in ("active", "paused"):
            horizon = as_of
        else:
            horizon = min(
                as_of - day, p.participant_since + int(rng.triangular(60, 700, 270)) * day
            )
        stage, on = 1, p.participant_since
        while True:
            on = on + int(rng.expovariate(1 / 75) + 10) * day
            if on >= horizon:
                break
            if stage >= 4 and rng.random() < 0.2:
                new = 3
            elif stage < 5:
                new = stage + 1
            else:
                break
            reason = "Mistet jobben." if new < stage else ""
            p.stages.append((new, stage, on, reason))
            stage = new
        if status == "paused":
            p.paused_on = max(p.stages[-1][2], as_of - rng.randint(1, 40) * day)
            p.events.append(("status", "active", "paused", p.paused_on, ""))
            return p
        if status == "active":
            return p
        p.end_date = max(horizon, p.stages[-1][2])
        p.end_reason = pick(rng, END_REASONS)
        p.discharge_event = len(p.events)
        p.events.append(("status", "active", "discharged", p.end_date, ""))
        last_checkpoint = p.end_date + relativedelta(months=max(rules.checkpoint_months or [0]))
        if last_checkpoint + 14 * day <= as_of:
            p.status = "closed"
            p.closed_on = last_checkpoint + rng.randint(0, 14) * day
            p.events.append(("status", "discharged", "closed", p.closed_on, ""))
        return p

    def plans(self) -> Iterator[Plan]:
        for index in range(self.n_cases):
            yield self.plan(index)

    def participants(self) -> None:
        def rows():
            for pid in range(self.n_participants):
                rng = self.rng("participant", pid)
                birth = self.birth_date(pid)
                female = rng.random() < 0.5
                fnr = synthetic_fnr(birth, rng, female=female)
                # The number must be unique: draw again on the rare collision.
                while fnr in seen:
                    fnr = synthetic_fnr(birth, rng, female=female)
                seen.add(fnr)
                first = rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
                benefit = pick(
                    rng,
                    [
                        ("aap", 45),
                        ("sosialhjelp", 12),
                        ("dagpenger", 8),
                        ("uforetrygd", 10),
                        ("kvalifiseringsstonad", 8),
                        ("introduksjonsstonad", 5),
                        ("sykepenger", 4),
                        ("none", 8),
                    ],
                )
                immigrant = rng.random() < 0.25
                r = rng.random()
                protection = (
                    "strengt_fortrolig" if r < 0.001 else "fortrolig" if r < 0.006 else "none"
                )
                challenges = rng.sample(
                    [
                        "mental_health",
                        "physical_health",
                        "social",
                        "cv_gaps",
                        "language",
                        "substance_use",
                        "other",
                    ],
                    rng.randint(0, 3),
                )
                office = self.owner_of(pid)[1]
                yield (
                    pid + 1,
                    crypto.encrypt(fnr),
                    crypto.lookup_hash(fnr),
                    False,
                    first,
                    rng.choice(LAST_NAMES),
                    birth,
                    "female" if female else "male",
                    protection,
                    rng.random() < 0.005,
                    f"4{rng.randrange(10_000_000):07d}",
                    "",
                    f"{rng.choice(PLACES)}veien {rng.randint(1, 120)}",
                    f"{rng.randint(1, 9899):04d}",
                    rng.choice(CITIES),
                    "outside_eu_eea" if immigrant else "norway",
                    immigrant,
                    "some" if immigrant else "not_relevant",
                    pick(
                        rng,
                        [
                            ("compulsory", 30),
                            ("upper_secondary_incomplete", 25),
                            ("upper_secondary", 25),
                            ("higher_short", 12),
                            ("higher_long", 4),
                            ("unknown", 4),
                        ],
                    ),
                    benefit,
                    rng.choice([50, 60, 100]) if benefit == "uforetrygd" else None,
                    rng.choice(["mental", "musculoskeletal", "other"]) if benefit == "aap" else "",
                    rng.choice(["situasjonsbestemt", "spesielt_tilpasset", "varig_tilpasset"]),
                    rng.random() < 0.6,
                    rng.random() < 0.1,
                    rng.randint(0, 24),
                    rng.choice(["under_1", "1_5", "over_5", "never"]),
                    json.dumps(challenges),
                    "[]",
                    None,
                    office,
                    self.as_of_ts,
                )

        seen: set[str] = set()
        self.copy(
            Participant,
            [
                "id",
                "fnr_ciphertext",
                "fnr_hash",
                "is_d_number",
                "first_name",
                "last_name",
                "birth_date",
                "gender",
                "protection",
                "skjermet",
                "phone",
                "email",
                "street_address",
                "postal_code",
                "city",
                "birth_country_group",
                "immigrant_background",
                "norwegian_level",
                "education",
                "benefit",
                "disability_grade",
                "aap_diagnosis_group",
                "innsatsgruppe",
                "reduced_work_capacity",
                "employed_at_start",
                "months_employed_last_24",
                "years_since_last_job",
                "main_challenges",
                "support_network",
                "anonymised_at",
                "registered_by_office",
                "created_at",
            ],
            rows(),
        )

    def cases(self) -> None:
        def rows():
            for p in self.plans():
                birth = self.birth_date(p.participant)
                yield (
                    p.index + 1,
                    p.participant + 1,
                    p.rules.programme_id,
                    p.rules.pk,
                    p.office,
                    p.team,
                    p.owner,
                    None,
                    p.status,
                    p.referral,
                    relativedelta(p.referral, birth).years,
                    "Veileder NAV",
                    "",
                    "",
                    "",
                    p.candidate_since,
                    p.participant_since and p.candidate_since,
                    p.candidate_since,
                    p.participant_since,
                    p.end_date,
                    p.end_reason,
                    p.closing_note,
                    aware(p.referral, self.rng("t", p.index)),
                )

        self.copy(
            Case,
            [
                "id",
                "participant",
                "programme",
                "rules",
                "office",
                "team",
                "owner",
                "co_owner",
                "status",
                "referral_date",
                "age_at_referral",
                "referring_adviser",
                "order_background",
                "order_tried",
                "order_goal",
                "intake_talk_date",
                "three_way_meeting_date",
                "candidate_since",
                "participant_since",
                "end_date",
                "end_reason",
                "closing_note",
                "created_at",
            ],
            rows(),
        )

    def case_events(self) -> None:
        def rows():
            event_id = 0
            for p in self.plans():
                for kind, from_status, to_status, on, reason in p.events:
                    event_id += 1
                    data = "{}"
                    if to_status == "discharged":
                        reason = p.end_reason
                    yield (
                        event_id,
                        p.index + 1,
                        kind,
                        from_status,
                        to_status,
                        on,
                        p.owner,
                        reason,
                        data,
                        datetime.datetime.combine(on, datetime.time(12), UTC),
                    )

        self.copy(
            CaseEvent,
            [
                "id",
                "case",
                "kind",
                "from_status",
                "to_status",
                "occurred_on",
                "actor",
                "reason",
                "data",
                "created_at",
            ],
            rows(),
        )

    def stage_events(self) -> None:
        def rows():
            n = 0
            for p in self.plans():
                for stage, from_stage, on, reason in p.stages:
                    n += 1
                    yield (
                        n,
                        p.index + 1,
                        stage,
                        from_stage,
                        on,
                        p.owner,
                        reason,
                        datetime.datetime.combine(on, datetime.time(12), UTC),
                    )

        self.copy(
            CaseStageEvent,
            ["id", "case", "stage", "from_stage", "entered_on", "actor", "reason", "created_at"],
            rows(),
        )

    def contacts(self) -> None:
        as_of = self.as_of
        channels = [(c, w) for c, w, _f in CHANNELS]
        face = {c for c, _w, f in CHANNELS if f}

        def contact(rng, n, case_id, author, office, occurred, stage, firm=None):
            channel = pick(rng, channels)
            if channel == "workplace_visit":
                place, activity = "workplace", "workplace"
            elif channel in face:
                place = pick(
                    rng,
                    [
                        ("nav_office", 50),
                        ("outdoors", 25),
                        ("home", 10),
                        ("workplace", 10),
                        ("other", 5),
                    ],
                )
                activity = "individual"
            else:
                place, activity = "none", "individual"
            employer = (stage or 0) >= 3 and rng.random() < 0.35
            participant = not employer or rng.random() < 0.3
            firm_id = None
            if employer:
                activity = "employer" if channel != "workplace_visit" else activity
                firm_id = firm(occurred.date())
            return (
                n,
                case_id,
                firm_id,
                None,
                author,
                office,
                occurred,
                channel,
                place,
                participant,
                employer,
                rng.random() < 0.03,
                rng.random() < 0.05,
                rng.random() < 0.02,
                False,
                pick(rng, [("specialist", 70), ("participant", 20), ("employer", 7), ("other", 3)]),
                rng.choice((10, 15, 15, 20, 30, 30, 45, 60, 60, 90)),
                stage,
                activity,
                "",
                occurred,
                None,
            )

        def firm_of(p: Plan) -> Callable[[datetime.date], int]:
            """Who a contact with an employer on the case was with, by its date: the employer of
            the placement running then, else (job finding) one of the office's firms, drawn from
            a generator of the case's own so that the other columns stay as they were. Worked
            out at the case's first employer contact: half the cases have none."""

            @functools.cache
            def known() -> tuple[list[tuple], random.Random]:
                running = [
                    (pl["start_on"], pl["ended_on"], pl["employer"]) for pl in self.placements_of(p)
                ]
                return running, self.rng("contact-employer", p.index)

            def firm(on: datetime.date) -> int:
                running, rng = known()
                for start, ended, employer_id in running:
                    if start <= on and (ended is None or on <= ended):
                        return employer_id
                return rng.choice(self.office_employers[p.office])

            return firm

        def rows():
            n = 0
            for p in self.plans():
                rng = self.rng("contacts", p.index)
                firm = firm_of(p)
                end = p.end_date or as_of
                span = (end - p.referral).days
                mean = max(0.5, span / 30.4 * CONTACTS_PER_MONTH)
                if p.participant_since is None:
                    mean = min(mean, 3)
                count = int(rng.gammavariate(4, mean / 4) + 0.5)
                dates = sorted(
                    p.referral + datetime.timedelta(days=rng.randint(0, span)) for _ in range(count)
                )
                stage_days = [s[2] for s in p.stages]
                for on in dates:
                    stage = p.stages[bisect.bisect_right(stage_days, on) - 1][0]
                    n += 1
                    yield contact(
                        rng, n, p.index + 1, p.owner, p.office, aware(on, rng), stage, firm
                    )
                    if rng.random() < CASELESS_SHARE:
                        # Team meetings and training: no case, no stage, no one met.
                        n += 1
                        row = list(contact(rng, n, None, p.owner, p.office, aware(on, rng), None))
                        row[7:15] = ["meeting", "nav_office"] + [False] * 6
                        row[18] = rng.choice(["team", "competence"])
                        yield tuple(row)

        self.copy(
            Contact,
            [
                "id",
                "case",
                "employer",
                "contact_person",
                "author",
                "office",
                "occurred_at",
                "channel",
                "place",
                "with_participant",
                "with_employer",
                "with_mentor",
                "with_nav_adviser",
                "with_treatment",
                "with_other_service",
                "initiative",
                "duration_minutes",
                "stage",
                "activity",
                "note",
                "created_at",
                "edited_at",
            ],
            rows(),
        )

    def discharge_statuses(self, p: Plan) -> list[tuple[int | None, datetime.date, bool]]:
        """What was recorded of a discharged case: (None at discharge, else the follow-up's months
        after it; the day it was recorded; in paid work). One follow-up status per post-discharge
        checkpoint that is done (checkpoints() links them), from the case's own generator."""
        if p.discharge_event is None:
            return []
        rng = self.rng("outcome", p.index)
        day = datetime.timedelta(days=1)
        in_work = p.end_reason in WORK_REASONS or rng.random() < 0.05
        out: list[tuple[int | None, datetime.date, bool]] = [(None, p.end_date, in_work)]
        for months in p.rules.checkpoint_months:
            due = p.end_date + relativedelta(months=months)
            if due <= self.as_of - 7 * day or p.status == "closed":
                # Most who had work keep it; a few who had none find some.
                in_work = rng.random() < (0.8 if in_work else 0.15)
                out.append((months, min(self.as_of, due + rng.randint(0, 10) * day), in_work))
        return out

    def outcomes(self) -> None:
        def rows():
            n = 0
            for p in self.plans():
                for months, recorded_on, in_work in self.discharge_statuses(p):
                    n += 1
                    hours = 30 if in_work else None
                    yield (
                        n,
                        p.index + 1,
                        recorded_on,
                        months is None,
                        in_work,
                        hours,
                        80 if in_work else None,
                        (p.index % 3 == 0) if in_work else None,
                        p.end_reason == "work_with_subsidy" if in_work else None,
                        not in_work and p.end_reason == "education",
                        not in_work and p.end_reason not in ("education", "treatment"),
                        not in_work and p.end_reason == "treatment",
                        not in_work and p.end_reason in ("treatment", "disability"),
                        not in_work and p.end_reason == "disability",
                        False,
                        not in_work and p.end_reason == "dropped_out",
                        p.owner,
                        datetime.datetime.combine(recorded_on, datetime.time(14), UTC),
                    )

        self.copy(
            OutcomeStatus,
            [
                "id",
                "case",
                "recorded_on",
                "at_discharge",
                "in_work",
                "work_hours_per_week",
                "work_percent",
                "work_permanent",
                "work_with_wage_subsidy",
                "education",
                "job_seeker",
                "sick_leave_or_treatment",
                "aap",
                "uforetrygd",
                "dismissed",
                "not_reachable",
                "recorded_by",
                "created_at",
            ],
            rows(),
        )

    # --- employers, placements, mentors -------------------------------------------------------

    def employers(self) -> None:
        """About 60 firms per office (organisation numbers in the 3xx range synthetic firms use,
        never a real one), registered by one of the office's specialists."""
        rng = self.rng("employers", 0)
        by_office: dict[int, list[tuple[int, int, int]]] = {}
        for specialist in self.org.specialists:
            by_office.setdefault(specialist[1], []).append(specialist)
        self.office_employers: dict[int, list[int]] = {}

        def rows():
            seen: set[str] = set()
            number = 0
            employer_id = 0
            for office_id, _county in self.org.offices:
                staff = by_office.get(office_id) or self.org.specialists
                for _ in range(EMPLOYERS_PER_OFFICE):
                    while (orgnr := demo_orgnr(number)) in seen:
                        number += 1
                    seen.add(orgnr)
                    number += 1
                    employer_id += 1
                    self.office_employers.setdefault(office_id, []).append(employer_id)
                    yield (
                        employer_id,
                        orgnr,
                        f"{rng.choice(LAST_NAMES)} {rng.choice(FIRM_WORDS)} AS",
                        "public" if rng.random() < 0.2 else "private",
                        rng.choice(["1_4", "5_19", "20_49", "50_99", "100"]),
                        rng.choice(INDUSTRIES),
                        "",
                        "",
                        "",
                        datetime.datetime(2015, 1, 1, 8, tzinfo=UTC),
                        rng.choice(staff)[0],
                    )

        self.copy(
            Employer,
            [
                "id",
                "orgnr",
                "name",
                "sector",
                "size_band",
                "industry",
                "street_address",
                "postal_code",
                "city",
                "created_at",
                "created_by",
            ],
            rows(),
        )

    def placements_of(self, p: Plan) -> list[dict]:
        """The case's placements: one for each spell in stage 4 or 5, from entering it until the
        case went back to job finding or ended; with a mentor for most."""
        spells = []
        start = None
        for stage, _from, on, _reason in p.stages:
            if stage >= 4 and start is None:
                start = on
            elif stage < 4 and start is not None:
                spells.append((start, on))
                start = None
        if start is not None:
            spells.append((start, p.end_date))
        if not spells:
            return []
        rng = self.rng("placements", p.index)
        firms = self.office_employers[p.office]
        day = datetime.timedelta(days=1)
        out = []
        for begun, ended in spells:
            kind = pick(rng, PLACEMENT_KINDS)
            end_on = {
                "practice": begun + relativedelta(months=3),
                "sheltered": begun + relativedelta(months=6),
                "taster": begun + 4 * day,
            }.get(kind)
            if ended is None and end_on is not None and end_on < self.as_of:
                ended = end_on
            percent = rng.choice([20, 40, 50, 60, 80, 100])
            mentor = None
            if kind != "taster" and rng.random() < MENTOR_SHARE:
                mentor_start = min(self.as_of, begun + rng.randint(0, 14) * day)
                if ended is None or mentor_start <= ended:
                    mentor = mentor_start
            out.append(
                {
                    "kind": kind,
                    "start_on": begun,
                    "end_on": end_on,
                    "ended_on": ended,
                    "percent": percent,
                    "hours": round(37.5 * percent / 100, 1),
                    "permanent": (rng.random() < 0.4) if kind.startswith("paid") else None,
                    "employer": rng.choice(firms),
                    "mentor": mentor,
                    "mentor_name": f"{rng.choice(FIRST_NAMES_F + FIRST_NAMES_M)} "
                    f"{rng.choice(LAST_NAMES)}",
                }
            )
        return out

    def placements(self) -> None:
        def rows():
            n = 0
            for p in self.plans():
                for pl in self.placements_of(p):
                    n += 1
                    yield (
                        n,
                        p.index + 1,
                        pl["employer"],
                        pl["kind"],
                        pl["start_on"],
                        pl["end_on"],
                        pl["ended_on"],
                        pl["percent"],
                        pl["hours"],
                        pl["permanent"],
                        PLACEMENT_TASKS,
                        0,
                        p.owner,
                        datetime.datetime.combine(pl["start_on"], datetime.time(9), UTC),
                    )

        self.copy(
            Placement,
            [
                "id",
                "case",
                "employer",
                "kind",
                "start_on",
                "end_on",
                "ended_on",
                "position_percent",
                "hours_per_week",
                "permanent",
                "tasks",
                "extensions",
                "created_by",
                "created_at",
            ],
            rows(),
        )

    def mentors(self) -> None:
        def rows():
            placement_id = 0
            n = 0
            for p in self.plans():
                for pl in self.placements_of(p):
                    placement_id += 1
                    if pl["mentor"] is None:
                        continue
                    n += 1
                    ended = pl["ended_on"]
                    yield (
                        n,
                        placement_id,
                        pl["mentor_name"],
                        "Kollega",
                        "",
                        False,
                        pl["mentor"],
                        ended,
                        "ended" if ended else "active",
                        "completed" if ended else "",
                        "",
                        "standard",
                        "",
                        "state",
                        False,
                        False,
                        p.owner,
                        datetime.datetime.combine(pl["mentor"], datetime.time(10), UTC),
                    )

        self.copy(
            MentorAssignment,
            [
                "id",
                "placement",
                "name",
                "role",
                "phone",
                "is_manager",
                "start_on",
                "end_on",
                "status",
                "end_reason",
                "end_note",
                "training_plan",
                "training_plan_text",
                "subsidy_source",
                "subsidy_applied",
                "subsidy_paid",
                "created_by",
                "created_at",
            ],
            rows(),
        )

    def agreements_of(self, p: Plan, placements: list[dict]) -> list[dict | None]:
        """The intention agreement of each of the case's placements (None where it has none), as
        the services would have left it: version 1 drafted in the placement's first days,
        pre-filled from the placement and its mentor, and approved by the three parties within
        days or weeks; in force once all three have, ended (with an outcome) when the placement
        or the term ended. A few had an approval withdrawn before all signed, a few were changed
        with a new version while in force. Nothing is recorded after the agreement ended or after
        as-of: an agreement still in its term is a draft, awaiting signatures or in force."""
        rng = self.rng("agreements", p.index)
        day = datetime.timedelta(days=1)
        out: list[dict | None] = []

        def at(on: datetime.date, hour: int) -> datetime.datetime:
            return datetime.datetime.combine(on, datetime.time(hour, rng.randrange(60)), UTC)

        def signing(drafted: datetime.date) -> dict[str, datetime.date]:
            # NAV at once; the employer within days or weeks (a week on average); the participant
            # often at the same meeting as the employer, else on their own.
            employer = drafted + (1 + int(rng.expovariate(1 / 7))) * day
            participant = (
                employer
                if rng.random() < 0.6
                else drafted + (1 + int(rng.expovariate(1 / 5))) * day
            )
            return {
                "nav": drafted + rng.randint(0, 2) * day,
                "employer": employer,
                "participant": participant,
            }

        for pl in placements:
            if rng.random() >= AGREEMENT_SHARE[pl["kind"]]:
                out.append(None)
                continue
            start, placement_end = pl["start_on"], pl["ended_on"]
            term_end = pl["end_on"] or start + relativedelta(months=AGREEMENT_TERM_MONTHS)
            # It ends with the placement, or at the end of its term (the expiry checkpoint).
            if placement_end is not None and placement_end < term_end:
                ended = placement_end
            elif term_end <= self.as_of:
                ended = term_end
            else:
                ended = None
            last = ended or self.as_of  # the last day anything is recorded
            drafted = min(last, start + rng.randint(0, 3) * day)
            content = {
                "start_on": start,
                "end_on": term_end,
                "work_percent": pl["percent"],
                "tasks": PLACEMENT_TASKS,
                "training_plan": rng.choice(TRAINING_PLANS),
                "norwegian_tuition": NORWEGIAN_TUITION if rng.random() < 0.15 else "",
                "follow_up": rng.choice(FOLLOW_UP),
                "mentor_appointed": pl["mentor"] is not None,
                "mentor_name": pl["mentor_name"] if pl["mentor"] is not None else "",
                "hiring_conditions": rng.choice(HIRING_CONDITIONS),
                "is_extension": False,
            }
            approvals: list[ApprovalDraw] = []
            signed = signing(drafted)
            if rng.random() < APPROVAL_WITHDRAWN_SHARE and drafted + 5 * day < last:
                # NAV approved, the employer asked for a change: withdrawn, changed, signed anew.
                withdrawn = drafted + rng.randint(0, 2) * day
                approvals.append(("nav", drafted, at(drafted, 11), at(withdrawn, 16)))
                signed = {party: max(on, withdrawn + day) for party, on in signed.items()}
                signed["nav"] = withdrawn + rng.randint(1, 3) * day
            for party in PARTIES:
                # An agreement that ended was in force: every party had signed by then.
                on = min(signed[party], ended) if ended is not None else signed[party]
                if on <= last:
                    approvals.append((party, on, at(on, rng.randint(11, 15)), None))
            live = [a for a in approvals if a[3] is None]
            first = {
                "number": 1,
                **content,
                "created_at": at(drafted, 10),
                "approvals": approvals,
                "in_force": len(live) == len(PARTIES),
            }
            versions = [first]
            if first["in_force"]:
                status = "ended" if ended is not None else "active"
                in_force_on = max(a[1] for a in live)
                if (last - in_force_on).days >= 31 and rng.random() < NEW_VERSION_SHARE:
                    # A change while in force: a new version, approved again; the old one stays
                    # in force until all three have approved the new one (and no one can after
                    # the agreement ended).
                    changed = in_force_on + rng.randint(14, (last - in_force_on).days - 1) * day
                    second = {**content, "number": 2, "created_at": at(changed, 10)}
                    if content["work_percent"] < 100:
                        second["work_percent"] = min(100, content["work_percent"] + 20)
                    else:
                        other = [f for f in FOLLOW_UP if f != content["follow_up"]]
                        second["follow_up"] = rng.choice(other)
                    signed = signing(changed)
                    second["approvals"] = [
                        (party, signed[party], at(signed[party], rng.randint(11, 15)), None)
                        for party in PARTIES
                        if signed[party] < last or (ended is None and signed[party] == last)
                    ]
                    second["in_force"] = len(second["approvals"]) == len(PARTIES)
                    first["in_force"] = not second["in_force"]
                    versions.append(second)
            else:
                status = "awaiting_signatures" if live else "draft"
            outcome, reason = "", ""
            if ended is not None:
                outcome = self.agreement_outcome(p, pl, rng, ended, term_end)
                if outcome == "ended_early":
                    reason = rng.choice(ENDED_EARLY)
                elif outcome == "no_offer":
                    reason = NO_OFFER
            out.append(
                {
                    "status": status,
                    "outcome": outcome,
                    "reason": reason,
                    "ended_on": ended,
                    "created_at": first["created_at"],
                    "versions": versions,
                }
            )
        return out

    @staticmethod
    def agreement_outcome(
        p: Plan, pl: dict, rng: random.Random, ended: datetime.date, term_end: datetime.date
    ) -> str:
        """How an agreement that ended on ``ended`` ended: hired when the case was discharged
        into work from this placement, or when a paid job's trial term was reached; ended early
        when the placement ended well before the term (back to job finding, or the case ended for
        another reason); after a practice's full term, most often no offer."""
        kind = pl["kind"]
        if p.end_reason in WORK_REASONS and pl["ended_on"] == p.end_date:
            if p.end_reason == "work_with_subsidy" or kind == "paid_subsidised":
                return "hired_subsidised"
            if not kind.startswith("paid") and rng.random() < 0.1:
                return "hired_elsewhere"
            permanent = pl["permanent"] if pl["permanent"] is not None else rng.random() < 0.4
            return "hired_permanent" if permanent else "hired_temporary"
        if ended < term_end - datetime.timedelta(days=14):
            return "ended_early"
        if ended < term_end:
            return "no_offer"  # the last fortnight: as good as completed
        if kind == "paid_subsidised":
            return "hired_subsidised"
        if kind == "paid":
            return "hired_permanent" if pl["permanent"] else "hired_temporary"
        return pick(rng, TERM_OUTCOMES)

    def agreements(self) -> None:
        """Agreements, their versions and the approvals, in one pass over the cases (three
        COPYs at once): the ids are counted in placement order, as placements() gave them. Like
        placements(), it leaves out the timeline events and checkpoints the services also write
        (here: the agreement's end-of-term checkpoint)."""
        # The content the services copy from version to version, and the two flags they set.
        version_fields = [*VERSION_FIELDS, "is_extension", "in_force"]

        def rows() -> Iterator[tuple[int, tuple]]:
            placement_id = agreement_id = version_id = approval_id = 0
            for p in self.plans():
                placements = self.placements_of(p)
                if not placements:
                    continue
                for a in self.agreements_of(p, placements):
                    placement_id += 1
                    if a is None:
                        continue
                    agreement_id += 1
                    yield (
                        0,
                        (
                            agreement_id,
                            p.index + 1,
                            placement_id,
                            a["status"],
                            a["outcome"],
                            a["reason"],
                            a["ended_on"],
                            p.owner,
                            a["created_at"],
                        ),
                    )
                    for v in a["versions"]:
                        version_id += 1
                        yield (
                            1,
                            (
                                version_id,
                                agreement_id,
                                v["number"],
                                *(v[name] for name in version_fields),
                                p.owner,
                                v["created_at"],
                            ),
                        )
                        for party, _on, approved_at, withdrawn_at in v["approvals"]:
                            approval_id += 1
                            # The signed copy the specialist uploads for the employer and the
                            # participant (the name only: no file is stored).
                            document = (
                                ""
                                if party == "nav"
                                else f"agreements/{agreement_id}/bench-v{v['number']}-{party}.pdf"
                            )
                            yield (
                                2,
                                (
                                    approval_id,
                                    version_id,
                                    party,
                                    approved_at,
                                    p.owner,
                                    document,
                                    withdrawn_at,
                                ),
                            )

        self.copy_together(
            [
                (
                    Agreement,
                    [
                        "id",
                        "case",
                        "placement",
                        "status",
                        "outcome",
                        "outcome_reason",
                        "ended_on",
                        "created_by",
                        "created_at",
                    ],
                ),
                (
                    AgreementVersion,
                    ["id", "agreement", "number", *version_fields, "created_by", "created_at"],
                ),
                (
                    Approval,
                    [
                        "id",
                        "version",
                        "party",
                        "approved_at",
                        "recorded_by",
                        "signed_document",
                        "withdrawn_at",
                    ],
                ),
            ],
            rows(),
        )

    def checkpoints(self) -> None:
        as_of = self.as_of
        day = datetime.timedelta(days=1)

        def rows():
            outcome_id = 0  # the ids outcomes() gave, counted the same way
            n = 0
            event_base = 0
            for p in self.plans():
                case_id = p.index + 1
                rules = p.rules
                out = []

                def add(
                    kind,
                    anchor_type,
                    anchor_id,
                    seq,
                    due,
                    status,
                    done_on,
                    outcome=None,
                    _p=p,
                    _o=out,
                ):
                    done_by = _p.owner if status == "done" else None
                    notified = None
                    if status == "open" and due <= as_of:
                        notified = datetime.datetime.combine(due, datetime.time(6), UTC)
                    _o.append(
                        (
                            kind,
                            anchor_type,
                            anchor_id,
                            seq,
                            due,
                            status,
                            done_on,
                            done_by,
                            outcome,
                            "",
                            notified,
                            None,
                            datetime.datetime.combine(due, datetime.time(5), UTC),
                        )
                    )

                # Intake deadlines: done on activation, cancelled when the case ended first.
                for kind, days in (
                    ("intake_contact", rules.intake_contact_days),
                    ("intake_talk", rules.intake_talk_days),
                ):
                    due = p.referral + days * day
                    if p.participant_since:
                        add(kind, "case", case_id, 1, due, "done", p.participant_since)
                    elif p.end_date:
                        add(kind, "case", case_id, 1, due, "cancelled", p.end_date)
                    else:
                        add(kind, "case", case_id, 1, due, "open", None)
                if p.participant_since:
                    ended = p.end_date
                    due = p.participant_since + relativedelta(months=3)
                    add(
                        "progress_report",
                        "case",
                        case_id,
                        1,
                        due,
                        "cancelled" if ended else "open",
                        ended,
                    )
                    maximum = rules.maximum_end(p.participant_since)
                    if maximum is not None:
                        add(
                            "maximum_duration",
                            "case",
                            case_id,
                            1,
                            maximum - 30 * day,
                            "cancelled" if ended else "open",
                            ended,
                        )
                if p.discharge_event is not None:
                    anchor = event_base + p.discharge_event + 1
                    # The statuses outcomes() wrote for this case, in the same order and ids.
                    recorded = {}
                    for months, recorded_on, _in_work in self.discharge_statuses(p):
                        outcome_id += 1
                        if months is not None:
                            recorded[months] = (outcome_id, recorded_on)
                    for months in rules.checkpoint_months:
                        due = p.end_date + relativedelta(months=months)
                        if months in recorded:
                            status_id, done_on = recorded[months]
                            add(
                                "post_discharge",
                                "discharge",
                                anchor,
                                months,
                                due,
                                "done",
                                done_on,
                                status_id,
                            )
                        else:
                            add("post_discharge", "discharge", anchor, months, due, "open", None)
                event_base += len(p.events)
                for row in out:
                    n += 1
                    yield (n, case_id, *row)

        self.copy(
            Checkpoint,
            [
                "id",
                "case",
                "kind",
                "anchor_type",
                "anchor_id",
                "sequence",
                "due_on",
                "status",
                "done_on",
                "done_by",
                "outcome",
                "note",
                "notified_at",
                "escalated_at",
                "created_at",
            ],
            rows(),
        )

    def run(self) -> None:
        self.as_of_ts = datetime.datetime.combine(self.as_of, datetime.time(3), UTC)
        started = time.perf_counter()
        self.check_empty()
        print(
            f"scale {self.scale} seed {self.seed} as of {self.as_of}: {self.n_offices} offices, "
            f"{self.n_specialists} specialists, {self.n_open:,} open and {self.n_closed:,} ended "
            f"cases, {self.n_participants:,} participants",
            flush=True,
        )
        self.org = self.organisation()
        self.participants()
        self.cases()
        self.case_events()
        self.stage_events()
        self.employers()  # before the contacts, which name them
        self.contacts()
        self.placements()
        self.mentors()
        self.agreements()
        self.outcomes()
        self.checkpoints()
        start = time.perf_counter()
        self.reset_sequences()
        print(f"{'sequences, VACUUM, ANALYZE':32} {'':>15} {time.perf_counter() - start:8.1f} s")
        total = time.perf_counter() - started
        print(f"{'total':32} {sum(self.counts.values()):>10,} rows {total:8.1f} s", flush=True)
        self.conn.close()


def conninfo_from_settings() -> str:
    db = settings.DATABASES["default"]
    return psycopg.conninfo.make_conninfo(
        dbname=db["NAME"],
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=str(db["PORT"]) if db.get("PORT") else None,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = national figures")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--as-of",
        type=datetime.date.fromisoformat,
        default=timezone.localdate(),
        help="the generated 'today' (default: today), YYYY-MM-DD",
    )
    parser.add_argument(
        "--database-url",
        help="postgres://... (default: the settings' DATABASES['default'], i.e. DATABASE_URL)",
    )
    args = parser.parse_args(argv)
    conninfo = conninfo_from_settings()
    Generator(scale=args.scale, seed=args.seed, as_of=args.as_of, conninfo=conninfo).run()


if __name__ == "__main__":
    main()
