"""Meetings of the network: planning and minuting them, attendance limited to the network,
action items (ticked by managers and by whoever they were given to) that can become measures."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from network.meetings import services
from network.meetings.models import ActionItem, Meeting
from network.partners.accounts import partner_account_set
from planning.measures.models import Measure
from quartier.models import Role
from tests.factories import MembershipFactory, NetworkMembershipFactory, PartnerFactory, UserFactory
from tests.pages import text

from .meetings_data import BERLIN, at, item, meeting

pytestmark = pytest.mark.django_db


def _form(**overrides: object) -> dict[str, object]:
    data = {
        "kind": "netzwerktreffen",
        "title": "Netzwerktreffen November",
        "date": "25.11.2026",
        "begins": "18:30",
        "ends": "20:00 Uhr",
        "place": "Bürgerhaus, großer Saal",
        "agenda": "1. Begrüßung\n2. Nachbarschaftscafé",
        "citizens_count": "12",
        "minutes": "",
        "decisions": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def sonnenschein(quartier):
    """A second partner of the network, with a user of its own."""
    return NetworkMembershipFactory(quartier=quartier, partner__name="Pflegedienst Sonnenschein").partner


@pytest.fixture
def sonnenschein_user(sonnenschein):
    user = UserFactory(email="petra@sonnenschein.example")
    partner_account_set(user=user, partner=sonnenschein)
    return user


# Creating and editing


def test_manager_plans_a_meeting_with_german_date_and_time(quartier, manager, partner_org, client_for):
    client = client_for(manager)

    response = client.post(reverse("meeting_create", args=[quartier.slug]), _form(invited=[partner_org.pk]))

    meeting_ = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meeting_detail", args=[quartier.slug, meeting_.pk])
    assert meeting_.starts_at == datetime.datetime(2026, 11, 25, 18, 30, tzinfo=BERLIN)
    assert meeting_.ends_at == datetime.datetime(2026, 11, 25, 20, 0, tzinfo=BERLIN)
    assert list(meeting_.invited.all()) == [partner_org]
    assert meeting_.created_by == manager

    page = client.get(response["Location"])
    assert "Mittwoch, 25.11.2026, 18:30–20:00 Uhr" in text(page, "meeting-facts")
    assert "Bürgerhaus, großer Saal" in text(page, "meeting-facts")
    assert "Wohnbau Beispiel eG" in text(page, "invited")
    assert "Noch kein Protokoll." in text(page, "minutes")


def test_a_meeting_form_with_mistakes_answers_in_german_and_keeps_what_was_typed(quartier, manager, client_for):
    response = client_for(manager).post(
        reverse("meeting_create", args=[quartier.slug]),
        _form(date="31.02.2026", begins="halb sieben", title="Arbeitsgruppe Wohnen", place="Rathaus"),
    )

    assert response.status_code == 400
    page = text(response)
    assert "Bitte prüfen Sie Ihre Angaben" in page
    assert "Datum: Bitte ein gültiges Datum eingeben." in page
    assert "Beginn: Bitte eine gültige Uhrzeit eingeben." in page
    body = response.content.decode()
    assert 'value="Arbeitsgruppe Wohnen"' in body and 'value="Rathaus"' in body
    assert "2. Nachbarschaftscafé" in body
    assert not Meeting.objects.exists()


def test_the_end_cannot_be_before_the_beginning(quartier, manager, client_for):
    response = client_for(manager).post(
        reverse("meeting_create", args=[quartier.slug]), _form(begins="18.30", ends="17:00")
    )

    assert response.status_code == 400
    assert "Ende: Das Ende kann nicht vor dem Beginn liegen." in text(response)
    assert not Meeting.objects.exists()


def test_too_many_citizens_and_too_long_texts_are_refused(quartier, manager, client_for):
    response = client_for(manager).post(
        reverse("meeting_create", args=[quartier.slug]), _form(citizens_count="100001", minutes="x" * 20_001)
    )

    assert response.status_code == 400
    page = text(response)
    assert "Anzahl anwesender Bürger*innen" in page
    assert "kleiner oder gleich 100000" in page.replace(".", "")
    assert "Protokoll:" in page
    assert not Meeting.objects.exists()


def test_only_partners_of_the_network_can_be_invited_or_present(quartier, other_quartier, manager, client_for):
    dormant = NetworkMembershipFactory(quartier=quartier, status="ruhend", partner__name="Kirchengemeinde").partner
    approached = NetworkMembershipFactory(quartier=quartier, status="angefragt", partner__name="Apotheke").partner
    left = NetworkMembershipFactory(quartier=quartier, status="ausgetreten", partner__name="Bäckerei Alt").partner
    elsewhere = NetworkMembershipFactory(quartier=other_quartier, partner__name="Eichenauer Tafel").partner
    unlinked = PartnerFactory(organisation=quartier.organisation, name="Ohne Netzwerk e.V.")
    client = client_for(manager)

    form = text(client.get(reverse("meeting_create", args=[quartier.slug])))
    assert "Kirchengemeinde" in form and "Apotheke" in form
    for absent in ("Bäckerei Alt", "Eichenauer Tafel", "Ohne Netzwerk e.V."):
        assert absent not in form

    for outsider in (left, elsewhere, unlinked):
        response = client.post(reverse("meeting_create", args=[quartier.slug]), _form(present=[outsider.pk]))
        assert response.status_code == 400
        assert "Anwesende Kooperationspartner*innen" in text(response)
    assert not Meeting.objects.exists()

    # The service refuses too, whoever calls it.
    with pytest.raises(ValidationError):
        services.meeting_create(
            quartier=quartier,
            user=manager,
            invited=[elsewhere],
            title="Treffen",
            starts_at=timezone.now(),
        )
    ok = client.post(reverse("meeting_create", args=[quartier.slug]), _form(invited=[dormant.pk, approached.pk]))
    assert ok.status_code == 302
    assert set(Meeting.objects.get().invited.all()) == {dormant, approached}


def test_a_partner_who_left_stays_on_meetings_they_attended(quartier, manager, client_for):
    membership = NetworkMembershipFactory(quartier=quartier, partner__name="Bäckerei Alt")
    m = meeting(quartier, present=(membership.partner,))
    membership.status = "ausgetreten"
    membership.save()
    client = client_for(manager)

    assert "Bäckerei Alt" in text(client.get(reverse("meeting_edit", args=[quartier.slug, m.pk])))
    response = client.post(
        reverse("meeting_edit", args=[quartier.slug, m.pk]),
        _form(present=[membership.partner.pk], minutes="Alle da."),
    )

    assert response.status_code == 302
    assert list(m.present.all()) == [membership.partner]


def test_editing_writes_the_minutes_and_the_history_says_so(quartier, manager, partner_org, client_for):
    client = client_for(manager)
    client.post(reverse("meeting_create", args=[quartier.slug]), _form())
    m = Meeting.objects.get()

    response = client.post(
        reverse("meeting_edit", args=[quartier.slug, m.pk]),
        _form(minutes="Das Café öffnet im Januar.", decisions="Wir starten im Januar.", present=[partner_org.pk]),
    )

    assert response.status_code == 302
    page = client.get(reverse("meeting_detail", args=[quartier.slug, m.pk]))
    assert "Das Café öffnet im Januar." in text(page, "minutes")
    assert "Wir starten im Januar." in text(page, "decisions")
    history = text(page, "history")
    assert "Treffen angelegt" in history
    assert "Geändert:" in history and "Protokoll" in history and "Beschlüsse" in history
    assert "Anwesende Kooperationspartner*innen" in history
    assert manager.display_name in history


def test_the_edit_form_shows_the_stored_date_and_times(quartier, manager, client_for):
    m = meeting(quartier, starts=at(datetime.date(2026, 3, 29), 10, 0), ends=at(datetime.date(2026, 3, 29), 12, 15))

    body = client_for(manager).get(reverse("meeting_edit", args=[quartier.slug, m.pk])).content.decode()

    assert 'value="2026-03-29"' in body and 'value="10:00"' in body and 'value="12:15"' in body


def test_the_history_is_for_managers_only(quartier, viewer, client_for):
    m = meeting(quartier)

    page = client_for(viewer).get(reverse("meeting_detail", args=[quartier.slug, m.pk]))

    assert page.status_code == 200
    assert 'id="history"' not in page.content.decode()
    assert "Treffen bearbeiten" not in text(page)


# The list


def test_the_empty_list_explains_the_kinds_of_meetings(quartier, manager, viewer, client_for):
    page = text(client_for(manager).get(reverse("meeting_list", args=[quartier.slug])), "meetings-empty")

    assert "Netzwerktreffen" in page and "Quartierskonferenz" in page and "Arbeitsgruppe" in page
    assert "Erstes Treffen planen" in page
    viewer_page = text(client_for(viewer).get(reverse("meeting_list", args=[quartier.slug])))
    assert "Neues Treffen" not in viewer_page and "Erstes Treffen planen" not in viewer_page


def test_the_list_shows_upcoming_and_past_meetings_with_their_figures(quartier, manager, partner_org, client_for):
    today = timezone.localdate()
    other = NetworkMembershipFactory(quartier=quartier).partner
    coming = meeting(
        quartier,
        "Quartierskonferenz Frühjahr",
        starts=at(today + datetime.timedelta(days=30)),
        kind="quartierskonferenz",
        place="Aula",
        invited=(partner_org, other),
    )
    past = meeting(
        quartier,
        "AG Wohnen",
        starts=at(today - datetime.timedelta(days=10), 17, 0),
        kind="arbeitsgruppe",
        invited=(partner_org,),
        present=(partner_org,),
        minutes="Gut besucht.",
    )
    item(past, "Rampe prüfen", partner=partner_org, due=today - datetime.timedelta(days=2))
    item(past, "Bank bestellen", user=manager, due=today + datetime.timedelta(days=5))
    item(past, "Erledigt schon", done=True)

    response = client_for(manager).get(reverse("meeting_list", args=[quartier.slug]))

    upcoming = text(response, "upcoming")
    assert "Quartierskonferenz Frühjahr" in upcoming and "Aula" in upcoming
    assert text(response, f"meeting-{coming.pk}").endswith("2 0 noch kein Protokoll 0")
    row = text(response, f"meeting-{past.pk}")
    assert "AG Wohnen Arbeitsgruppe" in row
    assert "17:00 Uhr" in row
    assert row.endswith("1 1 ✓ protokolliert 2")
    items = text(response, "open-items")
    assert "Rampe prüfen Wohnbau Beispiel eG" in items
    assert f"{(today - datetime.timedelta(days=2)):%d.%m.%Y} ⚠ überfällig" in items
    assert f"Bank bestellen {manager.display_name}" in items
    assert "Erledigt schon" not in items
    assert text(response).index("Kommende Treffen") < text(response).index("Vergangene Treffen")


def _count(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _meetings(quartier, manager, n: int, start: int = 0) -> None:
    today = timezone.localdate()
    for i in range(start, start + n):
        partner = NetworkMembershipFactory(quartier=quartier).partner
        m = meeting(
            quartier, f"Treffen {i}", starts=at(today + datetime.timedelta(days=(i % 2) * 40 - 20)), invited=(partner,)
        )
        item(m, f"Aufgabe {i}", partner=partner, due=today)
        item(m, f"Aufgabe {i}b", user=manager, due=today)


def test_the_list_costs_the_same_queries_for_few_and_many_meetings(quartier, manager, client_for):
    client = client_for(manager)
    url = reverse("meeting_list", args=[quartier.slug])
    _meetings(quartier, manager, 2)
    few = _count(client, url)
    _meetings(quartier, manager, 8, start=2)

    assert _count(client, url) == few


def test_partners_do_not_open_the_teams_meeting_list(quartier, partner, client_for):
    assert client_for(partner).get(reverse("meeting_list", args=[quartier.slug])).status_code == 403


# Partner users


def test_a_partner_user_sees_a_meeting_their_partner_was_invited_to(quartier, partner, partner_org, client_for):
    from tests.factories import ContactFactory

    m = meeting(quartier, invited=(partner_org,), agenda="Café planen", minutes="Protokoll X", decisions="Beschluss Y")
    colleague = NetworkMembershipFactory(quartier=quartier, partner__name="Pflegedienst Sonnenschein").partner
    m.present.add(colleague)
    ContactFactory(partner=colleague, email="p.sonnenschein@pflegedienst-sonnenschein.example")
    item(m, "Saal buchen", partner=partner_org)

    response = client_for(partner).get(reverse("meeting_detail", args=[quartier.slug, m.pk]))

    assert response.status_code == 200
    page = text(response)
    for shown in ("Café planen", "Protokoll X", "Beschluss Y", "Pflegedienst Sonnenschein", "Saal buchen"):
        assert shown in page
    body = response.content.decode()
    assert "p.sonnenschein@" not in body and "manager@example.org" not in body
    assert "Treffen bearbeiten" not in page and "Verlauf" not in page
    assert f'href="{reverse("cockpit", args=[quartier.slug])}"' not in body  # no links into the team's workspace


def test_a_partner_user_sees_a_meeting_where_their_partner_has_a_task(quartier, partner, partner_org, client_for):
    m = meeting(quartier)
    client = client_for(partner)
    url = reverse("meeting_detail", args=[quartier.slug, m.pk])

    assert client.get(url).status_code == 404
    item(m, "Flyer drucken", partner=partner_org)
    assert client.get(url).status_code == 200


def test_a_partner_user_does_not_see_other_meetings_or_other_quartiers(
    quartier, other_quartier, partner, sonnenschein, client_for
):
    theirs = meeting(quartier, invited=(sonnenschein,))
    elsewhere = meeting(other_quartier)
    client = client_for(partner)

    assert client.get(reverse("meeting_detail", args=[quartier.slug, theirs.pk])).status_code == 404
    assert client.get(reverse("meeting_detail", args=[other_quartier.slug, elsewhere.pk])).status_code == 404
    assert client.get(reverse("meeting_detail", args=[quartier.slug, elsewhere.pk])).status_code == 404


# Action items


def test_manager_adds_an_action_item_for_a_partner(quartier, manager, partner_org, client_for):
    m = meeting(quartier)
    client = client_for(manager)

    response = client.post(
        reverse("action_item_create", args=[quartier.slug, m.pk]),
        {"task": "Gemeinschaftsraum reservieren", "responsible_partner": partner_org.pk, "due_date": "2026-12-01"},
    )

    assert response.status_code == 302
    new = ActionItem.objects.get()
    assert (new.meeting, new.responsible_partner, new.due_date) == (m, partner_org, datetime.date(2026, 12, 1))
    page = text(client.get(reverse("meeting_detail", args=[quartier.slug, m.pk])), "aufgaben")
    assert "Gemeinschaftsraum reservieren" in page and "Wohnbau Beispiel eG" in page and "01.12.2026" in page


def test_an_action_item_due_in_the_year_9999_is_a_typing_mistake(quartier, manager, client_for):
    m = meeting(quartier)

    response = client_for(manager).post(
        reverse("action_item_create", args=[quartier.slug, m.pk]),
        {"task": "Saal buchen", "due_date": "9999-12-31"},
    )

    assert response.status_code == 400
    assert "Bitte ein Datum zwischen dem 01.01.1990 und dem" in text(response)
    assert 'value="Saal buchen"' in response.content.decode()
    assert not ActionItem.objects.exists()


def test_an_action_item_goes_to_a_partner_or_a_person_not_both(quartier, manager, partner_org, client_for):
    m = meeting(quartier)

    response = client_for(manager).post(
        reverse("action_item_create", args=[quartier.slug, m.pk]),
        {"task": "Saal buchen", "responsible_partner": partner_org.pk, "responsible_user": manager.pk},
    )

    assert response.status_code == 400
    assert "entweder eine*n Kooperationspartner*in oder eine Person" in text(response)
    assert 'value="Saal buchen"' in response.content.decode()
    assert not ActionItem.objects.exists()


def test_an_action_item_goes_only_to_the_team_not_to_outsiders_or_partner_accounts(
    quartier, manager, partner, outsider, client_for
):
    m = meeting(quartier)
    client = client_for(manager)
    form = text(client.get(reverse("action_item_create", args=[quartier.slug, m.pk])))
    assert manager.display_name in form

    for person in (outsider, partner):
        response = client.post(
            reverse("action_item_create", args=[quartier.slug, m.pk]), {"task": "X", "responsible_user": person.pk}
        )
        assert response.status_code == 400
    assert not ActionItem.objects.exists()


def test_editing_an_action_item(quartier, manager, developer, client_for):
    task = item(meeting(quartier), "Saal buchen")

    response = client_for(manager).post(
        reverse("action_item_edit", args=[quartier.slug, task.pk]),
        {"task": "Großen Saal buchen", "responsible_user": developer.pk, "due_date": "24.12.2026"},
    )

    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.task, task.responsible_user, task.due_date) == (
        "Großen Saal buchen",
        developer,
        datetime.date(2026, 12, 24),
    )


def _toggle(client, quartier, task, done: str = "1"):
    return client.post(reverse("action_item_toggle", args=[quartier.slug, task.pk]), {"done": done})


def test_the_manager_ticks_an_action_item_and_opens_it_again(quartier, manager, client_for):
    task = item(meeting(quartier))
    client = client_for(manager)

    assert _toggle(client, quartier, task).status_code == 302
    task.refresh_from_db()
    assert task.done and task.done_at is not None
    _toggle(client, quartier, task, done="0")
    task.refresh_from_db()
    assert not task.done and task.done_at is None


def test_the_responsible_partners_user_marks_their_item_done(quartier, partner, partner_org, client_for):
    m = meeting(quartier)
    task = item(m, "Saal buchen", partner=partner_org)
    client = client_for(partner)

    response = _toggle(client, quartier, task)

    assert response.status_code == 302
    assert response["Location"].endswith(reverse("meeting_detail", args=[quartier.slug, m.pk]) + "#aufgaben")
    task.refresh_from_db()
    assert task.done
    assert "„Saal buchen“ ist erledigt." in text(client.get(response["Location"]))


def test_another_partner_may_not_tick_the_item(quartier, partner_org, sonnenschein, sonnenschein_user, client_for):
    m = meeting(quartier)
    task = item(m, "Saal buchen", partner=partner_org)
    client = client_for(sonnenschein_user)

    # Not concerned by the meeting: it does not exist for them.
    assert _toggle(client, quartier, task).status_code == 404
    # Invited to it: they see the item, but it is not theirs.
    m.invited.add(sonnenschein)
    assert _toggle(client, quartier, task).status_code == 403
    task.refresh_from_db()
    assert not task.done


def test_the_responsible_person_ticks_their_item_but_not_others(quartier, developer, client_for):
    m = meeting(quartier)
    mine, other = item(m, "Meins", user=developer), item(m, "Fremd")
    client = client_for(developer)

    assert _toggle(client, quartier, mine).status_code == 302
    assert _toggle(client, quartier, other).status_code == 403
    assert list(ActionItem.objects.filter(done=True)) == [mine]


def test_an_action_item_becomes_exactly_one_measure(quartier, manager, developer, client_for):
    m = meeting(quartier, "AG Soziales", starts=at(datetime.date(2026, 11, 25)))
    task = item(m, "Nachbarschaftscafé gründen", user=developer, due=datetime.date(2027, 3, 31))
    client = client_for(manager)
    url = reverse("action_item_to_measure", args=[quartier.slug, task.pk])

    form = client.get(url)
    assert form.status_code == 200
    assert "Maßnahme daraus machen" in text(form)
    assert not Measure.objects.exists()

    response = client.post(url, {"domain": "soziales"})
    again = client.post(url, {"domain": "wohnen"})

    measure = Measure.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "measure_detail", args=[quartier.slug, measure.pk]
    )
    assert again.status_code == 302 and again["Location"] == response["Location"]
    assert (measure.title, measure.domain, measure.status) == ("Nachbarschaftscafé gründen", "soziales", "geplant")
    assert (measure.responsible, measure.end, measure.created_by) == (developer, datetime.date(2027, 3, 31), manager)
    assert "AG Soziales" in measure.description and "25.11.2026" in measure.description
    task.refresh_from_db()
    assert task.measure == measure
    detail = client.get(reverse("meeting_detail", args=[quartier.slug, m.pk]))
    assert "Wurde zur Maßnahme „Nachbarschaftscafé gründen“" in text(detail, "aufgaben")
    assert url not in detail.content.decode()


def test_making_a_measure_needs_the_right_to_edit_measures(quartier, developer, client_for):
    task = item(meeting(quartier))

    response = client_for(developer).post(
        reverse("action_item_to_measure", args=[quartier.slug, task.pk]), {"domain": "soziales"}
    )

    assert response.status_code == 403
    assert not Measure.objects.exists()


def test_a_bad_domain_is_refused_in_german(quartier, manager, client_for):
    task = item(meeting(quartier))

    response = client_for(manager).post(
        reverse("action_item_to_measure", args=[quartier.slug, task.pk]), {"domain": "mond"}
    )

    assert response.status_code == 400
    assert "keine gültige Auswahl" in text(response)
    assert not Measure.objects.exists()


def test_the_domain_defaults_to_what_the_partner_serves(quartier, manager, client_for):
    housing = NetworkMembershipFactory(
        quartier=quartier, partner__serves_soziales=False, partner__serves_wohnen=True
    ).partner
    task = item(meeting(quartier), partner=housing)

    body = client_for(manager).get(reverse("action_item_to_measure", args=[quartier.slug, task.pk])).content.decode()

    assert '<option value="wohnen" selected>' in body


def test_a_responsible_person_who_left_the_team_does_not_carry_over(quartier, manager, client_for):
    former = MembershipFactory(quartier=quartier, role=Role.DEVELOPER).user
    task = item(meeting(quartier), user=former)
    former.memberships.all().delete()

    client_for(manager).post(reverse("action_item_to_measure", args=[quartier.slug, task.pk]), {"domain": "pflege"})

    assert Measure.objects.get().responsible is None


# The cockpit


def test_the_cockpit_lists_action_items_due_this_week(quartier, manager, partner_org, client_for):
    today = timezone.localdate()
    m = meeting(quartier, "Netzwerktreffen Herbst")
    item(m, "Saal buchen", partner=partner_org, due=today + datetime.timedelta(days=3))
    item(m, "Protokoll verschicken", user=manager, due=today - datetime.timedelta(days=4))
    item(m, "Später", due=today + datetime.timedelta(days=30))
    item(m, "Schon erledigt", due=today, done=True)

    response = client_for(manager).get(reverse("cockpit", args=[quartier.slug]))

    due = text(response, "due-list")
    assert "Aufgabe: Saal buchen (Netzwerktreffen Herbst)" in due
    assert "Verantwortlich: Wohnbau Beispiel eG" in due
    assert f"überfällig (fällig am {today - datetime.timedelta(days=4):%d.%m.%Y})" in due
    assert "Später" not in due and "Schon erledigt" not in due
    assert due.index("Protokoll verschicken") < due.index("Saal buchen")
    assert reverse("meeting_detail", args=[quartier.slug, m.pk]) + "#aufgaben" in response.content.decode()


def test_the_cockpit_costs_the_same_queries_with_more_action_items(quartier, manager, partner_org, client_for):
    today = timezone.localdate()
    client = client_for(manager)
    url = reverse("cockpit", args=[quartier.slug])

    def add(n: int, start: int) -> None:
        m = meeting(quartier, f"Treffen {start}")
        for i in range(start, start + n):
            item(m, f"Aufgabe {i}", partner=partner_org, due=today)
            item(m, f"Aufgabe {i}b", user=manager, due=today - datetime.timedelta(days=1))

    add(1, 0)
    few = _count(client, url)
    add(8, 1)

    assert _count(client, url) == few
    # Ten of the eighteen are listed, the rest counted.
    assert "und 8 weitere Aufgaben" in text(client.get(url))


def test_the_detail_page_costs_the_same_queries_for_a_short_and_a_long_history(
    quartier, manager, partner_org, client_for
):
    other = NetworkMembershipFactory(quartier=quartier).partner
    m = meeting(quartier, invited=(partner_org,))
    client = client_for(manager)
    url = reverse("meeting_detail", args=[quartier.slug, m.pk])

    def edit(times: int, start: int = 0) -> None:
        for i in range(start, start + times):
            services.meeting_update(
                meeting_id=m.pk,
                user=manager,
                title=f"Netzwerktreffen {i}",
                invited=[partner_org, other] if i % 2 else [partner_org],
                present=[partner_org] if i % 3 else [],
            )

    edit(2)
    few = _count(client, url)
    edit(10, start=2)

    assert _count(client, url) == few
    history = text(client.get(url), "history")
    assert "Anwesende Kooperationspartner*innen" in history  # the lists' changes are still named


@pytest.mark.parametrize(("day", "begins"), [("01.01.0001", "00:10"), ("31.12.9999", "23:59"), ("31.12.1999", "18:00")])
def test_a_meeting_date_far_in_the_past_or_future_is_refused_in_german(quartier, manager, client_for, day, begins):
    response = client_for(manager).post(
        reverse("meeting_create", args=[quartier.slug]), _form(date=day, begins=begins, title="Weit weg")
    )

    assert response.status_code == 400
    assert "Bitte ein Datum zwischen dem 01.01.2000 und dem" in text(response)
    assert 'value="Weit weg"' in response.content.decode()
    assert not Meeting.objects.exists()
