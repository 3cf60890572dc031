from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from apps.audit.services import access_record_many
from apps.cases.views import PersonDataMixin, WorklistView
from apps.employers.forms import EmployerSearchForm
from apps.employers.selectors import employers_search
from apps.followups.selectors import due_list
from apps.imports import services
from apps.imports.columns import COLUMNS
from apps.imports.export import FORMATS, export_response
from apps.imports.files import UnreadableFile
from apps.imports.forms import UploadForm
from apps.imports.models import ImportJob, ImportKind
from apps.organisation.views import RoleRequiredMixin
from apps.reporting.reports import as_csv


class ImportMixin(RoleRequiredMixin):
    """The office's specialists and team leads; everyone else 403."""

    allowed_roles = services.IMPORT_ROLES

    def get_job(self, pk: int) -> ImportJob:
        """A job is its uploader's: anyone else gets 404 and learns nothing."""
        return get_object_or_404(
            ImportJob.objects.select_related("created_by"), pk=pk, created_by=self.user
        )


class UploadView(ImportMixin, View):
    http_method_names = ["get", "head", "post"]

    def page(self, request: HttpRequest, form: UploadForm, status: int = 200) -> HttpResponse:
        response = render(
            request,
            "imports/upload.html",
            {
                "form": form,
                "jobs": ImportJob.objects.filter(created_by=self.user)[:10],
                "kinds": ImportKind.choices,
            },
        )
        response.status_code = status
        return response

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.page(request, UploadForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = services.import_submit(
                    actor=self.user,
                    kind=form.cleaned_data["kind"],
                    name=upload.name or "",
                    data=upload.read(),
                )
            except (services.ImportRefused, UnreadableFile) as error:
                form.add_error("file", str(error))
            else:
                return redirect("imports:job", pk=job.pk)
        return self.page(request, form, status=400)


class JobView(ImportMixin, View):
    """The dry run's result, or the progress while a worker checks or imports (polled by htmx,
    marked as background so that polling does not keep the session alive)."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.get_job(pk)
        template = "imports/_job.html" if request.htmx else "imports/job.html"  # type: ignore[attr-defined]
        done = services.progress_of(job) if job.is_running else job.total_rows
        return render(
            request,
            template,
            {
                "job": job,
                "errors": job.errors.all() if not job.is_running else [],
                "done": min(done, job.total_rows),
            },
        )


class StartView(ImportMixin, View):
    """The "Import" button, shown only when every row is good."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.get_job(pk)
        try:
            job = services.import_start(job=job, actor=self.user)
        except services.ImportRefused as error:
            messages.error(request, str(error))
        else:
            if job.status == "imported":
                messages.success(
                    request,
                    _("%(rows)s rows are imported.") % {"rows": job.imported_rows},
                )
        return redirect("imports:job", pk=pk)


class TemplateFileView(ImportMixin, View):
    """An empty file with the right header row, to fill in."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, kind: str) -> HttpResponse:
        if kind not in ImportKind.values:
            raise Http404
        header = [column.name for column in COLUMNS[kind]]
        response = HttpResponse(
            "\ufeff" + as_csv(header, []), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="import-{kind}.csv"'
        return response


# --- Exports: the lists people see, as files ---------------------------------------------------


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Http404
    return fmt


class WorklistExportView(WorklistView):
    """Mine saker as a file: the page's own filters, scope and access-log entry (the page's
    code, run for the export), and its columns."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        fmt = _format(kwargs["fmt"])
        self.object_list = self.get_queryset()
        context = self.get_context_data()
        header = [
            _("Participant"),
            _("Programme"),
            _("Status"),
            _("Stage"),
            _("Referral date"),
            _("Last contact"),
            _("Days since contact"),
            _("Next deadline"),
            _("What is due"),
            _("Job specialist"),
            _("Case number"),
        ]
        rows = []
        for row in context["rows"]:
            case = row["case"]
            due = row["next_due"]
            rows.append(
                [
                    case.participant.full_name,
                    case.programme.name,
                    case.get_status_display(),
                    str(row["stage_label"]),
                    case.referral_date,
                    timezone.localdate(case.last_contact_at) if case.last_contact_at else None,
                    row["days_since_contact"],
                    due.due if due else None,
                    str(due.message) if due else "",
                    str(case.owner),
                    case.pk,
                ]
            )
        return export_response(fmt, _("cases"), header, rows)


class EmployerExportView(PersonDataMixin, View):
    """The employer list as a file, with the page's search (the same selector, the same rows)."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, fmt: str) -> HttpResponse:
        fmt = _format(fmt)
        form = EmployerSearchForm(request.GET or None)
        query = form.cleaned_data["q"] if form.is_valid() else ""
        header = [
            _("Employer"),
            _("Organisation number"),
            _("Sector"),
            _("Size"),
            _("Industry"),
            _("Address"),
            _("Postal code"),
            _("City"),
            _("Last contact from your office"),
            _("By"),
        ]
        rows = [
            [
                e.name,
                e.orgnr,
                e.get_sector_display(),
                e.get_size_band_display(),
                e.industry,
                e.street_address,
                e.postal_code,
                e.city,
                e.last_contact_at,  # type: ignore[attr-defined]
                e.last_contact_by or "",  # type: ignore[attr-defined]
            ]
            for e in employers_search(query, self.user)
        ]
        return export_response(fmt, _("employers"), header, rows)


class DueExportView(PersonDataMixin, View):
    """Til oppfølging as a file: the same three sections, logged as the page logs them."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, fmt: str) -> HttpResponse:
        fmt = _format(fmt)
        today = timezone.localdate()
        due = due_list(self.user, today)
        sections = [
            (_("Overdue"), due.overdue),
            (_("Due today"), due.today),
            (_("Due in the next 14 days"), due.upcoming),
        ]
        shown = [c for _label, rows in sections for c in rows]
        access_record_many(
            request=request,
            actor=self.user,
            rows=[(c.case.participant_id, c.case_id) for c in shown],
        )
        header = [
            _("When"),
            _("Participant"),
            _("Programme"),
            _("What"),
            _("Due"),
            _("Case number"),
        ]
        rows = [
            [
                label,
                c.case.participant.full_name,
                c.case.programme.name,
                c.get_kind_display()
                + (f" (+{c.sequence} {_('mo.')})" if c.kind == "post_discharge" else ""),
                c.due_on,
                c.case_id,
            ]
            for label, checkpoints in sections
            for c in checkpoints
        ]
        return export_response(fmt, _("follow-up"), header, rows)
