from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View

from apps.audit.models import AccessAction
from apps.audit.services import access_record
from apps.cases.access import CaseAction
from apps.cases.views import PersonDataMixin
from apps.mentors.forms import MentorForm
from apps.participants.models import ConsentRecipient
from apps.participants.selectors import consents_in_force
from apps.placements import services
from apps.placements.forms import (
    EndForm,
    EvaluationForm,
    ExtendForm,
    PlacementForm,
    SubsidyAdvanceForm,
    SubsidyForm,
)
from apps.placements.models import PRACTICE_KINDS, Placement, Subsidy
from apps.placements.selectors import placements_for


def placement_page(
    view: PersonDataMixin,
    request: HttpRequest,
    placement: Placement,
    status: int = 200,
    **bound: forms.BaseForm,
) -> HttpResponse:
    case = placement.case
    access_record(
        request=request,
        actor=view.user,
        participant_id=case.participant_id,
        case_id=case.pk,
        action=AccessAction.VIEW_CASE,
    )
    can_change = placements_for(view.user, CaseAction.CHANGE).filter(pk=placement.pk).exists()
    topics = set()
    for consent in consents_in_force(
        participant=case.participant, recipient=ConsentRecipient.MENTOR, on=timezone.localdate()
    ):
        topics.update(consent.topic_labels())
    response = render(
        request,
        "placements/detail.html",
        {
            "placement": placement,
            "case": case,
            "can_change": can_change,
            "is_practice": placement.kind in PRACTICE_KINDS,
            "evaluations": placement.evaluations.select_related("recorded_by"),
            "subsidies": placement.subsidies.all(),
            "agreements": placement.agreements.all(),
            "mentors": placement.mentors.all(),
            "mentor_may_know": sorted(topics),
            "evaluation_form": bound.get("evaluation") or EvaluationForm(prefix="evaluation"),
            "extend_form": bound.get("extend") or ExtendForm(prefix="extend"),
            "end_form": bound.get("end") or EndForm(prefix="end"),
            "subsidy_form": bound.get("subsidy") or SubsidyForm(prefix="subsidy"),
            "mentor_form": bound.get("mentor")
            or MentorForm(prefix="mentor", initial={"start_on": placement.start_on}),
            # The subsidy buttons carry no form to show errors in: a refusal shows on top.
            "subsidy_errors": bound["advance"].non_field_errors() if "advance" in bound else [],
        },
    )
    response.status_code = status
    return response


class PlacementCreateView(PersonDataMixin, View):
    http_method_names = ["get", "head", "post"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self.get_case(pk, CaseAction.CHANGE)
        return render(request, "placements/create.html", {"case": case, "form": PlacementForm()})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self.get_case(pk, CaseAction.CHANGE)
        form = PlacementForm(request.POST)
        if form.is_valid():
            try:
                placement = services.placement_create(
                    case=case, actor=self.user, **form.cleaned_data
                )
            except services.PlacementError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The placement is registered."))
                return redirect("placements:detail", pk=placement.pk)
        response = render(request, "placements/create.html", {"case": case, "form": form})
        response.status_code = 400
        return response


class PlacementMixin(PersonDataMixin):
    def get_placement(self, pk: int, action: CaseAction = CaseAction.VIEW) -> Placement:
        return get_object_or_404(
            placements_for(self.user, action).select_related(
                "case__participant", "case__programme", "employer"
            ),
            pk=pk,
        )


class PlacementDetailView(PlacementMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return placement_page(self, request, self.get_placement(pk))


class PlacementActionView(PlacementMixin, View):
    """One form on the placement page, one service; back to the page, or the page with the error."""

    http_method_names = ["post"]
    prefix = ""
    form_class: type[forms.Form]
    done: Any = ""

    def perform(self, placement: Placement, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
        placement = self.get_placement(pk, CaseAction.CHANGE)
        self.kwargs.update(kwargs)
        form = self.form_class(request.POST, prefix=self.prefix)
        status = 400
        if form.is_valid():
            try:
                self.perform(placement, form.cleaned_data)
            except services.PlacementError as error:
                form.add_error(None, str(error))
                status = 409
            else:
                messages.success(request, str(self.done))
                return redirect("placements:detail", pk=placement.pk)
        return placement_page(self, request, placement, status=status, **{self.prefix: form})


def action(
    prefix: str,
    form_class: type[forms.Form],
    done: Any,
    perform: Callable[[PlacementActionView, Placement, dict[str, Any]], object],
) -> type[PlacementActionView]:
    return type(
        f"{prefix.title()}View",
        (PlacementActionView,),
        {
            "prefix": prefix,
            "form_class": form_class,
            "done": done,
            "perform": lambda self, placement, data: perform(self, placement, data),
        },
    )


EvaluateView = action(
    "evaluation",
    EvaluationForm,
    _lazy("The evaluation is recorded."),
    lambda v, p, d: services.placement_evaluate(placement=p, actor=v.user, **d),
)
ExtendView = action(
    "extend",
    ExtendForm,
    _lazy("The placement is extended."),
    lambda v, p, d: services.placement_extend(placement=p, actor=v.user, **d),
)
EndView = action(
    "end",
    EndForm,
    _lazy("The placement has ended."),
    lambda v, p, d: services.placement_end(placement=p, actor=v.user, **d),
)
SubsidyApplyView = action(
    "subsidy",
    SubsidyForm,
    _lazy("The subsidy is registered."),
    lambda v, p, d: services.subsidy_apply(placement=p, actor=v.user, **d),
)


class SubsidyAdvanceView(PlacementActionView):
    prefix = "advance"
    form_class = SubsidyAdvanceForm
    done = _lazy("The subsidy is updated.")

    def perform(self, placement: Placement, data: dict[str, Any]) -> None:
        subsidy = get_object_or_404(Subsidy, pk=self.kwargs["subsidy_id"], placement=placement)
        services.subsidy_advance(subsidy=subsidy, actor=self.user, to=data["to"], on=data["on"])
