"""The half-yearly form's pages: the office's forms, one form, a row, and the files.

Who sees them: the specialists, team leads and office head of the form's office; anyone else who
works with people gets 404 (the selectors are scoped by office, so another office's form does not
exist for them); county, directorate and administrators get 403, as on every page about persons.

The access log: the form page, its PDF, CSV and XLSX are *not* logged as reads of a participant,
because nothing on them identifies one: the rows have no name, number, birth date or address, only
categories, months and counts, and a row leads to its case only for those who may read the case
anyway (the case page logs its own read). The one page that names a participant is a row's page,
for those who may complete the row while the form is a draft (they must know whom they answer
about); that page logs an EDIT of the case, as other forms that change a case do.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from apps.audit.models import AccessAction
from apps.audit.services import access_record
from apps.cases.access import CaseAction, case_scope
from apps.halfyear import access, exports, present, services
from apps.halfyear.forms import ReturnForm, RowCompleteForm
from apps.halfyear.models import FormStatus, HalfYearForm, HalfYearRow
from apps.halfyear.periods import HalfYear
from apps.halfyear.prefill import missing_fields
from apps.halfyear.selectors import completable_case_ids, form_rows, forms_for
from apps.halfyear.snapshot import form_data, row_data
from apps.organisation.models import PERSON_DATA_ROLES
from apps.organisation.views import RoleRequiredMixin

ROW_FILTERS = ("mine", "mangler")


class HalfYearMixin(RoleRequiredMixin):
    allowed_roles = frozenset(PERSON_DATA_ROLES)

    def get_halfyear_form(self, pk: int) -> HalfYearForm:
        """The form, if it is the user's office's; 404 otherwise."""
        return get_object_or_404(forms_for(self.user), pk=pk)


def _data(form: HalfYearForm) -> dict[str, Any]:
    """A signed form's stored data (checked against its hash); otherwise the data as it is now."""
    if form.status == FormStatus.SIGNED:
        return services.snapshot_verify(form.snapshot)
    return form_data(form)


def _missing_labels(row: HalfYearRow, where: str) -> list[str]:
    return [present.field_label(m.field) for m in missing_fields(row) if m.where == where]


