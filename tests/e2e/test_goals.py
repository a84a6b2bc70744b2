"""Goals and funding in the browser: the manager agrees a goal and sees its progress bar;
the goals and funding pages pass axe-core on a desktop and a phone."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from planning.analysis.models import Indicator, IndicatorValue
from planning.catalogues import ensure_catalogues
from planning.funding.models import FundingKind, FundingShare, FundingSource, FundingStatus
from planning.goals.models import Goal
from planning.measures.models import Measure
from quartier.models import Quartier

from .support import CHROMIUM, MANAGER, NO_CHROMIUM, log_in
from .test_accessibility import assert_accessible, assert_no_sideways_scrolling, axe_page  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]


@pytest.fixture
def benches(demo) -> Indicator:
    ensure_catalogues()  # the flush after a browser test empties the catalogues that a migration loaded
    indicator = Indicator.objects.get(code="BENCHES")
    altstadt = Quartier.objects.get(slug="altstadt")
    IndicatorValue.objects.update_or_create(
        quartier=altstadt,
        indicator=indicator,
        reference_date=datetime.date(2030, 1, 1),  # later than any demo value: the latest
        defaults={"value": Decimal("3.5")},
    )
    return indicator


@pytest.fixture
def goals_and_funding(benches) -> None:
    altstadt = Quartier.objects.get(slug="altstadt")
    measured = Goal.objects.create(
        quartier=altstadt, domain="wohnen", title="Bänke an allen Hauptwegen", indicator=benches, baseline=2, target=5
    )
    Goal.objects.create(quartier=altstadt, domain="soziales", title="Ohne Messgröße")
    Goal.objects.create(quartier=altstadt, domain="pflege", title="Schon geschafft", indicator=benches, target=3)
    cafe = Measure.objects.create(quartier=altstadt, title="Testcafé", domain="soziales", budget_planned=9000)
    cafe.goals.add(measured)
    today = datetime.date.today()
    source = FundingSource.objects.create(
        quartier=altstadt,
        kind=FundingKind.objects.get(key="stiftung"),
        title="Stiftung Testmittel",
        funder="Stiftung",
        amount=Decimal("12500.50"),
        start=today - datetime.timedelta(days=30),
        end=today + datetime.timedelta(days=90),
        status=FundingStatus.GRANTED,
    )
    FundingShare.objects.create(source=source, measure=cafe, amount=Decimal("4000"))


def test_manager_creates_a_goal_and_sees_its_progress_bar(page: Page, benches) -> None:
    log_in(page, MANAGER)
    page.goto("/q/altstadt/ziele/")
    page.get_by_role("link", name="Neues Ziel").click()

    page.get_by_label("Bereich").select_option(label="Wohnen")
    page.get_by_label("Titel").fill("Mehr Sitzbänke am Marktplatz")
    page.get_by_label("Indikator (optional)").select_option(value=str(benches.pk))
    baseline = page.get_by_label("Ausgangswert")
    expect(baseline).to_have_value("3,5")  # the latest value, offered as the baseline
    baseline.fill("2")
    page.get_by_label("Zielwert").fill("5")
    page.get_by_label("Zieldatum").fill("2028-12-31")
    page.get_by_label("Vereinbart von").fill("Beteiligungswerkstatt")
    page.get_by_role("button", name="Speichern").click()

    expect(page.get_by_text("Das Ziel „Mehr Sitzbänke am Marktplatz“ wurde angelegt.")).to_be_visible()
    bar = page.get_by_role("progressbar", name="Zielerreichung „Mehr Sitzbänke am Marktplatz“")
    expect(bar).to_have_attribute("aria-valuenow", "50")
    expect(bar).to_have_attribute("aria-valuetext", "50 % erreicht")
    goal = page.locator("article").filter(has_text="Mehr Sitzbänke am Marktplatz")
    expect(goal).to_contain_text("aktueller Wert: 3,5")
    expect(goal).to_contain_text("31.12.2028")


def test_a_bad_goal_keeps_what_was_typed(page: Page, demo) -> None:
    log_in(page, MANAGER)
    page.goto("/q/altstadt/ziele/neu/")
    page.get_by_label("Titel").fill("Ein Ziel ohne Bereich")
    page.get_by_label("Zielwert").fill("fünf")
    page.get_by_role("button", name="Speichern").click()

    expect(page.get_by_role("alert")).to_be_focused()
    expect(page.get_by_role("alert")).to_contain_text("Zielwert: Bitte eine Zahl eingeben.")
    expect(page.get_by_label("Titel")).to_have_value("Ein Ziel ohne Bereich")


PAGES = ["/q/altstadt/ziele/", "/q/altstadt/ziele/neu/", "/q/altstadt/finanzierung/", "/q/altstadt/finanzierung/neu/"]


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("path", PAGES)
def test_goals_and_funding_pages_are_accessible(axe_page, goals_and_funding, path, width) -> None:  # noqa: F811
    page = axe_page(width)
    log_in(page, MANAGER)
    page.goto(path)
    assert_accessible(page)
    assert_no_sideways_scrolling(page)
    if path == "/q/altstadt/finanzierung/":
        expect(page.get_by_text("Achtung:")).to_be_visible()  # runs out within six months, no follow-up
        expect(page.get_by_role("table", name="Budget je Maßnahme")).to_contain_text("Testcafé")
