from django.urls import path

from . import views

P = "q/<slug:slug>/beteiligung/umfragen/"
S = P + "<int:survey_id>/"
Q = S + "fragen/<int:question_id>/"

urlpatterns = [
    path(P, views.survey_list, name="survey_list"),
    path(P + "neu/", views.survey_create, name="survey_create"),
    path(S, views.survey_detail, name="survey_detail"),
    path(S + "einstellungen/", views.survey_edit, name="survey_edit"),
    path(S + "oeffnen/", views.survey_publish, name="survey_publish"),
    path(S + "schliessen/", views.survey_close, name="survey_close"),
    path(S + "wieder-oeffnen/", views.survey_reopen, name="survey_reopen"),
    path(S + "loeschen/", views.survey_delete, name="survey_delete"),
    path(S + "qr.png", views.survey_qr_png, name="survey_qr_png"),
    path(S + "qr.svg", views.survey_qr_svg, name="survey_qr_svg"),
    path(S + "fragen/neu/", views.survey_question_create, name="survey_question_create"),
    path(Q, views.survey_question_edit, name="survey_question_edit"),
    path(Q + "loeschen/", views.survey_question_delete, name="survey_question_delete"),
    path(Q + "verschieben/", views.survey_question_move, name="survey_question_move"),
]
