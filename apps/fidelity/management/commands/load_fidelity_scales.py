from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from apps.fidelity.models import Scale, ScaleItem
from apps.fidelity.scales import load_scales
from apps.programmes.models import Programme


class Command(BaseCommand):
    help = "Load (or reload) every fidelity scale edition in apps/fidelity/scales/."

    def handle(self, *args: Any, **options: Any) -> None:
        for scale in load_scales(Scale, ScaleItem, Programme):
            self.stdout.write(f"{scale.code} {scale.edition}: {scale.items.count()} items")
