"""Placements (arbeidsforhold, praksis): a case at an employer, with the subsidies in play."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.cases.models import Case
from apps.employers.models import Employer


class PlacementKind(models.TextChoices):
    PAID = "paid", _("Paid work without subsidy")
    PAID_SUBSIDISED = "paid_subsidised", _("Paid work with wage subsidy")
    PRACTICE = "practice", _("Work practice in an ordinary business")
    SHELTERED = "sheltered", _("Practice in a sheltered business")
    TASTER = "taster", _("Job taster (up to a week)")
    OTHER = "other", _("Other")


PAID_KINDS = frozenset({PlacementKind.PAID, PlacementKind.PAID_SUBSIDISED})
PRACTICE_KINDS = frozenset({PlacementKind.PRACTICE, PlacementKind.SHELTERED})


class Placement(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="placements")
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="placements")
    kind = models.CharField(_("kind"), max_length=20, choices=PlacementKind.choices)
    start_on = models.DateField(_("start"))
    end_on = models.DateField(_("planned end"), null=True, blank=True)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    position_percent = models.PositiveSmallIntegerField(
        _("percentage of full time"), null=True, blank=True
    )
    hours_per_week = models.DecimalField(
        _("hours per week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    permanent = models.BooleanField(_("permanent"), null=True, blank=True)
    tasks = models.TextField(_("tasks"), blank=True)
    extensions = models.PositiveSmallIntegerField(default=0)
    last_extended_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(position_percent__isnull=True)
                | models.Q(position_percent__lte=100),
                name="placement_percent_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.employer}"

    @property
    def is_practice(self) -> bool:
        return self.kind in PRACTICE_KINDS

    def is_ongoing(self, on: datetime.date) -> bool:
        return self.start_on <= on and self.ended_on is None


class PlacementEvaluation(models.Model):
    """An evaluation at the workplace; an extension of a practice placement needs one first."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="evaluations")
    held_on = models.DateField(_("held on"))
    summary = models.TextField(_("what was agreed"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]


class SubsidyKind(models.TextChoices):
    WAGE = "lonnstilskudd", _("Wage subsidy")
    MENTOR = "mentortilskudd", _("Mentor subsidy")
    ADAPTATION = "tilretteleggingstilskudd", _("Adaptation subsidy")
    INCLUSION = "inkluderingstilskudd", _("Inclusion subsidy")
    FADDER = "faddertilskudd", _("Workplace mentor subsidy")


class SubsidyStatus(models.TextChoices):
    APPLIED = "applied", _("Applied for")
    GRANTED = "granted", _("Granted")
    PAID = "paid", _("Paid")
    REFUSED = "refused", _("Refused")


SUBSIDY_NEXT = {
    SubsidyStatus.APPLIED: (SubsidyStatus.GRANTED, SubsidyStatus.REFUSED),
    SubsidyStatus.GRANTED: (SubsidyStatus.PAID,),
}


class Subsidy(models.Model):
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="subsidies")
    kind = models.CharField(_("subsidy"), max_length=30, choices=SubsidyKind.choices)
    rate_percent = models.PositiveSmallIntegerField(_("rate (%)"), null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=SubsidyStatus.choices, default=SubsidyStatus.APPLIED
    )
    applied_on = models.DateField(_("applied for"))
    granted_on = models.DateField(null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["applied_on", "id"]
