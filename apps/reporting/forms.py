from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.organisation.models import County, Office
from apps.programmes.models import Programme
from apps.reporting.models import ReportKind


def _years() -> list[tuple[int, int]]:
    this_year = timezone.localdate().year
    return [(year, year) for year in range(this_year, 2012, -1)]


class ReportFilterForm(forms.Form):
    """What a report is about: the year, a programme or all, and (for the directorate) a county."""

    aksel_mark_optional = False
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=_years)
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.order_by("name"),
        required=False,
        empty_label=_("All programmes"),
    )
    county = forms.ModelChoiceField(
        label=_("County"),
        queryset=County.objects.order_by("number"),
        required=False,
        empty_label=_("The whole country"),
    )

    first_year = forms.TypedChoiceField(
        label=_("From year"),
        coerce=int,
        choices=lambda: [("", _("The same year")), *_years()],
        required=False,
        empty_value=None,
        help_text=_("For outcomes over several years."),
    )

    def __init__(
        self, *args: Any, show_county: bool = True, show_first_year: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not show_county:
            del self.fields["county"]
        if not show_first_year:
            del self.fields["first_year"]


class ReportPdfForm(ReportFilterForm):
    kind = forms.ChoiceField(choices=ReportKind.choices, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, show_first_year=True, **kwargs)


class TargetForm(forms.Form):
    office = forms.ModelChoiceField(
        label=_("Office"), queryset=Office.objects.select_related("county").order_by("name")
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=_years)
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.order_by("name"),
        required=False,
        empty_label=_("All programmes"),
    )
    expected_at_year_end = forms.IntegerField(
        label=_("Expected participants at year end"), min_value=0, max_value=100_000
    )
    expected_average = forms.IntegerField(
        label=_("Expected average number of participants"), min_value=0, max_value=100_000
    )
