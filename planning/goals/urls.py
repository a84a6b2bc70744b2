from django.urls import path

from . import views

urlpatterns = [
    path("q/<slug:slug>/ziele/", views.goal_list, name="goal_list"),
    path("q/<slug:slug>/ziele/neu/", views.goal_create, name="goal_create"),
    path("q/<slug:slug>/ziele/<int:goal_id>/bearbeiten/", views.goal_edit, name="goal_edit"),
    path("q/<slug:slug>/ziele/<int:goal_id>/loeschen/", views.goal_delete, name="goal_delete"),
]
