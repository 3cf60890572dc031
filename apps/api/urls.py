"""/api/: the schema, its documentation page, and version 1 of the API.

Routers without format suffixes (``.json``) and without a browsable root: every pattern here is
one row of the access matrix (tests/api/access_routes.py).
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework.routers import SimpleRouter

from apps.api.views.auth import TokenCreateView, TokenViewSet
from apps.api.views.docs import DocsView, SchemaView
from apps.api.views.employer_side import (
    AgreementViewSet,
    CheckpointViewSet,
    EmployerContactViewSet,
    EmployerViewSet,
    MentorViewSet,
    PlacementViewSet,
)
from apps.api.views.people import CaseViewSet, ContactViewSet, ParticipantViewSet
from apps.api.views.reports import MaaltallView, OutcomesView

app_name = "api"

router = SimpleRouter()
router.register("participants", ParticipantViewSet, basename="participant")
router.register("cases", CaseViewSet, basename="case")
router.register("contacts", ContactViewSet, basename="contact")
router.register("employers", EmployerViewSet, basename="employer")
router.register("employer-contacts", EmployerContactViewSet, basename="employer-contact")
router.register("placements", PlacementViewSet, basename="placement")
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("mentors", MentorViewSet, basename="mentor")
router.register("checkpoints", CheckpointViewSet, basename="checkpoint")
router.register("auth/tokens", TokenViewSet, basename="token")

v1: list[URLPattern | URLResolver] = [
    path("auth/token/", TokenCreateView.as_view(), name="token-create"),
    path("reports/maaltall/", MaaltallView.as_view(), name="report-maaltall"),
    path("reports/outcomes/", OutcomesView.as_view(), name="report-outcomes"),
    *router.urls,
]


@csrf_exempt  # it changes nothing; a CSRF refusal would answer in HTML
def not_found(request: HttpRequest, rest: str) -> JsonResponse:
    """Any other URL under /api/, with any method: 404 in JSON, like every other API answer
    (not the site's HTML page), and without looking at who asks."""
    return JsonResponse({"detail": _("Not found.")}, status=404)


urlpatterns: list[URLPattern | URLResolver] = [
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(), name="docs"),
    path("v1/", include(v1)),
    re_path(r"^(?P<rest>.*)$", not_found, name="not-found"),
]
