"""The directorate's reports as PDFs (WeasyPrint, in a worker), from the same report objects as
the pages and the CSV files. The charts are SVG in the page; the fonts come from ``static/``
through the agreement renderer's fetcher, which refuses every other URL."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from apps.agreements.pdf import STATIC, LocalOnlyFetcher
from apps.reporting.models import ReportKind, ReportPdf
from apps.reporting.reports import maaltall_report, outcome_report

# Print rules on top of the templates' own, for speed and for one typeface throughout:
# - a fixed table layout takes the columns' widths from the header row instead of measuring every
#   cell's text twice (the national måltall tables have about 4,500 cells over 18 pages: about an
#   eighth of WeasyPrint's time went on those measurements);
# - the page footers are margin boxes, which inherit from the root element, not from <body>: without
#   this they were set in the default serif, one more font to load, subset and embed.
PRINT_CSS = """
html { font-family: "Source Sans 3", sans-serif; }
table { table-layout: fixed; }
thead th:first-child { width: 24%; }
"""


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
    fetcher = LocalOnlyFetcher()
    fonts = FontConfiguration()
    document = HTML(string=html, base_url=str(STATIC) + "/", url_fetcher=fetcher)
    stylesheet = CSS(string=PRINT_CSS, url_fetcher=fetcher, font_config=fonts)
    return bytes(document.write_pdf(stylesheets=[stylesheet], font_config=fonts))
