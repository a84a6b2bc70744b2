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
from django.utils.translation import gettext, ngettext

from evaluation.models import Report
from planning.models import ChecklistItem, EvidenceKind, Phase, StepProgress, StepStatus, StepTransition
from planning.services import evidence_add, item_set_done, step_complete
from tests.factories import CoordinatorFactory, QuartierFactory, UserFactory

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


def test_cockpit_shows_recent_activity_newest_first(worked_on, manager, client_for):
    quartier = worked_on

    response = client_for(manager).get(reverse("cockpit", args=[quartier.slug]))

    assert page_text(response, "h-activity") == gettext("Recent activity")
    section = section_html(response, "h-activity")
    started = gettext("Step %(n)s: %(from)s → %(to)s") % {
        "n": 2,
        "from": _status_label(StepStatus.OPEN),
        "to": _status_label(StepStatus.IN_PROGRESS),
    }
    completed = gettext("Step %(n)s: %(from)s → %(to)s") % {
        "n": 1,
        "from": _status_label(StepStatus.IN_PROGRESS),
        "to": _status_label(StepStatus.DONE),
    }
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


@pytest.mark.parametrize("role", ["manager", "developer", "partner", "viewer", "coordinator"])
def test_cockpit_for_each_role(role, quartier, client_for, request):
    user = request.getfixturevalue(role)

    response = client_for(user).get(reverse("cockpit", args=[quartier.slug]))

    text = page_text(response)
    assert quartier.name in text
    assert gettext("Next required items") in text
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


def test_cockpit_query_count_does_not_grow_with_data(worked_on, manager, organisation, client_for):
    quartier = worked_on
    QuartierFactory(organisation=organisation)
    client = client_for(manager)
    url = reverse("cockpit", args=[quartier.slug])
    Report.objects.create(quartier=quartier, requested_by=manager)
    small = _count_queries(client, url)

    for _n in range(10):
        QuartierFactory(organisation=organisation)
    for number in (2, 3, 4, 5):
        _complete_with_evidence(quartier, number, manager)
    for _n in range(6):  # finished ones: only one report of a quartier can be pending
        Report.objects.create(quartier=quartier, requested_by=UserFactory(), status=Report.Status.DONE)
    large = _count_queries(client, url)

    assert large == small
    assert _progress(done=5, percent=50) in page_text(client.get(url))


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
        *[str(n) for n in range(1, 11)],
        *[str(label) for _k, label in Phase.choices],
        gettext("Last activity"),
    ]
    altstadt = rows[0]
    statuses = [StepStatus.DONE, StepStatus.DONE, StepStatus.IN_PROGRESS] + [StepStatus.OPEN] * 7
    assert altstadt[0] == "Altstadt Musterstadt"
    assert altstadt[1:11] == [f"{STATUS_MARK[s]} {_status_label(s)}" for s in statuses]
    assert altstadt[11:14] == ["50 %", "0 %", "0 %"]
    ten_days_ago = timezone.localtime(timezone.now() - timedelta(days=10))
    assert altstadt[14] == f"{ten_days_ago.day}.{ten_days_ago.month}.{ten_days_ago.year}"
    assert rows[1][11:14] == ["100 %", "100 %", "100 %"]  # Lindenhof: all done
    assert rows[3][14] == "–"  # Talbach: nothing happened yet
    html = response.content.decode()
    assert reverse("cockpit", args=["altstadt"]) in html
    done = _status_label(StepStatus.DONE)
    assert f'<td class="cell cell-done">✓<span class="visually-hidden"> {done}</span></td>' in html


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
    for n in range(count):
        q = QuartierFactory(organisation=organisation, municipality=f"Ort {n % 3}")
        _set_stage(q, done=range(1, n % 10 + 1), in_progress=(n % 10 + 1,), last_activity=now - timedelta(days=n))


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
    assert rows["Weidenhof"][-1] == timezone.localdate().strftime("%-d.%-m.%Y")
