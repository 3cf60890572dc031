from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.cases.models import (
    OPEN_STATUSES,
    CaseStatus,
    DocumentKind,
    EndReason,
    Stage,
    VocationalProfile,
)
from apps.organisation.models import Role, Team, User
from apps.participants.forms import DateInput, today
from apps.programmes.models import Programme


class DatedForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=today)

    def clean_on(self) -> Any:
        on = self.cleaned_data["on"]
        if on > today():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return on


class StartIntakeForm(DatedForm):
    pass


class ActivateForm(DatedForm):
    intake_talk_date = forms.DateField(
        label=_("Intake talk held on"), widget=DateInput(), initial=today
    )


class ReasonForm(DatedForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ResumeForm(DatedForm):
    pass


STATUS_FLAGS = [
    "in_work",
    "education",
    "job_seeker",
    "sick_leave_or_treatment",
    "aap",
    "uforetrygd",
    "dismissed",
    "not_reachable",
]


class OutcomeStatusForm(forms.Form):
    """The status flags of DOMAIN.md; several may be true at once."""

    in_work = forms.BooleanField(label=_("In paid work"), required=False)
    work_hours_per_week = forms.DecimalField(
        label=_("Hours per week"), required=False, min_value=0, max_value=80, decimal_places=1
    )
    work_percent = forms.IntegerField(
        label=_("Percentage of full time"), required=False, min_value=0, max_value=100
    )
    work_permanent = forms.NullBooleanField(
        label=_("Permanent position"),
        widget=forms.Select(
            choices=[("unknown", _("Not stated")), ("true", _("Yes")), ("false", _("No"))]
        ),
        required=False,
    )
    work_with_wage_subsidy = forms.NullBooleanField(
        label=_("With wage subsidy"),
        widget=forms.Select(
            choices=[("unknown", _("Not stated")), ("true", _("Yes")), ("false", _("No"))]
        ),
        required=False,
    )
    education = forms.BooleanField(label=_("In education"), required=False)
    job_seeker = forms.BooleanField(label=_("Job seeker"), required=False)
    sick_leave_or_treatment = forms.BooleanField(label=_("Sick leave or treatment"), required=False)
    aap = forms.BooleanField(label=_("On AAP"), required=False)
    uforetrygd = forms.BooleanField(label=_("On disability benefit"), required=False)
    dismissed = forms.BooleanField(label=_("Dismissed"), required=False)
    not_reachable = forms.BooleanField(label=_("Not reachable"), required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("in_work") and data.get("work_hours_per_week") in (None, ""):
            self.add_error("work_hours_per_week", _("Give the hours per week of the job."))
        if not any(data.get(flag) for flag in STATUS_FLAGS):
            raise forms.ValidationError(_("Tick at least one status, such as not reachable."))
        return data

    def status(self) -> dict[str, Any]:
        keys = [
            *STATUS_FLAGS,
            "work_hours_per_week",
            "work_percent",
            "work_permanent",
            "work_with_wage_subsidy",
        ]
        return {key: self.cleaned_data.get(key) for key in keys}


class DischargeForm(OutcomeStatusForm, DatedForm):
    end_reason = forms.ChoiceField(label=_("End reason"), choices=EndReason.choices)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    field_order = ["on", "end_reason"]


TRANSITION_FORMS: dict[str, type[forms.Form]] = {
    "start_intake": StartIntakeForm,
    "activate": ActivateForm,
    "reject": ReasonForm,
    "withdraw": ReasonForm,
    "pause": ReasonForm,
    "resume": ResumeForm,
    "discharge": DischargeForm,
}

# Which transitions each status offers, in the order the case page shows them.
TRANSITIONS_FROM: dict[str, list[str]] = {
    CaseStatus.REFERRED: ["start_intake", "reject", "withdraw"],
    CaseStatus.INTAKE: ["activate", "reject", "withdraw"],
    CaseStatus.ACTIVE: ["discharge", "pause"],
    CaseStatus.PAUSED: ["resume", "discharge"],
}


class StageForm(DatedForm):
    stage = forms.TypedChoiceField(label=_("Stage"), choices=Stage.choices, coerce=int)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when the case goes back or skips a stage."),
    )


class OrderForm(forms.Form):
    referring_adviser = forms.CharField(
        label=_("Referring NAV adviser"), max_length=150, required=False
    )
    order_background = forms.CharField(
        label=_("Background"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    order_tried = forms.CharField(
        label=_("What has been tried"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    order_goal = forms.CharField(
        label=_("Goal"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    three_way_meeting_date = forms.DateField(
        label=_("Three-way meeting held on"), widget=DateInput(), required=False
    )


class VocationalProfileForm(forms.ModelForm):
    class Meta:
        model = VocationalProfile
        fields = ["job_wishes", "support_strategy", "accommodation_needs", "target_workplaces"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("File"), help_text=_("PDF, Word, JPEG or PNG, at most 10 MB."))


class ReassignForm(forms.Form):
    new_owner = forms.ModelChoiceField(label=_("New job specialist"), queryset=User.objects.none())
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, office_id: int, exclude: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["new_owner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(
            role=Role.SPECIALIST, office_id=office_id, is_active=True
        ).exclude(pk=exclude)


class TransferForm(forms.Form):
    to_team = forms.ModelChoiceField(label=_("Receiving team"), queryset=Team.objects.none())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, office_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_team"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Team.objects.exclude(office_id=office_id)
            .select_related("office")
            .order_by("office__name", "name")
        )


class TransferDecisionForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Decision"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Accept")), ("no", _("Decline"))],
        widget=forms.RadioSelect,
    )
    new_owner = forms.ModelChoiceField(
        label=_("New job specialist"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["new_owner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = team.members.filter(role=Role.SPECIALIST, is_active=True)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("accept") and not data.get("new_owner"):
            self.add_error("new_owner", _("Choose who takes the case over."))
        return data


class WorklistFilterForm(forms.Form):
    aksel_mark_optional = False

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All open"))]
        + [(s.value, s.label) for s in CaseStatus if s in OPEN_STATUSES],
    )
    stage = forms.TypedChoiceField(
        label=_("Stage"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All stages")), *Stage.choices],
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        required=False,
        queryset=Programme.objects.filter(is_active=True),
        empty_label=_("All programmes"),
    )
    # A team lead's view of one specialist's caseload; the list is scoped to what the user reads.
    spesialist = forms.ModelChoiceField(
        queryset=User.objects.filter(role=Role.SPECIALIST), required=False, widget=forms.HiddenInput
    )
