"""Who looked at whom: the access log, and the lock that keeps it unchanged.

The database itself refuses to update or delete a row of ``AccessLogEntry`` (triggers, see
migration 0002), unless the same transaction holds a row in ``RetentionUnlock``. Only the retention
job (``services.access_log_purge``) takes that lock, inside its own transaction, so no other
connection ever sees it: an UPDATE or DELETE through the application's connection fails.

The rows keep ids and names as plain values rather than foreign keys, so that nothing (a user
deleted, a participant anonymised) ever makes the database rewrite them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    LIST = "list", _("Shown in a list")
    VIEW_CASE = "view_case", _("Opened the case")
    VIEW_PARTICIPANT = "view_participant", _("Opened the participant")
    VIEW_DOCUMENT = "view_document", _("Opened a document")
    EDIT = "edit", _("Opened a form to change")
    REVEAL_FNR = "reveal_fnr", _("Showed the full fødselsnummer")
    EXPORT = "export", _("Exported the participant's data")
    API = "api", _("Read through the API")


class AccessLogEntry(models.Model):
    at = models.DateTimeField(db_index=True)
    actor_id = models.BigIntegerField()
    actor_username = models.CharField(max_length=150)
    actor_name = models.CharField(max_length=300)
    actor_role = models.CharField(max_length=32)
    actor_office_id = models.BigIntegerField(null=True)
    participant_id = models.BigIntegerField()
    case_id = models.BigIntegerField(null=True)
    document_id = models.BigIntegerField(null=True)
    action = models.CharField(max_length=20, choices=AccessAction.choices)
    path = models.CharField(max_length=300)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["participant_id", "-at"], name="access_by_participant"),
            models.Index(fields=["actor_id", "at"], name="access_by_actor"),
        ]


class UnusualReading(models.Model):
    """A member of staff who opened unusually many people's records on one day.

    Made each morning by a beat task for the day before; shown to the team lead and the office
    head. docs/security.md says why this exists and what it may be used for.
    """

    day = models.DateField()
    actor_id = models.BigIntegerField()
    actor_name = models.CharField(max_length=300)
    office_id = models.BigIntegerField(null=True)
    distinct_participants = models.PositiveIntegerField()
    threshold = models.PositiveIntegerField()

    class Meta:
        ordering = ["-day", "-distinct_participants"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "actor_id"], name="one_unusual_reading_per_actor_day"
            ),
        ]


class RetentionUnlock(models.Model):
    """Present only inside the retention job's transaction; the triggers look for it."""

    created_at = models.DateTimeField(auto_now_add=True)
