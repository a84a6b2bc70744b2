"""The demo data that `make run` loads: who is there, where each quartier stands, its history, idempotence."""

import re
from datetime import datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from planning.models import ChecklistItem, Evidence, StepProgress, StepStatus, StepTransition
from quartier.models import Coordinator, Membership, Organisation, Quartier, User

from .utils import html_text, section_html, table_rows

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


def _dates():
    """Every date the seeding writes, row by row, history rows included."""
    history = (Quartier, Membership, Organisation, StepProgress, ChecklistItem, Evidence)
    return {
        "transitions": list(StepTransition.objects.order_by("pk").values_list("pk", "step_id", "to_status", "at")),
        "evidence": list(Evidence.objects.order_by("pk").values_list("pk", "created_at")),
        "items": list(ChecklistItem.objects.order_by("pk").values_list("pk", "done", "done_at")),
        "steps": list(StepProgress.objects.order_by("pk").values_list("pk", "status", "status_changed_at")),
        "quartiers": list(Quartier.objects.order_by("pk").values_list("pk", "created_at", "updated_at")),
        "memberships": list(Membership.objects.order_by("pk").values_list("pk", "created_at")),
        "organisations": list(Organisation.objects.order_by("pk").values_list("pk", "created_at")),
        "users": list(User.objects.order_by("pk").values_list("pk", "date_joined")),
        **{
            f"history of {m.__name__}": list(m.history.order_by("history_id").values_list("history_id", "history_date"))
            for m in history
        },
    }


def test_a_second_run_changes_nothing():
    call_command("seed_demo", force=True, verbosity=0, quartiers=2)
    before, dates = _counts(), _dates()
    call_command("seed_demo", force=True, verbosity=0)
    assert _counts() == before
    assert _dates() == dates


def test_generated_quartiers_are_added_each_time():
    call_command("seed_demo", force=True, verbosity=0, quartiers=3)
    call_command("seed_demo", force=True, verbosity=0, quartiers=2)
    generated = Quartier.objects.filter(slug__startswith="gen-")
    assert generated.count() == 5
    assert StepProgress.objects.filter(quartier__in=generated).count() == 50
    # Realistic states: not every generated quartier is at the start.
    assert StepProgress.objects.filter(quartier__in=generated).exclude(status=StepStatus.OPEN).exists()


# What a person sees of the demo's history.


def _history_entries(response) -> list[tuple[datetime, str]]:
    """The dated entries of a step page's "Verlauf" (or a cockpit's activity): (when, what)."""
    entries = []
    for li in re.findall(r"<li>(.*?)</li>", section_html(response, "h-history"), flags=re.S):
        when = datetime.fromisoformat(re.search(r'<time datetime="([^"]+)"', li).group(1))
        entries.append((when, html_text(li)))
    return entries


def _activity_dates(response) -> list[datetime]:
    return [
        datetime.fromisoformat(d) for d in re.findall(r'<time datetime="([^"]+)"', section_html(response, "h-activity"))
    ]


