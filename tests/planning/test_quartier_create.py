"""Every way a quartier comes into being gives it its ten steps: the admin and the demo data."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from planning.models import ChecklistItem, ChecklistTemplate
from quartier.models import Quartier, Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _step_numbers(quartier: Quartier) -> list[int]:
    return sorted(quartier.steps.values_list("template__number", flat=True))


@pytest.fixture
def admin(db):
    return UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client_for, admin):
    return client_for(admin)


def test_a_quartier_added_in_the_admin_gets_its_steps_and_its_members(admin_client, admin, organisation):
    manager = UserFactory(email="neu@example.org")

    response = admin_client.post(
        reverse("admin:quartier_quartier_add"),
        {
            "organisation": organisation.pk,
            "name": "Südstadt",
            "slug": "suedstadt",
            "municipality": "Musterstadt",
            "spatial_type": Quartier.SpatialType.STADTVIERTEL,
            "catchment_radius_m": 500,
            "population": "4800",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-user": manager.pk,
            "memberships-0-role": Role.MANAGER,
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    quartier = Quartier.objects.get(slug="suedstadt")
    assert response.url == reverse("admin:quartier_quartier_changelist")
    assert (quartier.name, quartier.organisation, quartier.population) == ("Südstadt", organisation, 4800)
    assert _step_numbers(quartier) == list(range(1, 11))
    assert ChecklistItem.objects.filter(step__quartier=quartier).count() == ChecklistTemplate.objects.count()
    assert list(quartier.memberships.values_list("user", "role")) == [(manager.pk, Role.MANAGER)]
    assert quartier.history.get().history_user == admin  # who added it, in the quartier's history


def test_saving_a_quartier_in_the_admin_fills_in_missing_steps(admin_client, quartier):
    quartier.steps.get(template__number=4).delete()

    response = admin_client.post(
        reverse("admin:quartier_quartier_change", args=[quartier.pk]),
        {
            "organisation": quartier.organisation_id,
            "name": "Altstadt Nord",
            "slug": quartier.slug,
            "municipality": quartier.municipality,
            "spatial_type": quartier.spatial_type,
            "catchment_radius_m": quartier.catchment_radius_m,
            "population": "4200",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    quartier.refresh_from_db()
    assert quartier.name == "Altstadt Nord"
    assert _step_numbers(quartier) == list(range(1, 11))


def test_the_demo_quartiers_have_their_ten_steps(db):
    call_command("seed_demo", force=True, verbosity=0, quartiers=2)

    quartiers = Quartier.objects.all()
    assert quartiers.count() == 6
    for quartier in quartiers:
        assert _step_numbers(quartier) == list(range(1, 11)), quartier.slug
        assert ChecklistItem.objects.filter(step__quartier=quartier).count() == ChecklistTemplate.objects.count()
