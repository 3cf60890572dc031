"""Reads of half-yearly forms, scoped by the user's office (``access.form_scope``)."""

from __future__ import annotations

from django.db.models import Count, QuerySet, Sum

from apps.cases.access import CaseAction
from apps.cases.selectors import cases_for
from apps.halfyear.access import form_scope
from apps.halfyear.models import HalfYearForm, HalfYearRow
from apps.organisation.models import User


def forms_for(user: User) -> QuerySet[HalfYearForm]:
    """The forms ``user`` may read, newest first, with their rows' missing answers added up."""
    return (
        HalfYearForm.objects.filter(form_scope(user).as_q())
        .select_related("office", "preparer", "signer")
        .annotate(
            row_count=Count("rows"),
            missing_in_form=Sum("rows__missing_in_form", default=0),
            missing_in_case=Sum("rows__missing_in_case", default=0),
        )
        .order_by("-year", "-half")
    )


def form_rows(form: HalfYearForm) -> QuerySet[HalfYearRow]:
    return form.rows.select_related("programme").order_by("number")


def completable_case_ids(user: User, form: HalfYearForm) -> set[int]:
    """The cases behind the form's rows that ``user`` may complete. One query."""
    return set(
        cases_for(user, CaseAction.CHANGE)
        .filter(pk__in=form.rows.values("case_id"))
        .values_list("pk", flat=True)
    )
