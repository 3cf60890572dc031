"""What the API reads and writes. Serializers parse and present; every write goes to a service.

Output serializers are read-only views of a model. Input serializers describe one request body
each and validate it as the page's form does; the view passes ``validated_data`` to one service.
The fødselsnummer is written once (registration, search) and read back masked only.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.agreements.models import (
    Agreement,
    AgreementOutcome,
    AgreementStatus,
    AgreementVersion,
    Approval,
    Party,
)
from apps.api.fields import Day, FnrField, Moment, OrgnrField, ScopedReference
from apps.cases.access import CaseAction
from apps.cases.forms import TRANSITIONS_FROM
from apps.cases.models import (
    OPEN_STATUSES,
    Case,
    CaseStageEvent,
    EndReason,
    OutcomeStatus,
    Stage,
)
from apps.cases.selectors import cases_for
from apps.contacts.models import Activity, Channel, Contact, Initiative, Place
from apps.contacts.models import Party as ContactParty
from apps.employers.models import ContactPerson, Employer, Sector, SizeBand
from apps.employers.services import parse_orgnr
from apps.followups.models import Checkpoint, CheckpointKind, CheckpointStatus
from apps.mentors.models import (
    MeetingKind,
    MentorAssignment,
    MentorEndReason,
    MentorMeeting,
    MentorStatus,
    SubsidySource,
    TrainingPlan,
)
from apps.organisation.models import Role, User
from apps.participants import crypto
from apps.participants.fnr import Fnr, birth_date_of, mask, parse_fnr
from apps.participants.models import (
    Benefit,
    BirthCountryGroup,
    Challenge,
    Consent,
    ConsentRecipient,
    ConsentTopic,
    DiagnosisGroup,
    Education,
    Gender,
    Innsatsgruppe,
    NorwegianLevel,
    Participant,
    Protection,
    SupportNetwork,
    YearsSinceLastJob,
)
from apps.participants.selectors import participants_visible_to
from apps.placements.models import (
    Placement,
    PlacementEvaluation,
    PlacementKind,
    Subsidy,
    SubsidyKind,
    SubsidyStatus,
)
from apps.placements.selectors import placements_for
from apps.programmes.models import Programme


def _text(max_length: int | None = None, **kwargs: Any) -> serializers.CharField:
    """Optional free text: may be left out or empty, never null."""
    kwargs.setdefault("required", False)
    kwargs.setdefault("allow_blank", True)
    kwargs.setdefault("default", "")
    if max_length is not None:
        kwargs["max_length"] = max_length
    return serializers.CharField(**kwargs)


def _nullable_bool(**kwargs: Any) -> serializers.BooleanField:
    return serializers.BooleanField(allow_null=True, required=False, default=None, **kwargs)


def _percent(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=0, max_value=100, **kwargs)


def _hours(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        min_value=Decimal(0),
        max_value=Decimal(80),
        **kwargs,
    )


def _fnr(value: str) -> Fnr:
    try:
        return parse_fnr(value)
    except DjangoValidationError as error:
        # parse_fnr's messages never repeat the number.
        raise serializers.ValidationError(error.messages) from None


def _user(serializer: serializers.BaseSerializer[Any]) -> User:
    user = serializer.context["request"].user
    assert isinstance(user, User)
    return user


M = TypeVar("M", bound=Model)


class ReadSerializer(serializers.ModelSerializer[M]):
    """A read-only view of a model. Unlike DRF's default, a read-only field keeps ``allow_blank``,
    so the schema says that an unset choice (an end reason not yet given) is "" in answers."""

    def include_extra_kwargs(
        self, kwargs: MutableMapping[str, Any], extra_kwargs: MutableMapping[str, Any]
    ) -> MutableMapping[str, Any]:
        allow_blank = kwargs.get("allow_blank", False)
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if allow_blank:
            kwargs["allow_blank"] = True
        return kwargs


# --- Tokens ---------------------------------------------------------------------------------


class TokenRequestSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=200, trim_whitespace=False, write_only=True)
    name = _text(100, help_text=("What the token is for, to tell it apart in a list."))
    days = serializers.IntegerField(
        min_value=1,
        max_value=90,
        default=30,
        required=False,
        help_text=("How many days the token lives (1 to 90)."),
    )


class TokenSerializer(serializers.Serializer[Any]):
    """A token's metadata. The secret itself is only in the answer that made it."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    prefix = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    expires_at = serializers.DateTimeField(read_only=True)
    last_used_at = serializers.DateTimeField(read_only=True, allow_null=True)
    revoked_at = serializers.DateTimeField(read_only=True, allow_null=True)


