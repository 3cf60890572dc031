from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from apps.imports.files import UnreadableFile
from apps.imports.models import ImportKind, ImportStatus
from apps.imports.services import (
    ImportRefused,
    import_check,
    import_discard,
    import_job_create,
    import_start,
)
from apps.organisation.models import User

KINDS = {
    "participants": ImportKind.PARTICIPANTS,
    "deltakere": ImportKind.PARTICIPANTS,
    "cases": ImportKind.CASES,
    "saker": ImportKind.CASES,
    "employers": ImportKind.EMPLOYERS,
    "arbeidsgivere": ImportKind.EMPLOYERS,
}


class Command(BaseCommand):
    help = (
        "Imports participants (with their referral), cases or employers from a CSV or XLSX "
        "file, as the given user, through the same checks as the import page (docs/import.md). "
        "Every bad row is listed by row, column and reason, and nothing is imported unless every "
        "row is good. Prints counts and problems only, never a value from the file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--user", required=True, help="The username of the specialist or team lead."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every row and import nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        actor = User.objects.filter(username=options["user"], is_active=True).first()
        if actor is None:
            raise CommandError(f"No active user {options['user']!r}.")
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        language = settings.LANGUAGE_CODE
        with translation.override(language):
            try:
                job = import_job_create(
                    actor=actor,
                    kind=KINDS[options["kind"]],
                    name=path.name,
                    data=data,
                    language=language,
                )
            except (ImportRefused, UnreadableFile) as error:
                raise CommandError(str(error)) from None
            job = import_check(job=job)
            if job.error_count:
                self._problems(job)
                raise CommandError(
                    translation.gettext(
                        "%(errors)s problems in %(rows)s rows. Nothing was imported."
                    )
                    % {"errors": job.error_count, "rows": job.total_rows}
                )
            if options["dry_run"]:
                import_discard(job=job)
                self.stdout.write(
                    translation.gettext(
                        "%(rows)s rows checked, no problems. Nothing was imported (dry run)."
                    )
                    % {"rows": job.total_rows}
                )
                return
            job = import_start(job=job, actor=actor, inline=True)
            if job.status != ImportStatus.IMPORTED:
                self._problems(job)
                raise CommandError(translation.gettext("Nothing was imported."))
            self.stdout.write(
                translation.gettext("Imported %(rows)s rows (import %(job)s).")
                % {"rows": job.imported_rows, "job": job.pk}
            )

    def _problems(self, job: Any) -> None:
        for error in job.errors.all():
            if error.row is None:
                line = error.message
            else:
                line = translation.gettext("Row %(row)s, column %(column)s: %(message)s") % {
                    "row": error.row,
                    "column": error.column or "–",
                    "message": error.message,
                }
            self.stderr.write(line)
