from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import Enum

from django.db.models import Q, QuerySet

from apps.cases.access import CaseAction
from apps.cases.selectors import cases_for
from apps.organisation.models import User
from apps.participants import crypto
from apps.participants.fnr import Fnr
from apps.participants.models import Consent, Participant, Protection, TransferRequest


def participants_visible_to(user: User) -> QuerySet[Participant]:
    """Participants with at least one case the user may read: there is no other way in."""
    return Participant.objects.filter(
        pk__in=cases_for(user, CaseAction.VIEW).values("participant_id")
    )


def participants_changeable_by(user: User) -> QuerySet[Participant]:
    return Participant.objects.filter(
        pk__in=cases_for(user, CaseAction.CHANGE).values("participant_id")
    )


class Found(Enum):
    VISIBLE = "visible"  # the user may open the participant
    SAME_OFFICE = "same_office"  # at the user's office, in a team the user does not belong to
    ELSEWHERE = "elsewhere"  # known, somewhere the user may not be told about
    NOT_FOUND = "not_found"


@dataclass(frozen=True)
class Lookup:
    found: Found
    participant: Participant | None = None


def transfer_requests_for(user: User) -> QuerySet[TransferRequest]:
    """Open requests from other offices about people with open cases this lead answers for."""
    from apps.cases.models import OPEN_STATUSES
    from apps.organisation.models import Role

    if user.role == Role.TEAM_LEAD:
        held = Q(cases__team_id__in=user.team_ids)
    elif user.role == Role.OFFICE_HEAD and user.office_id is not None:
        held = Q(cases__office_id=user.office_id)
    else:
        return TransferRequest.objects.none()
    participants = Participant.objects.filter(held, cases__status__in=OPEN_STATUSES)
    return (
        TransferRequest.objects.filter(handled_at__isnull=True, participant__in=participants)
        .select_related("participant", "requesting_office", "requested_by")
        .order_by("created_at")
    )


def participant_lookup(*, user: User, fnr: Fnr) -> Lookup:
    """Find a person by number. Says only what the user may know about where they are."""
    participant = Participant.objects.filter(fnr_hash__in=crypto.lookup_hashes(fnr.digits)).first()
    if participant is None:
        return Lookup(Found.NOT_FOUND)
    if participants_visible_to(user).filter(pk=participant.pk).exists():
        return Lookup(Found.VISIBLE, participant)
    in_office = Participant.objects.filter(
        Q(registered_by_office=user.office) | Q(cases__office=user.office), pk=participant.pk
    ).exists()
    return Lookup(Found.SAME_OFFICE if in_office else Found.ELSEWHERE, participant)


def address_visible_to(*, user: User, participant: Participant, owner_ids: set[int]) -> bool:
    """A protected address (code 6 or 7) is shown to the owners of the participant's cases only."""
    return participant.protection == Protection.NONE or user.pk in owner_ids


def consents_in_force(
    *, participant: Participant, recipient: str, on: datetime.date
) -> QuerySet[Consent]:
    return participant.consents.filter(recipient=recipient, given_on__lte=on).filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on)
    )
