"""The dry run: every row of a file checked against the domain's own rules, every problem named.

A problem says where (row and column) and why, in the user's language, and never repeats the
value: "row 12, column fødselsnummer: this is not a valid fødselsnummer", not the number.

The rules are the services' and the forms' own: ``parse_fnr`` (synthetic numbers only where the
settings allow them), ``parse_orgnr``, the birth date against the number (the register form),
a referral date not in the future, the programme's rules in force on the referral date, who may
own a case and who may refer it to whom (``case_refer``), the order of intake, intake talk and
activation (``case_start_intake``, ``case_activate``). What needs the database is read in a few
queries for the whole file (existing numbers, the programmes, the office's specialists), not row
by row, so a file of 10,000 rows is checked in seconds.

A person already registered (at this office or any other) is a problem in a participant file,
with the same words wherever they are registered: the file must not tell an office where
someone else's participant is. A registered person gets a new case through a case file, which
finds only the participants the user may see.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.cases.models import OPEN_STATUSES, Case
from apps.employers.models import Employer
from apps.imports.columns import COLUMNS, Column, normalise
from apps.imports.files import Table
from apps.imports.models import ImportKind
from apps.organisation.models import Role, Team, User
from apps.participants import crypto
from apps.participants.fnr import Fnr, birth_date_of
from apps.participants.models import Participant
from apps.participants.selectors import participants_visible_to
from apps.programmes.models import Programme, ProgrammeRules

PROGRESS_EVERY = 250
QUERY_CHUNK = 2000


@dataclass(frozen=True)
class Problem:
    row: int | None  # None: the file as a whole
    column: str
    message: str


@dataclass
class Row:
    """A good row: its values read, and what they point at resolved."""

    number: int
    values: dict[str, Any]
    participant_id: int | None = None  # a case file: the registered participant
    birth_date: datetime.date | None = None
    programme: Programme | None = None
    rules: ProgrammeRules | None = None
    owner: User | None = None
    team: Team | None = None


@dataclass
class Checked:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


Progress = Callable[[int], None]


def check_table(
    *,
    kind: str,
    table: Table,
    actor: User,
    today: datetime.date,
    progress: Progress | None = None,
) -> Checked:
    """Check every row of ``table`` as a file of ``kind`` imported by ``actor``."""
    columns, problems = _header(kind, table.header)
    if problems:
        return Checked(problems=problems)
    checker = _Checker(kind, actor, today)
    result = Checked()
    for done, (number, cells) in enumerate(table.rows, start=1):
        row = checker.read(number, cells, columns)
        if row is not None:
            result.rows.append(row)
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)
    checker.check_against_database(result.rows)
    result.problems = sorted(checker.problems, key=lambda p: (p.row or 0, _order(kind, p.column)))
    if result.problems:
        bad = {p.row for p in result.problems}
        result.rows = [row for row in result.rows if row.number not in bad]
    if progress is not None:
        progress(len(table.rows))
    return result


def _order(kind: str, column: str) -> int:
    names = [c.name for c in COLUMNS[kind]]
    return names.index(column) if column in names else len(names)


def _header(kind: str, header: list[str]) -> tuple[dict[int, Column], list[Problem]]:
    """Which column each position holds; problems for unknown, repeated and missing columns."""
    known = {normalise(c.name): c for c in COLUMNS[kind]}
    columns: dict[int, Column] = {}
    problems = []
    for index, name in enumerate(header):
        column = known.get(normalise(name))
        if not name:
            problems.append(Problem(1, _column_letter(index), _("The column has no name.")))
        elif column is None:
            problems.append(
                Problem(1, name, _("Unknown column. The import guide lists the columns."))
            )
        elif column in columns.values():
            problems.append(Problem(1, name, _("The column appears twice.")))
        else:
            columns[index] = column
    for column in COLUMNS[kind]:
        if column.required and column not in columns.values():
            problems.append(Problem(1, column.name, _("The column is missing.")))
    return columns, problems


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


class _Checker:
    def __init__(self, kind: str, actor: User, today: datetime.date) -> None:
        self.kind = kind
        self.actor = actor
        self.today = today
        self.problems: list[Problem] = []
        self.names = {c.key: c.name for c in COLUMNS[kind]}
        if kind != ImportKind.EMPLOYERS:
            self._load_referral_context()

    def problem(self, row: int, key: str, message: str) -> None:
        self.problems.append(Problem(row, self.names.get(key, key), str(message)))

    # --- One row, without the database ---------------------------------------------------

    def read(self, number: int, cells: list[object], columns: dict[int, Column]) -> Row | None:
        before = len(self.problems)
        values: dict[str, Any] = {}
        for index, column in columns.items():
            cell = cells[index] if index < len(cells) else None
            if _blank(cell):
                if column.required:
                    self.problem(number, column.key, _("This column must be filled in."))
                continue
            try:
                values[column.key] = column.read(cell)
            except ValidationError as error:
                self.problem(number, column.key, error.messages[0])
        # Every header cell is a known column here (check_table stops at a bad header).
        if any(not _blank(cell) for cell in cells[len(columns) :]):
            self.problems.append(
                Problem(number, "", _("The row has more cells than there are columns."))
            )
        row = Row(number=number, values=values)
        if self.kind == ImportKind.PARTICIPANTS:
            self._person(row)
        if self.kind != ImportKind.EMPLOYERS:
            self._referral(row)
        return row if len(self.problems) == before else None

    def _person(self, row: Row) -> None:
        fnr, born = row.values.get("fnr"), row.values.get("birth_date")
        if isinstance(fnr, Fnr) and born is not None and birth_date_of(fnr) != born:
            self.problem(
                row.number, "birth_date", _("The birth date does not match the fødselsnummer.")
            )
        row.birth_date = born

    def _referral(self, row: Row) -> None:
        values, number = row.values, row.number
        if "programme" in values:
            row.programme = self.programmes.get(normalise(values["programme"]))
            if row.programme is None:
                self.problem(
                    number, "programme", _("Unknown programme. Write its code or its name.")
                )
        referral = values.get("referral_date")
        if referral is not None:
            if referral > self.today:
                self.problem(
                    number, "referral_date", _("The referral date cannot be in the future.")
                )
            elif row.programme is not None:
                row.rules = self._rules_on(row.programme, referral)
                if row.rules is None:
                    self.problem(
                        number,
                        "referral_date",
                        _("The programme has no rules in force on the referral date."),
                    )
        self._owner(row)
        self._progress_dates(row)

    def _owner(self, row: Row) -> None:
        actor, number = self.actor, row.number
        username = row.values.get("owner")
        if not username:
            if actor.role != Role.SPECIALIST:
                self.problem(number, "owner", _("Name the job specialist who will own the case."))
                return
            owner: User | None = actor
        else:
            owner = self.specialists.get(username.lower())
            if owner is None:
                self.problem(
                    number, "owner", _("Choose an active job specialist at the same office.")
                )
                return
        assert owner is not None
        if owner.pk != actor.pk and actor.role not in (Role.TEAM_LEAD, Role.OFFICE_HEAD):
            self.problem(
                number, "owner", _("Only a team lead can refer a case to another job specialist.")
            )
            return
        row.owner, row.team = owner, self.teams.get(owner.pk)
        if row.team is None:
            self.problem(number, "owner", _("The job specialist belongs to no team."))
        elif (
            actor.role == Role.TEAM_LEAD
            and row.team.pk not in actor.team_ids
            and {"intake_on", "active_on"} & set(row.values)
        ):
            # Moving the case on needs the right to change it (case_scope): a team lead has it
            # for the teams they lead only.
            self.problem(number, "intake_on", _("You do not have access to change this case."))

    def _progress_dates(self, row: Row) -> None:
        values, number = row.values, row.number
        referral = values.get("referral_date")
        intake, talk, active = (
            values.get("intake_on"),
            values.get("intake_talk_date"),
            values.get("active_on"),
        )
        for key in ("intake_on", "intake_talk_date", "active_on"):
            if values.get(key) is not None and values[key] > self.today:
                self.problem(number, key, _("The date cannot be in the future."))
        if active is not None:
            if intake is None:
                self.problem(number, "intake_on", _("Fill this in when deltaker fra is filled in."))
            if talk is None:
                self.problem(
                    number, "intake_talk_date", _("Fill this in when deltaker fra is filled in.")
                )
        elif talk is not None:
            self.problem(
                number,
                "intake_talk_date",
                _(
                    "The intake talk is recorded when the case becomes active: "
                    "fill in deltaker fra."
                ),
            )
        if referral is not None and intake is not None and intake < referral:
            self.problem(number, "intake_on", _("Intake cannot start before the referral date."))
        if referral is not None and talk is not None and talk < referral:
            self.problem(
                number, "intake_talk_date", _("The intake talk cannot be before the referral.")
            )
        if active is not None and talk is not None and active < talk:
            self.problem(
                number, "active_on", _("A case cannot become active before the intake talk.")
            )
        if active is not None and intake is not None and active < intake:
            self.problem(
                number, "active_on", _("A case cannot become active before intake starts.")
            )

    # --- What needs the database, for the whole file at once -------------------------------

    def _load_referral_context(self) -> None:
        self.programmes: dict[str, Programme] = {}
        for programme in Programme.objects.filter(is_active=True):
            self.programmes[normalise(programme.code)] = programme
            self.programmes[normalise(programme.name)] = programme
        self.rule_versions: dict[int, list[ProgrammeRules]] = {}
        for rules in ProgrammeRules.objects.order_by("effective_from"):
            self.rule_versions.setdefault(rules.programme_id, []).append(rules)
        office = self.actor.office_id or 0
        specialists = User.objects.filter(role=Role.SPECIALIST, office_id=office, is_active=True)
        self.specialists = {user.username.lower(): user for user in specialists}
        # case_refer puts the case in the owner's first team (by id) at the office.
        self.teams: dict[int, Team] = {}
        for team in Team.objects.filter(office_id=office).order_by("pk"):
            for member_id in team.members.values_list("pk", flat=True):
                self.teams.setdefault(member_id, team)

    def _rules_on(self, programme: Programme, on: datetime.date) -> ProgrammeRules | None:
        in_force = None
        for rules in self.rule_versions.get(programme.pk, []):
            if rules.effective_from <= on:
                in_force = rules
        return in_force

    def check_against_database(self, rows: list[Row]) -> None:
        if self.kind == ImportKind.PARTICIPANTS:
            self._new_people(rows)
        elif self.kind == ImportKind.CASES:
            self._registered_people(rows)
        else:
            self._new_employers(rows)

    def _first_of_each(self, rows: list[Row], key: Callable[[Row], object], where: str) -> None:
        """A second row with the same key is a problem that names the first."""
        seen: dict[object, int] = {}
        for row in rows:
            k = key(row)
            if k in seen:
                self.problem(row.number, where, self._repeated_message(where) % {"row": seen[k]})
            else:
                seen[k] = row.number

    def _repeated_message(self, where: str) -> str:
        if where == "fnr":
            return _("The same fødselsnummer is already on row %(row)s.")
        if where == "orgnr":
            return _("The same organisation number is already on row %(row)s.")
        return _("The same person and programme are already on row %(row)s.")

    def _registered_hashes(self, rows: list[Row]) -> dict[str, tuple[int, datetime.date]]:
        """Participant id and birth date for every row's number that is registered."""
        hashes = {h for row in rows for h in crypto.lookup_hashes(row.values["fnr"].digits)}
        found: dict[str, tuple[int, datetime.date]] = {}
        for chunk in _chunks(sorted(hashes), QUERY_CHUNK):
            for digest, pk, born in Participant.objects.filter(fnr_hash__in=chunk).values_list(
                "fnr_hash", "pk", "birth_date"
            ):
                found[digest] = (pk, born)
        return found

    def _match(
        self, row: Row, found: dict[str, tuple[int, datetime.date]]
    ) -> tuple[int, datetime.date] | None:
        for digest in crypto.lookup_hashes(row.values["fnr"].digits):
            if digest in found:
                return found[digest]
        return None

    def _new_people(self, rows: list[Row]) -> None:
        self._first_of_each(rows, lambda row: row.values["fnr"].digits, "fnr")
        found = self._registered_hashes(rows)
        for row in rows:
            if self._match(row, found) is not None:
                # The same words wherever the person is registered: nothing about where.
                self.problem(
                    row.number,
                    "fnr",
                    _(
                        "This person is already registered. Refer them with a case file, or "
                        "find them by fødselsnummer."
                    ),
                )

    def _registered_people(self, rows: list[Row]) -> None:
        self._first_of_each(
            rows, lambda row: (row.values["fnr"].digits, row.programme), "programme"
        )
        found = self._registered_hashes(rows)
        matches = {row.number: self._match(row, found) for row in rows}
        ids = {m[0] for m in matches.values() if m is not None}
        visible: set[int] = set()
        for chunk in _chunks(sorted(ids), QUERY_CHUNK):
            visible |= set(
                participants_visible_to(self.actor)
                .filter(pk__in=chunk)
                .values_list("pk", flat=True)
            )
        open_cases: set[tuple[int, int]] = set()
        for chunk in _chunks(sorted(visible), QUERY_CHUNK):
            open_cases |= set(
                Case.objects.filter(participant_id__in=chunk, status__in=OPEN_STATUSES).values_list(
                    "participant_id", "programme_id"
                )
            )
        for row in rows:
            match = matches[row.number]
            if match is None or match[0] not in visible:
                self.problem(row.number, "fnr", _("No participant you can see has this number."))
                continue
            row.participant_id, row.birth_date = match
            if row.programme is not None and (row.participant_id, row.programme.pk) in open_cases:
                self.problem(
                    row.number,
                    "programme",
                    _("The participant already has an open case in this programme."),
                )

    def _new_employers(self, rows: list[Row]) -> None:
        self._first_of_each(rows, lambda row: row.values["orgnr"], "orgnr")
        numbers = sorted({row.values["orgnr"] for row in rows})
        registered: set[str] = set()
        for chunk in _chunks(numbers, QUERY_CHUNK):
            registered |= set(
                Employer.objects.filter(orgnr__in=chunk).values_list("orgnr", flat=True)
            )
        for row in rows:
            if row.values["orgnr"] in registered:
                self.problem(
                    row.number, "orgnr", _("This organisation number is already registered.")
                )


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
