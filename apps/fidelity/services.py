"""Writes for the fidelity reviews."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.dashboards.selectors import Period
from apps.organisation.models import Team, User

from .metrics import METRICS, scope_for
from .models import Review, ReviewScore, Scale
from .scales import score as score_for
from .selectors import may_change, teams_for


class ReviewError(Exception):
    def __init__(self, message: str, errors: dict[int, str] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or {}


@dataclass(frozen=True)
class ScoreInput:
    score: int | None
    note: str


def review_create(*, team: Team, scale: Scale, period: Period, actor: User) -> Review:
    """A new review of ``team`` for ``period``: every item the data can inform gets its evidence
    (value and the cases behind it) and, where the item has thresholds, a proposed score; the
    other items wait for a hand score. Side effects: the review and one score row per item."""
    if not teams_for(actor).filter(pk=team.pk).exists():
        raise ReviewError(_("You cannot review this team."))
    if period.first > period.last:
        raise ReviewError(_("The period ends before it begins."))
    scope = scope_for(user=actor, team=team, period=period)
    with transaction.atomic():
        review = Review.objects.create(
            team=team,
            scale=scale,
            period_first=period.first,
            period_last=period.last,
            created_by=actor,
        )
        rows = []
        for item in scale.items.order_by("number"):
            proposed = None
            evidence: dict[str, object] = {}
            case_ids: list[int] = []
            metric = METRICS.get(item.metric)
            if metric is not None:
                measurement = metric(scope)
                proposed = score_for(measurement.value, item.thresholds)
                evidence = measurement.evidence()
                case_ids = sorted(measurement.case_ids)
            rows.append(
                ReviewScore(
                    review=review,
                    item=item,
                    proposed=proposed,
                    evidence=evidence,
                    case_ids=case_ids,
                )
            )
        ReviewScore.objects.bulk_create(rows)
    return review


def review_save(
    *, review: Review, actor: User, scores: dict[int, ScoreInput], action_plan: str
) -> Review:
    """The team lead confirms or overrides each score (a note is required when the score differs
    from the proposed one) and writes the action plan. Scores not given are left unset. Side
    effects: the score rows and the review's saved-by and -at."""
    if not may_change(actor, review):
        raise ReviewError(_("Only the team's lead can score the review."))
    errors: dict[int, str] = {}
    with transaction.atomic():
        rows = {s.pk: s for s in review.scores.select_for_update().order_by("pk")}
        for pk, given in scores.items():
            row = rows.get(pk)
            if row is None:
                continue
            if given.score is not None and not 1 <= given.score <= 5:
                errors[pk] = _("A score is a whole number from 1 to 5.")
                continue
            overriding = (
                row.proposed is not None and given.score is not None and given.score != row.proposed
            )
            if overriding and not given.note.strip():
                errors[pk] = _("Say why you change the proposed score.")
                continue
            row.score = given.score
            row.note = given.note.strip()
        if errors:
            transaction.set_rollback(True)
            raise ReviewError(_("Some scores could not be saved."), errors)
        ReviewScore.objects.bulk_update(list(rows.values()), ["score", "note"])
        review.action_plan = action_plan.strip()
        review.saved_by = actor
        review.saved_at = timezone.now()
        review.save(update_fields=["action_plan", "saved_by", "saved_at"])
    return review
