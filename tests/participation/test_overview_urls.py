"""A URLconf for the overview tests: the app's own URLs first, then a stand-in for each page the
overview links to that is not built yet (the real page wins wherever it exists)."""

from django.http import HttpResponse
from django.urls import include, path


def _stub(request, **kwargs):
    return HttpResponse("stub")


urlpatterns = [
    path("", include("config.urls")),
    path("stub/<slug:slug>/umfragen/", _stub, name="survey_list"),
    path("stub/<slug:slug>/umfragen/<int:survey_id>/", _stub, name="survey_detail"),
    path("stub/<slug:slug>/umfragen/<int:survey_id>/ergebnisse/", _stub, name="survey_results"),
    path("stub/<slug:slug>/veranstaltungen/", _stub, name="event_list"),
    path("stub/<slug:slug>/veranstaltungen/<int:event_id>/", _stub, name="event_detail"),
    path("stub/<slug:slug>/ideen/", _stub, name="idea_list"),
    path("stub/mitmachen/<slug:slug>/ideen/", _stub, name="idea_public"),
    path("stub/mitmachen/u/<str:token>/", _stub, name="survey_answer"),
]
