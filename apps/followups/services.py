"""Checkpoints: made when their anchor events happen, swept when due, completed by people.

Every function here is idempotent on its unique keys: calling one twice, or a sweep that dies
halfway and runs again, never makes a second checkpoint, notification or e-mail.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.cases.access import CaseAction, case_scope
from apps.cases.models import Case, CaseStatus, OutcomeStatus
from apps.followups.models import (
    Checkpoint,
    CheckpointKind,
    CheckpointStatus,
    Notification,
    NotificationKind,
    OutboxEmail,
    SweepRun,
)
from apps.organisation.models import Role, User

IN_CASE_KINDS = [
    CheckpointKind.INTAKE_CONTACT,
    CheckpointKind.INTAKE_TALK,
    CheckpointKind.PROGRESS_REPORT,
    CheckpointKind.MAXIMUM_DURATION,
    CheckpointKind.NO_CONTACT,
    CheckpointKind.WORKPLACE_EVALUATION,
    CheckpointKind.PLACEMENT_EXPIRY,
    CheckpointKind.AGREEMENT_EXPIRY,
]
ESCALATE_AFTER = datetime.timedelta(days=7)
# Rows claimed per transaction: small enough that a sweep killed halfway loses little and that
# two sweeps share the work, large enough that the per-transaction costs (the claim, the
# recipients, two inserts, one update and the outbox task) are spread over many rows.
BATCH = 200


class FollowupError(Exception):
    """A refused action, with a message for the user."""


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus whole months; the 31st of January plus one month is the last day of February."""
    return day + relativedelta(months=months)


def checkpoint_create(
    *, case: Case, kind: str, anchor_type: str, anchor_id: int, sequence: int, due_on: datetime.date
) -> Checkpoint:
    """The checkpoint for this anchor and sequence; made once, whatever the number of calls."""
    checkpoint, _created = Checkpoint.objects.get_or_create(
        case=case,
        kind=kind,
        anchor_type=anchor_type,
        anchor_id=anchor_id,
        sequence=sequence,
        defaults={"due_on": due_on},
    )
    return checkpoint


def _close(case: Case, kinds: Iterable[str], status: str, on: datetime.date) -> int:
    return Checkpoint.objects.filter(
        case=case, kind__in=list(kinds), status=CheckpointStatus.OPEN
    ).update(status=status, done_on=on)


# --- Anchors: called by the services of apps.cases and apps.contacts, in their transactions. -----


def checkpoints_after_referral(case: Case) -> None:
    rules = case.rules
    for kind, days in (
        (CheckpointKind.INTAKE_CONTACT, rules.intake_contact_days),
        (CheckpointKind.INTAKE_TALK, rules.intake_talk_days),
    ):
        checkpoint_create(
            case=case,
            kind=kind,
            anchor_type="case",
            anchor_id=case.pk,
            sequence=1,
            due_on=case.referral_date + datetime.timedelta(days=days),
        )


def checkpoints_after_activation(case: Case, on: datetime.date) -> None:
    _close(
        case, [CheckpointKind.INTAKE_CONTACT, CheckpointKind.INTAKE_TALK], CheckpointStatus.DONE, on
    )
    rules = case.rules
    checkpoint_create(
        case=case,
        kind=CheckpointKind.PROGRESS_REPORT,
        anchor_type="case",
        anchor_id=case.pk,
        sequence=1,
        due_on=add_months(on, 3),
    )
    end = rules.maximum_end(on)
    if end is not None:
        checkpoint_create(
            case=case,
            kind=CheckpointKind.MAXIMUM_DURATION,
            anchor_type="case",
            anchor_id=case.pk,
            sequence=1,
            due_on=end - datetime.timedelta(days=30),
        )


def checkpoints_after_discharge(
    case: Case, discharge_event_id: int, on: datetime.date
) -> list[Checkpoint]:
    """The case ended: in-case deadlines no longer apply; the follow-up after discharge begins."""
    _close(case, IN_CASE_KINDS, CheckpointStatus.CANCELLED, on)
    return [
        checkpoint_create(
            case=case,
            kind=CheckpointKind.POST_DISCHARGE,
            anchor_type="discharge",
            anchor_id=discharge_event_id,
            sequence=months,
            due_on=add_months(on, months),
        )
        for months in case.rules.checkpoint_months
    ]


def checkpoints_after_reopen(case: Case, on: datetime.date) -> int:
    """Reopening cancels the open follow-ups after discharge (kept, not deleted)."""
    return _close(case, [CheckpointKind.POST_DISCHARGE], CheckpointStatus.CANCELLED, on)


def checkpoints_after_ending(case: Case, on: datetime.date) -> int:
    """Rejected or withdrawn before it became active: nothing more is due."""
    return _close(case, list(CheckpointKind.values), CheckpointStatus.CANCELLED, on)


