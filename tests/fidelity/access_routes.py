"""The fidelity reviews' pages in the access matrix (tests/access_matrix.py).

The review is made here, through the service, when a route first asks for it: teamleder's review of
the home team for October 2026. The home team's lead and the office head read it; specialists
(even on the team) and another office's staff get 404; the roles that never see persons 403. Only
the team's lead saves scores.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from tests.access_matrix import LOGIN, Expectation, Redirect, Route, expect
from tests.conftest import World

DETAIL = Redirect("fidelity:detail")


def _leads(outcome: Expectation, **others: Expectation) -> Mapping[str, Expectation]:
    """``outcome`` for the team lead and office head, 403 for everyone else signed in."""
    return expect(
        **{
            "anonym": LOGIN,
            "spesialist": 403,
            "kollega": 403,
            "annen": 403,
            "teamleder": outcome,
            "kontorleder": outcome,
            "fylke": 403,
            "direktorat": 403,
            "admin": 403,
            **others,
        }
    )


def _review_readers(outcome: Expectation, **others: Expectation) -> Mapping[str, Expectation]:
    """``outcome`` for the team lead and office head, 404 for specialists, 403 for the roles
    that never see persons."""
    return expect(
        **{
            "anonym": LOGIN,
            "spesialist": 404,
            "kollega": 404,
            "annen": 404,
            "teamleder": outcome,
            "kontorleder": outcome,
            "fylke": 403,
            "direktorat": 403,
            "admin": 403,
            **others,
        }
    )


def review(w: World) -> Any:
    from apps.dashboards.selectors import Period
    from apps.fidelity.models import Review, Scale
    from apps.fidelity.services import review_create

    existing = Review.objects.filter(team=w.home_team).first()
    return existing or review_create(
        team=w.home_team,
        scale=Scale.objects.get(code="euse-se", is_current=True),
        period=Period(datetime.date(2026, 10, 1), datetime.date(2026, 10, 31)),
        actor=w.user("teamleder"),
    )


def _caseload(w: World) -> dict[str, Any]:
    r = review(w)
    return {"pk": r.pk, "score_id": r.scores.get(item__key="caseload").pk}


def _new(w: World, client: Any) -> dict[str, Any]:
    from apps.fidelity.models import Scale

    return {
        "team": w.home_team.pk,
        "scale": Scale.objects.get(code="euse-se", is_current=True).pk,
        "first": "2026-10-01",
        "last": "2026-10-31",
    }


FIDELITY_ROUTES: dict[str, Route] = {
    "fidelity:list": Route(GET=_leads(200)),
    "fidelity:create": Route(POST=_leads(DETAIL), data=_new),
    "fidelity:detail": Route(
        GET=_review_readers(200),
        POST=_review_readers(DETAIL, kontorleder=403),
        kwargs=lambda w: {"pk": review(w).pk},
        data=lambda w, c: {"action_plan": "Flere arbeidsgiverbesøk"},
        note="Only the team's lead scores; the office head reads.",
    ),
    "fidelity:pdf": Route(GET=_review_readers(200), kwargs=lambda w: {"pk": review(w).pk}),
    "fidelity:cases": Route(GET=_review_readers(200), kwargs=_caseload),
}
