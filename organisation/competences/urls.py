from django.urls import path

from . import views

PROFILE = "q/<slug:slug>/personal/kompetenzen/<int:member_id>/"

urlpatterns = [
    path("q/<slug:slug>/personal/kompetenzen/", views.competence_overview, name="competence_overview"),
    path(PROFILE, views.competence_profile, name="competence_profile"),
    path(f"{PROFILE}fortbildungen/neu/", views.training_create, name="training_create"),
    path(f"{PROFILE}fortbildungen/<int:training_id>/bearbeiten/", views.training_edit, name="training_edit"),
    path(f"{PROFILE}fortbildungen/<int:training_id>/loeschen/", views.training_delete, name="training_delete"),
]