def checkpoints_after_contact(case: Case, contact_id: int, on: datetime.date) -> None:
    """A contact meets the first-contact deadline and moves the no-contact deadline on.

    The no-contact deadline is one open row per case whose due date moves with each contact. Only
    when a deadline was missed (the row was notified) does the next one get a row of its own, so
    the table grows with missed deadlines, not with contacts.
    """
    _close(case, [CheckpointKind.INTAKE_CONTACT], CheckpointStatus.DONE, on)
    if case.status != CaseStatus.ACTIVE:
        _close(case, [CheckpointKind.NO_CONTACT], CheckpointStatus.DONE, on)
        return
    due = on + datetime.timedelta(days=case.rules.no_contact_days)
    rows = Checkpoint.objects.filter(case=case, kind=CheckpointKind.NO_CONTACT)
    current = rows.filter(status=CheckpointStatus.OPEN).order_by("-sequence").first()
    if current is not None and current.notified_at is None:
        if due > current.due_on:
            rows.filter(pk=current.pk).update(due_on=due)
        return
    if current is not None:
        rows.filter(pk=current.pk).update(status=CheckpointStatus.DONE, done_on=on)
    last = rows.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    checkpoint_create(
        case=case,
        kind=CheckpointKind.NO_CONTACT,
        anchor_type="case",
        anchor_id=case.pk,
        sequence=last + 1,
        due_on=due,
    )


# --- People complete checkpoints. -------------------------------------------------------------


def checkpoint_complete(
    *,
    checkpoint: Checkpoint,
    actor: User,
    on: datetime.date,
    status: dict[str, Any] | None = None,
    note: str = "",
) -> Checkpoint:
    """Record that a checkpoint is done; a follow-up after discharge records the status flags.

    Side effects: the checkpoint, an OutcomeStatus for follow-ups after discharge, the next
    progress report, and closing the case when its last follow-up after discharge is done.
    """
    from apps.cases.services import case_close

    with transaction.atomic():
        locked = (
            Checkpoint.objects.select_for_update()
            .select_related("case__rules")
            .get(pk=checkpoint.pk)
        )
        case = locked.case
        if not case_scope(actor, CaseAction.CHANGE).matches(case):
            raise FollowupError(_("You do not have access to change this case."))
        if locked.status != CheckpointStatus.OPEN:
            raise FollowupError(_("This follow-up has already been recorded."))
        if locked.kind == CheckpointKind.POST_DISCHARGE:
            if not status:
                raise FollowupError(_("Record the participant's situation."))
            locked.outcome = OutcomeStatus.objects.create(
                case=case, recorded_on=on, recorded_by=actor, **status
            )
        locked.status, locked.done_on, locked.done_by, locked.note = (
            CheckpointStatus.DONE,
            on,
            actor,
            note,
        )
        locked.save()
        if locked.kind == CheckpointKind.PROGRESS_REPORT and case.status == CaseStatus.ACTIVE:
            checkpoint_create(
                case=case,
                kind=CheckpointKind.PROGRESS_REPORT,
                anchor_type="case",
                anchor_id=case.pk,
                sequence=locked.sequence + 1,
                due_on=add_months(locked.due_on, 3),
            )
        if locked.kind == CheckpointKind.POST_DISCHARGE and case.status == CaseStatus.DISCHARGED:
            remaining = Checkpoint.objects.filter(
                case=case, kind=CheckpointKind.POST_DISCHARGE, status=CheckpointStatus.OPEN
            )
            if not remaining.exists():
                case_close(case=case, actor=actor, on=on)
    return locked


# --- The sweep: notify what is due, escalate what is a week overdue. ------------------------


