"""The directorate's reports as PDFs (WeasyPrint, in a worker), from the same report objects as
the pages and the CSV files. The charts are SVG in the page; the fonts come from ``static/``
through the agreement renderer's fetcher, which refuses every other URL."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML

from apps.agreements.pdf import STATIC, LocalOnlyFetcher
from apps.reporting.models import ReportKind, ReportPdf
from apps.reporting.reports import maaltall_report, outcome_report


def render_report_pdf(request: ReportPdf) -> bytes:
    with translation.override("nb"):
        if request.kind == ReportKind.MAALTALL:
            report: object = maaltall_report(
                year=request.year, programme=request.programme, county=request.county
            )
        else:
            report = outcome_report(
                year=request.year,
                first_year=request.first_year,
                programme=request.programme,
                county=request.county,
            )
        html = render_to_string(
            f"reporting/pdf_{request.kind}.html",
            {"report": report, "printed_at": timezone.localtime()},
        )
    document = HTML(string=html, base_url=str(STATIC) + "/", url_fetcher=LocalOnlyFetcher())
    return bytes(document.write_pdf())
