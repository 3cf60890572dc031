"""The six programmes of DOMAIN.md, with the rules the evaluation reports describe.

Sources are the seed reports (000-004). Loaded by migration 0002 and, in tests whose database is
flushed between tests, by the ``reference_data`` fixture. Administrators change rules in the admin
by adding a version with a later date; nothing here runs again on a live database.
"""

from __future__ import annotations

import datetime
from typing import Any

EFFECTIVE_FROM = datetime.date(2013, 1, 1)

PROGRAMMES = [
    {
        "code": "aap-lonnstilskudd",
        "name": "AAP som lønnstilskudd",
        "run_by": "nav_team",
        "description": "Arbeidsavklaringspenger brukt som lønnstilskudd (40 %) ved midlertidig ansettelse i inntil tre år. Unge under 30 år prioriteres. (Rapport 000)",
        "rules": {
            "max_duration_months": 36,
            "caseload_norm_high": 30,
            "allows_pause": False,
            "outcome_targets": {},
            "notes": "Lønnstilskudd 40 %; midlertidig ansettelse i inntil 3 år; under 30 år prioriteres.",
        },
    },
    {
        "code": "kvp-place-then-train",
        "name": "Kvalifiseringsprogrammet, place then train",
        "run_by": "nav_team",
        "description": "Arbeidsrettet oppfølging etter place then train i kvalifiseringsprogrammet (Tromsøpakken, Snart Ansatt). (Rapport 003)",
        "rules": {
            "max_duration_months": 12,
            "extension_months": 12,
            "max_extensions": 1,
            "caseload_norm_low": 10,
            "caseload_norm_high": 15,
            "allows_pause": True,
            "follow_up_after_job_months": 12,
            "notes": "Ett år med mulighet for ett års forlengelse.",
        },
    },
    {
        "code": "utvidet-oppfolging",
        "name": "Utvidet oppfølging i NAV (Kjerneoppgaver i NAV)",
        "run_by": "nav_office",
        "description": "Oppfølging ved NAV-kontoret uten formell tidsgrense; oppfølging inntil seks måneder etter jobbstart. (Rapport 001, 002)",
        "rules": {
            "max_duration_months": None,
            "caseload_norm_high": 20,
            "allows_pause": True,
            "follow_up_after_job_months": 6,
        },
    },
    {
        "code": "oppfolging",
        "name": "Oppfølging (anskaffet tiltak)",
        "run_by": "external_provider",
        "description": "Anskaffet oppfølgingstiltak hos ekstern leverandør. (Rapport 001, 004)",
        "rules": {
            "max_duration_months": 6,
            "extension_months": 6,
            "max_extensions": 1,
            "max_duration_months_reduced_capacity": 36,
            "caseload_norm_low": 12,
            "caseload_norm_high": 13,
            "caseload_ceiling": 20,
            "hours_per_participant_month": 10,
            "allows_pause": False,
            "outcome_targets": {"in_work_at_end": 65},
            "notes": "6 + 6 måneder; inntil 3 år ved nedsatt arbeidsevne; 10 timer per deltaker per måned.",
        },
    },
    {
        "code": "supported-employment-forsok",
        "name": "Supported Employment (forsøk)",
        "run_by": "external_provider",
        "description": "Forsøk med Supported Employment hos ekstern leverandør. (Rapport 001)",
        "rules": {
            "max_duration_months": 18,
            "extension_months": 6,
            "max_extensions": 1,
            "caseload_norm_low": 15,
            "caseload_norm_high": 20,
            "allows_pause": False,
        },
    },
    {
        "code": "ips",
        "name": "IPS (individuell jobbstøtte)",
        "run_by": "treatment_team",
        "description": "Individuell jobbstøtte ved jobbspesialist i et behandlingsteam. (Rapport 001)",
        "rules": {
            "max_duration_months": None,
            "caseload_norm_high": 20,
            "first_employer_contact_days": 30,
            "allows_pause": True,
            "notes": "Ingen tidsgrense; jobbsøk starter innen en måned.",
        },
    },
]


def load_programmes(programme_model: Any, rules_model: Any) -> None:
    """Create or update the programmes and their first rule version."""
    for spec in PROGRAMMES:
        programme, _ = programme_model.objects.update_or_create(
            code=spec["code"],
            defaults={k: spec[k] for k in ("name", "run_by", "description")},
        )
        rules_model.objects.update_or_create(
            programme=programme, effective_from=EFFECTIVE_FROM, defaults=spec["rules"]
        )
