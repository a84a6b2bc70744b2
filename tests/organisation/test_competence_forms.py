"""The self-assessment and the training forms: who may change what, and bad input answered at the
field with everything typed kept — never a server error."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from organisation.competences import services
from organisation.models import Competence, CompetenceAssessment, Staffing, StaffMember, Training, TrainingStatus
from quartier.models import Role
from tests.factories import MembershipFactory, UserFactory, role_profile

pytestmark = pytest.mark.django_db


def _post(quartier, member):
    Staffing.objects.create(
        quartier=quartier,
        member=member,
        role_profile=role_profile("entwickler"),
        weekly_hours=20,
        start=datetime.date(2024, 1, 1),
    )
    return member


@pytest.fixture
def me(quartier, developer):
    """The `developer`'s own staff record, with a post in the quartier."""
    return _post(quartier, StaffMember.objects.create(organisation=quartier.organisation, user=developer, name="Dev"))


@pytest.fixture
def sabine(quartier):
    """A person without login, with a post in the quartier."""
    return _post(quartier, StaffMember.objects.create(organisation=quartier.organisation, name="Sabine Sommer"))


def c(key: str) -> Competence:
    return Competence.objects.get(key=key)


def field(key: str) -> str:
    return f"level_{c(key).pk}"


def profile_url(quartier, member) -> str:
    return reverse("competence_profile", args=[quartier.slug, member.pk])


def levels_of(member) -> dict[str, int]:
    return dict(CompetenceAssessment.objects.filter(member=member).values_list("competence__key", "level"))


# --- the self-assessment ----------------------------------------------------------------------


def test_a_person_assesses_themselves_and_can_take_a_level_back(quartier, developer, me, client_for):
    client = client_for(developer)
    response = client.post(profile_url(quartier, me), {field("moderation"): "3", field("teamarbeit"): "1"})
    assert response.status_code == 302 and response["Location"].endswith("#einschaetzung")
    assert levels_of(me) == {"moderation": 3, "teamarbeit": 1}

    client.post(profile_url(quartier, me), {field("moderation"): "4", field("teamarbeit"): ""})
    assert levels_of(me) == {"moderation": 4}

    page = client.get(profile_url(quartier, me)).content.decode()
    assert (
        f'name="{field("moderation")}" value="4" class="form-check-input" id="id_{field("moderation")}_3" checked'
        in page
    )


@pytest.mark.parametrize("bad", ["7", "0", "-1", "abc", "3.5", "9" * 40])
def test_a_level_outside_1_to_4_is_refused_at_its_competence_with_the_rest_kept(
    bad, quartier, developer, me, client_for
):
    response = client_for(developer).post(
        profile_url(quartier, me), {field("moderation"): bad, field("teamarbeit"): "2"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f'href="#fs-{c("moderation").pk}"' in page  # the summary leads to the competence
    assert f'id="fs-{c("moderation").pk}-error"' in page
    assert f'value="2" class="form-check-input" id="id_{field("teamarbeit")}_1" checked' in page
    assert levels_of(me) == {}


def test_a_competence_that_does_not_exist_is_ignored_by_the_form(quartier, developer, me, client_for):
    response = client_for(developer).post(
        profile_url(quartier, me), {"level_999999": "3", "level_abc": "x", field("moderation"): "2"}
    )
    assert response.status_code == 302
    assert levels_of(me) == {"moderation": 2}


def test_the_service_refuses_an_unknown_competence_and_a_wrong_level(quartier, developer, me):
    with pytest.raises(ValidationError):
        services.assessment_save(quartier=quartier, member_id=me.pk, user=developer, levels={999999: 3})
    with pytest.raises(ValidationError):
        services.assessment_save(quartier=quartier, member_id=me.pk, user=developer, levels={c("moderation").pk: 7})
    assert levels_of(me) == {}


def test_a_manager_fills_in_the_assessment_of_a_person_without_login(quartier, manager, sabine, client_for):
    response = client_for(manager).post(profile_url(quartier, sabine), {field("ressourcen"): "2"})
    assert response.status_code == 302
    assert levels_of(sabine) == {"ressourcen": 2}


def test_nobody_else_puts_levels_in_the_name_of_a_person_with_login(quartier, manager, coordinator, me, client_for):
    for user in (manager, coordinator):
        response = client_for(user).post(profile_url(quartier, me), {field("moderation"): "4"})
        assert response.status_code == 403
    assert levels_of(me) == {}
    # They read it; the form is not offered.
    page = client_for(manager).get(profile_url(quartier, me)).content.decode()
    assert "assessment-form" not in page and "levels-table" in page
    with pytest.raises(PermissionDenied):
        services.assessment_save(quartier=quartier, member_id=me.pk, user=manager, levels={c("moderation").pk: 4})


def test_a_coordinator_does_not_fill_in_for_a_person_without_login(quartier, coordinator, sabine, client_for):
    assert client_for(coordinator).post(profile_url(quartier, sabine), {field("moderation"): "4"}).status_code == 403
    assert levels_of(sabine) == {}


def test_a_colleague_cannot_assess_someone_else(quartier, developer, sabine, client_for):
    response = client_for(developer).post(profile_url(quartier, sabine), {field("moderation"): "4"})
    assert response.status_code == 404
    assert levels_of(sabine) == {}
    with pytest.raises(PermissionDenied):
        services.assessment_save(quartier=quartier, member_id=sabine.pk, user=developer, levels={c("moderation").pk: 4})


def test_the_service_does_not_find_a_person_without_a_post_here(quartier, other_quartier, manager):
    elsewhere = StaffMember.objects.create(organisation=quartier.organisation, name="Ohne Stelle")
    with pytest.raises(StaffMember.DoesNotExist):
        services.assessment_save(quartier=quartier, member_id=elsewhere.pk, user=manager, levels={})


# --- trainings --------------------------------------------------------------------------------

GOOD = {
    "title": "Moderation kompakt",
    "provider": "Akademie",
    "date": "2026-09-14",
    "hours": "7,5",
    "status": "geplant",
}


def create_url(quartier, member) -> str:
    return reverse("training_create", args=[quartier.slug, member.pk])


def test_a_person_adds_a_training_with_a_decimal_comma(quartier, developer, me, client_for):
    response = client_for(developer).post(create_url(quartier, me), {**GOOD, "competence": c("moderation").pk})
    assert response.status_code == 302 and response["Location"].endswith("#fortbildungen")
    training = Training.objects.get(member=me)
    assert (training.title, str(training.hours), training.competence.key) == ("Moderation kompakt", "7.5", "moderation")
    page = client_for(developer).get(profile_url(quartier, me)).content.decode()
    assert "Moderation kompakt" in page and "Akademie" in page and "14.09.2026" in page


@pytest.mark.parametrize(
    ("changes", "field_name"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"provider": "y" * 201}, "provider"),
        ({"hours": "-1"}, "hours"),
        ({"hours": "0"}, "hours"),
        ({"hours": "5000"}, "hours"),
        ({"hours": "viel"}, "hours"),
        ({"hours": "9" * 30}, "hours"),
        ({"date": "32.13.2026"}, "date"),
        ({"date": "1900-01-01"}, "date"),
        ({"date": "9999-12-31"}, "date"),
        ({"date": ""}, "date"),
        ({"status": "vielleicht"}, "status"),
        ({"competence": "999999"}, "competence"),
        ({"competence": "abc"}, "competence"),
    ],
)
def test_bad_training_input_is_refused_at_the_field_with_the_rest_kept(
    changes, field_name, quartier, developer, me, client_for
):
    response = client_for(developer).post(create_url(quartier, me), {**GOOD, **changes})
    assert response.status_code == 400
    form = response.context["form"]
    assert field_name in form.errors
    page = response.content.decode()
    if field_name != "title":
        assert 'value="Moderation kompakt"' in page
    assert not Training.objects.exists()


