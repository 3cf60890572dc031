"""Måltall: the yearly target figures the directorate sets per office (000 L482-485).

The figures themselves (participant counts, outcome rates) are never stored here: they are
computed from the cases when asked for (``stock.py``, ``measures.py``), so they always agree with
the specialists' own logging. A target is the one thing that is typed in, by the directorate.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.organisation.models import Office
from apps.programmes.models import Programme


class Target(models.Model):
    """One office's måltall for one year, for one programme or (programme empty) for all.

    ``outcome_targets`` maps a measure's name from ``apps.reporting.measures`` (such as
    ``"in_work_at_discharge@1"``) to the share in per cent the office is expected to reach. Naming
    the version keeps a target comparable when a measure's definition later changes.
    """

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="targets", verbose_name=_("office")
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("programme"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    expected_at_year_end = models.PositiveIntegerField(_("expected participants at year end"))
    expected_average = models.PositiveIntegerField(_("expected average number of participants"))
    outcome_targets = models.JSONField(_("outcome targets (%)"), default=dict, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year", "office__name"]
        verbose_name = _("target figure")
        verbose_name_plural = _("target figures")
        constraints = [
            # Two partial constraints rather than one: NULLs are distinct in a plain unique index,
            # and an office's programme-wide target must be unique too.
            models.UniqueConstraint(
                fields=["office", "year", "programme"],
                condition=models.Q(programme__isnull=False),
                name="target_one_per_office_year_programme",
            ),
            models.UniqueConstraint(
                fields=["office", "year"],
                condition=models.Q(programme__isnull=True),
                name="target_one_per_office_year",
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100),
                name="target_year_is_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office} {self.year}"


class ReportKind(models.TextChoices):
    MAALTALL = "maaltall", _("Target figures")
    OUTCOMES = "outcomes", _("Outcomes")


class ReportPdf(models.Model):
    """A report as a PDF, asked for by one person and rendered by a worker (WeasyPrint).

    The row says what was asked for; the worker builds the report from the same selector as the
    page, at the time it runs, and stores the file. Only the person who asked may fetch it.
    """

    kind = models.CharField(max_length=20, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField()
    first_year = models.PositiveSmallIntegerField(null=True, blank=True)  # outcomes over years
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    county = models.ForeignKey(
        "organisation.County", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    file = models.FileField(upload_to="report-pdfs/", blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
