from django.urls import path

from . import views

E = "q/<slug:slug>/beteiligung/veranstaltungen/"

urlpatterns = [
    path(E, views.event_list, name="event_list"),
    path(f"{E}neu/", views.event_create, name="event_create"),
    path(f"{E}<int:event_id>/", views.event_detail, name="event_detail"),
    path(f"{E}<int:event_id>/bearbeiten/", views.event_edit, name="event_edit"),
    path(f"{E}<int:event_id>/loeschen/", views.event_delete, name="event_delete"),
    path(f"{E}<int:event_id>/anhaenge/", views.event_attachment_add, name="event_attachment_add"),
    path(
        f"{E}<int:event_id>/anhaenge/<int:attachment_id>/einwilligung/",
        views.event_attachment_consent,
        name="event_attachment_consent",
    ),
    path(f"{E}<int:event_id>/punkte/", views.walk_point_add, name="walk_point_add"),
    path(
        f"{E}<int:event_id>/punkte/<int:point_id>/<str:outcome>/",
        views.walk_point_convert,
        name="walk_point_convert",
    ),
]
