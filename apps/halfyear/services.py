"""Every write to a half-yearly form: making it, completing rows, submitting, signing, sending
back. Each runs in one transaction with the form's row locked, so that two people pressing buttons
at once get one change and one clear refusal; each move of the lifecycle writes a HalfYearEvent.

A signed form refuses every change here, and the database refuses it too (migration 0002).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_fsm import can_proceed

from apps.halfyear import access, prefill
from apps.halfyear.models import (
    EventKind,
    FollowUpContent,
    FormStatus,
    HalfYearEvent,
    HalfYearForm,
    HalfYearRow,
    HalfYearSnapshot,
    Initiative,
    YesNoUnknown,
)
from apps.halfyear.pdf import render_form_pdf
from apps.halfyear.periods import HalfYear
from apps.halfyear.snapshot import canonical, form_data, sha256
from apps.organisation.models import Office, User
from apps.participants.models import Benefit

# Rows per INSERT or UPDATE statement when a form is made or refreshed.
ROW_BATCH = 250


class HalfYearError(Exception):
    """A refused change, with a message for the user."""


def _event(form: HalfYearForm, kind: str, actor: User | None, reason: str = "") -> None:
    HalfYearEvent.objects.create(
        form=form, kind=kind, actor=actor, reason=reason, at=timezone.now()
    )


def _locked(form: HalfYearForm) -> HalfYearForm:
    return HalfYearForm.objects.select_for_update().select_related("office").get(pk=form.pk)


def _require_reader(actor: User, form: HalfYearForm) -> None:
    if not access.may_read(actor, form):
        raise HalfYearError(_("You do not have access to this form."))


def _require_draft(form: HalfYearForm) -> None:
    if form.status == FormStatus.SIGNED:
        raise HalfYearError(_("The form is signed and can no longer be changed."))
    if form.status != FormStatus.DRAFT:
        raise HalfYearError(
            _("The form is waiting for a signature. A team lead can send it back to draft.")
        )


def _refresh(form: HalfYearForm) -> None:
    """Read the cases again: derived values and the office's counts. What the specialists have
    completed is kept; a new case gets the next row number; a case that no longer belongs in the
    form (moved to another office, say) loses its row.

    The rows are written in bulk (one INSERT per ``ROW_BATCH`` new rows, one UPDATE per
    ``ROW_BATCH`` changed ones, none for a row the cases left as it was): an office has hundreds
    of rows, and a statement per row was most of the time of making every office's form."""
    existing = {row.case_id: row for row in form.rows.all()}
    next_number = max((row.number for row in existing.values()), default=0) + 1
    seen: set[int] = set()
    new_rows: list[HalfYearRow] = []
    changed_rows: list[HalfYearRow] = []
    # What a refresh may change on an existing row: the derived values (the same fields for
    # every row), the AAP month it clears and the counts of what is missing.
    refreshed = {"aap_granted_month", "missing_in_form", "missing_in_case"}
    for case, values, practice_before in prefill.rows_for(form.office, form.period):
        seen.add(case.pk)
        row = existing.get(case.pk)
        if row is None:
            row = HalfYearRow(form=form, case=case, number=next_number)
            next_number += 1
            # Answered from the placements when they show a practice placement before the
            # start; the specialist may change it, and answers it when they show none.
            if practice_before:
                row.practice_before = YesNoUnknown.YES
            new_rows.append(row)
        before = {field: getattr(row, field) for field in refreshed.union(values)}
        for field, value in values.items():
            setattr(row, field, value)
        refreshed.update(values)
        if row.benefit != Benefit.AAP:
            row.aap_granted_month = None
        prefill.count_missing(row)
        if row.pk is not None and any(getattr(row, f) != old for f, old in before.items()):
            changed_rows.append(row)
    HalfYearRow.objects.filter(form=form).exclude(case_id__in=seen).delete()
    HalfYearRow.objects.bulk_create(new_rows, batch_size=ROW_BATCH)
    if changed_rows:
        HalfYearRow.objects.bulk_update(
            changed_rows, fields=sorted(refreshed), batch_size=ROW_BATCH
        )
    form.figures = prefill.office_figures(form.office, form.period)
    form.figures_computed_at = timezone.now()
    form.save(update_fields=["figures", "figures_computed_at"])


