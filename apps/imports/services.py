"""Import jobs: upload, the dry run, and the import itself, all or nothing.

The flow, the same from the browser, from a worker and from ``manage.py import_data``:

1. ``import_job_create`` stores the file (encrypted) and counts its rows.
2. ``import_check`` is the dry run: every row checked (``checks.py``), every problem stored as
   (row, column, reason). A file with problems loses its stored copy at once: it will never be
   imported, and the user fixes it and uploads it again.
3. ``import_start`` (the "Import" button) claims a checked, faultless job once; ``import_run``
   checks every row again (the data may have changed since the dry run) and writes them all in
   ONE transaction, through the services (``participant_register``/``case_refer`` in their bulk
   form, see ``bulk.py``; ``case_start_intake``, ``case_activate``, ``employer_register``). Any
   refusal rolls everything back and is stored as a problem of its row.

A file of more than ``BACKGROUND_ROWS`` rows is checked and imported by a worker (``tasks.py``),
which is given the job's id, never anything from the file; the page polls the progress, which
the worker writes to the cache (a row count, never a value), because the job's own row is
inside the import's transaction and invisible to the page until it commits.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.cases import services as case_services
from apps.cases.models import Case
from apps.employers import services as employer_services
from apps.imports.bulk import Person, Referral, cases_refer_many, participants_register_many
from apps.imports.checks import Checked, Problem, Row, check_table
from apps.imports.columns import column_named
from apps.imports.files import Table, UnreadableFile, file_format, read_table, seal, unseal
from apps.imports.models import ImportJob, ImportKind, ImportRowError, ImportStatus
from apps.organisation.models import Role, User

# Who may import: the people who register participants and refer cases at an office.
IMPORT_ROLES = frozenset({Role.SPECIALIST, Role.TEAM_LEAD})
# Larger files are checked and imported by a worker while the page shows the progress.
BACKGROUND_ROWS = 500
# Rows written per round of bulk INSERTs (and per progress step).
CHUNK = 500
# A stored file nobody imported is deleted after this long.
STALE_AFTER = datetime.timedelta(hours=24)
PROGRESS_SECONDS = 6 * 3600


class ImportRefused(Exception):
    """The user may not do this with this job; the message says why."""


class RowFailed(Exception):
    """A service refused a row during the import; everything written so far is rolled back."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


# --- Progress, for the page that polls -------------------------------------------------------


def _progress_key(job_id: int) -> str:
    return f"imports:progress:{job_id}"


def progress_of(job: ImportJob) -> int:
    """Rows checked or imported so far by the running step."""
    return int(cache.get(_progress_key(job.pk)) or 0)


def _progress_to(job_id: int) -> Callable[[int], None]:
    def report(done: int) -> None:
        cache.set(_progress_key(job_id), done, PROGRESS_SECONDS)

    return report


# --- Creating, checking, importing -----------------------------------------------------------


def import_job_create(
    *, actor: User, kind: str, name: str, data: bytes, language: str | None = None
) -> ImportJob:
    """Store an uploaded file for import. Side effects: the job row and its encrypted file.

    Raises ImportRefused for a user who may not import, UnreadableFile for a file that is not a
    table (nothing is stored then).
    """
    if actor.role not in IMPORT_ROLES or actor.office_id is None:
        raise ImportRefused(_("Only job specialists and team leads at an office can import."))
    if kind not in ImportKind.values:
        raise ImportRefused(_("Choose what the file holds."))
    fmt = file_format(name, data)
    table = read_table(data, fmt)
    job = ImportJob(
        kind=kind,
        original_name=(name or "fil")[:255],
        file_format=fmt,
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
        background=len(table.rows) > BACKGROUND_ROWS,
        total_rows=len(table.rows),
        created_by=actor,
        office_id=actor.office_id,
    )
    job.file.save("import", ContentFile(seal(data)), save=False)
    job.save()
    _delete_stale_files()
    return job


def import_submit(*, actor: User, kind: str, name: str, data: bytes) -> ImportJob:
    """Upload and dry run: checked here for a small file, by a worker (after commit) for a
    large one."""
    from apps.imports.tasks import check_import

    job = import_job_create(actor=actor, kind=kind, name=name, data=data)
    if job.background:
        transaction.on_commit(lambda: check_import.delay(job.pk))
        return job
    return import_check(job=job)


def _table(job: ImportJob) -> Table:
    with job.file.open("rb") as stored:
        return read_table(unseal(stored.read()), job.file_format)


