from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.agreements.models import AgreementOutcome, AgreementVersion, Party
from apps.participants.forms import DateInput, today


class VersionForm(forms.ModelForm):
    class Meta:
        model = AgreementVersion
        fields = [
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
        ]
        widgets = {
            "start_on": DateInput(),
            "end_on": DateInput(),
            "tasks": forms.Textarea(attrs={"rows": 3}),
            "training_plan": forms.Textarea(attrs={"rows": 3}),
            "norwegian_tuition": forms.Textarea(attrs={"rows": 2}),
            "hiring_conditions": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "end_on": _("Three months is the usual term."),
            "follow_up": _("For example: a meeting every 4–5 weeks."),
        }


class NewVersionForm(VersionForm):
    is_extension = forms.BooleanField(label=_("This is an extension"), required=False)


class ApprovalForm(forms.Form):
    party = forms.ChoiceField(label=_("Who approves"), choices=Party.choices)
    signed_document = forms.FileField(
        label=_("The signed agreement"),
        required=False,
        help_text=_("Needed for the employer's and the participant's approval (PDF or picture)."),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("party") in (Party.EMPLOYER, Party.PARTICIPANT) and not data.get(
            "signed_document"
        ):
            self.add_error(
                "signed_document", _("Upload the signed agreement as evidence of the approval.")
            )
        return data


class EndAgreementForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=AgreementOutcome.choices)
    on = forms.DateField(label=_("Ended on"), widget=DateInput(), initial=today)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when the agreement ended early."),
    )
