"""An administrator exports one person's staff data (a JSON file) and erases it: assessments and
trainings go, the staff record is anonymised, posts and hours stay as the quartier's record of
work without the name."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from organisation.competences.services import EXPORT_FORMAT, erased_name, member_erase, member_export
from organisation.figures import staffing_figures
from organisation.models import (
    Competence,
    CompetenceAssessment,
    Staffing,
    StaffMember,
    TaskField,
    TimeEntry,
    Training,
    TrainingStatus,
)
from tests.factories import UserFactory, role_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(db):
    return UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def paula(quartier, developer):
    """A person with a login, a post, hours, two assessments and a training."""
    member = StaffMember.objects.create(organisation=quartier.organisation, user=developer, name="Paula Person")
    Staffing.objects.create(
        quartier=quartier,
        member=member,
        role_profile=role_profile("manager"),
        weekly_hours=Decimal("19.5"),
        start=datetime.date(2024, 1, 1),
        notes="Paula vertritt in der Elternzeit.",
        created_by=developer,
    )
    TimeEntry.objects.create(
        quartier=quartier,
        member=member,
        month=datetime.date(2026, 5, 1),
        task_field=TaskField.objects.get(key="beteiligung"),
        hours=Decimal("12.5"),
        entered_by=developer,
    )
    CompetenceAssessment.objects.create(member=member, competence=Competence.objects.get(key="moderation"), level=4)
    CompetenceAssessment.objects.create(member=member, competence=Competence.objects.get(key="teamarbeit"), level=2)
    Training.objects.create(
        member=member,
        title="Moderation kompakt",
        provider="Akademie",
        date=datetime.date(2026, 3, 1),
        hours=Decimal("7.5"),
        status=TrainingStatus.COMPLETED,
        competence=Competence.objects.get(key="moderation"),
    )
    return member


def test_the_export_holds_the_record_posts_hours_assessments_and_trainings(paula, admin_user):
    data = json.loads(json.dumps(member_export(member_id=paula.pk, user=admin_user)))
    assert data["format"] == EXPORT_FORMAT
    assert data["staff_member"]["name"] == "Paula Person"
    assert data["staff_member"]["user_account"]["email"] == "developer@example.org"
    assert data["posts"] == [
        {
            "quartier": "Altstadt",
            "role_profile": "Quartiersmanager*in",
            "weekly_hours": "19.5",
            "start": "2024-01-01",
            "end": None,
            "paid_from": None,
            "notes": "Paula vertritt in der Elternzeit.",
        }
    ]
    assert data["hours"] == [
        {"quartier": "Altstadt", "month": "2026-05", "task_field": "Sicherung von Beteiligung", "hours": "12.5"}
    ]
    assert [(a["competence"], a["level"]) for a in data["assessments"]] == [("Teamarbeit", 2), ("Moderation", 4)]
    assert data["trainings"][0] == {
        "title": "Moderation kompakt",
        "provider": "Akademie",
        "date": "2026-03-01",
        "hours": "7.5",
        "status": "abgeschlossen",
        "competence": "Moderation",
    }


def test_erasure_deletes_assessments_and_trainings_and_keeps_anonymous_posts_and_hours(
    quartier, paula, admin_user, developer
):
    member_erase(member_id=paula.pk, user=admin_user)

    paula.refresh_from_db()
    assert paula.name == erased_name(paula.pk) and paula.user is None
    assert not CompetenceAssessment.objects.filter(member=paula).exists()
    assert not Training.objects.filter(member=paula).exists()
    post = Staffing.objects.get(member=paula)
    assert (post.weekly_hours, post.start, post.notes, post.created_by) == (
        Decimal("19.5"),
        datetime.date(2024, 1, 1),
        "",
        None,
    )
    entry = TimeEntry.objects.get(member=paula)
    assert (entry.hours, entry.entered_by) == (Decimal("12.5"), None)
    # The quartier's figures are unchanged: the post still counts.
    figures = staffing_figures(quartier_ids=[quartier.pk], today=datetime.date(2026, 6, 1))[quartier.pk]
    assert figures.manager_hours == Decimal("19.5")
    # The account is not deleted; it no longer leads to the record.
    developer.refresh_from_db()
    assert developer.is_active and not StaffMember.objects.filter(user=developer).exists()

    export = json.dumps(member_export(member_id=paula.pk, user=admin_user), ensure_ascii=False)
    assert "Paula" not in export and "developer@example.org" not in export


def test_erasing_twice_changes_nothing_more(paula, admin_user):
    member_erase(member_id=paula.pk, user=admin_user)
    first = StaffMember.objects.values().get(pk=paula.pk)
    member_erase(member_id=paula.pk, user=admin_user)
    assert StaffMember.objects.values().get(pk=paula.pk) == first


def test_the_admin_log_no_longer_names_the_person(paula, admin_user):
    for model, pk in ((StaffMember, paula.pk), (Staffing, Staffing.objects.get(member=paula).pk)):
        LogEntry.objects.create(
            user=admin_user,
            content_type=ContentType.objects.get_for_model(model),
            object_id=str(pk),
            object_repr=f"Paula Person {model.__name__}",
            action_flag=CHANGE,
        )
    member_erase(member_id=paula.pk, user=admin_user)
    assert not LogEntry.objects.filter(object_repr__contains="Paula").exists()


def test_only_administrators_with_the_right_export_and_erase(paula, manager, coordinator):
    clerk = UserFactory(email="clerk@example.org", is_staff=True)
    for user in (manager, coordinator, clerk):
        with pytest.raises(PermissionDenied):
            member_export(member_id=paula.pk, user=user)
        with pytest.raises(PermissionDenied):
            member_erase(member_id=paula.pk, user=user)
    clerk.user_permissions.add(Permission.objects.get(codename="view_staffmember"))
    clerk = type(clerk).objects.get(pk=clerk.pk)  # fresh permission cache
    assert member_export(member_id=paula.pk, user=clerk)["staff_member"]["name"] == "Paula Person"
    with pytest.raises(PermissionDenied):
        member_erase(member_id=paula.pk, user=clerk)
    assert CompetenceAssessment.objects.filter(member=paula).count() == 2


# --- the admin --------------------------------------------------------------------------------


def changelist() -> str:
    return reverse("admin:organisation_staffmember_changelist")


def test_the_admin_lists_searches_and_filters_staff(paula, other_quartier, admin_user, client_for):
    StaffMember.objects.create(organisation=other_quartier.organisation, name="Jonas Brandt")
    client = client_for(admin_user)
    assert "Jonas Brandt" in client.get(changelist()).content.decode()
    found = client.get(changelist(), {"q": "paula"}).content.decode()
    assert "Paula Person" in found and "Jonas Brandt" not in found
    filtered = client.get(changelist(), {"organisation__id__exact": other_quartier.organisation_id}).content.decode()
    assert "Jonas Brandt" in filtered and "Paula Person" not in filtered


def test_the_admin_exports_one_person_as_a_json_download(paula, admin_user, client_for):
    response = client_for(admin_user).post(changelist(), {"action": "export_data", "_selected_action": [paula.pk]})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert f'filename="personaldaten-{paula.pk}.json"' in response["Content-Disposition"]
    assert json.loads(response.content)["staff_member"]["name"] == "Paula Person"


def test_the_admin_acts_for_one_person_only(paula, quartier, admin_user, client_for):
    other = StaffMember.objects.create(organisation=quartier.organisation, name="Zweite Person")
    response = client_for(admin_user).post(
        changelist(), {"action": "export_data", "_selected_action": [paula.pk, other.pk]}, follow=True
    )
    assert "application/json" not in response["Content-Type"]
    assert len(list(response.context["messages"])) == 1


def test_the_admin_erases_after_a_confirmation_page_that_says_what_stays(paula, admin_user, client_for):
    client = client_for(admin_user)
    confirm = client.post(changelist(), {"action": "erase_data", "_selected_action": [paula.pk]})
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "Paula Person" in page and erased_name(paula.pk) in page and 'name="post" value="yes"' in page
    assert confirm.context["assessments"] == 2 and confirm.context["trainings"] == 1
    assert (confirm.context["posts"], confirm.context["hours"]) == (1, 1)
    assert CompetenceAssessment.objects.filter(member=paula).count() == 2  # nothing happened yet

    done = client.post(changelist(), {"action": "erase_data", "_selected_action": [paula.pk], "post": "yes"})
    assert done.status_code == 302
    paula.refresh_from_db()
    assert paula.name == erased_name(paula.pk)
    assert not CompetenceAssessment.objects.filter(member=paula).exists()
    assert Staffing.objects.filter(member=paula).exists() and TimeEntry.objects.filter(member=paula).exists()
