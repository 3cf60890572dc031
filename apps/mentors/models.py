"""Workplace mentors (fadder): an employee who follows the participant day to day (003 §2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from apps.agreements.models import Agreement
from apps.placements.models import Placement


class MentorStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class MentorEndReason(models.TextChoices):
    COMPLETED = "completed", _("Completed")
    REPLACED = "replaced", _("Replaced by another mentor")
    LEFT = "left", _("The mentor left")
    SICK_LEAVE = "sick_leave", _("The mentor is on sick leave")
    ENDED_EARLY = "ended_early", _("Ended early")


class TrainingPlan(models.TextChoices):
    TAILORED = "tailored", _("Tailored")
    STANDARD = "standard", _("Standard")


class SubsidySource(models.TextChoices):
    STATE = "state", _("State (NAV)")
    MUNICIPAL = "municipal", _("Municipal")


class MentorAssignment(models.Model):
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="mentors")
    agreement = models.ForeignKey(
        Agreement, on_delete=models.SET_NULL, null=True, blank=True, related_name="mentors"
    )
    name = models.CharField(_("mentor's name"), max_length=200)
    role = models.CharField(_("role at work"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    is_manager = models.BooleanField(_("the mentor is the manager or the employer"), default=False)
    start_on = models.DateField(_("start"))
    end_on = models.DateField(_("end"), null=True, blank=True)
    status = FSMField(max_length=20, choices=MentorStatus.choices, default=MentorStatus.PROPOSED)
    end_reason = models.CharField(
        _("why it ended"), max_length=20, choices=MentorEndReason.choices, blank=True
    )
    end_note = models.TextField(_("note"), blank=True)
    replaces = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaced_by"
    )
    training_plan = models.CharField(
        _("training plan"),
        max_length=20,
        choices=TrainingPlan.choices,
        default=TrainingPlan.STANDARD,
    )
    training_plan_text = models.TextField(_("the plan"), blank=True)
    subsidy_rate = models.PositiveIntegerField(
        _("mentor subsidy per month (NOK)"), null=True, blank=True
    )
    subsidy_months = models.PositiveSmallIntegerField(
        _("subsidy period (months, at most 3)"), null=True, blank=True
    )
    subsidy_source = models.CharField(
        _("paid by"), max_length=20, choices=SubsidySource.choices, blank=True
    )
    subsidy_applied = models.BooleanField(_("applied for"), default=False)
    subsidy_paid = models.BooleanField(_("paid"), default=False)
    subsidy_reached_mentor = models.BooleanField(_("reached the mentor"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(subsidy_months__isnull=True) | models.Q(subsidy_months__lte=3),
                name="mentor_subsidy_at_most_three_months",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @transition(field=status, source=MentorStatus.PROPOSED, target=MentorStatus.ACTIVE)
    def activate(self) -> None:
        pass

    @transition(
        field=status, source=[MentorStatus.PROPOSED, MentorStatus.ACTIVE], target=MentorStatus.ENDED
    )
    def end(self) -> None:
        pass


class MeetingKind(models.TextChoices):
    STATUS = "status", _("Status meeting (participant and mentor)")
    EVALUATION = "evaluation", _("Evaluation meeting (with the employer)")
    GATHERING = "gathering", _("Mentor gathering")


class MentorMeeting(models.Model):
    assignment = models.ForeignKey(
        MentorAssignment, on_delete=models.CASCADE, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    held_on = models.DateField(_("held on"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]
