from __future__ import annotations

from celery import shared_task
from django.core.files.base import ContentFile
from django.utils import timezone

from apps.agreements.models import RenderedPdf
from apps.agreements.pdf import render_version_pdf


@shared_task
def render_agreement_pdf(pdf_id: int) -> None:
    """Render and store the PDF. Safe to run twice: a finished row is left alone."""
    pdf = RenderedPdf.objects.select_related("version__agreement__case__participant").get(pk=pdf_id)
    if pdf.finished_at is not None:
        return
    try:
        data = render_version_pdf(pdf.version)
    except Exception as error:
        RenderedPdf.objects.filter(pk=pdf.pk).update(
            error=type(error).__name__, finished_at=timezone.now()
        )
        raise
    pdf.file.save(
        f"intensjonsavtale-{pdf.version.agreement_id}-v{pdf.version.number}.pdf",
        ContentFile(data),
        save=False,
    )
    pdf.finished_at = timezone.now()
    pdf.save(update_fields=["file", "finished_at"])
