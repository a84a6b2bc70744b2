from django.urls import path

from . import views

urlpatterns = [
    path("q/<slug:slug>/netzwerk/matrix/", views.network_matrix, name="network_matrix"),
    path("q/<slug:slug>/netzwerk/graph/", views.network_graph, name="network_graph"),
]
