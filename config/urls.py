from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from apps.health.views import HealthzView
from apps.organisation import views as organisation_views
from apps.organisation.i18n import SetLanguageView

urlpatterns: list[URLPattern | URLResolver] = [
    path("", organisation_views.HomeView.as_view(), name="home"),
    path("login/", organisation_views.LoginView.as_view(), name="login"),
    path("logout/", organisation_views.LogoutView.as_view(), name="logout"),
    path("sprak/", SetLanguageView.as_view(), name="set_language"),
    path(
        "sesjon/aktiv/", organisation_views.SessionActivityView.as_view(), name="session_activity"
    ),
    path("healthz", HealthzView.as_view(), name="healthz"),
    path("saker/", include("apps.cases.urls")),
    path("deltakere/", include("apps.participants.urls")),
    path("kontakter/", include("apps.contacts.urls")),
    path("oppfolging/", include("apps.followups.urls")),
    path("arbeidsgivere/", include("apps.employers.urls")),
    path("arbeid/", include("apps.placements.urls")),
    path("intensjonsavtaler/", include("apps.agreements.urls")),
    path("faddere/", include("apps.mentors.urls")),
    path("rapporter/", include("apps.reporting.urls")),
    path("dashbord/", include("apps.dashboards.urls")),
    path("oversikt/", include("apps.organisation.urls")),
    path("halvar/", include("apps.halfyear.urls")),
    path("filer/", include("apps.imports.urls")),
    path("kvalitet/", include("apps.fidelity.urls")),
    path("api/", include("apps.api.urls")),
    path("admin/", admin.site.urls),
]

if settings.OIDC_ENABLED:
    from apps.organisation import oidc

    # Signing in through the organisation's provider; signing out is /logout/ as for everyone.
    urlpatterns += [
        path("oidc/authenticate/", oidc.SignInView.as_view(), name="oidc_authentication_init"),
        path("oidc/callback/", oidc.CallbackView.as_view(), name="oidc_authentication_callback"),
    ]
