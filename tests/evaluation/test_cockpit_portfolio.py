"""The cockpit of one quartier and the coordinator's portfolio with its CSV export.

Expected texts go through the German catalogue (`gettext` with German active), so each
assertion reads what the user reads.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext, pgettext

from evaluation.models import Report
from evaluation.templatetags.portfolio_tags import staff_csv_header
from organisation.models import TaskField
from planning.models import ChecklistItem, EvidenceKind, Phase, StepProgress, StepStatus, StepTransition
from planning.services import evidence_add, item_set_done, quartier_progress_refresh, step_complete, step_transition
from tests.factories import CoordinatorFactory, QuartierFactory, UserFactory
from tests.pages import shown_date

from . import plan_data
from .utils import html_text, page_text, section_html, step_titles, table_rows

pytestmark = pytest.mark.django_db

STATUS_MARK = {StepStatus.DONE: "✓", StepStatus.IN_PROGRESS: "…", StepStatus.OPEN: "–"}


def _item(quartier, number: int, position: int) -> ChecklistItem:
    return ChecklistItem.objects.get(step__quartier=quartier, step__template__number=number, position=position)


def _complete_with_evidence(quartier, number: int, user) -> None:
    """Complete a step the way a team does: evidence on every required item, then "complete"."""
    step = StepProgress.objects.get(quartier=quartier, template__number=number)
    for item in step.items.filter(required=True):
        evidence_add(item_id=item.pk, user=user, kind=EvidenceKind.TEXT, text="Liegt vor.", label="Protokoll")
    step_complete(step_id=step.pk, user=user)


def _set_stage(quartier, *, done=(), in_progress=(), last_activity=None) -> None:
    """Put steps into states directly (as the demo seeding does), dating the last transition."""
    steps = StepProgress.objects.filter(quartier=quartier)
    steps.filter(template__number__in=done).update(status=StepStatus.DONE)
    steps.filter(template__number__in=in_progress).update(status=StepStatus.IN_PROGRESS)
    if last_activity is not None:
        step = steps.get(template__number=1)
        transition = StepTransition.objects.create(step=step, from_status=StepStatus.OPEN, to_status=step.status)
        StepTransition.objects.filter(pk=transition.pk).update(at=last_activity)
    # Written around the services, as the demo data is: the progress columns are recomputed.
    quartier_progress_refresh(quartier=quartier)


def _status_label(status: str) -> str:
    return str(StepStatus(status).label)


def _progress(*, done: int, percent: int) -> str:
    """The cockpit's summary line."""
    return gettext("%(done)s of 10 steps completed · overall progress %(percent)s %%") % {
        "done": done,
        "percent": percent,
    }


# Cockpit


@pytest.fixture
def worked_on(quartier, manager):
    """Altstadt: step 1 completed with evidence, one item of step 2 ticked without evidence."""
    _complete_with_evidence(quartier, 1, manager)
    item_set_done(item_id=_item(quartier, 2, 2).pk, user=manager, done=True)
    return quartier


def test_cockpit_shows_ten_steps_by_phase_with_status(worked_on, manager, client_for):
    quartier = worked_on

    response = client_for(manager).get(reverse("cockpit", args=[quartier.slug]))

    expected_status = {1: StepStatus.DONE, 2: StepStatus.IN_PROGRESS} | dict.fromkeys(range(3, 11), StepStatus.OPEN)
    for number, title in enumerate(step_titles(), start=1):
        step_text = page_text(response, f"step-{number}")
        assert step_text.startswith(f"{number}. {title}")
        assert _status_label(expected_status[number]) in step_text
    assert gettext("%(d)s of %(t)s required items") % {"d": 3, "t": 3} in page_text(response, "step-1")
    assert gettext("%(d)s of %(t)s required items") % {"d": 1, "t": 3} in page_text(response, "step-2")
    # Steps 1–4 under the planning phase, 5–7 under implementation, 8–10 under consolidation.
    numbers = {Phase.PLANNING: [1, 2, 3, 4], Phase.IMPLEMENTATION: [5, 6, 7], Phase.CONSOLIDATION: [8, 9, 10]}
    for key, label in Phase.choices:
        assert page_text(response, f"phase-{key}") == str(label)
        section = section_html(response, f"phase-{key}")
        assert [n for n in range(1, 11) if f'id="step-{n}"' in section] == numbers[key]
    text = page_text(response)
    # Step 1 is 100 %, step 2 one of three required items (33 %): 133 / 10 steps.
    assert _progress(done=1, percent=13) in text
    assert gettext("%(p)s %% done") % {"p": 33} in text  # planning phase: (100 + 33 + 0 + 0) / 4


def test_cockpit_shows_next_open_required_items(worked_on, manager, client_for):
    quartier = worked_on

    response = client_for(manager).get(reverse("cockpit", args=[quartier.slug]))

    assert page_text(response, "h-next") == gettext("Next required items")
    next_items = section_html(response, "h-next")
    step = gettext("Step")
    expected = [
        (2, 1, "Quartier abgegrenzt (Karte, Grenze, Begründung)"),
        (2, 2, "Größe geprüft (Einwohnerzahl, Fläche, Einzugsbereich)"),
        (2, 3, "Kriterien überschaubar, sozial konstruierbar, identifikatorisch begründet"),
        (3, 1, "Strukturdaten erhoben (Indikatoren mit Quelle und Stichtag)"),
        (3, 2, "Angebote und Infrastruktur erfasst (Treffpunkte, Beratung, Pflege, Nahversorgung, ÖPNV)"),
        (3, 4, "Bürgerbefragung durchgeführt und ausgewertet"),
    ]
    positions = []
    for number, position, title in expected:
        link = reverse("step_detail", args=[quartier.slug, number]) + f"#item-{_item(quartier, number, position).pk}"
        assert link in next_items
        positions.append(next_items.index(link))
        assert f"{step} {number}: {title}" in html_text(next_items)
    assert positions == sorted(positions)  # in step order
    text = html_text(next_items)
    # Ticked but without evidence: still listed, with the reason.
    assert f"{step} 2: Größe geprüft (Einwohnerzahl, Fläche, Einzugsbereich) ({gettext('evidence missing')})" in text
    # Completed step 1 and anything beyond the first six are not listed.
    assert "Leitbild formuliert" not in next_items
    assert "Akteursanalyse" not in next_items


