"""The demo data that `make run` loads: who is there, where each quartier stands, idempotence."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from planning.models import ChecklistItem, StepProgress, StepStatus, StepTransition
from quartier.models import Coordinator, Membership, Organisation, Quartier, User

pytestmark = pytest.mark.django_db

DEMO_USERS = {
    "admin@demo.example",
    "koordination@demo.example",
    "koordination-diakonie@demo.example",
    "manager-altstadt@demo.example",
    "manager-nord@demo.example",
    "partner@demo.example",
    "gast@demo.example",
}


def _counts():
    return [
        m.objects.count()
        for m in (User, Organisation, Quartier, Membership, Coordinator, StepProgress, ChecklistItem, StepTransition)
    ]


def test_refuses_without_debug_or_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1 or --force"):
        call_command("seed_demo", verbosity=0)
    assert not User.objects.exists()


def test_runs_with_debug(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    assert set(User.objects.values_list("email", flat=True)) == DEMO_USERS


def test_creates_the_organisations_quartiers_and_roles():
    call_command("seed_demo", force=True, verbosity=0)

    musterstadt = Organisation.objects.get(name="Stadt Musterstadt")
    diakonie = Organisation.objects.get(name="Diakonie Beispielkreis")
    assert set(musterstadt.quartiers.values_list("name", flat=True)) == {"Altstadt", "Nordviertel", "Am Bahnhof"}
    assert list(diakonie.quartiers.values_list("name", flat=True)) == ["Eichenau"]
    assert User.objects.get(email="admin@demo.example").is_superuser
    assert Coordinator.objects.filter(user__email="koordination@demo.example", organisation=musterstadt).exists()
    assert Coordinator.objects.filter(user__email="koordination-diakonie@demo.example", organisation=diakonie).exists()
    roles = {(m.user.email, m.quartier.name): m.role for m in Membership.objects.select_related("user", "quartier")}
    assert roles[("manager-altstadt@demo.example", "Altstadt")] == "manager"
    assert roles[("manager-nord@demo.example", "Nordviertel")] == "manager"
    assert roles[("partner@demo.example", "Altstadt")] == "partner"
    assert roles[("gast@demo.example", "Altstadt")] == "viewer"
    for email in DEMO_USERS:
        assert Client().login(username=email, password="demo-passwort"), email


def test_the_quartiers_stand_at_different_stages():
    call_command("seed_demo", force=True, verbosity=0)

    def done(name):
        return StepProgress.objects.filter(quartier__name=name, status=StepStatus.DONE).count()

    stages = {name: done(name) for name in ("Am Bahnhof", "Altstadt", "Nordviertel", "Eichenau")}
    assert stages == {"Am Bahnhof": 0, "Altstadt": 2, "Nordviertel": 3, "Eichenau": 5}
    # A completed step is completed honestly: every required item done and with evidence.
    for step in StepProgress.objects.filter(status=StepStatus.DONE).prefetch_related("items__evidence"):
        for item in step.items.all():
            if item.required:
                assert item.done and item.evidence.all(), (step, item)


def test_a_second_run_changes_nothing():
    call_command("seed_demo", force=True, verbosity=0)
    before = _counts()
    call_command("seed_demo", force=True, verbosity=0)
    assert _counts() == before


def test_generated_quartiers_are_added_each_time():
    call_command("seed_demo", force=True, verbosity=0, quartiers=3)
    call_command("seed_demo", force=True, verbosity=0, quartiers=2)
    generated = Quartier.objects.filter(slug__startswith="gen-")
    assert generated.count() == 5
    assert StepProgress.objects.filter(quartier__in=generated).count() == 50
    # Realistic states: not every generated quartier is at the start.
    assert StepProgress.objects.filter(quartier__in=generated).exclude(status=StepStatus.OPEN).exists()
