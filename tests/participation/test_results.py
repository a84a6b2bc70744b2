"""Results of a survey: counts, percentages and means against a small hand-made set of answers,
small cells hidden, waves side by side, constant query counts."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from participation.models import Answer, Choice, GridItem, Question, Response, Survey, SurveyStatus
from participation.results.selectors import Cell, compare_waves, suppress, survey_results
from participation.surveys.sample import add_sample_responses
from planning.analysis.models import Indicator
from tests.pages import text

CLOSES = datetime.date(2026, 5, 31)


def make_survey(quartier, *, title="Nachbarschaft 2026", wave="T1", status=SurveyStatus.CLOSED) -> Survey:
    """Seven questions of every kind that has results, three of them feeding indicators."""
    survey = Survey.objects.create(
        quartier=quartier,
        title=title,
        status=status,
        wave_label=wave,
        opens_on=datetime.date(2026, 5, 1),
        closes_on=CLOSES,
    )

    def question(position, kind, text, labels=(), items=(), indicator=None, role="", extra=""):
        q = Question.objects.create(
            survey=survey,
            position=position,
            kind=kind,
            text=text,
            role=role,
            indicator=Indicator.objects.get(code=indicator) if indicator else None,
        )
        for n, label in enumerate(labels, start=1):
            Choice.objects.create(question=q, position=n, label=label)
        if extra:
            Choice.objects.create(question=q, position=len(labels) + 1, label=extra, is_extra=True)
        for n, label in enumerate(items, start=1):
            GridItem.objects.create(question=q, position=n, label=label)
        return q

    question(
        1,
        "scale",
        "Wie stark fühlen Sie sich verbunden?",
        ["Sehr stark", "Stark", "Mittel", "Wenig", "Gar nicht"],
        indicator="ATTACHMENT",
        extra="Weiß nicht",
    )
    question(
        2,
        "single",
        "Hilfe in der Nachbarschaft?",
        ["Ja, mehrere", "Ja, eine Person", "Nein"],
        indicator="HELP_NEIGHBOUR",
    )
    question(
        3,
        "grid",
        "Wie oft …",
        ["Selten oder nie", "Manchmal", "Oft"],
        items=["Gesellschaft fehlt", "außen vor", "isoliert"],
        indicator="LONELINESS",
    )
    question(4, "multiple", "Was nutzen Sie?", ["Bus", "Rad", "Auto"])
    question(5, "single", "Wie alt sind Sie?", ["Unter 75", "75 und älter"], role="age_band")
    question(6, "text", "Was fehlt?")
    question(7, "number", "Wie viele Jahre wohnen Sie hier?")
    return survey


def respond(survey: Survey, answers: dict[int, object], *, channel="online", day=None, entered_by=None) -> Response:
    """One response: {position: label | [labels] | {item: label} | text | number}."""
    response = Response.objects.create(
        survey=survey, channel=channel, submitted_on=day or CLOSES - datetime.timedelta(days=3), entered_by=entered_by
    )
    questions = {q.position: q for q in survey.questions.prefetch_related("choices", "items")}
    for position, value in answers.items():
        q = questions[position]
        choices = {c.label: c for c in q.choices.all()}
        if q.kind == "grid":
            items = list(q.items.all())
            for n, label in value.items():
                Answer.objects.create(response=response, question=q, item=items[n], choice=choices[label])
        elif q.kind == "multiple":
            for label in value:
                Answer.objects.create(response=response, question=q, choice=choices[label])
        elif q.kind == "text":
            Answer.objects.create(response=response, question=q, text=value)
        elif q.kind == "number":
            Answer.objects.create(response=response, question=q, number=Decimal(value))
        else:
            Answer.objects.create(response=response, question=q, choice=choices[value])
    return response


S, M, OFT = "Selten oder nie", "Manchmal", "Oft"


def six_responses(survey: Survey, *, entered_by=None) -> None:
    respond(
        survey,
        {
            1: "Sehr stark",
            2: "Ja, mehrere",
            3: {0: OFT, 1: OFT, 2: OFT},
            4: ["Bus", "Rad"],
            5: "Unter 75",
            6: "Bänke",
            7: 2,
        },
        day=CLOSES - datetime.timedelta(days=9),
    )
    respond(
        survey,
        {1: "Stark", 2: "Ja, eine Person", 3: {0: S, 1: S, 2: S}, 4: ["Bus"], 5: "Unter 75", 6: "=Ampel", 7: 4},
        channel="papier",
        entered_by=entered_by,
    )
    respond(survey, {1: "Weiß nicht", 2: "Nein", 3: {0: M, 1: M, 2: M}, 4: ["Auto"], 5: "75 und älter"})
    respond(
        survey, {1: "Wenig", 2: "Nein", 3: {0: OFT, 1: M}, 5: "75 und älter"}, channel="papier", entered_by=entered_by
    )
    respond(survey, {1: "Stark", 2: "Ja, mehrere", 3: {0: S, 1: M, 2: OFT}, 4: ["Bus"], 5: "75 und älter"})
    respond(survey, {2: "Nein", 3: {0: S, 1: S, 2: M}, 5: "75 und älter"}, channel="interview")


@pytest.fixture
def hand_survey(quartier) -> Survey:
    survey = make_survey(quartier)
    six_responses(survey)
    return survey


def by_position(results, position):
    return next(r for r in results.questions if r.question.position == position)


def test_counts_percentages_and_means_of_a_hand_made_set(hand_survey) -> None:
    results = survey_results(hand_survey)

    assert results.total == 6
    assert [(label, n) for label, n, _share in results.by_channel] == [("online", 3), ("Papier", 2), ("Interview", 1)]
    scale = by_position(results, 1)
    assert scale.answered == 5
    assert [(o.label, o.count, o.percent) for o in scale.options] == [
        ("Sehr stark", 1, Decimal("20.0")),
        ("Stark", 2, Decimal("40.0")),
        ("Mittel", 0, Decimal("0.0")),
        ("Wenig", 1, Decimal("20.0")),
        ("Gar nicht", 0, Decimal("0.0")),
        ("Weiß nicht", 1, Decimal("20.0")),
    ]
    # (1 + 2 + 2 + 4) / 4: „Weiß nicht“ is counted above, but not part of the mean.
    assert scale.mean == Decimal("2.25")
    assert scale.scale_size == 5

    multiple = by_position(results, 4)
    assert multiple.answered == 4  # percent of the people answering, not of the ticks
    assert [(o.count, o.percent) for o in multiple.options] == [
        (3, Decimal("75.0")),
        (1, Decimal("25.0")),
        (1, Decimal("25.0")),
    ]

    grid = by_position(results, 3)
    first, second, third = grid.items
    assert (first.answered, second.answered, third.answered) == (6, 6, 5)
    assert [o.count for o in first.options] == [3, 1, 2]
    assert first.mean == Decimal("1.83")  # (3·1 + 1·2 + 2·3) / 6
    assert third.mean == Decimal("2.20")  # (1·1 + 2·2 + 2·3) / 5 → 11/5

    texts = by_position(results, 6)
    assert texts.answered == 2
    assert [t for _day, t in texts.texts] == ["=Ampel", "Bänke"]  # newest first

    number = by_position(results, 7)
    assert (number.answered, number.number_mean, number.number_min, number.number_max) == (
        2,
        Decimal("3.00"),
        Decimal("2"),
        Decimal("4"),
    )


def test_free_texts_are_bounded_with_the_rest_counted(hand_survey) -> None:
    results = survey_results(hand_survey, texts=1)

    texts = by_position(results, 6)
    assert [t for _day, t in texts.texts] == ["=Ampel"]
    assert texts.texts_more == 1


def test_a_lone_hidden_cell_takes_the_next_smallest_with_it() -> None:
    matrix = [[Cell(n, None) for n in row] for row in ([10, 1, 8], [7, 9, 12])]

    suppress(matrix, 3)

    hidden = {(r, c) for r, row in enumerate(matrix) for c, cell in enumerate(row) if cell.suppressed}
    assert hidden == {(0, 1), (0, 2), (1, 1), (1, 2)}
    # No row or column is left with exactly one hidden cell.
    for line in [*matrix, *zip(*matrix, strict=True)]:
        assert sum(cell.suppressed for cell in line) != 1


def test_age_breakdown_hides_small_cells_on_the_page(hand_survey, manager, client_for) -> None:
    response = client_for(manager).get(reverse("survey_results", args=[hand_survey.quartier.slug, hand_survey.pk]))

    assert response.status_code == 200
    page = text(response)
    assert "Nach Altersgruppe" in page
    assert "< 3" in page
    results = survey_results(hand_survey)
    help_table = by_position(results, 2).breakdown[0]
    # „Nein“ by the 75+ is 3, but the same row's other cell (0) is hidden and the row total is
    # shown above: 3 is hidden too, and so is the 75+ total beside the hidden one.
    assert all(cell.suppressed for row in help_table.rows for cell in row.cells)


def test_breakdown_shows_large_cells(quartier) -> None:
    survey = make_survey(quartier)
    for _n in range(4):
        respond(survey, {2: "Ja, mehrere", 5: "Unter 75"})
        respond(survey, {2: "Nein", 5: "Unter 75"})
        respond(survey, {2: "Ja, mehrere", 5: "75 und älter"})
        respond(survey, {2: "Nein", 5: "75 und älter"})
    respond(survey, {2: "Ja, eine Person", 5: "75 und älter"})

    table = by_position(survey_results(survey), 2).breakdown[0]

    cells = {row.label: [(c.count, c.suppressed) for c in row.cells] for row in table.rows}
    # „Ja, eine Person“: 0 and 1, both hidden; each column then has one hidden cell, so the
    # smallest shown cell of each column („Ja, mehrere“, the first of two 4s) goes too.
    assert cells["Ja, eine Person"] == [(0, True), (1, True)]
    assert cells["Ja, mehrere"] == [(4, True), (4, True)]
    assert cells["Nein"] == [(4, False), (4, False)]
    assert cells["Antwortende"] == [(8, False), (9, False)]
    for column in zip(*(row.cells for row in table.rows), strict=True):
        assert sum(cell.suppressed for cell in column) != 1


def test_waves_side_by_side_with_the_change_in_words(quartier, manager, client_for) -> None:
    before = make_survey(quartier, title="Nachbarschaft 2024", wave="T0")
    for label in ("Ja, mehrere", "Nein", "Nein", "Nein"):
        respond(before, {1: "Gar nicht", 2: label})
    now = make_survey(quartier)
    now.previous_wave = before
    now.save()
    Question.objects.filter(survey=before, position=4).update(text="Was nutzen Sie oft?")  # asked differently
    for label in ("Ja, mehrere", "Ja, mehrere", "Ja, eine Person", "Nein"):
        respond(now, {1: "Stark", 2: label})

    comparison = compare_waves(survey_results(now), survey_results(before))

    help_ = next(c for c in comparison.questions if c.now.question.position == 2)
    first = help_.options[0]
    assert (first.before, first.now, first.change) == (Decimal("25.0"), Decimal("50.0"), Decimal("25.0"))
    assert first.text == "+25,0 Prozentpunkte (gestiegen)"
    assert help_.options[2].text == "-50,0 Prozentpunkte (gesunken)"
    scale = next(c for c in comparison.questions if c.now.question.position == 1)
    assert scale.means[0].change == Decimal("-3.00")
    unmatched = next(c for c in comparison.questions if c.now.question.position == 4)
    assert unmatched.before is None
    assert [r.text for r in comparison.unmatched_before] == ["Was nutzen Sie oft?"]

    page = text(client_for(manager).get(reverse("survey_results", args=[quartier.slug, now.pk])))
    assert "T0" in page and "T1" in page
    assert "+25,0 Prozentpunkte (gestiegen)" in page
    assert "Nicht auf dieselbe Weise in T0 gefragt" in page


def test_a_survey_without_answers_shows_an_empty_state(quartier, manager, client_for) -> None:
    survey = make_survey(quartier, status=SurveyStatus.OPEN)

    response = client_for(manager).get(reverse("survey_results", args=[quartier.slug, survey.pk]))

    assert response.status_code == 200
    assert "Noch keine Antworten" in text(response)


def test_a_draft_has_no_results(quartier, manager, client_for) -> None:
    survey = make_survey(quartier, status=SurveyStatus.DRAFT)
    client = client_for(manager)

    page = client.get(reverse("survey_results", args=[quartier.slug, survey.pk]))
    csv = client.get(reverse("survey_responses_csv", args=[quartier.slug, survey.pk]))

    assert page.status_code == 200 and "Entwurf" in text(page)
    assert csv.status_code == 404


def test_a_survey_of_another_quartier_is_not_found(quartier, other_quartier, manager, client_for) -> None:
    theirs = make_survey(other_quartier)

    response = client_for(manager).get(reverse("survey_results", args=[quartier.slug, theirs.pk]))

    assert response.status_code == 404


def test_the_page_shows_charts_with_their_tables(hand_survey, manager, client_for) -> None:
    html = (
        client_for(manager)
        .get(reverse("survey_results", args=[hand_survey.quartier.slug, hand_survey.pk]))
        .content.decode()
    )

    assert 'role="img" aria-labelledby="chart-1-caption"' in html
    assert 'id="chart-1-caption"' in html
    assert "Tabelle zu Frage 1" in html
    # The grid as stacked bars with a pattern per option, labelled with its percentages.
    assert 'fill="url(#chart-3-p1)"' in html
    assert "Antworten als CSV" in html and "Antworten als Excel-Datei" in html and "Ergebnisse als CSV" in html


@pytest.mark.parametrize("count", [10, 500])
def test_query_count_does_not_grow_with_the_answers(answered_survey, count, django_assert_max_num_queries) -> None:
    previous = answered_survey
    survey = Survey.objects.create(
        quartier=previous.quartier, title="Welle 2", status=SurveyStatus.OPEN, previous_wave=previous
    )
    for q in previous.questions.prefetch_related("choices", "items"):
        copy = Question.objects.create(survey=survey, position=q.position, kind=q.kind, text=q.text, role=q.role)
        Choice.objects.bulk_create(
            Choice(question=copy, position=c.position, label=c.label, is_extra=c.is_extra) for c in q.choices.all()
        )
        GridItem.objects.bulk_create(GridItem(question=copy, position=i.position, label=i.label) for i in q.items.all())
    add_sample_responses(survey, count, seed=3)

    from participation.results.views import results_and_comparison

    with django_assert_max_num_queries(18):
        results, comparison = results_and_comparison(survey)

    assert results.total == count
    assert comparison is not None and all(c.before is not None for c in comparison.questions)


def test_people_without_an_age_form_a_column_of_their_own(quartier) -> None:
    survey = make_survey(quartier)
    for _n in range(3):
        respond(survey, {2: "Nein", 5: "Unter 75"})
        respond(survey, {2: "Nein"})  # the age question left out

    results = survey_results(survey)

    assert results.bands == ["Unter 75", "75 und älter", "ohne Altersangabe"]
    table = by_position(results, 2).breakdown[0]
    cells = {row.label: [c.count for c in row.cells] for row in table.rows}
    assert cells["Nein"] == [3, 0, 3]
    assert cells["Antwortende"] == [3, 0, 3]


def test_the_extremes_of_a_number_only_two_people_gave_are_not_shown(hand_survey, manager, client_for) -> None:
    # Two answers (2 and 4): their smallest and largest would be the two people's answers.
    url = reverse("survey_results", args=[hand_survey.quartier.slug, hand_survey.pk])
    page = text(client_for(manager).get(url))
    csv_text = client_for(manager).get(url.replace("ergebnisse/", "ergebnisse.csv")).content.decode("utf-8-sig")

    assert "Mittelwert" in page
    assert "Kleinster Wert" not in page and "Größter Wert" not in page
    assert "Kleinster Wert" not in csv_text and "Größter Wert" not in csv_text