def _open_required(quartier) -> list[ChecklistItem]:
    """Counted here the slow way: every required item of an unfinished step without work or evidence."""
    items = ChecklistItem.objects.filter(step__quartier=quartier, required=True).exclude(step__status=StepStatus.DONE)
    return sorted(
        (i for i in items.select_related("step__template") if not i.done or not i.evidence.exists()),
        key=lambda i: (i.step.template.number, i.position),
    )


def test_cockpit_says_how_many_more_required_items_there_are_and_links_to_them(worked_on, manager, client_for):
    quartier = worked_on
    open_items = _open_required(quartier)
    assert len(open_items) > 6
    first_hidden_step = open_items[6].step.template.number

    response = client_for(manager).get(reverse("cockpit", args=[quartier.slug]))

    section = section_html(response, "h-next")
    more = f"und {len(open_items) - 6} weitere Pflichtpunkte, ab Schritt {first_hidden_step}"
    assert more in html_text(section)
    link = reverse("step_detail", args=[quartier.slug, first_hidden_step])
    assert f'<a href="{link}">{more}</a>' in section


def test_cockpit_without_more_required_items_does_not_mention_more(worked_on, manager, client_for):
    quartier = worked_on
    keep = {i.pk for i in _open_required(quartier)[:4]}
    ChecklistItem.objects.filter(step__quartier=quartier).exclude(pk__in=keep).update(required=False)

    section = section_html(client_for(manager).get(reverse("cockpit", args=[quartier.slug])), "h-next")

    assert "weitere" not in html_text(section)
    assert html_text(section).count("Schritt ") == 4


def test_cockpit_query_count_for_managers_does_not_grow_with_open_items(quartier, manager, client_for):
    client = client_for(manager)
    url = reverse("cockpit", args=[quartier.slug])
    _complete_with_evidence(quartier, 1, manager)
    ChecklistItem.objects.filter(step__quartier=quartier, step__template__number__gt=2).update(required=False)
    few = _count_queries(client, url)
    assert "weitere" not in html_text(section_html(client.get(url), "h-next"))

    ChecklistItem.objects.filter(step__quartier=quartier).update(required=True)
    many = _count_queries(client, url)

    assert many == few
    assert "weitere Pflichtpunkte" in html_text(section_html(client.get(url), "h-next"))


def test_cockpit_shows_recent_activity_newest_first(worked_on, manager, client_for):
    quartier = worked_on

    response = client_for(manager).get(reverse("cockpit", args=[quartier.slug]))

    assert page_text(response, "h-activity") == gettext("Recent activity")
    section = section_html(response, "h-activity")
    started = "Schritt 2 begonnen"
    completed = "Schritt 1 abgeschlossen"
    evidence = gettext("Evidence for “%(item)s”: %(label)s") % {
        "item": "Leitbild mit Bürgerinnen und Bürgern abgestimmt",
        "label": "Protokoll",
    }
    text = html_text(section)
    for entry in (started, completed, evidence):
        assert entry in text
    # Newest first: step 2 was started after step 1 was completed.
    assert text.index(started) < text.index(completed)
    assert str(manager) in text
    # Three pieces of evidence, step 1 started and completed, step 2 started.
    assert section.count("<li>") == 6


def test_cockpit_of_a_new_quartier_invites_to_start(manager, quartier, client_for):
    response = client_for(manager).get(reverse("cockpit", args=[quartier.slug]))

    text = page_text(response)
    assert gettext("Nothing has happened yet. Start with step 1.") in text
    assert _progress(done=0, percent=0) in text
    assert f"{gettext('Step')} 1: Leitbild formuliert (Anlass, Zielgruppen, Leitziele)" in text


@pytest.mark.parametrize("role", ["manager", "developer", "viewer", "coordinator"])
def test_cockpit_for_each_role(role, quartier, client_for, request):
    user = request.getfixturevalue(role)

    response = client_for(user).get(reverse("cockpit", args=[quartier.slug]))

    text = page_text(response)
    assert quartier.name in text
    # Only roles that may work on the steps get a list of things to do.
    assert (gettext("Next required items") in text) is (role in ("manager", "developer"))
    # Only roles that may ask for a report see the button.
    may_request = role in ("manager", "developer", "coordinator")
    assert (gettext("Create progress report (PDF)") in text) is may_request


