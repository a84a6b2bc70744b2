from django.urls import path

from . import views

urlpatterns = [
    path("q/<slug:slug>/finanzierung/", views.funding_list, name="funding_list"),
    path("q/<slug:slug>/finanzierung/neu/", views.funding_create, name="funding_create"),
    path("q/<slug:slug>/finanzierung/<int:source_id>/bearbeiten/", views.funding_edit, name="funding_edit"),
    path("q/<slug:slug>/finanzierung/<int:source_id>/loeschen/", views.funding_delete, name="funding_delete"),
]
