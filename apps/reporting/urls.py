from __future__ import annotations

from django.urls import path

from apps.reporting import views

app_name = "reporting"

urlpatterns = [
    path("maltall/", views.MaaltallView.as_view(), name="maaltall"),
    path("maltall.csv", views.MaaltallCsvView.as_view(), name="maaltall_csv"),
    path("maltall/sett/", views.TargetsView.as_view(), name="targets"),
    path("resultater/", views.OutcomesView.as_view(), name="outcomes"),
    path("resultater.csv", views.OutcomesCsvView.as_view(), name="outcomes_csv"),
    path("pdf/", views.PdfRequestView.as_view(), name="pdf_request"),
    path("pdf/<int:pk>/", views.PdfView.as_view(), name="pdf"),
    path("pdf/<int:pk>/fil/", views.PdfDownloadView.as_view(), name="pdf_download"),
]
