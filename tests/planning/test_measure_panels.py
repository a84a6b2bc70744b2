"""Other apps add panels to the measure page through planning.measures.panels, unknown to planning."""

from __future__ import annotations

import pytest
from django.urls import reverse

from planning.measures import panels
from planning.measures.models import Measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure(quartier):
    return Measure.objects.create(quartier=quartier, title="Nachbarschaftscafé", domain="soziales")


@pytest.fixture
def provider(monkeypatch):
    """A provider that shows a form's errors (an existing template) for one measure title only."""
    monkeypatch.setattr(panels, "PROVIDERS", list(panels.PROVIDERS))

    class Form:
        errors = True
        prefix = "probe"
        non_field_errors = ("Probe-Panel für Tests",)

        def __iter__(self):
            return iter(())

    form = Form()

    def probe(request, quartier, measure):
        if measure.title != "Nachbarschaftscafé":
            return None
        return panels.Panel("includes/form_errors.html", {"form": form})

    panels.register(probe)
    panels.register(probe)  # registering twice shows it once
    return probe


def test_registered_panels_show_on_the_measure_page(provider, quartier, measure, manager, client_for):
    page = client_for(manager).get(reverse("measure_detail", args=[quartier.slug, measure.pk])).content.decode()
    assert page.count("Probe-Panel für Tests") == 1


def test_a_provider_may_show_nothing(provider, quartier, manager, client_for):
    other = Measure.objects.create(quartier=quartier, title="Bank am Marktplatz", domain="wohnen")
    page = client_for(manager).get(reverse("measure_detail", args=[quartier.slug, other.pk])).content.decode()
    assert "Probe-Panel für Tests" not in page
