"""The portfolio's staff column: staffed hours per week, „kein Kümmerer“, posts ending without a
follow-up and the share of time per task field over the last twelve months; its filters,
sorting and CSV columns."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext

from evaluation.portfolio_staff import abbreviations
from organisation.catalogues import ensure_catalogues
from organisation.figures import time_window
from organisation.models import TaskField, TimeEntry
from planning.measures.timeline import add_months
from quartier.templatetags.quartier_format import percent
from tests.factories import QuartierFactory, StaffingFactory, StaffMemberFactory, role_profile

from .utils import table_rows

pytestmark = pytest.mark.django_db

STAFF_COLUMN = 16  # name, current step, ten steps, three phases, plan, staff, network, last activity


def hours(quartier, month, **by_field) -> None:
    """One person's hours in a month, per task field key."""
    ensure_catalogues()
    member = StaffMemberFactory(organisation=quartier.organisation)
    for key, amount in by_field.items():
        TimeEntry.objects.create(
            quartier=quartier,
            member=member,
            month=month,
            task_field=TaskField.objects.get(key=key),
            hours=Decimal(str(amount)),
        )


def post(quartier, profile="manager", weekly_hours="19.5", start=None, end=None):
    return StaffingFactory(
        quartier=quartier,
        role_profile=role_profile(profile),
        weekly_hours=Decimal(weekly_hours),
        start=start or timezone.localdate() - timedelta(days=400),
        end=end,
    )


@pytest.fixture
def staffed(quartier, organisation, other_quartier):
    """Altstadt: a manager and a developer running (49,5 h), one post ended and one not yet begun;
    hours in all four fields, 10/20/30/40 % over the last twelve months, more before that.
    Nordviertel: a developer only (kein Kümmerer); hours, none for participation.
    Talbach: the manager's post ends in two months, nothing follows; no hours.
    Lindenhof: the manager's post ends in two months, a follow-up is planned; hours only from
    more than a year ago."""
    today = timezone.localdate()
    first, last = time_window(today)
    nord = QuartierFactory(organisation=organisation, name="Nordviertel", slug="nordviertel")
    talbach = QuartierFactory(organisation=organisation, name="Talbach", slug="talbach")
    linden = QuartierFactory(organisation=organisation, name="Lindenhof", slug="lindenhof")

    post(quartier, "manager", "19.5")
    post(quartier, "entwickler", "30")
    post(quartier, "manager", "15", end=today - timedelta(days=1))  # ended yesterday
    post(quartier, "koordinator", "8", start=today + timedelta(days=1))  # begins tomorrow
    hours(quartier, first, transparenz=5, vernetzung=10, beteiligung=15, steuerung=20)
    hours(quartier, last, transparenz=5, vernetzung=10, beteiligung=15, steuerung=20)
    hours(quartier, add_months(first, -1), transparenz=200)  # before the window: not counted

    post(nord, "entwickler", "10")
    hours(nord, last, transparenz=12, vernetzung=8, beteiligung=0)

    post(talbach, "manager", "25", end=today + timedelta(days=60))

    ending = post(linden, "manager", "20", end=today + timedelta(days=60))
    post(linden, "manager", "20", start=ending.end + timedelta(days=1))
    hours(linden, add_months(first, -2), beteiligung=40)

    # Another organisation's quartier: never in this coordinator's portfolio.
    post(other_quartier, "entwickler", "10")
    return {"altstadt": quartier, "nordviertel": nord, "talbach": talbach, "lindenhof": linden}


def _staff_cells(client, **params) -> dict[str, str]:
    tables = table_rows(client.get(reverse("portfolio"), params))
    if not tables:  # no quartier matches: no table
        return {}
    header, *rows = tables
    assert (
        gettext("Staffed hours per week, warnings, share of time per task field over the last twelve months")
        in header[STAFF_COLUMN]
    )
    return {row[0].rsplit(" ", 1)[0]: row[STAFF_COLUMN] for row in rows}


def _names(client, **params) -> list[str]:
    return list(_staff_cells(client, **params))


