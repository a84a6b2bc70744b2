"""Participation's pages. Staff pages live under the quartier (`q/<slug>/beteiligung/…`); the
pages citizens open without an account live under `mitmachen/`."""

from django.urls import include, path

from . import public_views

urlpatterns = [
    path("mitmachen/schrift/", public_views.text_size, name="text_size"),
]

# Each topic keeps its own URL file; a file that does not exist yet is simply not included.
for module in (
    "participation.overview.urls",
    "participation.surveys.urls",
    "participation.printing.urls",
    "participation.answering.urls",
    "participation.results.urls",
    "participation.events.urls",
    "participation.ideas.urls",
):
    try:
        urlpatterns.append(path("", include(module)))
    except ModuleNotFoundError as exc:
        if exc.name is None or not module.startswith(exc.name):
            raise
