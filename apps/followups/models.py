"""Follow-up checkpoints, the notifications they raise, and the e-mail outbox.

Time-based work is data, not delayed messages: each checkpoint is a row with a due date, created
when its anchor event happens and unique per (case, kind, anchor, sequence), so creating it twice
changes nothing while repeating deadlines stay possible. A beat task sweeps the due rows
(``services.checkpoints_sweep``); every effect of a sweep is a row with a unique key, so a sweep
that runs twice, or dies halfway, leaves exactly one notification per checkpoint.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.cases.models import Case, OutcomeStatus


class CheckpointKind(models.TextChoices):
    POST_DISCHARGE = "post_discharge", _("Follow-up after discharge")
    AFTER_HIRING = "after_hiring", _("Follow-up after hiring")
    INTAKE_CONTACT = "intake_contact", _("First contact after referral")
    INTAKE_TALK = "intake_talk", _("Intake talk")
    WORKPLACE_EVALUATION = "workplace_evaluation", _("First workplace evaluation")
    PLACEMENT_EXPIRY = "placement_expiry", _("Placement ends")
    AGREEMENT_EXPIRY = "agreement_expiry", _("Intention agreement ends")
    PROGRESS_REPORT = "progress_report", _("Progress report")
    MAXIMUM_DURATION = "maximum_duration", _("Maximum duration approaching")
    NO_CONTACT = "no_contact", _("Contact is due")


class CheckpointStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Checkpoint(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="checkpoints")
    kind = models.CharField(_("kind"), max_length=30, choices=CheckpointKind.choices)
    # What the checkpoint hangs off: the case itself, a discharge (its CaseEvent), a contact, a
    # placement... A reopened and re-discharged case gets new post-discharge checkpoints because
    # the new discharge is a new anchor.
    anchor_type = models.CharField(max_length=30)
    anchor_id = models.BigIntegerField()
    sequence = models.PositiveIntegerField()
    due_on = models.DateField(_("due"))
    status = models.CharField(
        max_length=10, choices=CheckpointStatus.choices, default=CheckpointStatus.OPEN
    )
    done_on = models.DateField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.OneToOneField(
        OutcomeStatus, on_delete=models.PROTECT, null=True, blank=True, related_name="checkpoint"
    )
    note = models.TextField(blank=True)
    # Set in the same transaction as the notification and the e-mail: a row without it is due for
    # the next sweep.
    notified_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "anchor_type", "anchor_id", "sequence"],
                name="checkpoint_unique_anchor",
            ),
        ]
        indexes = [
            models.Index(
                fields=["due_on"],
                condition=models.Q(status="open", notified_at__isnull=True),
                name="checkpoint_open_unnotified",
            ),
            models.Index(
                fields=["due_on"],
                condition=models.Q(status="open", escalated_at__isnull=True),
                name="checkpoint_open_unescalated",
            ),
            models.Index(fields=["case", "status"], name="checkpoint_case_status"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on:%d.%m.%Y}"


class NotificationKind(models.TextChoices):
    DUE = "due", _("Due")
    ESCALATED = "escalated", _("Overdue by a week")


class Notification(models.Model):
    """One message in the app. Exactly one per checkpoint, person and kind (the unique key)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    checkpoint = models.ForeignKey(
        Checkpoint, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["checkpoint", "user", "kind"], name="one_notification_per_checkpoint"
            ),
        ]
        indexes = [
            models.Index(
                fields=["user"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]


class OutboxEmail(models.Model):
    """An e-mail to send, at least once, always with the same Message-ID.

    The body holds a link and nothing else: no name, no number. ``key`` makes writing it twice
    a no-op; a worker killed after sending and before marking it sent sends it again with the same
    Message-ID, which receiving mail servers treat as the same message.
    """

    key = models.CharField(max_length=200, unique=True)
    message_id = models.CharField(max_length=250, unique=True)
    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True),
                name="outbox_unsent",
            ),
        ]


class SweepRun(models.Model):
    """A sweep started (and, if it got there, finished): lets operations and the reliability test
    see sweeps that a killed worker left half-done."""

    task = models.CharField(max_length=50)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    handled = models.PositiveIntegerField(default=0)
