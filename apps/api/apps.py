from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "apps.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        # Registers the token scheme with drf-spectacular, so the schema describes it.
        from apps.api import authentication  # noqa: F401