class NewTokenSerializer(TokenSerializer):
    token = serializers.CharField(
        read_only=True,
        help_text=("Send it as 'Authorization: Bearer <token>'. It is shown only this once."),
    )


# --- Status flags (discharge, follow-up checkpoints) -------------------------------------------

STATUS_FLAGS = (
    "in_work",
    "education",
    "job_seeker",
    "sick_leave_or_treatment",
    "aap",
    "uforetrygd",
    "dismissed",
    "not_reachable",
)


class OutcomeStatusSerializer(serializers.Serializer[Any]):
    """The participant's situation (DOMAIN.md); several flags may be true at once."""

    in_work = serializers.BooleanField(default=False)
    work_hours_per_week = _hours(required=False, allow_null=True, default=None)
    work_percent = _percent(required=False, allow_null=True, default=None)
    work_permanent = _nullable_bool()
    work_with_wage_subsidy = _nullable_bool()
    education = serializers.BooleanField(default=False)
    job_seeker = serializers.BooleanField(default=False)
    sick_leave_or_treatment = serializers.BooleanField(default=False)
    aap = serializers.BooleanField(default=False)
    uforetrygd = serializers.BooleanField(default=False)
    dismissed = serializers.BooleanField(default=False)
    not_reachable = serializers.BooleanField(default=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("in_work") and attrs.get("work_hours_per_week") is None:
            raise serializers.ValidationError(
                {"work_hours_per_week": _("Give the hours per week of the job.")}
            )
        if not any(attrs.get(flag) for flag in STATUS_FLAGS):
            raise serializers.ValidationError(_("Tick at least one status, such as not reachable."))
        return attrs


class OutcomeStatusOutSerializer(ReadSerializer[OutcomeStatus]):
    class Meta:
        model = OutcomeStatus
        fields = [
            "recorded_on",
            "at_discharge",
            *STATUS_FLAGS,
            "work_hours_per_week",
            "work_percent",
            "work_permanent",
            "work_with_wage_subsidy",
        ]
        read_only_fields = fields


# --- Participants ---------------------------------------------------------------------------


class AddressSerializer(serializers.Serializer[Any]):
    street_address = serializers.CharField()
    postal_code = serializers.CharField()
    city = serializers.CharField()


class ConsentSerializer(ReadSerializer[Consent]):
    topics = serializers.ListField(child=serializers.ChoiceField(ConsentTopic.choices))

    class Meta:
        model = Consent
        fields = ["id", "recipient", "topics", "note", "given_on", "withdrawn_on", "recorded_at"]
        read_only_fields = fields


class ParticipantSerializer(ReadSerializer[Participant]):
    """A participant as the caller may see them: the number masked, a protected address only to
    the owners of the person's cases, and only the cases the caller may read."""

    fnr_masked = serializers.SerializerMethodField(
        help_text=("The birth-date part; the personal number is never sent.")
    )
    address = serializers.SerializerMethodField(
        help_text=("Empty for a protected address (code 6 or 7) unless you own a case.")
    )
    main_challenges = serializers.ListField(child=serializers.ChoiceField(Challenge.choices))
    support_network = serializers.ListField(child=serializers.ChoiceField(SupportNetwork.choices))
    cases = serializers.SerializerMethodField(help_text=("The cases you may read."))
    consents = ConsentSerializer(many=True, read_only=True)

    class Meta:
        model = Participant
        fields = [
            "id",
            "fnr_masked",
            "is_d_number",
            "first_name",
            "last_name",
            "birth_date",
            "gender",
            "protection",
            "skjermet",
            "phone",
            "email",
            "address",
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
            "registered_by_office",
            "created_at",
            "cases",
            "consents",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_fnr_masked(self, participant: Participant) -> str | None:
        if not participant.fnr_ciphertext:  # anonymised after the retention period
            return None
        return mask(crypto.decrypt(participant.fnr_ciphertext))

    @extend_schema_field(AddressSerializer(allow_null=True))
    def get_address(self, participant: Participant) -> dict[str, str] | None:
        if participant.protection != Protection.NONE:
            owners = self.context.get("owners", {}).get(participant.pk, set())
            if _user(self).pk not in owners:
                return None
        return {
            "street_address": participant.street_address,
            "postal_code": participant.postal_code,
            "city": participant.city,
        }

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_cases(self, participant: Participant) -> list[int]:
        visible: dict[int, list[int]] = self.context.get("visible_cases", {})
        return visible.get(participant.pk, [])


class ParticipantRegisterSerializer(serializers.Serializer[Any]):
    """Register a person and refer them to a programme, in one go (as the registration page)."""

    fnr = FnrField(help_text=("Fødselsnummer or D-nummer, eleven digits. Never sent back."))
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    birth_date = Day()
    gender = serializers.ChoiceField(Gender.choices)
    phone = _text(20)
    programme = serializers.PrimaryKeyRelatedField(
        queryset=Programme.objects.filter(is_active=True)
    )
    referral_date = Day(not_in_future=True)
    referring_adviser = _text(150)
    order_background = _text(5000)
    order_tried = _text(5000)
    order_goal = _text(5000)

    def validate_fnr(self, value: str) -> Fnr:
        return _fnr(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if birth_date_of(attrs["fnr"]) != attrs["birth_date"]:
            raise serializers.ValidationError(
                {"birth_date": _("The birth date does not match the fødselsnummer.")}
            )
        return attrs


class FnrSearchSerializer(serializers.Serializer[Any]):
    fnr = FnrField()

    def validate_fnr(self, value: str) -> Fnr:
        return _fnr(value)


class FnrSearchResultSerializer(serializers.Serializer[Any]):
    found = serializers.ChoiceField(
        ["visible", "same_office", "elsewhere", "not_found"],
        help_text=(
            "visible: here it is; same_office: at your office, in a team you do not belong to; "
            "elsewhere: registered where you cannot be told about; not_found: unknown."
        ),
    )
    participant = ParticipantSerializer(allow_null=True)


class ParticipantUpdateSerializer(serializers.Serializer[Any]):
    """The fields of the participant page's form; leave out what does not change."""

    first_name = serializers.CharField(max_length=100, required=False)
    last_name = serializers.CharField(max_length=100, required=False)
    birth_date = Day(required=False)
    gender = serializers.ChoiceField(Gender.choices, required=False)
    protection = serializers.ChoiceField(Protection.choices, required=False)
    skjermet = serializers.BooleanField(required=False)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    street_address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    postal_code = serializers.CharField(max_length=4, required=False, allow_blank=True)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    birth_country_group = serializers.ChoiceField(BirthCountryGroup.choices, required=False)
    immigrant_background = serializers.BooleanField(required=False, allow_null=True)
    norwegian_level = serializers.ChoiceField(NorwegianLevel.choices, required=False)
    education = serializers.ChoiceField(Education.choices, required=False)
    benefit = serializers.ChoiceField(Benefit.choices, required=False)
    disability_grade = _percent(required=False, allow_null=True)
    aap_diagnosis_group = serializers.ChoiceField(
        DiagnosisGroup.choices, required=False, allow_blank=True
    )
    innsatsgruppe = serializers.ChoiceField(Innsatsgruppe.choices, required=False, allow_blank=True)
    reduced_work_capacity = serializers.BooleanField(required=False, allow_null=True)
    employed_at_start = serializers.BooleanField(required=False, allow_null=True)
    months_employed_last_24 = serializers.IntegerField(
        min_value=0, max_value=24, required=False, allow_null=True
    )
    years_since_last_job = serializers.ChoiceField(
        YearsSinceLastJob.choices, required=False, allow_blank=True
    )
    main_challenges = serializers.ListField(
        child=serializers.ChoiceField(Challenge.choices), required=False, max_length=20
    )
    support_network = serializers.ListField(
        child=serializers.ChoiceField(SupportNetwork.choices), required=False, max_length=20
    )


class ConsentCreateSerializer(serializers.Serializer[Any]):
    recipient = serializers.ChoiceField(ConsentRecipient.choices)
    topics = serializers.ListField(
        child=serializers.ChoiceField(ConsentTopic.choices), min_length=1, max_length=10
    )
    given_on = Day()
    note = _text(2000)


class ConsentWithdrawSerializer(serializers.Serializer[Any]):
    on = Day()


# --- Cases ----------------------------------------------------------------------------------


class CaseSerializer(ReadSerializer[Case]):
    participant_name = serializers.SerializerMethodField()
    programme_name = serializers.CharField(source="programme.name", read_only=True)
    current_stage = serializers.SerializerMethodField(
        help_text=("The EUSE stage the case is in today (1 to 5).")
    )
    last_contact_at = serializers.SerializerMethodField()
    transitions = serializers.SerializerMethodField(
        help_text=("The transitions you may make now (POST cases/{id}/transition/).")
    )

    class Meta:
        model = Case
        fields = [
            "id",
            "participant",
            "participant_name",
            "programme",
            "programme_name",
            "office",
            "team",
            "owner",
            "co_owner",
            "status",
            "current_stage",
            "last_contact_at",
            "transitions",
            "referral_date",
            "age_at_referral",
            "referring_adviser",
            "order_background",
            "order_tried",
            "order_goal",
            "intake_talk_date",
            "three_way_meeting_date",
            "candidate_since",
            "participant_since",
            "end_date",
            "end_reason",
            "closing_note",
            "created_at",
        ]
        read_only_fields = fields

    def get_participant_name(self, case: Case) -> str:
        return case.participant.full_name

    @extend_schema_field(serializers.IntegerField(allow_null=True, min_value=1, max_value=5))
    def get_current_stage(self, case: Case) -> int | None:
        return getattr(case, "current_stage", None)

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_last_contact_at(self, case: Case) -> str | None:
        value = getattr(case, "last_contact_at", None)
        return serializers.DateTimeField().to_representation(value) if value else None

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_transitions(self, case: Case) -> list[str]:
        changeable: set[int] = self.context.get("changeable", set())
        if case.pk not in changeable:
            return []
        names = TRANSITIONS_FROM.get(case.status, [])
        return [n for n in names if n != "pause" or case.rules.allows_pause]


class CaseReferSerializer(serializers.Serializer[Any]):
    """Refer a registered participant (one you may read) to a programme."""

    participant = ScopedReference(queryset=Participant.objects.all(), scope=participants_visible_to)
    programme = serializers.PrimaryKeyRelatedField(
        queryset=Programme.objects.filter(is_active=True)
    )
    referral_date = Day(not_in_future=True)
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(role=Role.SPECIALIST, is_active=True),
        required=False,
        allow_null=True,
        default=None,
        help_text=("A job specialist at your office; yourself when left out."),
    )
    referring_adviser = _text(150)
    order_background = _text(5000)
    order_tried = _text(5000)
    order_goal = _text(5000)


class CaseUpdateSerializer(serializers.Serializer[Any]):
    """The referral's order (bestilling); leave out what does not change."""

    referring_adviser = serializers.CharField(max_length=150, required=False, allow_blank=True)
    order_background = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    order_tried = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    order_goal = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    three_way_meeting_date = Day(required=False, allow_null=True)


TRANSITIONS = ("start_intake", "activate", "reject", "withdraw", "pause", "resume", "discharge")
NEEDS_REASON = ("reject", "withdraw", "pause")


class TransitionSerializer(serializers.Serializer[Any]):
    """One lifecycle move. Which fields it needs depends on the move:

    - ``activate``: ``intake_talk_date``;
    - ``reject``, ``withdraw``, ``pause``: ``reason``;
    - ``discharge``: ``end_reason`` and ``status`` (the participant's situation), ``note`` optional.
    """

    transition = serializers.ChoiceField(TRANSITIONS)
    on = Day(not_in_future=True)
    intake_talk_date = Day(required=False, allow_null=True, default=None)
    reason = _text(2000)
    end_reason = serializers.ChoiceField(EndReason.choices, required=False, allow_null=True)
    note = _text(2000)
    status = OutcomeStatusSerializer(required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        name = attrs["transition"]
        if name == "activate" and attrs.get("intake_talk_date") is None:
            raise serializers.ValidationError(
                {"intake_talk_date": _("Give the date of the intake talk.")}
            )
        if name in NEEDS_REASON and not attrs.get("reason", "").strip():
            raise serializers.ValidationError({"reason": _("Give the reason.")})
        if name == "discharge":
            if not attrs.get("end_reason"):
                raise serializers.ValidationError({"end_reason": _("Give the end reason.")})
            if not attrs.get("status"):
                raise serializers.ValidationError(
                    {"status": _("Record the participant's situation at discharge.")}
                )
        return attrs


class StageMoveSerializer(serializers.Serializer[Any]):
    stage = serializers.ChoiceField(Stage.choices)
    on = Day(not_in_future=True)
    reason = _text(2000, help_text=("Needed when the case goes back or skips a stage."))


class StageEventSerializer(ReadSerializer[CaseStageEvent]):
    class Meta:
        model = CaseStageEvent
        fields = ["id", "case", "stage", "from_stage", "entered_on", "actor", "reason"]
        read_only_fields = fields


# --- Contacts -------------------------------------------------------------------------------


class ContactSerializer(ReadSerializer[Contact]):
    author_name = serializers.CharField(source="author.get_full_name", read_only=True)
    with_whom = serializers.ListField(
        child=serializers.ChoiceField(ContactParty.choices), read_only=True
    )
    case = serializers.SerializerMethodField(
        help_text=("Hidden (null) on an employer contact about a case you may not read.")
    )
    note = serializers.SerializerMethodField(
        help_text=("Hidden (null) on an employer contact about a case you may not read.")
    )

    class Meta:
        model = Contact
        fields = [
            "id",
            "case",
            "employer",
            "contact_person",
            "author",
            "author_name",
            "office",
            "occurred_at",
            "channel",
            "place",
            "with_whom",
            "initiative",
            "duration_minutes",
            "stage",
            "activity",
            "note",
            "created_at",
            "edited_at",
        ]
        read_only_fields = fields

    def _hidden(self, contact: Contact) -> bool:
        readable: set[int] | None = self.context.get("readable_cases")
        return (
            contact.case_id is not None and readable is not None and contact.case_id not in readable
        )

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_case(self, contact: Contact) -> int | None:
        return None if self._hidden(contact) else contact.case_id

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_note(self, contact: Contact) -> str | None:
        return None if self._hidden(contact) else contact.note


def _place_rule(attrs: dict[str, Any]) -> None:
    """As the contact form: a meeting needs a place; anything else is not in person."""
    channel, place = attrs.get("channel"), attrs.get("place")
    in_person = channel in (Channel.MEETING, Channel.WORKPLACE_VISIT)
    if channel and place and in_person and place == Place.NONE:
        raise serializers.ValidationError({"place": _("Say where the meeting was.")})
    if channel and place and not in_person and place != Place.NONE:
        attrs["place"] = Place.NONE


class ContactCreateSerializer(serializers.Serializer[Any]):
    """A contact on a case you may log on, or (team meetings, training) on no case."""

    case = ScopedReference(
        queryset=Case.objects.all(),
        scope=lambda user: cases_for(user, CaseAction.LOG_CONTACT),
        required=False,
        allow_null=True,
        default=None,
    )
    occurred_at = Moment()
    channel = serializers.ChoiceField(Channel.choices)
    place = serializers.ChoiceField(Place.choices)
    with_whom = serializers.ListField(
        child=serializers.ChoiceField(ContactParty.choices),
        required=False,
        default=list,
        max_length=6,
    )
    initiative = serializers.ChoiceField(Initiative.choices)
    duration_minutes = serializers.IntegerField(min_value=1, max_value=1440)
    activity = serializers.ChoiceField(Activity.choices)
    note = _text(10000)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("case") is not None and not attrs.get("with_whom"):
            raise serializers.ValidationError({"with_whom": _("Say who the contact was with.")})
        _place_rule(attrs)
        return attrs


class ContactUpdateSerializer(serializers.Serializer[Any]):
    """A correction by the contact's author; the earlier text is kept as a revision."""

    occurred_at = Moment(required=False)
    channel = serializers.ChoiceField(Channel.choices, required=False)
    place = serializers.ChoiceField(Place.choices, required=False)
    with_whom = serializers.ListField(
        child=serializers.ChoiceField(ContactParty.choices), required=False, max_length=6
    )
    initiative = serializers.ChoiceField(Initiative.choices, required=False)
    duration_minutes = serializers.IntegerField(min_value=1, max_value=1440, required=False)
    activity = serializers.ChoiceField(Activity.choices, required=False)
    note = serializers.CharField(max_length=10000, required=False, allow_blank=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        contact: Contact = self.context["contact"]
        merged = {
            "channel": attrs.get("channel", contact.channel),
            "place": attrs.get("place", contact.place),
        }
        _place_rule(merged)
        if "place" in attrs or merged["place"] != contact.place:
            attrs["place"] = merged["place"]
        if contact.case_id is not None and "with_whom" in attrs and not attrs["with_whom"]:
            raise serializers.ValidationError({"with_whom": _("Say who the contact was with.")})
        return attrs


# --- Employers ------------------------------------------------------------------------------


class ContactPersonSerializer(ReadSerializer[ContactPerson]):
    class Meta:
        model = ContactPerson
        fields = ["id", "name", "role", "phone", "email", "is_active"]
        read_only_fields = fields


class ContactPersonCreateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    role = _text(200)
    phone = _text(20)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True, default="")


class EmployerSerializer(ReadSerializer[Employer]):
    last_contact_at = serializers.SerializerMethodField(
        help_text=("The last contact anyone at your office had with the firm.")
    )
    last_contact_by = serializers.SerializerMethodField()
    contact_persons = ContactPersonSerializer(many=True, read_only=True)

    class Meta:
        model = Employer
        fields = [
            "id",
            "orgnr",
            "name",
            "sector",
            "size_band",
            "industry",
            "street_address",
            "postal_code",
            "city",
            "created_at",
            "last_contact_at",
            "last_contact_by",
            "contact_persons",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_last_contact_at(self, employer: Employer) -> str | None:
        value = getattr(employer, "last_contact_at", None)
        return serializers.DateTimeField().to_representation(value) if value else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_last_contact_by(self, employer: Employer) -> str | None:
        value = getattr(employer, "last_contact_by", None)
        return str(value).strip() or None if value else None


class EmployerWriteSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    sector = serializers.ChoiceField(Sector.choices, default=Sector.PRIVATE)
    size_band = serializers.ChoiceField(
        SizeBand.choices, required=False, allow_blank=True, default=""
    )
    industry = _text(200)
    street_address = _text(200)
    postal_code = _text(4)
    city = _text(100)


class EmployerCreateSerializer(EmployerWriteSerializer):
    orgnr = OrgnrField(help_text=("Nine digits (mod 11)."))

    def validate_orgnr(self, value: str) -> str:
        try:
            return parse_orgnr(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None


class EmployerUpdateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200, required=False)
    sector = serializers.ChoiceField(Sector.choices, required=False)
    size_band = serializers.ChoiceField(SizeBand.choices, required=False, allow_blank=True)
    industry = serializers.CharField(max_length=200, required=False, allow_blank=True)
    street_address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    postal_code = serializers.CharField(max_length=4, required=False, allow_blank=True)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)


def _open_loggable_cases(user: User) -> Any:
    return cases_for(user, CaseAction.LOG_CONTACT).filter(status__in=OPEN_STATUSES)


class EmployerContactCreateSerializer(serializers.Serializer[Any]):
    """A contact with a firm; the whole office sees that it happened, by whom and when."""

    employer = serializers.PrimaryKeyRelatedField(queryset=Employer.objects.all())
    contact_person = serializers.PrimaryKeyRelatedField(
        queryset=ContactPerson.objects.all(), required=False, allow_null=True, default=None
    )
    case = ScopedReference(
        queryset=Case.objects.all(),
        scope=_open_loggable_cases,
        required=False,
        allow_null=True,
        default=None,
        help_text=("An open case the contact was about, if any."),
    )
    occurred_at = Moment()
    channel = serializers.ChoiceField(Channel.choices)
    duration_minutes = serializers.IntegerField(min_value=1, max_value=1440)
    note = _text(10000)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        person = attrs.get("contact_person")
        if person is not None and person.employer_id != attrs["employer"].pk:
            raise serializers.ValidationError(
                {"contact_person": _("The contact person works for another employer.")}
            )
        return attrs


# --- Placements -----------------------------------------------------------------------------


class SubsidySerializer(ReadSerializer[Subsidy]):
    class Meta:
        model = Subsidy
        fields = ["id", "kind", "rate_percent", "status", "applied_on", "granted_on", "paid_on"]
        read_only_fields = fields


class EvaluationSerializer(ReadSerializer[PlacementEvaluation]):
    class Meta:
        model = PlacementEvaluation
        fields = ["id", "held_on", "summary", "recorded_by"]
        read_only_fields = fields


class PlacementSerializer(ReadSerializer[Placement]):
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    subsidies = SubsidySerializer(many=True, read_only=True)
    evaluations = EvaluationSerializer(many=True, read_only=True)

    class Meta:
        model = Placement
        fields = [
            "id",
            "case",
            "employer",
            "employer_name",
            "kind",
            "start_on",
            "end_on",
            "ended_on",
            "position_percent",
            "hours_per_week",
            "permanent",
            "tasks",
            "extensions",
            "last_extended_on",
            "created_at",
            "subsidies",
            "evaluations",
        ]
        read_only_fields = fields


class PlacementCreateSerializer(serializers.Serializer[Any]):
    case = ScopedReference(
        queryset=Case.objects.all(), scope=lambda user: cases_for(user, CaseAction.CHANGE)
    )
    employer = serializers.PrimaryKeyRelatedField(queryset=Employer.objects.all())
    kind = serializers.ChoiceField(PlacementKind.choices)
    start_on = Day()
    end_on = Day(required=False, allow_null=True, default=None)
    position_percent = serializers.IntegerField(
        min_value=1, max_value=100, required=False, allow_null=True, default=None
    )
    hours_per_week = _hours(required=False, allow_null=True, default=None)
    permanent = _nullable_bool()
    tasks = _text(5000)


class EvaluateSerializer(serializers.Serializer[Any]):
    held_on = Day()
    summary = serializers.CharField(max_length=5000)


class ExtendSerializer(serializers.Serializer[Any]):
    new_end = Day()


class EndPlacementSerializer(serializers.Serializer[Any]):
    on = Day()
    reason = _text(2000)


class SubsidyApplySerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(SubsidyKind.choices)
    rate_percent = _percent(required=False, allow_null=True, default=None)
    applied_on = Day()


class SubsidyAdvanceSerializer(serializers.Serializer[Any]):
    subsidy = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    to = serializers.ChoiceField([SubsidyStatus.GRANTED, SubsidyStatus.PAID, SubsidyStatus.REFUSED])
    on = Day()


# --- Agreements -----------------------------------------------------------------------------


class ApprovalSerializer(ReadSerializer[Approval]):
    has_signed_document = serializers.SerializerMethodField()

    class Meta:
        model = Approval
        fields = ["id", "party", "approved_at", "withdrawn_at", "has_signed_document"]
        read_only_fields = fields

    def get_has_signed_document(self, approval: Approval) -> bool:
        return bool(approval.signed_document)


class VersionSerializer(ReadSerializer[AgreementVersion]):
    approvals = ApprovalSerializer(many=True, read_only=True)

    class Meta:
        model = AgreementVersion
        fields = [
            "id",
            "number",
            "start_on",
            "end_on",
            "work_percent",
            "tasks",
            "training_plan",
            "norwegian_tuition",
            "follow_up",
            "mentor_appointed",
            "mentor_name",
            "hiring_conditions",
            "is_extension",
            "in_force",
            "created_at",
            "approvals",
        ]
        read_only_fields = fields


class AgreementSerializer(ReadSerializer[Agreement]):
    status = serializers.ChoiceField(AgreementStatus.choices, read_only=True)
    versions = VersionSerializer(many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "case",
            "placement",
            "status",
            "outcome",
            "outcome_reason",
            "ended_on",
            "created_at",
            "versions",
        ]
        read_only_fields = fields


class VersionFieldsSerializer(serializers.Serializer[Any]):
    start_on = Day()
    end_on = Day()
    work_percent = serializers.IntegerField(min_value=1, max_value=100)
    tasks = serializers.CharField(max_length=5000)
    training_plan = _text(5000)
    norwegian_tuition = _text(5000)
    follow_up = serializers.CharField(max_length=200)
    mentor_appointed = serializers.BooleanField(default=False)
    mentor_name = _text(200)
    hiring_conditions = serializers.CharField(max_length=5000)


class AgreementCreateSerializer(VersionFieldsSerializer):
    placement = ScopedReference(
        queryset=Placement.objects.all(),
        scope=lambda user: placements_for(user, CaseAction.CHANGE),
    )


class VersionUpdateSerializer(serializers.Serializer[Any]):
    """Change a version nobody has approved; leave out what does not change."""

    start_on = Day(required=False)
    end_on = Day(required=False)
    work_percent = serializers.IntegerField(min_value=1, max_value=100, required=False)
    tasks = serializers.CharField(max_length=5000, required=False)
    training_plan = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    norwegian_tuition = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    follow_up = serializers.CharField(max_length=200, required=False)
    mentor_appointed = serializers.BooleanField(required=False)
    mentor_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    hiring_conditions = serializers.CharField(max_length=5000, required=False)


class NewVersionSerializer(VersionUpdateSerializer):
    is_extension = serializers.BooleanField(default=False)


class ApproveSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    party = serializers.ChoiceField(Party.choices)
    signed_document = serializers.FileField(
        required=False,
        allow_null=True,
        default=None,
        help_text=(
            "The signed agreement (PDF or picture), needed for the employer's and the "
            "participant's approval: send the request as multipart/form-data."
        ),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["party"] != Party.NAV and attrs.get("signed_document") is None:
            raise serializers.ValidationError(
                {"signed_document": _("Upload the signed agreement as evidence of the approval.")}
            )
        return attrs


class WithdrawApprovalSerializer(serializers.Serializer[Any]):
    approval = serializers.IntegerField(min_value=1, max_value=2**63 - 1)


class EndAgreementSerializer(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(AgreementOutcome.choices)
    on = Day()
    reason = _text(2000, help_text=("Needed when the agreement ended early."))


# --- Mentors --------------------------------------------------------------------------------


class MeetingSerializer(ReadSerializer[MentorMeeting]):
    class Meta:
        model = MentorMeeting
        fields = ["id", "kind", "held_on", "note", "recorded_by"]
        read_only_fields = fields


class MentorSerializer(ReadSerializer[MentorAssignment]):
    status = serializers.ChoiceField(MentorStatus.choices, read_only=True)
    case = serializers.IntegerField(source="placement.case_id", read_only=True)
    meetings = MeetingSerializer(many=True, read_only=True)

    class Meta:
        model = MentorAssignment
        fields = [
            "id",
            "case",
            "placement",
            "agreement",
            "name",
            "role",
            "phone",
            "is_manager",
            "start_on",
            "end_on",
            "status",
            "end_reason",
            "end_note",
            "replaces",
            "training_plan",
            "training_plan_text",
            "subsidy_rate",
            "subsidy_months",
            "subsidy_source",
            "subsidy_applied",
            "subsidy_paid",
            "subsidy_reached_mentor",
            "created_at",
            "meetings",
        ]
        read_only_fields = fields


class MentorFieldsSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    role = _text(200)
    phone = _text(20)
    is_manager = serializers.BooleanField(default=False)
    start_on = Day()
    training_plan = serializers.ChoiceField(TrainingPlan.choices, default=TrainingPlan.STANDARD)
    training_plan_text = _text(5000)
    subsidy_rate = serializers.IntegerField(
        min_value=0, max_value=1_000_000, required=False, allow_null=True, default=None
    )
    subsidy_months = serializers.IntegerField(
        min_value=0, max_value=3, required=False, allow_null=True, default=None
    )
    subsidy_source = serializers.ChoiceField(
        SubsidySource.choices, required=False, allow_blank=True, default=""
    )
    subsidy_applied = serializers.BooleanField(default=False)


class MentorCreateSerializer(MentorFieldsSerializer):
    placement = ScopedReference(
        queryset=Placement.objects.all(),
        scope=lambda user: placements_for(user, CaseAction.CHANGE),
    )


class MentorActivateSerializer(serializers.Serializer[Any]):
    on = Day()


class MentorEndSerializer(serializers.Serializer[Any]):
    on = Day()
    reason = serializers.ChoiceField(MentorEndReason.choices)
    note = _text(2000)
    new_name = _text(200, help_text=("The new mentor's name, when another mentor takes over."))
    new_role = _text(200)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["reason"] == MentorEndReason.REPLACED and not attrs.get("new_name", "").strip():
            raise serializers.ValidationError({"new_name": _("Give the name of the new mentor.")})
        return attrs


class MeetingCreateSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(MeetingKind.choices)
    held_on = Day()
    note = _text(5000)


# --- Checkpoints ----------------------------------------------------------------------------


class CheckpointSerializer(ReadSerializer[Checkpoint]):
    kind = serializers.ChoiceField(CheckpointKind.choices, read_only=True)
    status = serializers.ChoiceField(CheckpointStatus.choices, read_only=True)
    outcome = OutcomeStatusOutSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Checkpoint
        fields = [
            "id",
            "case",
            "kind",
            "sequence",
            "due_on",
            "status",
            "done_on",
            "done_by",
            "note",
            "outcome",
        ]
        read_only_fields = fields


class CheckpointCompleteSerializer(serializers.Serializer[Any]):
    on = Day(not_in_future=True)
    note = _text(5000)
    status = OutcomeStatusSerializer(
        required=False,
        allow_null=True,
        help_text=("The participant's situation: needed for a follow-up after discharge."),
    )


# --- Reports --------------------------------------------------------------------------------


class MaaltallRowSerializer(serializers.Serializer[Any]):
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not the label
    county = serializers.CharField()
    months = serializers.ListField(
        child=serializers.CharField(),
        help_text=("Participants at each month's end; ':' where the count is hidden."),
    )
    average = serializers.CharField()
    expected_average = serializers.CharField()
    average_percent = serializers.CharField()
    at_year_end = serializers.CharField()
    expected_at_year_end = serializers.CharField()
    year_end_percent = serializers.CharField()


class MaaltallReportSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    programme = serializers.IntegerField(allow_null=True)
    county = serializers.IntegerField(allow_null=True)
    months = serializers.ListField(child=serializers.CharField(), help_text=("YYYY-MM"))
    year_over = serializers.BooleanField()
    rows = MaaltallRowSerializer(many=True)
    counties = MaaltallRowSerializer(many=True)
    total = MaaltallRowSerializer()
    hidden = serializers.IntegerField(
        help_text=("How many cells of the national table are hidden.")
    )


class OutcomeCellSerializer(serializers.Serializer[Any]):
    n = serializers.CharField()
    success = serializers.CharField()
    percent = serializers.CharField()


class OutcomeRowSerializer(serializers.Serializer[Any]):
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not the label
    county = serializers.CharField()
    measures = OutcomeCellSerializer(many=True)
    mix = serializers.ListField(
        child=serializers.CharField(),
        help_text=("Shares of AAP, reduced work capacity, under 30 and employed at start."),
    )


class OutcomeReportSerializer(serializers.Serializer[Any]):
    first_year = serializers.IntegerField()
    year = serializers.IntegerField()
    programme = serializers.IntegerField(allow_null=True)
    county = serializers.IntegerField(allow_null=True)
    titles = serializers.ListField(child=serializers.CharField())
    rows = OutcomeRowSerializer(many=True)
    total = OutcomeRowSerializer()
