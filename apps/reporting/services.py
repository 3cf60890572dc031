"""Every write in reporting: the directorate's target figures (måltall), and requests for a
report as a PDF."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from apps.organisation.models import County, Office, Role, User
from apps.programmes.models import Programme
from apps.reporting.measures import MEASURES
from apps.reporting.models import ReportKind, ReportPdf, Target


class TargetError(Exception):
    """A refused target figure, with a message for the user."""


def target_set(
    *,
    office: Office,
    year: int,
    expected_at_year_end: int,
    expected_average: int,
    actor: User,
    programme: Programme | None = None,
    outcome_targets: Mapping[str, int | float] | None = None,
) -> Target:
    """Set (or replace) an office's måltall for a year. Only the directorate sets them.

    Side effects: one Target row, created or updated in place (one per office, year and
    programme).
    """
    if actor.role != Role.DIRECTORATE:
        raise TargetError(_("Only the directorate sets target figures."))
    if expected_at_year_end < 0 or expected_average < 0:
        raise TargetError(_("A target figure cannot be negative."))
    targets = dict(outcome_targets or {})
    for name, share in targets.items():
        if name not in MEASURES:
            raise TargetError(_("Unknown outcome measure: %(name)s.") % {"name": name})
        if isinstance(share, bool) or not isinstance(share, int | float) or not 0 <= share <= 100:
            raise TargetError(_("An outcome target is a percentage from 0 to 100."))
    with transaction.atomic():
        target, _created = Target.objects.update_or_create(
            office=office,
            year=year,
            programme=programme,
            defaults={
                "expected_at_year_end": expected_at_year_end,
                "expected_average": expected_average,
                "outcome_targets": targets,
                "set_by": actor,
            },
        )
    return target


def report_pdf_request(
    *,
    kind: str,
    year: int,
    actor: User,
    first_year: int | None = None,
    programme: Programme | None = None,
    county: County | None = None,
) -> ReportPdf:
    """Ask a worker for a report as a PDF. A county coordinator gets its own county's report
    whatever it asks for. Side effects: a row, and a task after commit."""
    from apps.reporting.tasks import render_report

    if actor.role not in (Role.DIRECTORATE, Role.COUNTY_COORDINATOR):
        raise TargetError(_("Only the directorate and the county coordinators make reports."))
    if actor.role == Role.COUNTY_COORDINATOR:
        county = actor.county
    with transaction.atomic():
        pdf = ReportPdf.objects.create(
            kind=kind,
            year=year,
            first_year=first_year if kind == ReportKind.OUTCOMES else None,
            programme=programme,
            county=county,
            requested_by=actor,
        )
        transaction.on_commit(lambda: render_report.delay(pdf.pk))
    return pdf
