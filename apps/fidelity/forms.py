from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from apps.dashboards.selectors import Period
from apps.organisation.models import Team

from .models import Scale


class ReviewCreateForm(forms.Form):
    team = forms.ModelChoiceField(queryset=Team.objects.none(), label=_("Team"))
    scale = forms.ModelChoiceField(queryset=Scale.objects.none(), label=_("Scale"))
    first = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    last = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(
        self, *args: Any, teams: QuerySet[Team], scales: QuerySet[Scale], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["scale"].queryset = scales  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first"), data.get("last")
        if isinstance(first, datetime.date) and isinstance(last, datetime.date) and first > last:
            raise forms.ValidationError(_("The period ends before it begins."))
        return data

    def period(self) -> Period:
        return Period(self.cleaned_data["first"], self.cleaned_data["last"])
