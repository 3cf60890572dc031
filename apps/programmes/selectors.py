from __future__ import annotations

import datetime

from apps.programmes.models import Programme, ProgrammeRules


def programme_rules_in_force(*, programme: Programme, on: datetime.date) -> ProgrammeRules | None:
    """The version of the programme's rules in force on the given date, if any."""
    return (
        ProgrammeRules.objects.filter(programme=programme, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )
