"""A respondent on a phone answers the default questionnaire by keyboard alone, makes one mistake
and corrects it through the error summary, and the answer shows in the results; „Schrift größer“
keeps what was typed; axe-core finds no serious problem on the public pages."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from participation.models import Answer, Question, QuestionKind, Response, Survey, SurveyStatus
from participation.surveys.templates import survey_create_from_template
from quartier.models import Role
from tests.factories import MembershipFactory, QuartierFactory, UserFactory

from .support import CHROMIUM, MANAGER, NO_CHROMIUM, log_in
from .test_accessibility import assert_accessible, assert_no_sideways_scrolling

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]

PHONE = {"width": 360, "height": 740}
ACTIVE = "() => { const e = document.activeElement; return [e.tagName, e.type || '', e.name || '', e.id || ''] }"


@pytest.fixture
def open_survey(live_server) -> Survey:
    quartier = QuartierFactory(name="Altstadt", slug="altstadt", municipality="Musterstadt")
    manager = MembershipFactory(quartier=quartier, role=Role.MANAGER, user=UserFactory()).user
    survey = survey_create_from_template(quartier=quartier, user=manager)
    today = timezone.localdate()
    survey.status = SurveyStatus.OPEN
    survey.opens_on = today - datetime.timedelta(days=3)
    survey.closes_on = today + datetime.timedelta(days=20)
    survey.controller = "Stadt Musterstadt, Amt für Soziales"
    survey.purpose = "Planung eines altersgerechten Quartiers"
    survey.legal_basis = "Ihre Einwilligung (Art. 6 Abs. 1 lit. a DSGVO)"
    survey.retention = "Bis Ende 2028"
    survey.results_note = "Im Bürgerhaus am 12. März"
    survey.save()
    return survey


@pytest.fixture
def demo_survey(demo) -> Survey:
    """The demo's open Altstadt survey (the template, with about 150 answers)."""
    return Survey.objects.get(quartier__slug="altstadt", status=SurveyStatus.OPEN)


def url(survey: Survey) -> str:
    return f"/mitmachen/umfrage/{survey.token}/"


def active(page: Page) -> list[str]:
    return page.evaluate(ACTIVE)


def tab_until(page: Page, wanted, limit: int = 120) -> list[str]:
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = active(page)
        if wanted(element):
            return element
    raise AssertionError(f"never reached: last focus {active(page)}")


def test_a_respondent_answers_by_keyboard_on_a_phone(page_for, demo_survey) -> None:
    open_survey = demo_survey
    before = set(Response.objects.filter(survey=open_survey).values_list("pk", flat=True))
    questions = list(Question.objects.filter(survey=open_survey).order_by("position"))
    first = f"q{questions[0].pk}"
    text_question = next(q for q in questions if q.kind == QuestionKind.TEXT)
    page = page_for(**PHONE)
    page.goto(url(open_survey))
    expect(page.get_by_role("heading", level=1)).to_have_text(open_survey.title)

    # Through the form by keyboard: Space picks the first answer of each group, the arrow key the
    # second one in the grids; the first (required) question is left out on purpose.
    seen: set[str] = set()
    for _ in range(200):
        page.keyboard.press("Tab")
        tag, kind, name, _id = active(page)
        if (
            tag == "BUTTON"
            and kind == "submit"
            and "Antworten absenden" in page.evaluate("() => document.activeElement.textContent")
        ):
            break
        if kind == "radio" and name not in seen and name != first:
            page.keyboard.press("ArrowDown" if "_" in name else "Space")
        if tag == "TEXTAREA":
            page.keyboard.type("Mehr Bänke am Marktplatz")
        seen.add(name)
    else:
        raise AssertionError("the send button was never reached")
    page.keyboard.press("Enter")

    # The error summary comes first, has the focus and links to the missing answer.
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Bitte prüfen Sie eine Antwort")
    expect(summary).to_be_focused()
    assert Response.objects.filter(survey=open_survey).count() == len(before)
    assert page.locator(f"#id_q{text_question.pk}").input_value() == "Mehr Bänke am Marktplatz"  # kept
    page.keyboard.press("Tab")
    assert active(page)[0] == "A"
    page.keyboard.press("Enter")
    expect(page.locator(f"#id_{first}_0")).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator(f"#id_{first}_0")).to_be_checked()
    tab_until(page, lambda e: e[0] == "BUTTON" and e[1] == "submit" and e[2] == "")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Vielen Dank für Ihre Teilnahme!")
    response = Response.objects.filter(survey=open_survey).exclude(pk__in=before).get()
    assert response.channel == "online" and response.entered_by is None
    first_answer = Answer.objects.get(response=response, question=questions[0])
    assert first_answer.choice == questions[0].choices.order_by("position").first()
    assert Answer.objects.get(response=response, question=text_question).text == "Mehr Bänke am Marktplatz"
    grid = next(q for q in questions if q.kind == QuestionKind.GRID)
    second_option = grid.choices.order_by("position")[1]
    grid_answers = Answer.objects.filter(response=response, question=grid)
    assert grid_answers.count() == grid.items.count()
    assert set(grid_answers.values_list("choice", flat=True)) == {second_option.pk}

    # The answer shows in the results: the Altstadt manager sees one response more.
    log_in(page, MANAGER)
    page.goto(reverse("survey_results", args=["altstadt", open_survey.pk]))
    expect(page.locator("#channels-caption")).to_contain_text(f"{len(before) + 1} Antworten, nach Weg")