def test_cockpit_outsider_and_other_coordinator_get_404_anonymous_login(
    quartier, outsider, other_coordinator, client_for
):
    url = reverse("cockpit", args=[quartier.slug])
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(other_coordinator).get(url).status_code == 404
    response = client_for(None).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def _count_queries(client, url: str) -> int:
    client.get(url)  # warm caches (content types, sessions) so that both runs compare like with like
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _plan_objects(quartier, manager, today, numbers) -> None:
    """Goals, measures due and overdue, milestones and funding, one of each per number."""
    for n in numbers:
        plan_data.value(quartier, "MEETING", n, today - timedelta(days=n))
        plan_data.goal(quartier, f"Ziel {n}", code="MEETING", baseline=0, target=10, domain=("wohnen", "pflege")[n % 2])
        measure = plan_data.measure(quartier, f"Maßnahme {n}", end=today - timedelta(days=n), responsible=manager)
        plan_data.milestone(measure, f"Meilenstein {n}", today + timedelta(days=n - 3))
        plan_data.funding(quartier, f"Förderung {n}", today - timedelta(days=10), today + timedelta(days=100 * n))


def test_cockpit_query_count_does_not_grow_with_data(worked_on, manager, organisation, client_for):
    quartier = worked_on
    QuartierFactory(organisation=organisation)
    client = client_for(manager)
    url = reverse("cockpit", args=[quartier.slug])
    Report.objects.create(quartier=quartier, requested_by=manager)
    today = timezone.localdate()
    _plan_objects(quartier, manager, today, range(1))  # one of each: lists with rows fetch their related rows
    small = _count_queries(client, url)

    for _n in range(10):
        QuartierFactory(organisation=organisation)
    for number in (2, 3, 4, 5):
        _complete_with_evidence(quartier, number, manager)
    for _n in range(6):  # finished ones: only one report of a quartier can be pending
        Report.objects.create(quartier=quartier, requested_by=UserFactory(), status=Report.Status.DONE)
    _plan_objects(quartier, manager, today, range(1, 8))  # no query per object
    large = _count_queries(client, url)

    assert large == small
    text = page_text(client.get(url))
    assert _progress(done=5, percent=50) in text
    assert "Meilenstein: Meilenstein 7" in text and "Maßnahme: Maßnahme 7" in text and "Ziel 7" in text


# Portfolio


@pytest.fixture
def portfolio(quartier, organisation, other_quartier):
    """Four quartiers of the coordinator's organisation at different stages, one of another organisation."""
    now = timezone.now()
    nord = QuartierFactory(
        organisation=organisation, name="Nordviertel", slug="nordviertel", municipality="Musterstadt"
    )
    talbach = QuartierFactory(organisation=organisation, name="Talbach", slug="talbach", municipality="Talbach")
    linden = QuartierFactory(organisation=organisation, name="Lindenhof", slug="lindenhof", municipality="Talbach")
    _set_stage(quartier, done=(1, 2), in_progress=(3,), last_activity=now - timedelta(days=10))
    _set_stage(nord, done=(1, 2, 3, 4), in_progress=(5,), last_activity=now - timedelta(days=2))
    _set_stage(linden, done=range(1, 11), last_activity=now - timedelta(days=30))
    _set_stage(other_quartier, done=(1,), last_activity=now - timedelta(days=1))
    return {"altstadt": quartier, "nordviertel": nord, "talbach": talbach, "lindenhof": linden}


def _names(response) -> list[str]:
    """Quartier names of the matrix rows, in order (the header row left out)."""
    rows = table_rows(response)[1:]
    return [row[0].rsplit(" ", 1)[0] for row in rows]


def _portfolio(client, **params):
    return client.get(reverse("portfolio"), params)


def test_portfolio_shows_a_matrix_row_per_visible_quartier(portfolio, coordinator, client_for):
    response = _portfolio(client_for(coordinator))

    assert _names(response) == ["Altstadt", "Lindenhof", "Nordviertel", "Talbach"]
    text = page_text(response)
    assert "Eichenau" not in text
    header, *rows = table_rows(response)
    assert header == [
        gettext("Quartier"),
        gettext("Current step"),
        *[str(n) for n in range(1, 11)],
        # Short on screen, the full name for screen readers.
        "Planung Planungsphase",
        # Soft hyphens let the long phase names break in their narrow headers.
        "Durch\u00adführung Durchführungsphase",
        "Verste\u00adtigung Verstetigungsphase",
        "Plan Maßnahmen im Plan und überfällig, Monate gesicherter Finanzierung",
        pgettext("portfolio column, short", "Staff")
        + " "
        + gettext("Staffed hours per week, warnings, share of time per task field over the last twelve months"),
        "Netzwerk Aktive Partner*innen, bestätigte Stunden und Euro",
        gettext("Last activity"),
    ]
    altstadt = rows[0]
    statuses = [StepStatus.DONE, StepStatus.DONE, StepStatus.IN_PROGRESS] + [StepStatus.OPEN] * 7
    step = gettext("Step")
    assert altstadt[0] == "Altstadt Musterstadt"
    assert altstadt[2:12] == [f"{STATUS_MARK[s]} {step} {n}: {_status_label(s)}" for n, s in enumerate(statuses, 1)]
    assert altstadt[12:15] == ["50 %", "0 %", "0 %"]
    ten_days_ago = timezone.localtime(timezone.now() - timedelta(days=10))
    assert altstadt[15] == (
        "✓ 0 Maßnahmen im Plan ! 0 Maßnahmen überfällig € 0,0 ! (endet in weniger als sechs Monaten, "
        "keine Anschlussförderung beantragt) Monate gesicherte Finanzierung"
    )
    # No posts and no hours: the staff column says so in words (tests/evaluation/test_portfolio_staff.py).
    assert gettext("no Kümmerer") in altstadt[16]
    assert altstadt[17] == "0 aktiv 0 aktive Partner*innen 0 Std. bestätigt 0 € bestätigt"
    assert altstadt[18] == shown_date(ten_days_ago)
    assert rows[1][12:15] == ["100 %", "100 %", "100 %"]  # Lindenhof: all done
    assert rows[3][18] == "–"  # Talbach: nothing happened yet
    html = response.content.decode()
    assert reverse("cockpit", args=["altstadt"]) in html
    done = _status_label(StepStatus.DONE)
    step_1 = reverse("step_detail", args=["altstadt", 1])
    hidden = f'<span class="visually-hidden"> {step} 1: {done}</span>'
    assert f'<td class="cell cell-done"><a href="{step_1}">✓{hidden}</a></td>' in html


