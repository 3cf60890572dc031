from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.cases.models import Case
from apps.contacts.forms import DateTimeInput, now_local
from apps.contacts.models import Channel
from apps.employers.models import ContactPerson, Employer, Sector, SizeBand
from apps.employers.services import parse_orgnr


class OrgnrField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Organisation number"))
        kwargs.setdefault("help_text", _("Nine digits."))
        kwargs.setdefault("max_length", 11)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean(self, value: Any) -> str:
        return parse_orgnr(super().clean(value))


class EmployerForm(forms.Form):
    orgnr = OrgnrField()
    name = forms.CharField(label=_("Name"), max_length=200)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    size_band = forms.ChoiceField(
        label=_("Size"), choices=[("", "–"), *SizeBand.choices], required=False
    )
    industry = forms.CharField(label=_("Industry"), max_length=200, required=False)
    street_address = forms.CharField(label=_("Address"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=4, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)


class ContactPersonForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "role", "phone", "email"]


class EmployerContactForm(forms.Form):
    """A contact with the firm, in the same few touches as any contact."""

    occurred_at = forms.DateTimeField(label=_("When"), widget=DateTimeInput(), initial=now_local)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.PHONE)
    contact_person = forms.ModelChoiceField(
        label=_("With"), queryset=ContactPerson.objects.none(), required=False
    )
    case = forms.ModelChoiceField(
        label=_("About a case (optional)"), queryset=Case.objects.none(), required=False
    )
    duration_minutes = forms.IntegerField(
        label=_("Minutes"), min_value=1, max_value=1440, initial=15
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, employer: Employer, cases: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["contact_person"]
        assert isinstance(person, forms.ModelChoiceField)
        person.queryset = employer.contact_persons.filter(is_active=True)
        case = self.fields["case"]
        assert isinstance(case, forms.ModelChoiceField)
        case.queryset = cases
        case.label_from_instance = lambda c: f"{c.participant.full_name} ({c.programme.name})"  # type: ignore[method-assign,assignment]


class EmployerSearchForm(forms.Form):
    aksel_mark_optional = False
    q = forms.CharField(label=_("Name or organisation number"), required=False)
