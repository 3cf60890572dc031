from __future__ import annotations

from django.urls import path

from apps.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.WorklistView.as_view(), name="worklist"),
    path("<int:pk>/", views.CaseDetailView.as_view(), name="detail"),
    path(
        "<int:pk>/status/<str:transition>/", views.CaseTransitionView.as_view(), name="transition"
    ),
    path("<int:pk>/fase/", views.CaseStageView.as_view(), name="stage"),
    path("<int:pk>/tidslinje/", views.TimelinePageView.as_view(), name="timeline"),
    path("<int:pk>/bestilling/", views.CaseOrderView.as_view(), name="order"),
    path("<int:pk>/yrkesprofil/", views.VocationalProfileView.as_view(), name="profile"),
    path("<int:pk>/dokumenter/", views.CaseDocumentUploadView.as_view(), name="document_upload"),
    path(
        "<int:pk>/dokumenter/<int:document_id>/", views.CaseDocumentView.as_view(), name="document"
    ),
    path("<int:pk>/ny-spesialist/", views.CaseReassignView.as_view(), name="reassign"),
    path("<int:pk>/overfor/", views.CaseTransferView.as_view(), name="transfer"),
    path(
        "overforinger/<int:transfer_id>/",
        views.TransferDecisionView.as_view(),
        name="transfer_decision",
    ),
]
