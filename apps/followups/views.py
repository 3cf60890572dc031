from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from apps.audit.models import AccessAction
from apps.audit.services import access_record, access_record_many
from apps.cases.access import CaseAction
from apps.cases.selectors import cases_for
from apps.cases.views import PersonDataMixin
from apps.followups import services
from apps.followups.forms import CompleteForm, FollowUpStatusForm
from apps.followups.models import Checkpoint, CheckpointKind, CheckpointStatus, Notification
from apps.followups.selectors import due_list, notifications_for, unread_count


class DueListView(PersonDataMixin, View):
    """Til oppfølging: what is overdue, due today and due in the next two weeks."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        due = due_list(self.user, today)
        shown = [*due.overdue, *due.today, *due.upcoming]
        access_record_many(
            request=request,
            actor=self.user,
            rows=[(c.case.participant_id, c.case_id) for c in shown],
        )
        return render(request, "followups/due_list.html", {"due": due, "today": today})


class RecordView(PersonDataMixin, View):
    """One click from the list: record the outcome of a checkpoint."""

    http_method_names = ["get", "head", "post"]

    def _checkpoint(self, pk: int) -> Checkpoint:
        return get_object_or_404(
            Checkpoint.objects.select_related("case__participant", "case__programme"),
            pk=pk,
            case__in=cases_for(self.user, CaseAction.CHANGE),
        )

    def _form(self, checkpoint: Checkpoint, data: object = None) -> forms.Form:
        form_class = (
            FollowUpStatusForm if checkpoint.kind == CheckpointKind.POST_DISCHARGE else CompleteForm
        )
        return form_class(data)  # type: ignore[arg-type]

    def _render(
        self, request: HttpRequest, checkpoint: Checkpoint, form: forms.Form, status: int = 200
    ) -> HttpResponse:
        access_record(
            request=request,
            actor=self.user,
            participant_id=checkpoint.case.participant_id,
            case_id=checkpoint.case_id,
            action=AccessAction.EDIT,
        )
        response = render(
            request, "followups/record.html", {"checkpoint": checkpoint, "form": form}
        )
        response.status_code = status
        return response

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        checkpoint = self._checkpoint(pk)
        return self._render(request, checkpoint, self._form(checkpoint))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        checkpoint = self._checkpoint(pk)
        form = self._form(checkpoint, request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            on, note = data.pop("on"), data.pop("note")
            try:
                services.checkpoint_complete(
                    checkpoint=checkpoint,
                    actor=self.user,
                    on=on,
                    note=note,
                    status=data if checkpoint.kind == CheckpointKind.POST_DISCHARGE else None,
                )
            except services.FollowupError as error:
                form.add_error(None, str(error))
            else:
                checkpoint.refresh_from_db()
                messages.success(request, _("The follow-up is recorded."))
                if (
                    checkpoint.status == CheckpointStatus.DONE
                    and checkpoint.case.status == "closed"
                ):
                    messages.info(request, _("That was the last follow-up: the case is closed."))
                return redirect("followups:due")
        return self._render(request, checkpoint, form, status=400)


class NotificationListView(PersonDataMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        items = list(notifications_for(self.user))
        Notification.objects.filter(user=self.user, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        return render(request, "followups/notifications.html", {"items": items})


class UnreadCountView(PersonDataMixin, View):
    """The count in the header, polled in the background (it does not keep a session alive)."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "followups/_unread.html", {"count": unread_count(self.user)})
