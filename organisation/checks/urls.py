from django.urls import path

from . import views

ORG = "o/<slug:org_slug>/organisationscheck/"
R = ORG + "runden/<int:round_id>/"
A = ORG + "massnahmen/<int:action_id>/"

urlpatterns = [
    path("organisationscheck/", views.check_home, name="check_home"),
    path(ORG, views.check_overview, name="check_overview"),
    path(ORG + "runden/neu/", views.check_round_create, name="check_round_create"),
    path(R, views.check_round_detail, name="check_round_detail"),
    path(R + "bearbeiten/", views.check_round_edit, name="check_round_edit"),
    path(R + "loeschen/", views.check_round_delete, name="check_round_delete"),
    path(R + "themen/<int:topic_id>/", views.check_rating_edit, name="check_rating_edit"),
    path(R + "themen/<int:topic_id>/massnahmen/neu/", views.check_action_create, name="check_action_create"),
    path(A + "bearbeiten/", views.check_action_edit, name="check_action_edit"),
    path(A + "erledigt/", views.check_action_done, name="check_action_done"),
    path(A + "loeschen/", views.check_action_delete, name="check_action_delete"),
    path(ORG + "pdf/", views.check_report_request, name="check_report_request"),
    path(ORG + "pdf/<int:report_id>/", views.check_report_detail, name="check_report_detail"),
    path(ORG + "pdf/<int:report_id>/datei/", views.check_report_download, name="check_report_download"),
]
