from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from apps.audit.models import AccessAction
from apps.audit.services import access_record
from apps.cases.access import CaseAction
from apps.cases.selectors import cases_for
from apps.cases.views import PersonDataMixin
from apps.mentors import services
from apps.mentors.forms import ActivateForm, EndMentorForm, MeetingForm, MentorForm
from apps.mentors.models import MentorAssignment
from apps.participants.models import ConsentRecipient
from apps.participants.selectors import consents_in_force
from apps.placements.views import PlacementMixin, placement_page


class MentorCreateView(PlacementMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        placement = self.get_placement(pk, CaseAction.CHANGE)
        form = MentorForm(request.POST, prefix="mentor")
        if form.is_valid():
            try:
                mentor = services.mentor_propose(
                    placement=placement, actor=self.user, **form.cleaned_data
                )
            except services.MentorError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The mentor is registered."))
                return redirect("mentors:detail", pk=mentor.pk)
        return placement_page(self, request, placement, status=400, mentor=form)


class MentorMixin(PersonDataMixin):
    def get_mentor(self, pk: int, action: CaseAction = CaseAction.VIEW) -> MentorAssignment:
        return get_object_or_404(
            MentorAssignment.objects.select_related(
                "placement__case__participant", "placement__employer"
            ),
            pk=pk,
            placement__case__in=cases_for(self.user, action),
        )

    def page(
        self, request: HttpRequest, mentor: MentorAssignment, status: int = 200, **bound: forms.Form
    ) -> HttpResponse:
        case = mentor.placement.case
        access_record(
            request=request,
            actor=self.user,
            participant_id=case.participant_id,
            case_id=case.pk,
            action=AccessAction.VIEW_CASE,
        )
        topics: set[str] = set()
        for consent in consents_in_force(
            participant=case.participant, recipient=ConsentRecipient.MENTOR, on=timezone.localdate()
        ):
            topics.update(consent.topic_labels())
        can_change = cases_for(self.user, CaseAction.CHANGE).filter(pk=case.pk).exists()
        response = render(
            request,
            "mentors/detail.html",
            {
                "mentor": mentor,
                "case": case,
                "can_change": can_change,
                "may_know": sorted(topics),
                "meetings": mentor.meetings.all(),
                "chain": _chain(mentor),
                "activate_form": bound.get("activate") or ActivateForm(prefix="activate"),
                "end_form": bound.get("end") or EndMentorForm(prefix="end"),
                "meeting_form": bound.get("meeting") or MeetingForm(prefix="meeting"),
            },
        )
        response.status_code = status
        return response


def _chain(mentor: MentorAssignment) -> list[MentorAssignment]:
    """The mentors before this one, newest first (changes of mentor with their reasons)."""
    chain: list[MentorAssignment] = []
    current = mentor.replaces
    while current is not None and len(chain) < 20:
        chain.append(current)
        current = current.replaces
    return chain


class MentorDetailView(MentorMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.page(request, self.get_mentor(pk))


class MentorActionView(MentorMixin, View):
    http_method_names = ["post"]
    prefix = ""
    form_class: type[forms.Form]

    def perform(self, mentor: MentorAssignment, data: dict[str, Any]) -> MentorAssignment | None:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        mentor = self.get_mentor(pk, CaseAction.CHANGE)
        form = self.form_class(request.POST, prefix=self.prefix)
        status = 400
        if form.is_valid():
            try:
                successor = self.perform(mentor, form.cleaned_data)
            except services.MentorError as error:
                form.add_error(None, str(error))
                status = 409
            else:
                messages.success(request, _("Saved."))
                return redirect("mentors:detail", pk=(successor or mentor).pk)
        return self.page(request, mentor, status=status, **{self.prefix: form})


class MentorActivateView(MentorActionView):
    prefix, form_class = "activate", ActivateForm

    def perform(self, mentor: MentorAssignment, data: dict[str, Any]) -> None:
        services.mentor_activate(assignment=mentor, actor=self.user, on=data["on"])


class MentorEndView(MentorActionView):
    prefix, form_class = "end", EndMentorForm

    def perform(self, mentor: MentorAssignment, data: dict[str, Any]) -> MentorAssignment | None:
        successor = None
        if data["new_name"]:  # another mentor takes over, whatever ended this one
            successor = {"name": data["new_name"], "role": data["new_role"], "start_on": data["on"]}
        return services.mentor_end(
            assignment=mentor,
            actor=self.user,
            on=data["on"],
            reason=data["reason"],
            note=data["note"],
            successor=successor,
        )


class MentorMeetingView(MentorActionView):
    prefix, form_class = "meeting", MeetingForm

    def perform(self, mentor: MentorAssignment, data: dict[str, Any]) -> None:
        services.mentor_meeting_record(assignment=mentor, actor=self.user, **data)
