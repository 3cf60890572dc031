"""The review page: proposed scores with evidence, overriding with a note, the action plan, the
comparison with the previous review, the PDF and the cases behind an item."""

from __future__ import annotations

import datetime

from django.urls import reverse

from apps.dashboards.selectors import Period
from apps.fidelity.models import Review, Scale
from apps.fidelity.services import review_create
from tests.cases.factories import open_case


def _review(world, first=datetime.date(2026, 10, 1), last=datetime.date(2026, 10, 31)) -> Review:  # type: ignore[no-untyped-def]
    return review_create(
        team=world.home_team,
        scale=Scale.objects.get(code="ips-25", is_current=True),
        period=Period(first, last),
        actor=world.user("teamleder"),
    )


def _confirm_all(review: Review, **changes: tuple[int, str]) -> dict[str, str]:
    """The form as posted: every proposed score confirmed, ``changes`` by item key."""
    data = {"action_plan": "Flere arbeidsgiverbesøk ute"}
    for s in review.scores.select_related("item"):
        score, note = changes.get(s.item.key, (s.proposed, ""))
        data[f"score-{s.pk}"] = "" if score is None else str(score)
        data[f"note-{s.pk}"] = note
    return data


def test_a_new_review_proposes_scores_for_the_items_the_data_informs(world, client_as) -> None:  # type: ignore[no-untyped-def]
    client = client_as("teamleder")
    response = client.post(
        reverse("fidelity:create"),
        {
            "team": world.home_team.pk,
            "scale": Scale.objects.get(code="ips-25", is_current=True).pk,
            "first": "2026-10-01",
            "last": "2026-10-31",
        },
    )
    review = Review.objects.get()
    assert response.url == reverse("fidelity:detail", args=[review.pk])
    caseload = review.scores.get(item__key="caseload")
    assert caseload.proposed == 5  # a handful of cases for two specialists
    assert caseload.evidence["unit"]
    assert world.case.pk in caseload.case_ids
    assert review.scores.get(item__key="disclosure").proposed is None  # scored by hand
    page = client.get(reverse("fidelity:detail", args=[review.pk])).content.decode()
    assert reverse("fidelity:cases", args=[review.pk, caseload.pk]) in page
    # The programme norms beside the scale: the team works in Utvidet oppfølging.
    assert "30 dager" in page


def test_overriding_needs_a_note_and_the_next_review_shows_the_change(world, client_as) -> None:  # type: ignore[no-untyped-def]
    client = client_as("teamleder")
    first = _review(world)
    url = reverse("fidelity:detail", args=[first.pk])

    response = client.post(url, _confirm_all(first, caseload=(3, "")))
    assert response.status_code == 400
    assert first.scores.get(item__key="caseload").score is None

    response = client.post(
        url, _confirm_all(first, caseload=(3, "Mange saker venter"), disclosure=(4, ""))
    )
    assert response.status_code == 302
    first.refresh_from_db()
    caseload = first.scores.get(item__key="caseload")
    assert (caseload.proposed, caseload.score, caseload.note) == (5, 3, "Mange saker venter")
    assert first.scores.get(item__key="disclosure").score == 4  # by hand: no note needed
    assert first.action_plan == "Flere arbeidsgiverbesøk ute"
    assert first.saved_by == world.user("teamleder")

    pdf = client.get(reverse("fidelity:pdf", args=[first.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")

    second = _review(world, datetime.date(2026, 11, 1), datetime.date(2026, 11, 20))
    client.post(reverse("fidelity:detail", args=[second.pk]), _confirm_all(second))
    page = client.get(reverse("fidelity:detail", args=[second.pk])).content.decode()
    row = page.split('data-testid="item-caseload"')[1].split("</tr>")[0]
    assert (
        '<td class="aksel-table__data-cell aksel-body-short" data-testid="previous">3 (+2)' in row
    )


def test_the_office_head_reads_but_does_not_score(world, client_as) -> None:  # type: ignore[no-untyped-def]
    review = _review(world)
    client = client_as("kontorleder")
    page = client.get(reverse("fidelity:detail", args=[review.pk])).content.decode()
    assert 'name="action_plan"' not in page
    response = client.post(
        reverse("fidelity:detail", args=[review.pk]), _confirm_all(review, disclosure=(2, ""))
    )
    assert response.status_code == 403
    assert review.scores.get(item__key="disclosure").score is None


def test_the_cases_behind_an_item(world, client_as) -> None:  # type: ignore[no-untyped-def]
    extra = open_case(world.user("kollega"), first_name="Ekstra", last_name="Sak")
    review = _review(world)
    caseload = review.scores.get(item__key="caseload")
    page = client_as("teamleder").get(reverse("fidelity:cases", args=[review.pk, caseload.pk]))
    assert reverse("cases:detail", args=[extra.pk]) in page.content.decode()
    assert reverse("cases:detail", args=[world.other_office_case.pk]) not in page.content.decode()
