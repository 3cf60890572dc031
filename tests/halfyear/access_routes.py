"""The half-yearly form's pages in the access matrix (tests/access_matrix.py).

The forms are made here, through the services, when a route first asks for one, so the shared
World stays as it is: the spring 2026 form of spesialist's office as a completed draft (with one
row, spesialist's case), the autumn 2025 form submitted by kollega, and the spring 2025 form signed
by teamleder. Another office's staff (annen) get 404 for all of them; the roles that never see
persons get 403.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from tests.access_matrix import LOGIN, Expectation, Redirect, Route, expect, person_roles
from tests.conftest import World

DETAIL = Redirect("halfyear:detail")


def _office_staff(outcome: Expectation, **others: Expectation) -> Mapping[str, Expectation]:
    """``outcome`` for the home office's staff, 404 for annen, 403 for the aggregate roles."""
    return expect(
        **{
            "anonym": LOGIN,
            "spesialist": outcome,
            "kollega": outcome,
            "annen": 404,
            "teamleder": outcome,
            "kontorleder": outcome,
            "fylke": 403,
            "direktorat": 403,
            "admin": 403,
            **others,
        }
    )


def _form(w: World, year: int, half: int) -> Any:
    from apps.halfyear.models import HalfYearForm
    from apps.halfyear.periods import HalfYear
    from apps.halfyear.services import form_create_for_office

    existing = HalfYearForm.objects.filter(office=w.home_office, year=year, half=half).first()
    return existing or form_create_for_office(office=w.home_office, half_year=HalfYear(year, half))


def draft(w: World) -> Any:
    """Spring 2026: spesialist's case from February, its row answered; still a draft."""
    from apps.halfyear.models import HalfYearForm
    from tests.halfyear.helpers import complete_every_row, start_case

    if not HalfYearForm.objects.filter(office=w.home_office, year=2026, half=1).exists():
        start_case(w.user("spesialist"), on=datetime.date(2026, 2, 2), first_name="Rad")
    form = _form(w, 2026, 1)
    if form.rows.filter(missing_in_form__gt=0).exists():
        complete_every_row(form, w.user("spesialist"))
    return form


def submitted(w: World) -> Any:
    """Autumn 2025, prepared (submitted) by kollega."""
    from apps.halfyear.models import FormStatus
    from apps.halfyear.services import form_submit

    form = _form(w, 2025, 2)
    if form.status == FormStatus.DRAFT:
        form = form_submit(form=form, actor=w.user("kollega"))
    return form


def signed(w: World) -> Any:
    """Spring 2025, prepared by spesialist and signed by teamleder."""
    from apps.halfyear.models import FormStatus
    from apps.halfyear.services import form_sign, form_submit

    form = _form(w, 2025, 1)
    if form.status == FormStatus.DRAFT:
        form = form_submit(form=form, actor=w.user("spesialist"))
    if form.status == FormStatus.SUBMITTED:
        form = form_sign(form=form, actor=w.user("teamleder"))
    return form


def _row(w: World) -> dict[str, Any]:
    form = draft(w)
    return {"pk": form.pk, "row_id": form.rows.get().pk}


HALFYEAR_ROUTES: dict[str, Route] = {
    "halfyear:list": Route(GET=person_roles(200)),
    "halfyear:create": Route(
        POST=person_roles(DETAIL),
        note="Makes (or finds) the own office's form for the half-year just ended.",
    ),
    "halfyear:detail": Route(GET=_office_staff(200), kwargs=lambda w: {"pk": draft(w).pk}),
    "halfyear:detail#signed": Route(GET=_office_staff(200), kwargs=lambda w: {"pk": signed(w).pk}),
    "halfyear:refresh": Route(POST=_office_staff(DETAIL), kwargs=lambda w: {"pk": draft(w).pk}),
    "halfyear:submit": Route(
        POST=_office_staff(DETAIL),
        kwargs=lambda w: {"pk": draft(w).pk},
        note="Whoever submits becomes the preparer.",
    ),
    "halfyear:sign": Route(
        POST=_office_staff(403, teamleder=DETAIL),
        kwargs=lambda w: {"pk": submitted(w).pk},
        note="A team lead of the office who did not prepare it (kollega did).",
    ),
    "halfyear:return": Route(
        POST=_office_staff(403, teamleder=DETAIL),
        kwargs=lambda w: {"pk": submitted(w).pk},
        data=lambda w, c: {"reason": "Rad 1 mangler svar"},
    ),
    "halfyear:row": Route(
        GET=_office_staff(200),
        POST=_office_staff(DETAIL, kollega=403),
        kwargs=_row,
        data=lambda w, c: {
            "initiative": "participant",
            "practice_before": "no",
            "follow_up_content": ["conversations"],
        },
        note="The office reads every row; only those who may change the case complete it.",
    ),
    "halfyear:pdf": Route(GET=_office_staff(200), kwargs=lambda w: {"pk": signed(w).pk}),
    "halfyear:csv": Route(GET=_office_staff(200), kwargs=lambda w: {"pk": draft(w).pk}),
    "halfyear:xlsx": Route(GET=_office_staff(200), kwargs=lambda w: {"pk": signed(w).pk}),
}
