"""A participant's access request (innsyn): everything we hold about them, and who looked.

The export is for the participant; it is made by staff who may change the participant's cases,
and the making of it is itself logged.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Model

from apps.audit.selectors import access_log_for_participant
from apps.cases.models import Case
from apps.contacts.models import Contact
from apps.participants import crypto
from apps.participants.models import TRACKED_FIELDS, Participant

CASE_FIELDS = [
    "programme__name",
    "office__name",
    "status",
    "referral_date",
    "referring_adviser",
    "order_background",
    "order_tried",
    "order_goal",
    "intake_talk_date",
    "candidate_since",
    "participant_since",
    "end_date",
    "end_reason",
    "closing_note",
]
CONTACT_FIELDS = [
    "occurred_at",
    "channel",
    "place",
    "initiative",
    "duration_minutes",
    "activity",
    "stage",
    "note",
    "author__first_name",
    "author__last_name",
]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Model):
        return str(value)
    return value


def participant_export(participant: Participant) -> dict[str, Any]:
    """One dict, ready for JSON: the person, consents, history, cases, contacts and access log."""
    cases = list(
        Case.objects.filter(participant=participant)
        .values("id", *CASE_FIELDS)
        .order_by("referral_date")
    )
    case_ids = [c["id"] for c in cases]
    return {
        "exported_at": _plain(datetime.datetime.now(datetime.UTC)),
        "person": {
            "fodselsnummer": crypto.decrypt(participant.fnr_ciphertext),
            **{field: _plain(getattr(participant, field)) for field in TRACKED_FIELDS},
        },
        "consents": [
            {k: _plain(v) for k, v in c.items()}
            for c in participant.consents.values(
                "recipient", "topics", "given_on", "withdrawn_on", "note"
            )
        ],
        "history": [
            {k: _plain(v) for k, v in h.items()}
            for h in participant.changes.values(
                "changed_at", "field", "old_value", "new_value", "actor__username"
            )
        ],
        "cases": [{k: _plain(v) for k, v in c.items()} for c in cases],
        "contacts": [
            {k: _plain(v) for k, v in c.items()}
            for c in Contact.objects.filter(case_id__in=case_ids)
            .values("case_id", *CONTACT_FIELDS)
            .order_by("occurred_at")
        ],
        "access_log": [
            {k: _plain(v) for k, v in entry.items()}
            for entry in access_log_for_participant(participant.pk).values(
                "at", "actor_name", "actor_role", "action", "path", "case_id"
            )
        ],
    }
