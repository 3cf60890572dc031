from __future__ import annotations

from django.urls import path

from apps.agreements import views as agreement_views
from apps.mentors import views as mentor_views
from apps.placements import views

app_name = "placements"

urlpatterns = [
    path("sak/<int:pk>/ny/", views.PlacementCreateView.as_view(), name="create"),
    path("<int:pk>/", views.PlacementDetailView.as_view(), name="detail"),
    path("<int:pk>/evaluering/", views.EvaluateView.as_view(), name="evaluate"),
    path("<int:pk>/forleng/", views.ExtendView.as_view(), name="extend"),
    path("<int:pk>/avslutt/", views.EndView.as_view(), name="end"),
    path("<int:pk>/tilskudd/", views.SubsidyApplyView.as_view(), name="subsidy_apply"),
    path(
        "<int:pk>/tilskudd/<int:subsidy_id>/",
        views.SubsidyAdvanceView.as_view(),
        name="subsidy_advance",
    ),
    path("<int:pk>/fadder/", mentor_views.MentorCreateView.as_view(), name="mentor_create"),
    path(
        "<int:pk>/intensjonsavtale/",
        agreement_views.AgreementCreateView.as_view(),
        name="agreement_create",
    ),
]
