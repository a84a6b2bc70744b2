"""The demo's analysis, goals, measures and funding: what a person exploring steps 3, 5, 7 and 10
finds in Altstadt and Nordviertel, checked against the data, not against the seeding code."""

from datetime import timedelta
from pathlib import Path

import pyproj
import pytest
import yaml
from django.core.management import call_command
from django.utils import timezone
from shapely import transform
from shapely.geometry import Point, shape
from shapely.ops import unary_union

from planning.funding.selectors import funding_runway
from planning.goals.selectors import goal_rows
from planning.models import (
    ChecklistItem,
    Domain,
    DomainAssessment,
    Evidence,
    EvidenceKind,
    Facility,
    FacilityCategory,
    FundingStatus,
    Goal,
    IndicatorValue,
    Measure,
    MeasureStatus,
    Milestone,
    StepStatus,
)
from quartier.models import Membership, Quartier, Role

pytestmark = pytest.mark.django_db

WORKFLOW = Path(__file__).resolve().parents[2] / "planning" / "data" / "measure_workflow.yaml"


@pytest.fixture
def demo():
    call_command("seed_demo", force=True, verbosity=0)
    return {q.slug: q for q in Quartier.objects.all()}


def _to_metres():
    project = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:25832", always_xy=True)
    return lambda geometry: transform(
        geometry, lambda xy: list(zip(*project.transform(xy[:, 0], xy[:, 1]), strict=True))
    )


def _coverage(quartier: Quartier) -> dict[str, float]:
    """Per category: the share of the quartier within 500 m of one of its facilities, in metres."""
    to_metres = _to_metres()
    area = to_metres(shape(quartier.boundary))
    shares = {}
    for category in FacilityCategory.objects.all():
        points = [
            to_metres(Point(float(f.lon), float(f.lat))).buffer(quartier.catchment_radius_m)
            for f in Facility.objects.filter(quartier=quartier, category=category)
        ]
        shares[category.key] = unary_union(points).intersection(area).area / area.area if points else 0.0
    return shares


def test_a_500_m_buffer_is_500_metres():
    to_metres = _to_metres()
    circle = to_metres(Point(7.465, 51.514)).buffer(500)
    assert 780_000 < circle.area < 786_000  # π · 500², not degrees


def test_altstadt_has_a_boundary_with_facilities_in_and_around_it(demo):
    altstadt = demo["altstadt"]
    to_metres = _to_metres()
    area = to_metres(shape(altstadt.boundary))

    assert 1_000_000 <= area.area <= 1_500_000
    assert abs(float(altstadt.area_km2) - area.area / 1e6) < 0.01
    centre = to_metres(Point(float(altstadt.centre_lon), float(altstadt.centre_lat)))
    assert area.contains(centre)
    facilities = list(Facility.objects.filter(quartier=altstadt).select_related("category"))
    assert 35 <= len(facilities) <= 45
    inside = [f for f in facilities if area.contains(to_metres(Point(float(f.lon), float(f.lat))))]
    assert len(inside) >= 30 and len(inside) < len(facilities)  # and some just outside
    assert len({f.category.key for f in facilities}) >= 8
    assert all(f.name and f.address and f.domain == f.category.domain for f in facilities)
    assert {True, False} <= {f.barrier_free for f in facilities}
    assert sum(bool(f.opening_hours) for f in facilities) >= 25


def test_altstadt_has_supply_gaps_and_well_covered_categories(demo):
    coverage = _coverage(demo["altstadt"])

    gaps = [key for key, share in coverage.items() if share < 0.8]
    covered = [key for key, share in coverage.items() if share >= 0.95]
    assert len(gaps) >= 2, coverage
    assert {"lebensmittel", "haltestelle"} <= set(covered), coverage
    assert "treffpunkt" in gaps, coverage  # what the Nachbarschaftscafé answers


def test_two_years_of_values_for_altstadt_and_nordviertel(demo):
    today = timezone.localdate()
    for slug in ("altstadt", "nordviertel"):
        values = IndicatorValue.objects.filter(quartier=demo[slug]).select_related("indicator")
        dates = [v.reference_date for v in values]
        assert max(dates) - min(dates) >= timedelta(days=720), slug
        assert max(dates) < today
        codes = {v.indicator.code for v in values}
        assert 12 <= len(codes) <= 16, codes
        assert {"basis", "wohnen", "soziales", "pflege"} <= {v.indicator.domain for v in values}
        assert all(v.source for v in values)
        # Entered after the reference date, by the quartier's manager.
        assert all(timezone.localdate(v.created_at) > v.reference_date for v in values)
        assert all(v.created_by and v.created_by.memberships.filter(quartier=demo[slug]).exists() for v in values)
        # A time series: the register figures each quarter.
        assert values.filter(indicator__code="POP").count() >= 8, slug
    # The other quartier of the organisation has values to compare with.
    assert IndicatorValue.objects.filter(quartier=demo["am-bahnhof"]).values("indicator").distinct().count() >= 8


