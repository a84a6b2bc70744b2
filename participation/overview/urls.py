from django.urls import path

from . import views

urlpatterns = [
    path("q/<slug:slug>/beteiligung/", views.participation_overview, name="participation_overview"),
]