def _client(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def test_nordviertel_has_been_stuck_in_step_4_for_more_than_three_months():
    call_command("seed_demo", force=True, verbosity=0)
    now = timezone.now()

    response = _client("manager-nord@demo.example").get(reverse("step_detail", args=["nordviertel", 4]))

    assert response.status_code == 200
    entries = _history_entries(response)
    moves = ("Begonnen", "Abgeschlossen", "Wieder geöffnet")
    transitions = [when for when, what in entries if any(move in what for move in moves)]
    assert transitions, entries
    assert max(transitions) < now - timedelta(days=90)
    # Little has happened since: nothing in step 4 for the last two months.
    assert max(when for when, _what in entries) < now - timedelta(days=60)
    step = StepProgress.objects.get(quartier__slug="nordviertel", template__number=4)
    assert step.status == StepStatus.IN_PROGRESS
    assert step.status_changed_at < now - timedelta(days=90)
    # And nothing in the whole quartier has moved for more than three months, little since.
    last = StepTransition.objects.filter(step__quartier__slug="nordviertel").latest("at").at
    assert last < now - timedelta(days=90)
    cockpit = _client("manager-nord@demo.example").get(reverse("cockpit", args=["nordviertel"]))
    assert max(_activity_dates(cockpit)) < now - timedelta(days=60)


def test_am_bahnhof_started_two_months_ago():
    call_command("seed_demo", force=True, verbosity=0)
    now = timezone.now()

    response = _client("manager-nord@demo.example").get(reverse("cockpit", args=["am-bahnhof"]))

    dates = _activity_dates(response)
    assert dates
    assert all(now - timedelta(days=62) < when < now for when in dates), dates
    assert min(dates) < now - timedelta(days=30), "the step was started weeks ago, not today"
    started = Quartier.objects.get(slug="am-bahnhof").created_at
    assert now - timedelta(days=62) < started < now - timedelta(days=55)


def test_altstadt_started_eighteen_months_ago_and_is_still_worked_on():
    call_command("seed_demo", force=True, verbosity=0)
    now = timezone.now()
    altstadt = Quartier.objects.get(slug="altstadt")

    assert now - timedelta(days=550) < altstadt.created_at < now - timedelta(days=500)
    response = _client("manager-altstadt@demo.example").get(reverse("cockpit", args=["altstadt"]))
    assert max(_activity_dates(response)) > now - timedelta(days=7)
    first = StepTransition.objects.filter(step__quartier=altstadt).earliest("at")
    assert first.step.template.number == 1
    assert first.at < now - timedelta(days=365)


def test_the_portfolio_shows_a_different_last_activity_for_each_demo_quartier():
    call_command("seed_demo", force=True, verbosity=0)

    response = _client("admin@demo.example").get(reverse("portfolio"))

    _header, *rows = table_rows(response)
    names = ("Altstadt", "Nordviertel", "Am Bahnhof", "Eichenau")
    last_activity = {name: row[-1] for row in rows for name in names if row[0].startswith(name)}
    assert set(last_activity) == set(names)
    assert len(set(last_activity.values())) == 4, last_activity
    today = timezone.localdate()
    assert f"{today.day}.{today.month}.{today.year}" not in last_activity.values()


def test_the_step_page_lists_the_ticks_and_evidence_on_their_days():
    call_command("seed_demo", force=True, verbosity=0)
    step = StepProgress.objects.get(quartier__slug="altstadt", template__number=1)

    response = _client("manager-altstadt@demo.example").get(reverse("step_detail", args=["altstadt", 1]))

    def minute(when: datetime) -> datetime:
        return when.replace(second=0, microsecond=0)

    shown = {minute(when) for when, _what in _history_entries(response)}
    ticked = ChecklistItem.objects.filter(step=step, done=True)
    evidence = Evidence.objects.filter(item__step=step)
    assert ticked and evidence
    # The page shows minutes; the records keep seconds.
    expected = {t.at for t in step.transitions.all()} | {i.done_at for i in ticked} | {e.created_at for e in evidence}
    assert shown == {minute(when) for when in expected}


def test_the_history_holds_together():
    call_command("seed_demo", force=True, verbosity=0, quartiers=5)
    now = timezone.now()

    for quartier in Quartier.objects.all():
        started = quartier.created_at
        assert quartier.organisation.created_at <= started < now, quartier
        assert Quartier.history.get(id=quartier.pk).history_date == started
        for membership in quartier.memberships.all():
            assert started <= membership.created_at < now
            assert membership.user.date_joined <= membership.created_at
            assert Membership.history.get(id=membership.pk).history_date == membership.created_at
        for step in quartier.steps.prefetch_related("transitions", "items__evidence"):
            moves = sorted(step.transitions.all(), key=lambda t: t.at)
            assert [t.to_status for t in moves] in (
                [],
                [StepStatus.IN_PROGRESS],
                [StepStatus.IN_PROGRESS, StepStatus.DONE],
            ), step
            assert all(started < t.at < now for t in moves), step
            if moves:
                assert step.status == moves[-1].to_status and step.status_changed_at == moves[-1].at, step
                recorded = StepProgress.history.filter(id=step.pk).order_by("history_date")
                assert [(h.status, h.history_date) for h in recorded] == [(t.to_status, t.at) for t in moves]
            for item in step.items.all():
                if not item.done:
                    assert not item.evidence.all()
                    continue
                # Ticked while the step was in progress, with evidence no earlier.
                assert moves[0].at < item.done_at < now, item
                ticks = ChecklistItem.history.filter(id=item.pk)
                assert [(h.done, h.history_date) for h in ticks] == [(True, item.done_at)], item
                for proof in item.evidence.all():
                    assert item.done_at <= proof.created_at < now
                    assert Evidence.history.get(id=proof.pk).history_date == proof.created_at
                    if step.status == StepStatus.DONE:
                        assert proof.created_at < moves[-1].at, "completed after its evidence"


def test_generated_quartiers_have_histories_of_their_own():
    call_command("seed_demo", force=True, verbosity=0, quartiers=6)
    now = timezone.now()
    generated = Quartier.objects.filter(slug__startswith="gen-")

    started = [q.created_at for q in generated]
    assert len({timezone.localdate(d) for d in started}) == 6
    assert all(now - timedelta(days=550) < d < now for d in started)
    assert max(started) - min(started) > timedelta(days=90)
    last_moves = {
        StepTransition.objects.filter(step__quartier=q).latest("at").at.date()
        for q in generated
        if StepTransition.objects.filter(step__quartier=q).exists()
    }
    assert len(last_moves) >= 5


def _story(slug: str):
    quartier = Quartier.objects.get(slug=slug)
    return (
        quartier.name,
        quartier.created_at,
        list(quartier.steps.values_list("template__number", "status", "status_changed_at")),
        sorted(Evidence.objects.filter(item__step__quartier=quartier).values_list("created_at", flat=True)),
    )


def test_a_generated_quartier_gets_the_same_story_whichever_run_adds_it(monkeypatch):
    moment = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: moment)
    call_command("seed_demo", force=True, verbosity=0, quartiers=4)
    stories = [_story(f"gen-000{n}") for n in (3, 4)]
    Quartier.objects.filter(slug__startswith="gen-").delete()

    call_command("seed_demo", force=True, verbosity=0, quartiers=2)
    call_command("seed_demo", force=True, verbosity=0, quartiers=2)

    assert [_story(f"gen-000{n}") for n in (3, 4)] == stories