def test_altstadt_has_goals_in_every_domain_one_reached_one_without_baseline(demo):
    rows = goal_rows(quartier=demo["altstadt"])

    assert {r.goal.domain for r in rows} == set(Domain.values)
    assert any(r.reached for r in rows)
    assert any(r.attainment is not None and 0 < r.attainment < 1 for r in rows)  # on the way
    assert any(r.goal.indicator and r.goal.baseline is None and r.attainment is None for r in rows)
    for row in rows:
        assert row.goal.target_date
        if row.goal.agreed_on:
            assert row.goal.agreed_by and row.goal.target_date > row.goal.agreed_on
    assert Goal.objects.filter(quartier=demo["nordviertel"]).count() >= 2


def test_altstadt_has_measures_in_all_five_states_with_history(demo):
    today = timezone.localdate()
    now = timezone.now()
    measures = Measure.objects.filter(quartier=demo["altstadt"]).prefetch_related("transitions", "milestones", "goals")
    moves = {(m["from"], m["to"]): m.get("reason") == "required" for m in yaml.safe_load(WORKFLOW.read_text())["moves"]}

    assert 15 <= len(measures) <= 25
    titles = {m.title: m for m in measures}
    assert {"Nachbarschaftscafé", "Bank am Marktplatz", "Rampe am Bürgerhaus"} <= set(titles)
    assert {m.status for m in measures} == set(MeasureStatus.values)
    assert titles["Bank am Marktplatz"].status == MeasureStatus.DONE
    for measure in measures:
        assert measure.domain and measure.target_group and measure.responsible
        assert measure.milestones.all(), measure
        history = sorted(measure.transitions.all(), key=lambda t: t.at)
        # Each move allowed by the workflow, starting where the one before ended, with its reason.
        assert [t.from_status for t in history] == [MeasureStatus.PLANNED, *(t.to_status for t in history)][
            : len(history)
        ]
        for t in history:
            assert (t.from_status, t.to_status) in moves, (measure, t)
            assert bool(t.comment) == moves[t.from_status, t.to_status], (measure, t)
            assert t.by and measure.created_at < t.at < now
        assert (history[-1].to_status if history else MeasureStatus.PLANNED) == measure.status
        if history:
            assert measure.status_changed_at == history[-1].at
        if measure.start and measure.end:
            assert measure.start <= measure.end
        for milestone in measure.milestones.all():
            assert milestone.done == (milestone.done_at is not None)
            if milestone.done_at:
                assert measure.created_at < milestone.done_at < now
    assert sum(bool(m.goals.all()) for m in measures) >= len(measures) * 2 // 3
    assert any(m.budget_spent > 0 for m in measures) and all(m.budget_planned > 0 for m in measures)
    # Overdue measures and milestones; something due this week.
    overdue = Measure.objects.filter(quartier=demo["altstadt"]).overdue(today)
    assert "Nachbarschaftscafé" in {m.title for m in overdue}
    assert Milestone.objects.filter(measure__quartier=demo["altstadt"], done=False, due_date__lt=today).count() >= 3
    assert Milestone.objects.filter(
        measure__quartier=demo["altstadt"], done=False, due_date__gte=today, due_date__lte=today + timedelta(days=7)
    ).exists()
    assert Milestone.objects.filter(measure__quartier=demo["altstadt"], done=True).count() >= 10


def test_the_quartier_developer_is_responsible_for_some_measures(demo):
    developer = Membership.objects.get(quartier=demo["altstadt"], role=Role.DEVELOPER).user
    managed = Measure.objects.filter(quartier=demo["altstadt"], responsible=developer)

    assert managed.count() >= 3
    assert "Nachbarschaftscafé" in set(managed.values_list("title", flat=True))
    joined = Membership.objects.get(user=developer, quartier=demo["altstadt"]).created_at
    assert all(joined < m.created_at for m in managed)


