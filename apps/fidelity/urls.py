from __future__ import annotations

from django.urls import path

from apps.fidelity import views

app_name = "fidelity"

urlpatterns = [
    path("", views.ReviewListView.as_view(), name="list"),
    path("ny/", views.ReviewCreateView.as_view(), name="create"),
    path("<int:pk>/", views.ReviewDetailView.as_view(), name="detail"),
    path("<int:pk>/pdf/", views.ReviewPdfView.as_view(), name="pdf"),
    path("<int:pk>/saker/<int:score_id>/", views.ReviewCasesView.as_view(), name="cases"),
]
