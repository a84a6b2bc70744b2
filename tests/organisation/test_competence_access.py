"""Who sees a person's competence levels: on the person's profile and in the team's matrix.

The person is „Paula Person“, a developer of `quartier` with a post and a self-assessment. Her
levels are seen by herself, the quartier's managers, the organisation's coordinators and
administrators — nobody else: not a developer colleague, a viewer, a partner, a coordinator of
another organisation, a manager of another quartier of the same organisation, an outsider.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from organisation.models import Competence, CompetenceAssessment, CompetenceLevel, Staffing, StaffMember
from quartier.models import Role
from tests.factories import MembershipFactory, QuartierFactory, UserFactory, role_profile

pytestmark = pytest.mark.django_db

PERSON = "Paula Person"


def post(quartier, member, *, start=datetime.date(2024, 1, 1), end=None, profile="entwickler") -> Staffing:
    return Staffing.objects.create(
        quartier=quartier, member=member, role_profile=role_profile(profile), weekly_hours=20, start=start, end=end
    )


@pytest.fixture
def person(quartier):
    """Paula: a developer of the quartier with a post; „Moderation“ at 4, „Teamarbeit“ at 1."""
    user = UserFactory(email="paula@example.org", first_name="Paula", last_name="Person")
    MembershipFactory(quartier=quartier, role=Role.DEVELOPER, user=user)
    member = StaffMember.objects.create(organisation=quartier.organisation, user=user, name=PERSON)
    post(quartier, member)
    CompetenceAssessment.objects.create(member=member, competence=Competence.objects.get(key="moderation"), level=4)
    CompetenceAssessment.objects.create(member=member, competence=Competence.objects.get(key="teamarbeit"), level=1)
    return member


@pytest.fixture
def colleague(quartier):
    """A developer of the quartier with a post and a staff record of her own."""
    user = UserFactory(email="kollege@example.org")
    MembershipFactory(quartier=quartier, role=Role.DEVELOPER, user=user)
    member = StaffMember.objects.create(organisation=quartier.organisation, user=user, name="Konrad Kollege")
    post(quartier, member)
    return user


@pytest.fixture
def sister_manager(organisation):
    """The manager of another quartier of the same organisation."""
    sister = QuartierFactory(organisation=organisation, name="Nordviertel", slug="nordviertel")
    return MembershipFactory(quartier=sister, role=Role.MANAGER, user=UserFactory(email="nord@example.org")).user


@pytest.fixture
def admin_user(db):
    return UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)


# viewer → (profile status, whether the levels show there, overview status, whether the matrix
# shows the person's levels)
EXPECTED = {
    "self": (200, True, 200, False),
    "manager": (200, True, 200, True),
    "coordinator": (200, True, 200, True),
    "admin_user": (200, True, 200, True),
    "other_coordinator": (404, False, 404, False),
    "colleague": (404, False, 200, False),
    "viewer": (404, False, 403, False),
    "partner": (404, False, 403, False),
    "outsider": (404, False, 404, False),
    "anonymous": (302, False, 302, False),
    "sister_manager": (404, False, 404, False),
}

CAN_TEACH = "4 – {}"


def _main(body: str) -> str:
    """The page's own content, without the navigation bar that names the logged-in user."""
    return body.split("<main", 1)[-1].split("</main>", 1)[0]


def _viewer(name, request, person):
    if name == "self":
        return person.user
    if name == "anonymous":
        return None
    return request.getfixturevalue(name)


@pytest.mark.parametrize("who", list(EXPECTED))
def test_who_sees_a_persons_levels(who, request, person, quartier, client_for):
    profile_status, sees_on_profile, overview_status, sees_in_matrix = EXPECTED[who]
    client = client_for(_viewer(who, request, person))
    can_teach = str(CompetenceLevel.CAN_TEACH.label)
    basic = str(CompetenceLevel.BASIC.label)

    profile = client.get(reverse("competence_profile", args=[quartier.slug, person.pk]))
    assert profile.status_code == profile_status
    body = _main(profile.content.decode())
    assert (PERSON in body and can_teach in body and basic in body) == sees_on_profile

    overview = client.get(reverse("competence_overview", args=[quartier.slug]))
    assert overview.status_code == overview_status
    page = _main(overview.content.decode())
    matrix = page.split('class="table table-sm matrix competence-matrix"', 1)
    assert (len(matrix) == 2 and PERSON in matrix[1] and can_teach in matrix[1]) == sees_in_matrix
    if overview_status == 200 and not sees_in_matrix:
        # The gaps only: no names, no levels of single people.
        assert PERSON not in page and "competence-matrix" not in page


def test_the_person_reaches_their_own_profile_from_the_team_page(person, quartier, client_for):
    page = client_for(person.user).get(reverse("competence_overview", args=[quartier.slug])).content.decode()
    assert reverse("competence_profile", args=[quartier.slug, person.pk]) in page


def test_a_manager_of_another_quartier_does_not_reach_the_person_through_her_own(
    person, sister_manager, organisation, client_for
):
    """Paula has no post in Nordviertel: its manager sees neither her profile nor her in its matrix."""
    client = client_for(sister_manager)
    assert client.get(reverse("competence_profile", args=["nordviertel", person.pk])).status_code == 404
    page = client.get(reverse("competence_overview", args=["nordviertel"])).content.decode()
    assert PERSON not in page


def test_a_person_of_another_organisation_is_not_found_even_with_a_post_here(
    quartier, other_quartier, manager, client_for
):
    stranger = StaffMember.objects.create(organisation=other_quartier.organisation, name="Fremde Person")
    post(quartier, stranger)
    response = client_for(manager).get(reverse("competence_profile", args=[quartier.slug, stranger.pk]))
    assert response.status_code == 404


def test_a_person_whose_post_ended_keeps_a_profile_but_leaves_the_matrix(quartier, manager, client_for):
    former = StaffMember.objects.create(organisation=quartier.organisation, name="Thea Früher")
    post(quartier, former, start=datetime.date(2020, 1, 1), end=datetime.date(2021, 12, 31))
    client = client_for(manager)
    assert client.get(reverse("competence_profile", args=[quartier.slug, former.pk])).status_code == 200
    assert "Thea Früher" not in client.get(reverse("competence_overview", args=[quartier.slug])).content.decode()


def test_an_unknown_person_is_not_found(quartier, manager, client_for):
    assert client_for(manager).get(reverse("competence_profile", args=[quartier.slug, 999999])).status_code == 404
