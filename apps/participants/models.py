"""The participant (deltaker): a person followed up in one or more cases over time.

Who may read a participant follows from the cases (apps.cases.access): there is no participant
page outside a case the user can read. The fødselsnummer is never stored in the clear: see
``crypto.py``. Every change to the fields below is kept in ``ParticipantChange``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.organisation.models import Office
from apps.participants import crypto
from apps.participants.fnr import mask


class Gender(models.TextChoices):
    FEMALE = "female", _("Woman")
    MALE = "male", _("Man")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not stated")


class Protection(models.TextChoices):
    NONE = "none", _("None")
    CONFIDENTIAL = "fortrolig", _("Confidential address (code 7)")
    STRICTLY_CONFIDENTIAL = "strengt_fortrolig", _("Strictly confidential address (code 6)")


class BirthCountryGroup(models.TextChoices):
    NORWAY = "norway", _("Norway")
    EU_EEA = "eu_eea", _("EU/EEA")
    OUTSIDE_EU_EEA = "outside_eu_eea", _("Outside EU/EEA")
    UNKNOWN = "unknown", _("Unknown")


class NorwegianLevel(models.TextChoices):
    NOT_RELEVANT = "not_relevant", _("Not relevant (first language)")
    GOOD = "good", _("Good")
    SOME = "some", _("Some")
    LITTLE = "little", _("Little or none")
    UNKNOWN = "unknown", _("Unknown")


class Education(models.TextChoices):
    COMPULSORY = "compulsory", _("Compulsory school")
    UPPER_SECONDARY_INCOMPLETE = "upper_secondary_incomplete", _("Upper secondary, not completed")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary, completed")
    HIGHER_SHORT = "higher_short", _("Higher education, up to 4 years")
    HIGHER_LONG = "higher_long", _("Higher education, over 4 years")
    UNKNOWN = "unknown", _("Unknown")


class Benefit(models.TextChoices):
    AAP = "aap", _("Work assessment allowance (AAP)")
    KVALIFISERINGSSTONAD = "kvalifiseringsstonad", _("Qualification benefit")
    SOSIALHJELP = "sosialhjelp", _("Social assistance")
    DAGPENGER = "dagpenger", _("Unemployment benefit")
    UFORETRYGD = "uforetrygd", _("Disability benefit")
    INTRODUKSJONSSTONAD = "introduksjonsstonad", _("Introduction benefit")
    SYKEPENGER = "sykepenger", _("Sickness benefit")
    NONE = "none", _("None")


class DiagnosisGroup(models.TextChoices):
    MUSCULOSKELETAL = "musculoskeletal", _("Musculoskeletal")
    MENTAL = "mental", _("Mental health")
    OTHER = "other", _("Other")


class Innsatsgruppe(models.TextChoices):
    STANDARD = "standard", _("Standard")
    SITUASJONSBESTEMT = "situasjonsbestemt", _("Situational")
    SPESIELT_TILPASSET = "spesielt_tilpasset", _("Specially adapted")
    VARIG_TILPASSET = "varig_tilpasset", _("Permanently adapted")


class YearsSinceLastJob(models.TextChoices):
    UNDER_ONE = "under_1", _("Less than a year")
    ONE_TO_FIVE = "1_5", _("1–5 years")
    OVER_FIVE = "over_5", _("More than 5 years")
    NEVER = "never", _("Never worked")


class Challenge(models.TextChoices):
    MENTAL_HEALTH = "mental_health", _("Mental health")
    PHYSICAL_HEALTH = "physical_health", _("Physical health")
    SOCIAL = "social", _("Social")
    CV_GAPS = "cv_gaps", _("Gaps in CV, little experience")
    LANGUAGE = "language", _("Language")
    SUBSTANCE_USE = "substance_use", _("Substance use")
    OTHER = "other", _("Other")


class SupportNetwork(models.TextChoices):
    GP = "gp", _("GP (fastlege)")
    DPS = "dps", _("DPS (mental health centre)")
    ANSVARSGRUPPE = "ansvarsgruppe", _("Responsibility group")
    INDIVIDUELL_PLAN = "individuell_plan", _("Individual plan")


class Participant(models.Model):
    # Identity. The number itself: encrypted, and an HMAC for exact lookup (crypto.py).
    fnr_ciphertext = models.TextField(editable=False)
    fnr_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_d_number = models.BooleanField(_("D-number"), default=False, editable=False)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("birth date"))
    gender = models.CharField(
        _("gender"), max_length=10, choices=Gender.choices, default=Gender.UNKNOWN
    )

    # Protection: who may see the address, and who may see the person at all.
    protection = models.CharField(
        _("address protection"), max_length=20, choices=Protection.choices, default=Protection.NONE
    )
    skjermet = models.BooleanField(
        _("shielded (NAV employee)"),
        default=False,
        help_text=_("Visible only to staff given the right to see shielded persons."),
    )

    # Contact details.
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    street_address = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)

    # Background (004 Table 3.1, 001 §3, 000 §2).
    birth_country_group = models.CharField(
        _("country of birth"),
        max_length=20,
        choices=BirthCountryGroup.choices,
        default=BirthCountryGroup.UNKNOWN,
    )
    immigrant_background = models.BooleanField(_("immigrant background"), null=True, blank=True)
    norwegian_level = models.CharField(
        _("Norwegian language level"),
        max_length=20,
        choices=NorwegianLevel.choices,
        default=NorwegianLevel.UNKNOWN,
    )
    education = models.CharField(
        _("education"), max_length=30, choices=Education.choices, default=Education.UNKNOWN
    )
    benefit = models.CharField(
        _("benefit"), max_length=30, choices=Benefit.choices, default=Benefit.NONE
    )
    disability_grade = models.PositiveSmallIntegerField(
        _("disability grade (%)"),
        null=True,
        blank=True,
        help_text=_("For graded disability benefit."),
    )
    aap_diagnosis_group = models.CharField(
        _("diagnosis group (AAP)"),
        max_length=20,
        choices=DiagnosisGroup.choices,
        blank=True,
        help_text=_("Health information: shown only to those who work with the case."),
    )
    innsatsgruppe = models.CharField(
        _("need-for-assistance group"), max_length=30, choices=Innsatsgruppe.choices, blank=True
    )
    reduced_work_capacity = models.BooleanField(_("reduced work capacity"), null=True, blank=True)
    employed_at_start = models.BooleanField(_("employed at start"), null=True, blank=True)
    months_employed_last_24 = models.PositiveSmallIntegerField(
        _("months employed in the last 24"), null=True, blank=True
    )
    years_since_last_job = models.CharField(
        _("time since last job"), max_length=10, choices=YearsSinceLastJob.choices, blank=True
    )
    main_challenges = models.JSONField(_("main challenges to working"), default=list, blank=True)
    support_network = models.JSONField(_("support network"), default=list, blank=True)

    # Set by the retention job: names, number, contact details and free text are gone.
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    registered_by_office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        related_name="registered_participants",
        verbose_name=_("registered by office"),
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(disability_grade__isnull=True)
                | models.Q(disability_grade__gte=0, disability_grade__lte=100),
                name="participant_disability_grade_is_a_percentage",
            ),
            models.CheckConstraint(
                condition=models.Q(months_employed_last_24__isnull=True)
                | models.Q(months_employed_last_24__lte=24),
                name="participant_months_employed_at_most_24",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def fnr_masked(self) -> str:
        return mask(crypto.decrypt(self.fnr_ciphertext))

    def challenge_labels(self) -> list[str]:
        return [
            str(Challenge(code).label) for code in self.main_challenges if code in Challenge.values
        ]

    def support_network_labels(self) -> list[str]:
        return [
            str(SupportNetwork(code).label)
            for code in self.support_network
            if code in SupportNetwork.values
        ]


# Fields whose changes are kept in the history, in the order the history shows them.
TRACKED_FIELDS = [
    "first_name",
    "last_name",
    "birth_date",
    "gender",
    "protection",
    "skjermet",
    "phone",
    "email",
    "street_address",
    "postal_code",
    "city",
    "birth_country_group",
    "immigrant_background",
    "norwegian_level",
    "education",
    "benefit",
    "disability_grade",
    "aap_diagnosis_group",
    "innsatsgruppe",
    "reduced_work_capacity",
    "employed_at_start",
    "months_employed_last_24",
    "years_since_last_job",
    "main_challenges",
    "support_network",
]


class ParticipantChange(models.Model):
    """One changed field: who changed it, when, from what, to what. Never edited or deleted."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()
    field = models.CharField(max_length=50)
    old_value = models.JSONField(null=True)
    new_value = models.JSONField(null=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [
            models.Index(fields=["participant", "-changed_at"], name="participant_change_recent")
        ]


class ConsentRecipient(models.TextChoices):
    EMPLOYER = "employer", _("Employer")
    MENTOR = "mentor", _("Workplace mentor")
    TREATMENT_PROVIDER = "treatment_provider", _("Treatment provider")
    NAV_ADVISER = "nav_adviser", _("NAV adviser")


class ConsentTopic(models.TextChoices):
    HEALTH = "health", _("Health and diagnosis")
    BENEFIT = "benefit", _("Benefits")
    CHALLENGES = "challenges", _("Challenges and adaptation needs")
    BACKGROUND = "background", _("Education and work history")
    PROGRAMME = "programme", _("Taking part in the programme")


class Consent(models.Model):
    """What the participant lets be shared with one kind of recipient, from when, until when."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="consents")
    recipient = models.CharField(_("shared with"), max_length=30, choices=ConsentRecipient.choices)
    topics = models.JSONField(_("what may be shared"), default=list)
    note = models.TextField(_("note"), blank=True)
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-given_on", "-id"]

    def topic_labels(self) -> list[str]:
        return [
            str(ConsentTopic(code).label) for code in self.topics if code in ConsentTopic.values
        ]


class TransferRequest(models.Model):
    """A specialist met a person registered at another office and asks for the case to move.

    The requester learns nothing about where the person is; the team leads of the office that
    holds the person see the request and decide.
    """

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="transfer_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requesting_office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "requesting_office"],
                condition=models.Q(handled_at__isnull=True),
                name="transfer_request_one_open_per_office",
            ),
        ]
