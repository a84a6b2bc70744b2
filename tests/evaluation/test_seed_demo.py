"""The demo data that `make run` loads: who is there, where each quartier stands, its history, idempotence."""

import itertools
import re
from datetime import datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from network.models import (
    ActionItem,
    Contact,
    Contribution,
    MeasurePartner,
    Meeting,
    NetworkMembership,
    Partner,
    PartnerAccount,
)
from planning.models import (
    ChecklistItem,
    Evidence,
    Facility,
    FundingShare,
    FundingSource,
    Goal,
    IndicatorValue,
    Measure,
    MeasureTransition,
    Milestone,
    StepProgress,
    StepStatus,
    StepTransition,
)
from quartier.models import Coordinator, Membership, Organisation, Quartier, User

from .utils import html_text, section_html, table_rows

pytestmark = pytest.mark.django_db

DEMO_USERS = {
    "admin@demo.example",
    "koordination@demo.example",
    "koordination-diakonie@demo.example",
    "manager-altstadt@demo.example",
    "manager-nord@demo.example",
    "entwicklung-altstadt@demo.example",
    "partner@demo.example",
    "gast@demo.example",
}


def _counts():
    return [
        m.objects.count()
        for m in (
            *(User, Organisation, Quartier, Membership, Coordinator, StepProgress, ChecklistItem, StepTransition),
            *(IndicatorValue, Facility, Goal, Measure, Milestone, MeasureTransition, FundingSource, FundingShare),
            Measure.goals.through,
            *(Partner, Contact, PartnerAccount, NetworkMembership, MeasurePartner, Contribution, Meeting, ActionItem),
            *(Meeting.invited.through, Meeting.present.through),
        )
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
    assert roles[("entwicklung-altstadt@demo.example", "Altstadt")] == "developer"
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
    history = (
        *(Quartier, Membership, Organisation, StepProgress, ChecklistItem, Evidence),
        *(IndicatorValue, Facility, Goal, Measure, Milestone, FundingSource),
        *(Partner, Contact, PartnerAccount, NetworkMembership, MeasurePartner, Contribution, Meeting, ActionItem),
    )
    return {
        "transitions": list(
            StepTransition.objects.order_by("pk").values_list(
                "pk", "step_id", "from_status", "to_status", "at", "comment"
            )
        ),
        "evidence": list(Evidence.objects.order_by("pk").values_list("pk", "created_at", "kind", "label", "url")),
        "items": list(ChecklistItem.objects.order_by("pk").values_list("pk", "done", "done_at")),
        "steps": list(StepProgress.objects.order_by("pk").values_list("pk", "status", "status_changed_at")),
        "quartiers": list(
            Quartier.objects.order_by("pk").values_list(
                "pk", "created_at", "updated_at", "leitbild", "leitbild_agreed_on", "leitbild_agreed_by"
            )
        ),
        "memberships": list(Membership.objects.order_by("pk").values_list("pk", "created_at")),
        "organisations": list(Organisation.objects.order_by("pk").values_list("pk", "created_at")),
        "users": list(User.objects.order_by("pk").values_list("pk", "date_joined")),
        "values": list(IndicatorValue.objects.order_by("pk").values_list("pk", "reference_date", "created_at")),
        "facilities": list(Facility.objects.order_by("pk").values_list("pk", "lat", "lon", "created_at")),
        "goals": list(Goal.objects.order_by("pk").values_list("pk", "agreed_on", "target_date", "created_at")),
        "measures": list(
            Measure.objects.order_by("pk").values_list("pk", "status_changed_at", "start", "end", "created_at")
        ),
        "milestones": list(Milestone.objects.order_by("pk").values_list("pk", "due_date", "done", "done_at")),
        "measure moves": list(MeasureTransition.objects.order_by("pk").values_list("pk", "to_status", "at")),
        "funding": list(FundingSource.objects.order_by("pk").values_list("pk", "start", "end", "status", "created_at")),
        "partners": list(Partner.objects.order_by("pk").values_list("pk", "name", "created_at")),
        "network": list(
            NetworkMembership.objects.order_by("pk").values_list(
                "pk", "status", "since", "agreement_signed_on", "agreement_until", "created_at", "updated_at"
            )
        ),
        "contributions": list(
            Contribution.objects.order_by("pk").values_list(
                "pk", "status", "amount", "date", "created_at", "decided_at"
            )
        ),
        "meetings": list(Meeting.objects.order_by("pk").values_list("pk", "starts_at", "created_at", "updated_at")),
        "action items": list(ActionItem.objects.order_by("pk").values_list("pk", "due_date", "done", "done_at")),
        **{
            f"history of {m.__name__}": list(
                m.history.order_by("history_id").values_list("history_id", "history_date", "history_user_id")
            )
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
    # Its first activity (step 1 begun) about 60 days ago, set up a couple of days before.
    assert now - timedelta(days=65) < min(dates) < now - timedelta(days=55), dates
    first = StepTransition.objects.filter(step__quartier__slug="am-bahnhof").earliest("at")
    assert min(dates) == first.at.replace(second=0, microsecond=0) or min(dates) == first.at
    started = Quartier.objects.get(slug="am-bahnhof").created_at
    assert now - timedelta(days=65) < started < first.at


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
                [StepStatus.IN_PROGRESS, StepStatus.DONE, StepStatus.IN_PROGRESS],  # reopened
            ), step
            # Each move starts where the one before ended; a reopening gives its reason.
            assert [t.from_status for t in moves] == [StepStatus.OPEN, *(t.to_status for t in moves)][: len(moves)], (
                step
            )
            assert all(bool(t.comment) == (t.from_status == StepStatus.DONE) for t in moves), step
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
                    completion = next((t for t in moves if t.to_status == StepStatus.DONE), None)
                    if completion and item.required:
                        assert proof.created_at < completion.at, "completed after its evidence"


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


# What the product review walked through: evidence, the newer states, the Leitbild, the team.

DEMO_QUARTIERS = ("altstadt", "nordviertel", "am-bahnhof", "eichenau")


def _activity_entries(response) -> list[str]:
    return [html_text(li) for li in re.findall(r"<li>(.*?)</li>", section_html(response, "h-activity"), flags=re.S)]


def test_evidence_is_named_after_what_it_is_not_after_its_kind():
    call_command("seed_demo", force=True, verbosity=0, quartiers=3)
    admin = _client("admin@demo.example")

    for slug in DEMO_QUARTIERS:
        entries = _activity_entries(admin.get(reverse("cockpit", args=[slug])))
        evidence = [e for e in entries if "Nachweis für" in e]
        assert evidence, (slug, entries)
        assert not [e for e in entries if e.rstrip(" .").endswith("Vermerk")], entries
        # Each names its own piece: no two entries read alike.
        labels = [e.rsplit("“: ", 1)[1] for e in evidence]
        assert len(set(labels)) == len(labels), labels
    for number in (1, 2, 3, 4):
        history = _history_entries(admin.get(reverse("step_detail", args=["altstadt", number])))
        added = [what for _when, what in history if "Nachweis hinzugefügt" in what]
        assert added, history
        assert not [what for what in added if what.endswith("Vermerk")], added
    # Written notes with a short label and links to pages, in the demo and in generated quartiers.
    labels = list(Evidence.objects.values_list("label", flat=True))
    assert "Vermerk" not in labels and "" not in labels
    assert len(set(labels)) > len(labels) // 3
    assert {"text", "link"} <= set(Evidence.objects.values_list("kind", flat=True))
    for url in Evidence.objects.filter(kind="link").values_list("url", flat=True):
        assert re.match(r"https://[^/]+\.example/", url), url


def test_altstadt_has_a_required_item_done_whose_evidence_is_missing():
    call_command("seed_demo", force=True, verbosity=0)
    missing = ChecklistItem.objects.filter(
        step__quartier__slug="altstadt",
        step__status=StepStatus.IN_PROGRESS,
        required=True,
        done=True,
        evidence__isnull=True,
    ).select_related("step__template")
    assert missing

    item = missing[0]
    response = _client("manager-altstadt@demo.example").get(
        reverse("step_detail", args=["altstadt", item.step.template.number])
    )

    assert "⚠ erledigt – Nachweis fehlt" in html_text(response.content.decode(), f"item-{item.pk}")


def test_a_reopened_step_shows_with_its_reason_and_date():
    call_command("seed_demo", force=True, verbosity=0)
    now = timezone.now()
    reopening = StepTransition.objects.select_related("step__template", "step__quartier").get(
        from_status=StepStatus.DONE, to_status=StepStatus.IN_PROGRESS
    )
    step = reopening.step
    assert step.quartier.slug == "altstadt"
    assert step.status == StepStatus.IN_PROGRESS  # the state the README promises stays
    assert now - timedelta(days=8 * 7) < reopening.at < now - timedelta(days=14)
    assert "Grenze um die Siedlung am Mühlbach erweitert" in reopening.comment
    # Completed before, and its history has a row for each move.
    moves = list(step.transitions.order_by("at").values_list("to_status", "at"))
    assert [to for to, _at in moves] == [StepStatus.IN_PROGRESS, StepStatus.DONE, StepStatus.IN_PROGRESS]
    history = list(
        StepProgress.history.filter(id=step.pk).order_by("history_date").values_list("status", "history_date")
    )
    assert history == moves
    manager = _client("manager-altstadt@demo.example")

    verlauf = _history_entries(manager.get(reverse("step_detail", args=["altstadt", step.template.number])))
    cockpit = _activity_entries(manager.get(reverse("cockpit", args=["altstadt"])))

    reopened = [(when, what) for when, what in verlauf if "Wieder geöffnet" in what]
    assert len(reopened) == 1 and "Grenze um die Siedlung am Mühlbach erweitert" in reopened[0][1]
    assert abs(reopened[0][0] - reopening.at) < timedelta(minutes=1)
    assert any(
        f"Schritt {step.template.number} wieder geöffnet" in e and "Siedlung am Mühlbach" in e for e in cockpit
    ), cockpit


def test_a_step_was_completed_a_few_days_ago():
    call_command("seed_demo", force=True, verbosity=0)
    now = timezone.now()
    latest = (
        StepTransition.objects.filter(step__quartier__slug__in=["altstadt", "eichenau"], to_status=StepStatus.DONE)
        .select_related("step__quartier", "step__template")
        .latest("at")
    )
    assert now - timedelta(days=8) < latest.at < now - timedelta(days=1)
    slug, number = latest.step.quartier.slug, latest.step.template.number
    assert latest.step.status == StepStatus.DONE

    cockpit = _activity_entries(_client("admin@demo.example").get(reverse("cockpit", args=[slug])))

    assert any(f"Schritt {number} abgeschlossen" in e for e in cockpit), cockpit


def test_a_quartier_whose_step_1_is_done_shows_its_agreed_leitbild():
    call_command("seed_demo", force=True, verbosity=0, quartiers=6)

    for quartier in Quartier.objects.all():
        step = quartier.steps.get(template__number=1)
        if step.status != StepStatus.DONE:
            assert quartier.leitbild_agreed_on is None, quartier
            continue
        assert quartier.leitbild and quartier.leitbild_agreed_by, quartier
        began = step.transitions.filter(to_status=StepStatus.IN_PROGRESS).earliest("at").at
        completed = step.transitions.filter(to_status=StepStatus.DONE).latest("at").at
        assert timezone.localdate(began) <= quartier.leitbild_agreed_on <= timezone.localdate(completed), quartier
    agreed_on = Quartier.objects.get(slug="altstadt").leitbild_agreed_on

    response = _client("gast@demo.example").get(reverse("quartier_profile", args=["altstadt"]))

    leitbild = html_text(section_html(response, "h-leitbild"))
    assert "Noch nicht beschlossen" not in leitbild
    assert "Alle Menschen im Quartier" in leitbild
    agreed = leitbild[leitbild.index("Beschlossen am") :]
    assert "Sozialausschuss der Stadt Musterstadt" in agreed
    # The date, however it is written („19.9.2025“, „19. September 2025“ …).
    assert str(agreed_on.year) in agreed and re.search(rf"\b0?{agreed_on.day}\.", agreed), agreed
    # Am Bahnhof is still working on step 1: its Leitbild is a draft.
    response = _client("manager-nord@demo.example").get(reverse("quartier_profile", args=["am-bahnhof"]))
    assert "Noch nicht beschlossen" in html_text(section_html(response, "h-leitbild"))


def test_the_team_history_names_who_added_each_member():
    call_command("seed_demo", force=True, verbosity=0)

    response = _client("manager-altstadt@demo.example").get(reverse("members", args=["altstadt"]))

    entries = [html_text(li) for li in re.findall(r"<li>(.*?)</li>", section_html(response, "h-team-history"), re.S)]
    assert len(entries) == 4, entries
    assert not [e for e in entries if "system" in e.lower()], entries
    # "<when> · <who added> <member> ist als <role> hinzugekommen": the administrator set up the
    # manager, the manager added the others.
    added_by = {e.split(" ist als ")[0].split(" · ", 1)[1]: e for e in entries}
    assert set(added_by) == {
        "Ada Admin Maria Altmann",
        "Maria Altmann Paul Partner",
        "Maria Altmann Gerda Gast",
        "Maria Altmann Erik Entwickler",
    }
    assert not Membership.history.filter(history_user__isnull=True).exists()


def test_altstadt_is_worked_on_every_week():
    call_command("seed_demo", force=True, verbosity=0)
    now = timezone.now()

    response = _client("manager-altstadt@demo.example").get(reverse("cockpit", args=["altstadt"]))

    dates = sorted(_activity_dates(response), reverse=True)
    assert len(dates) == 8
    assert now - dates[0] < timedelta(days=7)
    # Roughly a week between entries, never a month of silence, and not all from last week.
    gaps = [newer - older for newer, older in itertools.pairwise(dates)]
    assert max(gaps) < timedelta(days=10), gaps
    assert now - dates[-1] > timedelta(days=35), dates


def test_the_bench_generator_names_its_evidence_too():
    from bench.generate import add_quartiers

    call_command("seed_demo", force=True, verbosity=0)
    add_quartiers(4)

    generated = Evidence.objects.filter(item__step__quartier__slug__startswith="gen-")
    labels = list(generated.values_list("label", flat=True))
    assert labels and "Vermerk" not in labels and "" not in labels
    assert len(set(labels)) > 5
    # Dated with the work they record, not with the moment the bench ran, like the transitions.
    for evidence in generated.select_related("item__step"):
        assert evidence.created_at == evidence.item.step.status_changed_at
    for transition in StepTransition.objects.filter(step__quartier__slug__startswith="gen-").select_related("step"):
        assert transition.at == transition.step.status_changed_at