def _recipients_of(cases: Iterable[Case], kind: str) -> dict[int, list[User]]:
    """Who is told about each case's checkpoints, by case id, in one query for the batch: its
    owner and co-owner when a checkpoint is due, its team's team leads when it is a week
    overdue; only active users."""
    cases = list(cases)
    found: dict[int, list[User]] = {}
    if kind == NotificationKind.DUE:
        ids = {case.owner_id for case in cases} | {
            case.co_owner_id for case in cases if case.co_owner_id
        }
        users = User.objects.filter(pk__in=ids, is_active=True).in_bulk()
        for case in cases:
            owners = [case.owner_id] + ([case.co_owner_id] if case.co_owner_id else [])
            found[case.pk] = [users[pk] for pk in sorted(set(owners)) if pk in users]
        return found
    leads: dict[int, list[User]] = {}
    through = User.teams.through
    for link in (
        through.objects.filter(
            team_id__in={case.team_id for case in cases},
            user__role=Role.TEAM_LEAD,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user_id")
    ):
        leads.setdefault(link.team_id, []).append(link.user)
    for case in cases:
        found[case.pk] = leads.get(case.team_id, [])
    return found


def _link(checkpoint: Checkpoint) -> str:
    return settings.JOBBSPOR_BASE_URL.rstrip("/") + reverse(
        "followups:record", args=[checkpoint.pk]
    )


def _email(user: User, checkpoint: Checkpoint, kind: str, link: str) -> OutboxEmail | None:
    if not user.email:
        return None
    subject = (
        _("A follow-up in Jobbspor is due")
        if kind == NotificationKind.DUE
        else _("A follow-up in Jobbspor is a week overdue")
    )
    # A link and nothing else: e-mail leaves NAV's systems, so no name and no number go with it.
    body = _("Open Jobbspor to see what is due:\n\n%(link)s\n") % {"link": link}
    key = f"checkpoint-{checkpoint.pk}-{kind}-{user.pk}"
    domain = settings.JOBBSPOR_EMAIL_DOMAIN
    return OutboxEmail(
        key=key, message_id=f"<{key}@{domain}>", to=user.email, subject=subject, body=body
    )


def _notify(checkpoints: list[Checkpoint], kind: str) -> None:
    """The notifications and e-mails for a batch: one query for the recipients, two inserts."""
    notifications, emails = [], []
    recipients = _recipients_of((checkpoint.case for checkpoint in checkpoints), kind)
    for checkpoint in checkpoints:
        link = _link(checkpoint)
        for user in recipients[checkpoint.case_id]:
            notifications.append(Notification(user=user, checkpoint=checkpoint, kind=kind))
            email = _email(user, checkpoint, kind, link)
            if email is not None:
                emails.append(email)
    # ignore_conflicts: a row a killed worker's committed sweep already wrote stays the only one.
    Notification.objects.bulk_create(notifications, ignore_conflicts=True)
    OutboxEmail.objects.bulk_create(emails, ignore_conflicts=True)


def _sweep_pass(*, due: Any, mark: str, kind: str) -> int:
    from apps.followups.tasks import send_outbox

    handled = 0
    while True:
        with transaction.atomic():
            # The claim walks the partial index of the open, unmarked rows (migrations 0001 and
            # 0002) in due order and stops after BATCH rows; only the case's owner, co-owner and
            # team are read with it.
            batch = list(
                Checkpoint.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("case")
                .only("pk", "due_on", "case__owner", "case__co_owner", "case__team")
                .filter(due)
                .order_by("due_on", "id")[:BATCH]
            )
            if not batch:
                return handled
            _notify(batch, kind)
            Checkpoint.objects.filter(pk__in=[c.pk for c in batch]).update(**{mark: timezone.now()})
            transaction.on_commit(send_outbox.delay)
        handled += len(batch)


def checkpoints_sweep(*, today: datetime.date | None = None) -> int:
    """Notify every due checkpoint once, and escalate to the team lead what is a week overdue.

    Rows are claimed with SKIP LOCKED in small transactions: two sweeps at once share the work, a
    sweep killed halfway has committed what it finished, and the next sweep takes the rest.
    Returns how many checkpoints this sweep handled.
    """
    today = today or timezone.localdate()
    run = SweepRun.objects.create(task="checkpoints_sweep")
    from django.db.models import Q

    handled = _sweep_pass(
        due=Q(status=CheckpointStatus.OPEN, notified_at__isnull=True, due_on__lte=today),
        mark="notified_at",
        kind=NotificationKind.DUE,
    )
    handled += _sweep_pass(
        due=Q(
            status=CheckpointStatus.OPEN,
            escalated_at__isnull=True,
            due_on__lte=today - ESCALATE_AFTER,
        ),
        mark="escalated_at",
        kind=NotificationKind.ESCALATED,
    )
    SweepRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), handled=handled)
    return handled


def outbox_send(*, limit: int = 200) -> int:
    """Send unsent e-mails, each with its own fixed Message-ID. At least once: a worker killed
    between sending and committing leaves the row unsent, and it goes again, as the same message."""
    from django.core.mail import EmailMessage

    sent = 0
    while sent < limit:
        with transaction.atomic():
            batch = list(
                OutboxEmail.objects.select_for_update(skip_locked=True)
                .filter(sent_at__isnull=True)
                .order_by("id")[:BATCH]
            )
            if not batch:
                break
            now = timezone.now()
            for email in batch:
                email.attempts += 1
                try:
                    EmailMessage(
                        subject=email.subject,
                        body=email.body,
                        to=[email.to],
                        headers={"Message-ID": email.message_id},
                    ).send()
                except OSError as error:  # SMTP trouble: keep it for the next run
                    email.last_error = type(error).__name__
                else:
                    email.sent_at = now
                    sent += 1
                email.save(update_fields=["attempts", "sent_at", "last_error"])
    return sent
