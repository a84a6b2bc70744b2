"""The public answer page: every question kind, required answers, bad input, closed and unknown
surveys, double clicks, the per-device cookie and the per-address limit; nothing about the person
is stored."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from participation.answering.services import field_name, response_submit
from participation.models import Answer, Choice, GridItem, Question, QuestionKind, Response, Survey, SurveyStatus
from participation.surveys.templates import survey_create_from_template
from tests.pages import text

from .answering_data import KEY, complete_answers, question_of_kind, questions

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def url(survey: Survey) -> str:
    return reverse("survey_answer", args=[survey.token])


def add_question(survey: Survey, kind: str, **fields) -> Question:
    position = survey.questions.count() + 1
    return Question.objects.create(survey=survey, kind=kind, text=f"Frage {kind}", position=position, **fields)


def post(client: Client, survey: Survey, data: dict) -> object:
    return client.post(url(survey), data)


# The page --------------------------------------------------------------------------------------


def test_the_page_shows_the_notice_before_the_first_question(client, open_survey) -> None:
    open_survey.results_note = "Im Bürgerhaus am 12. März"
    open_survey.save()
    page = text(client.get(url(open_survey)))
    notice = page.index("Was mit Ihren Antworten geschieht")
    first = page.index("1. Möchten Sie auch bei Hilfe")
    assert notice < first
    for part in ("Stadt Musterstadt, Amt für Soziales", "Planung eines altersgerechten", "Art. 6 Abs. 1", "31.12.2028"):
        assert notice < page.index(part) < first
    assert "Im Bürgerhaus am 12. März" in page
    assert "Altstadt" in page  # the public frame names the quartier


def test_questions_have_real_labels_fieldsets_and_say_required_in_words(client, open_survey) -> None:
    html = client.get(url(open_survey)).content.decode()
    grid = question_of_kind(open_survey, QuestionKind.GRID)
    text_question = question_of_kind(open_survey, QuestionKind.TEXT)
    assert html.count("<fieldset") >= 10
    assert "(Pflichtfrage)" in html
    assert f'<label class="question-text" for="id_{field_name(text_question)}">' in html
    assert 'maxlength="2000"' in html
    # the grid: one radio group per item, its extra answer „Nutze ich nicht“ one more option per row
    items = list(grid.items.all())
    assert html.count(f'name="{field_name(grid, items[0])}"') == grid.choices.count() == 6
    assert "Nutze ich nicht" in html
    assert 'name="submission_key"' in html


def test_help_texts_are_linked_with_aria_describedby(client, open_survey) -> None:
    question = questions(open_survey)[0]
    question.help_text = "Gemeint ist Ihre jetzige Wohnung."
    question.save()
    html = client.get(url(open_survey)).content.decode()
    assert 'id="frage-1" aria-describedby="hilfe-1"' in html
    assert '<p class="question-help" id="hilfe-1">Gemeint ist Ihre jetzige Wohnung.</p>' in html


# Every question kind ---------------------------------------------------------------------------


def test_a_complete_answer_is_stored_and_leads_to_the_thank_you_page(client, open_survey) -> None:
    response = post(client, open_survey, complete_answers(open_survey))
    assert response.status_code == 302
    assert response["Location"] == reverse("survey_thanks", args=[open_survey.token])
    stored = Response.objects.get(survey=open_survey)
    assert stored.channel == "online" and stored.entered_by is None and stored.submission_key == KEY
    grid = question_of_kind(open_survey, QuestionKind.GRID)
    assert stored.answers.filter(question=grid).count() == grid.items.count()
    assert stored.answers.get(question=question_of_kind(open_survey, QuestionKind.TEXT)).text == "Mehr Bänke am Markt"
    page = text(client.get(response["Location"]))
    assert "Vielen Dank für Ihre Teilnahme!" in page


@pytest.mark.parametrize("kind", ["single", "scale", "yesno"])
def test_one_choice_kinds_store_the_choice_and_refuse_another(client, open_survey, kind) -> None:
    question = add_question(open_survey, kind)
    own = Choice.objects.create(question=question, position=1, label="Ja")
    Choice.objects.create(question=question, position=2, label="Nein")
    data = complete_answers(open_survey)

    bad = {**data, field_name(question): "999999"}
    page = text(post(client, open_survey, bad))
    assert "Bitte wählen Sie eine der gezeigten Antworten." in page
    assert Response.objects.count() == 0

    assert post(client, open_survey, {**data, field_name(question): str(own.pk)}).status_code == 302
    assert Answer.objects.get(question=question).choice == own


def test_multiple_choice_stores_every_picked_choice(client, open_survey) -> None:
    question = add_question(open_survey, QuestionKind.MULTIPLE, required=True)
    a, b, _c = (Choice.objects.create(question=question, position=n, label=f"Option {n}") for n in (1, 2, 3))
    data = complete_answers(open_survey)
    data[field_name(question)] = []
    page = text(post(client, open_survey, data))
    assert "Bitte wählen Sie mindestens eine Antwort." in page

    data[field_name(question)] = [str(a.pk), str(b.pk)]
    assert post(client, open_survey, data).status_code == 302
    assert set(Answer.objects.filter(question=question).values_list("choice_id", flat=True)) == {a.pk, b.pk}
    html = client.get(url(open_survey) + "?weitere=1").content.decode()
    assert f'type="checkbox" name="{field_name(question)}"' in html


def test_a_grid_needs_every_item_and_accepts_the_extra_answer(client, open_survey) -> None:
    grid = question_of_kind(open_survey, QuestionKind.GRID)
    items = list(grid.items.all())
    extra = grid.choices.get(is_extra=True)
    data = complete_answers(open_survey)
    del data[field_name(grid, items[2])]
    page = text(post(client, open_survey, data))
    assert "Bitte wählen Sie eine Antwort für „Bus und Bahn“." in page
    assert Response.objects.count() == 0

    data[field_name(grid, items[2])] = str(extra.pk)
    assert post(client, open_survey, data).status_code == 302
    assert Answer.objects.get(question=grid, item=items[2]).choice == extra


def test_free_text_is_optional_and_bounded(client, open_survey) -> None:
    question = question_of_kind(open_survey, QuestionKind.TEXT)
    data = complete_answers(open_survey)
    data[field_name(question)] = "x" * 2001
    response = post(client, open_survey, data)
    assert response.status_code == 200
    assert "höchstens 2000 Zeichen" in text(response)
    assert Response.objects.count() == 0

    data[field_name(question)] = ""
    assert post(client, open_survey, data).status_code == 302
    assert not Answer.objects.filter(question=question).exists()


def test_a_number_must_lie_in_the_questions_range(client, open_survey) -> None:
    question = add_question(open_survey, QuestionKind.NUMBER, required=True, min_value=1, max_value=12)
    data = complete_answers(open_survey)
    for value, message in (
        ("13", "kleiner oder gleich 12"),
        ("0", "größer oder gleich 1"),
        ("viele", "Bitte geben Sie eine Zahl ein"),
        ("", "Bitte beantworten Sie diese Frage."),
    ):
        page = text(post(client, open_survey, {**data, field_name(question): value}))
        assert message in page, value
    html = client.get(url(open_survey)).content.decode()
    assert "Eine Zahl von 1 bis 12." in html
    assert Response.objects.count() == 0

    assert post(client, open_survey, {**data, field_name(question): "2,5"}).status_code == 302
    assert Answer.objects.get(question=question).number == Decimal("2.5")


# Errors: summary, messages at the field, what was typed kept ------------------------------------


def test_missing_required_answers_are_listed_on_top_and_linked_to_their_field(client, open_survey) -> None:
    first, second = questions(open_survey)[:2]
    data = complete_answers(open_survey)
    del data[field_name(first)]
    text_question = question_of_kind(open_survey, QuestionKind.TEXT)
    data[field_name(text_question)] = "Bitte eine Bank"
    response = post(client, open_survey, data)
    html = response.content.decode()

    assert response.status_code == 200
    summary = html.index('class="error-summary" role="alert" tabindex="-1" autofocus')
    assert html.index("<h1>") < summary < html.index('id="frage-1"')
    assert f'<a href="#id_{field_name(first)}_0">1. {first.text} – Bitte beantworten Sie diese Frage.</a>' in html
    assert 'id="frage-1" aria-describedby="fehler-1"' in html
    assert '<p class="field-error" id="fehler-1">' in html
    # what was typed and picked is kept
    assert ">Bitte eine Bank</textarea>" in html
    assert f'value="{data[field_name(second)]}" checked' in html
    assert Response.objects.count() == 0


def test_optional_questions_may_be_left_out(client, open_survey) -> None:
    data = {"submission_key": KEY}
    for question in questions(open_survey):
        if question.kind == QuestionKind.TEXT:
            continue
        question.required = False
        question.save()
    assert post(client, open_survey, data).status_code == 302
    assert Response.objects.get().answers.count() == 0


# Bad input -------------------------------------------------------------------------------------


def test_a_choice_of_another_question_or_survey_is_refused(client, open_survey, manager) -> None:
    first, second = questions(open_survey)[:2]
    other = survey_create_from_template(quartier=open_survey.quartier, user=manager)
    foreign = questions(other)[0].choices.first()
    data = complete_answers(open_survey)
    for value in (str(second.choices.first().pk), str(foreign.pk), "-1", "1 OR 1=1", "a" * 5000):
        response = post(client, open_survey, {**data, field_name(first): value})
        assert response.status_code == 200
        assert "Bitte wählen Sie eine der gezeigten Antworten." in text(response)
    assert Response.objects.count() == 0


def test_unknown_and_foreign_field_names_are_ignored(client, open_survey, manager) -> None:
    other = survey_create_from_template(quartier=open_survey.quartier, user=manager)
    foreign = questions(other)[0]
    data = {
        **complete_answers(open_survey),
        field_name(foreign): str(foreign.choices.first().pk),
        "q999999": "1",
        "ip": "1.2.3.4",
    }
    assert post(client, open_survey, data).status_code == 302
    assert not Answer.objects.filter(question__survey=other).exists()
    assert Answer.objects.filter(response__survey=open_survey).exclude(question__survey=open_survey).count() == 0


def test_the_service_refuses_a_choice_that_is_not_the_questions(open_survey) -> None:
    from django.core.exceptions import ValidationError

    first, second = questions(open_survey)[:2]
    with pytest.raises(ValidationError):
        response_submit(survey=open_survey, answers={field_name(first): str(second.choices.first().pk)})
    assert Response.objects.count() == 0


def test_oversized_posts_never_give_a_server_error(client, open_survey, settings) -> None:
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 100
    fields = {f"x{n}": "1" for n in range(500)}
    assert post(client, open_survey, {**complete_answers(open_survey), **fields}).status_code == 400
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    big = {**complete_answers(open_survey), "q1": "x" * 20_000}
    assert post(client, open_survey, big).status_code == 400
    assert Response.objects.count() == 0


def test_a_post_without_csrf_token_is_refused_in_plain_words(open_survey) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(url(open_survey), complete_answers(open_survey))
    assert response.status_code == 403
    page = text(response)
    assert "Das Formular konnte nicht gesendet werden" in page
    assert "Bitte gehen Sie zurück" in page
    assert Response.objects.count() == 0


def test_a_post_with_the_pages_csrf_token_is_accepted(open_survey) -> None:
    client = Client(enforce_csrf_checks=True)
    client.get(url(open_survey))
    token = client.cookies["csrftoken"].value
    response = client.post(url(open_survey), {**complete_answers(open_survey), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Response.objects.count() == 1


# Closed, draft, unknown ------------------------------------------------------------------------


def test_a_closed_survey_shows_a_friendly_page_and_stores_nothing(client, open_survey) -> None:
    open_survey.status = SurveyStatus.CLOSED
    open_survey.results_note = "Ergebnisse im Gemeindeblatt im Mai"
    open_survey.save()
    for response in (client.get(url(open_survey)), post(client, open_survey, complete_answers(open_survey))):
        assert response.status_code == 200
        page = text(response)
        assert "Diese Umfrage ist beendet." in page
        assert "Ergebnisse im Gemeindeblatt im Mai" in page
        assert "Schrift größer" in page or "Größere Schrift" in page or "Normale Schriftgröße" in page
    assert Response.objects.count() == 0


def test_a_survey_past_its_closing_day_counts_as_closed(client, open_survey) -> None:
    import datetime

    open_survey.opens_on = datetime.date(2020, 1, 1)
    open_survey.closes_on = datetime.date(2020, 2, 1)
    open_survey.save()
    assert "Diese Umfrage ist beendet." in text(post(client, open_survey, complete_answers(open_survey)))
    assert Response.objects.count() == 0


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_draft_or_unknown_link_shows_a_friendly_404(client, survey, method) -> None:
    for link in (
        url(survey),
        reverse("survey_answer", args=["gibt-es-nicht"]),
        "/mitmachen/umfrage/" + "x" * 300 + "/",
    ):
        response = getattr(client, method)(link, complete_answers(survey))
        assert response.status_code == 404
        page = text(response)
        assert "Diese Umfrage gibt es nicht (mehr)" in page
        assert "Traceback" not in page
    response = client.get(reverse("survey_thanks", args=[survey.token]))
    assert response.status_code == 404
    assert Response.objects.count() == 0


# Double click, cookie, rate limit --------------------------------------------------------------


def test_a_double_click_stores_one_response(client, open_survey) -> None:
    data = complete_answers(open_survey)
    first = post(client, open_survey, data)
    second = post(client, open_survey, data)
    assert first.status_code == second.status_code == 302
    assert Response.objects.count() == 1
    assert Answer.objects.count() == len(Response.objects.get().answers.all())


def test_the_service_returns_the_first_response_for_the_same_key(open_survey) -> None:
    data = complete_answers(open_survey)
    one = response_submit(survey=open_survey, answers=data, submission_key=KEY)
    two = response_submit(survey=open_survey, answers=data, submission_key=KEY)
    assert one.pk == two.pk and one.was_created and not two.was_created
    assert Response.objects.count() == 1


def test_every_form_gets_a_new_key(client, open_survey) -> None:
    keys = set()
    for _ in range(3):
        html = client.get(url(open_survey) + "?weitere=1").content.decode()
        start = html.index('name="submission_key" value="') + len('name="submission_key" value="')
        keys.add(html[start : html.index('"', start)])
    assert len(keys) == 3


def test_after_answering_the_device_is_told_and_another_person_may_answer(client, open_survey) -> None:
    assert post(client, open_survey, complete_answers(open_survey)).status_code == 302
    cookie = client.cookies[f"umfrage_{open_survey.pk}"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert ":" in cookie.value  # signed, says nothing about the person

    page = text(client.get(url(open_survey)))
    assert "Sie haben an diesem Gerät schon teilgenommen" in page
    assert "Eine weitere Person möchte teilnehmen" in page
    assert "Möchten Sie auch bei Hilfe" not in page

    fresh = client.get(url(open_survey), {"weitere": "1"})
    assert "1. Möchten Sie auch bei Hilfe" in text(fresh)
    assert post(client, open_survey, complete_answers(open_survey, key="z" * 32)).status_code == 302
    assert Response.objects.count() == 2


def test_a_forged_cookie_is_ignored(client, open_survey) -> None:
    client.cookies[f"umfrage_{open_survey.pk}"] = "1"
    assert "1. Möchten Sie auch bei Hilfe" in text(client.get(url(open_survey)))


def test_over_the_hours_limit_a_friendly_page_asks_to_try_later(client, open_survey, settings) -> None:
    settings.SURVEY_SUBMISSIONS_PER_HOUR = 2
    for n in range(2):
        assert post(client, open_survey, complete_answers(open_survey, key=f"{n}" * 32)).status_code == 302
    response = post(client, open_survey, complete_answers(open_survey, key="9" * 32))
    assert response.status_code == 429
    assert "Bitte versuchen Sie es später noch einmal" in text(response)
    assert Response.objects.count() == 2


# Anonymity -------------------------------------------------------------------------------------

ADDRESS = "203.0.113.77"
BROWSER = "Mozilla/5.0 (Testbrowser Seniorentablet 4711)"


def test_no_address_or_browser_is_stored_anywhere(client, open_survey) -> None:
    data = complete_answers(open_survey)
    response = client.post(url(open_survey), data, REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 302
    tables = [t for t in connection.introspection.table_names() if t.startswith("participation_")]
    assert "participation_response" in tables and "participation_answer" in tables
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (table names from the schema)
            for row in cursor.fetchall():
                dumped = " ".join(str(value) for value in row)
                assert ADDRESS not in dumped, table
                assert "Testbrowser" not in dumped, table


def test_a_grid_item_of_another_question_is_ignored(client, open_survey) -> None:
    grid = question_of_kind(open_survey, QuestionKind.GRID)
    other_grid = [q for q in questions(open_survey) if q.kind == QuestionKind.GRID][1]
    stray = GridItem.objects.filter(question=other_grid).first()
    data = complete_answers(open_survey)
    data[f"q{grid.pk}_{stray.pk}"] = str(grid.choices.first().pk)
    assert post(client, open_survey, data).status_code == 302
    assert Answer.objects.filter(question=grid).count() == grid.items.count()


def test_a_typo_fix_shows_at_once_although_the_blank_form_is_kept(client, open_survey) -> None:
    assert "1. Möchten Sie auch bei Hilfe" in text(client.get(url(open_survey)))
    first = questions(open_survey)[0]
    first.text = "Möchten Sie auch bei Hilfebedarf zu Hause bleiben?"
    first.save()  # single-row writes, as the builder and the admin make them
    choice = first.choices.first()
    choice.label = "Ja, unbedingt"
    choice.save()
    page = text(client.get(url(open_survey)))
    assert "1. Möchten Sie auch bei Hilfebedarf zu Hause bleiben?" in page
    assert "Ja, unbedingt" in page
