from __future__ import annotations

from django.urls import path

from apps.followups import views

app_name = "followups"

urlpatterns = [
    path("", views.DueListView.as_view(), name="due"),
    path("<int:pk>/", views.RecordView.as_view(), name="record"),
    path("varsler/", views.NotificationListView.as_view(), name="notifications"),
    path("varsler/antall/", views.UnreadCountView.as_view(), name="unread"),
]
