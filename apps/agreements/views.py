from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from apps.agreements import services
from apps.agreements.forms import ApprovalForm, EndAgreementForm, NewVersionForm, VersionForm
from apps.agreements.models import (
    Agreement,
    AgreementVersion,
    Approval,
    RenderedPdf,
)
from apps.audit.models import AccessAction
from apps.audit.services import access_record
from apps.cases.access import CaseAction
from apps.cases.selectors import cases_for
from apps.cases.views import PersonDataMixin
from apps.mentors.models import MentorStatus
from apps.placements.views import PlacementMixin


class AgreementMixin(PersonDataMixin):
    def get_agreement(self, pk: int, action: CaseAction = CaseAction.VIEW) -> Agreement:
        return get_object_or_404(
            Agreement.objects.select_related("case__participant", "placement__employer"),
            pk=pk,
            case__in=cases_for(self.user, action),
        )

    def page(
        self, request: HttpRequest, agreement: Agreement, status: int = 200, **bound: forms.Form
    ) -> HttpResponse:
        case = agreement.case
        access_record(
            request=request,
            actor=self.user,
            participant_id=case.participant_id,
            case_id=case.pk,
            action=AccessAction.VIEW_CASE,
        )
        versions = list(
            agreement.versions.prefetch_related("approvals__recorded_by").order_by("-number")
        )
        current = next((v for v in versions if v.in_force), None)
        pending = next(
            (
                v
                for v in versions
                if not v.in_force and (current is None or v.number > current.number)
            ),
            None,
        )
        can_change = cases_for(self.user, CaseAction.CHANGE).filter(pk=case.pk).exists()
        response = render(
            request,
            "agreements/detail.html",
            {
                "agreement": agreement,
                "case": case,
                "versions": versions,
                "current": current,
                "pending": pending,
                "pending_locked": pending is not None and services.is_locked(pending),
                "can_change": can_change,
                "approval_form": bound.get("approval") or ApprovalForm(prefix="approval"),
                "end_form": bound.get("end") or EndAgreementForm(prefix="end"),
                "pdfs": RenderedPdf.objects.filter(version__agreement=agreement).order_by(
                    "-requested_at"
                )[:5],
            },
        )
        response.status_code = status
        return response


