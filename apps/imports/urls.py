from __future__ import annotations

from django.urls import path, re_path

from apps.imports import views

app_name = "imports"

urlpatterns = [
    path("import/", views.UploadView.as_view(), name="upload"),
    path("import/<int:pk>/", views.JobView.as_view(), name="job"),
    path("import/<int:pk>/importer/", views.StartView.as_view(), name="start"),
    re_path(
        r"^import/mal/(?P<kind>participants|cases|employers)/$",
        views.TemplateFileView.as_view(),
        name="template",
    ),
    re_path(
        r"^eksport/saker/(?P<fmt>csv|xlsx)/$",
        views.WorklistExportView.as_view(),
        name="export_worklist",
    ),
    re_path(
        r"^eksport/arbeidsgivere/(?P<fmt>csv|xlsx)/$",
        views.EmployerExportView.as_view(),
        name="export_employers",
    ),
    re_path(
        r"^eksport/oppfolging/(?P<fmt>csv|xlsx)/$",
        views.DueExportView.as_view(),
        name="export_due",
    ),
]
