"""Retention: a participant's personal data is anonymised some years after their last case ended.

What goes: the name, the fødselsnummer, contact details, the address, the birth date (each case
kept the age at referral), every free text (the referral's order, the notes of contacts and stage
moves, the vocational profile, consents' notes, closing notes), uploaded documents, drafts, the
field history, and the access-log rows about the person older than the cut-off. What stays: the
categories and dates that reports count (programme, office, statuses, stages, outcomes, contact
times and channels), now about nobody in particular. The aggregate reports give the same figures
before and after (tests/audit/test_retention.py).
"""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, QuerySet
from django.utils import timezone

from apps.audit.services import access_log_purge
from apps.cases.models import (
    OPEN_STATUSES,
    Case,
    CaseDocument,
    CaseEvent,
    CaseStageEvent,
    VocationalProfile,
)
from apps.contacts.models import Contact, ContactDraft, ContactRevision
from apps.participants.models import Consent, Participant, ParticipantChange, TransferRequest

ANONYMOUS = "Anonymisert"


def due_for_anonymisation(*, today: datetime.date) -> QuerySet[Participant]:
    """Participants with no open case whose last case ended more than the retention period ago."""
    cutoff = today - relativedelta(years=settings.JOBBSPOR_RETENTION_YEARS)
    open_cases = Case.objects.filter(participant=OuterRef("pk"), status__in=OPEN_STATUSES)
    return (
        Participant.objects.filter(anonymised_at__isnull=True)
        .annotate(last_end=Max("cases__end_date"), has_open=Exists(open_cases))
        .filter(has_open=False, last_end__lt=cutoff)
    )


def participant_anonymise(participant: Participant) -> None:
    """Anonymise one participant and everything written about them. Side effects: many rows
    blanked or deleted, uploaded files removed, in one transaction."""
    with transaction.atomic():
        person = Participant.objects.select_for_update().get(pk=participant.pk)
        if person.anonymised_at is not None:
            return
        cases = Case.objects.filter(participant=person)
        for document in CaseDocument.objects.filter(case__in=cases):
            document.file.delete(save=False)
            document.delete()
        Contact.objects.filter(case__in=cases).update(note="")
        ContactRevision.objects.filter(contact__case__in=cases).delete()
        ContactDraft.objects.filter(case__in=cases).delete()
        CaseStageEvent.objects.filter(case__in=cases).update(reason="")
        CaseEvent.objects.filter(case__in=cases).update(reason="")
        VocationalProfile.objects.filter(case__in=cases).delete()
        cases.update(
            referring_adviser="",
            order_background="",
            order_tried="",
            order_goal="",
            closing_note="",
        )
        Consent.objects.filter(participant=person).update(note="")
        ParticipantChange.objects.filter(participant=person).delete()
        TransferRequest.objects.filter(participant=person).delete()
        person.first_name = person.last_name = ANONYMOUS
        person.birth_date = datetime.date(1900, 1, 1)
        person.fnr_ciphertext = ""
        person.fnr_hash = f"anonymised-{person.pk}"
        person.phone = person.email = person.street_address = person.postal_code = person.city = ""
        person.anonymised_at = timezone.now()
        person.save()


def retention_run(*, today: datetime.date | None = None) -> int:
    """Anonymise every participant due. Safe to run twice or to stop halfway: each person is one
    transaction, and an anonymised person is skipped. Returns how many were anonymised."""
    today = today or timezone.localdate()
    done = 0
    for participant in due_for_anonymisation(today=today).iterator(chunk_size=200):
        participant_anonymise(participant)
        done += 1
    cutoff = timezone.make_aware(
        datetime.datetime.combine(
            today - relativedelta(years=settings.JOBBSPOR_RETENTION_YEARS), datetime.time()
        )
    )
    anonymised = Participant.objects.filter(anonymised_at__isnull=False).values_list(
        "pk", flat=True
    )
    access_log_purge(participant_ids=anonymised, before=cutoff)
    return done
