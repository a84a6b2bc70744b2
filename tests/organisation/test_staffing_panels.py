"""The step page's panel registry (planning.step_panels) and the staffing panel registered in it."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from organisation.staffing.panels import step_staffing_panel
from planning import step_panels
from planning.models import StepProgress

pytestmark = pytest.mark.django_db


@pytest.fixture
def providers(monkeypatch):
    """A registry of its own, so the test's providers do not reach other tests."""
    monkeypatch.setattr(step_panels, "PROVIDERS", [])
    return step_panels.PROVIDERS


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_the_staffing_panel_is_registered_when_the_app_is_ready():
    assert step_staffing_panel in step_panels.PROVIDERS


def test_a_provider_registered_twice_renders_once(providers, quartier, manager):
    def note(request, quartier, step):
        return step_panels.Panel("organisation/staffing/partials/step_panel.html", {"box": None, "running": []})

    step_panels.register(note)
    step_panels.register(note)
    step = StepProgress.objects.get(quartier=quartier, template__number=10)

    assert providers == [note]
    assert len(step_panels.panels_for(_request(manager), quartier, step)) == 1


def test_a_provider_with_nothing_to_show_adds_no_panel(providers, quartier, manager, viewer):
    step_panels.register(step_staffing_panel)
    step_10 = StepProgress.objects.get(quartier=quartier, template__number=10)
    step_9 = StepProgress.objects.get(quartier=quartier, template__number=9)

    assert len(step_panels.panels_for(_request(manager), quartier, step_10)) == 1
    assert step_panels.panels_for(_request(manager), quartier, step_9) == []
    assert step_panels.panels_for(_request(viewer), quartier, step_10) == []
