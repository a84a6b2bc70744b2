"""The organisation check's pages: who may open them, what they show, rounds, ratings and next
actions, bad input, and query counts that do not grow with the number of rounds."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext

from organisation.checks.compare import Change
from organisation.models import CheckAction, CheckRating, CheckRound, Maturity
from tests.factories import CoordinatorFactory, OrganisationFactory, UserFactory
from tests.pages import text

from .check_data import CHALLENGES, DIMENSIONS, action, days, make_round, rating, topic

pytestmark = pytest.mark.django_db


def _url(name: str, organisation, **kwargs) -> str:
    return reverse(name, kwargs={"org_slug": organisation.slug, **kwargs})


def _short(day: date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


@pytest.fixture
def two_rounds(organisation):
    """A year ago and a month ago: Haltung up, Transparenz down, Leistungsangebot the same,
    Finanzierung newly rated; an overdue and an open action in the latest round."""
    today = timezone.localdate()
    before = make_round(
        organisation, days(-365), {"haltung": 2, "transparenz": 2, "leistungsangebot": 2}, title="Klausur"
    )
    latest = make_round(
        organisation,
        days(-30),
        {"haltung": 3, "transparenz": 1, "leistungsangebot": 2, "finanzierung": 2},
        title="Jahresgespräch",
    )
    action(latest, "transparenz", "Newsletter neu aufsetzen", today - timedelta(days=12), who="Pressestelle")
    action(latest, "haltung", "Leitbild in alle Teams tragen", today + timedelta(days=40), who="Amtsleitung")
    action(before, "haltung", "Leitbild beschließen", today - timedelta(days=200), done_on=today - timedelta(days=250))
    return before, latest


# Access


@pytest.mark.parametrize("role", ["manager", "developer", "viewer", "partner", "outsider", "other_coordinator"])
def test_only_the_organisations_coordinators_see_its_check(role, organisation, two_rounds, request, client_for):
    _before, latest = two_rounds
    client = client_for(request.getfixturevalue(role))
    for url in (
        _url("check_overview", organisation),
        _url("check_round_detail", organisation, round_id=latest.pk),
        _url("check_rating_edit", organisation, round_id=latest.pk, topic_id=topic("haltung").pk),
    ):
        assert client.get(url).status_code == 404, (role, url)


def test_the_coordinator_and_a_superuser_see_the_check(organisation, two_rounds, coordinator, client_for):
    admin = UserFactory(is_superuser=True, is_staff=True)
    for user in (coordinator, admin):
        response = client_for(user).get(_url("check_overview", organisation))
        assert response.status_code == 200
        assert "Jahresgespräch" in text(response)


def test_anonymous_people_are_sent_to_the_login(organisation, two_rounds, client_for):
    for url in (reverse("check_home"), _url("check_overview", organisation)):
        response = client_for(None).get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_check_home_takes_a_coordinator_of_one_organisation_to_its_check(organisation, coordinator, client_for):
    response = client_for(coordinator).get(reverse("check_home"))
    assert response.status_code == 302
    assert response["Location"] == _url("check_overview", organisation)


def test_check_home_lists_the_organisations_of_a_coordinator_of_several(organisation, coordinator, client_for):
    second = OrganisationFactory(name="Caritas Beispielstadt", slug="caritas")
    CoordinatorFactory(user=coordinator, organisation=second)
    page = text(client_for(coordinator).get(reverse("check_home")))
    assert "Stadt Musterstadt" in page and "Caritas Beispielstadt" in page


def test_check_home_is_not_found_for_people_who_coordinate_nothing(manager, outsider, client_for):
    for user in (manager, outsider):
        assert client_for(user).get(reverse("check_home")).status_code == 404


# The overview


def test_without_rounds_the_check_explains_itself_and_offers_the_first_round(organisation, coordinator, client_for):
    response = client_for(coordinator).get(_url("check_overview", organisation))
    page = text(response)
    assert gettext("No round yet") in page
    assert gettext("Begin the first round") in page
    assert _url("check_round_create", organisation) in response.content.decode()


def test_the_overview_shows_levels_changes_and_open_actions_in_words(organisation, two_rounds, coordinator, client_for):
    response = client_for(coordinator).get(_url("check_overview", organisation))
    page = text(response)

    for title in DIMENSIONS + CHALLENGES:
        assert title in page
    haltung = text(response, f"thema-{topic('haltung').pk}")
    assert f"3 – {Maturity.LARGELY.label}" in haltung
    assert str(Change.UP.label) in haltung
    assert gettext("before: %(level)s") % {"level": Maturity.STARTED.label} in haltung
    assert str(Change.DOWN.label) in text(response, f"thema-{topic('transparenz').pk}")
    assert str(Change.SAME.label) in text(response, f"thema-{topic('leistungsangebot').pk}")
    assert str(Change.NEW.label) in text(response, f"thema-{topic('finanzierung').pk}")
    assert str(Change.NOT_RATED.label) in text(response, f"thema-{topic('vernetzung').pk}")
    assert gettext("Step %(n)s of the ten-step model") % {"n": 6} in text(response, f"thema-{topic('vernetzung').pk}")
    # The maturity scale in words.
    scale = text(response, "reifegrade")
    for value, label in Maturity.choices:
        assert f"{value} – {label}" in scale

    actions = text(response, "massnahmen")
    assert "Newsletter neu aufsetzen" in actions and "Leitbild in alle Teams tragen" in actions
    assert "Leitbild beschließen" not in actions  # done
    overdue = gettext("overdue since %(day)s") % {"day": _short(timezone.localdate() - timedelta(days=12))}
    assert overdue in text(response, f"massnahme-{CheckAction.objects.get(what='Newsletter neu aufsetzen').pk}")
    assert gettext("overdue since %(day)s").split("%")[0].strip() not in text(
        response, f"massnahme-{CheckAction.objects.get(what='Leitbild in alle Teams tragen').pk}"
    )
    assert actions.index("Newsletter neu aufsetzen") < actions.index("Leitbild in alle Teams tragen")
    # Both rounds are listed, newest first.
    assert page.index("Jahresgespräch") < page.index("Klausur")


def test_the_overview_takes_the_same_queries_with_one_round_or_three(
    organisation, coordinator, client_for, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(coordinator)
    url = _url("check_overview", organisation)
    first = make_round(organisation, days(-400), {"haltung": 1})
    action(first, "haltung", "Eins", days(10))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count()
    for n, held in enumerate((days(-200), days(-20)), start=2):
        later = make_round(organisation, held, {"haltung": n, "transparenz": 2, "partner": 3})
        for key in ("haltung", "transparenz", "partner", "beteiligung"):
            action(later, key, f"Schritt {key} {n}", days(n * 7))
            action(later, key, f"Alt {key} {n}", days(-n * 7))
    assert count() == small


def test_round_and_topic_pages_take_the_same_queries_however_many_actions(organisation, coordinator, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(coordinator)
    make_round(organisation, days(-400), {"haltung": 1})
    latest = make_round(organisation, days(-10), {"haltung": 2})
    action(latest, "haltung", "Eins", days(10))
    urls = [
        _url("check_round_detail", organisation, round_id=latest.pk),
        _url("check_rating_edit", organisation, round_id=latest.pk, topic_id=topic("haltung").pk),
    ]

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = [count(url) for url in urls]
    for key in ("haltung", "transparenz", "partner"):
        for n in range(4):
            action(latest, key, f"Schritt {key} {n}", days(n - 2))
    assert [count(url) for url in urls] == small


# Rounds


def test_a_coordinator_begins_a_round_with_a_row_for_every_topic(organisation, coordinator, client_for):
    response = client_for(coordinator).post(
        _url("check_round_create", organisation),
        {"held_on": "12.03.2026", "title": "Klausur 2026", "notes": "Mit der Amtsleitung"},
    )
    check_round = CheckRound.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("check_round_detail", organisation, round_id=check_round.pk)
    assert (check_round.held_on, check_round.title, check_round.created_by) == (
        date(2026, 3, 12),
        "Klausur 2026",
        coordinator,
    )
    assert check_round.ratings.count() == 12
    assert not check_round.ratings.filter(level__isnull=False).exists()


def test_a_new_round_can_start_from_the_levels_and_evidence_of_the_round_before(
    organisation, two_rounds, coordinator, client_for
):
    client = client_for(coordinator)
    client.post(_url("check_round_create", organisation), {"held_on": days(0).isoformat(), "take_over": "on"})
    client.post(_url("check_round_create", organisation), {"held_on": days(1).isoformat()})
    taken_over, fresh = CheckRound.objects.order_by("-pk")[1], CheckRound.objects.order_by("-pk")[0]

    assert rating(taken_over, "haltung").level == 3
    assert rating(taken_over, "haltung").evidence == "Beleg haltung"
    assert rating(taken_over, "finanzierung").level == 2
    assert rating(taken_over, "vernetzung").level is None
    assert not rating(taken_over, "haltung").actions.exists()  # actions stay with their round
    assert not fresh.ratings.filter(level__isnull=False).exists()


def test_the_first_round_form_does_not_offer_to_take_over(organisation, coordinator, client_for):
    response = client_for(coordinator).get(_url("check_round_create", organisation))
    assert 'name="take_over"' not in response.content.decode()
    assert 'name="held_on"' in response.content.decode()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"held_on": ""}, "held_on"),
        ({"held_on": "31.02.2026"}, "held_on"),
        ({"held_on": "kein Datum"}, "held_on"),
        ({"held_on": "01.01.0001"}, "held_on"),
        ({"held_on": "31.12.9999"}, "held_on"),
        ({"held_on": "12.03.2026", "title": "x" * 201}, "title"),
        ({"held_on": "12.03.2026", "notes": "x" * 20_001}, "notes"),
    ],
)
def test_a_bad_round_is_refused_at_the_field_and_what_was_typed_is_kept(
    data, field, organisation, coordinator, client_for
):
    data = {"title": "Klausur", "notes": "Notiz", **data}
    response = client_for(coordinator).post(_url("check_round_create", organisation), data)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not CheckRound.objects.exists()
    html = response.content.decode()
    if field != "title":
        assert 'value="Klausur"' in html


def test_a_round_is_edited_and_deleted(organisation, two_rounds, coordinator, client_for, settings):
    before, latest = two_rounds
    client = client_for(coordinator)
    response = client.post(
        _url("check_round_edit", organisation, round_id=latest.pk), {"held_on": "2026-02-01", "title": "Neu"}
    )
    assert response.status_code == 302
    latest.refresh_from_db()
    assert (latest.held_on, latest.title) == (date(2026, 2, 1), "Neu")

    response = client.post(_url("check_round_delete", organisation, round_id=latest.pk))
    assert response["Location"] == _url("check_overview", organisation)
    assert list(CheckRound.objects.all()) == [before]
    assert not CheckAction.objects.filter(what="Newsletter neu aufsetzen").exists()
    # A second click finds it gone and lands on the overview again.
    assert client.post(_url("check_round_delete", organisation, round_id=latest.pk)).status_code == 302


# Rating a topic


def test_the_topic_page_shows_the_question_the_scale_and_the_round_before(
    organisation, two_rounds, coordinator, client_for
):
    _before, latest = two_rounds
    response = client_for(coordinator).get(
        _url("check_rating_edit", organisation, round_id=latest.pk, topic_id=topic("haltung").pk)
    )
    page = text(response)
    assert "Haltungsänderung" in page and "Stehen der Wille der Menschen" in page
    for value, label in Maturity.choices:
        assert f"{value} – {label}" in page
    checked = re.findall(r'<input[^>]*name="level"[^>]*>', response.content.decode())
    assert [i for i in checked if "checked" in i and 'value="3"' in i], checked
    assert "Beleg haltung" in page
    assert "Leitbild in alle Teams tragen" in text(response, "massnahmen")


def test_a_coordinator_rates_a_topic(organisation, two_rounds, coordinator, client_for):
    _before, latest = two_rounds
    url = _url("check_rating_edit", organisation, round_id=latest.pk, topic_id=topic("vernetzung").pk)
    response = client_for(coordinator).post(url, {"level": "2", "evidence": "Gemeinsame Runden\r\nje Quartier"})
    assert response.status_code == 302 and response["Location"] == url + "#massnahmen"
    saved = rating(latest, "vernetzung")
    assert (saved.level, saved.evidence, saved.updated_by) == (2, "Gemeinsame Runden\nje Quartier", coordinator)


def test_save_and_go_on_leads_to_the_next_topic_and_after_the_last_to_the_round(
    organisation, two_rounds, coordinator, client_for
):
    _before, latest = two_rounds
    client = client_for(coordinator)
    response = client.post(
        _url("check_rating_edit", organisation, round_id=latest.pk, topic_id=topic("mitarbeiterqualifikation").pk),
        {"level": "3", "then": "next"},
    )
    # The last dimension is followed by the first challenge.
    assert response["Location"] == _url(
        "check_rating_edit", organisation, round_id=latest.pk, topic_id=topic("sozialraumanalyse").pk
    )
    response = client.post(
        _url("check_rating_edit", organisation, round_id=latest.pk, topic_id=topic("finanzierung").pk),
        {"level": "3", "then": "next"},
    )
    assert response["Location"] == _url("check_round_detail", organisation, round_id=latest.pk)


@pytest.mark.parametrize("level", ["9", "0", "-1", "abc", "", "2.5", "99999999999999999999"])
def test_a_level_outside_the_scale_is_refused_and_the_evidence_kept(
    level, organisation, two_rounds, coordinator, client_for
):
    _before, latest = two_rounds
    url = _url("check_rating_edit", organisation, round_id=latest.pk, topic_id=topic("vernetzung").pk)
    response = client_for(coordinator).post(url, {"level": level, "evidence": "Mein Nachweis"})
    assert response.status_code == 400
    assert gettext("Please choose one of the four levels.") in text(response)
    assert "Mein Nachweis" in response.content.decode()
    assert rating(latest, "vernetzung").level is None


def test_too_long_evidence_is_refused(organisation, two_rounds, coordinator, client_for):
    _before, latest = two_rounds
    url = _url("check_rating_edit", organisation, round_id=latest.pk, topic_id=topic("vernetzung").pk)
    response = client_for(coordinator).post(url, {"level": "2", "evidence": "x" * 2001})
    assert response.status_code == 400
    assert response.context["rating_form"].errors["evidence"]
    assert rating(latest, "vernetzung").level is None


def test_another_organisations_round_topic_and_action_are_not_found(
    organisation, other_organisation, two_rounds, coordinator, client_for
):
    theirs = make_round(other_organisation, days(-5), {"haltung": 4})
    their_action = action(theirs, "haltung", "Geheim", days(5))
    client = client_for(coordinator)
    haltung = topic("haltung").pk
    for method, url, data in [
        ("get", _url("check_round_detail", organisation, round_id=theirs.pk), {}),
        ("get", _url("check_rating_edit", organisation, round_id=theirs.pk, topic_id=haltung), {}),
        ("post", _url("check_rating_edit", organisation, round_id=theirs.pk, topic_id=haltung), {"level": "1"}),
        ("post", _url("check_action_create", organisation, round_id=theirs.pk, topic_id=haltung), {}),
        ("get", _url("check_round_edit", organisation, round_id=theirs.pk), {}),
        ("get", _url("check_action_edit", organisation, action_id=their_action.pk), {}),
        ("post", _url("check_action_done", organisation, action_id=their_action.pk), {"done": "1"}),
        ("get", _url("check_rating_edit", organisation, round_id=999999, topic_id=haltung), {}),
        ("get", _url("check_rating_edit", organisation, round_id=two_rounds[1].pk, topic_id=999999), {}),
        ("get", _url("check_overview", other_organisation), {}),
    ]:
        assert getattr(client, method)(url, data).status_code == 404, url
    # Deleting a round or action that is not ours changes nothing.
    client.post(_url("check_round_delete", organisation, round_id=theirs.pk))
    client.post(_url("check_action_delete", organisation, action_id=their_action.pk))
    their_action.refresh_from_db()
    assert CheckRound.objects.filter(pk=theirs.pk).exists()
    assert their_action.done_on is None and rating(theirs, "haltung").level == 4


# Next actions


def test_a_coordinator_adds_a_next_action_to_a_topic(organisation, two_rounds, coordinator, client_for):
    _before, latest = two_rounds
    topic_url = _url("check_rating_edit", organisation, round_id=latest.pk, topic_id=topic("vernetzung").pk)
    response = client_for(coordinator).post(
        _url("check_action_create", organisation, round_id=latest.pk, topic_id=topic("vernetzung").pk),
        {"what": "Gemeinsamen Kalender einrichten", "who": "Quartierskoordination", "due": "2026-12-01"},
    )
    assert response.status_code == 302 and response["Location"] == topic_url + "#massnahmen"
    made = CheckAction.objects.get(what="Gemeinsamen Kalender einrichten")
    assert (made.rating, made.who, made.due, made.created_by) == (
        rating(latest, "vernetzung"),
        "Quartierskoordination",
        date(2026, 12, 1),
        coordinator,
    )
    assert "Gemeinsamen Kalender einrichten" in text(client_for(coordinator).get(topic_url), "massnahmen")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"what": ""}, "what"),
        ({"what": "   "}, "what"),
        ({"who": ""}, "who"),
        ({"due": ""}, "due"),
        ({"due": "2026-13-45"}, "due"),
        ({"due": "morgen"}, "due"),
        ({"due": "3000-01-01"}, "due"),
        ({"due": "1900-01-01"}, "due"),
        ({"what": "x" * 301}, "what"),
        ({"who": "x" * 201}, "who"),
    ],
)
def test_a_bad_action_is_refused_at_the_field_and_what_was_typed_is_kept(
    data, field, organisation, two_rounds, coordinator, client_for
):
    _before, latest = two_rounds
    data = {"what": "Kalender einrichten", "who": "Koordination", "due": "2026-12-01", **data}
    response = client_for(coordinator).post(
        _url("check_action_create", organisation, round_id=latest.pk, topic_id=topic("vernetzung").pk), data
    )
    assert response.status_code == 400
    assert response.context["action_form"].errors[field]
    assert not CheckAction.objects.filter(rating__topic__key="vernetzung").exists()
    html = response.content.decode()
    for name in ("what", "who"):
        if name != field:
            assert f'value="{data[name]}"' in html


def test_an_action_is_edited_marked_done_reopened_and_deleted(organisation, two_rounds, coordinator, client_for):
    client = client_for(coordinator)
    item = CheckAction.objects.get(what="Newsletter neu aufsetzen")
    overview = _url("check_overview", organisation)

    response = client.post(
        _url("check_action_edit", organisation, action_id=item.pk),
        {"what": "Newsletter an Quartiersbüros übergeben", "who": "Amtsleitung", "due": "2027-01-15", "next": overview},
    )
    assert response["Location"] == overview
    item.refresh_from_db()
    assert (item.what, item.who, item.due) == (
        "Newsletter an Quartiersbüros übergeben",
        "Amtsleitung",
        date(2027, 1, 15),
    )

    client.post(_url("check_action_done", organisation, action_id=item.pk), {"done": "1", "next": overview})
    item.refresh_from_db()
    assert item.done_on == timezone.localdate()
    assert "Newsletter an Quartiersbüros" not in text(client.get(overview), "massnahmen")

    client.post(_url("check_action_done", organisation, action_id=item.pk), {"done": "0"})
    item.refresh_from_db()
    assert item.done_on is None

    response = client.post(_url("check_action_delete", organisation, action_id=item.pk), {"next": overview})
    assert response["Location"] == overview
    assert not CheckAction.objects.filter(pk=item.pk).exists()
    # A second click finds nothing and still goes back.
    assert client.post(_url("check_action_delete", organisation, action_id=item.pk)).status_code == 302


def test_an_action_edit_keeps_what_was_typed_on_error(organisation, two_rounds, coordinator, client_for):
    item = CheckAction.objects.get(what="Newsletter neu aufsetzen")
    response = client_for(coordinator).post(
        _url("check_action_edit", organisation, action_id=item.pk), {"what": "Neuer Text", "who": "", "due": "x"}
    )
    assert response.status_code == 400
    assert 'value="Neuer Text"' in response.content.decode()
    assert set(response.context["form"].errors) == {"who", "due"}
    item.refresh_from_db()
    assert item.what == "Newsletter neu aufsetzen"


def test_the_way_back_after_an_action_never_leaves_the_site(organisation, two_rounds, coordinator, client_for):
    item = CheckAction.objects.get(what="Newsletter neu aufsetzen")
    response = client_for(coordinator).post(
        _url("check_action_done", organisation, action_id=item.pk), {"done": "1", "next": "https://evil.example/"}
    )
    assert response["Location"].startswith("/o/")


def test_get_requests_change_nothing(organisation, two_rounds, coordinator, client_for):
    item = CheckAction.objects.get(what="Newsletter neu aufsetzen")
    client = client_for(coordinator)
    for name in ("check_action_done", "check_action_delete"):
        assert client.get(_url(name, organisation, action_id=item.pk)).status_code == 405
    assert client.get(_url("check_round_delete", organisation, round_id=two_rounds[1].pk)).status_code == 405
    assert client.get(_url("check_report_request", organisation)).status_code == 405
    assert CheckAction.objects.filter(pk=item.pk, done_on__isnull=True).exists()


def test_the_rating_rows_of_a_round_cover_the_catalogue(organisation, coordinator, client_for):
    client_for(coordinator).post(_url("check_round_create", organisation), {"held_on": "2026-03-01"})
    keys = set(CheckRating.objects.values_list("topic__kind", flat=True))
    assert keys == {"dimension", "challenge"}


def test_after_a_refused_action_the_buttons_still_lead_back_to_the_topic(
    organisation, two_rounds, coordinator, client_for
):
    _before, latest = two_rounds
    haltung = topic("haltung").pk
    response = client_for(coordinator).post(
        _url("check_action_create", organisation, round_id=latest.pk, topic_id=haltung), {"what": "", "who": ""}
    )
    assert response.status_code == 400
    back = _url("check_rating_edit", organisation, round_id=latest.pk, topic_id=haltung) + "#massnahmen"
    assert f'name="next" value="{back}"' in response.content.decode()
