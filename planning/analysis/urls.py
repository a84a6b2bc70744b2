from django.urls import path

from . import analysis_views, facility_views, indicator_views, map_views

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

# Indicators (step 3) and their import.
urlpatterns += [
    path("q/<slug:slug>/analyse/indikatoren/", indicator_views.indicator_list, name="indicator_list"),
    path("q/<slug:slug>/analyse/indikatoren/neu/", indicator_views.indicator_value_add, name="indicator_value_add"),
    path(
        "q/<slug:slug>/analyse/indikatoren/<int:indicator_id>/",
        indicator_views.indicator_detail,
        name="indicator_detail",
    ),
    path(
        "q/<slug:slug>/analyse/indikatoren/werte/<int:value_id>/loeschen/",
        indicator_views.indicator_value_delete,
        name="indicator_value_delete",
    ),
    path("q/<slug:slug>/analyse/indikatoren/import/", indicator_views.indicator_import, name="indicator_import"),
    path(
        "q/<slug:slug>/analyse/indikatoren/import/uebernehmen/",
        indicator_views.indicator_import_apply_view,
        name="indicator_import_apply",
    ),
    path(
        "q/<slug:slug>/analyse/indikatoren/vorlage.csv",
        indicator_views.indicator_template_csv,
        name="indicator_template_csv",
    ),
    path(
        "q/<slug:slug>/analyse/indikatoren/vorlage.xlsx",
        indicator_views.indicator_template_xlsx,
        name="indicator_template_xlsx",
    ),
]

# Facilities and the map (planning/analysis/facility_views.py, map_views.py)

urlpatterns += [
    path("q/<slug:slug>/karte/", map_views.quartier_map, name="quartier_map"),
    path("q/<slug:slug>/karte/grenze/bearbeiten/", map_views.boundary_edit, name="boundary_edit"),
    path("q/<slug:slug>/karte/grenze.geojson", map_views.boundary_geojson, name="boundary_geojson"),
    path("q/<slug:slug>/karte/einrichtungen.geojson", map_views.facilities_geojson, name="facilities_geojson"),
    path("q/<slug:slug>/einrichtungen/", facility_views.facility_list, name="facility_list"),
    path("q/<slug:slug>/einrichtungen/neu/", facility_views.facility_create, name="facility_create"),
    path("q/<slug:slug>/einrichtungen/import/", facility_views.facility_import, name="facility_import"),
    path(
        "q/<slug:slug>/einrichtungen/<int:facility_id>/bearbeiten/", facility_views.facility_edit, name="facility_edit"
    ),
    path(
        "q/<slug:slug>/einrichtungen/<int:facility_id>/loeschen/",
        facility_views.facility_delete,
        name="facility_delete",
    ),
]
