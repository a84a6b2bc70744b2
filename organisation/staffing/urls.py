from django.urls import path

from . import views

P = "q/<slug:slug>/personal/"

urlpatterns = [
    path(P, views.staff_overview, name="staff_overview"),
    path(f"{P}stellen/neu/", views.staffing_create, name="staffing_create"),
    path(f"{P}stellen/<int:staffing_id>/bearbeiten/", views.staffing_edit, name="staffing_edit"),
    path(f"{P}stellen/<int:staffing_id>/loeschen/", views.staffing_delete, name="staffing_delete"),
]
