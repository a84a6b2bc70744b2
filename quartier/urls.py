from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    # The start page ("quartiere/", name "quartier_list") shows the steps' progress: evaluation/urls.py.
    path("q/<slug:slug>/profil/", views.profile, name="quartier_profile"),
    path("q/<slug:slug>/profil/bearbeiten/", views.profile_edit, name="quartier_profile_edit"),
    path("q/<slug:slug>/mitglieder/", views.members, name="members"),
    path("einladung/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
