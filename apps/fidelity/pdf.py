"""The review as a PDF: the quality report. Rendered in the request for now (a review is a few
pages of text); the renderer is the intention agreement's, which fetches only our static files."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from apps.agreements.pdf import STATIC, LocalOnlyFetcher


def render_review_pdf(context: dict[str, Any]) -> bytes:
    with translation.override("nb"):
        html = render_to_string("fidelity/pdf.html", context)
    document = HTML(string=html, base_url=str(STATIC) + "/", url_fetcher=LocalOnlyFetcher())
    return bytes(document.write_pdf())
