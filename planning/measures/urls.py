from django.urls import path

from . import views, views_overview

Q = "q/<slug:slug>/massnahmen/"

urlpatterns = [
    path(Q, views.measure_list, name="measure_list"),
    path(f"{Q}neu/", views.measure_create, name="measure_create"),
    path(f"{Q}export.csv", views_overview.measure_export_csv, name="measure_export_csv"),
    path(f"{Q}export.xlsx", views_overview.measure_export_xlsx, name="measure_export_xlsx"),
    path(f"{Q}board/", views_overview.measure_board, name="measure_board"),
    path(f"{Q}zeitplan/", views_overview.measure_timeline, name="measure_timeline"),
    path(f"{Q}<int:measure_id>/", views.measure_detail, name="measure_detail"),
    path(f"{Q}<int:measure_id>/bearbeiten/", views.measure_edit, name="measure_edit"),
    path(f"{Q}<int:measure_id>/loeschen/", views.measure_delete, name="measure_delete"),
    path(f"{Q}<int:measure_id>/status/", views.measure_status, name="measure_status"),
    path(f"{Q}<int:measure_id>/meilensteine/", views.milestone_add, name="milestone_add"),
    path("q/<slug:slug>/meilensteine/<int:milestone_id>/", views.milestone_edit, name="milestone_edit"),
    path("q/<slug:slug>/meilensteine/<int:milestone_id>/erledigt/", views.milestone_toggle, name="milestone_toggle"),
    path("q/<slug:slug>/meilensteine/<int:milestone_id>/entfernen/", views.milestone_delete, name="milestone_delete"),
    path("massnahmen/meine/", views_overview.my_measures, name="my_measures"),
]
