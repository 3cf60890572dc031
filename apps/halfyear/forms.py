from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.halfyear.models import FollowUpContent, HalfYearRow, Initiative, YesNoUnknown
from apps.participants.models import Benefit


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m")


class RowCompleteForm(forms.Form):
    """What the cases cannot tell about one participant. The AAP month is asked only of AAP
    participants, the content of the follow-up only of those in the programme in the half-year."""

    initiative = forms.ChoiceField(
        label=_("Who took the initiative to the participation?"),
        choices=Initiative.choices,
        widget=forms.RadioSelect,
    )
    practice_before = forms.ChoiceField(
        label=_("Was the participant in work practice before the participation?"),
        choices=YesNoUnknown.choices,
        widget=forms.RadioSelect,
    )
    aap_granted_month = forms.DateField(
        label=_("Month the work assessment allowance (AAP) was granted"),
        widget=MonthInput(),
        input_formats=["%Y-%m"],
        help_text=_("Year and month, for example 2025-03."),
    )
    follow_up_content = forms.MultipleChoiceField(
        label=_("What did the follow-up in the half-year consist of?"),
        choices=FollowUpContent.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose everything that applies."),
    )

    def __init__(self, *args: Any, row: HalfYearRow, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "initiative": row.initiative or None,
                "practice_before": row.practice_before or None,
                "aap_granted_month": row.aap_granted_month,
                "follow_up_content": row.follow_up_content,
            },
        )
        super().__init__(*args, **kwargs)
        if row.benefit != Benefit.AAP:
            del self.fields["aap_granted_month"]
        if not row.in_period:
            del self.fields["follow_up_content"]


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the form sent back?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