def test_portfolio_counts_quartiers(portfolio, coordinator, client_for):
    response = _portfolio(client_for(coordinator))

    assert ngettext("%(counter)s quartier", "%(counter)s quartiers", 4) % {"counter": 4} in page_text(response)


def test_portfolio_other_coordinator_sees_only_their_organisation(portfolio, other_coordinator, client_for):
    response = _portfolio(client_for(other_coordinator))

    assert _names(response) == ["Eichenau"]
    assert "Altstadt" not in page_text(response)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"municipality": "Talbach"}, ["Lindenhof", "Talbach"]),
        ({"municipality": "Musterstadt"}, ["Altstadt", "Nordviertel"]),
        ({"q": "nord"}, ["Nordviertel"]),
        ({"phase": "planning"}, ["Altstadt", "Talbach"]),
        ({"phase": "implementation"}, ["Nordviertel"]),
        ({"phase": "finished"}, ["Lindenhof"]),
        ({"step": "3", "status": "done"}, ["Lindenhof", "Nordviertel"]),
        ({"step": "3", "status": "in_progress"}, ["Altstadt"]),
        ({"step": "1", "status": "open"}, ["Talbach"]),
        ({"status": "in_progress"}, ["Altstadt", "Nordviertel"]),
        ({"step": "5"}, ["Altstadt", "Lindenhof", "Nordviertel", "Talbach"]),  # a step alone filters nothing
        ({"municipality": "Talbach", "phase": "finished"}, ["Lindenhof"]),
    ],
)
def test_portfolio_filters(params, expected, portfolio, coordinator, client_for):
    response = _portfolio(client_for(coordinator), **params)

    assert _names(response) == expected


def test_portfolio_filter_without_match_says_so(portfolio, coordinator, client_for):
    response = _portfolio(client_for(coordinator), phase="consolidation")

    assert _names(response) == []
    assert gettext("No quartier matches these filters.") in page_text(response)


def test_portfolio_filter_by_organisation(portfolio, coordinator, other_organisation, client_for):
    CoordinatorFactory(user=coordinator, organisation=other_organisation)
    client = client_for(coordinator)

    assert "Eichenau" in _names(_portfolio(client))
    response = _portfolio(client, organisation=other_organisation.pk)

    assert _names(response) == ["Eichenau"]
    assert _names(_portfolio(client, organisation=portfolio["altstadt"].organisation_id)) == [
        "Altstadt",
        "Lindenhof",
        "Nordviertel",
        "Talbach",
    ]


def test_portfolio_offers_only_own_municipalities_and_organisations(portfolio, coordinator, client_for):
    response = _portfolio(client_for(coordinator))

    html = response.content.decode()
    assert '<option value="Talbach">Talbach</option>' in html
    assert '<option value="Eichenau">' not in html
    assert "Diakonie Beispielkreis" not in html


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("name", ["Altstadt", "Lindenhof", "Nordviertel", "Talbach"]),
        ("-name", ["Talbach", "Nordviertel", "Lindenhof", "Altstadt"]),
        ("progress", ["Talbach", "Altstadt", "Nordviertel", "Lindenhof"]),
        ("-progress", ["Lindenhof", "Nordviertel", "Altstadt", "Talbach"]),
        # Oldest activity first: a quartier where nothing has happened needs attention most.
        ("activity", ["Talbach", "Lindenhof", "Altstadt", "Nordviertel"]),
        ("-activity", ["Nordviertel", "Altstadt", "Lindenhof", "Talbach"]),
    ],
)
def test_portfolio_ordering(order, expected, portfolio, coordinator, client_for):
    response = _portfolio(client_for(coordinator), order=order)

    assert _names(response) == expected


def test_portfolio_ordering_breaks_ties_by_name(organisation, coordinator, client_for):
    for name in ("Zeche", "Anger", "Mühlbach"):
        QuartierFactory(organisation=organisation, name=name)

    for order in ("progress", "-progress"):
        assert _names(_portfolio(client_for(coordinator), order=order)) == ["Anger", "Mühlbach", "Zeche"]