def _titles() -> dict[str, str]:
    return dict(TaskField.objects.values_list("key", "title"))


def _share_text(key: str, value: int) -> str:
    return f"{_titles()[key]} {percent(value)}"


def test_hours_per_week_count_running_posts_only(staffed, coordinator, client_for):
    cells = _staff_cells(client_for(coordinator))

    h = gettext("%(n)s h")
    per_week = gettext("per week")
    # 19,5 + 30: the post that ended yesterday and the one that begins tomorrow do not count.
    assert cells["Altstadt"].startswith(f"{h % {'n': '49,5'}} {per_week}")
    assert cells["Nordviertel"].startswith(f"{h % {'n': '10'}} {per_week}")
    assert cells["Talbach"].startswith(f"{h % {'n': '25'}} {per_week}")


def test_no_kuemmerer_is_said_in_words_where_no_manager_hours_run(staffed, coordinator, client_for):
    cells = _staff_cells(client_for(coordinator))

    flag = gettext("no Kümmerer")
    assert flag in cells["Nordviertel"]
    # Altstadt's ended manager post is no reason: another manager post runs.
    assert [name for name, cell in cells.items() if flag in cell] == ["Nordviertel"]


def test_a_post_ending_within_six_months_without_follow_up_is_flagged(staffed, coordinator, client_for):
    cells = _staff_cells(client_for(coordinator))

    flag = gettext("post ends")
    assert [name for name, cell in cells.items() if flag in cell] == ["Talbach"]
    end = timezone.localdate() + timedelta(days=60)
    assert end.strftime("%d.%m.%Y") in cells["Talbach"]  # screen readers hear until when


def test_shares_of_time_match_the_hours_of_the_last_twelve_months(staffed, coordinator, client_for):
    cells = _staff_cells(client_for(coordinator))

    # 10 + 20 + 30 + 40 hours in the window; the 200 hours before it do not count.
    altstadt = cells["Altstadt"]
    for key, share in (("transparenz", 10), ("vernetzung", 20), ("beteiligung", 30), ("steuerung", 40)):
        assert _share_text(key, share) in altstadt
    assert gettext("no time for participation") not in altstadt
    # Nordviertel: 12 and 8 hours, 0 for participation.
    assert _share_text("transparenz", 60) in cells["Nordviertel"]
    assert _share_text("vernetzung", 40) in cells["Nordviertel"]
    assert _share_text("beteiligung", 0) in cells["Nordviertel"]


def test_shares_are_rounded_from_hand_computed_hours(quartier, coordinator, client_for):
    hours(quartier, timezone.localdate().replace(day=1), transparenz=1, vernetzung=1, beteiligung="1", steuerung=0)

    cell = _staff_cells(client_for(coordinator))["Altstadt"]

    # 1 of 3 hours each: 33 % on the page (33,3 % in the CSV).
    for key in ("transparenz", "vernetzung", "beteiligung"):
        assert _share_text(key, 33) in cell
    assert _share_text("steuerung", 0) in cell


def test_no_time_for_participation_and_no_hours_are_said_in_words(staffed, coordinator, client_for):
    cells = _staff_cells(client_for(coordinator))

    no_participation = gettext("no time for participation")
    no_hours = gettext("no hours recorded")
    assert [name for name, cell in cells.items() if no_participation in cell] == ["Nordviertel"]
    # Lindenhof's hours are more than a year old.
    assert [name for name, cell in cells.items() if no_hours in cell] == ["Lindenhof", "Talbach"]
    assert _titles()["transparenz"] not in cells["Talbach"]


def test_the_legend_explains_the_abbreviations(staffed, coordinator, client_for):
    html = client_for(coordinator).get(reverse("portfolio")).content.decode()

    short = abbreviations(list(TaskField.objects.values_list("key", "title")))
    assert sorted(short.values()) == ["B", "S", "T", "V"]
    for key, title in _titles().items():
        assert f"{short[key]} {title}" in html
        assert f'<abbr title="{title}">{short[key]}</abbr>' in html


