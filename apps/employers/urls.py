from __future__ import annotations

from django.urls import path

from apps.employers import views

app_name = "employers"

urlpatterns = [
    path("", views.EmployerListView.as_view(), name="list"),
    path("ny/", views.EmployerCreateView.as_view(), name="create"),
    path("<int:pk>/", views.EmployerDetailView.as_view(), name="detail"),
    path(
        "<int:pk>/kontaktpersoner/",
        views.ContactPersonCreateView.as_view(),
        name="contact_person_create",
    ),
    path("<int:pk>/kontakter/", views.EmployerContactCreateView.as_view(), name="contact_create"),
]
