from __future__ import annotations

from django.urls import path

from apps.contacts import views

app_name = "contacts"

urlpatterns = [
    path("ny/", views.ContactCreateView.as_view(), name="create"),
    path("sak/<int:pk>/", views.CaseContactCreateView.as_view(), name="create_on_case"),
    path("<int:pk>/endre/", views.ContactEditView.as_view(), name="edit"),
    path("sak/<int:pk>/utkast/", views.ContactDraftSaveView.as_view(), name="draft_save"),
    path(
        "sak/<int:pk>/utkast/forkast/",
        views.ContactDraftDiscardView.as_view(),
        name="draft_discard",
    ),
]
