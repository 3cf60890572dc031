"""Fidelity scales (data, one fixture file per edition) and a team's reviews against them.

A scale is attached to the programmes it measures; a new edition is a new file in ``scales/``
loaded by ``load_fidelity_scales`` (and the data migration), never a code change. An item either
names a metric of ``metrics.py`` with its score thresholds, or is scored by hand.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.organisation.models import Team
from apps.programmes.models import Programme

GROUPS = {
    "staffing": _("Staffing"),
    "organisation": _("Organisation"),
    "services": _("Services"),
}


class Scale(models.Model):
    code = models.SlugField(_("code"), max_length=50)
    edition = models.CharField(_("edition"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    source = models.TextField(_("source"), blank=True)
    programmes = models.ManyToManyField(Programme, related_name="fidelity_scales", blank=True)
    # Total bands, best first: [{"min": 115, "label": "Svært god modelltrohet"}, ...]; empty when
    # the scale publishes none.
    bands = models.JSONField(default=list, blank=True)
    is_current = models.BooleanField(_("current edition"), default=True)

    class Meta:
        ordering = ["code", "-edition"]
        constraints = [
            models.UniqueConstraint(fields=["code", "edition"], name="fidelity_scale_edition"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.edition})"

    @property
    def max_total(self) -> int:
        return 5 * self.items.count()

    def band_for(self, total: int) -> str:
        for band in self.bands:
            if band.get("min") is None or total >= band["min"]:
                return str(band["label"])
        return ""


class ScaleItem(models.Model):
    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField()
    key = models.SlugField(max_length=60)
    group = models.CharField(max_length=60)
    title = models.CharField(max_length=200)
    # {"1": "...", ..., "5": "..."}: what each score means.
    anchors = models.JSONField(default=dict)
    # A metric of ``apps.fidelity.metrics.METRICS``, or blank: scored by hand.
    metric = models.CharField(max_length=60, blank=True)
    # Ordered bands, best first: [{"score": 5, "max": 20}, {"score": 4, "max": 30}, ...]; the
    # first band whose inclusive "min"/"max" admit the value gives the score. Empty: the metric is
    # evidence only and the score is set by hand.
    thresholds = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["scale", "number"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "key"], name="fidelity_item_key"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Review(models.Model):
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="fidelity_reviews")
    scale = models.ForeignKey(Scale, on_delete=models.PROTECT, related_name="reviews")
    period_first = models.DateField(_("from"))
    period_last = models.DateField(_("to"))
    action_plan = models.TextField(_("action plan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    saved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["team", "-period_last", "-pk"]

    def __str__(self) -> str:
        return f"{self.team} {self.period_first}–{self.period_last}"

    @property
    def total(self) -> int:
        return sum(s.score or 0 for s in self.scores.all())

    @property
    def complete(self) -> bool:
        return all(s.score is not None for s in self.scores.all())


class ReviewScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(ScaleItem, on_delete=models.PROTECT, related_name="+")
    proposed = models.PositiveSmallIntegerField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    # What the metric found ({"value": "20.5", "unit": ..., "detail": {...}}), and its cases.
    evidence = models.JSONField(default=dict, blank=True)
    case_ids = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["review", "item__number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "item"], name="fidelity_score_item"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=5),
                name="fidelity_score_1_to_5",
            ),
        ]

    @property
    def overridden(self) -> bool:
        return self.proposed is not None and self.score is not None and self.score != self.proposed