def import_check(*, job: ImportJob) -> ImportJob:
    """The dry run. Side effects: the job's problems and status; the file is deleted when a row
    is bad. Safe to run twice (a worker may be given the task again)."""
    claimed = ImportJob.objects.filter(
        pk=job.pk, status__in=[ImportStatus.WAITING, ImportStatus.CHECKING]
    ).update(status=ImportStatus.CHECKING)
    if not claimed:
        return ImportJob.objects.get(pk=job.pk)
    with translation.override(job.language):
        checked = _check(job, progress=_progress_to(job.pk))
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != ImportStatus.CHECKING:
            return locked
        _store_problems(locked, checked.problems)
        locked.status = ImportStatus.CHECKED
        locked.checked_at = timezone.now()
        if checked.problems:
            _forget_file(locked)
        locked.save(update_fields=["status", "checked_at", "error_count", "file"])
    cache.delete(_progress_key(job.pk))
    return locked


def _check(job: ImportJob, progress: Callable[[int], None] | None = None) -> Checked:
    try:
        table = _table(job)
    except (UnreadableFile, OSError, ValueError) as error:
        message = str(error) if isinstance(error, UnreadableFile) else _("The file is gone.")
        return Checked(problems=[Problem(None, "", message)])
    return check_table(
        kind=job.kind,
        table=table,
        actor=job.created_by,
        today=timezone.localdate(),
        progress=progress,
    )


def _store_problems(job: ImportJob, problems: list[Problem]) -> None:
    job.errors.all().delete()
    ImportRowError.objects.bulk_create(
        [
            # A column name comes from the file's header (an unknown column): keep it short.
            ImportRowError(job=job, row=p.row, column=p.column[:100], message=p.message)
            for p in problems
        ],
        batch_size=2000,
    )
    job.error_count = len(problems)


def import_start(*, job: ImportJob, actor: User, inline: bool = False) -> ImportJob:
    """The "Import" button: import a checked job with no problems, once.

    Side effects: the job moves to "being imported"; a large file is imported by a worker after
    commit (unless ``inline``), a small one here.
    """
    from apps.imports.tasks import run_import

    if job.created_by_id != actor.pk:
        raise ImportRefused(_("Only the person who uploaded the file can import it."))
    claimed = (
        ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CHECKED, error_count=0)
        .exclude(file="")
        .update(status=ImportStatus.IMPORTING)
    )
    if not claimed:
        raise ImportRefused(
            _("This file cannot be imported: it has errors, or it has been imported already.")
        )
    job.status = ImportStatus.IMPORTING
    if job.background and not inline:
        transaction.on_commit(lambda: run_import.delay(job.pk))
        return job
    return import_run(job=job)


def import_run(*, job: ImportJob) -> ImportJob:
    """Check every row again and write them all in one transaction, or none.

    Side effects: everything the services write for each row; the job's status and count; the
    stored file is deleted. Safe to run twice: the job row is locked for the whole import, and a
    second run finds it imported (or, after a worker died mid-way, nothing written and starts
    over).
    """
    with translation.override(job.language):
        try:
            with transaction.atomic():
                locked = ImportJob.objects.select_for_update().get(pk=job.pk)
                if locked.status != ImportStatus.IMPORTING:
                    return locked
                checked = _check(locked)
                if not checked.ok:
                    raise _CheckFailed(checked.problems)
                written = _write(locked, checked.rows, _progress_to(locked.pk))
                locked.status = ImportStatus.IMPORTED
                locked.imported_rows = written
                locked.imported_at = timezone.now()
                _forget_file(locked)
                locked.save(update_fields=["status", "imported_rows", "imported_at", "file"])
        except _CheckFailed as failed:
            return _refused(job, failed.problems)
        except RowFailed as failed:
            return _refused(job, [failed.problem])
        except IntegrityError:
            return _refused(
                job,
                [
                    Problem(
                        None,
                        "",
                        _(
                            "Someone registered one of these people or employers while the "
                            "file was imported. Nothing was imported: upload the file again."
                        ),
                    )
                ],
            )
    cache.delete(_progress_key(job.pk))
    return locked


