from django.urls import path

from . import views

urlpatterns = [
    path("q/<slug:slug>/massnahmen/<int:measure_id>/partner/", views.measure_partners, name="measure_partners"),
]
