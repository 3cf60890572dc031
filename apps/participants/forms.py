from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.participants.fnr import Fnr, birth_date_of, parse_fnr
from apps.participants.models import (
    TRACKED_FIELDS,
    Challenge,
    ConsentRecipient,
    ConsentTopic,
    Gender,
    Participant,
    SupportNetwork,
)
from apps.programmes.models import Programme


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class FnrField(forms.CharField):
    """Eleven digits, validated; cleans to an ``Fnr``. The value never appears in an error."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Fødselsnummer or D-nummer"))
        kwargs.setdefault("help_text", _("Eleven digits."))
        kwargs.setdefault("max_length", 13)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        )

    def clean(self, value: Any) -> Fnr:
        text = super().clean(value)
        return parse_fnr(text)


def today() -> datetime.date:
    return timezone.localdate()


class FnrSearchForm(forms.Form):
    fnr = FnrField()


class RegisterForm(forms.Form):
    """Register a participant and refer them to a programme, in one go."""

    fnr = FnrField()
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    birth_date = forms.DateField(label=_("Birth date"), widget=DateInput())
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.filter(is_active=True), empty_label=None
    )
    referral_date = forms.DateField(label=_("Referral date"), widget=DateInput(), initial=today)
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        fnr, born = data.get("fnr"), data.get("birth_date")
        if isinstance(fnr, Fnr) and born is not None and birth_date_of(fnr) != born:
            self.add_error("birth_date", _("The birth date does not match the fødselsnummer."))
        referral = data.get("referral_date")
        if referral is not None and referral > today():
            self.add_error("referral_date", _("The referral date cannot be in the future."))
        return data

    def participant_fields(self) -> dict[str, Any]:
        return {
            k: self.cleaned_data[k]
            for k in ("first_name", "last_name", "birth_date", "gender", "phone")
        }


class ParticipantForm(forms.ModelForm):
    main_challenges = forms.MultipleChoiceField(
        label=_("Main challenges to working"),
        choices=Challenge.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    support_network = forms.MultipleChoiceField(
        label=_("Support network"),
        choices=SupportNetwork.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Participant
        fields = TRACKED_FIELDS
        widgets = {"birth_date": DateInput()}

    def clean_disability_grade(self) -> int | None:
        grade = self.cleaned_data.get("disability_grade")
        if grade is not None and not 0 <= grade <= 100:
            raise forms.ValidationError(_("Give the grade as a percentage from 0 to 100."))
        return grade

    def clean_months_employed_last_24(self) -> int | None:
        months = self.cleaned_data.get("months_employed_last_24")
        if months is not None and months > 24:
            raise forms.ValidationError(_("At most 24 months."))
        return months


class ConsentForm(forms.Form):
    recipient = forms.ChoiceField(label=_("Shared with"), choices=ConsentRecipient.choices)
    topics = forms.MultipleChoiceField(
        label=_("What may be shared"),
        choices=ConsentTopic.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    given_on = forms.DateField(label=_("Given on"), widget=DateInput(), initial=today)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ConsentWithdrawForm(forms.Form):
    on = forms.DateField(label=_("Withdrawn on"), widget=DateInput(), initial=today)


class TransferRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the team lead"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
