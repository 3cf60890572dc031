"""The case (forløp): one spell of one participant in one programme at one office.

Its lifecycle is a state machine (django-fsm-2): the moves are declared here, on ``Case``, and
made only by the services in ``services.py``, which lock the row, check the guards, and write a
``CaseEvent`` in the same transaction. The five Supported Employment stages are not a machine
(any move is allowed), so they are an event table, ``CaseStageEvent``.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from apps.organisation.models import Office, Team
from apps.participants.models import Participant
from apps.programmes.models import Programme, ProgrammeRules


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


class EndReason(models.TextChoices):
    WORK = "work", _("Work")
    WORK_WITH_SUBSIDY = "work_with_subsidy", _("Work with wage subsidy")
    EDUCATION = "education", _("Education")
    OTHER_MEASURE = "other_measure", _("Another measure (AFT, APS, AMO)")
    TREATMENT = "treatment", _("Treatment")
    DISABILITY = "disability", _("Disability benefit")
    MOVED = "moved", _("Moved")
    DROPPED_OUT = "dropped_out", _("Did not show up or dropped out")
    OTHER = "other", _("Other")


class Stage(models.IntegerChoices):
    """The five EUSE stages, named as in 003 L202-206."""

    CONTACT = 1, _("1 Initial contact and cooperation agreement")
    PROFILING = 2, _("2 Vocational profiling and career planning")
    JOB_FINDING = 3, _("3 Finding a suitable job")
    EMPLOYER_ENGAGEMENT = 4, _("4 Employer engagement")
    SUPPORT = 5, _("5 On- and off-the-job training and support")


class Case(models.Model):
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="cases", verbose_name=_("participant")
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="cases", verbose_name=_("programme")
    )
    # The programme's rules in force when the case started: later versions do not apply to it
    # unless someone moves it on deliberately.
    rules = models.ForeignKey(
        ProgrammeRules,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("rules version"),
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
    # Changed only through the transitions below, called by apps.cases.services.
    status = FSMField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.REFERRED
    )

    # The referral and its order (bestilling, 004 L291).
    referral_date = models.DateField(_("referral date"))
    # Kept on the case so that reports (under 30 at start) need no birth date, which retention
    # removes.
    age_at_referral = models.PositiveSmallIntegerField(_("age at referral"), null=True, blank=True)
    referring_adviser = models.CharField(_("referring NAV adviser"), max_length=150, blank=True)
    order_background = models.TextField(_("background"), blank=True)
    order_tried = models.TextField(_("what has been tried"), blank=True)
    order_goal = models.TextField(_("goal"), blank=True)

    # Milestones (000 separates candidate and participant: 000 L1879).
    intake_talk_date = models.DateField(_("intake talk"), null=True, blank=True)
    three_way_meeting_date = models.DateField(_("three-way meeting"), null=True, blank=True)
    candidate_since = models.DateField(_("candidate since"), null=True, blank=True)
    participant_since = models.DateField(_("participant since"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(
        _("end reason"), max_length=30, choices=EndReason.choices, blank=True
    )
    closing_note = models.TextField(_("reason"), blank=True)

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-referral_date", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["owner", "status"], name="case_owner_status"),
            models.Index(fields=["team", "status"], name="case_team_status"),
            models.Index(fields=["office", "status"], name="case_office_status"),
            models.Index(fields=["co_owner"], name="case_co_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} #{self.pk}"

    # --- The lifecycle. Conditions here are facts about the case; who may act is checked in the
    # services, which also record the event. -------------------------------------------------

    def _allows_pause(self: models.Model) -> bool:
        return bool(getattr(self, "rules").allows_pause)  # noqa: B009 - typed as any Model here

    @transition(field=status, source=CaseStatus.REFERRED, target=CaseStatus.INTAKE)
    def start_intake(self, *, on: datetime.date) -> None:
        self.candidate_since = on

    @transition(field=status, source=CaseStatus.INTAKE, target=CaseStatus.ACTIVE)
    def activate(self, *, on: datetime.date) -> None:
        self.participant_since = on

    @transition(
        field=status, source=[CaseStatus.REFERRED, CaseStatus.INTAKE], target=CaseStatus.REJECTED
    )
    def reject(self, *, on: datetime.date, reason: str) -> None:
        self.end_date = on
        self.closing_note = reason

    @transition(
        field=status, source=[CaseStatus.REFERRED, CaseStatus.INTAKE], target=CaseStatus.WITHDRAWN
    )
    def withdraw(self, *, on: datetime.date, reason: str) -> None:
        self.end_date = on
        self.closing_note = reason

    @transition(
        field=status, source=CaseStatus.ACTIVE, target=CaseStatus.PAUSED, conditions=[_allows_pause]
    )
    def pause(self) -> None:
        pass

    @transition(field=status, source=CaseStatus.PAUSED, target=CaseStatus.ACTIVE)
    def resume(self) -> None:
        pass

    @transition(
        field=status, source=[CaseStatus.ACTIVE, CaseStatus.PAUSED], target=CaseStatus.DISCHARGED
    )
    def discharge(self, *, on: datetime.date, reason: str) -> None:
        self.end_date = on
        self.end_reason = reason

    @transition(field=status, source=CaseStatus.DISCHARGED, target=CaseStatus.ACTIVE)
    def reopen(self) -> None:
        self.end_date = None
        self.end_reason = ""

    @transition(field=status, source=CaseStatus.DISCHARGED, target=CaseStatus.CLOSED)
    def close(self) -> None:
        pass


class CaseEventKind(models.TextChoices):
    CREATED = "created", _("Referred")
    STATUS = "status", _("Status changed")
    REOPENED = "reopened", _("Reopened")
    REASSIGNED = "reassigned", _("New job specialist")
    TRANSFER_REQUESTED = "transfer_requested", _("Transfer to another office requested")
    TRANSFERRED = "transferred", _("Moved to another office")
    TRANSFER_DECLINED = "transfer_declined", _("Transfer declined")
    PLACEMENT_STARTED = "placement_started", _("Placement started")
    PLACEMENT_EVALUATED = "placement_evaluated", _("Evaluation at the workplace")
    PLACEMENT_EXTENDED = "placement_extended", _("Placement extended")
    PLACEMENT_ENDED = "placement_ended", _("Placement ended")
    AGREEMENT_CREATED = "agreement_created", _("Intention agreement drafted")
    AGREEMENT_APPROVED = "agreement_approved", _("Intention agreement approved")
    AGREEMENT_ACTIVE = "agreement_active", _("Intention agreement in force")
    AGREEMENT_NEW_VERSION = "agreement_new_version", _("Intention agreement changed")
    AGREEMENT_ENDED = "agreement_ended", _("Intention agreement ended")
    MENTOR_ASSIGNED = "mentor_assigned", _("Workplace mentor proposed")
    MENTOR_ACTIVE = "mentor_active", _("Workplace mentor started")
    MENTOR_ENDED = "mentor_ended", _("Workplace mentor ended")


class CaseEvent(models.Model):
    """One thing that happened to a case's lifecycle or ownership: the timeline and the reports
    read these rows."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=CaseEventKind.choices)
    from_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    occurred_on = models.DateField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at"], name="case_event_case_time")]


