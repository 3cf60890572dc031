from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.employers.models import Employer
from apps.participants.forms import DateInput, today
from apps.placements.models import PlacementKind, SubsidyKind, SubsidyStatus


class PlacementForm(forms.Form):
    employer = forms.ModelChoiceField(label=_("Employer"), queryset=Employer.objects.all())
    kind = forms.ChoiceField(label=_("Kind"), choices=PlacementKind.choices)
    start_on = forms.DateField(label=_("Start"), widget=DateInput(), initial=today)
    end_on = forms.DateField(
        label=_("Planned end"),
        widget=DateInput(),
        required=False,
        help_text=_("A practice placement runs three months unless agreed otherwise."),
    )
    position_percent = forms.IntegerField(
        label=_("Percentage of full time"), min_value=1, max_value=100, required=False
    )
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"), min_value=0, max_value=80, required=False
    )
    permanent = forms.NullBooleanField(
        label=_("Permanent"),
        required=False,
        widget=forms.Select(
            choices=[("unknown", _("Not stated")), ("true", _("Yes")), ("false", _("No"))]
        ),
    )
    tasks = forms.CharField(
        label=_("Tasks"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class EvaluationForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput(), initial=today)
    summary = forms.CharField(label=_("What was agreed"), widget=forms.Textarea(attrs={"rows": 3}))


class ExtendForm(forms.Form):
    new_end = forms.DateField(label=_("New end"), widget=DateInput())


class EndForm(forms.Form):
    on = forms.DateField(label=_("Ended on"), widget=DateInput(), initial=today)
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SubsidyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Subsidy"), choices=SubsidyKind.choices)
    rate_percent = forms.IntegerField(
        label=_("Rate (%)"), min_value=0, max_value=100, required=False
    )
    applied_on = forms.DateField(label=_("Applied for"), widget=DateInput(), initial=today)


class SubsidyAdvanceForm(forms.Form):
    to = forms.ChoiceField(
        choices=[
            (SubsidyStatus.GRANTED, _("Granted")),
            (SubsidyStatus.PAID, _("Paid")),
            (SubsidyStatus.REFUSED, _("Refused")),
        ]
    )
    on = forms.DateField(widget=DateInput(), initial=today)
