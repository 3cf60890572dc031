from __future__ import annotations

from django.urls import path

from apps.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.WorklistView.as_view(), name="worklist"),
    path("<int:pk>/", views.CaseDetailView.as_view(), name="detail"),
]
