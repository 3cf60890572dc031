"""The half-yearly reporting form (halvårsrapport): one per office and half-year.

A beat task makes the draft on 1 January and 1 July for the half-year just ended, pre-filled from
the cases (``prefill.py``): the office's counts, and one row per participant with no direct
identifier (no name, number, birth date or address: a row number, an age band, the categories of
000 L293-312). The specialists complete what the cases cannot tell; whoever submits the form for
signing is its preparer; a team lead of the office who is not the preparer signs it.

Signing freezes it: ``HalfYearSnapshot`` keeps the canonical JSON of every figure and row, its
SHA-256 and the PDF made from that JSON. From then on the database itself refuses to change the
form, its rows or the snapshot (migration 0002), besides the services refusing it first.

The lifecycle (django-fsm-2): draft → submitted (awaiting signature) → signed, and a team lead
may send a submitted form back to draft with a reason. Each move writes a ``HalfYearEvent``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from apps.cases.models import Case, EndReason
from apps.employers.models import Sector, SizeBand
from apps.halfyear.periods import HalfYear
from apps.organisation.models import Office
from apps.participants.models import (
    Benefit,
    BirthCountryGroup,
    Education,
    Gender,
    YearsSinceLastJob,
)
from apps.programmes.models import Programme


class FormStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting signature")
    SIGNED = "signed", _("Signed")


class AgeBand(models.TextChoices):
    UNDER_25 = "under_25", _("Under 25")
    FROM_25_TO_29 = "25_29", _("25–29")
    FROM_30_TO_39 = "30_39", _("30–39")
    FROM_40_TO_49 = "40_49", _("40–49")
    FROM_50 = "50_and_over", _("50 and over")
    UNKNOWN = "unknown", _("Unknown")


class Initiative(models.TextChoices):
    """Who took the initiative to the participation (000 L302: "hvem som tok initiativ")."""

    PARTICIPANT = "participant", _("The participant")
    NAV_ADVISER = "nav_adviser", _("NAV adviser")
    SPECIALIST = "specialist", _("Job specialist")
    EMPLOYER = "employer", _("Employer")
    TREATMENT = "treatment", _("Treatment provider")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class YesNoUnknown(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class FollowUpContent(models.TextChoices):
    """What the follow-up consisted of (000 L306: "omfanget og innholdet i oppfølging")."""

    CONVERSATIONS = "conversations", _("Conversations with the participant")
    JOB_SEARCH = "job_search", _("Job search")
    TRAINING = "training", _("Training at the workplace")
    ADAPTATION = "adaptation", _("Adapting the job")
    EMPLOYER_GUIDANCE = "employer_guidance", _("Guidance for the employer and colleagues")
    COORDINATION = "coordination", _("Coordination with treatment or other services")
    OTHER = "other", _("Other")


class OtherActor(models.TextChoices):
    """Others who follow the participant up, from the support network and the contact log."""

    GP = "gp", _("GP (fastlege)")
    DPS = "dps", _("DPS (mental health centre)")
    NAV_ADVISER = "nav_adviser", _("NAV adviser")
    TREATMENT = "treatment", _("Treatment provider")
    OTHER_SERVICE = "other_service", _("Other service")


class CheckpointState(models.TextChoices):
    RECORDED = "recorded", _("Recorded")
    DUE = "due", _("Due, not recorded")
    NOT_DUE = "not_due", _("Not yet due")
    CANCELLED = "cancelled", _("Cancelled")


FOLLOW_UP_MONTHS = (3, 6, 12)


class HalfYearForm(models.Model):
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="halfyear_forms", verbose_name=_("office")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    half = models.PositiveSmallIntegerField(_("half-year"))
    # Changed only by the transitions below, called by apps.halfyear.services.
    status = FSMField(
        _("status"), max_length=20, choices=FormStatus.choices, default=FormStatus.DRAFT
    )
    # The office's counts (prefill.office_figures), as they were when last computed.
    figures = models.JSONField(default=dict)
    figures_computed_at = models.DateTimeField(null=True, blank=True)
    # None when the beat task made it.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    preparer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("prepared by"),
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed by"),
    )
    signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "-half", "office__name"]
        verbose_name = _("half-yearly form")
        verbose_name_plural = _("half-yearly forms")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year", "half"], name="halfyear_one_form_per_office_and_period"
            ),
            models.CheckConstraint(condition=Q(half__in=[1, 2]), name="halfyear_half_is_1_or_2"),
            # Four eyes, in the database too: whoever prepared the form never signs it.
            models.CheckConstraint(
                condition=Q(signer__isnull=True) | ~Q(signer=F("preparer")),
                name="halfyear_signer_is_not_the_preparer",
            ),
            models.CheckConstraint(
                condition=~Q(status=FormStatus.SIGNED)
                | Q(signer__isnull=False, signed_at__isnull=False, preparer__isnull=False),
                name="halfyear_signed_form_has_signer_and_preparer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office} {self.period}"

    @property
    def period(self) -> HalfYear:
        return HalfYear(self.year, self.half)

    @property
    def is_frozen(self) -> bool:
        return self.status == FormStatus.SIGNED

    @transition(field=status, source=FormStatus.DRAFT, target=FormStatus.SUBMITTED)
    def submit(self) -> None:
        pass

    @transition(field=status, source=FormStatus.SUBMITTED, target=FormStatus.DRAFT)
    def send_back(self) -> None:
        self.preparer = None
        self.submitted_at = None

    @transition(field=status, source=FormStatus.SUBMITTED, target=FormStatus.SIGNED)
    def sign(self) -> None:
        pass


class HalfYearRow(models.Model):
    """One participant's line in the form. No direct identifier: the case is kept only so that the
    specialists who may change it can complete the row, and is never exported or signed.

    Derived fields are read from the cases (``prefill.py``) while the form is a draft; the
    completed fields are what the cases cannot tell, entered by the specialists. Months stand for
    dates (their first day), so that a row says when, not which day.
    """

    form = models.ForeignKey(HalfYearForm, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField(_("row"))
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="+", verbose_name=_("programme")
    )
    # A participant at some time in the half-year (rather than only followed up after discharge).
    in_period = models.BooleanField(_("participant in the half-year"))

    # Background (000 L299-301).
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    age_band = models.CharField(_("age at referral"), max_length=20, choices=AgeBand.choices)
    birth_country_group = models.CharField(
        _("country of birth"), max_length=20, choices=BirthCountryGroup.choices
    )
    immigrant_background = models.BooleanField(_("immigrant background"), null=True)
    education = models.CharField(_("education"), max_length=30, choices=Education.choices)
    benefit = models.CharField(_("benefit"), max_length=30, choices=Benefit.choices)
    reduced_work_capacity = models.BooleanField(_("reduced work capacity"), null=True)
    employed_at_start = models.BooleanField(_("employed at start"), null=True)
    months_employed_last_24 = models.PositiveSmallIntegerField(
        _("months employed in the last 24"), null=True
    )
    years_since_last_job = models.CharField(
        _("time since last job"), max_length=10, choices=YearsSinceLastJob.choices, blank=True
    )
    ansvarsgruppe = models.BooleanField(_("responsibility group"))
    individuell_plan = models.BooleanField(_("individual plan"))
    main_challenges = models.JSONField(_("main challenges to working"), default=list)

    # Recruitment and the spell (000 L302-303).
    started_month = models.DateField(_("participant since"))

    # The position (000 L304): the latest paid placement started by the end of the half-year.
    position_sector = models.CharField(
        _("sector"), max_length=10, choices=Sector.choices, blank=True
    )
    position_employer_size = models.CharField(
        _("size of the business"), max_length=10, choices=SizeBand.choices, blank=True
    )
    position_percent = models.PositiveSmallIntegerField(_("percentage of full time"), null=True)
    position_permanent = models.BooleanField(_("permanent"), null=True)
    position_subsidised = models.BooleanField(_("with wage subsidy"), null=True)
    position_started_month = models.DateField(_("start in ordinary work"), null=True)

    # Follow-up in the half-year, from the contact log (000 L305-306).
    contacts = models.PositiveIntegerField(_("contacts"), default=0)
    contact_minutes = models.PositiveIntegerField(_("minutes of contact"), default=0)
    face_to_face = models.PositiveIntegerField(_("meetings in person"), default=0)
    workplace_visits = models.PositiveIntegerField(_("workplace visits"), default=0)
    employer_minutes = models.PositiveIntegerField(
        _("minutes with the employer or mentor"), default=0
    )
    other_actors = models.JSONField(_("others following up"), default=list)

    # Discharge (000 L307-310), with the status at discharge and at +3, +6 and +12 months:
    # None, or {"state": ..., "in_work": ..., "paid_work": ..., "flags": [...], ...}.
    discharged_month = models.DateField(_("discharged"), null=True)
    end_reason = models.CharField(
        _("end reason"), max_length=30, choices=EndReason.choices, blank=True
    )
    status_at_discharge = models.JSONField(_("status at discharge"), null=True)
    status_3 = models.JSONField(_("status after 3 months"), null=True)
    status_6 = models.JSONField(_("status after 6 months"), null=True)
    status_12 = models.JSONField(_("status after 12 months"), null=True)

    # Completed by the specialists.
    initiative = models.CharField(
        _("who took the initiative"), max_length=20, choices=Initiative.choices, blank=True
    )
    practice_before = models.CharField(
        _("work practice before the participation"),
        max_length=10,
        choices=YesNoUnknown.choices,
        blank=True,
    )
    aap_granted_month = models.DateField(_("AAP granted"), null=True, blank=True)
    follow_up_content = models.JSONField(_("content of the follow-up"), default=list, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    # Kept with the row so that lists add them up in SQL (prefill.missing_fields).
    missing_in_form = models.PositiveSmallIntegerField(default=0)
    missing_in_case = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["form", "number"], name="halfyear_row_number_unique"),
            models.UniqueConstraint(fields=["form", "case"], name="halfyear_one_row_per_case"),
        ]

    def __str__(self) -> str:
        return f"{self.form} #{self.number}"

    def status_at(self, months: int) -> dict[str, object] | None:
        value = getattr(self, f"status_{months}")
        return value if isinstance(value, dict) else None


class HalfYearSnapshot(models.Model):
    """What was signed: the canonical JSON of every figure and row, its SHA-256, and the PDF
    rendered from that JSON alone. Written once, when the form is signed; never changed."""

    form = models.OneToOneField(HalfYearForm, on_delete=models.PROTECT, related_name="snapshot")
    data = models.TextField()
    data_sha256 = models.CharField(max_length=64)
    # In the database rather than on disk, so that the same trigger freezes it with the data.
    pdf = models.BinaryField()
    pdf_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)


class EventKind(models.TextChoices):
    CREATED = "created", _("Created")
    REFRESHED = "refreshed", _("Updated from the cases")
    SUBMITTED = "submitted", _("Submitted for signing")
    RETURNED = "returned", _("Sent back to draft")
    SIGNED = "signed", _("Signed")


class HalfYearEvent(models.Model):
    form = models.ForeignKey(HalfYearForm, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    # None: the beat task.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
