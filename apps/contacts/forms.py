from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.contacts.models import Activity, Channel, Initiative, Party, Place


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def now_local() -> datetime.datetime:
    return timezone.localtime().replace(second=0, microsecond=0)


class ContactForm(forms.Form):
    """One contact, in as few touches as possible: sensible defaults for everything but the note."""

    occurred_at = forms.DateTimeField(label=_("When"), widget=DateTimeInput(), initial=now_local)
    channel = forms.ChoiceField(
        label=_("Channel"), choices=Channel.choices, initial=Channel.MEETING
    )
    place = forms.ChoiceField(label=_("Place"), choices=Place.choices, initial=Place.NAV_OFFICE)
    with_whom = forms.MultipleChoiceField(
        label=_("With whom"),
        choices=Party.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Party.PARTICIPANT],
    )
    initiative = forms.ChoiceField(
        label=_("Initiative"), choices=Initiative.choices, initial=Initiative.SPECIALIST
    )
    duration_minutes = forms.IntegerField(
        label=_("Minutes"), min_value=1, max_value=1440, initial=30
    )
    activity = forms.ChoiceField(
        label=_("Activity"), choices=Activity.choices, initial=Activity.INDIVIDUAL
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, with_case: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["duration_minutes"].widget.attrs["inputmode"] = "numeric"
        if not with_case:
            # Team meetings and training: with whom is not asked.
            self.fields["with_whom"].required = False
            self.fields["activity"].initial = Activity.TEAM
            self.fields["place"].initial = Place.NAV_OFFICE

    def clean_occurred_at(self) -> datetime.datetime:
        when: datetime.datetime = self.cleaned_data["occurred_at"]
        if when > timezone.now() + datetime.timedelta(minutes=5):
            raise forms.ValidationError(_("A contact cannot be logged in the future."))
        return when

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        channel, place = data.get("channel"), data.get("place")
        in_person = channel in (Channel.MEETING, Channel.WORKPLACE_VISIT)
        if channel and place and in_person and place == Place.NONE:
            self.add_error("place", _("Say where the meeting was."))
        if channel and place and not in_person and place != Place.NONE:
            data["place"] = Place.NONE
        return data
