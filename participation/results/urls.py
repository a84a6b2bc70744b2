"""The results of a survey and its downloads."""

from django.urls import path

from . import views

PREFIX = "q/<slug:slug>/beteiligung/umfragen/<int:survey_id>/"

urlpatterns = [
    path(f"{PREFIX}ergebnisse/", views.survey_results, name="survey_results"),
    path(f"{PREFIX}antworten.csv", views.survey_responses_csv, name="survey_responses_csv"),
    path(f"{PREFIX}antworten.xlsx", views.survey_responses_xlsx, name="survey_responses_xlsx"),
    path(f"{PREFIX}ergebnisse.csv", views.survey_results_csv, name="survey_results_csv"),
    path(f"{PREFIX}ergebnisse/indikatoren/", views.survey_write_indicators, name="survey_write_indicators"),
]
