from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.reporting.reference import REFERENCE_DIR, load_reference_data


class Command(BaseCommand):
    help = (
        "Builds the published figures of 'AAP som lønnstilskudd' (report 000) as offices, "
        "synthetic participants and cases, through the services, and loads its måltall as "
        "targets. Cases are made once; running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--directory",
            type=Path,
            default=REFERENCE_DIR,
            help="Folder holding monthly_flows.csv and maaltall.csv (default: %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["directory"]
        if not (directory / "monthly_flows.csv").is_file():
            raise CommandError(f"No monthly_flows.csv in {directory}.")
        try:
            data = load_reference_data(directory)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Reference data loaded: {len(data.offices)} offices, "
                f"{data.cases_created} new cases, {data.targets_set} targets."
            )
        )
