"""Programmes (tiltak) and their rules, versioned by the date a version takes effect.

A programme is configuration, not code: an administrator creates it and its rules in the admin. A
case keeps the rule version in force when it started (see ``apps.cases``), so changing the rules
tomorrow does not rewrite what applied to yesterday's cases.
"""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class RunBy(models.TextChoices):
    NAV_OFFICE = "nav_office", _("NAV office")
    NAV_TEAM = "nav_team", _("Dedicated NAV team")
    EXTERNAL_PROVIDER = "external_provider", _("External provider")
    TREATMENT_TEAM = "treatment_team", _("Specialist in a treatment team")


class Programme(models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    run_by = models.CharField(_("run by"), max_length=32, choices=RunBy.choices)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name


def validate_checkpoint_months(value: object) -> None:
    if (
        not isinstance(value, list)
        or not all(isinstance(m, int) and not isinstance(m, bool) and m > 0 for m in value)
        or value != sorted(set(value))
    ):
        raise ValidationError(
            _("Give the follow-up months as a rising list of whole numbers, such as [3, 6, 12].")
        )


def validate_outcome_targets(value: object) -> None:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, int | float) and 0 <= v <= 100
        for k, v in value.items()
    ):
        raise ValidationError(
            _('Give the outcome targets as percentages by measure, such as {"in_work_at_end": 65}.')
        )


def default_checkpoint_months() -> list[int]:
    return [3, 6, 12]


class ProgrammeRules(models.Model):
    """One version of a programme's rules, in force from ``effective_from`` until the next one."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="rule_versions",
        verbose_name=_("programme"),
    )
    effective_from = models.DateField(_("in force from"))

    # Duration. None means no formal limit (IPS, Kjerneoppgaver).
    max_duration_months = models.PositiveSmallIntegerField(
        _("maximum duration (months)"), null=True, blank=True
    )
    extension_months = models.PositiveSmallIntegerField(
        _("length of an extension (months)"), default=0
    )
    max_extensions = models.PositiveSmallIntegerField(_("number of extensions allowed"), default=0)
    max_duration_months_reduced_capacity = models.PositiveSmallIntegerField(
        _("maximum duration with reduced work capacity (months)"), null=True, blank=True
    )
    allows_pause = models.BooleanField(_("cases may be paused"), default=False)
    gap_months = models.PositiveSmallIntegerField(
        _("gap that continues the same spell (months)"),
        default=6,
        help_text=_("A new referral within this period after discharge reopens the case."),
    )

    # Caseload per specialist.
    caseload_norm_low = models.PositiveSmallIntegerField(
        _("caseload norm, low"), null=True, blank=True
    )
    caseload_norm_high = models.PositiveSmallIntegerField(_("caseload norm, high"))
    caseload_ceiling = models.PositiveSmallIntegerField(
        _("caseload ceiling"), null=True, blank=True
    )

    # Deadlines, counted from the referral or the event named.
    intake_contact_days = models.PositiveSmallIntegerField(
        _("first contact within (days)"), default=7
    )
    intake_talk_days = models.PositiveSmallIntegerField(_("intake talk within (days)"), default=14)
    decision_days = models.PositiveSmallIntegerField(_("decision within (days)"), default=28)
    first_employer_contact_days = models.PositiveSmallIntegerField(
        _("first employer contact within (days)"), default=30
    )
    placement_weeks = models.PositiveSmallIntegerField(
        _("job or practice within (weeks)"), default=10
    )
    placement_weeks_with_employer = models.PositiveSmallIntegerField(
        _("job or practice within, when the participant has an employer (weeks)"), default=6
    )
    practice_placement_months = models.PositiveSmallIntegerField(
        _("length of a practice placement (months)"), default=3
    )
    no_contact_days = models.PositiveSmallIntegerField(
        _("longest time without contact (days)"), default=14
    )
    checkpoint_months = models.JSONField(
        _("follow-up checkpoints after discharge (months)"),
        default=default_checkpoint_months,
        validators=[validate_checkpoint_months],
    )
    follow_up_after_job_months = models.PositiveSmallIntegerField(
        _("follow-up after a job start (months)"), null=True, blank=True
    )
    hours_per_participant_month = models.PositiveSmallIntegerField(
        _("hours per participant per month"), null=True, blank=True
    )
    outcome_targets = models.JSONField(
        _("outcome targets (%)"), default=dict, blank=True, validators=[validate_outcome_targets]
    )
    notes = models.TextField(_("other rules"), blank=True)

    class Meta:
        ordering = ["programme", "-effective_from"]
        verbose_name = _("programme rules")
        verbose_name_plural = _("programme rules")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "effective_from"], name="programme_rules_one_version_per_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} ({self.effective_from:%d.%m.%Y})"

    def clean(self) -> None:
        if (
            self.caseload_norm_low is not None
            and self.caseload_norm_high is not None
            and self.caseload_norm_low > self.caseload_norm_high
        ):
            raise ValidationError(
                {"caseload_norm_low": _("The low end of the norm cannot be above the high end.")}
            )

    def maximum_end(self, start: datetime.date) -> datetime.date | None:
        """The last day a case started on ``start`` may run, extensions included."""
        if self.max_duration_months is None:
            return None
        months = self.max_duration_months + self.extension_months * self.max_extensions
        return start + relativedelta(months=months)
