"""The signed form as a PDF (WeasyPrint), made from the form's data alone.

The renderer is the intention agreement's: ``LocalOnlyFetcher`` reads our own static files (the
Source Sans 3 font with æøå) and nothing else, so a text in the form can never make the renderer
fetch anything. The PDF reads only the dict it is given (``snapshot.form_data``, or a signed form's
stored JSON), never the database, so the same data always gives the same text.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from apps.agreements.pdf import STATIC, LocalOnlyFetcher
from apps.halfyear import present
from apps.halfyear.snapshot import canonical, sha256


def pdf_context(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "data": data,
        "period_label": _period_label(data),
        "sections": present.sections(data),
        "groups": present.grouped_rows(data),
        # The data's own hash in every page's footer: a printed page can be checked against it.
        "hash_hint": sha256(canonical(data)),
        "signed_at": _moment(data.get("signed_at")),
        "submitted_at": _moment(data.get("submitted_at")),
    }


def _period_label(data: dict[str, Any]) -> str:
    from apps.halfyear.periods import HalfYear

    return HalfYear(data["period"]["year"], data["period"]["half"]).label


def _moment(value: str | None) -> str:
    """ "2026-07-03T14:05:00+02:00" as "03.07.2026 14:05" (Oslo time, as stored)."""
    if not value:
        return ""
    day, time = value.split("T")
    year, month, date = day.split("-")
    return f"{date}.{month}.{year} {time[:5]}"


def render_form_pdf(data: dict[str, Any]) -> bytes:
    with translation.override("nb"):
        html = render_to_string("halfyear/pdf.html", pdf_context(data))
    document = HTML(string=html, base_url=str(STATIC) + "/", url_fetcher=LocalOnlyFetcher())
    return bytes(document.write_pdf())
