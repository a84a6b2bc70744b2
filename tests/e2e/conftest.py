"""Headless Chromium against pytest-django's live server, with the demo data.

Playwright's sync API keeps an event loop running in this thread; Django would then
refuse ORM calls from the test ("async unsafe"). The tests never share a connection
with the loop, so allowing it is safe here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, sync_playwright

from planning.models import ChecklistItem, Evidence, StepProgress, StepStatus, StepTransition

from .support import CHROMIUM, CHROMIUM_ARGS, NO_CHROMIUM

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(NO_CHROMIUM)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo(live_server) -> None:
    """The demo organisations, quartiers and users (password: demo-passwort).

    The live server needs a transactional database, which is flushed after every test;
    the flush also empties the step templates that a migration loaded, so load them again.
    """
    call_command("load_step_templates", verbosity=0)
    call_command("seed_demo", force=True, verbosity=0)


@pytest.fixture
def altstadt_step1_open(demo) -> StepProgress:
    """Altstadt's step 1 as before any work: open, nothing ticked, no evidence, no history.

    The demo has it completed already; the manager's journey starts from the beginning.
    """
    step = StepProgress.objects.get(quartier__slug="altstadt", template__number=1)
    Evidence.objects.filter(item__step=step).delete()
    Evidence.history.filter(item__step=step).delete()
    ChecklistItem.objects.filter(step=step).update(done=False, done_at=None, done_by=None)
    StepTransition.objects.filter(step=step).delete()
    step.status = StepStatus.OPEN
    step.save(update_fields=["status"])
    return step


@pytest.fixture
def page_for(browser: Browser, live_server):
    """`page_for(width=360, bypass_csp=True)` → a fresh tab (own cookies) with that viewport and options."""
    contexts = []

    def make(*, width: int = 1280, height: int = 800, **options) -> Page:
        context = browser.new_context(
            base_url=live_server.url, locale="de-DE", viewport={"width": width, "height": height}, **options
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(page_for) -> Page:
    """A fresh desktop-sized tab on the live server, German like our users."""
    return page_for()
