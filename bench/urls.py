"""The project's URLs plus an empty view: the floor every page is measured against."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def empty(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"")


urlpatterns = [
    path("bench/empty/", empty),
    path("", include("config.urls")),
]
