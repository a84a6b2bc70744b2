"""The measure list (filters, sort, overdue flags, exports), the board, the timeline and
„Meine Maßnahmen“; their query counts do not grow with the number of measures."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from planning.measures.models import Measure, MeasureStatus, MeasureTransition
from planning.measures.timeline import add_months

from .measure_helpers import DAY, TODAY, make_goal, make_measure


def list_url(quartier, **params: str) -> str:
    url = reverse("measure_list", kwargs={"slug": quartier.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def titles_in_table(body: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', body)


@pytest.fixture
def measures(quartier, manager, developer):
    goal = make_goal(quartier, "Mehr Begegnung")
    cafe = make_measure(
        quartier,
        "Nachbarschaftscafé",
        responsible=developer,
        status=MeasureStatus.ACTIVE,
        start=TODAY - 90 * DAY,
        end=TODAY + 90 * DAY,
        description="Treffpunkt im Gemeindehaus",
        milestones=(("Raum", TODAY - 60 * DAY, True), ("Flyer", TODAY - 5 * DAY, False)),
    )
    cafe.goals.add(goal)
    bank = make_measure(
        quartier,
        "Bank am Marktplatz",
        responsible=manager,
        domain="wohnen",
        start=TODAY - 200 * DAY,
        end=TODAY - 10 * DAY,
        milestones=(("Angebot", TODAY - 100 * DAY, True),),
    )
    rampe = make_measure(
        quartier,
        "Rampe am Bürgerhaus",
        domain="wohnen",
        status=MeasureStatus.DONE,
        start=TODAY - 300 * DAY,
        end=TODAY - 30 * DAY,
        milestones=(("Bau", TODAY - 40 * DAY, True), ("Abnahme", TODAY - 35 * DAY, True)),
    )
    pflege = make_measure(quartier, "Pflegeberatung", domain="pflege", responsible=developer)
    return {"cafe": cafe, "bank": bank, "rampe": rampe, "pflege": pflege, "goal": goal}


def test_list_shows_measures_with_progress_and_overdue_flags(quartier, measures, viewer, client_for) -> None:
    body = client_for(viewer).get(list_url(quartier)).content.decode()

    assert titles_in_table(body) == [
        "Bank am Marktplatz",
        "Nachbarschaftscafé",
        "Pflegeberatung",
        "Rampe am Bürgerhaus",
    ]
    rows = {t: body.split(f">{t}</a>")[1].split("</tr>")[0] for t in titles_in_table(body)}
    assert "überfällig" in rows["Nachbarschaftscafé"] and "1 Meilenstein überfällig" in rows["Nachbarschaftscafé"]
    assert "1 von 2 Meilensteinen" in rows["Nachbarschaftscafé"]
    # Past its end while still planned: overdue, with the reason written out.
    assert "überfällig" in rows["Bank am Marktplatz"] and "Ende überschritten" in rows["Bank am Marktplatz"]
    # Completed measures are never overdue, whatever their dates.
    assert "überfällig" not in rows["Rampe am Bürgerhaus"]
    assert "keine Meilensteine" in rows["Pflegeberatung"]
    assert "Neue Maßnahme" not in body


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "in_umsetzung"}, ["Nachbarschaftscafé"]),
        ({"status": "geplant&status=abgeschlossen"}, ["Bank am Marktplatz", "Pflegeberatung", "Rampe am Bürgerhaus"]),
        ({"domain": "wohnen"}, ["Bank am Marktplatz", "Rampe am Bürgerhaus"]),
        ({"overdue": "ja"}, ["Bank am Marktplatz", "Nachbarschaftscafé"]),
        ({"overdue": "nein"}, ["Pflegeberatung", "Rampe am Bürgerhaus"]),
        ({"q": "gemeindehaus"}, ["Nachbarschaftscafé"]),
        ({"q": "Bank"}, ["Bank am Marktplatz"]),
    ],
)
def test_filters(quartier, measures, manager, client_for, params, expected) -> None:
    body = client_for(manager).get(list_url(quartier, **params)).content.decode()
    assert titles_in_table(body) == expected


def test_filter_by_goal_and_responsible(quartier, measures, manager, developer, client_for) -> None:
    client = client_for(manager)
    by_goal = client.get(list_url(quartier, goal=str(measures["goal"].pk))).content.decode()
    assert titles_in_table(by_goal) == ["Nachbarschaftscafé"]
    by_person = client.get(list_url(quartier, responsible=str(developer.pk))).content.decode()
    assert titles_in_table(by_person) == ["Nachbarschaftscafé", "Pflegeberatung"]


def test_unknown_filter_values_are_explained_not_a_500(quartier, measures, manager, client_for) -> None:
    response = client_for(manager).get(list_url(quartier, status="erfunden", goal="99999", sort="passwort"))
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Angaben" in response.content.decode()


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("title", ["Bank am Marktplatz", "Nachbarschaftscafé", "Pflegeberatung", "Rampe am Bürgerhaus"]),
        ("-title", ["Rampe am Bürgerhaus", "Pflegeberatung", "Nachbarschaftscafé", "Bank am Marktplatz"]),
        ("status", ["Bank am Marktplatz", "Pflegeberatung", "Nachbarschaftscafé", "Rampe am Bürgerhaus"]),
        ("end", ["Rampe am Bürgerhaus", "Bank am Marktplatz", "Nachbarschaftscafé", "Pflegeberatung"]),
        ("-progress", ["Bank am Marktplatz", "Rampe am Bürgerhaus", "Nachbarschaftscafé", "Pflegeberatung"]),
        ("progress", ["Nachbarschaftscafé", "Bank am Marktplatz", "Rampe am Bürgerhaus", "Pflegeberatung"]),
    ],
)
def test_sorting(quartier, measures, manager, client_for, sort, expected) -> None:
    body = client_for(manager).get(list_url(quartier, sort=sort)).content.decode()
    assert titles_in_table(body) == expected


def test_column_headers_sort_and_say_how(quartier, measures, manager, client_for) -> None:
    body = client_for(manager).get(list_url(quartier, sort="end")).content.decode()
    assert 'aria-sort="ascending"><a href="?sort=-end">' in body


def test_the_list_is_paginated(quartier, manager, client_for) -> None:
    Measure.objects.bulk_create([Measure(quartier=quartier, title=f"M {n:03d}", domain="wohnen") for n in range(30)])
    client = client_for(manager)
    first = client.get(list_url(quartier)).content.decode()
    second = client.get(list_url(quartier, page="2")).content.decode()
    assert len(titles_in_table(first)) == 25 and titles_in_table(second)[0] == "M 025"
    assert "Seite 1 von 2" in first


def test_csv_export_has_bom_semicolons_german_headers_and_the_filtered_rows(quartier, measures, viewer, client_for):
    response = client_for(viewer).get(
        reverse("measure_export_csv", kwargs={"slug": quartier.slug}) + "?domain=wohnen&sort=-title"
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="massnahmen-altstadt.csv"' in response["Content-Disposition"]
    raw = response.content.decode("utf-8")
    assert raw.startswith("\ufeffTitel;Bereich;Status;Verantwortlich;")
    rows = list(csv.reader(io.StringIO(raw.lstrip("\ufeff")), delimiter=";"))
    assert [r[0] for r in rows[1:]] == ["Rampe am Bürgerhaus", "Bank am Marktplatz"]
    header, bank = rows[0], dict(zip(rows[0], rows[2], strict=True))
    assert "Überfällig" in header and "Geplantes Budget (€)" in header
    assert bank["Status"] == "geplant" and bank["Bereich"] == "Wohnen" and bank["Überfällig"] == "ja"
    assert bank["Ende"] == (TODAY - 10 * DAY).strftime("%d.%m.%Y")
    assert bank["Meilensteine erledigt"] == "1" and bank["Fortschritt (%)"] == "100"


def test_xlsx_export(quartier, measures, manager, developer, client_for) -> None:
    response = client_for(manager).get(
        reverse("measure_export_xlsx", kwargs={"slug": quartier.slug}) + "?status=in_umsetzung"
    )
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Titel", "Bereich", "Status", "Verantwortlich")
    assert len(rows) == 2
    cafe = dict(zip(rows[0], rows[1], strict=True))
    assert cafe["Titel"] == "Nachbarschaftscafé" and cafe["Verantwortlich"] == developer.display_name
    assert cafe["Ziele, denen die Maßnahme dient"] == "Mehr Begegnung"
    assert cafe["Ende"].date() == TODAY + 90 * DAY
    assert cafe["Überfällig"] == "ja"


def test_exported_text_cannot_run_as_a_formula(quartier, manager, client_for) -> None:
    make_measure(quartier, '=HYPERLINK("http://böse.example")')
    raw = client_for(manager).get(reverse("measure_export_csv", kwargs={"slug": quartier.slug})).content.decode()
    rows = list(csv.reader(io.StringIO(raw.lstrip("\ufeff")), delimiter=";"))
    assert rows[1][0] == '\'=HYPERLINK("http://böse.example")'


def _add_measures(quartier, count: int, responsible) -> None:
    for n in range(count):
        make_measure(
            quartier,
            f"Maßnahme {n}",
            responsible=responsible,
            status=MeasureStatus.values[n % 5],
            start=TODAY - 30 * DAY,
            end=TODAY + n * DAY,
            milestones=(("A", TODAY - DAY, False), ("B", TODAY + DAY, True)),
        )


@pytest.mark.parametrize("name", ["measure_list", "measure_board", "measure_export_csv", "measure_timeline"])
def test_query_count_does_not_grow_with_measures(
    quartier, manager, client_for, django_assert_max_num_queries, name
) -> None:
    client = client_for(manager)
    url = reverse(name, kwargs={"slug": quartier.slug})
    _add_measures(quartier, 3, manager)
    client.get(url)  # warm-up: session, content types
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _add_measures(quartier, 30, manager)
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert response.status_code == 200


def test_board_groups_by_status_and_shows_cards(quartier, measures, developer, client_for) -> None:
    body = client_for(developer).get(reverse("measure_board", kwargs={"slug": quartier.slug})).content.decode()
    column = r'<h3 class="h6" id="col-[a-z_]+">([^<]+?) <span.*?</h3>(.*?)</section>'
    columns = dict(re.findall(column, body, re.S))
    assert list(columns) == ["Geplant", "In Umsetzung", "Abgeschlossen", "Pausiert", "Verworfen"]
    assert "Bank am Marktplatz" in columns["Geplant"] and "Pflegeberatung" in columns["Geplant"]
    assert "Nachbarschaftscafé" in columns["In Umsetzung"]
    cafe = columns["In Umsetzung"]
    assert "1 von 2 Meilensteinen" in cafe and "überfällig" in cafe and developer.display_name in cafe
    # The developer gets the status control on their own cards only.
    assert f'id="to-status-{measures["cafe"].pk}"' in body
    assert f'id="to-status-{measures["bank"].pk}"' not in body


def test_board_move_with_htmx_returns_the_board_with_the_card_moved(quartier, measures, developer, client_for) -> None:
    cafe = measures["cafe"]
    url = reverse("measure_status", kwargs={"slug": quartier.slug, "measure_id": cafe.pk})
    response = client_for(developer).post(
        url, {"to_status": MeasureStatus.DONE, "back": "board"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    done_column = body.split('id="col-abgeschlossen"')[1].split("</section>")[0]
    assert "Nachbarschaftscafé" in done_column
    assert "„Nachbarschaftscafé“ ist jetzt: abgeschlossen." in body and 'hx-swap-oob="true"' in body
    assert f'id="card-link-{cafe.pk}" data-autofocus' in body
    cafe.refresh_from_db()
    assert cafe.status == MeasureStatus.DONE


def test_board_move_that_needs_a_reason_asks_for_it(quartier, measures, developer, client_for) -> None:
    cafe = measures["cafe"]
    url = reverse("measure_status", kwargs={"slug": quartier.slug, "measure_id": cafe.pk})
    client = client_for(developer)
    body = client.post(
        url, {"to_status": MeasureStatus.PAUSED, "back": "board"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "Bitte geben Sie einen Grund für den Wechsel zu „pausiert“ an." in body
    assert re.search(rf'<textarea name="reason" id="reason-{cafe.pk}"[^>]*data-autofocus', body)
    assert '<option value="pausiert" selected>' in body
    cafe.refresh_from_db()
    assert cafe.status == MeasureStatus.ACTIVE

    client.post(
        url, {"to_status": MeasureStatus.PAUSED, "back": "board", "reason": "Urlaub"}, headers={"HX-Request": "true"}
    )
    cafe.refresh_from_db()
    assert cafe.status == MeasureStatus.PAUSED
    assert MeasureTransition.objects.get(measure=cafe).comment == "Urlaub"


def test_board_move_without_javascript_posts_and_redirects(quartier, measures, manager, client_for) -> None:
    bank = measures["bank"]
    url = reverse("measure_status", kwargs={"slug": quartier.slug, "measure_id": bank.pk})
    client = client_for(manager)
    response = client.post(url, {"to_status": MeasureStatus.ACTIVE, "back": "board"})
    assert response.status_code == 302
    assert response["Location"] == reverse("measure_board", kwargs={"slug": quartier.slug}) + f"#measure-{bank.pk}"
    bank.refresh_from_db()
    assert bank.status == MeasureStatus.ACTIVE
    # A move that needs a reason leads to the measure's status form, which has the reason field.
    needs_reason = client.post(url, {"to_status": MeasureStatus.PAUSED, "back": "board"}, follow=True)
    assert "Bitte geben Sie einen Grund" in needs_reason.content.decode()
    assert needs_reason.redirect_chain[-1][0].endswith("#status")


def test_board_columns_are_capped_and_link_to_the_list(quartier, manager, client_for) -> None:
    from planning.measures.views_overview import BOARD_LIMIT

    Measure.objects.bulk_create(
        [Measure(quartier=quartier, title=f"M {n:03d}", domain="wohnen") for n in range(BOARD_LIMIT + 5)]
    )
    body = client_for(manager).get(reverse("measure_board", kwargs={"slug": quartier.slug})).content.decode()
    planned = body.split('id="col-geplant"')[1].split("</section>")[0]
    assert planned.count('<li class="card"') == BOARD_LIMIT
    assert f"{BOARD_LIMIT} von {BOARD_LIMIT + 5} gezeigt – alle in der Liste" in planned


def test_timeline_draws_bars_milestones_today_and_a_table(quartier, measures, viewer, client_for) -> None:
    body = client_for(viewer).get(reverse("measure_timeline", kwargs={"slug": quartier.slug})).content.decode()
    svg = body.split('<svg class="timeline"')[1].split("</svg>")[0]
    assert svg.count("<rect ") == 3  # the three measures with a start and an end
    assert "Nachbarschaftscafé · in Umsetzung · überfällig" in svg
    assert svg.count("<polygon ") == 5  # their milestones as diamonds
    assert ">heute</text>" in svg
    table = body.split('id="timeline-caption"')[1].split("</table>")[0]
    assert "Rampe am Bürgerhaus" in table and "Flyer" in table and "<strong>überfällig</strong>" in table
    undated = body.split('id="h-undated"')[1]
    assert "Pflegeberatung" in undated


def test_timeline_window_is_bounded_and_navigable(quartier, manager, client_for) -> None:
    """A plan longer than 36 months opens three months before today, with links to either side."""
    make_measure(quartier, "Langläufer", start=TODAY - 800 * DAY, end=TODAY + 1200 * DAY)
    url = reverse("measure_timeline", kwargs={"slug": quartier.slug})
    client = client_for(manager)
    body = client.get(url).content.decode()
    first = add_months(TODAY.replace(day=1), -3)
    assert len(re.findall(r'<line x1="[\d.]+" y1="0"', body)) == 36  # one line per month
    assert f'href="?ab={add_months(first, 36):%Y-%m}">später' in body
    earlier = re.search(r'href="\?ab=(\d{4}-\d{2})"><span aria-hidden="true">←</span> früher', body).group(1)
    # Back to the start of the plan (26 months), not a whole window of 36.
    assert earlier == f"{(TODAY - 800 * DAY):%Y-%m}"
    before = client.get(f"{url}?ab={earlier}").content.decode()
    assert "<rect " in before and "später" in before
    assert client.get(f"{url}?ab=kaputt").status_code == 200


def test_my_measures_lists_what_the_user_is_responsible_for(
    quartier, other_quartier, measures, developer, client_for
) -> None:
    from quartier.models import Membership, Role

    Membership.objects.create(user=developer, quartier=other_quartier, role=Role.DEVELOPER)
    make_measure(other_quartier, "Mittagstisch", responsible=developer, end=TODAY - DAY)
    make_measure(quartier, "Nicht meine")
    body = client_for(developer).get(reverse("my_measures")).content.decode()
    assert titles_in_table(body) == ["Mittagstisch", "Nachbarschaftscafé", "Pflegeberatung"]
    assert "Eichenau" in body and "Altstadt" in body
    cafe_row = body.split(">Nachbarschaftscafé</a>")[1].split("</tr>")[0]
    assert "Flyer" in cafe_row and "überfällig" in cafe_row


def test_my_measures_hides_quartiers_the_user_left(quartier, measures, developer, client_for) -> None:
    developer.memberships.all().delete()
    body = client_for(developer).get(reverse("my_measures")).content.decode()
    assert "Nachbarschaftscafé" not in body
    assert "Sie sind zurzeit für keine Maßnahme verantwortlich." in body
