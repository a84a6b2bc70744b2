"""The demo's organisation check: two rounds of Stadt Musterstadt that tell a story, added once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from evaluation.demo_checks import seed_checks
from organisation.checks.compare import Change, compare_rounds
from organisation.checks.selectors import open_actions
from organisation.models import CheckAction, CheckRound
from tests.factories import CoordinatorFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def musterstadt():
    organisation = OrganisationFactory(name="Stadt Musterstadt", slug="stadt-musterstadt")
    user = UserFactory(email="koordination@demo.example")
    CoordinatorFactory(user=user, organisation=organisation)
    return organisation, {user.email: user}


def test_two_rounds_a_year_and_a_month_ago_with_moves_up_one_down_and_one_new(musterstadt):
    organisation, users = musterstadt
    today = timezone.localdate()
    seed_checks(users=users, today=today)

    latest, first = CheckRound.objects.filter(organisation=organisation).order_by("-held_on")
    assert today - first.held_on == timedelta(days=365)
    assert today - latest.held_on == timedelta(days=30)
    changes = [c.change for c in compare_rounds(latest, first)]
    assert changes.count(Change.UP) >= 3
    assert changes.count(Change.DOWN) == 1
    assert changes.count(Change.NEW) == 1
    assert Change.NOT_RATED not in changes
    assert all(r.evidence for r in latest.ratings.all())

    rows = open_actions(user=users["koordination@demo.example"], today=today, limit=10).rows
    assert len(rows) >= 3
    assert [r.overdue for r in rows].count(True) == 1
    assert CheckAction.objects.filter(rating__round=first, done_on__isnull=False).exists()


def test_seeding_twice_adds_nothing(musterstadt):
    _organisation, users = musterstadt
    today = timezone.localdate()
    seed_checks(users=users, today=today)
    counts = (CheckRound.objects.count(), CheckAction.objects.count())
    seed_checks(users=users, today=today + timedelta(days=3))
    assert (CheckRound.objects.count(), CheckAction.objects.count()) == counts


def test_without_the_organisation_nothing_is_seeded(db):
    seed_checks(users={}, today=timezone.localdate())
    assert not CheckRound.objects.exists()