def test_portfolio_is_for_coordinators_only(portfolio, manager, client_for):
    assert client_for(manager).get(reverse("portfolio")).status_code == 403
    assert client_for(manager).get(reverse("portfolio_csv")).status_code == 403
    response = client_for(None).get(reverse("portfolio"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_portfolio_superuser_sees_all(portfolio, client_for):
    admin = UserFactory(is_superuser=True, is_staff=True)

    response = _portfolio(client_for(admin))

    assert _names(response) == ["Altstadt", "Eichenau", "Lindenhof", "Nordviertel", "Talbach"]


def _csv_rows(response) -> list[list[str]]:
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")  # Excel needs the BOM to read UTF-8
    return list(csv.reader(io.StringIO(content[1:]), delimiter=";"))


def test_portfolio_csv_has_header_and_one_row_per_quartier(portfolio, coordinator, client_for):
    response = client_for(coordinator).get(reverse("portfolio_csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="Portfolio-')
    header, *rows = _csv_rows(response)
    assert header == [
        gettext("Quartier"),
        gettext("Organisation"),
        gettext("Municipality"),
        gettext("Inhabitants"),
        *[gettext("Step %(n)s") % {"n": n} for n in range(1, 11)],
        *[str(label) for _key, label in Phase.choices],
        gettext("Total"),
        gettext("Measures on track"),
        gettext("Measures overdue"),
        gettext("Funding secured (months)"),
        *staff_csv_header(list(TaskField.objects.values_list("key", "title"))),
        "Aktive Kooperationspartner*innen",
        "Bestätigte Beiträge (Stunden)",
        "Bestätigte Beiträge (Euro)",
        gettext("Current step"),
        gettext("Last activity"),
    ]
    assert [row[0] for row in rows] == ["Altstadt", "Lindenhof", "Nordviertel", "Talbach"]
    ten_days_ago = timezone.localtime(timezone.now() - timedelta(days=10))
    statuses = [StepStatus.DONE, StepStatus.DONE, StepStatus.IN_PROGRESS] + [StepStatus.OPEN] * 7
    assert rows[0] == [
        "Altstadt",
        "Stadt Musterstadt",
        "Musterstadt",
        "4200",
        *[_status_label(s) for s in statuses],
        "50 %",
        "0 %",
        "0 %",
        "20 %",
        "0",
        "0",
        "0,0",
        # No posts, no hours: no Kümmerer, no ending post, no shares.
        "0,0",
        gettext("no"),
        gettext("no"),
        "0,0",
        "",
        "",
        "",
        "",
        "0",
        "0,00",
        "0,00",
        # Step 3 was put in progress without a transition: "since" falls back to the quartier's creation.
        gettext("Step %(n)s %(status)s since %(date)s")
        % {"n": 3, "status": _status_label(StepStatus.IN_PROGRESS), "date": timezone.localdate().strftime("%d.%m.%Y")},
        ten_days_ago.strftime("%d.%m.%Y"),
    ]
    assert rows[3][-1] == ""  # Talbach: no activity yet


def test_portfolio_csv_status_labels_are_german(portfolio, coordinator, client_for):
    response = client_for(coordinator).get(reverse("portfolio_csv"))

    cells = {cell for row in _csv_rows(response)[1:] for cell in row[4:14]}
    # The German catalogue translates the three statuses; the CSV uses those words.
    assert cells == {_status_label(s) for s in StepStatus}
    assert cells.isdisjoint({"open", "in progress", "completed"})


def test_portfolio_csv_follows_the_filters(portfolio, coordinator, client_for):
    response = client_for(coordinator).get(reverse("portfolio_csv"), {"municipality": "Talbach", "order": "-name"})

    assert [row[0] for row in _csv_rows(response)[1:]] == ["Talbach", "Lindenhof"]


def _make_quartiers(organisation, count: int) -> None:
    now = timezone.now()
    today = timezone.localdate()
    for n in range(count):
        q = QuartierFactory(organisation=organisation, municipality=f"Ort {n % 3}")
        _set_stage(q, done=range(1, n % 10 + 1), in_progress=(n % 10 + 1,), last_activity=now - timedelta(days=n))
        # Measures on track and overdue, and granted funding: counted per row without a query per quartier.
        late = plan_data.measure(q, "Spät", end=today - timedelta(days=n + 1))
        plan_data.milestone(late, "Überfällig", today - timedelta(days=2))
        plan_data.measure(q, "Im Plan", end=today + timedelta(days=30))
        plan_data.funding(q, "Budget", today - timedelta(days=30), today + timedelta(days=30 * n + 1))


def test_portfolio_query_count_does_not_grow_with_quartiers(organisation, coordinator, client_for):
    client = client_for(coordinator)
    _make_quartiers(organisation, 2)
    small = _count_queries(client, reverse("portfolio"))
    small_filtered = _count_queries(client, reverse("portfolio") + "?phase=planning&order=-activity&status=done")
    small_csv = _count_queries(client, reverse("portfolio_csv"))

    _make_quartiers(organisation, 10)
    large = _count_queries(client, reverse("portfolio"))
    large_filtered = _count_queries(client, reverse("portfolio") + "?phase=planning&order=-activity&status=done")
    large_csv = _count_queries(client, reverse("portfolio_csv"))

    assert (large, large_filtered, large_csv) == (small, small_filtered, small_csv)
    assert len(_names(client.get(reverse("portfolio")))) == 12


def test_portfolio_csv_does_not_let_names_become_spreadsheet_formulas(organisation, coordinator, client_for):
    QuartierFactory(organisation=organisation, name='=HYPERLINK("http://example.org")', municipality="@Stadt")
    _header, *rows = _csv_rows(client_for(coordinator).get(reverse("portfolio_csv")))
    assert rows[0][0] == '\'=HYPERLINK("http://example.org")'
    assert rows[0][2] == "'@Stadt"


def test_last_activity_counts_evidence_like_the_cockpit(organisation, coordinator, client_for, django_user_model):
    """Evidence added after the last status change is activity: the quartier is not stuck."""
    quartier = QuartierFactory(organisation=organisation, name="Weidenhof")
    manager = UserFactory()
    quartier.memberships.create(user=manager, role="manager")
    item = ChecklistItem.objects.filter(step__quartier=quartier, step__template__number=3).first()
    evidence_add(item_id=item.pk, user=manager, kind=EvidenceKind.TEXT, text="Begehung am Markt")
    StepTransition.objects.filter(step__quartier=quartier).update(at=timezone.now() - timedelta(days=90))

    rows = {row[0].rsplit(" ", 1)[0]: row for row in table_rows(_portfolio(client_for(coordinator)))[1:]}
    assert rows["Weidenhof"][-1] == shown_date(timezone.localdate())


# Cockpit: read-only roles, activity that explains itself, phone order

ROLE_NOTES = {
    "coordinator": "Sie sehen dieses Quartier als Koordination – nur lesen.",
    "viewer": "Sie sehen dieses Quartier als Gast – nur lesen.",
}


@pytest.mark.parametrize("role", ["coordinator", "viewer"])
def test_readers_see_their_role_and_no_list_of_things_to_do(role, worked_on, client_for, request):
    response = client_for(request.getfixturevalue(role)).get(reverse("cockpit", args=[worked_on.slug]))

    text = page_text(response)
    assert ROLE_NOTES[role] in text
    assert gettext("Next required items") not in text
    assert 'id="h-next"' not in response.content.decode()
    assert "Größe geprüft" not in text  # the open item of step 2 is no task of theirs
    # They still see where the quartier stands and what happened.
    assert gettext("%(d)s of %(t)s required items") % {"d": 1, "t": 3} in page_text(response, "step-2")
    assert "Protokoll" in html_text(section_html(response, "h-activity"))


@pytest.mark.parametrize("role", ["manager", "developer"])
def test_the_team_gets_no_read_only_note(role, worked_on, client_for, request):
    response = client_for(request.getfixturevalue(role)).get(reverse("cockpit", args=[worked_on.slug]))

    text = page_text(response)
    assert "nur lesen" not in text
    assert gettext("Next required items") in text


@pytest.mark.parametrize("role", ["viewer"])
def test_readers_without_reports_are_told_so_under_the_heading(role, quartier, client_for, request):
    response = client_for(request.getfixturevalue(role)).get(reverse("cockpit", args=[quartier.slug]))

    reports = html_text(section_html(response, "h-reports"))
    assert "Es wurde noch kein Bericht erstellt." in reports
    assert "Fortschrittsbericht erstellen" not in reports


def test_a_reader_of_a_new_quartier_is_not_told_to_start(viewer, quartier, client_for):
    text = page_text(client_for(viewer).get(reverse("cockpit", args=[quartier.slug])))

    assert "Bisher ist noch nichts passiert." in text
    assert "Beginnen Sie mit Schritt 1" not in text


def _activity_items(response) -> list[str]:
    section = section_html(response, "h-activity")
    return [html_text(li) for li in section.split("<li>")[1:]]


def test_activity_links_each_entry_to_its_step_and_item(quartier, manager, client_for):
    item = _item(quartier, 2, 1)
    evidence_add(item_id=item.pk, user=manager, kind=EvidenceKind.LINK, url="https://example.org/karte")

    response = client_for(manager).get(reverse("cockpit", args=[quartier.slug]))

    section = section_html(response, "h-activity")
    step_2 = reverse("step_detail", args=[quartier.slug, 2])
    assert f'href="{step_2}#item-{item.pk}"' in section
    assert f'href="{step_2}"' in section  # the status change of step 2
    entries = _activity_items(response)
    assert any(
        e.endswith(
            "Schritt 2: Nachweis für „Quartier abgegrenzt (Karte, Grenze, Begründung)“: https://example.org/karte"
        )
        for e in entries
    ), entries
    # The step page has the anchor the link points at.
    step_page = client_for(manager).get(step_2)
    assert f'id="item-{item.pk}"' in step_page.content.decode()


def test_activity_names_evidence_by_its_label_title_or_first_words(quartier, manager, client_for):
    text_item, link_item, labelled_item = _item(quartier, 3, 1), _item(quartier, 3, 2), _item(quartier, 3, 4)
    evidence_add(
        item_id=text_item.pk,
        user=manager,
        kind=EvidenceKind.TEXT,
        text="Einwohnerzahlen vom Statistikamt, Stand 31. Dezember, mit Altersgruppen und Haushalten",
    )
    evidence_add(item_id=link_item.pk, user=manager, kind=EvidenceKind.LINK, url="https://example.org/angebote")
    evidence_add(
        item_id=labelled_item.pk, user=manager, kind=EvidenceKind.TEXT, text="Ergebnisse", label="Auswertung 2024"
    )

    text = html_text(section_html(client_for(manager).get(reverse("cockpit", args=[quartier.slug])), "h-activity"))

    assert "Einwohnerzahlen vom Statistikamt, Stand 31. Dezember, mit Altersgruppen …" in text
    assert "https://example.org/angebote" in text
    assert "Auswertung 2024" in text
    # The kind of evidence is no name for it.
    assert ": Text" not in text and ": Link" not in text


def test_activity_shows_why_a_step_was_reopened(quartier, manager, client_for):
    from planning.services import step_reopen

    _complete_with_evidence(quartier, 1, manager)
    step = StepProgress.objects.get(quartier=quartier, template__number=1)
    step_reopen(step_id=step.pk, user=manager, reason="Die Steuerungsgruppe hat neue Mitglieder.")

    entries = _activity_items(client_for(manager).get(reverse("cockpit", args=[quartier.slug])))

    newest = entries[0]
    assert "Schritt 1 wieder geöffnet" in newest
    assert "→" not in newest
    assert "Grund: „Die Steuerungsgruppe hat neue Mitglieder.“" in newest


def test_activity_says_started_and_completed_in_words(quartier, manager, client_for):
    _complete_with_evidence(quartier, 1, manager)

    entries = _activity_items(client_for(manager).get(reverse("cockpit", args=[quartier.slug])))

    assert entries[0].endswith("Schritt 1 abgeschlossen"), entries
    assert not any("→" in e for e in entries), entries


def test_activity_says_when_a_step_was_started(quartier, manager, client_for):
    step = StepProgress.objects.get(quartier=quartier, template__number=3)
    step_transition(step_id=step.pk, user=manager, to_status=StepStatus.IN_PROGRESS)

    entries = _activity_items(client_for(manager).get(reverse("cockpit", args=[quartier.slug])))

    assert entries[0].endswith("Schritt 3 begonnen"), entries


def test_the_report_action_comes_before_the_activity_list(worked_on, manager, client_for):
    """On a phone the columns stack in page order: the report button must not sit below the long list."""
    html = client_for(manager).get(reverse("cockpit", args=[worked_on.slug])).content.decode()

    assert html.index('id="h-reports"') < html.index('id="h-activity"')
    assert html.index('id="h-next"') < html.index('id="h-reports"')


def test_cockpit_query_count_for_readers_does_not_grow_with_data(worked_on, manager, coordinator, client_for):
    quartier = worked_on
    client = client_for(coordinator)
    url = reverse("cockpit", args=[quartier.slug])
    small = _count_queries(client, url)

    for number in (2, 3, 4):
        _complete_with_evidence(quartier, number, manager)
    large = _count_queries(client, url)

    assert large == small
    assert ROLE_NOTES["coordinator"] in page_text(client.get(url))


# Who needs attention: current step and since when, links, sorting, paging


def _start_step(quartier, number: int, user, *, days_ago: int) -> None:
    """Start a step through the service, then date the start back."""
    step = StepProgress.objects.get(quartier=quartier, template__number=number)
    transition = step_transition(step_id=step.pk, user=user, to_status=StepStatus.IN_PROGRESS)
    StepTransition.objects.filter(pk=transition.pk).update(at=timezone.now() - timedelta(days=days_ago))
    quartier_progress_refresh(quartier=quartier)


def _days_ago_text(days: int) -> str:
    return shown_date(timezone.now() - timedelta(days=days))


def test_portfolio_says_which_step_and_since_when(quartier, manager, coordinator, client_for):
    _start_step(quartier, 4, manager, days_ago=12)
    since = _days_ago_text(12)

    rows = table_rows(_portfolio(client_for(coordinator)))[1:]

    # „Schritt 4 in Arbeit seit 12.08.2026“
    expected = gettext("Step %(n)s %(status)s since %(date)s") % {
        "n": 4,
        "status": _status_label(StepStatus.IN_PROGRESS),
        "date": since,
    }
    assert rows[0][1] == expected
    assert expected.startswith("Schritt 4 in Arbeit seit ")


def test_portfolio_finished_quartier_says_since_when(portfolio, coordinator, client_for):
    rows = {r[0].rsplit(" ", 1)[0]: r for r in table_rows(_portfolio(client_for(coordinator)))[1:]}

    thirty_days_ago = _days_ago_text(30)
    assert rows["Lindenhof"][1] == gettext("All steps completed since %(date)s") % {"date": thirty_days_ago}
    assert rows["Talbach"][1].startswith(gettext("Step %(n)s %(status)s since %(date)s").split("%")[0] + "1 ")


def test_portfolio_sorts_by_time_in_the_same_step(quartier, organisation, manager, coordinator, client_for):
    nord = QuartierFactory(organisation=organisation, name="Nordviertel")
    nord.memberships.create(user=manager, role="manager")
    _start_step(quartier, 2, manager, days_ago=5)
    _start_step(nord, 3, manager, days_ago=50)

    assert _names(_portfolio(client_for(coordinator), order="waiting")) == ["Nordviertel", "Altstadt"]


def test_portfolio_shows_the_furthest_step_in_progress_and_sorts_by_it(
    quartier, organisation, manager, coordinator, client_for
):
    """Altstadt works on steps 3 to 7 (step 7 started three days ago); Nordviertel has had
    step 4 in progress for months with steps 1 to 3 done. Nordviertel is the one stuck."""
    nord = QuartierFactory(organisation=organisation, name="Nordviertel")
    nord.memberships.create(user=manager, role="manager")
    StepProgress.objects.filter(quartier=nord, template__number__in=(1, 2, 3)).update(status=StepStatus.DONE)
    _start_step(nord, 4, manager, days_ago=120)
    for number, days_ago in ((3, 200), (4, 150), (5, 90), (6, 30), (7, 3)):
        _start_step(quartier, number, manager, days_ago=days_ago)

    response = _portfolio(client_for(coordinator), order="waiting")

    rows = {r[0].rsplit(" ", 1)[0]: r for r in table_rows(response)[1:]}
    in_progress = _status_label(StepStatus.IN_PROGRESS)
    assert rows["Altstadt"][1] == gettext("Step %(n)s %(status)s since %(date)s") % {
        "n": 7,
        "status": in_progress,
        "date": _days_ago_text(3),
    }
    assert rows["Nordviertel"][1] == gettext("Step %(n)s %(status)s since %(date)s") % {
        "n": 4,
        "status": in_progress,
        "date": _days_ago_text(120),
    }
    assert _names(response) == ["Nordviertel", "Altstadt"]


def _order_options(response) -> list[tuple[str, str]]:
    import re

    select = re.search(r'<select name="order"[^>]*>(.*?)</select>', response.content.decode(), re.S).group(1)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


def test_portfolio_sort_list_has_no_duplicate_and_short_labels(portfolio, coordinator, client_for):
    options = _order_options(_portfolio(client_for(coordinator)))

    labels = [label for _value, label in options]
    assert len(labels) == len(set(labels)), labels
    assert "" not in [value for value, _label in options]
    assert labels[0] == gettext("Name (A–Z)")
    # The select is about 20 characters wide on a phone; longer labels were cut off.
    assert max(len(label) for label in labels) <= 30, labels


def test_portfolio_matrix_scrolls_with_a_hint_and_a_focusable_region(portfolio, coordinator, client_for):
    html = _portfolio(client_for(coordinator)).content.decode()

    assert gettext("Scroll the table sideways →") == "Tabelle seitlich verschieben →"
    hint = '<p class="scroll-hint" id="matrix-hint" data-scroll-hint-for="matrix-scroll">'
    assert hint + "Tabelle seitlich verschieben →</p>" in html
    assert 'id="matrix-scroll"' in html
    assert 'tabindex="0" role="region"' in html
    assert 'aria-describedby="matrix-hint"' in html


def test_portfolio_pages_keep_filters_and_count_all_matching(
    portfolio, organisation, coordinator, client_for, monkeypatch
):
    from evaluation import views

    monkeypatch.setattr(views, "PORTFOLIO_PAGE_SIZE", 2)
    client = client_for(coordinator)

    first = _portfolio(client, order="-name")
    second = _portfolio(client, order="-name", page=2)

    assert _names(first) == ["Talbach", "Nordviertel"]
    assert _names(second) == ["Lindenhof", "Altstadt"]
    html = first.content.decode()
    assert 'href="?order=-name&amp;page=2"' in html
    assert 'aria-current="page"' in html
    # Totals count every matching quartier, not only the page.
    assert ngettext("%(counter)s quartier", "%(counter)s quartiers", 4) % {"counter": 4} in page_text(first)
    totals = page_text(first, "portfolio-totals")
    assert f"{Phase.PLANNING.label}: 2" in totals  # Altstadt, Talbach
    assert f"{gettext('All steps completed')}: 1" in totals
    # The CSV is never paged.
    csv_rows = _csv_rows(client.get(reverse("portfolio_csv"), {"order": "-name", "page": 2}))[1:]
    assert [row[0] for row in csv_rows] == ["Talbach", "Nordviertel", "Lindenhof", "Altstadt"]


def test_portfolio_page_out_of_range_shows_the_last_page(portfolio, coordinator, client_for, monkeypatch):
    from evaluation import views

    monkeypatch.setattr(views, "PORTFOLIO_PAGE_SIZE", 3)

    assert _names(_portfolio(client_for(coordinator), page=99)) == ["Talbach"]
    assert _names(_portfolio(client_for(coordinator), page="x")) == ["Altstadt", "Lindenhof", "Nordviertel"]


def test_portfolio_second_page_query_count_does_not_grow(organisation, coordinator, client_for, monkeypatch):
    from evaluation import views

    monkeypatch.setattr(views, "PORTFOLIO_PAGE_SIZE", 3)
    client = client_for(coordinator)
    _make_quartiers(organisation, 4)
    small = _count_queries(client, reverse("portfolio") + "?page=2")

    _make_quartiers(organisation, 8)
    large = _count_queries(client, reverse("portfolio") + "?page=2")

    assert large == small


# Start page


def _card(response, slug: str) -> str:
    html = response.content.decode()
    return html[html.index(f'id="quartier-{slug}"') :].split("</div></li>", 1)[0]


def test_start_page_shows_each_quartier_with_its_progress(portfolio, coordinator, manager, client_for):
    quartier = portfolio["altstadt"]

    response = client_for(coordinator).get(reverse("quartier_list"))

    card = _card(response, "altstadt")
    text = html_text(card)
    step = gettext("Step")
    assert f"{step} 3: {_status_label(StepStatus.IN_PROGRESS)}" in text
    assert card.count("<li class=") == 10
    assert reverse("step_detail", args=[quartier.slug, 3]) in card
    assert f"{gettext('Current phase')} {Phase.PLANNING.label}" in text
    assert f"{gettext('Steps completed')} {gettext('%(done)s of 10') % {'done': 2}}" in text
    ten_days_ago = timezone.localtime(timezone.now() - timedelta(days=10))
    assert f"{gettext('Last activity')} {ten_days_ago.day}.{ten_days_ago.month}.{ten_days_ago.year}" in text
    assert gettext("Step %(n)s %(status)s since %(date)s").split(" ")[0] in text
    finished = html_text(_card(response, "lindenhof"))
    assert f"{gettext('Current phase')} {gettext('All steps completed')}" in finished
    untouched = html_text(_card(response, "talbach"))
    assert f"{gettext('Last activity')} {gettext('nothing yet')}" in untouched


def test_start_page_lists_only_own_quartiers(portfolio, manager, client_for):
    response = client_for(manager).get(reverse("quartier_list"))

    assert "quartier-altstadt" in response.content.decode()
    assert "Nordviertel" not in page_text(response)


def test_start_page_query_count_does_not_grow_with_quartiers(organisation, coordinator, client_for):
    client = client_for(coordinator)
    _make_quartiers(organisation, 2)
    small = _count_queries(client, reverse("quartier_list"))

    _make_quartiers(organisation, 10)
    large = _count_queries(client, reverse("quartier_list"))

    assert large == small
