from __future__ import annotations

from django.urls import path

from apps.agreements import views

app_name = "agreements"

urlpatterns = [
    path("<int:pk>/", views.AgreementDetailView.as_view(), name="detail"),
    path(
        "<int:pk>/versjon/<int:version_id>/endre/",
        views.VersionEditView.as_view(),
        name="version_edit",
    ),
    path(
        "<int:pk>/versjon/<int:version_id>/godkjenn/", views.ApproveView.as_view(), name="approve"
    ),
    path(
        "<int:pk>/versjon/<int:version_id>/pdf/", views.PdfRequestView.as_view(), name="pdf_request"
    ),
    path(
        "<int:pk>/godkjenning/<int:approval_id>/trekk/",
        views.WithdrawApprovalView.as_view(),
        name="approval_withdraw",
    ),
    path("<int:pk>/ny-versjon/", views.NewVersionView.as_view(), name="new_version"),
    path("<int:pk>/avslutt/", views.EndAgreementView.as_view(), name="end"),
    path("<int:pk>/pdf/<int:pdf_id>/", views.PdfView.as_view(), name="pdf"),
    path("<int:pk>/pdf/<int:pdf_id>/fil/", views.PdfDownloadView.as_view(), name="pdf_download"),
]
