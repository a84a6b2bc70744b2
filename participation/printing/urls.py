from django.urls import path

from . import views

S = "q/<slug:slug>/beteiligung/umfragen/<int:survey_id>/"

urlpatterns = [
    path(S + "druck/", views.survey_print_request, name="survey_print_request"),
    path(S + "druck/<int:print_id>/", views.survey_print_download, name="survey_print_download"),
]
