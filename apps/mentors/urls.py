from __future__ import annotations

from django.urls import path

from apps.mentors import views

app_name = "mentors"

urlpatterns = [
    path("<int:pk>/", views.MentorDetailView.as_view(), name="detail"),
    path("<int:pk>/start/", views.MentorActivateView.as_view(), name="activate"),
    path("<int:pk>/avslutt/", views.MentorEndView.as_view(), name="end"),
    path("<int:pk>/moter/", views.MentorMeetingView.as_view(), name="meeting"),
]
