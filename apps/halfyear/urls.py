from __future__ import annotations

from django.urls import path

from apps.halfyear import views

app_name = "halfyear"

urlpatterns = [
    path("", views.FormListView.as_view(), name="list"),
    path("opprett/", views.FormCreateView.as_view(), name="create"),
    path("<int:pk>/", views.FormDetailView.as_view(), name="detail"),
    path("<int:pk>/oppdater/", views.RefreshView.as_view(), name="refresh"),
    path("<int:pk>/send-til-signering/", views.SubmitView.as_view(), name="submit"),
    path("<int:pk>/signer/", views.SignView.as_view(), name="sign"),
    path("<int:pk>/send-tilbake/", views.ReturnView.as_view(), name="return"),
    path("<int:pk>/rad/<int:row_id>/", views.RowView.as_view(), name="row"),
    path("<int:pk>/halvarsrapport.pdf", views.PdfView.as_view(), name="pdf"),
    path("<int:pk>/halvarsrapport.csv", views.CsvView.as_view(), name="csv"),
    path("<int:pk>/halvarsrapport.xlsx", views.XlsxView.as_view(), name="xlsx"),
]
