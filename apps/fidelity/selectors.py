"""Reads for the fidelity reviews, scoped like the dashboard: a team lead reads its own teams'
reviews, an office head its office's; nobody else reads any (their pages answer 404)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from apps.cases.models import OPEN_STATUSES, Case
from apps.cases.selectors import cases_visible_to
from apps.dashboards.selectors import teams_for
from apps.organisation.models import Role, Team, User
from apps.programmes.models import ProgrammeRules
from apps.programmes.selectors import programme_rules_in_force

from .models import GROUPS, Review, ReviewScore, Scale

__all__ = ["teams_for"]


def reviews_visible_to(user: User) -> QuerySet[Review]:
    return Review.objects.filter(team__in=teams_for(user)).select_related(
        "team", "team__office", "scale", "created_by", "saved_by"
    )


def current_scales() -> QuerySet[Scale]:
    return Scale.objects.filter(is_current=True).prefetch_related("programmes")


def team_programmes(team: Team) -> list[tuple[Any, int]]:
    """The programmes of the team's open cases, most cases first."""
    counts = Counter(
        Case.objects.filter(team=team, status__in=OPEN_STATUSES).values_list(
            "programme_id", flat=True
        )
    )
    from apps.programmes.models import Programme

    programmes = {p.pk: p for p in Programme.objects.filter(pk__in=list(counts))}
    return [(programmes[pk], n) for pk, n in counts.most_common()]


def default_scale(team: Team) -> Scale | None:
    """The current scale of the programme most of the team's open cases are in."""
    scales = list(current_scales())
    for programme, _n in team_programmes(team):
        for scale in scales:
            if programme in scale.programmes.all():
                return scale
    return next((s for s in scales if s.code != "ips-25"), scales[0] if scales else None)


def previous_review(review: Review) -> Review | None:
    """The team's last review with the same scale (any edition) before this one."""
    return (
        Review.objects.filter(team=review.team, scale__code=review.scale.code)
        .exclude(pk=review.pk)
        .filter(period_last__lte=review.period_last, pk__lt=review.pk)
        .order_by("-period_last", "-pk")
        .first()
    )


@dataclass(frozen=True)
class ScoreLine:
    score: ReviewScore
    previous: int | None

    @property
    def change(self) -> int | None:
        if self.previous is None or self.score.score is None:
            return None
        return self.score.score - self.previous


def review_lines(review: Review) -> tuple[list[tuple[str, list[ScoreLine]]], Review | None]:
    """The review's scores by group, each beside the previous review's score for the same item
    (matched by key, so a new edition still compares)."""
    previous = previous_review(review)
    before: dict[str, int | None] = {}
    if previous is not None:
        before = {s.item.key: s.score for s in previous.scores.select_related("item").order_by()}
    groups: dict[str, list[ScoreLine]] = {}
    for s in review.scores.select_related("item").order_by("item__number"):
        groups.setdefault(s.item.group, []).append(ScoreLine(s, before.get(s.item.key)))
    return [(str(GROUPS.get(g, g)), lines) for g, lines in groups.items()], previous


def programme_norms(team: Team, on: Any) -> list[tuple[Any, ProgrammeRules | None]]:
    """The rules in force on ``on`` for each programme the team works in."""
    return [
        (programme, programme_rules_in_force(programme=programme, on=on))
        for programme, _n in team_programmes(team)
    ]


def cases_behind(user: User, score: ReviewScore) -> QuerySet[Case]:
    """The cases an item's evidence counted, that the user may still read."""
    return (
        cases_visible_to(user)
        .filter(pk__in=score.case_ids)
        .select_related("participant", "programme", "owner")
        .order_by("participant__last_name", "pk")
    )


def may_change(user: User, review: Review) -> bool:
    """Only the team's lead confirms the scores; the office head reads."""
    return user.role == Role.TEAM_LEAD and user.teams.filter(pk=review.team_id).exists()
