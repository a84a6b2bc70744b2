from django.urls import include, path

urlpatterns = [
    path("", include("network.partners.urls")),
    path("", include("network.contributions.urls")),
    path("", include("network.meetings.urls")),
    path("", include("network.portal.urls")),
    path("", include("network.graph.urls")),
    path("", include("network.measures.urls")),
]
