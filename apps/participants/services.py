"""Every write to a participant. Each runs in one transaction and records who did it."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.organisation.models import User
from apps.participants import crypto
from apps.participants.fnr import Fnr
from apps.participants.models import (
    TRACKED_FIELDS,
    Consent,
    ConsentRecipient,
    ConsentTopic,
    Participant,
    ParticipantChange,
    TransferRequest,
)


class ParticipantError(Exception):
    """A refused change, with a message for the user."""


class AlreadyRegistered(ParticipantError):
    def __init__(self, participant: Participant) -> None:
        super().__init__(_("This person is already registered."))
        self.participant = participant


def _json(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def participant_register(*, actor: User, fnr: Fnr, **fields: Any) -> Participant:
    """Register a person. Side effects: one participant row, its history row ("registered").

    Raises AlreadyRegistered when the number is known (also when two people register the same
    number at the same moment: the unique hash decides).
    """
    if actor.office is None:
        raise ParticipantError(_("Only staff at an office can register participants."))
    participant = Participant(
        fnr_ciphertext=crypto.encrypt(fnr.digits),
        fnr_hash=crypto.lookup_hash(fnr.digits),
        is_d_number=fnr.is_d_number,
        registered_by_office=actor.office,
        **fields,
    )
    try:
        with transaction.atomic():
            participant.save()
            ParticipantChange.objects.create(
                participant=participant,
                actor=actor,
                changed_at=timezone.now(),
                field="registered",
                old_value=None,
                new_value=None,
            )
    except IntegrityError:
        existing = Participant.objects.filter(fnr_hash__in=crypto.lookup_hashes(fnr.digits)).first()
        if existing is None:
            raise
        raise AlreadyRegistered(existing) from None
    return participant


def participant_update(*, participant: Participant, actor: User, **changes: Any) -> list[str]:
    """Change a participant's fields, keeping old and new values of each changed field.

    Side effects: the participant row, one history row per changed field. Returns the names of
    the fields that changed.
    """
    unknown = set(changes) - set(TRACKED_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")
    now = timezone.now()
    with transaction.atomic():
        locked = Participant.objects.select_for_update().get(pk=participant.pk)
        changed = []
        for field, new in changes.items():
            old = getattr(locked, field)
            if old != new:
                changed.append(field)
                setattr(locked, field, new)
                ParticipantChange.objects.create(
                    participant=locked,
                    actor=actor,
                    changed_at=now,
                    field=field,
                    old_value=_json(old),
                    new_value=_json(new),
                )
        if changed:
            locked.save(update_fields=changed)
    for field in changed:
        setattr(participant, field, getattr(locked, field))
    return changed


def consent_record(
    *,
    participant: Participant,
    actor: User,
    recipient: str,
    topics: list[str],
    given_on: datetime.date,
    note: str = "",
) -> Consent:
    """Record a consent the participant gave. Side effects: one consent row."""
    unknown = set(topics) - set(ConsentTopic.values)
    if recipient not in ConsentRecipient.values or unknown or not topics:
        # The form offers only the choices; a caller passing anything else is a bug, and a
        # consent nobody can read back would silently share nothing (or the wrong thing).
        raise ParticipantError(_("Choose who may be told, and at least one topic."))
    return Consent.objects.create(
        participant=participant,
        recipient=recipient,
        topics=topics,
        given_on=given_on,
        note=note,
        recorded_by=actor,
    )


def consent_withdraw(*, consent: Consent, actor: User, on: datetime.date) -> Consent:
    """Mark a consent withdrawn from ``on``. The row stays: what was allowed when is history."""
    with transaction.atomic():
        locked = Consent.objects.select_for_update().get(pk=consent.pk)
        if locked.withdrawn_on is not None:
            raise ParticipantError(_("This consent has already been withdrawn."))
        if on < locked.given_on:
            raise ParticipantError(_("A consent cannot be withdrawn before it was given."))
        locked.withdrawn_on = on
        locked.save(update_fields=["withdrawn_on"])
    return locked


def transfer_request_create(
    *, participant: Participant, actor: User, message: str = ""
) -> TransferRequest:
    """Ask the office that holds a person to move them here. Idempotent per office while open."""
    if actor.office is None:
        raise ParticipantError(_("Only staff at an office can ask for a transfer."))
    request, _created = TransferRequest.objects.get_or_create(
        participant=participant,
        requesting_office=actor.office,
        handled_at=None,
        defaults={"requested_by": actor, "message": message},
    )
    return request