def test_a_completed_training_cannot_lie_in_the_future(quartier, developer, me, client_for):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client_for(developer).post(
        create_url(quartier, me), {**GOOD, "date": tomorrow.isoformat(), "status": TrainingStatus.COMPLETED}
    )
    assert response.status_code == 400 and "date" in response.context["form"].errors


def test_a_manager_keeps_the_trainings_of_a_person_with_login_too(quartier, manager, me, client_for):
    assert client_for(manager).post(create_url(quartier, me), GOOD).status_code == 302
    assert Training.objects.filter(member=me).count() == 1


def test_a_coordinator_reads_trainings_but_does_not_add_them(quartier, coordinator, me, client_for):
    assert client_for(coordinator).post(create_url(quartier, me), GOOD).status_code == 403
    assert not Training.objects.exists()


def test_a_training_is_changed_and_deleted_and_a_second_delete_is_harmless(quartier, developer, me, client_for):
    training = Training.objects.create(member=me, title="Alt", date=datetime.date(2026, 2, 1))
    client = client_for(developer)
    edit = reverse("training_edit", args=[quartier.slug, me.pk, training.pk])
    assert client.get(edit).status_code == 200
    assert client.post(edit, {**GOOD, "status": "abgeschlossen", "date": "2026-01-10"}).status_code == 302
    training.refresh_from_db()
    assert (training.title, training.status) == ("Moderation kompakt", TrainingStatus.COMPLETED)

    delete = reverse("training_delete", args=[quartier.slug, me.pk, training.pk])
    assert client.post(delete).status_code == 302
    assert client.post(delete).status_code == 302
    assert not Training.objects.exists()


def test_a_training_of_another_person_is_not_found_through_this_profile(quartier, developer, me, sabine, client_for):
    """Her training, reached through my profile's URL: 404, unchanged, not deleted."""
    hers = Training.objects.create(member=sabine, title="Ihre Fortbildung", date=datetime.date(2026, 2, 1))
    client = client_for(developer)
    assert client.get(reverse("training_edit", args=[quartier.slug, me.pk, hers.pk])).status_code == 404
    assert client.post(reverse("training_edit", args=[quartier.slug, me.pk, hers.pk]), GOOD).status_code == 404
    client.post(reverse("training_delete", args=[quartier.slug, me.pk, hers.pk]))
    hers.refresh_from_db()
    assert hers.title == "Ihre Fortbildung"
    with pytest.raises(Training.DoesNotExist):
        services.training_update(quartier=quartier, member_id=me.pk, training_id=hers.pk, user=developer, title="X")
    assert services.training_delete(quartier=quartier, member_id=me.pk, training_id=hers.pk, user=developer) is False
    assert Training.objects.filter(pk=hers.pk).exists()


def test_a_person_of_another_quartier_is_not_found(quartier, other_quartier, client_for):
    user = UserFactory(email="fremd@example.org")
    MembershipFactory(quartier=other_quartier, role=Role.MANAGER, user=user)
    elsewhere = _post(other_quartier, StaffMember.objects.create(organisation=other_quartier.organisation, name="X"))
    client = client_for(user)
    # Through their own quartier's URL the person exists; through ours, the quartier does not.
    assert client.get(profile_url(other_quartier, elsewhere)).status_code == 200
    assert client.get(profile_url(quartier, elsewhere)).status_code == 404
