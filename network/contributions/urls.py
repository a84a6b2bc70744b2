from django.urls import path

from . import views

Q = "q/<slug:slug>/beitraege/"
ONE = f"{Q}<int:contribution_id>/"

urlpatterns = [
    path(Q, views.contribution_list, name="contribution_list"),
    path(f"{Q}neu/", views.contribution_create, name="contribution_create"),
    path(f"{Q}uebersicht/", views.contribution_summary, name="contribution_summary"),
    path(f"{Q}export.csv", views.contribution_export_csv, name="contribution_export_csv"),
    path(f"{Q}export.xlsx", views.contribution_export_xlsx, name="contribution_export_xlsx"),
    path(ONE, views.contribution_detail, name="contribution_detail"),
    path(f"{ONE}bearbeiten/", views.contribution_edit, name="contribution_edit"),
    path(f"{ONE}bestaetigen/", views.contribution_confirm, name="contribution_confirm"),
    path(f"{ONE}zurueckgeben/", views.contribution_return, name="contribution_return"),
]
