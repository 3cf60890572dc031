"""The intention agreement as a pre-filled Norwegian PDF for signing (WeasyPrint, in a worker).

What the employer may read follows the participant's consents to employers on the day: health,
benefits and adaptation needs appear only where a consent in force allows them. The renderer
fetches nothing but our own static files (the fonts with æøå) and data: URIs; any other URL in
the document is refused, so a text field cannot make the worker reach out to the network.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from apps.agreements.models import AgreementVersion
from apps.cases.models import VocationalProfile
from apps.participants.models import ConsentRecipient, ConsentTopic
from apps.participants.selectors import consents_in_force

STATIC = (Path(settings.BASE_DIR) / "static").resolve()


class LocalOnlyFetcher(URLFetcher):
    """Our own static files and data: URIs; everything else is refused."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)

    def fetch(self, url: str, headers: Any = None) -> Any:
        parts = urlsplit(url)
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            if not path.is_relative_to(STATIC):
                raise ValueError(f"Refused to read {path}: only static files may be read.")
        elif parts.scheme != "data":
            raise ValueError("Refused: the agreement's PDF fetches nothing from outside.")
        return super().fetch(url, headers)


def pdf_context(version: AgreementVersion) -> dict[str, Any]:
    agreement = version.agreement
    case = agreement.case
    participant = case.participant
    today = timezone.localdate()
    topics: set[str] = set()
    for consent in consents_in_force(
        participant=participant, recipient=ConsentRecipient.EMPLOYER, on=today
    ):
        topics.update(consent.topics)
    profile = VocationalProfile.objects.filter(case=case).first()
    return {
        "version": version,
        "agreement": agreement,
        "case": case,
        "participant": participant,
        "employer": agreement.placement.employer,
        "placement": agreement.placement,
        "specialist": case.owner,
        "office": case.office,
        "show_health": ConsentTopic.HEALTH in topics,
        "show_benefit": ConsentTopic.BENEFIT in topics,
        "show_adaptation": ConsentTopic.CHALLENGES in topics,
        "accommodation_needs": profile.accommodation_needs if profile else "",
        "printed_on": today,
    }


def render_version_pdf(version: AgreementVersion) -> bytes:
    with translation.override("nb"):
        html = render_to_string("agreements/pdf.html", pdf_context(version))
    document = HTML(string=html, base_url=str(STATIC) + "/", url_fetcher=LocalOnlyFetcher())
    return bytes(document.write_pdf())
