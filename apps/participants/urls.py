from __future__ import annotations

from django.urls import path

from apps.participants import views

app_name = "participants"

urlpatterns = [
    path("ny/", views.RegisterView.as_view(), name="register"),
    path("sok/", views.SearchView.as_view(), name="search"),
    path("overforing/", views.TransferRequestView.as_view(), name="transfer_request"),
    path("<int:pk>/", views.ParticipantDetailView.as_view(), name="detail"),
    path("<int:pk>/endre/", views.ParticipantEditView.as_view(), name="edit"),
    path("<int:pk>/fodselsnummer/", views.RevealFnrView.as_view(), name="reveal_fnr"),
    path("<int:pk>/innsyn/", views.ExportView.as_view(), name="export"),
    path("<int:pk>/samtykker/", views.ConsentCreateView.as_view(), name="consent_create"),
    path(
        "<int:pk>/samtykker/<int:consent_id>/trekk/",
        views.ConsentWithdrawView.as_view(),
        name="consent_withdraw",
    ),
]
