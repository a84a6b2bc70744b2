from django.urls import path

from . import views

I = "q/<slug:slug>/beteiligung/ideen/"  # noqa: E741

urlpatterns = [
    path(I, views.idea_list, name="idea_list"),
    path(f"{I}neu/", views.idea_create, name="idea_create"),
    path(f"{I}<int:idea_id>/", views.idea_detail, name="idea_detail"),
    path("mitmachen/<slug:slug>/ideen/", views.idea_public, name="idea_public"),
]
