from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HalfyearConfig(AppConfig):
    name = "apps.halfyear"
    label = "halfyear"
    verbose_name = _("Half-yearly forms")
