from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from apps.audit.models import AccessAction
from apps.audit.services import access_record
from apps.cases.access import CaseAction
from apps.cases.selectors import TimelineEntry
from apps.cases.views import PersonDataMixin, case_page_context
from apps.contacts import services
from apps.contacts.forms import ContactForm
from apps.contacts.models import Contact


def _log(view: PersonDataMixin, form: ContactForm, case: Any) -> Contact:
    data = form.cleaned_data
    return services.contact_log(
        actor=view.user,
        case=case,
        occurred_at=data["occurred_at"],
        channel=data["channel"],
        place=data["place"],
        with_whom=data["with_whom"],
        initiative=data["initiative"],
        duration_minutes=data["duration_minutes"],
        activity=data["activity"],
        note=data["note"],
    )


class CaseContactCreateView(PersonDataMixin, View):
    """Log a contact on a case. With htmx the form and the timeline update in place."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self.get_case(pk, CaseAction.LOG_CONTACT)
        form = ContactForm(request.POST, prefix="contact")
        contact = None
        if form.is_valid():
            try:
                contact = _log(self, form, case)
            except services.ContactError as error:
                form.add_error(None, str(error))
        if request.htmx:  # type: ignore[attr-defined]
            context = {
                "case": case,
                "contact_form": ContactForm(prefix="contact") if contact else form,
                "new_entry": TimelineEntry(contact.occurred_at, "contact", contact)
                if contact
                else None,
                "can_log": True,
                "user": self.user,
            }
            response = render(request, "contacts/_contact_logged.html", context)
            response.status_code = 200 if contact else 400
            return response
        if contact is not None:
            messages.success(request, _("The contact is logged."))
            return redirect("cases:detail", pk=case.pk)
        response = render(
            request, "cases/case_detail.html", case_page_context(self, case, contact=form)
        )
        response.status_code = 400
        return response


class ContactCreateView(PersonDataMixin, View):
    """Work that belongs to no case: team meetings, training, group sessions."""

    http_method_names = ["get", "head", "post"]

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "contacts/create.html", {"form": ContactForm(with_case=False)})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ContactForm(request.POST, with_case=False)
        if form.is_valid():
            try:
                _log(self, form, None)
            except services.ContactError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The activity is logged."))
                return redirect("cases:worklist")
        response = render(request, "contacts/create.html", {"form": form})
        response.status_code = 400
        return response


class ContactEditView(PersonDataMixin, View):
    """The author corrects their own entry; what it said before is kept."""

    http_method_names = ["get", "head", "post"]

    def _contact(self, pk: int) -> Contact:
        return get_object_or_404(Contact.objects.select_related("case"), pk=pk, author=self.user)

    def _initial(self, contact: Contact) -> dict[str, Any]:
        fields = [
            "occurred_at",
            "channel",
            "place",
            "initiative",
            "duration_minutes",
            "activity",
            "note",
        ]
        return {**{f: getattr(contact, f) for f in fields}, "with_whom": contact.with_whom}

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        contact = self._contact(pk)
        if contact.case is not None:
            access_record(
                request=request,
                actor=self.user,
                participant_id=contact.case.participant_id,
                case_id=contact.case_id,
                action=AccessAction.EDIT,
            )
        form = ContactForm(initial=self._initial(contact), with_case=contact.case_id is not None)
        return render(request, "contacts/edit.html", {"contact": contact, "form": form})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        contact = self._contact(pk)
        form = ContactForm(request.POST, with_case=contact.case_id is not None)
        if form.is_valid():
            try:
                services.contact_correct(contact=contact, actor=self.user, **form.cleaned_data)
            except services.ContactError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("The contact is corrected; the earlier version is kept.")
                )
                return (
                    redirect("cases:detail", pk=contact.case_id)
                    if contact.case_id
                    else redirect("cases:worklist")
                )
        response = render(request, "contacts/edit.html", {"contact": contact, "form": form})
        response.status_code = 400
        return response


class ContactDraftSaveView(PersonDataMixin, View):
    """Saves the contact form as the user types (static/js/app.js); answers 204."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self.get_case(pk, CaseAction.LOG_CONTACT)
        data = {
            key.removeprefix("contact-"): (
                request.POST.getlist(key) if key == "contact-with_whom" else request.POST[key]
            )
            for key in request.POST
            if key.startswith("contact-")
        }
        services.contact_draft_save(actor=self.user, case=case, data=data)
        return HttpResponse(status=204)


class ContactDraftDiscardView(PersonDataMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self.get_case(pk, CaseAction.LOG_CONTACT)
        services.contact_draft_discard(actor=self.user, case=case)
        messages.success(request, _("The draft is discarded."))
        return redirect("cases:detail", pk=case.pk)
