from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentorsConfig(AppConfig):
    name = "apps.mentors"
    label = "mentors"
    verbose_name = _("Workplace mentors")