def form_create_for_office(
    *, office: Office, half_year: HalfYear, actor: User | None = None
) -> HalfYearForm:
    """The office's form for the half-year, pre-filled from the cases; made once, whatever the
    number of calls, also when two run at the same time (the unique key decides, and the loser
    reads the winner's form). ``actor`` is None for the beat task.

    Side effects, the first time only: the form, its rows and a "created" event.
    """
    if actor is not None and not access.form_scope(actor).matches(HalfYearForm(office=office)):
        raise HalfYearError(_("You can only make the form for your own office."))
    if not half_year.has_ended(timezone.localdate()):
        raise HalfYearError(_("The half-year has not ended yet."))
    with transaction.atomic():
        form, created = HalfYearForm.objects.get_or_create(
            office=office,
            year=half_year.year,
            half=half_year.half,
            defaults={"created_by": actor},
        )
        if created:
            _refresh(form)
            _event(form, EventKind.CREATED, actor)
    return form


def forms_create_for_all_offices(*, half_year: HalfYear) -> int:
    """The beat task's work: a form for every office with staff who work with people. Each office
    in its own transaction, so a run killed halfway is finished by the next. Returns how many
    forms now exist for the half-year."""
    from apps.organisation.models import OFFICE_ROLES

    offices = Office.objects.filter(staff__role__in=sorted(OFFICE_ROLES)).distinct()
    for office in offices:
        form_create_for_office(office=office, half_year=half_year)
    return HalfYearForm.objects.filter(year=half_year.year, half=half_year.half).count()


def form_refresh(*, form: HalfYearForm, actor: User) -> HalfYearForm:
    """Read the cases again (a draft only). Side effects: the rows, the counts, an event."""
    with transaction.atomic():
        locked = _locked(form)
        _require_reader(actor, locked)
        _require_draft(locked)
        _refresh(locked)
        _event(locked, EventKind.REFRESHED, actor)
    return locked


def _check_choices(values: Iterable[str], allowed: Iterable[str]) -> list[str]:
    allowed_set = set(allowed)
    chosen = list(dict.fromkeys(values))
    if any(value not in allowed_set for value in chosen):
        raise HalfYearError(_("Choose among the options given."))
    return chosen


def row_complete(
    *,
    row: HalfYearRow,
    actor: User,
    initiative: str,
    practice_before: str,
    aap_granted_month: datetime.date | None = None,
    follow_up_content: Iterable[str] = (),
) -> HalfYearRow:
    """Answer what the cases cannot tell about one participant.

    Only those who may change the case behind the row (its specialists, the team lead, the
    office head), and only while the form is a draft. The AAP month is asked only of AAP
    participants, the content of the follow-up only of rows in the programme during the
    half-year. Side effects: the row.
    """
    with transaction.atomic():
        form = _locked(row.form)
        locked = (
            HalfYearRow.objects.select_for_update(of=("self",))
            .select_related("case__participant")
            .get(pk=row.pk, form=form)
        )
        locked.form = form
        if not access.may_complete(actor, locked):
            raise HalfYearError(_("Only those who work with this case can complete its row."))
        _require_draft(form)
        if initiative not in Initiative.values or practice_before not in YesNoUnknown.values:
            raise HalfYearError(_("Choose among the options given."))
        content = _check_choices(follow_up_content, FollowUpContent.values)
        if locked.benefit == Benefit.AAP:
            if aap_granted_month is None:
                raise HalfYearError(_("Give the month the work assessment allowance was granted."))
            if aap_granted_month > form.period.end:
                raise HalfYearError(
                    _("The allowance cannot have been granted after the half-year.")
                )
            aap_granted_month = aap_granted_month.replace(day=1)
        else:
            aap_granted_month = None
        if locked.in_period and not content:
            raise HalfYearError(_("Say what the follow-up consisted of."))
        locked.initiative = initiative
        locked.practice_before = practice_before
        locked.aap_granted_month = aap_granted_month
        locked.follow_up_content = [code for code in FollowUpContent.values if code in content]
        locked.completed_by = actor
        locked.completed_at = timezone.now()
        prefill.count_missing(locked)
        locked.save()
    return locked


