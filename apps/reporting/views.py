"""The directorate's and the county coordinators' report pages: counts only, never a person.

A county coordinator sees its own county's part of the national report whatever the query
string says; the directorate chooses. The page, its CSV and its PDF read the same report object
(``apps.reporting.reports``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from apps.organisation.models import County, Role
from apps.organisation.views import RoleRequiredMixin
from apps.reporting import services
from apps.reporting.forms import ReportFilterForm, ReportPdfForm, TargetForm
from apps.reporting.models import ReportKind, ReportPdf, Target
from apps.reporting.reports import current_year, maaltall_report, outcome_report
from config.replica import may_read_replica

REPORT_ROLES = frozenset({Role.DIRECTORATE, Role.COUNTY_COORDINATOR})
# The report pages and their CSV files may read from the read replica (config/replica.py): their
# figures may be behind by the replication lag. The PDF pages read the primary (the progress page
# looks for the row its POST has just written), and so does the page where targets are set.
replica_reads = method_decorator(may_read_replica, name="dispatch")


class ReportMixin(RoleRequiredMixin):
    allowed_roles = REPORT_ROLES
    over_years = False  # the outcome pages may span several years

    def filters(self) -> dict[str, Any]:
        directorate = self.user.role == Role.DIRECTORATE
        form = ReportFilterForm(
            self.request.GET or None,
            initial={"year": current_year()},
            show_county=directorate,
            show_first_year=self.over_years,
        )
        year, programme, county, first_year = current_year(), None, None, None
        if form.is_bound and form.is_valid():
            year = form.cleaned_data["year"]
            programme = form.cleaned_data["programme"]
            county = form.cleaned_data.get("county")
            first_year = form.cleaned_data.get("first_year")
        if not directorate:
            county = self.user.county
            if county is None:
                raise Http404
        return {
            "form": form,
            "year": year,
            "first_year": first_year,
            "programme": programme,
            "county": county,
        }

    def query(self, f: dict[str, Any]) -> str:
        parts = [f"year={f['year']}"]
        if f["first_year"] is not None:
            parts.append(f"first_year={f['first_year']}")
        if f["programme"] is not None:
            parts.append(f"programme={f['programme'].pk}")
        if f["county"] is not None and self.user.role == Role.DIRECTORATE:
            parts.append(f"county={f['county'].pk}")
        return "&".join(parts)


def _csv_response(text: str, name: str) -> HttpResponse:
    # A byte-order mark, so that Excel opens the file as UTF-8 (æøå).
    response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _file_scope(county: County | None) -> str:
    return county.number if county else "landet"


@replica_reads
class MaaltallView(ReportMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        f = self.filters()
        report = maaltall_report(year=f["year"], programme=f["programme"], county=f["county"])
        return render(
            request,
            "reporting/maaltall.html",
            {**f, "report": report, "query": self.query(f), "kind": ReportKind.MAALTALL},
        )


@replica_reads
class MaaltallCsvView(ReportMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        f = self.filters()
        report = maaltall_report(year=f["year"], programme=f["programme"], county=f["county"])
        return _csv_response(report.csv(), f"maaltall-{f['year']}-{_file_scope(f['county'])}.csv")


def _outcomes(f: dict[str, Any]) -> Any:
    return outcome_report(
        year=f["year"], first_year=f["first_year"], programme=f["programme"], county=f["county"]
    )


@replica_reads
class OutcomesView(ReportMixin, View):
    http_method_names = ["get", "head"]
    over_years = True

    def get(self, request: HttpRequest) -> HttpResponse:
        f = self.filters()
        report = _outcomes(f)
        return render(
            request,
            "reporting/outcomes.html",
            {**f, "report": report, "query": self.query(f), "kind": ReportKind.OUTCOMES},
        )


@replica_reads
class OutcomesCsvView(ReportMixin, View):
    http_method_names = ["get", "head"]
    over_years = True

    def get(self, request: HttpRequest) -> HttpResponse:
        f = self.filters()
        report = _outcomes(f)
        return _csv_response(
            report.csv(), f"resultater-{report.period}-{_file_scope(f['county'])}.csv"
        )


class PdfRequestView(ReportMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ReportPdfForm(request.POST)
        if not form.is_valid():
            return HttpResponse(_("The report could not be made from that choice."), status=400)
        data = form.cleaned_data
        pdf = services.report_pdf_request(
            kind=data["kind"],
            year=data["year"],
            first_year=data.get("first_year"),
            programme=data["programme"],
            county=data.get("county"),
            actor=self.user,
        )
        return redirect("reporting:pdf", pk=pdf.pk)


class PdfView(ReportMixin, View):
    """The PDF's progress while a worker renders it (polled by htmx), then the download link."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        pdf = get_object_or_404(ReportPdf, pk=pk, requested_by=self.user)
        template = "reporting/_pdf_status.html" if request.htmx else "reporting/pdf_status.html"  # type: ignore[attr-defined]
        return render(request, template, {"pdf": pdf})


class PdfDownloadView(ReportMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        pdf = get_object_or_404(ReportPdf, pk=pk, requested_by=self.user, finished_at__isnull=False)
        if not pdf.file:
            raise Http404
        return FileResponse(
            pdf.file.open("rb"),
            as_attachment=True,
            filename=f"{pdf.kind}-{pdf.year}-{_file_scope(pdf.county)}.pdf",
            content_type="application/pdf",
        )


class TargetsView(RoleRequiredMixin, View):
    """The directorate sets each office's måltall for a year."""

    allowed_roles = frozenset({Role.DIRECTORATE})
    http_method_names = ["get", "head", "post"]

    def page(self, request: HttpRequest, form: TargetForm, status: int = 200) -> HttpResponse:
        targets = Target.objects.select_related("office", "programme").order_by(
            "-year", "office__name"
        )[:200]
        response = render(request, "reporting/targets.html", {"form": form, "targets": targets})
        response.status_code = status
        return response

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.page(request, TargetForm(initial={"year": current_year()}))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TargetForm(request.POST)
        if form.is_valid():
            try:
                services.target_set(actor=self.user, **form.cleaned_data)
            except services.TargetError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The target figures are saved."))
                return redirect("reporting:targets")
        return self.page(request, form, status=400)
