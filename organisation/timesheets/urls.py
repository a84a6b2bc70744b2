from django.urls import path

from . import views

urlpatterns = [
    path("q/<slug:slug>/personal/zeiten/", views.time_overview, name="time_overview"),
    path("q/<slug:slug>/personal/zeiten/erfassen/", views.time_record, name="time_record"),
]
