from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.organisation.demo import DEMO_PASSWORD, PERSONAS, load_organisation


class Command(BaseCommand):
    help = "Loads the demo data: offices, teams and the demo personas (password 'demo')."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.JOBBSPOR_ALLOW_DEMO_DATA:
            raise CommandError(
                "Demo data is refused with these settings (JOBBSPOR_ALLOW_DEMO_DATA is off, as it "
                "always is in production)."
            )
        with transaction.atomic():
            load_organisation()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        for persona in PERSONAS:
            self.stdout.write(
                f"  {persona.username:<12} {persona.role.label} "
                f"({persona.office or persona.county or 'NAV'}) / {DEMO_PASSWORD}"
            )
