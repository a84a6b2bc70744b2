from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    # The start page ("quartiere/", name "quartier_list") shows the steps' progress: evaluation/urls.py.
    path("q/<slug:slug>/profil/", views.profile, name="quartier_profile"),
    path("q/<slug:slug>/profil/bearbeiten/", views.profile_edit, name="quartier_profile_edit"),
    path("q/<slug:slug>/mitglieder/", views.members, name="members"),
    path("q/<slug:slug>/mitglieder/<int:membership_id>/rolle/", views.membership_role, name="membership_role"),
    path(
        "q/<slug:slug>/mitglieder/<int:membership_id>/entfernen/",
        views.membership_remove,
        name="membership_remove",
    ),
    path(
        "q/<slug:slug>/einladungen/<int:invitation_id>/zurueckziehen/",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path("einladung/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path(
        "einladungen/<int:invitation_id>/annehmen/",
        views.invitation_answer,
        {"answer": "accept"},
        name="invitation_accept_pending",
    ),
    path(
        "einladungen/<int:invitation_id>/ablehnen/",
        views.invitation_answer,
        {"answer": "decline"},
        name="invitation_decline",
    ),
]
