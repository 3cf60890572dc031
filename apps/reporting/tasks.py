from __future__ import annotations

from celery import shared_task
from django.core.files.base import ContentFile
from django.utils import timezone

from apps.reporting.models import ReportPdf
from apps.reporting.pdf import render_report_pdf


@shared_task
def render_report(pdf_id: int) -> None:
    """Render and store a report's PDF. Safe to run twice: a finished row is left alone."""
    pdf = ReportPdf.objects.select_related("programme", "county").get(pk=pdf_id)
    if pdf.finished_at is not None:
        return
    try:
        data = render_report_pdf(pdf)
    except Exception as error:
        ReportPdf.objects.filter(pk=pdf.pk).update(
            error=type(error).__name__, finished_at=timezone.now()
        )
        raise
    scope = pdf.county.name.lower() if pdf.county else "landet"
    pdf.file.save(f"{pdf.kind}-{pdf.year}-{scope}.pdf", ContentFile(data), save=False)
    pdf.finished_at = timezone.now()
    pdf.save(update_fields=["file", "finished_at"])