class _CheckFailed(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(len(problems))
        self.problems = problems


def _refused(job: ImportJob, problems: list[Problem]) -> ImportJob:
    """Nothing was imported: the job goes back to checked, with the problems that stopped it."""
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        _store_problems(locked, problems)
        locked.status = ImportStatus.CHECKED
        locked.checked_at = timezone.now()
        _forget_file(locked)
        locked.save(update_fields=["status", "checked_at", "error_count", "file"])
    cache.delete(_progress_key(job.pk))
    return locked


def import_abandon(*, job: ImportJob) -> None:
    """A job that stopped on an unexpected error: recorded as a problem, nothing imported."""
    _refused(
        job,
        [Problem(None, "", _("The import stopped because of an error. Nothing was imported."))],
    )


# --- Writing ---------------------------------------------------------------------------------


def _write(job: ImportJob, rows: list[Row], progress: Callable[[int], None]) -> int:
    actor = job.created_by
    done = 0
    for chunk in _chunks(rows, CHUNK):
        if job.kind == ImportKind.EMPLOYERS:
            for row in chunk:
                _employer(actor, row)
        else:
            if job.kind == ImportKind.PARTICIPANTS:
                people = participants_register_many(
                    actor=actor,
                    people=[Person(row.values["fnr"], _person_fields(row)) for row in chunk],
                )
                for row, participant in zip(chunk, people, strict=True):
                    row.participant_id = participant.pk
            cases = cases_refer_many(actor=actor, referrals=[_referral(row) for row in chunk])
            for row, (case, reopened) in zip(chunk, cases, strict=True):
                if reopened:
                    _move_on(actor, row, case, job.kind)
        done += len(chunk)
        progress(done)
    return done


PERSON_KEYS = (
    "first_name",
    "last_name",
    "birth_date",
    "gender",
    "phone",
    "email",
    "street_address",
    "postal_code",
    "city",
    "birth_country_group",
    "immigrant_background",
    "education",
    "benefit",
    "innsatsgruppe",
    "reduced_work_capacity",
)
ORDER_KEYS = ("referring_adviser", "order_background", "order_tried", "order_goal")


def _person_fields(row: Row) -> dict[str, Any]:
    return {key: row.values[key] for key in PERSON_KEYS if key in row.values}


def _referral(row: Row) -> Referral:
    # The checker resolved all of these for every good row.
    assert row.participant_id is not None
    assert row.birth_date is not None
    assert row.programme is not None
    assert row.rules is not None
    assert row.owner is not None
    assert row.team is not None
    return Referral(
        participant_id=row.participant_id,
        birth_date=row.birth_date,
        programme=row.programme,
        rules=row.rules,
        owner=row.owner,
        team=row.team,
        referral_date=row.values["referral_date"],
        intake_on=row.values.get("intake_on"),
        intake_talk_date=row.values.get("intake_talk_date"),
        active_on=row.values.get("active_on"),
        **{key: row.values[key] for key in ORDER_KEYS if key in row.values},
    )


def _move_on(actor: User, row: Row, case: Case, kind: str) -> None:
    """Intake and activation of a reopened case, through the transition services, when the row
    says so (they refuse: a reopened case is active already, so the row is a problem)."""
    values = row.values
    try:
        if "intake_on" in values:
            case = case_services.case_start_intake(case=case, actor=actor, on=values["intake_on"])
        if "active_on" in values:
            case_services.case_activate(
                case=case,
                actor=actor,
                on=values["active_on"],
                intake_talk_date=values["intake_talk_date"],
            )
    except case_services.CaseError as error:
        where = "active_on" if "active_on" in values else "intake_on"
        raise RowFailed(Problem(row.number, column_named(kind, where), str(error))) from None


def _employer(actor: User, row: Row) -> None:
    fields = {key: value for key, value in row.values.items() if key != "orgnr"}
    try:
        employer_services.employer_register(actor=actor, orgnr=row.values["orgnr"], **fields)
    except employer_services.EmployerError as error:
        raise RowFailed(
            Problem(row.number, column_named(ImportKind.EMPLOYERS, "orgnr"), str(error))
        ) from None


def _chunks(items: list[Row], size: int) -> Iterable[list[Row]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- The stored file -------------------------------------------------------------------------


def import_discard(*, job: ImportJob) -> None:
    """Delete the stored file (a dry run from the command line keeps nothing)."""
    _delete_file(job)


def _forget_file(job: ImportJob) -> None:
    """Empty the job's file field (the caller saves it, in its transaction); the stored bytes go
    when that transaction commits, so the row never says "imported" while the file is kept, and
    a rolled-back import keeps its file."""
    if job.file:
        storage, name = job.file.storage, job.file.name
        job.file = ""
        transaction.on_commit(lambda: storage.delete(name))


def _delete_file(job: ImportJob) -> None:
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        _forget_file(locked)
        locked.save(update_fields=["file"])
    job.file = locked.file


def _delete_stale_files() -> None:
    """Files uploaded long ago and never imported: the numbers in them go."""
    stale = ImportJob.objects.filter(
        created_at__lt=timezone.now() - STALE_AFTER,
        status__in=[ImportStatus.CHECKED, ImportStatus.WAITING],
    ).exclude(file="")
    for job in stale[:50]:
        _delete_file(job)