class AgreementCreateView(PlacementMixin, View):
    http_method_names = ["get", "head", "post"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        placement = self.get_placement(pk, CaseAction.CHANGE)
        initial = {
            "start_on": placement.start_on,
            "end_on": placement.end_on,
            "work_percent": placement.position_percent,
            "tasks": placement.tasks,
            "follow_up": _("A meeting every 4–5 weeks"),
        }
        mentor = placement.mentors.exclude(status=MentorStatus.ENDED).order_by("-pk").first()
        if mentor is not None:
            initial.update(mentor_appointed=True, mentor_name=mentor.name)
        return render(
            request,
            "agreements/form.html",
            {
                "placement": placement,
                "form": VersionForm(initial=initial),
                "title": _("New intention agreement"),
            },
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        placement = self.get_placement(pk, CaseAction.CHANGE)
        form = VersionForm(request.POST)
        if form.is_valid():
            try:
                agreement = services.agreement_create(
                    case=placement.case, placement=placement, actor=self.user, **form.cleaned_data
                )
            except services.AgreementError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The agreement is drafted."))
                return redirect("agreements:detail", pk=agreement.pk)
        response = render(
            request,
            "agreements/form.html",
            {"placement": placement, "form": form, "title": _("New intention agreement")},
        )
        response.status_code = 400
        return response


class AgreementDetailView(AgreementMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.page(request, self.get_agreement(pk))


class VersionEditView(AgreementMixin, View):
    """Change a draft's content, while nobody has approved it."""

    http_method_names = ["get", "head", "post"]

    def _version(self, pk: int, version_id: int) -> AgreementVersion:
        agreement = self.get_agreement(pk, CaseAction.CHANGE)
        return get_object_or_404(
            AgreementVersion.objects.select_related("agreement__placement"),
            pk=version_id,
            agreement=agreement,
        )

    def get(self, request: HttpRequest, pk: int, version_id: int) -> HttpResponse:
        version = self._version(pk, version_id)
        return render(
            request,
            "agreements/form.html",
            {
                "placement": version.agreement.placement,
                "form": VersionForm(instance=version),
                "title": _("Change the agreement"),
            },
        )

    def post(self, request: HttpRequest, pk: int, version_id: int) -> HttpResponse:
        version = self._version(pk, version_id)
        form = VersionForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                services.version_update(version=version, actor=self.user, **form.cleaned_data)
            except services.AgreementError as error:
                form.add_error(None, str(error))
                status = 409
            else:
                messages.success(request, _("Saved."))
                return redirect("agreements:detail", pk=pk)
        response = render(
            request,
            "agreements/form.html",
            {
                "placement": version.agreement.placement,
                "form": form,
                "title": _("Change the agreement"),
            },
        )
        response.status_code = status
        return response


class NewVersionView(AgreementMixin, View):
    """Change an agreement in force (an extension too): a new version to approve."""

    http_method_names = ["get", "head", "post"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        agreement = self.get_agreement(pk, CaseAction.CHANGE)
        current = agreement.versions.filter(in_force=True).first()
        if current is None:
            raise Http404
        return render(
            request,
            "agreements/form.html",
            {
                "placement": agreement.placement,
                "form": NewVersionForm(instance=current),
                "title": _("New version"),
            },
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        agreement = self.get_agreement(pk, CaseAction.CHANGE)
        form = NewVersionForm(request.POST)
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.agreement_new_version(
                    agreement=agreement,
                    actor=self.user,
                    is_extension=data.pop("is_extension"),
                    **data,
                )
            except services.AgreementError as error:
                form.add_error(None, str(error))
                status = 409
            else:
                messages.success(request, _("The new version is ready for approval."))
                return redirect("agreements:detail", pk=pk)
        response = render(
            request,
            "agreements/form.html",
            {"placement": agreement.placement, "form": form, "title": _("New version")},
        )
        response.status_code = status
        return response


class ApproveView(AgreementMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, version_id: int) -> HttpResponse:
        agreement = self.get_agreement(pk, CaseAction.CHANGE)
        version = get_object_or_404(AgreementVersion, pk=version_id, agreement=agreement)
        form = ApprovalForm(request.POST, request.FILES, prefix="approval")
        status = 400
        if form.is_valid():
            try:
                services.approval_record(
                    version=version,
                    actor=self.user,
                    party=form.cleaned_data["party"],
                    signed_document=form.cleaned_data["signed_document"],
                )
            except services.AgreementError as error:
                form.add_error(None, str(error))
                status = 409
            else:
                messages.success(request, _("The approval is recorded."))
                return redirect("agreements:detail", pk=pk)
        return self.page(request, agreement, status=status, approval=form)


class WithdrawApprovalView(AgreementMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, approval_id: int) -> HttpResponse:
        agreement = self.get_agreement(pk, CaseAction.CHANGE)
        approval = get_object_or_404(Approval, pk=approval_id, version__agreement=agreement)
        try:
            services.approval_withdraw(approval=approval, actor=self.user)
        except services.AgreementError as error:
            messages.error(request, str(error))
            return self.page(request, agreement, status=409)
        messages.success(request, _("The approval is withdrawn."))
        return redirect("agreements:detail", pk=pk)


class EndAgreementView(AgreementMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        agreement = self.get_agreement(pk, CaseAction.CHANGE)
        form = EndAgreementForm(request.POST, prefix="end")
        status = 400
        if form.is_valid():
            try:
                services.agreement_end(agreement=agreement, actor=self.user, **form.cleaned_data)
            except services.AgreementError as error:
                form.add_error(None, str(error))
                status = 409
            else:
                messages.success(request, _("The agreement has ended."))
                return redirect("agreements:detail", pk=pk)
        return self.page(request, agreement, status=status, end=form)


class PdfRequestView(AgreementMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, version_id: int) -> HttpResponse:
        agreement = self.get_agreement(pk, CaseAction.CHANGE)
        version = get_object_or_404(AgreementVersion, pk=version_id, agreement=agreement)
        pdf = services.pdf_request(version=version, actor=self.user)
        return redirect("agreements:pdf", pk=pk, pdf_id=pdf.pk)


class PdfView(AgreementMixin, View):
    """The PDF's progress while a worker renders it (polled by htmx), then the download link."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int, pdf_id: int) -> HttpResponse:
        agreement = self.get_agreement(pk, CaseAction.CHANGE)
        pdf = get_object_or_404(RenderedPdf, pk=pdf_id, version__agreement=agreement)
        template = "agreements/_pdf_status.html" if request.htmx else "agreements/pdf_status.html"  # type: ignore[attr-defined]
        return render(request, template, {"agreement": agreement, "pdf": pdf})


class PdfDownloadView(AgreementMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int, pdf_id: int) -> HttpResponseBase:
        agreement = self.get_agreement(pk, CaseAction.CHANGE)
        pdf = get_object_or_404(
            RenderedPdf, pk=pdf_id, version__agreement=agreement, finished_at__isnull=False
        )
        if not pdf.file:
            raise Http404
        access_record(
            request=request,
            actor=self.user,
            participant_id=agreement.case.participant_id,
            case_id=agreement.case_id,
            action=AccessAction.VIEW_DOCUMENT,
        )
        response = FileResponse(
            pdf.file.open("rb"),
            as_attachment=True,
            filename=f"intensjonsavtale-{agreement.pk}.pdf",
            content_type="application/pdf",
        )
        response["Cache-Control"] = "no-store"
        return response
