from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.debug import sensitive_post_parameters

from apps.audit.models import AccessAction
from apps.audit.services import access_record
from apps.cases import services as case_services
from apps.cases.views import PersonDataMixin
from apps.organisation.models import Role
from apps.participants import crypto, services
from apps.participants.export import participant_export
from apps.participants.forms import (
    ConsentForm,
    ConsentWithdrawForm,
    FnrSearchForm,
    ParticipantForm,
    RegisterForm,
    TransferRequestForm,
)
from apps.participants.models import TRACKED_FIELDS, Consent, Participant
from apps.participants.selectors import (
    Found,
    address_visible_to,
    participant_lookup,
    participants_changeable_by,
    participants_visible_to,
)
from apps.participants.services import AlreadyRegistered

TRACKED_LABELS = {
    name: str(getattr(Participant._meta.get_field(name), "verbose_name", name))
    for name in TRACKED_FIELDS
}

# The session key that remembers, server-side only, which person a transfer request is about, so
# that the number never has to travel back to the browser.
PENDING_TRANSFER = "participants.pending_transfer"

SENSITIVE = method_decorator(sensitive_post_parameters("fnr"), name="dispatch")


def _found_elsewhere(request: HttpRequest, participant: Participant, found: Found) -> HttpResponse:
    if found == Found.SAME_OFFICE:
        return render(request, "participants/known.html", {"same_office": True})
    request.session[PENDING_TRANSFER] = participant.pk
    return render(request, "participants/known.html", {"form": TransferRequestForm()})


