"""Import jobs: a file of participants, employers or cases, checked row by row, then imported.

A job is checked first (the dry run) and imported only when every row is good, in one
transaction, so a file is imported whole or not at all. The file itself holds fødselsnumre in
the clear, so it is stored encrypted with the same keys as the number column
(``apps.participants.crypto``) and deleted as soon as it is no longer needed (imported, or
found to have errors); what stays is the job row, its counters and its errors, none of which
holds a number.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.organisation.models import Office


class ImportKind(models.TextChoices):
    PARTICIPANTS = "participants", _("Participants, each with a referral")
    CASES = "cases", _("Cases for participants already registered")
    EMPLOYERS = "employers", _("Employers")


class ImportStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting to be checked")
    CHECKING = "checking", _("Being checked")
    CHECKED = "checked", _("Checked")
    IMPORTING = "importing", _("Being imported")
    IMPORTED = "imported", _("Imported")


def import_file_path(instance: ImportJob, filename: str) -> str:
    # A random name: the uploaded name may hold a person's name and is kept in the row only.
    return f"imports/{uuid.uuid4().hex}"


class ImportJob(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.WAITING
    )
    # The uploaded bytes, encrypted; emptied when the job no longer needs them.
    file = models.FileField(upload_to=import_file_path, blank=True)
    original_name = models.CharField(_("file"), max_length=255)
    file_format = models.CharField(max_length=10)  # "csv" or "xlsx"
    # The language the user worked in: the worker writes the errors in it.
    language = models.CharField(max_length=10)
    # Checked and imported in a worker (a large file) rather than in the request.
    background = models.BooleanField(default=False)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    imported_rows = models.PositiveIntegerField(_("imported rows"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="import_job_by_user")]

    @property
    def is_running(self) -> bool:
        return self.status in (
            ImportStatus.WAITING,
            ImportStatus.CHECKING,
            ImportStatus.IMPORTING,
        )

    @property
    def ready_to_import(self) -> bool:
        return self.status == ImportStatus.CHECKED and self.error_count == 0 and bool(self.file)


class ImportRowError(models.Model):
    """One problem in one row: where it is and why, never the value itself."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="errors")
    # The row as a spreadsheet numbers it (the header is row 1); empty for the whole file.
    row = models.PositiveIntegerField(_("row"), null=True, blank=True)
    column = models.CharField(_("column"), max_length=100, blank=True)
    message = models.TextField(_("reason"))

    class Meta:
        ordering = [models.F("row").asc(nulls_first=True), "id"]
