from django.urls import path

from . import views, views_calendar

Q = "q/<slug:slug>/"

urlpatterns = [
    path(f"{Q}treffen/", views.meeting_list, name="meeting_list"),
    path(f"{Q}treffen/neu/", views.meeting_create, name="meeting_create"),
    path(f"{Q}treffen/<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path(f"{Q}treffen/<int:meeting_id>/bearbeiten/", views.meeting_edit, name="meeting_edit"),
    path(f"{Q}treffen/<int:meeting_id>/aufgaben/neu/", views.action_item_create, name="action_item_create"),
    path(f"{Q}aufgaben/<int:item_id>/bearbeiten/", views.action_item_edit, name="action_item_edit"),
    path(f"{Q}aufgaben/<int:item_id>/erledigt/", views.action_item_toggle, name="action_item_toggle"),
    path(f"{Q}aufgaben/<int:item_id>/massnahme/", views.action_item_to_measure, name="action_item_to_measure"),
    path(f"{Q}kalender/", views_calendar.calendar, name="calendar"),
    path(f"{Q}kalender/erneuern/", views_calendar.calendar_renew, name="calendar_renew"),
    path("kalender/<str:token>.ics", views_calendar.calendar_feed, name="calendar_feed"),
]
