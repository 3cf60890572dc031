from __future__ import annotations

from django.contrib.admin import apps as admin_apps


class ReferenceDataAdminConfig(admin_apps.AdminConfig):
    """Django's admin, limited to administrators and to reference data (see admin_site.py)."""

    default_site = "apps.organisation.admin_site.ReferenceDataAdminSite"
