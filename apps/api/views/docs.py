"""The OpenAPI schema and its documentation page, served from our own static files.

Swagger UI comes from drf-spectacular-sidecar (vendored into static files, never a CDN). The
page's start-up script is a separate request (drf-spectacular's split view), because the
Content Security Policy allows no inline script; the page's few styles are a file too.
"""

from __future__ import annotations

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated


class SchemaView(SpectacularAPIView):
    permission_classes = [IsAuthenticated]


class DocsView(SpectacularSwaggerSplitView):
    permission_classes = [IsAuthenticated]
    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
