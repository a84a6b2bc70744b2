from django.urls import path

from . import views

urlpatterns = [
    path("q/<slug:slug>/partnerbereich/", views.partner_portal, name="partner_portal"),
]
