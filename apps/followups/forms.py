from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.cases.forms import DatedForm, OutcomeStatusForm


class CompleteForm(DatedForm):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FollowUpStatusForm(OutcomeStatusForm, CompleteForm):
    """A follow-up after discharge records the participant's situation with the status flags."""

    field_order = ["on"]