def test_larger_text_keeps_what_was_typed(page_for, open_survey) -> None:
    questions = list(Question.objects.filter(survey=open_survey).order_by("position"))
    text_question = next(q for q in questions if q.kind == QuestionKind.TEXT)
    page = page_for(**PHONE)
    page.goto(url(open_survey))
    page.locator(f"#id_q{questions[0].pk}_1").check()
    page.locator(f"#id_q{text_question.pk}").fill("Ein Zebrastreifen vor der Apotheke")
    page.get_by_role("button", name="Schrift größer").click()

    expect(page.get_by_role("button", name="Normale Schriftgröße")).to_be_visible()
    expect(page.locator("body")).to_have_class("public text-large")
    expect(page.locator(f"#id_q{questions[0].pk}_1")).to_be_checked()
    expect(page.locator(f"#id_q{text_question.pk}")).to_have_value("Ein Zebrastreifen vor der Apotheke")
    expect(page.get_by_role("alert")).to_have_count(0)  # no errors for what is still open
    assert Response.objects.count() == 0
    assert_no_sideways_scrolling(page)
    assert any(c["name"] == "schrift" and c["value"] == "gross" for c in page.context.cookies())

    # The switch back keeps the answers too.
    page.get_by_role("button", name="Normale Schriftgröße").click()
    expect(page.get_by_role("button", name="Schrift größer")).to_be_visible()
    expect(page.locator("body")).to_have_class("public")
    expect(page.locator(f"#id_q{text_question.pk}")).to_have_value("Ein Zebrastreifen vor der Apotheke")
    assert not any(c["name"] == "schrift" and c["value"] == "gross" for c in page.context.cookies())

    # Enter in the form sends the answers, not the switch: the error summary shows.
    page.locator(f"#id_q{questions[0].pk}_1").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Bitte prüfen Sie")
    assert Response.objects.count() == 0


@pytest.mark.parametrize("width", [360, 1280])
def test_the_public_survey_pages_are_accessible(page_for, open_survey, width) -> None:
    page = page_for(width=width, height=800, bypass_csp=True)
    page.goto(url(open_survey))
    assert_accessible(page)
    if width == 360:
        assert_no_sideways_scrolling(page)

    page.get_by_role("button", name="Antworten absenden").click()  # nothing answered: the error state
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    if width == 360:
        assert_no_sideways_scrolling(page)

    for question in Question.objects.filter(survey=open_survey).order_by("position"):
        if question.kind == QuestionKind.GRID:
            for item in question.items.all():
                page.locator(f'input[name="q{question.pk}_{item.pk}"]').first.check()
        elif question.kind != QuestionKind.TEXT:
            page.locator(f'input[name="q{question.pk}"]').first.check()
    page.get_by_role("button", name="Antworten absenden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vielen Dank für Ihre Teilnahme!")
    assert_accessible(page)

    page.goto(url(open_survey))  # the cookie: „already taken part on this device“
    expect(page.get_by_text("Sie haben an diesem Gerät schon teilgenommen")).to_be_visible()
    assert_accessible(page)
    if width == 360:
        assert_no_sideways_scrolling(page)

    Survey.objects.filter(pk=open_survey.pk).update(status=SurveyStatus.CLOSED)
    page.goto(url(open_survey))
    expect(page.get_by_text("Diese Umfrage ist beendet.")).to_be_visible()
    assert_accessible(page)

    page.goto("/mitmachen/umfrage/gibt-es-nicht/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Diese Umfrage gibt es nicht (mehr)")
    assert_accessible(page)
    if width == 360:
        assert_no_sideways_scrolling(page)
