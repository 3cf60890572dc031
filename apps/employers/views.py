from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from apps.cases.access import CaseAction
from apps.cases.models import OPEN_STATUSES
from apps.cases.selectors import cases_for
from apps.cases.views import PersonDataMixin
from apps.contacts.services import ContactError, contact_log
from apps.employers import services
from apps.employers.forms import (
    ContactPersonForm,
    EmployerContactForm,
    EmployerForm,
    EmployerSearchForm,
)
from apps.employers.models import Employer
from apps.employers.selectors import employer_contacts, employers_search, with_last_contact
from apps.placements.selectors import employer_activity


class EmployerListView(PersonDataMixin, View):
    """The register, searchable by name or number, with who last called each firm."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        form = EmployerSearchForm(request.GET or None)
        query = form.cleaned_data["q"] if form.is_valid() else ""
        return render(
            request,
            "employers/list.html",
            {
                "form": form,
                "employers": employers_search(query, self.user),
                "query": query,
            },
        )


class EmployerCreateView(PersonDataMixin, View):
    http_method_names = ["get", "head", "post"]

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "employers/create.html", {"form": EmployerForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = EmployerForm(request.POST)
        if form.is_valid():
            try:
                employer = services.employer_register(actor=self.user, **form.cleaned_data)
            except services.AlreadyRegistered as known:
                messages.info(request, _("This firm is already registered. Here it is."))
                return redirect("employers:detail", pk=known.employer.pk)
            except services.EmployerError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The employer is registered."))
                return redirect("employers:detail", pk=employer.pk)
        response = render(request, "employers/create.html", {"form": form})
        response.status_code = 400
        return response


def _loggable_cases(view: PersonDataMixin) -> Any:
    return (
        cases_for(view.user, CaseAction.LOG_CONTACT)
        .filter(status__in=OPEN_STATUSES)
        .select_related("participant", "programme")
    )


def employer_page(
    view: PersonDataMixin,
    request: HttpRequest,
    employer: Employer,
    status: int = 200,
    **bound: forms.BaseForm,
) -> HttpResponse:
    annotated = with_last_contact(Employer.objects.filter(pk=employer.pk), view.user).get()
    response = render(
        request,
        "employers/detail.html",
        {
            "employer": annotated,
            "contact_persons": employer.contact_persons.all(),
            "contacts": employer_contacts(employer, view.user),
            "activity": employer_activity(employer, view.user),
            "contact_form": bound.get("contact")
            or EmployerContactForm(
                prefix="contact", employer=employer, cases=_loggable_cases(view)
            ),
            "person_form": bound.get("person") or ContactPersonForm(prefix="person"),
        },
    )
    response.status_code = status
    return response


class EmployerDetailView(PersonDataMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return employer_page(self, request, get_object_or_404(Employer, pk=pk))


class ContactPersonCreateView(PersonDataMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        employer = get_object_or_404(Employer, pk=pk)
        form = ContactPersonForm(request.POST, prefix="person")
        if not form.is_valid():
            return employer_page(self, request, employer, status=400, person=form)
        services.contact_person_add(employer=employer, actor=self.user, **form.cleaned_data)
        messages.success(request, _("The contact person is added."))
        return redirect("employers:detail", pk=pk)


class EmployerContactCreateView(PersonDataMixin, View):
    """Log a contact with the firm; the whole office sees that it happened."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        employer = get_object_or_404(Employer, pk=pk)
        form = EmployerContactForm(
            request.POST, prefix="contact", employer=employer, cases=_loggable_cases(self)
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                contact_log(
                    actor=self.user,
                    case=data["case"],
                    occurred_at=data["occurred_at"],
                    channel=data["channel"],
                    place="workplace"
                    if data["channel"] in ("meeting", "workplace_visit")
                    else "none",
                    with_whom=["employer"],
                    initiative="specialist",
                    duration_minutes=data["duration_minutes"],
                    activity="employer",
                    note=data["note"],
                    employer=employer,
                    contact_person=data["contact_person"],
                )
            except ContactError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The contact with the employer is logged."))
                return redirect("employers:detail", pk=pk)
        return employer_page(self, request, employer, status=400, contact=form)
