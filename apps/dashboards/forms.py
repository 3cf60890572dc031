from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from apps.organisation.models import Team, User
from apps.participants.forms import DateInput
from apps.programmes.models import Programme

from .selectors import Period


class DashboardFilterForm(forms.Form):
    aksel_mark_optional = False
    fra = forms.DateField(label=_("From"), widget=DateInput(), required=False)
    til = forms.DateField(label=_("To"), widget=DateInput(), required=False)
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.order_by("name"),
        required=False,
        empty_label=_("All programmes"),
    )
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("All teams")
    )
    spesialist = forms.ModelChoiceField(
        label=_("Job specialist"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Everyone"),
    )

    def __init__(
        self, *args: Any, teams: QuerySet[Team], specialists: QuerySet[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        team = self.fields["team"]
        assert isinstance(team, forms.ModelChoiceField)
        team.queryset = teams
        if teams.count() < 2:
            del self.fields["team"]
        person = self.fields["spesialist"]
        assert isinstance(person, forms.ModelChoiceField)
        person.queryset = specialists

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("fra"), data.get("til")
        if first and last and first > last:
            self.add_error("til", _("The end of the period comes before its start."))
        if first and last and (last - first).days > 3 * 366:
            self.add_error("fra", _("Choose a period of at most three years."))
        return data

    def period(self, today: datetime.date) -> Period:
        default = Period.default(today)
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return Period(data.get("fra") or default.first, data.get("til") or default.last)


class SavedFilterForm(forms.Form):
    name = forms.CharField(label=_("Save these filters as"), max_length=80)