class CaseStageEvent(models.Model):
    """The case entered ``stage`` on ``entered_on``. The latest on or before a date is the stage
    at that date; consecutive rows give the time spent in each stage."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stage_events")
    stage = models.PositiveSmallIntegerField(choices=Stage.choices)
    from_stage = models.PositiveSmallIntegerField(choices=Stage.choices, null=True, blank=True)
    entered_on = models.DateField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entered_on", "created_at", "id"]
        indexes = [models.Index(fields=["case", "entered_on"], name="stage_event_case_date")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stage__gte=1, stage__lte=5), name="stage_is_one_to_five"
            ),
        ]


class OutcomeStatus(models.Model):
    """The participant's situation at discharge or at a follow-up checkpoint (000 §6).

    Several flags may be true at once. For outcome measures "in work" means at least 4 hours a
    week of paid work; wage subsidy counts, unpaid practice does not (apps.reporting applies it).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="outcomes")
    recorded_on = models.DateField(_("date"))
    at_discharge = models.BooleanField(default=False)
    in_work = models.BooleanField(_("in paid work"), default=False)
    work_hours_per_week = models.DecimalField(
        _("hours per week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    work_percent = models.PositiveSmallIntegerField(
        _("percentage of full time"), null=True, blank=True
    )
    work_permanent = models.BooleanField(_("permanent position"), null=True, blank=True)
    work_with_wage_subsidy = models.BooleanField(_("with wage subsidy"), null=True, blank=True)
    education = models.BooleanField(_("in education"), default=False)
    job_seeker = models.BooleanField(_("job seeker"), default=False)
    sick_leave_or_treatment = models.BooleanField(_("sick leave or treatment"), default=False)
    aap = models.BooleanField(_("on AAP"), default=False)
    uforetrygd = models.BooleanField(_("on disability benefit"), default=False)
    dismissed = models.BooleanField(_("dismissed"), default=False)
    not_reachable = models.BooleanField(_("not reachable"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the case is reopened: the spell went on, so this was not its end after all. The row
    # is kept (what was recorded stays recorded); reports read the status at the final discharge.
    superseded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["recorded_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(at_discharge=True, superseded_on__isnull=True),
                name="one_current_discharge_status_per_case",
            ),
        ]


class VocationalProfile(models.Model):
    """Yrkesprofil (003 L1107): what the participant wants and what it takes."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="vocational_profile")
    job_wishes = models.TextField(_("job wishes"), blank=True)
    support_strategy = models.TextField(_("support strategy"), blank=True)
    accommodation_needs = models.TextField(_("accommodation needs"), blank=True)
    target_workplaces = models.TextField(
        _("target workplaces"), blank=True, help_text=_("One workplace per line.")
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def target_workplace_list(self) -> list[str]:
        return [line.strip() for line in self.target_workplaces.splitlines() if line.strip()]


class DocumentKind(models.TextChoices):
    CV = "cv", _("CV")
    WORK_ABILITY = "work_ability", _("Work-ability assessment")
    MEDICAL = "medical", _("Medical certificate")
    OTHER = "other", _("Other")


def document_path(instance: CaseDocument, filename: str) -> str:
    # A random name: the original file name may hold a person's name and is kept in the row only.
    import uuid

    return f"cases/{instance.case_id}/{uuid.uuid4().hex}"


class CaseDocument(models.Model):
    """An attachment to the referral. Stored outside static/, served only through a checked view."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(upload_to=document_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]


class CaseTransfer(models.Model):
    """A move of a case to another office, waiting for the receiving team lead."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers")
    from_office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    to_team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="incoming_transfers")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    accepted = models.BooleanField(null=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(decided_at__isnull=True),
                name="one_open_transfer_per_case",
            ),
        ]
