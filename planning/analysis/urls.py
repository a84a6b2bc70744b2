from django.urls import path

urlpatterns: list = []

# Facilities and the map (planning/analysis/facility_views.py, map_views.py)
from . import facility_views, map_views  # noqa: E402

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
