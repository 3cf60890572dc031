from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.cases.demo import load_cases
from apps.employers.demo import load_employer_side
from apps.organisation.demo import DEMO_PASSWORD, PERSONAS, load_organisation


class Command(BaseCommand):
    help = (
        "Loads the demo data: offices, teams, the demo personas (password 'demo') and, once, "
        "about 300 participants with their cases and a year of contacts, and about 120 employers "
        "with placements, intention agreements and workplace mentors."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.JOBBSPOR_ALLOW_DEMO_DATA:
            raise CommandError(
                "Demo data is refused with these settings (JOBBSPOR_ALLOW_DEMO_DATA is off, as it "
                "always is in production)."
            )
        with transaction.atomic():
            load_organisation()
            counts = load_cases()
            employer_side = load_employer_side()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        if any(counts.values()):
            self.stdout.write(
                f"  Demo cases: {counts['participants']} participants, {counts['cases']} cases, "
                f"{counts['contacts']} contacts, {counts['specialists']} more job specialists "
                f"(js-*, password {DEMO_PASSWORD})."
            )
        else:
            self.stdout.write("  Demo cases: already loaded, nothing added.")
        if any(employer_side.values()):
            self.stdout.write(
                f"  Demo employers: {employer_side['employers']} employers, "
                f"{employer_side['employer_contacts']} employer contacts, "
                f"{employer_side['placements']} placements, "
                f"{employer_side['agreements']} intention agreements, "
                f"{employer_side['mentors']} mentors."
            )
        else:
            self.stdout.write("  Demo employers: already loaded, nothing added.")
        for persona in PERSONAS:
            self.stdout.write(
                f"  {persona.username:<12} {persona.role.label} "
                f"({persona.office or persona.county or 'NAV'}) / {DEMO_PASSWORD}"
            )
