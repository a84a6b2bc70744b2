from django.urls import path

from . import analysis_views

urlpatterns: list = [
    path("q/<slug:slug>/analyse/", analysis_views.analysis, name="analysis"),
    path(
        "q/<slug:slug>/analyse/staerken-schwaechen/<str:domain>/",
        analysis_views.assessment_edit,
        name="assessment_edit",
    ),
    path("q/<slug:slug>/analyse/erreichbarkeit/", analysis_views.catchment, name="catchment"),
    path("q/<slug:slug>/analyse/erreichbarkeit/radius/", analysis_views.catchment_radius, name="catchment_radius"),
    path(
        "q/<slug:slug>/analyse/erreichbarkeit.geojson",
        analysis_views.catchment_geojson_view,
        name="catchment_geojson",
    ),
    path("q/<slug:slug>/analyse/erreichbarkeit.csv", analysis_views.catchment_csv, name="catchment_csv"),
]
