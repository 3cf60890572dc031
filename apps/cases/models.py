"""The case (forløp): one spell of one participant in one programme at one office."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField

from apps.organisation.models import Office, Team
from apps.participants.models import Participant
from apps.programmes.models import Programme


class CaseStatus(models.TextChoices):
    REFERRED = "referred", _("Referred")
    INTAKE = "intake", _("Intake")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    DISCHARGED = "discharged", _("Discharged")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = frozenset(
    {CaseStatus.REFERRED, CaseStatus.INTAKE, CaseStatus.ACTIVE, CaseStatus.PAUSED}
)


class Case(models.Model):
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="cases", verbose_name=_("participant")
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="cases", verbose_name=_("programme")
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="cases", verbose_name=_("office")
    )
    # The team that holds the case: its members read it and may log contacts on it as cover.
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="cases", verbose_name=_("team")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_cases",
        verbose_name=_("job specialist"),
    )
    co_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="co_owned_cases",
        verbose_name=_("co-specialist"),
    )
    # Changed only by the transition services in apps.cases.services.
    status = FSMField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.REFERRED
    )
    referral_date = models.DateField(_("referral date"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-referral_date", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["owner", "status"], name="case_owner_status"),
            models.Index(fields=["team", "status"], name="case_team_status"),
            models.Index(fields=["office", "status"], name="case_office_status"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} #{self.pk}"
