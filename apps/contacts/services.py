"""Logging and correcting contacts."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.cases.access import CaseAction, case_scope
from apps.cases.models import Case
from apps.cases.selectors import stage_on
from apps.contacts.models import Contact, ContactDraft, ContactRevision, Party
from apps.employers.models import ContactPerson, Employer
from apps.followups import services as followups
from apps.organisation.models import PERSON_DATA_ROLES, User

EDITABLE = (
    "occurred_at",
    "channel",
    "place",
    "initiative",
    "duration_minutes",
    "activity",
    "note",
    *(f"with_{party}" for party in Party.values),
)


class ContactError(Exception):
    """A refused contact, with a message for the user."""


def contact_log(
    *,
    actor: User,
    case: Case | None,
    occurred_at: datetime.datetime,
    channel: str,
    place: str,
    with_whom: list[str],
    initiative: str,
    duration_minutes: int,
    activity: str,
    note: str = "",
    employer: Employer | None = None,
    contact_person: ContactPerson | None = None,
) -> Contact:
    """Log one contact, on a case or (team meetings, training) on none.

    The stage is read from the case's stage history at the contact's date, so a back-dated
    contact gets the stage the case was in then. Side effects: one contact row.
    """
    if actor.role not in PERSON_DATA_ROLES or actor.office_id is None:
        raise ContactError(_("Only staff at an office can log contacts."))
    if case is not None and not case_scope(actor, CaseAction.LOG_CONTACT).matches(case):
        raise ContactError(_("You cannot log contacts on this case."))
    if employer is not None and "employer" not in with_whom:
        with_whom = [*with_whom, "employer"]
    if contact_person is not None and contact_person.employer_id != getattr(employer, "pk", None):
        raise ContactError(_("The contact person works for another employer."))
    if case is not None and not with_whom:
        raise ContactError(_("Say who the contact was with."))
    if occurred_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ContactError(_("A contact cannot be logged in the future."))
    if case is not None and timezone.localdate(occurred_at) < case.referral_date:
        raise ContactError(_("A contact on a case cannot be before the referral date."))
    stage = stage_on(case, timezone.localdate(occurred_at)) if case is not None else None
    if case is not None:
        ContactDraft.objects.filter(user=actor, case=case).delete()
    contact = Contact.objects.create(
        case=case,
        author=actor,
        office_id=case.office_id if case is not None else actor.office_id,
        occurred_at=occurred_at,
        channel=channel,
        place=place,
        initiative=initiative,
        duration_minutes=duration_minutes,
        activity=activity,
        note=note,
        stage=stage,
        employer=employer,
        contact_person=contact_person,
        **{f"with_{party}": party in with_whom for party in Party.values},
    )
    if case is not None:
        followups.checkpoints_after_contact(case, contact.pk, timezone.localdate(occurred_at))
    return contact


def contact_correct(*, contact: Contact, actor: User, **changes: Any) -> Contact:
    """The author corrects their own entry; the earlier values are kept as a revision."""
    if "with_whom" in changes:
        with_whom = changes.pop("with_whom")
        changes.update({f"with_{party}": party in with_whom for party in Party.values})
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    with transaction.atomic():
        locked = Contact.objects.select_for_update().get(pk=contact.pk)
        if locked.author_id != actor.pk:
            raise ContactError(_("Only the person who logged a contact can correct it."))
        before = {field: getattr(locked, field) for field in changes}
        if all(before[field] == value for field, value in changes.items()):
            return locked
        ContactRevision.objects.create(
            contact=locked,
            edited_by=actor,
            edited_at=timezone.now(),
            previous={
                k: (v.isoformat() if isinstance(v, datetime.datetime) else v)
                for k, v in before.items()
            },
        )
        for field, value in changes.items():
            setattr(locked, field, value)
        if "occurred_at" in changes and locked.case is not None:
            locked.stage = stage_on(locked.case, timezone.localdate(locked.occurred_at))
        locked.edited_at = timezone.now()
        locked.save()
    return locked


# Fields of the contact form a draft may hold; anything else posted is ignored.
DRAFT_FIELDS = (
    "occurred_at",
    "channel",
    "place",
    "with_whom",
    "initiative",
    "duration_minutes",
    "activity",
    "note",
)


def contact_draft_save(*, actor: User, case: Case, data: dict[str, Any]) -> ContactDraft:
    """Keep what the user has typed so far. Side effects: one draft row per user and case."""
    if not case_scope(actor, CaseAction.LOG_CONTACT).matches(case):
        raise ContactError(_("You cannot log contacts on this case."))
    kept = {key: value for key, value in data.items() if key in DRAFT_FIELDS}
    draft, _created = ContactDraft.objects.update_or_create(
        user=actor, case=case, defaults={"data": kept}
    )
    return draft


def contact_draft_discard(*, actor: User, case: Case) -> None:
    ContactDraft.objects.filter(user=actor, case=case).delete()
