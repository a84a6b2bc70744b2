"""The staff page and the post form: what each role sees and may do, the form's refusals in
German with everything typed kept, the cockpit box and the step-10 panel, posts as evidence."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from organisation.models import Staffing, StaffMember
from organisation.staffing import services
from organisation.staffing.services import Person
from planning.funding.models import FundingKind, FundingSource
from planning.models import ChecklistItem, Evidence
from planning.services import WorkflowError, evidence_link_object
from quartier.models import Role
from tests.factories import MembershipFactory, StaffingFactory, StaffMemberFactory, UserFactory, role_profile
from tests.pages import text

pytestmark = pytest.mark.django_db


def funding(quartier, title="Quartiersfonds") -> FundingSource:
    return FundingSource.objects.create(
        quartier=quartier,
        kind=FundingKind.objects.order_by("pk").first(),
        title=title,
        funder="Stadt",
        amount=Decimal("50000"),
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2027, 12, 31),
    )


def a_post(quartier, *, name="Maria Altmann", profile="manager", hours="19.5", start=None, end=None, source=None):
    return StaffingFactory(
        quartier=quartier,
        member=StaffMemberFactory(organisation=quartier.organisation, name=name),
        role_profile=role_profile(profile),
        weekly_hours=Decimal(hours),
        start=start or datetime.date(2024, 3, 1),
        end=end,
        funding_source=source,
    )


def overview_url(quartier) -> str:
    return reverse("staff_overview", args=[quartier.slug])


def create_url(quartier) -> str:
    return reverse("staffing_create", args=[quartier.slug])


def form_data(**changes) -> dict:
    data = {
        "person": "new",
        "new_name": "Sabine Sommer",
        "role_profile": role_profile("entwickler").pk,
        "weekly_hours": "19,5",
        "start": "2026-01-01",
        "end": "",
        "funding_source": "",
        "notes": "",
    }
    data.update(changes)
    return data


# --- the staff page ---------------------------------------------------------------------------


def test_the_staff_page_shows_running_later_and_ended_posts_with_hours_and_funding(quartier, manager, client_for):
    today = timezone.localdate()
    source = funding(quartier, "Quartiersmanagement Altstadt")
    running = a_post(quartier, source=source)
    a_post(quartier, name="Erik Entwickler", profile="entwickler", hours="30")
    later = a_post(quartier, name="Nora Neu", profile="entwickler", start=today + datetime.timedelta(days=30))
    ended = a_post(quartier, name="Thomas Winter", profile="entwickler", end=today - datetime.timedelta(days=90))

    response = client_for(manager).get(overview_url(quartier))

    assert response.status_code == 200
    running_text = text(response, "posts-running")
    assert "Maria Altmann" in running_text and "Erik Entwickler" in running_text
    assert "Quartiersmanager*in" in running_text and "19,5" in running_text and "49,5" in running_text
    assert "Nora Neu" not in running_text and "Thomas Winter" not in running_text
    assert "Nora Neu" in text(response, "posts-later")
    assert "Thomas Winter" in text(response, "posts-ended")
    funding_link = reverse("funding_list", args=[quartier.slug]) + f"#source-{source.pk}"
    assert f'href="{funding_link}"' in response.content.decode()
    # The role profile's description is on the page, in the post's row and in the catalogue.
    assert "Plant und steuert" in text(response, f"post-{running.pk}")
    assert "Quartierskoordinator*in" in text(response, "role-profiles")
    # Managers get the actions on every post.
    for post in (running, later, ended):
        assert reverse("staffing_edit", args=[quartier.slug, post.pk]) in response.content.decode()
    assert "49,5" in text(response, "staff-figures")
    assert not text(response, "staff-warnings")


def test_the_staff_page_warns_in_plain_words(quartier, manager, client_for):
    end = timezone.localdate() + datetime.timedelta(days=60)
    a_post(quartier, name="Nils Nordmann", profile="entwickler", end=end)

    warnings = text(client_for(manager).get(overview_url(quartier)), "staff-warnings")

    assert gettext("No „Kümmerer“: no hours as quartier manager are recorded for this quartier.") in warnings
    assert (
        gettext("The post of %(name)s (%(role)s) ends on %(date)s – no follow-up post is recorded.")
        % {"name": "Nils Nordmann", "role": "Quartiersentwickler*in", "date": end.strftime("%d.%m.%Y")}
        in warnings
    )


def test_an_empty_staff_page_invites_managers_to_add_the_first_post(quartier, manager, developer, client_for):
    for_manager = client_for(manager).get(overview_url(quartier))
    for_developer = client_for(developer).get(overview_url(quartier))

    assert gettext("Add the first post") in text(for_manager, "no-posts")
    assert create_url(quartier) in for_manager.content.decode()
    assert text(for_developer, "no-posts") and gettext("Add the first post") not in text(for_developer, "no-posts")
    assert create_url(quartier) not in for_developer.content.decode()
    assert 'href="' + reverse("staffing_edit", args=[quartier.slug, 1]) not in for_developer.content.decode()


def test_coordinators_and_developers_read_the_staff_page_viewers_and_partners_do_not(
    quartier, developer, coordinator, viewer, partner, other_coordinator, client_for
):
    a_post(quartier)
    for user in (developer, coordinator):
        response = client_for(user).get(overview_url(quartier))
        assert response.status_code == 200 and "Maria Altmann" in text(response, "posts-running")
        assert (
            reverse("staffing_edit", args=[quartier.slug, Staffing.objects.get().pk]) not in response.content.decode()
        )
    assert client_for(viewer).get(overview_url(quartier)).status_code == 403
    assert client_for(partner).get(overview_url(quartier)).status_code == 403
    assert client_for(other_coordinator).get(overview_url(quartier)).status_code == 404


def _queries(client, url: str) -> int:
    client.get(url)  # warm the caches (content types, session)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_staff_page_query_count_does_not_grow_with_posts(quartier, manager, client_for):
    client = client_for(manager)
    today = timezone.localdate()
    source = funding(quartier)
    for n in range(2):
        a_post(quartier, name=f"Person {n}", source=source)
    few = _queries(client, overview_url(quartier))

    for n in range(2, 20):
        start = today + datetime.timedelta(days=n) if n % 3 == 0 else datetime.date(2024, 1, 1)
        end = today - datetime.timedelta(days=n) if n % 3 == 1 else None
        a_post(quartier, name=f"Person {n}", profile="entwickler", start=start, end=end, source=funding(quartier))
    many = _queries(client, overview_url(quartier))

    assert many == few


# --- adding a post ----------------------------------------------------------------------------


def test_a_manager_adds_a_post_for_a_new_named_person(quartier, manager, client_for):
    source = funding(quartier)
    client = client_for(manager)

    response = client.post(create_url(quartier), form_data(funding_source=source.pk, notes="Halbe Stelle"))

    post = Staffing.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{overview_url(quartier)}#post-{post.pk}"
    assert post.member.name == "Sabine Sommer" and post.member.user is None
    assert post.member.organisation == quartier.organisation
    assert post.weekly_hours == Decimal("19.5")
    assert post.start == datetime.date(2026, 1, 1) and post.end is None
    assert post.funding_source == source and post.notes == "Halbe Stelle" and post.created_by == manager
    page = client.get(response["Location"])
    assert "Sabine Sommer" in text(page, "posts-running")
    assert gettext("The post of %(name)s has been added.") % {"name": "Sabine Sommer"} in text(page)


def test_the_same_new_name_again_is_the_same_person(quartier, manager, client_for):
    client = client_for(manager)
    client.post(create_url(quartier), form_data(new_name="Sabine Sommer"))
    client.post(create_url(quartier), form_data(new_name=" sabine  sommer ", role_profile=role_profile("manager").pk))

    assert StaffMember.objects.count() == 1
    assert Staffing.objects.count() == 2


def test_a_team_member_gets_a_staff_record_named_after_them(quartier, manager, developer, client_for):
    developer.first_name, developer.last_name = "Erik", "Entwickler"
    developer.save()
    client = client_for(manager)

    response = client.post(create_url(quartier), form_data(person=f"user:{developer.pk}", new_name=""))

    assert response.status_code == 302
    member = Staffing.objects.get().member
    assert member.user == developer and member.name == "Erik Entwickler"
    # Next time the person is offered as staff, and choosing them reuses the record.
    form_page = client.get(create_url(quartier)).content.decode()
    assert f'value="member:{member.pk}"' in form_page and f'value="user:{developer.pk}"' not in form_page
    client.post(create_url(quartier), form_data(person=f"member:{member.pk}", new_name=""))
    assert StaffMember.objects.count() == 1 and Staffing.objects.count() == 2


def test_the_form_offers_the_organisations_staff_and_the_team_but_not_partners_or_strangers(
    quartier, other_quartier, manager, partner, client_for
):
    ours = StaffMemberFactory(organisation=quartier.organisation, name="Jana Kollegin")
    theirs = StaffMemberFactory(organisation=other_quartier.organisation, name="Fremde Kraft")
    other_source = funding(other_quartier, "Fremde Förderung")
    own_source = funding(quartier, "Eigene Förderung")

    page = client_for(manager).get(create_url(quartier)).content.decode()

    assert f'value="member:{ours.pk}"' in page and "Jana Kollegin" in page
    assert f'value="member:{theirs.pk}"' not in page and "Fremde Kraft" not in page
    assert f'value="user:{manager.pk}"' in page
    assert f'value="user:{partner.pk}"' not in page
    select = page.split('name="funding_source"')[1].split("</select>")[0]
    assert f'value="{own_source.pk}"' in select and "Eigene Förderung" in select
    assert f'value="{other_source.pk}"' not in select and "Fremde Förderung" not in page


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("-1", "A post has at least 0,5 hours a week."),
        ("0", "A post has at least 0,5 hours a week."),
        ("0,4", "A post has at least 0,5 hours a week."),
        ("61", "A post has at most 60 hours a week."),
        ("1e400", "A post has at most 60 hours a week."),
        ("abc", "Please enter the hours per week as a number, e.g. 19,5."),
        ("", "Please enter the hours per week."),
    ],
)
def test_bad_hours_are_refused_with_a_message_and_the_input_kept(quartier, manager, client_for, hours, message):
    response = client_for(manager).post(create_url(quartier), form_data(weekly_hours=hours, notes="Vertretung"))

    assert response.status_code == 400
    assert gettext(message) in text(response)
    assert not Staffing.objects.exists()
    page = response.content.decode()
    assert 'value="Sabine Sommer"' in page and "Vertretung" in page and 'value="2026-01-01"' in page
    if hours:
        assert f'value="{hours}"' in page


@pytest.mark.parametrize(("hours", "stored"), [("19,5", "19.5"), ("0,5", "0.5"), ("60", "60"), ("7.5", "7.5")])
def test_hours_as_people_write_them(quartier, manager, client_for, hours, stored):
    response = client_for(manager).post(create_url(quartier), form_data(weekly_hours=hours))

    assert response.status_code == 302
    assert Staffing.objects.get().weekly_hours == Decimal(stored)


def test_the_end_must_not_be_before_the_start(quartier, manager, client_for):
    response = client_for(manager).post(create_url(quartier), form_data(start="2026-05-01", end="2026-04-30"))

    assert response.status_code == 400
    assert gettext("The end must not be before the start.") in text(response)
    assert not Staffing.objects.exists()


def test_a_post_may_end_on_the_day_it_starts(quartier, manager, client_for):
    response = client_for(manager).post(create_url(quartier), form_data(start="2026-05-01", end="2026-05-01"))

    assert response.status_code == 302


@pytest.mark.parametrize("date", ["1900-01-01", "9999-12-31", "kein Datum"])
def test_implausible_dates_are_refused(quartier, manager, client_for, date):
    response = client_for(manager).post(create_url(quartier), form_data(start=date))

    assert response.status_code == 400 and not Staffing.objects.exists()


def test_another_quartiers_funding_source_is_a_form_error(quartier, other_quartier, manager, client_for):
    foreign = funding(other_quartier)

    response = client_for(manager).post(create_url(quartier), form_data(funding_source=foreign.pk))

    assert response.status_code == 400
    assert gettext("Please choose one of this quartier's funding sources.") in text(response)
    assert not Staffing.objects.exists()


@pytest.mark.parametrize("value", ["member:999999", "user:999999", "member:abc", "irgendwas"])
def test_a_forged_person_is_a_form_error(quartier, manager, client_for, value):
    response = client_for(manager).post(create_url(quartier), form_data(person=value, new_name=""))

    assert response.status_code == 400
    assert gettext("Please choose a person from the list.") in text(response)


def test_a_staff_member_of_another_organisation_is_a_form_error(quartier, other_quartier, manager, client_for):
    foreign = StaffMemberFactory(organisation=other_quartier.organisation, name="Fremde Kraft")

    response = client_for(manager).post(create_url(quartier), form_data(person=f"member:{foreign.pk}", new_name=""))

    assert response.status_code == 400 and not Staffing.objects.exists()


def test_no_person_and_both_persons_are_explained(quartier, manager, client_for):
    member = StaffMemberFactory(organisation=quartier.organisation, name="Jana Kollegin")
    client = client_for(manager)

    none = client.post(create_url(quartier), form_data(person="", new_name=""))
    both = client.post(create_url(quartier), form_data(person=f"member:{member.pk}", new_name="Jemand"))
    new_without_name = client.post(create_url(quartier), form_data(person="new", new_name="  "))

    assert gettext("Please choose a person or enter the name of a new person.") in text(none)
    assert gettext("Please either choose a person from the list or enter a new name, not both.") in text(both)
    assert gettext("Please enter the name of the new person.") in text(new_without_name)
    assert not Staffing.objects.exists()


def test_overlong_texts_are_refused(quartier, manager, client_for):
    client = client_for(manager)

    long_name = client.post(create_url(quartier), form_data(new_name="x" * 201))
    long_notes = client.post(create_url(quartier), form_data(notes="x" * 2001))

    assert long_name.status_code == 400 and long_notes.status_code == 400
    assert not Staffing.objects.exists()


def test_an_unknown_role_profile_is_a_form_error(quartier, manager, client_for):
    response = client_for(manager).post(create_url(quartier), form_data(role_profile="999999"))

    assert response.status_code == 400
    assert gettext("Please choose a role profile from the list.") in text(response)


@pytest.mark.parametrize("role", ["developer", "viewer", "partner", "coordinator"])
def test_only_managers_add_posts(quartier, client_for, request, role):
    user = request.getfixturevalue(role)

    assert client_for(user).get(create_url(quartier)).status_code == 403
    assert client_for(user).post(create_url(quartier), form_data()).status_code == 403
    assert not Staffing.objects.exists()


# --- editing, ending and deleting -------------------------------------------------------------


def test_a_manager_ends_a_post(quartier, manager, client_for):
    post = a_post(quartier)
    url = reverse("staffing_edit", args=[quartier.slug, post.pk])
    client = client_for(manager)

    page = client.get(url).content.decode()
    assert f'value="member:{post.member_id}" selected' in page and 'value="19,5"' in page

    response = client.post(
        url,
        form_data(
            person=f"member:{post.member_id}",
            new_name="",
            role_profile=post.role_profile_id,
            start="2024-03-01",
            end="2026-06-30",
        ),
    )

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.end == datetime.date(2026, 6, 30) and post.weekly_hours == Decimal("19.5")


def test_another_quartiers_post_is_not_found(quartier, other_quartier, manager, client_for):
    foreign = a_post(other_quartier, name="Fremde Kraft")
    client = client_for(manager)

    for name in ("staffing_edit", "staffing_delete"):
        url = reverse(name, args=[quartier.slug, foreign.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, form_data()).status_code == 404
    assert Staffing.objects.filter(pk=foreign.pk, end=None).exists()


@pytest.mark.parametrize("role", ["developer", "viewer", "partner", "coordinator"])
def test_only_managers_edit_or_delete_posts(quartier, client_for, request, role):
    post = a_post(quartier)
    client = client_for(request.getfixturevalue(role))

    for name in ("staffing_edit", "staffing_delete"):
        url = reverse(name, args=[quartier.slug, post.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, form_data(end="2026-02-01")).status_code == 403
    post.refresh_from_db()
    assert post.end is None


def test_deleting_asks_first_then_deletes(quartier, manager, client_for):
    post = a_post(quartier)
    url = reverse("staffing_delete", args=[quartier.slug, post.pk])
    client = client_for(manager)

    confirm = client.get(url)
    assert confirm.status_code == 200 and "Maria Altmann" in text(confirm)
    assert Staffing.objects.filter(pk=post.pk).exists()

    response = client.post(url)

    assert response.status_code == 302 and response["Location"] == overview_url(quartier)
    assert not Staffing.objects.filter(pk=post.pk).exists()
    assert StaffMember.objects.filter(pk=post.member_id).exists()  # the person's record stays


# --- services ---------------------------------------------------------------------------------


def test_the_services_check_the_right_again(quartier, manager, developer):
    profile = role_profile("manager")
    kwargs = {"person": Person(name="Nora Neu"), "role_profile": profile, "weekly_hours": Decimal(10)}

    with pytest.raises(PermissionDenied):
        services.staffing_create(quartier=quartier, user=developer, start=datetime.date(2026, 1, 1), **kwargs)
    post = services.staffing_create(quartier=quartier, user=manager, start=datetime.date(2026, 1, 1), **kwargs)
    with pytest.raises(PermissionDenied):
        services.staffing_update(staffing_id=post.pk, user=developer, start=datetime.date(2026, 1, 1), **kwargs)
    with pytest.raises(PermissionDenied):
        services.staffing_delete(staffing_id=post.pk, user=developer)
    assert services.staffing_delete(staffing_id=post.pk, user=manager) is True
    assert services.staffing_delete(staffing_id=post.pk, user=manager) is False


def test_the_service_refuses_another_quartiers_funding_and_person(quartier, other_quartier, manager):
    kwargs = {"role_profile": role_profile("manager"), "weekly_hours": Decimal(10), "start": datetime.date(2026, 1, 1)}

    with pytest.raises(ValidationError):
        services.staffing_create(
            quartier=quartier, user=manager, person=Person(name="A"), funding_source=funding(other_quartier), **kwargs
        )
    foreign = StaffMemberFactory(organisation=other_quartier.organisation)
    with pytest.raises(ValidationError):
        services.staffing_create(quartier=quartier, user=manager, person=Person(member_id=foreign.pk), **kwargs)
    outsider = UserFactory()
    with pytest.raises(ValidationError):
        services.staffing_create(quartier=quartier, user=manager, person=Person(user_id=outsider.pk), **kwargs)
    with pytest.raises(ValidationError):
        services.staffing_create(
            quartier=quartier, user=manager, person=Person(name="B"), end=datetime.date(2025, 1, 1), **kwargs
        )
    assert not Staffing.objects.exists()
    assert not StaffMember.objects.filter(organisation=quartier.organisation).exists()


# --- cockpit ----------------------------------------------------------------------------------


def cockpit(client_for, user, quartier):
    return client_for(user).get(reverse("cockpit", args=[quartier.slug]))


def test_the_cockpit_shows_staffed_hours_and_warnings_to_those_who_see_the_staff(
    quartier, manager, developer, coordinator, viewer, client_for
):
    a_post(quartier, name="Nils Nordmann", hours="25", end=timezone.localdate() + datetime.timedelta(days=100))
    a_post(quartier, name="Erik Entwickler", profile="entwickler", hours="30")

    for user in (manager, developer, coordinator):
        box = text(cockpit(client_for, user, quartier), "cockpit-staffing")
        assert "55" in box and "Nils Nordmann" in box
    response = cockpit(client_for, manager, quartier)
    assert f'href="{overview_url(quartier)}"' in response.content.decode()
    assert not text(cockpit(client_for, viewer, quartier), "cockpit-staffing")
    assert "Nils Nordmann" not in text(cockpit(client_for, viewer, quartier))


def test_the_cockpit_warns_of_no_kuemmerer(quartier, manager, client_for):
    box = text(cockpit(client_for, manager, quartier), "cockpit-staffing")

    assert gettext("No „Kümmerer“: no hours as quartier manager are recorded for this quartier.") in box


def test_the_cockpit_query_count_does_not_grow_with_posts(quartier, manager, client_for):
    url = reverse("cockpit", args=[quartier.slug])
    client = client_for(manager)
    for n in range(2):
        a_post(quartier, name=f"Person {n}")
    few = _queries(client, url)
    for n in range(2, 20):
        a_post(
            quartier, name=f"Person {n}", profile="entwickler", end=timezone.localdate() + datetime.timedelta(days=n)
        )
    assert _queries(client, url) == few


def test_the_cockpit_staffing_box_costs_at_most_one_query(quartier, manager, viewer, client_for):
    """Viewers get no box: the difference to a manager's cockpit is the box's query (and the
    manager's own lists), never a query per post."""
    a_post(quartier)
    url = reverse("cockpit", args=[quartier.slug])
    with CaptureQueriesContext(connection) as queries:
        client_for(manager).get(url)
    assert sum("organisation_staffing" in q["sql"] for q in queries.captured_queries) == 1


# --- step 10 ----------------------------------------------------------------------------------


def step_page(client_for, user, quartier, number=10):
    return client_for(user).get(reverse("step_detail", args=[quartier.slug, number]))


def test_step_10_shows_the_posts_and_the_warnings(quartier, manager, client_for):
    end = timezone.localdate() + datetime.timedelta(days=100)
    a_post(quartier, name="Nils Nordmann", hours="25", end=end)

    panel = text(step_page(client_for, manager, quartier), "step-staffing")

    assert "Nils Nordmann" in panel and "25" in panel
    assert (
        gettext("The post of %(name)s (%(role)s) ends on %(date)s – no follow-up post is recorded.")
        % {"name": "Nils Nordmann", "role": "Quartiersmanager*in", "date": end.strftime("%d.%m.%Y")}
        in panel
    )


def test_the_staffing_panel_is_on_step_10_only_and_not_for_viewers(quartier, manager, viewer, client_for):
    a_post(quartier)

    assert not text(step_page(client_for, manager, quartier, 9), "step-staffing")
    assert not text(step_page(client_for, viewer, quartier), "step-staffing")
    assert "Maria Altmann" not in text(step_page(client_for, viewer, quartier))


def test_step_10_offers_the_posts_as_evidence_and_links_one(quartier, other_quartier, manager, client_for):
    post = a_post(quartier, start=datetime.date(2025, 3, 1))
    foreign = a_post(other_quartier, name="Fremde Kraft")
    item = ChecklistItem.objects.get(step__quartier=quartier, title="Verstetigungskonzept mit Rollenprofilen")
    client = client_for(manager)

    page = step_page(client_for, manager, quartier).content.decode()
    assert f'value="staffing:{post.pk}"' in page and f'value="staffing:{foreign.pk}"' not in page

    response = client.post(reverse("evidence_link", args=[quartier.slug, item.pk]), {"object": f"staffing:{post.pk}"})

    assert response.status_code == 302
    evidence = Evidence.objects.get(item=item)
    assert evidence.linked_object == post
    expected = "Stelle als Quartiersmanager*in, seit 01.03.2025"
    assert evidence.label == expected
    linked = text(step_page(client_for, manager, quartier), f"item-{item.pk}")
    assert expected in linked
    assert (
        f'href="{overview_url(quartier)}#post-{post.pk}"' in step_page(client_for, manager, quartier).content.decode()
    )


def test_another_quartiers_post_cannot_be_linked(quartier, other_quartier, manager):
    foreign = a_post(other_quartier, name="Fremde Kraft")
    item = ChecklistItem.objects.get(step__quartier=quartier, title="Stelle / Trägerschaft dauerhaft gesichert")

    with pytest.raises(WorkflowError):
        evidence_link_object(item_id=item.pk, user=manager, kind="staffing", object_id=foreign.pk)


def test_posts_are_no_evidence_for_other_steps(quartier, manager):
    post = a_post(quartier)
    item = ChecklistItem.objects.filter(step__quartier=quartier, step__template__number=9).first()

    with pytest.raises(WorkflowError):
        evidence_link_object(item_id=item.pk, user=manager, kind="staffing", object_id=post.pk)


def test_team_members_outside_the_staff_roles_are_refused(quartier, manager):
    viewer_member = MembershipFactory(quartier=quartier, role=Role.PARTNER).user
    with pytest.raises(ValidationError):
        services.staffing_create(
            quartier=quartier,
            user=manager,
            person=Person(user_id=viewer_member.pk),
            role_profile=role_profile("manager"),
            weekly_hours=Decimal(10),
            start=datetime.date(2026, 1, 1),
        )


def test_a_linked_post_shows_viewers_the_role_and_period_but_not_the_person_or_hours(
    quartier, manager, viewer, client_for
):
    """Viewers read step 10 and the progress report, where linked evidence is listed: the stored
    label of a post names no person and no hours, which are staff details."""
    post = a_post(quartier, start=datetime.date(2025, 3, 1))
    item = ChecklistItem.objects.get(step__quartier=quartier, title="Verstetigungskonzept mit Rollenprofilen")
    evidence_link_object(item_id=item.pk, user=manager, kind="staffing", object_id=post.pk)

    page = text(step_page(client_for, viewer, quartier), f"item-{item.pk}")

    assert "Quartiersmanager*in" in page and "01.03.2025" in page
    assert "Maria Altmann" not in page and "19,5" not in page


def test_a_post_with_hours_is_ended_not_deleted(quartier, manager, client_for):
    """Deleting the person's only post in the quartier would leave their hours counted with no
    post to correct them against: the page says so and offers ending the post; a POST is refused."""
    from organisation.models import TaskField, TimeEntry

    post = a_post(quartier, name="Sabine Sommer")
    TimeEntry.objects.create(
        quartier=quartier,
        member=post.member,
        month=datetime.date(2025, 6, 1),
        task_field=TaskField.objects.get(key="beteiligung"),
        hours=12,
    )
    client = client_for(manager)
    url = reverse("staffing_delete", args=[quartier.slug, post.pk])

    page = client.get(url).content.decode()
    assert "Sabine Sommer" in page and "Stelle löschen</button>" not in page
    response = client.post(url, follow=True)

    assert Staffing.objects.filter(pk=post.pk).exists()
    assert "nur Stelle" in response.content.decode() or "einzige Stelle" in response.content.decode()