def test_abbreviations_grow_where_keys_begin_alike():
    assert abbreviations([("steuerung", "A"), ("struktur", "B"), ("beteiligung", "C")]) == {
        "steuerung": "Ste",
        "struktur": "Str",
        "beteiligung": "B",
    }


# Filters and sorting


def test_filter_without_kuemmerer(staffed, organisation, coordinator, client_for):
    QuartierFactory(organisation=organisation, name="Unbesetzt", slug="unbesetzt")  # no posts at all

    assert _names(client_for(coordinator), no_manager="on") == ["Nordviertel", "Unbesetzt"]


def test_filter_without_time_for_participation(staffed, coordinator, client_for):
    # As the column says it: hours recorded, none of them for participation.
    assert _names(client_for(coordinator), no_participation="on") == ["Nordviertel"]


def test_unticked_filters_filter_nothing(staffed, coordinator, client_for):
    everyone = ["Altstadt", "Lindenhof", "Nordviertel", "Talbach"]

    assert _names(client_for(coordinator), no_manager="", no_participation="") == everyone
    assert _names(client_for(coordinator), no_manager="false") == everyone


def test_filters_combine(staffed, coordinator, client_for):
    post(staffed["nordviertel"], "manager", "5")

    assert _names(client_for(coordinator), no_manager="on", no_participation="on") == []


def test_sorting_by_staffed_hours(staffed, organisation, coordinator, client_for):
    QuartierFactory(organisation=organisation, name="Unbesetzt", slug="unbesetzt")
    client = client_for(coordinator)

    # 0, 10, 20 (Lindenhof: the follow-up has not begun), 25, 49,5.
    fewest = ["Unbesetzt", "Nordviertel", "Lindenhof", "Talbach", "Altstadt"]
    assert _names(client, order="staff_hours") == fewest
    assert _names(client, order="-staff_hours") == fewest[::-1]


def test_sorting_by_staffed_hours_is_offered(staffed, coordinator, client_for):
    html = client_for(coordinator).get(reverse("portfolio")).content.decode()

    assert f'<option value="staff_hours">{gettext("Fewest staffed hours")}</option>' in html
    assert f'<option value="-staff_hours">{gettext("Most staffed hours")}</option>' in html


# CSV


def _csv(client, **params) -> dict[str, dict[str, str]]:
    content = client.get(reverse("portfolio_csv"), params).content.decode("utf-8")
    header, *rows = list(csv.reader(io.StringIO(content[1:]), delimiter=";"))
    return {row[0]: dict(zip(header, row, strict=True)) for row in rows}


def test_csv_has_the_staff_columns(staffed, coordinator, client_for):
    rows = _csv(client_for(coordinator))

    share = {key: gettext("Share of time: %(field)s") % {"field": title} for key, title in _titles().items()}
    yes, no = gettext("yes"), gettext("no")
    altstadt = rows["Altstadt"]
    assert altstadt[gettext("Staffed hours per week")] == "49,5"
    assert altstadt[gettext("Kümmerer")] == yes
    assert altstadt[gettext("Post ending without follow-up")] == no
    assert altstadt[gettext("Hours recorded (last twelve months)")] == "100,0"
    assert [altstadt[share[k]] for k in ("transparenz", "vernetzung", "beteiligung", "steuerung")] == [
        "10,0 %",
        "20,0 %",
        "30,0 %",
        "40,0 %",
    ]
    assert rows["Nordviertel"][gettext("Kümmerer")] == no
    assert rows["Nordviertel"][share["beteiligung"]] == "0,0 %"
    assert rows["Talbach"][gettext("Post ending without follow-up")] == yes
    assert rows["Lindenhof"][gettext("Post ending without follow-up")] == no
    # No hours: no shares rather than zeros.
    assert rows["Talbach"][share["transparenz"]] == ""
    assert rows["Talbach"][gettext("Hours recorded (last twelve months)")] == "0,0"


