from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.cases.demo import load_cases
from apps.organisation.demo import DEMO_PASSWORD, PERSONAS, load_organisation


class Command(BaseCommand):
    help = (
        "Loads the demo data: offices, teams, the demo personas (password 'demo') and, once, "
        "about 300 participants with their cases and a year of contacts."
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
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        if any(counts.values()):
            self.stdout.write(
                f"  Demo cases: {counts['participants']} participants, {counts['cases']} cases, "
                f"{counts['contacts']} contacts, {counts['specialists']} more job specialists "
                f"(js-*, password {DEMO_PASSWORD})."
            )
        else:
            self.stdout.write("  Demo cases: already loaded, nothing added.")
        for persona in PERSONAS:
            self.stdout.write(
                f"  {persona.username:<12} {persona.role.label} "
                f"({persona.office or persona.county or 'NAV'}) / {DEMO_PASSWORD}"
            )
