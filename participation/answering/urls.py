"""Answering surveys: the public page (no account) and the staff entry form."""

from django.urls import path

from . import views

urlpatterns = [
    path("mitmachen/umfrage/<str:token>/", views.survey_answer, name="survey_answer"),
    path("mitmachen/umfrage/<str:token>/danke/", views.survey_thanks, name="survey_thanks"),
    path(
        "q/<slug:slug>/beteiligung/umfragen/<int:survey_id>/erfassen/",
        views.survey_entry,
        name="survey_entry",
    ),
    path(
        "q/<slug:slug>/beteiligung/umfragen/<int:survey_id>/erfassen/<int:response_id>/loeschen/",
        views.survey_entry_delete,
        name="survey_entry_delete",
    ),
]
