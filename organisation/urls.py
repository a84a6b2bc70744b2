"""The app's pages. A quartier's staff pages live under `q/<slug>/personal/…`; the organisation
check lives under the organisation (`o/<slug>/organisationscheck/…`), for its coordinators."""

from django.urls import include, path

urlpatterns = []

# Each topic keeps its own URL file; a file that does not exist yet is simply not included.
for module in (
    "organisation.staffing.urls",
    "organisation.timesheets.urls",
    "organisation.competences.urls",
    "organisation.checks.urls",
):
    try:
        urlpatterns.append(path("", include(module)))
    except ModuleNotFoundError as exc:
        if exc.name is None or not module.startswith(exc.name):
            raise
