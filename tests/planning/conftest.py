"""Step 1 of the quartier ("Leitbild abstimmen") is the step most planning tests work on.

Its checklist from planning/data/steps.yaml has three required and two optional items.
"""

from __future__ import annotations

import pytest

from planning import services
from planning.models import StepProgress

from .helpers import give_evidence, required_items


@pytest.fixture
def step(quartier) -> StepProgress:
    return quartier.steps.select_related("template").get(template__number=1)


@pytest.fixture
def ready_step(step, manager) -> StepProgress:
    """Step 1 with every required item done and backed by evidence: it can be completed."""
    for item in required_items(step):
        give_evidence(item, manager)
    step.refresh_from_db()
    return step


@pytest.fixture
def done_step(ready_step, manager) -> StepProgress:
    services.step_complete(step_id=ready_step.pk, user=manager)
    ready_step.refresh_from_db()
    return ready_step