def test_altstadt_funding_runs_out_and_the_runway_warns(demo):
    today = timezone.localdate()
    altstadt, nordviertel = demo["altstadt"], demo["nordviertel"]

    runway = funding_runway(quartier=altstadt, today=today)

    assert runway.warning
    assert runway.secured_until is not None and 0 < (runway.secured_until - today).days < 183
    assert not runway.follow_up_applied
    assert not funding_runway(quartier=nordviertel, today=today).warning
    sources = list(altstadt.funding_sources.prefetch_related("shares"))
    statuses = {s.status for s in sources}
    assert {FundingStatus.GRANTED, FundingStatus.REJECTED, FundingStatus.EXPIRED} <= statuses
    # Granted for longer, too: a grant that starts after the gap.
    later = runway.secured_until + timedelta(days=365)
    assert any(s.status == FundingStatus.GRANTED and s.end > later for s in sources)
    for source in sources:
        assert source.start <= source.end
        assert sum(share.amount for share in source.shares.all()) <= source.amount, source
    expired = next(s for s in sources if s.status == FundingStatus.EXPIRED)
    assert expired.end < today
    measures = Measure.objects.filter(quartier=altstadt, funding_shares__isnull=False).distinct()
    assert measures.count() >= 10


def test_done_analysis_and_goal_items_link_the_objects_as_evidence(demo):
    for slug, expected in (("altstadt", {(3, 1), (3, 2), (5, 2)}), ("nordviertel", {(3, 1)})):
        linked = Evidence.objects.filter(item__step__quartier=demo[slug], kind=EvidenceKind.OBJECT).select_related(
            "item__step__template"
        )
        assert {(e.item.step.template.number, e.item.position) for e in linked} >= expected, slug
        for proof in linked:
            obj = proof.linked_object
            assert obj.quartier_id == demo[slug].pk
            assert proof.item.done and proof.item.done_at <= proof.created_at
            assert obj.created_at <= proof.created_at
            assert proof.label
            completion = proof.item.step.transitions.filter(to_status=StepStatus.DONE).order_by("at").first()
            if completion and proof.item.required:
                assert proof.created_at < completion.at
    # Only items the history shows done have evidence.
    assert not ChecklistItem.objects.filter(done=False, evidence__isnull=False).exists()


def test_an_older_demo_database_gets_the_new_data_once():
    call_command("seed_demo", force=True, verbosity=0)
    # As seeded before the analysis existed.
    for model in (Evidence, Milestone, Measure, Goal, Facility, IndicatorValue):
        if model is Evidence:
            model.objects.filter(kind=EvidenceKind.OBJECT).delete()
        else:
            model.objects.all().delete()
    Quartier.objects.all().update(boundary=None)
    Quartier.objects.get(slug="altstadt").funding_sources.all().delete()

    call_command("seed_demo", force=True, verbosity=0)
    call_command("seed_demo", force=True, verbosity=0)

    altstadt = Quartier.objects.get(slug="altstadt")
    assert altstadt.boundary and altstadt.facilities.count() == 40
    assert 15 <= altstadt.measures.count() <= 25
    assert funding_runway(quartier=altstadt, today=timezone.localdate()).warning
    assert Evidence.objects.filter(kind=EvidenceKind.OBJECT, item__step__quartier=altstadt).exists()


def test_the_bench_generator_gives_each_quartier_planning_data():
    from bench.generate import add_quartiers

    call_command("seed_demo", force=True, verbosity=0)
    add_quartiers(3)

    today = timezone.localdate()
    for quartier in Quartier.objects.filter(slug__startswith="gen-"):
        assert IndicatorValue.objects.filter(quartier=quartier).values("reference_date").distinct().count() >= 3
        assert Facility.objects.filter(quartier=quartier).count() >= 3
        assert Goal.objects.filter(quartier=quartier).count() >= 2
        measures = Measure.objects.filter(quartier=quartier)
        assert measures.count() >= 3 and all(m.goals.exists() for m in measures)
        assert Milestone.objects.filter(measure__quartier=quartier).count() >= 2 * measures.count()
        assert goal_rows(quartier=quartier)[0].current is not None
    generated = Measure.objects.filter(quartier__slug__startswith="gen-")
    assert generated.overdue(today).exists() or generated.on_track(today).exists()


def test_altstadt_and_nordviertel_have_strengths_and_weaknesses_per_domain(demo):
    for slug in ("altstadt", "nordviertel"):
        rows = DomainAssessment.objects.filter(quartier__slug=slug)
        assert sorted(rows.values_list("domain", flat=True)) == ["pflege", "soziales", "wohnen"]
        assert all(row.strengths and row.weaknesses for row in rows)
