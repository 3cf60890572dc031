from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView

from apps.audit.models import AccessAction
from apps.audit.services import access_record, access_record_many
from apps.cases import services
from apps.cases.access import CaseAction, case_scope
from apps.cases.forms import (
    TRANSITION_FORMS,
    TRANSITIONS_FROM,
    DocumentForm,
    OrderForm,
    ReassignForm,
    StageForm,
    TransferDecisionForm,
    TransferForm,
    VocationalProfileForm,
    WorklistFilterForm,
)
from apps.cases.models import (
    OPEN_STATUSES,
    Case,
    CaseDocument,
    CaseStatus,
    CaseTransfer,
    DocumentKind,
    Stage,
    VocationalProfile,
)
from apps.cases.selectors import (
    WorklistFilter,
    case_timeline,
    cases_for,
    current_stage,
    stage_durations,
    with_worklist_facts,
    worklist,
)
from apps.cases.warnings import case_deadlines, next_due, warnings
from apps.contacts.forms import ContactForm
from apps.contacts.models import ContactDraft
from apps.organisation.models import PERSON_DATA_ROLES, Role
from apps.organisation.views import RoleRequiredMixin
from apps.placements.selectors import case_employer_side


class PersonDataMixin(RoleRequiredMixin):
    """For pages that show a person: only roles that work with people, and 403 for the rest."""

    allowed_roles = frozenset(PERSON_DATA_ROLES)

    def get_case(self, pk: int, action: CaseAction = CaseAction.VIEW) -> Case:
        """The case, if the user may act on it this way; 404 otherwise (nothing is revealed)."""
        return get_object_or_404(cases_for(self.user, action).select_related("rules"), pk=pk)


TRANSITION_SERVICES = {
    "start_intake": lambda case, actor, data: services.case_start_intake(
        case=case, actor=actor, on=data["on"]
    ),
    "activate": lambda case, actor, data: services.case_activate(
        case=case, actor=actor, on=data["on"], intake_talk_date=data["intake_talk_date"]
    ),
    "reject": lambda case, actor, data: services.case_reject(
        case=case, actor=actor, on=data["on"], reason=data["reason"]
    ),
    "withdraw": lambda case, actor, data: services.case_withdraw(
        case=case, actor=actor, on=data["on"], reason=data["reason"]
    ),
    "pause": lambda case, actor, data: services.case_pause(
        case=case, actor=actor, on=data["on"], reason=data["reason"]
    ),
    "resume": lambda case, actor, data: services.case_resume(case=case, actor=actor, on=data["on"]),
    "discharge": lambda case, actor, data: services.case_discharge(
        case=case,
        actor=actor,
        on=data["on"],
        reason=data["end_reason"],
        note=data["note"],
        status={k: v for k, v in data.items() if k not in ("on", "end_reason", "note")},
    ),
}

TRANSITION_LABELS = {
    "start_intake": gettext_lazy("Start intake"),
    "activate": gettext_lazy("Make active"),
    "reject": gettext_lazy("Reject the referral"),
    "withdraw": gettext_lazy("Withdraw"),
    "pause": gettext_lazy("Pause"),
    "resume": gettext_lazy("Resume"),
    "discharge": gettext_lazy("Discharge"),
}


class WorklistView(PersonDataMixin, ListView):
    """Mine saker: the open cases the user owns or co-owns, with stage, contact and deadlines."""

    template_name = "cases/worklist.html"
    context_object_name = "cases"
    http_method_names = ["get", "head"]

    def get_template_names(self) -> list[str]:
        if self.request.htmx and self.request.htmx.target == "worklist-results":  # type: ignore[attr-defined]
            return ["cases/_worklist_results.html"]
        return [self.template_name]

    def get_queryset(self) -> QuerySet[Case]:
        self.filter_form = WorklistFilterForm(self.request.GET or None)
        filters = WorklistFilter()
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            filters = WorklistFilter(
                status=data["status"] or "",
                stage=data["stage"],
                programme_id=data["programme"].pk if data["programme"] else None,
                owner_id=data["spesialist"].pk if data["spesialist"] else None,
            )
        return worklist(self.user, filters)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        rows = []
        case: Any  # annotated by with_worklist_facts
        for case in context["cases"]:
            deadlines = case_deadlines(
                case,
                last_contact=case.last_contact_at,
                first_employer_contact=case.first_employer_contact_at,
            )
            last = timezone.localdate(case.last_contact_at) if case.last_contact_at else None
            rows.append(
                {
                    "case": case,
                    "days_since_contact": (today - last).days if last else None,
                    "contact_overdue": case.status == CaseStatus.ACTIVE
                    and (last is None or (today - last).days > case.rules.no_contact_days),
                    "next_due": next_due(deadlines),
                    "warnings": warnings(deadlines, today),
                    "stage_label": Stage(case.current_stage).label if case.current_stage else "",
                }
            )
        access_record_many(
            request=self.request,
            actor=self.user,
            rows=[(row["case"].participant_id, row["case"].pk) for row in rows],
        )
        viewed = (
            self.filter_form.cleaned_data.get("spesialist") if self.filter_form.is_valid() else None
        )
        context.update(
            rows=rows,
            filter_form=self.filter_form,
            today=today,
            viewed_owner=viewed if viewed and viewed != self.user else None,
        )
        return context