class FormListView(HalfYearMixin, View):
    """The office's forms, newest first, and the one for the half-year just ended if it is missing
    (the beat task makes it on 1 January and 1 July; this is the way to make it by hand)."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        items = list(forms_for(self.user))
        just_ended = HalfYear.just_ended(timezone.localdate())
        missing = not any(
            (item.year, item.half) == (just_ended.year, just_ended.half) for item in items
        )
        return render(
            request,
            "halfyear/list.html",
            {"items": items, "just_ended": just_ended if missing else None},
        )


class FormCreateView(HalfYearMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        assert self.user.office is not None
        try:
            form = services.form_create_for_office(
                office=self.user.office,
                half_year=HalfYear.just_ended(timezone.localdate()),
                actor=self.user,
            )
        except services.HalfYearError as error:
            messages.error(request, str(error))
            return redirect("halfyear:list")
        return redirect("halfyear:detail", pk=form.pk)


def _detail_context(view: HalfYearMixin, form: HalfYearForm, **extra: Any) -> dict[str, Any]:
    user = view.user
    request = view.request
    data = _data(form)
    completable = completable_case_ids(user, form)
    shown = request.GET.get("vis", "")
    rows = []
    totals = {"form": 0, "case": 0, "rows_lacking": 0, "mine_lacking": 0}
    for row in form_rows(form):
        mine = row.case_id in completable
        lacking_form = _missing_labels(row, "form")
        lacking_case = _missing_labels(row, "case")
        totals["form"] += len(lacking_form)
        totals["case"] += len(lacking_case)
        totals["rows_lacking"] += bool(lacking_form)
        totals["mine_lacking"] += bool(lacking_form) and mine
        if (shown == "mine" and not mine) or (shown == "mangler" and not lacking_form):
            continue
        rows.append(
            {
                "row": row,
                "mine": mine,
                "lacking_form": lacking_form,
                "lacking_case": lacking_case,
            }
        )
    draft = form.status == FormStatus.DRAFT
    submitted = form.status == FormStatus.SUBMITTED
    context = {
        "form": form,
        "data": data,
        "sections": present.sections(data),
        "rows": rows,
        "row_count": len(data["rows"]),
        "shown": shown if shown in ROW_FILTERS else "",
        "totals": totals,
        "events": list(form.events.select_related("actor")),
        "can_change": draft,
        "can_submit": draft and form.period.has_ended(timezone.localdate()),
        "can_sign": submitted and access.may_sign(user, form),
        "is_preparer": submitted and form.preparer_id == user.pk,
        "can_return": submitted and access.is_team_lead_of(user, form),
        "return_form": ReturnForm(),
        "snapshot": form.snapshot if form.status == FormStatus.SIGNED else None,
    }
    context.update(extra)
    return context


def _render_detail(
    view: HalfYearMixin, form: HalfYearForm, status: int = 200, **extra: Any
) -> HttpResponse:
    response = render(view.request, "halfyear/detail.html", _detail_context(view, form, **extra))
    response.status_code = status
    return response


class FormDetailView(HalfYearMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = self.get_halfyear_form(pk)
        if request.htmx and request.htmx.target == "rows":  # type: ignore[attr-defined]
            return render(request, "halfyear/_rows.html", _detail_context(self, form))
        return _render_detail(self, form)


class _ActionView(HalfYearMixin, View):
    """A button on the form page: run one service, then back to the page; a refusal shows the
    page again with the reason (403 when the user may not do it at all, 400 otherwise)."""

    http_method_names = ["post"]
    done_message = ""

    def act(self, form: HalfYearForm) -> None:
        raise NotImplementedError

    def allowed(self, form: HalfYearForm) -> bool:
        return True

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = self.get_halfyear_form(pk)
        try:
            self.act(form)
        except services.HalfYearError as error:
            status = 400 if self.allowed(form) else 403
            return _render_detail(self, form, status=status, action_error=str(error))
        except _Invalid as invalid:
            return _render_detail(self, form, status=400, **invalid.context)
        messages.success(request, self.done_message)
        return redirect("halfyear:detail", pk=form.pk)


class _Invalid(Exception):
    def __init__(self, **context: Any) -> None:
        self.context = context


class RefreshView(_ActionView):
    def act(self, form: HalfYearForm) -> None:
        services.form_refresh(form=form, actor=self.user)
        self.done_message = _("The form is updated from the cases.")


class SubmitView(_ActionView):
    def act(self, form: HalfYearForm) -> None:
        services.form_submit(form=form, actor=self.user)
        self.done_message = _("The form is submitted for signing. You are its preparer.")


class SignView(_ActionView):
    def allowed(self, form: HalfYearForm) -> bool:
        return access.may_sign(self.user, form)

    def act(self, form: HalfYearForm) -> None:
        services.form_sign(form=form, actor=self.user)
        self.done_message = _("The form is signed. It can no longer be changed.")


class ReturnView(_ActionView):
    def allowed(self, form: HalfYearForm) -> bool:
        return access.is_team_lead_of(self.user, form)

    def act(self, form: HalfYearForm) -> None:
        bound = ReturnForm(self.request.POST)
        if not bound.is_valid():
            if not self.allowed(form):
                raise PermissionDenied
            raise _Invalid(return_form=bound, open_return=True)
        services.form_return(form=form, actor=self.user, reason=bound.cleaned_data["reason"])
        self.done_message = _("The form is sent back to draft.")


class RowView(HalfYearMixin, View):
    """One participant's row: every value, what is missing, and the questions for those who may
    complete it. See the module docstring for when it names the participant (and logs it)."""

    http_method_names = ["get", "head", "post"]

    def _row(self, pk: int, row_id: int) -> HalfYearRow:
        form = self.get_halfyear_form(pk)
        row = get_object_or_404(
            HalfYearRow.objects.select_related("case__participant", "programme"),
            pk=row_id,
            form=form,
        )
        row.form = form
        return row

    def _render(
        self, request: HttpRequest, row: HalfYearRow, bound: forms.Form | None, status: int = 200
    ) -> HttpResponse:
        may_complete = access.may_complete(self.user, row)
        editing = may_complete and row.form.status == FormStatus.DRAFT
        if editing:
            access_record(
                request=request,
                actor=self.user,
                participant_id=row.case.participant_id,
                case_id=row.case_id,
                action=AccessAction.EDIT,
            )
        values = row_data(row)
        groups = [
            (
                title,
                [
                    (present.field_label(name), present.value_text(name, values.get(name)))
                    for name in names
                ],
            )
            for title, names in present.row_groups()
        ]
        response = render(
            request,
            "halfyear/row.html",
            {
                "form": row.form,
                "row": row,
                "groups": groups,
                "lacking_form": _missing_labels(row, "form"),
                "lacking_case": _missing_labels(row, "case"),
                "editing": editing,
                "participant": row.case.participant if editing else None,
                "case_link": case_scope(self.user, CaseAction.VIEW).matches(row.case),
                "complete_form": bound or (RowCompleteForm(row=row) if editing else None),
            },
        )
        response.status_code = status
        return response

    def get(self, request: HttpRequest, pk: int, row_id: int) -> HttpResponse:
        return self._render(request, self._row(pk, row_id), None)

    def post(self, request: HttpRequest, pk: int, row_id: int) -> HttpResponse:
        row = self._row(pk, row_id)
        if not access.may_complete(self.user, row):
            raise PermissionDenied
        bound = RowCompleteForm(request.POST, row=row)
        if bound.is_valid():
            data = bound.cleaned_data
            try:
                services.row_complete(
                    row=row,
                    actor=self.user,
                    initiative=data["initiative"],
                    practice_before=data["practice_before"],
                    aap_granted_month=data.get("aap_granted_month"),
                    follow_up_content=data.get("follow_up_content", []),
                )
            except services.HalfYearError as error:
                bound.add_error(None, str(error))
            else:
                messages.success(request, _("Row %(number)d is saved.") % {"number": row.number})
                return redirect("halfyear:detail", pk=row.form_id)
        return self._render(request, row, bound, status=400)


def _filename(form: HalfYearForm, extension: str) -> str:
    unit = form.office.unit_number or str(form.office_id)
    return f"halvarsrapport-{unit}-{form.year}-{form.half}.{extension}"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


class PdfView(HalfYearMixin, View):
    """The signed form's stored PDF (there is none before it is signed)."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = self.get_halfyear_form(pk)
        if form.status != FormStatus.SIGNED:
            raise Http404
        return _download(bytes(form.snapshot.pdf), "application/pdf", _filename(form, "pdf"))


class CsvView(HalfYearMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = self.get_halfyear_form(pk)
        return _download(
            exports.csv_bytes(_data(form)), "text/csv; charset=utf-8", _filename(form, "csv")
        )


class XlsxView(HalfYearMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = self.get_halfyear_form(pk)
        return _download(
            exports.xlsx_bytes(_data(form)),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            _filename(form, "xlsx"),
        )
