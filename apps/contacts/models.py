"""The contact log (kontaktlogg): one row per contact, and the source of every time-use figure.

Work that belongs to no case (team meetings, training) is logged the same way with no case, so
nobody fills in a time-use form (002 L2698).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.cases.models import Case, Stage
from apps.organisation.models import Office


class Channel(models.TextChoices):
    MEETING = "meeting", _("Meeting in person")
    PHONE = "phone", _("Phone")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")
    VIDEO = "video", _("Video")
    WORKPLACE_VISIT = "workplace_visit", _("Workplace visit")


FACE_TO_FACE = frozenset({Channel.MEETING, Channel.WORKPLACE_VISIT})


class Place(models.TextChoices):
    NAV_OFFICE = "nav_office", _("NAV office")
    WORKPLACE = "workplace", _("Workplace")
    OUTDOORS = "outdoors", _("Café or outdoors")
    HOME = "home", _("Home")
    OTHER = "other", _("Other")
    NONE = "none", _("Not in person")


class Party(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    EMPLOYER = "employer", _("Employer")
    MENTOR = "mentor", _("Mentor")
    NAV_ADVISER = "nav_adviser", _("NAV adviser")
    TREATMENT = "treatment", _("Treatment provider")
    OTHER_SERVICE = "other_service", _("Other service")


class Initiative(models.TextChoices):
    SPECIALIST = "specialist", _("Job specialist")
    PARTICIPANT = "participant", _("Participant")
    EMPLOYER = "employer", _("Employer")
    OTHER = "other", _("Other")


class Activity(models.TextChoices):
    """Time-use categories (002 L2698)."""

    INDIVIDUAL = "individual", _("Individual follow-up")
    GROUP = "group", _("Group follow-up")
    EMPLOYER = "employer", _("Employer contact")
    WORKPLACE = "workplace", _("Follow-up at the workplace")
    TEAM = "team", _("Team work")
    COMPETENCE = "competence", _("Competence development")
    OTHER = "other", _("Other")


class Contact(models.Model):
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("case"),
    )
    # An employer contact (with or without a case): visible to the whole office on the employer's
    # page, so that two specialists do not phone the same firm the same week.
    employer = models.ForeignKey(
        "employers.Employer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("employer"),
    )
    contact_person = models.ForeignKey(
        "employers.ContactPerson",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact person"),
    )
    # Whose work it was, and at which office: time use is counted per author and office.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contacts"
    )
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="contacts")
    occurred_at = models.DateTimeField(_("when"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    place = models.CharField(_("place"), max_length=20, choices=Place.choices)
    # With whom, several allowed: one column each, so that reports and lists can count them in SQL
    # on every database (PostgreSQL and the demo's SQLite alike).
    with_participant = models.BooleanField(_("participant"), default=False)
    with_employer = models.BooleanField(_("employer"), default=False)
    with_mentor = models.BooleanField(_("mentor"), default=False)
    with_nav_adviser = models.BooleanField(_("NAV adviser"), default=False)
    with_treatment = models.BooleanField(_("treatment provider"), default=False)
    with_other_service = models.BooleanField(_("other service"), default=False)
    initiative = models.CharField(_("initiative"), max_length=20, choices=Initiative.choices)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    # The case's stage at occurred_at, from the stage history (so back-dated contacts are right).
    stage = models.PositiveSmallIntegerField(
        _("stage"), choices=Stage.choices, null=True, blank=True
    )
    activity = models.CharField(_("activity"), max_length=20, choices=Activity.choices)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["case", "-occurred_at"], name="contact_case_recent"),
            models.Index(fields=["author", "-occurred_at"], name="contact_author_recent"),
            models.Index(fields=["office", "occurred_at"], name="contact_office_time"),
            models.Index(
                fields=["employer", "office", "-occurred_at"], name="contact_employer_recent"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=1, duration_minutes__lte=1440),
                name="contact_duration_within_a_day",
            ),
            models.CheckConstraint(
                condition=models.Q(with_participant=True)
                | models.Q(with_employer=True)
                | models.Q(with_mentor=True)
                | models.Q(with_nav_adviser=True)
                | models.Q(with_treatment=True)
                | models.Q(with_other_service=True)
                | models.Q(case__isnull=True),
                name="contact_on_a_case_is_with_someone",
            ),
        ]

    @property
    def is_face_to_face(self) -> bool:
        return self.channel in FACE_TO_FACE

    @property
    def with_whom(self) -> list[str]:
        return [party for party in Party.values if getattr(self, f"with_{party}")]

    def with_whom_labels(self) -> list[str]:
        return [str(Party(code).label) for code in self.with_whom]


class ContactRevision(models.Model):
    """The text of a contact before its author corrected it: nothing written is lost."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="revisions")
    previous = models.JSONField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    edited_at = models.DateTimeField()

    class Meta:
        ordering = ["-edited_at", "-id"]


class ContactDraft(models.Model):
    """What a user has typed into the contact form of a case and not yet saved.

    Saved as they type (static/js/app.js), offered back on the case page, removed when the contact
    is logged or the user discards it. Nothing typed is lost to an expired session.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "case"], name="one_contact_draft_per_user_and_case"
            ),
        ]
