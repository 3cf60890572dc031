"""Intention agreements (intensjonsavtale): NAV, the employer and the participant agree on a
placement with the intent to hire (003 L664, L1160; 001 L367).

An agreement has versions. A version's content is locked once anyone has approved it and stays
locked until every approval is withdrawn. When NAV, the employer and the participant have all
approved a version, it is the one in force. Changing an agreement in force (an extension too)
makes a new version, which the parties approve again; the old one stays in force until then.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from apps.cases.models import Case
from apps.placements.models import Placement


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING = "awaiting_signatures", _("Awaiting signatures")
    ACTIVE = "active", _("In force")
    ENDED = "ended", _("Ended")


class AgreementOutcome(models.TextChoices):
    HIRED_PERMANENT = "hired_permanent", _("Hired, permanent")
    HIRED_TEMPORARY = "hired_temporary", _("Hired, temporary")
    HIRED_SUBSIDISED = "hired_subsidised", _("Hired with wage subsidy")
    HIRED_ELSEWHERE = "hired_elsewhere", _("Hired elsewhere")
    NO_OFFER = "no_offer", _("Completed without an offer")
    ENDED_EARLY = "ended_early", _("Ended early")


HIRED = frozenset(
    {
        AgreementOutcome.HIRED_PERMANENT,
        AgreementOutcome.HIRED_TEMPORARY,
        AgreementOutcome.HIRED_SUBSIDISED,
        AgreementOutcome.HIRED_ELSEWHERE,
    }
)


class Agreement(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="agreements")
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="agreements")
    # Changed only by the services in apps.agreements.services.
    status = FSMField(max_length=30, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT)
    outcome = models.CharField(
        _("outcome"), max_length=30, choices=AgreementOutcome.choices, blank=True
    )
    outcome_reason = models.TextField(_("reason"), blank=True)
    ended_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{_('Intention agreement')} #{self.pk}"

    @transition(field=status, source=AgreementStatus.DRAFT, target=AgreementStatus.AWAITING)
    def first_approval(self) -> None:
        pass

    @transition(field=status, source=AgreementStatus.AWAITING, target=AgreementStatus.DRAFT)
    def approvals_withdrawn(self) -> None:
        pass

    @transition(field=status, source=AgreementStatus.AWAITING, target=AgreementStatus.ACTIVE)
    def all_approved(self) -> None:
        pass

    @transition(field=status, source=AgreementStatus.ACTIVE, target=AgreementStatus.ENDED)
    def end(self) -> None:
        pass


class AgreementVersion(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    start_on = models.DateField(_("start"))
    end_on = models.DateField(_("end of the term"))
    work_percent = models.PositiveSmallIntegerField(_("percentage of full time"))
    tasks = models.TextField(_("tasks"))
    training_plan = models.TextField(_("training plan"), blank=True)
    norwegian_tuition = models.TextField(_("Norwegian tuition"), blank=True)
    follow_up = models.CharField(_("how often NAV follows up"), max_length=200)
    mentor_appointed = models.BooleanField(_("a workplace mentor is appointed"), default=False)
    mentor_name = models.CharField(_("workplace mentor"), max_length=200, blank=True)
    hiring_conditions = models.TextField(_("what it takes to be hired"))
    is_extension = models.BooleanField(default=False)
    in_force = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="agreement_version_number"
            ),
            models.UniqueConstraint(
                fields=["agreement"], condition=models.Q(in_force=True), name="one_version_in_force"
            ),
        ]


class Party(models.TextChoices):
    NAV = "nav", _("NAV")
    EMPLOYER = "employer", _("Employer")
    PARTICIPANT = "participant", _("Participant")


def signed_path(instance: Approval, filename: str) -> str:
    import uuid

    return f"agreements/{instance.version.agreement_id}/{uuid.uuid4().hex}"


class Approval(models.Model):
    """A party's approval of one version, with a timestamp. Employers and participants do not
    log in: the specialist records their approval, with the signed document as evidence."""

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="approvals"
    )
    party = models.CharField(max_length=20, choices=Party.choices)
    approved_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_document = models.FileField(upload_to=signed_path, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["approved_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "party"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_approval_per_party",
            ),
        ]


class RenderedPdf(models.Model):
    """The agreement as a PDF for signing, rendered by a worker (WeasyPrint)."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="pdfs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    file = models.FileField(upload_to="agreement-pdfs/", blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