def test_csv_shares_have_one_decimal(quartier, coordinator, client_for):
    hours(quartier, timezone.localdate().replace(day=1), transparenz=1, vernetzung=2)

    row = _csv(client_for(coordinator))["Altstadt"]

    titles = _titles()
    assert row[gettext("Share of time: %(field)s") % {"field": titles["transparenz"]}] == "33,3 %"
    assert row[gettext("Share of time: %(field)s") % {"field": titles["vernetzung"]}] == "66,7 %"


def test_csv_follows_the_staff_filters(staffed, coordinator, client_for):
    assert list(_csv(client_for(coordinator), no_manager="on")) == ["Nordviertel"]


# Queries


def _grow(organisation, count: int) -> None:
    """Quartiers with a manager, a developer whose post ends soon, and a year of hours in each field."""
    today = timezone.localdate()
    first, _last = time_window(today)
    for _n in range(count):
        q = QuartierFactory(organisation=organisation)
        post(q, "manager", "19.5")
        post(q, "entwickler", "10", end=today + timedelta(days=30))
        for month in range(12):
            hours(q, add_months(first, month), transparenz=3, vernetzung=4, beteiligung=month % 2, steuerung=2)


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


URLS = [
    reverse_lazy("portfolio"),
    reverse_lazy("portfolio") + "?no_manager=on&no_participation=on&order=-staff_hours",
    reverse_lazy("portfolio") + "?order=staff_hours",
    reverse_lazy("portfolio_csv"),
    reverse_lazy("portfolio_csv") + "?no_participation=on&order=staff_hours",
]


def test_staff_columns_do_not_add_queries_per_quartier(organisation, coordinator, client_for):
    client = client_for(coordinator)
    _grow(organisation, 3)
    small = [_count_queries(client, str(url)) for url in URLS]

    _grow(organisation, 27)
    large = [_count_queries(client, str(url)) for url in URLS]

    assert large == small
    assert len(_names(client)) == 30


def test_staff_columns_cost_four_queries_for_all_rows(organisation, coordinator, client_for, monkeypatch):
    from evaluation import portfolio_staff

    client = client_for(coordinator)
    _grow(organisation, 5)
    with_staff = [_count_queries(client, str(url)) for url in URLS[::3]]
    monkeypatch.setattr(portfolio_staff, "STAFF_COLUMNS", False)
    without = [_count_queries(client, str(url)) for url in URLS[::3]]

    # Which organisations the user coordinates (whose staff they see), the posts, the task fields
    # and the sums of hours: once for the page, once for the CSV.
    assert [a - b for a, b in zip(with_staff, without, strict=True)] == [4, 4]
    page = client.get(reverse("portfolio")).content.decode()
    assert (
        gettext("Staffed hours per week, warnings, share of time per task field over the last twelve months")
        not in page
    )


def test_a_quartier_where_the_coordinator_is_only_a_viewer_shows_no_staff(
    quartier, coordinator, other_quartier, client_for
):
    """The coordinator of Altstadt's organisation is a viewer in Eichenau (another organisation):
    Eichenau is a row of their portfolio, but its posts and warnings are not theirs to see."""
    from tests.factories import MembershipFactory

    post(quartier, weekly_hours="19.5")
    post(other_quartier, profile="entwickler", weekly_hours="33")
    MembershipFactory(quartier=other_quartier, user=coordinator, role="viewer")

    page = client_for(coordinator).get(reverse("portfolio"))
    rows = {row[0].split()[0]: row for row in table_rows(page) if row}
    csv_rows = list(
        csv.reader(
            io.StringIO(client_for(coordinator).get(reverse("portfolio_csv")).content.decode("utf-8-sig")),
            delimiter=";",
        )
    )

    assert "19,5" in rows["Altstadt"][STAFF_COLUMN]
    assert "33" not in rows["Eichenau"][STAFF_COLUMN] and gettext("no Kümmerer") not in rows["Eichenau"][STAFF_COLUMN]
    hours_column = csv_rows[0].index(gettext("Staffed hours per week"))
    by_name = {row[0]: row for row in csv_rows[1:]}
    assert by_name["Altstadt"][hours_column] == "19,5" and by_name["Eichenau"][hours_column] == ""
