from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.mentors.models import MeetingKind, MentorAssignment, MentorEndReason
from apps.participants.forms import DateInput, today


class MentorForm(forms.ModelForm):
    class Meta:
        model = MentorAssignment
        fields = [
            "name",
            "role",
            "phone",
            "is_manager",
            "start_on",
            "training_plan",
            "training_plan_text",
            "subsidy_rate",
            "subsidy_months",
            "subsidy_source",
            "subsidy_applied",
        ]
        widgets = {"start_on": DateInput(), "training_plan_text": forms.Textarea(attrs={"rows": 2})}

    def clean_subsidy_months(self) -> int | None:
        months = self.cleaned_data.get("subsidy_months")
        if months is not None and months > 3:
            raise forms.ValidationError(_("A mentor subsidy runs for at most three months."))
        return months


class ActivateForm(forms.Form):
    on = forms.DateField(label=_("Started on"), widget=DateInput(), initial=today)


class EndMentorForm(forms.Form):
    on = forms.DateField(label=_("Ended on"), widget=DateInput(), initial=today)
    reason = forms.ChoiceField(label=_("Why"), choices=MentorEndReason.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    new_name = forms.CharField(
        label=_("New mentor's name"), required=False, help_text=_("When another mentor takes over.")
    )
    new_role = forms.CharField(label=_("New mentor's role"), required=False)

    def clean(self) -> dict[str, object]:
        super().clean()
        data = self.cleaned_data
        if data.get("reason") == MentorEndReason.REPLACED and not data.get("new_name"):
            self.add_error("new_name", _("Give the name of the new mentor."))
        return data


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    held_on = forms.DateField(label=_("Held on"), widget=DateInput(), initial=today)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