def form_submit(*, form: HalfYearForm, actor: User) -> HalfYearForm:
    """Draft -> awaiting signature; ``actor`` becomes the preparer.

    The cases are read again first, so the form goes for signing with today's figures; it is
    refused while any row lacks an answer that belongs in the form (gaps in the cases are shown,
    but do not stop it: "unknown" is then what the form reports). Side effects: the form, its
    rows and counts, an event.
    """
    with transaction.atomic():
        locked = _locked(form)
        _require_reader(actor, locked)
        _require_draft(locked)
        if not locked.period.has_ended(timezone.localdate()):
            raise HalfYearError(_("The half-year has not ended yet."))
        _refresh(locked)
        incomplete = locked.rows.filter(missing_in_form__gt=0).count()
        if incomplete:
            raise HalfYearError(
                ngettext(
                    "%(n)d row still lacks answers. Complete it before submitting the form.",
                    "%(n)d rows still lack answers. Complete them before submitting the form.",
                    incomplete,
                )
                % {"n": incomplete}
            )
        if not can_proceed(locked.submit):
            raise HalfYearError(_("The form cannot be submitted now."))
        locked.submit()
        locked.preparer = actor
        locked.submitted_at = timezone.now()
        locked.save()
        _event(locked, EventKind.SUBMITTED, actor)
    return locked


def form_return(*, form: HalfYearForm, actor: User, reason: str) -> HalfYearForm:
    """Awaiting signature -> draft, by a team lead of the office, with the reason; the next one
    to submit it becomes its preparer. Side effects: the form, an event with the reason."""
    reason = reason.strip()
    with transaction.atomic():
        locked = _locked(form)
        _require_reader(actor, locked)
        if locked.status == FormStatus.SIGNED:
            raise HalfYearError(_("The form is signed and can no longer be changed."))
        if not access.is_team_lead_of(actor, locked):
            raise HalfYearError(_("Only a team lead of the office can send the form back."))
        if not can_proceed(locked.send_back):
            raise HalfYearError(_("Only a form waiting for a signature can be sent back."))
        if not reason:
            raise HalfYearError(_("Say why the form is sent back."))
        locked.send_back()
        locked.save()
        _event(locked, EventKind.RETURNED, actor, reason)
    return locked


def form_sign(*, form: HalfYearForm, actor: User) -> HalfYearForm:
    """Awaiting signature -> signed, by a team lead of the office who did not prepare it.

    Freezes the form: the canonical JSON of every figure and row (with who prepared and signed it,
    and when), its SHA-256, and the PDF rendered from that JSON, stored in one HalfYearSnapshot.
    Side effects: the form, the snapshot, an event.
    """
    with transaction.atomic():
        locked = _locked(form)
        _require_reader(actor, locked)
        if locked.status == FormStatus.SIGNED:
            raise HalfYearError(_("The form is already signed."))
        if locked.status != FormStatus.SUBMITTED or not can_proceed(locked.sign):
            raise HalfYearError(_("The form must be submitted for signing first."))
        if locked.preparer_id == actor.pk:
            raise HalfYearError(
                _("You prepared this form, so another team lead of the office must sign it.")
            )
        if not access.may_sign(actor, locked):
            raise HalfYearError(_("Only a team lead of the office can sign the form."))
        locked.sign()
        locked.signer = actor
        # To the second, as the data keeps it: what is stored is what the hash covers.
        locked.signed_at = timezone.now().replace(microsecond=0)
        data = form_data(locked)
        text = canonical(data)
        pdf = render_form_pdf(data)
        HalfYearSnapshot.objects.create(
            form=locked,
            data=text.decode("utf-8"),
            data_sha256=sha256(text),
            pdf=pdf,
            pdf_sha256=sha256(pdf),
        )
        locked.save()
        _event(locked, EventKind.SIGNED, actor)
    return locked


def snapshot_verify(snapshot: HalfYearSnapshot) -> dict[str, Any]:
    """The stored data, after checking it against its stored hash (a changed byte is refused)."""
    import json

    if sha256(snapshot.data.encode("utf-8")) != snapshot.data_sha256:
        raise HalfYearError(_("The stored data does not match its hash."))
    data: dict[str, Any] = json.loads(snapshot.data)
    return data