@SENSITIVE
class RegisterView(PersonDataMixin, View):
    """Register a participant and the referral. A known number leads to the person, or, when the
    person is held elsewhere, to a transfer request that reveals nothing about where."""

    allowed_roles = frozenset({Role.SPECIALIST})
    http_method_names = ["get", "head", "post"]

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "participants/register.html", {"form": RegisterForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = RegisterForm(request.POST)
        if not form.is_valid():
            response = render(request, "participants/register.html", {"form": form})
            response.status_code = 400
            return response
        fnr = form.cleaned_data["fnr"]
        lookup = participant_lookup(user=self.user, fnr=fnr)
        if lookup.found == Found.VISIBLE and lookup.participant is not None:
            messages.info(request, _("This person is already registered. Here is the participant."))
            return redirect("participants:detail", pk=lookup.participant.pk)
        if lookup.participant is not None:
            return _found_elsewhere(request, lookup.participant, lookup.found)
        try:
            with transaction.atomic():
                participant = services.participant_register(
                    actor=self.user, fnr=fnr, **form.participant_fields()
                )
                case, _reopened = case_services.case_refer(
                    actor=self.user,
                    participant=participant,
                    programme=form.cleaned_data["programme"],
                    referral_date=form.cleaned_data["referral_date"],
                    **{
                        k: form.cleaned_data[k]
                        for k in (
                            "referring_adviser",
                            "order_background",
                            "order_tried",
                            "order_goal",
                        )
                    },
                )
        except AlreadyRegistered as known:
            # Someone registered the same number a moment ago.
            again = participant_lookup(user=self.user, fnr=fnr)
            if again.found == Found.VISIBLE:
                return redirect("participants:detail", pk=known.participant.pk)
            return _found_elsewhere(request, known.participant, again.found)
        except (services.ParticipantError, case_services.CaseError) as error:
            form.add_error(None, str(error))
            response = render(request, "participants/register.html", {"form": form})
            response.status_code = 400
            return response
        messages.success(request, _("The participant is registered and the case created."))
        return redirect("cases:detail", pk=case.pk)


@SENSITIVE
class SearchView(PersonDataMixin, View):
    """Find a person by fødselsnummer. POST only, so the number never sits in a URL."""

    http_method_names = ["get", "head", "post"]

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "participants/search.html", {"form": FnrSearchForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = FnrSearchForm(request.POST)
        if form.is_valid():
            lookup = participant_lookup(user=self.user, fnr=form.cleaned_data["fnr"])
            if lookup.found == Found.VISIBLE and lookup.participant is not None:
                return redirect("participants:detail", pk=lookup.participant.pk)
            if lookup.participant is not None and self.user.role == Role.SPECIALIST:
                return _found_elsewhere(request, lookup.participant, lookup.found)
            form.add_error("fnr", _("No participant you can see has this number."))
        response = render(request, "participants/search.html", {"form": form})
        response.status_code = 400 if form.errors else 200
        return response


class TransferRequestView(PersonDataMixin, View):
    allowed_roles = frozenset({Role.SPECIALIST})
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        participant_id = request.session.get(PENDING_TRANSFER)
        if participant_id is None:
            messages.error(request, _("Search for the person again before asking for a transfer."))
            return redirect("participants:search")
        form = TransferRequestForm(request.POST)
        if form.is_valid():
            participant = get_object_or_404(Participant, pk=participant_id)
            services.transfer_request_create(
                participant=participant, actor=self.user, message=form.cleaned_data["message"]
            )
            del request.session[PENDING_TRANSFER]
            messages.success(
                request,
                _("Your request has been sent to the team lead who holds the person's case."),
            )
        return redirect("cases:worklist")


class ParticipantDetailView(PersonDataMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        participant = get_object_or_404(participants_visible_to(self.user), pk=pk)
        access_record(
            request=request,
            actor=self.user,
            participant_id=participant.pk,
            action=AccessAction.VIEW_PARTICIPANT,
        )
        cases = list(
            participant.cases.select_related("programme", "office", "owner").order_by(
                "-referral_date"
            )
        )
        owners = {c.owner_id for c in cases} | {c.co_owner_id for c in cases if c.co_owner_id}
        can_change = participants_changeable_by(self.user).filter(pk=pk).exists()
        return render(
            request,
            "participants/detail.html",
            {
                "participant": participant,
                "cases": cases,
                "can_change": can_change,
                "show_address": address_visible_to(
                    user=self.user, participant=participant, owner_ids=owners
                ),
                "consents": participant.consents.select_related("recorded_by"),
                "consent_form": ConsentForm(prefix="consent"),
                "history": [
                    (change, TRACKED_LABELS.get(change.field, change.field))
                    for change in participant.changes.select_related("actor")[:50]
                ],
                "today": timezone.localdate(),
            },
        )


class ParticipantEditView(PersonDataMixin, View):
    http_method_names = ["get", "head", "post"]

    def _participant(self, pk: int) -> Participant:
        return get_object_or_404(participants_changeable_by(self.user), pk=pk)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        participant = self._participant(pk)
        access_record(request=request, actor=self.user, participant_id=pk, action=AccessAction.EDIT)
        return render(
            request,
            "participants/edit.html",
            {"participant": participant, "form": ParticipantForm(instance=participant)},
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        participant = self._participant(pk)
        form = ParticipantForm(request.POST, instance=Participant.objects.get(pk=pk))
        if form.is_valid():
            changed = services.participant_update(
                participant=participant,
                actor=self.user,
                **{name: form.cleaned_data[name] for name in form.Meta.fields},
            )
            messages.success(request, _("Saved.") if changed else _("Nothing was changed."))
            return redirect("participants:detail", pk=pk)
        response = render(
            request, "participants/edit.html", {"participant": participant, "form": form}
        )
        response.status_code = 400
        return response


class ConsentCreateView(PersonDataMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        participant = get_object_or_404(participants_changeable_by(self.user), pk=pk)
        form = ConsentForm(request.POST, prefix="consent")
        if form.is_valid():
            services.consent_record(participant=participant, actor=self.user, **form.cleaned_data)
            messages.success(request, _("The consent is recorded."))
        else:
            messages.error(
                request, _("The consent was not recorded: choose who and what, and the date.")
            )
        return redirect("participants:detail", pk=pk)


class ConsentWithdrawView(PersonDataMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, consent_id: int) -> HttpResponse:
        participant = get_object_or_404(participants_changeable_by(self.user), pk=pk)
        consent = get_object_or_404(Consent, pk=consent_id, participant=participant)
        form = ConsentWithdrawForm(request.POST)
        if not form.is_valid():
            raise Http404
        try:
            services.consent_withdraw(consent=consent, actor=self.user, on=form.cleaned_data["on"])
            messages.success(request, _("The consent is withdrawn."))
        except services.ParticipantError as error:
            messages.error(request, str(error))
        return redirect("participants:detail", pk=pk)


class RevealFnrView(PersonDataMixin, View):
    """Shows the whole fødselsnummer: an explicit act, by POST, logged, never cached."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        participant = get_object_or_404(participants_visible_to(self.user), pk=pk)
        access_record(
            request=request,
            actor=self.user,
            participant_id=participant.pk,
            action=AccessAction.REVEAL_FNR,
        )
        digits = crypto.decrypt(participant.fnr_ciphertext)
        if request.htmx:  # type: ignore[attr-defined]
            return render(request, "participants/_fnr_revealed.html", {"digits": digits})
        return render(
            request,
            "participants/fnr_revealed.html",
            {"participant": participant, "digits": digits},
        )


class ExportView(PersonDataMixin, View):
    """The answer to a participant's access request: all we hold and who looked, as JSON."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        participant = get_object_or_404(participants_changeable_by(self.user), pk=pk)
        access_record(
            request=request, actor=self.user, participant_id=pk, action=AccessAction.EXPORT
        )
        response = JsonResponse(
            participant_export(participant), json_dumps_params={"ensure_ascii": False, "indent": 2}
        )
        response["Content-Disposition"] = f'attachment; filename="innsyn-{participant.pk}.json"'
        return response
