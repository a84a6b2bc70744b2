"""Recording a person's month: the bounds of the hours, the month, who may record whose hours,
and that saving replaces the month."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext

from organisation.models import Staffing, TaskField, TimeEntry
from organisation.timesheets import services
from organisation.timesheets.forms import parse_month
from tests.factories import QuartierFactory, StaffingFactory, StaffMemberFactory, UserFactory

from .time_helpers import hours, months_ago, post_ended, staffed, stored, this_month

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(quartier, manager, developer):
    """Maria (the manager, with login), Erik (the developer, with login), Sabine (no login)."""
    return {
        "maria": staffed(quartier, "Maria Altmann", user=manager),
        "erik": staffed(quartier, "Erik Entwickler", user=developer),
        "sabine": staffed(quartier, "Sabine Sommer"),
    }


def _url(quartier) -> str:
    return reverse("time_record", kwargs={"slug": quartier.slug})


def _post(client, quartier, member, month: str | None = None, **fields):
    data = {"person": member.pk if member is not None else "", "monat": month or f"{this_month():%Y-%m}"}
    data.update({f"hours_{key}": value for key, value in fields.items()})
    return client.post(_url(quartier), data)


def _errors(response) -> str:
    form = response.context["form"]
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


# --- what is accepted -------------------------------------------------------------------------


def test_hours_with_a_decimal_comma_are_saved_and_lead_to_the_year_overview(quartier, manager, team, client_for):
    response = _post(client_for(manager), quartier, team["sabine"], transparenz="7,5", beteiligung="12")

    month = this_month()
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("time_overview", kwargs={"slug": quartier.slug}) + f"?jahr={month.year}#month-{month:%Y-%m}"
    )
    assert stored(quartier, team["sabine"], month) == {"transparenz": Decimal("7.5"), "beteiligung": Decimal(12)}
    page = client_for(manager).get(response["Location"])
    assert "19,5" in page.content.decode()  # the month's total, as Germans write it


@pytest.mark.parametrize("written", ["11/2026", "2026-11", "11.2026", " 11 / 2026 "])
def test_the_month_may_be_written_in_several_ways(written):
    assert parse_month(written) == datetime.date(2026, 11, 1)


@pytest.mark.parametrize("written", ["13/2026", "2026-00", "November", "abc", "", "11/26/2026"])
def test_what_is_not_a_month(written):
    assert parse_month(written) is None


def test_a_month_written_as_month_and_year_is_accepted(quartier, manager, team, client_for):
    month = months_ago(1)
    response = _post(client_for(manager), quartier, team["erik"], f"{month:%m/%Y}", vernetzung="20")

    assert response.status_code == 302
    assert stored(quartier, team["erik"], month) == {"vernetzung": Decimal(20)}


def test_saving_replaces_the_month_and_an_empty_field_removes_its_hours(quartier, manager, team, client_for):
    month = months_ago(2)
    hours(quartier, team["erik"], month, transparenz=10, vernetzung=20, beteiligung=30)

    response = _post(
        client_for(manager), quartier, team["erik"], f"{month:%Y-%m}", transparenz="12", vernetzung="", beteiligung="0"
    )

    assert response.status_code == 302
    assert stored(quartier, team["erik"], month) == {"transparenz": Decimal(12)}


def test_emptying_every_field_removes_the_month(quartier, manager, team, client_for):
    month = months_ago(2)
    hours(quartier, team["erik"], month, transparenz=10, steuerung=5)

    response = _post(client_for(manager), quartier, team["erik"], f"{month:%Y-%m}")

    assert response.status_code == 302
    assert stored(quartier, team["erik"], month) == {}


def test_saving_leaves_other_people_months_and_quartiers_alone(quartier, manager, team, client_for):
    month = this_month()
    other = QuartierFactory(organisation=quartier.organisation, name="Nordviertel", slug="nordviertel")
    staffed(other, "Erik Entwickler")
    hours(other, team["erik"], month, transparenz=40)
    hours(quartier, team["sabine"], month, transparenz=8)

    _post(client_for(manager), quartier, team["erik"], transparenz="5")

    assert stored(other, team["erik"], month) == {"transparenz": Decimal(40)}
    assert stored(quartier, team["sabine"], month) == {"transparenz": Decimal(8)}
    assert stored(quartier, team["erik"], month) == {"transparenz": Decimal(5)}


# --- what is refused --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "field_error"),
    [
        ("-1", True),
        ("-0,5", True),
        ("abc", True),
        ("301", True),
        ("99999999", True),
        ("7,25", True),
        ("1e5", True),
    ],
)
def test_bad_hours_are_refused_at_the_field_and_kept(quartier, manager, team, client_for, value, field_error):
    response = _post(client_for(manager), quartier, team["sabine"], transparenz=value, vernetzung="3")

    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors.get("hours_transparenz")
    assert f'value="{value}"' in response.content.decode()  # what was typed stays
    assert TimeEntry.objects.count() == 0


def test_a_negative_value_is_refused_with_a_clear_message(quartier, manager, team, client_for):
    response = _post(client_for(manager), quartier, team["sabine"], beteiligung="-3")

    assert response.status_code == 400
    assert response.context["form"].errors["hours_beteiligung"] == [gettext("Hours cannot be negative.")]


def test_more_than_300_hours_in_one_month_across_the_fields_are_refused(quartier, manager, team, client_for):
    response = _post(
        client_for(manager), quartier, team["sabine"], transparenz="100", vernetzung="100", beteiligung="100,5"
    )

    assert response.status_code == 400
    message = " ".join(response.context["form"].non_field_errors())
    assert "300" in message and "300,5" in message
    assert TimeEntry.objects.count() == 0


def test_more_than_300_hours_across_two_quartiers_are_refused_naming_what_is_recorded_elsewhere(
    quartier, manager, team, client_for
):
    month = this_month()
    other = QuartierFactory(organisation=quartier.organisation, name="Nordviertel", slug="nordviertel")
    staffed(other, "Erik Entwickler")
    hours(other, team["erik"], month, transparenz=150, vernetzung=50)

    response = _post(client_for(manager), quartier, team["erik"], beteiligung="80", steuerung="40,5")

    assert response.status_code == 400
    message = " ".join(response.context["form"].non_field_errors())
    assert "300" in message  # the limit
    assert "200,0" in message  # already recorded elsewhere
    assert "100,0" in message  # what is left here
    assert "120,5" in message  # what was entered
    assert stored(quartier, team["erik"], month) == {}
    # Exactly up to the limit is fine.
    assert _post(client_for(manager), quartier, team["erik"], beteiligung="100").status_code == 302


def test_a_future_month_is_refused(quartier, manager, team, client_for):
    next_month = (this_month() + datetime.timedelta(days=32)).replace(day=1)

    response = _post(client_for(manager), quartier, team["sabine"], f"{next_month:%Y-%m}", transparenz="5")

    assert response.status_code == 400
    assert response.context["form"].errors.get("monat")
    assert TimeEntry.objects.count() == 0


@pytest.mark.parametrize("month", ["1890-01", "0001-01", "12/1989", "13/2026", "abc", ""])
def test_absurd_or_unreadable_months_are_refused(quartier, manager, team, client_for, month):
    response = client_for(manager).post(
        _url(quartier), {"person": team["sabine"].pk, "monat": month, "hours_transparenz": "5"}
    )

    assert response.status_code == 400
    assert response.context["form"].errors.get("monat")
    assert TimeEntry.objects.count() == 0


def test_a_month_outside_the_person_post_is_refused(quartier, manager, team, client_for):
    post_ended(team["sabine"], quartier, months_ago(3))
    response = _post(client_for(manager), quartier, team["sabine"], f"{months_ago(1):%Y-%m}", transparenz="5")

    assert response.status_code == 400
    assert "Sabine Sommer" in " ".join(response.context["form"].errors["monat"])
    # Her last month within the post is fine.
    assert (
        _post(client_for(manager), quartier, team["sabine"], f"{months_ago(3):%Y-%m}", transparenz="5").status_code
        == 302
    )


@pytest.mark.parametrize("person", ["abc", "999999", "", "-1"])
def test_an_unknown_person_is_a_form_error(quartier, manager, team, client_for, person):
    response = client_for(manager).post(
        _url(quartier), {"person": person, "monat": f"{this_month():%Y-%m}", "hours_transparenz": "5"}
    )

    assert response.status_code == 400
    assert response.context["form"].errors.get("person")
    assert TimeEntry.objects.count() == 0


def test_another_quartier_s_person_is_a_form_error(quartier, other_quartier, manager, team, client_for):
    stranger = staffed(other_quartier, "Jonas Brandt")

    response = _post(client_for(manager), quartier, stranger, transparenz="5")

    assert response.status_code == 400
    assert response.context["form"].errors.get("person")
    assert "Jonas Brandt" not in response.content.decode()
    assert TimeEntry.objects.count() == 0


def test_someone_of_the_same_organisation_without_a_post_here_is_a_form_error(quartier, manager, team, client_for):
    other = QuartierFactory(organisation=quartier.organisation, name="Nordviertel", slug="nordviertel")
    nils = staffed(other, "Nils Nordmann")

    response = _post(client_for(manager), quartier, nils, transparenz="5")

    assert response.status_code == 400
    assert response.context["form"].errors.get("person")


# --- who records whose hours ------------------------------------------------------------------


def test_a_developer_records_their_own_month(quartier, developer, team, client_for):
    response = _post(client_for(developer), quartier, team["erik"], beteiligung="42,5")

    assert response.status_code == 302
    assert stored(quartier, team["erik"], this_month()) == {"beteiligung": Decimal("42.5")}


def test_a_developer_posting_for_a_colleague_is_forbidden(quartier, developer, team, client_for):
    response = _post(client_for(developer), quartier, team["sabine"], beteiligung="5")

    assert response.status_code == 403
    assert TimeEntry.objects.count() == 0


def test_the_developer_form_fixes_the_person_to_them(quartier, developer, team, client_for):
    response = client_for(developer).get(_url(quartier))

    html = response.content.decode()
    assert response.status_code == 200
    assert f'type="hidden" name="person" value="{team["erik"].pk}"' in html
    assert "<select" not in html.split('id="time-form"')[1].split("</form>")[0]
    assert "Sabine Sommer" not in html and "Maria Altmann" not in html


def test_a_developer_without_a_post_gets_an_explanation(quartier, developer, client_for):
    response = client_for(developer).get(_url(quartier))

    assert response.status_code == 200
    assert 'id="time-no-post"' in response.content.decode()
    assert 'id="time-form"' not in response.content.decode()


def test_the_manager_chooses_among_everyone_who_had_a_post(quartier, manager, team, client_for):
    post_ended(team["sabine"], quartier, months_ago(6))
    stranger = staffed(QuartierFactory(organisation=quartier.organisation, slug="nord"), "Nils Nordmann")

    html = client_for(manager).get(_url(quartier)).content.decode()

    for name in ("Maria Altmann", "Erik Entwickler", "Sabine Sommer"):
        assert f">{name}</option>" in html
    assert stranger.name not in html


def test_the_stored_hours_of_a_month_are_filled_in_for_a_correction(quartier, manager, team, client_for):
    month = months_ago(1)
    hours(quartier, team["erik"], month, transparenz="12.5", steuerung=30)

    response = client_for(manager).get(_url(quartier), {"person": team["erik"].pk, "monat": f"{month:%Y-%m}"})

    html = response.content.decode()
    assert 'id="time-loaded"' in html
    assert 'name="hours_transparenz" value="12,5"' in html
    assert 'name="hours_steuerung" value="30,0"' in html
    assert f'name="monat" value="{month:%Y-%m}"' in html
    assert f'<option value="{team["erik"].pk}" selected>' in html


@pytest.mark.parametrize("query", [{"person": "abc", "monat": "xyz"}, {"person": "999999"}, {"monat": "2999-01"}])
def test_bad_values_to_fill_in_are_ignored(quartier, manager, team, client_for, query):
    response = client_for(manager).get(_url(quartier), query)

    assert response.status_code == 200
    assert 'id="time-loaded"' not in response.content.decode()


def test_the_service_checks_access_again(quartier, developer, coordinator, team):
    month = this_month()
    with pytest.raises(PermissionDenied):
        services.time_record(
            quartier=quartier, member=team["sabine"], month=month, hours_by_field={"transparenz": 5}, user=developer
        )
    with pytest.raises(PermissionDenied):
        services.time_record(
            quartier=quartier, member=team["sabine"], month=month, hours_by_field={"transparenz": 5}, user=coordinator
        )
    assert TimeEntry.objects.count() == 0


def test_the_service_refuses_negative_hours_and_unknown_fields(quartier, manager, team):
    with pytest.raises(ValidationError):
        services.time_record(
            quartier=quartier,
            member=team["sabine"],
            month=this_month(),
            hours_by_field={"transparenz": Decimal(-1)},
            user=manager,
        )
    with pytest.raises(ValueError, match="unknown"):
        services.time_record(
            quartier=quartier, member=team["sabine"], month=this_month(), hours_by_field={"kaffee": 1}, user=manager
        )
    assert TimeEntry.objects.count() == 0


def test_a_month_left_outside_a_shortened_post_can_still_be_emptied(quartier, manager):
    """Hours recorded while the post ran, then the post was shortened: the month lies outside it
    now. Recording new hours there is refused, removing the old ones is not."""
    member = StaffMemberFactory(organisation=quartier.organisation, name="Sabine Sommer")
    post = StaffingFactory(quartier=quartier, member=member, start=datetime.date(2025, 1, 1))
    month = datetime.date(2025, 6, 1)
    services.time_record(
        quartier=quartier, member=member, month=month, hours_by_field={"beteiligung": Decimal(12)}, user=manager
    )
    Staffing.objects.filter(pk=post.pk).update(start=datetime.date(2025, 9, 1))

    with pytest.raises(ValidationError):
        services.time_record(
            quartier=quartier, member=member, month=month, hours_by_field={"beteiligung": Decimal(5)}, user=manager
        )
    services.time_record(
        quartier=quartier, member=member, month=month, hours_by_field={"beteiligung": None}, user=manager
    )

    assert not TimeEntry.objects.filter(member=member, month=month).exists()


def test_the_monthly_limit_counts_a_persons_hours_for_another_carrier_too(quartier, other_quartier, manager):
    """One user with a staff record at two organisations: 200 hours for one carrier leave 100 for the other."""
    person = UserFactory()
    here = StaffMemberFactory(organisation=quartier.organisation, user=person, name="Ada Doppel")
    there = StaffMemberFactory(organisation=other_quartier.organisation, user=person, name="Ada Doppel")
    StaffingFactory(quartier=quartier, member=here, start=datetime.date(2025, 1, 1))
    StaffingFactory(quartier=other_quartier, member=there, start=datetime.date(2025, 1, 1))
    month = datetime.date(2025, 6, 1)
    TimeEntry.objects.create(
        quartier=other_quartier, member=there, month=month, task_field=TaskField.objects.get(key="steuerung"), hours=200
    )

    with pytest.raises(ValidationError):
        services.time_record(
            quartier=quartier, member=here, month=month, hours_by_field={"vernetzung": Decimal(101)}, user=manager
        )
    services.time_record(
        quartier=quartier, member=here, month=month, hours_by_field={"vernetzung": Decimal(100)}, user=manager
    )
