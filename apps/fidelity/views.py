"""A team's fidelity reviews: the list, a new review, the review page (scores, evidence, action
plan, the previous review beside it, the programme norms), its PDF and the cases behind an item.

Team leads and office heads reach their own teams' reviews; a specialist gets 404 (the review is
outside its scope, like another team's case) and the roles that never see persons 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from apps.audit.services import access_record_many
from apps.dashboards.selectors import Period
from apps.organisation.models import PERSON_DATA_ROLES, Role
from apps.organisation.views import RoleRequiredMixin

from .forms import ReviewCreateForm
from .models import Review
from .pdf import render_review_pdf
from .selectors import (
    cases_behind,
    current_scales,
    default_scale,
    may_change,
    programme_norms,
    review_lines,
    reviews_visible_to,
    teams_for,
)
from .services import ReviewError, ScoreInput, review_create, review_save

LEADS = frozenset({Role.TEAM_LEAD, Role.OFFICE_HEAD})


def _create_form(user: Any, data: Any = None) -> ReviewCreateForm:
    teams = teams_for(user)
    today = timezone.localdate()
    period = Period.default(today)
    first_team = teams.first()
    scale = default_scale(first_team) if first_team else None
    return ReviewCreateForm(
        data,
        teams=teams,
        scales=current_scales(),
        initial={
            "team": first_team,
            "scale": scale,
            "first": period.first,
            "last": period.last,
        },
    )


class ReviewListView(RoleRequiredMixin, View):
    allowed_roles = LEADS
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "fidelity/list.html",
            {
                "reviews": reviews_visible_to(self.user).prefetch_related("scores"),
                "form": _create_form(self.user),
            },
        )


class ReviewCreateView(RoleRequiredMixin, View):
    allowed_roles = LEADS
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        form = _create_form(self.user, request.POST)
        if form.is_valid():
            try:
                review = review_create(
                    team=form.cleaned_data["team"],
                    scale=form.cleaned_data["scale"],
                    period=form.period(),
                    actor=self.user,
                )
            except ReviewError as e:
                form.add_error(None, str(e))
            else:
                return redirect("fidelity:detail", pk=review.pk)
        return render(
            request,
            "fidelity/list.html",
            {"reviews": reviews_visible_to(self.user), "form": form},
            status=400,
        )


def review_context(review: Review, user: Any) -> dict[str, Any]:
    groups, previous = review_lines(review)
    scores = [line.score for _g, lines in groups for line in lines]
    total = sum(s.score or 0 for s in scores)
    return {
        "review": review,
        "groups": groups,
        "previous": previous,
        "previous_total": previous.total if previous else None,
        "total": total,
        "complete": all(s.score is not None for s in scores),
        "band": review.scale.band_for(total) if review.scale.bands else "",
        "max_total": 5 * len(scores),
        "norms": programme_norms(review.team, review.period_last),
        "can_change": may_change(user, review),
    }


class ReviewMixin(RoleRequiredMixin):
    allowed_roles = PERSON_DATA_ROLES

    def review(self, pk: int) -> Review:
        return get_object_or_404(reviews_visible_to(self.user), pk=pk)


class ReviewDetailView(ReviewMixin, View):
    http_method_names = ["get", "head", "post"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        review = self.review(pk)
        return render(request, "fidelity/detail.html", review_context(review, self.user))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        review = self.review(pk)
        scores: dict[int, ScoreInput] = {}
        for row in review.scores.all():
            raw = request.POST.get(f"score-{row.pk}", "").strip()
            scores[row.pk] = ScoreInput(
                score=int(raw) if raw.isdigit() else None,
                note=request.POST.get(f"note-{row.pk}", ""),
            )
        try:
            review_save(
                review=review,
                actor=self.user,
                scores=scores,
                action_plan=request.POST.get("action_plan", ""),
            )
        except ReviewError as e:
            if not e.errors:
                return HttpResponse(str(e), status=403)
            context = review_context(review, self.user)
            # Show what was typed, not what is stored.
            for _group, lines in context["groups"]:
                for line in lines:
                    given = scores.get(line.score.pk)
                    if given is not None:
                        line.score.score, line.score.note = given.score, given.note
            review.action_plan = request.POST.get("action_plan", "")
            context.update(errors=e.errors, error=str(e))
            return render(request, "fidelity/detail.html", context, status=400)
        messages.success(request, _("The review is saved."))
        return redirect("fidelity:detail", pk=review.pk)


class ReviewPdfView(ReviewMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        review = self.review(pk)
        pdf = render_review_pdf(review_context(review, self.user))
        response = HttpResponse(pdf, content_type="application/pdf")
        name = f"kvalitet-{review.team.pk}-{review.period_last:%Y-%m-%d}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class ReviewCasesView(ReviewMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int, score_id: int) -> HttpResponse:
        review = self.review(pk)
        score = get_object_or_404(review.scores.select_related("item"), pk=score_id)
        cases = list(cases_behind(self.user, score))
        access_record_many(
            request=request, actor=self.user, rows=[(c.participant_id, c.pk) for c in cases]
        )
        return render(
            request, "fidelity/cases.html", {"review": review, "score": score, "cases": cases}
        )