class CaseDetailView(PersonDataMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self.get_case(pk)
        return render(request, "cases/case_detail.html", case_page_context(self, case))


def transitions_offered(case: Case) -> list[str]:
    """The status changes the case page offers for the case's status, in the page's order."""
    return [
        name
        for name in TRANSITIONS_FROM.get(case.status, [])
        if name != "pause" or case.rules.allows_pause
    ]


def case_page_context(view: PersonDataMixin, base: Case, **bound: forms.Form) -> dict[str, Any]:
    """Everything the case page shows; ``bound`` replaces a form with one that has errors."""
    user = view.user
    # Annotated with current_stage, last_contact_at and more (with_worklist_facts).
    case: Any = cast(
        Any,
        with_worklist_facts(Case.objects.filter(pk=base.pk))
        .select_related("office", "team", "co_owner")
        .get(),
    )
    today = timezone.localdate()
    can_change = case_scope(user, CaseAction.CHANGE).matches(case)
    can_log = case_scope(user, CaseAction.LOG_CONTACT).matches(case)
    leads = _leads_case(user, case)
    deadlines = case_deadlines(
        case,
        last_contact=case.last_contact_at,
        first_employer_contact=case.first_employer_contact_at,
    )
    access_record(
        request=view.request,
        actor=user,
        participant_id=case.participant_id,
        case_id=case.pk,
        action=AccessAction.VIEW_CASE,
    )
    transition_forms = (
        [CaseTransitionView.slot(case, name, bound.get(name)) for name in transitions_offered(case)]
        if can_change
        else []
    )
    timeline = case_timeline(case)
    draft = ContactDraft.objects.filter(user=user, case=case).first() if can_log else None
    use_draft = view.request.GET.get("utkast") == "1"
    profile = VocationalProfile.objects.filter(case=case).first()
    employer_side = case_employer_side(case, today)
    return {
        "case": case,
        "participant": case.participant,
        "today": today,
        "can_change": can_change,
        "can_log": can_log,
        "leads": leads,
        "warnings": warnings(deadlines, today),
        "next_due": next_due(deadlines),
        "timeline": timeline,
        "stage_label": Stage(case.current_stage).label if case.current_stage else "",
        "stage_durations": stage_durations(case, today),
        "transition_forms": transition_forms,
        "stage_form": form_slot(
            CaseStageView, reverse("cases:stage", kwargs={"pk": case.pk}), bound.get("stage")
        ),
        "employer_side": employer_side,
        "contact_form": bound.get("contact")
        or ContactForm(prefix="contact", initial=draft.data if draft and use_draft else None),
        "draft": draft if draft and not use_draft else None,
        "profile": profile,
        "documents": (
            CaseDocument.objects.filter(case=case).select_related("uploaded_by")
            if may_see_documents(user, case)
            else None
        ),
        "document_form": form_slot(
            CaseDocumentUploadView,
            reverse("cases:document_upload", kwargs={"pk": case.pk}),
            bound.get("document"),
        ),
        "discharge_status": case.outcomes.filter(
            at_discharge=True, superseded_on__isnull=True
        ).first(),
        "pending_transfer": case.transfers.filter(decided_at__isnull=True)
        .select_related("to_team__office")
        .first(),
        "is_open": case.status in OPEN_STATUSES,
    }


def _log_edit(request: HttpRequest, user: Any, case: Case) -> None:
    access_record(
        request=request,
        actor=user,
        participant_id=case.participant_id,
        case_id=case.pk,
        action=AccessAction.EDIT,
    )


def may_see_documents(user: Any, case: Case) -> bool:
    """Attachments (medical certificates among them) are for the case owners and the team lead."""
    if user.pk in (case.owner_id, case.co_owner_id):
        return True
    return bool(user.role == Role.TEAM_LEAD and case.team_id in user.team_ids)


def _leads_case(user: Any, case: Case) -> bool:
    if user.role == Role.TEAM_LEAD:
        return case.team_id in user.team_ids
    return bool(user.role == Role.OFFICE_HEAD and user.office_id == case.office_id)


class CaseFormView(PersonDataMixin, View):
    """A form that changes a case, shown in a <details> on the case page.

    GET gives the form alone: the case page renders such a form only when it comes back with
    errors, and loads it (htmx) when its <details> is opened, since most visits change nothing
    and the forms were a large part of the page's rendering (docs/performance.md); without
    JavaScript the link is a page of its own. POST parses the form, calls one service and goes
    back to the case page; an invalid form or a refused action shows the case page again with
    the message, and nothing is saved.
    """

    http_method_names = ["get", "head", "post"]
    action = CaseAction.CHANGE
    prefix = ""
    # The <details>' summary (and the heading of the form's own page), and its button.
    summary: Any = ""
    submit: Any = ""
    variant = "primary"
    multipart = False

    def form_class(self, case: Case) -> type[forms.Form]:
        raise NotImplementedError

    def form_kwargs(self, case: Case) -> dict[str, Any]:
        return {}

    def initial(self, case: Case) -> dict[str, Any] | None:
        return None

    def offered(self, case: Case) -> bool:
        """Whether the case page offers this form for ``case`` (GET answers 404 when not)."""
        return True

    def perform(self, case: Case, data: dict[str, Any]) -> str:
        raise NotImplementedError

    def get(self, request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
        case = self.get_case(pk, self.action)
        if not self.offered(case):
            raise Http404
        form = self.form_class(case)(
            prefix=self.prefix, initial=self.initial(case), **self.form_kwargs(case)
        )
        context = {"case": case, "slot": form_slot(self, request.path, form)}
        if request.htmx:  # type: ignore[attr-defined]
            return render(request, "cases/_action_form.html", context)
        return render(request, "cases/action.html", context)

    def post(self, request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
        case = self.get_case(pk, self.action)
        self.kwargs.update(kwargs)
        form = self.form_class(case)(
            request.POST, request.FILES, prefix=self.prefix, **self.form_kwargs(case)
        )
        if form.is_valid():
            try:
                message = self.perform(case, form.cleaned_data)
            except services.CaseError as error:
                # Refused (someone else moved the case first, say): show the page as it is now,
                # with the reason, and 409 so that scripts and tests can tell.
                messages.error(request, str(error))
                response = render(request, "cases/case_detail.html", case_page_context(self, case))
                response.status_code = 409
                return response
            messages.success(request, message)
            return redirect(
                reverse("cases:detail", kwargs={"pk": case.pk}) + getattr(self, "anchor", "")
            )
        response = render(
            request,
            "cases/case_detail.html",
            case_page_context(self, case, **{self.bound_name: form}),
        )
        response.status_code = 400
        return response

    @property
    def bound_name(self) -> str:
        return self.prefix


def form_slot(view: CaseFormView | type[CaseFormView], url: str, form: Any) -> dict[str, Any]:
    """One form of the case page (templates/cases/_action_details.html): where it posts, its
    summary and button, and the form itself, or None when the page is to load it on opening."""
    return {
        "form": form,
        "action_url": url,
        "summary": view.summary,
        "submit": view.submit,
        "variant": view.variant,
        "multipart": view.multipart,
    }


class CaseTransitionView(CaseFormView):
    """A status change; one URL pattern for every transition the case page offers."""

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        if kwargs.get("transition") not in TRANSITION_FORMS:
            raise Http404
        self.prefix = kwargs["transition"]
        self.summary = self.submit = TRANSITION_LABELS[self.prefix]

    def offered(self, case: Case) -> bool:
        return self.prefix in transitions_offered(case)

    @classmethod
    def slot(cls, case: Case, name: str, form: Any) -> dict[str, Any]:
        url = reverse("cases:transition", kwargs={"pk": case.pk, "transition": name})
        label = TRANSITION_LABELS[name]
        return {**form_slot(cls, url, form), "summary": label, "submit": label}

    def form_class(self, case: Case) -> type[forms.Form]:
        return TRANSITION_FORMS[self.prefix]

    def perform(self, case: Case, data: dict[str, Any]) -> str:
        updated = TRANSITION_SERVICES[self.prefix](case, self.user, data)
        return _("The case is now: %(status)s.") % {"status": updated.get_status_display()}


class CaseStageView(CaseFormView):
    prefix = "stage"
    anchor = "#stage"
    summary = gettext_lazy("Move to another stage")
    submit = gettext_lazy("Move")

    def offered(self, case: Case) -> bool:
        return case.status in OPEN_STATUSES

    def initial(self, case: Case) -> dict[str, Any]:
        suggested = case_employer_side(case, timezone.localdate()).suggested_stage
        return {"stage": suggested or min((current_stage(case) or 1) + 1, 5)}

    def form_class(self, case: Case) -> type[forms.Form]:
        return StageForm

    def perform(self, case: Case, data: dict[str, Any]) -> str:
        event = services.case_move_stage(
            case=case, actor=self.user, stage=data["stage"], on=data["on"], reason=data["reason"]
        )
        return _("Moved to stage %(stage)s.") % {"stage": Stage(event.stage).label}


class CaseDocumentUploadView(CaseFormView):
    prefix = "document"
    anchor = "#documents"
    summary = gettext_lazy("Attach a document")
    submit = gettext_lazy("Attach")
    variant = "secondary"
    multipart = True

    def offered(self, case: Case) -> bool:
        return may_see_documents(self.user, case)

    def form_class(self, case: Case) -> type[forms.Form]:
        return DocumentForm

    def perform(self, case: Case, data: dict[str, Any]) -> str:
        services.case_add_document(
            case=case, actor=self.user, kind=data["kind"], upload=data["file"]
        )
        return _("The document is attached.")


class CaseDocumentView(PersonDataMixin, View):
    """Serves an attachment to the case owners and the team lead; 404 to everyone else."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int, document_id: int) -> HttpResponseBase:
        case = self.get_case(pk)
        if not may_see_documents(self.user, case):
            raise Http404
        document = get_object_or_404(CaseDocument, pk=document_id, case=case)
        access_record(
            request=request,
            actor=self.user,
            participant_id=case.participant_id,
            case_id=case.pk,
            document_id=document.pk,
            action=AccessAction.VIEW_DOCUMENT,
        )
        response = FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=f"{DocumentKind(document.kind).label}-{document.pk}{_extension(document.content_type)}",
            content_type=document.content_type,
        )
        response["Cache-Control"] = "no-store"
        return response


def _extension(content_type: str) -> str:
    return {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}.get(
        content_type, ".docx"
    )


class CaseEditFormView(PersonDataMixin, View):
    """A page with one form about the case (the order, the vocational profile)."""

    http_method_names = ["get", "head", "post"]
    template_name = "cases/case_form.html"
    title = ""

    def get_form(self, case: Case, data: Any = None) -> forms.BaseForm:
        raise NotImplementedError

    def save(self, case: Case, form: forms.BaseForm) -> None:
        raise NotImplementedError

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self.get_case(pk, CaseAction.CHANGE)
        _log_edit(request, self.user, case)
        return render(
            request,
            self.template_name,
            {"case": case, "form": self.get_form(case), "title": self.title},
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self.get_case(pk, CaseAction.CHANGE)
        form = self.get_form(case, request.POST)
        if form.is_valid():
            try:
                self.save(case, form)
            except services.CaseError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Saved."))
                return redirect("cases:detail", pk=case.pk)
        response = render(
            request, self.template_name, {"case": case, "form": form, "title": self.title}
        )
        response.status_code = 400
        return response


class CaseOrderView(CaseEditFormView):
    title = _("The referral")

    def get_form(self, case: Case, data: Any = None) -> forms.BaseForm:
        initial = {name: getattr(case, name) for name in OrderForm.base_fields}
        return OrderForm(data, initial=initial)

    def save(self, case: Case, form: forms.BaseForm) -> None:
        services.case_update_order(case=case, actor=self.user, **form.cleaned_data)


class VocationalProfileView(CaseEditFormView):
    title = _("Vocational profile")

    def get_form(self, case: Case, data: Any = None) -> forms.BaseForm:
        instance = VocationalProfile.objects.filter(case=case).first()
        return VocationalProfileForm(data, instance=instance)

    def save(self, case: Case, form: forms.BaseForm) -> None:
        services.vocational_profile_save(case=case, actor=self.user, **form.cleaned_data)


class CaseReassignView(PersonDataMixin, View):
    """The team lead gives a case to another specialist, seeing both caseloads first."""

    http_method_names = ["get", "head", "post"]

    def _case(self, pk: int) -> Case:
        case = self.get_case(pk, CaseAction.CHANGE)
        if not _leads_case(self.user, case):
            raise Http404
        return case

    def _render(
        self, request: HttpRequest, case: Case, form: ReassignForm, status: int = 200
    ) -> HttpResponse:
        from apps.organisation.selectors import open_caseloads

        specialists = form.fields["new_owner"].queryset  # type: ignore[attr-defined]
        loads = open_caseloads([case.owner_id, *specialists.values_list("pk", flat=True)])
        response = render(
            request,
            "cases/reassign.html",
            {
                "case": case,
                "form": form,
                "loads": loads,
                "owner_load": loads.get(case.owner_id, 0),
                "choices": [(s, loads.get(s.pk, 0)) for s in specialists],
                "norm": case.rules.caseload_norm_high,
            },
        )
        response.status_code = status
        return response

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self._case(pk)
        _log_edit(request, self.user, case)
        return self._render(
            request, case, ReassignForm(office_id=case.office_id, exclude=case.owner_id)
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self._case(pk)
        form = ReassignForm(request.POST, office_id=case.office_id, exclude=case.owner_id)
        if form.is_valid():
            try:
                services.case_reassign(
                    case=case,
                    actor=self.user,
                    new_owner=form.cleaned_data["new_owner"],
                    reason=form.cleaned_data["reason"],
                )
            except services.CaseError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The case has a new job specialist."))
                return redirect("cases:detail", pk=case.pk)
        return self._render(request, case, form, status=400)


class CaseTransferView(PersonDataMixin, View):
    """Ask another office to take the case over."""

    http_method_names = ["get", "head", "post"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self.get_case(pk, CaseAction.CHANGE)
        _log_edit(request, self.user, case)
        form = TransferForm(office_id=case.office_id)
        return render(
            request,
            "cases/case_form.html",
            {"case": case, "form": form, "title": _("Move to another office")},
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self.get_case(pk, CaseAction.CHANGE)
        form = TransferForm(request.POST, office_id=case.office_id)
        if form.is_valid():
            try:
                services.case_request_transfer(
                    case=case,
                    actor=self.user,
                    to_team=form.cleaned_data["to_team"],
                    reason=form.cleaned_data["reason"],
                )
            except services.CaseError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("The receiving team lead has been asked to take the case over.")
                )
                return redirect("cases:detail", pk=case.pk)
        response = render(
            request,
            "cases/case_form.html",
            {"case": case, "form": form, "title": _("Move to another office")},
        )
        response.status_code = 400
        return response


class TransferDecisionView(RoleRequiredMixin, View):
    """The receiving team lead accepts or declines a case from another office."""

    allowed_roles = frozenset({Role.TEAM_LEAD, Role.OFFICE_HEAD})
    http_method_names = ["get", "head", "post"]

    def _transfer(self, transfer_id: int) -> CaseTransfer:
        from apps.cases.selectors import incoming_transfers

        return get_object_or_404(incoming_transfers(self.user), pk=transfer_id)

    def _render(
        self,
        request: HttpRequest,
        transfer: CaseTransfer,
        form: TransferDecisionForm,
        status: int = 200,
    ) -> HttpResponse:
        response = render(
            request, "cases/transfer_decision.html", {"transfer": transfer, "form": form}
        )
        response.status_code = status
        return response

    def get(self, request: HttpRequest, transfer_id: int) -> HttpResponse:
        transfer = self._transfer(transfer_id)
        return self._render(request, transfer, TransferDecisionForm(team=transfer.to_team))

    def post(self, request: HttpRequest, transfer_id: int) -> HttpResponse:
        transfer = self._transfer(transfer_id)
        form = TransferDecisionForm(request.POST, team=transfer.to_team)
        if form.is_valid():
            try:
                services.case_decide_transfer(
                    transfer=transfer,
                    actor=self.user,
                    accept=form.cleaned_data["accept"],
                    new_owner=form.cleaned_data["new_owner"],
                )
            except services.CaseError as error:
                form.add_error(None, str(error))
            else:
                if form.cleaned_data["accept"]:
                    messages.success(request, _("The case has moved to your team."))
                    return redirect("cases:detail", pk=transfer.case_id)
                messages.success(request, _("The transfer is declined."))
                return redirect("home")
        return self._render(request, transfer, form, status=400)


class TimelinePageView(PersonDataMixin, View):
    """Older entries of a case's timeline, a page at a time ("Vis eldre")."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self.get_case(pk)
        try:
            page = max(int(request.GET.get("side", "1")), 1)
        except ValueError:
            page = 1
        access_record(
            request=request,
            actor=self.user,
            participant_id=case.participant_id,
            case_id=case.pk,
            action=AccessAction.VIEW_CASE,
        )
        context = {"case": case, "timeline": case_timeline(case, page=page), "user": self.user}
        template = "cases/_timeline_page.html" if request.htmx else "cases/timeline_page.html"  # type: ignore[attr-defined]
        return render(request, template, context)
