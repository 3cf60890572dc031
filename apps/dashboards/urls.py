from __future__ import annotations

from django.urls import path, re_path

from apps.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.TeamDashboardView.as_view(), name="team"),
    path("min/", views.MySummaryView.as_view(), name="mine"),
    path("saker/<slug:fact>/", views.DrillView.as_view(), name="drill"),
    re_path(
        r"^saker/(?P<fact>[\w-]+)/(?P<fmt>csv|xlsx)/$",
        views.DrillExportView.as_view(),
        name="drill_export",
    ),
    path("filtre/", views.SavedFilterCreateView.as_view(), name="filter_save"),
    path("filtre/<int:pk>/slett/", views.SavedFilterDeleteView.as_view(), name="filter_delete"),
]
