from __future__ import annotations

import datetime
from typing import Any

from apps.agreements.models import Agreement
from apps.agreements.services import agreement_create
from apps.employers.models import Employer
from apps.employers.services import employer_register
from apps.organisation.models import User
from apps.placements.models import Placement
from apps.placements.services import placement_create

# Real-format organisation numbers with valid check digits, made up for the tests.
ORGNRS = ["910000004", "910000012", "910000020", "910000039", "910000047"]


def employer(actor: User, orgnr: str = ORGNRS[0], name: str = "Lager og Logistikk AS") -> Employer:
    existing = Employer.objects.filter(orgnr=orgnr).first()
    return existing or employer_register(
        actor=actor,
        orgnr=orgnr,
        name=name,
        sector="private",
        city="Oslo",
        postal_code="0661",
        street_address="Lagerveien 1",
    )


def placement(case: Any, actor: User, **fields: Any) -> Placement:
    values: dict[str, Any] = {
        "employer": employer(actor),
        "kind": "practice",
        "start_on": datetime.date(2026, 10, 1),
        "end_on": datetime.date(2026, 12, 31),
        "position_percent": 50,
        "hours_per_week": 18.5,
        "tasks": "Plukk og pakk",
    }
    values.update(fields)
    return placement_create(case=case, actor=actor, **values)


def agreement(case: Any, actor: User, **fields: Any) -> Agreement:
    p = fields.pop("placement", None) or placement(case, actor)
    values: dict[str, Any] = {
        "start_on": datetime.date(2026, 10, 1),
        "end_on": datetime.date(2026, 12, 31),
        "work_percent": 50,
        "tasks": "Plukk og pakk på lageret",
        "training_plan": "To uker med fadder, så gradvis alene",
        "norwegian_tuition": "",
        "follow_up": "Møte hver 4. uke",
        "mentor_appointed": True,
        "mentor_name": "Per Fadder",
        "hiring_conditions": "Møter stabilt og kan truck",
    }
    values.update(fields)
    return agreement_create(case=case, placement=p, actor=actor, **values)
