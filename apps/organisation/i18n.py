from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views import View
from django.views.i18n import set_language


class SetLanguageView(View):
    """Switches the interface between bokmål and English (Django's set_language, POST only)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        return set_language(request)
