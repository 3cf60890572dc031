from __future__ import annotations

from django.urls import path

from apps.organisation import views

app_name = "organisation"

urlpatterns = [
    path("team/", views.TeamOverviewView.as_view(), name="team_overview"),
    path("kontor/", views.OfficeOverviewView.as_view(), name="office_overview"),
    path("fylke/", views.CountyOverviewView.as_view(), name="county_overview"),
    path("nasjonalt/", views.NationalOverviewView.as_view(), name="national_overview"),
]
