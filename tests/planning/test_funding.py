"""The funding runway: the pure arithmetic of `secured_until` and the selector's warning."""

from __future__ import annotations

import datetime
from decimal import Decimal as D

import pytest

from planning.funding.models import FundingKind, FundingShare, FundingSource, FundingStatus, secured_until
from planning.funding.selectors import budget_rows, funding_runway, months_after
from planning.measures.models import Measure

TODAY = datetime.date(2026, 3, 15)


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def test_one_period_covering_today() -> None:
    assert secured_until([(d("2026-01-01"), d("2026-12-31"))], TODAY) == d("2026-12-31")


def test_overlapping_periods_join() -> None:
    periods = [
        (d("2026-01-01"), d("2026-09-30")),
        (d("2026-06-01"), d("2027-06-30")),
        (d("2026-02-01"), d("2026-05-01")),
    ]
    assert secured_until(periods, TODAY) == d("2027-06-30")


def test_back_to_back_periods_join() -> None:
    periods = [(d("2027-01-01"), d("2027-12-31")), (d("2026-01-01"), d("2026-12-31"))]
    assert secured_until(periods, TODAY) == d("2027-12-31")


def test_a_gap_ends_the_runway() -> None:
    periods = [(d("2026-01-01"), d("2026-12-31")), (d("2027-01-02"), d("2027-12-31"))]
    assert secured_until(periods, TODAY) == d("2026-12-31")


def test_a_period_starting_in_the_future_does_not_cover_today() -> None:
    assert secured_until([(d("2026-04-01"), d("2027-12-31"))], TODAY) is None
    # Starting today does.
    assert secured_until([(TODAY, d("2026-04-30"))], TODAY) == d("2026-04-30")


def test_expired_periods_are_ignored() -> None:
    periods = [(d("2024-01-01"), d("2025-12-31")), (d("2026-03-01"), d("2026-06-30"))]
    assert secured_until(periods, TODAY) == d("2026-06-30")
    assert secured_until([(d("2024-01-01"), d("2026-03-14"))], TODAY) is None
    # An expired period does not bridge a gap either.
    assert secured_until([(d("2024-01-01"), d("2026-03-14")), (d("2026-03-16"), d("2026-12-31"))], TODAY) is None


def test_nothing_granted() -> None:
    assert secured_until([], TODAY) is None


def test_months_after_keeps_the_day_or_takes_the_months_last() -> None:
    assert months_after(d("2026-03-15"), 6) == d("2026-09-15")
    assert months_after(d("2026-08-31"), 6) == d("2027-02-28")
    assert months_after(d("2026-12-01"), 1) == d("2027-01-01")


@pytest.fixture
def kind(db) -> FundingKind:
    return FundingKind.objects.get(key="kommune")


def source(quartier, kind, start, end, status=FundingStatus.GRANTED, amount="10000", title="Quelle"):
    return FundingSource.objects.create(
        quartier=quartier,
        kind=kind,
        title=title,
        funder="Stadt",
        amount=D(amount),
        start=d(start),
        end=d(end),
        status=status,
    )


def test_runway_from_granted_sources_only(quartier, kind) -> None:
    source(quartier, kind, "2026-01-01", "2026-12-31")
    source(quartier, kind, "2027-01-01", "2027-06-30")  # back to back
    source(quartier, kind, "2027-07-01", "2028-12-31", status=FundingStatus.REJECTED)  # ignored
    source(quartier, kind, "2027-07-01", "2028-12-31", status=FundingStatus.EXPIRED)  # ignored

    runway = funding_runway(quartier=quartier, today=TODAY)

    assert runway.secured_until == d("2027-06-30")
    assert runway.months == pytest.approx(15.5, abs=0.1)
    assert not runway.follow_up_applied
    assert not runway.warning  # more than six months ahead


def test_runway_ending_within_six_months_warns_without_a_follow_up(quartier, kind) -> None:
    source(quartier, kind, "2026-01-01", "2026-08-31")

    runway = funding_runway(quartier=quartier, today=TODAY)

    assert runway.secured_until == d("2026-08-31")
    assert runway.ends_soon and runway.warning


def test_a_follow_up_application_silences_the_warning(quartier, kind) -> None:
    source(quartier, kind, "2026-01-01", "2026-08-31")
    source(quartier, kind, "2026-09-01", "2027-08-31", status=FundingStatus.APPLIED)

    runway = funding_runway(quartier=quartier, today=TODAY)

    assert runway.secured_until == d("2026-08-31")  # applied for is not secured
    assert runway.follow_up_applied and runway.ends_soon and not runway.warning


def test_an_application_inside_the_secured_period_is_no_follow_up(quartier, kind) -> None:
    source(quartier, kind, "2026-01-01", "2026-08-31")
    source(quartier, kind, "2026-04-01", "2026-06-30", status=FundingStatus.APPLIED)
    assert funding_runway(quartier=quartier, today=TODAY).warning


def test_six_months_boundary(quartier, kind) -> None:
    source(quartier, kind, "2026-01-01", "2026-09-14")
    assert funding_runway(quartier=quartier, today=TODAY).warning
    FundingSource.objects.update(end=d("2026-09-15"))
    assert not funding_runway(quartier=quartier, today=TODAY).warning


def test_no_funding_for_today(quartier, other_quartier, kind) -> None:
    source(quartier, kind, "2026-05-01", "2027-12-31")  # starts in the future
    source(other_quartier, kind, "2026-01-01", "2027-12-31")  # another quartier's

    runway = funding_runway(quartier=quartier, today=TODAY)

    assert runway.secured_until is None and runway.months == 0.0 and runway.warning


def test_budget_rows_sum_only_granted_shares(quartier, kind, django_assert_num_queries) -> None:
    granted = source(quartier, kind, "2026-01-01", "2026-12-31", amount="50000")
    applied = source(quartier, kind, "2026-01-01", "2026-12-31", status=FundingStatus.APPLIED, amount="50000")
    second = source(quartier, kind, "2026-01-01", "2026-12-31", amount="50000")
    measures = [
        Measure.objects.create(quartier=quartier, title=f"M{n:02}", domain="soziales", budget_planned=D("1000.00"))
        for n in range(15)
    ]
    for m in measures:
        FundingShare.objects.create(source=granted, measure=m, amount=D("300.00"))
        FundingShare.objects.create(source=applied, measure=m, amount=D("500.00"))
    FundingShare.objects.create(source=second, measure=measures[0], amount=D("900.00"))

    with django_assert_num_queries(1):
        rows = budget_rows(quartier=quartier)

    assert [r.measure.title for r in rows][:2] == ["M00", "M01"]
    assert rows[0].funded == D("1200.00") and rows[0].gap == D("0.00")  # overfunded: no negative gap
    assert rows[1].funded == D("300.00") and rows[1].gap == D("700.00")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("1.234,50", "1234.50"), ("1234,5", "1234.5"), ("12.5", "12.5"), ("10.000", "10000"), ("800 €", "800")],
)
def test_amounts_typed_the_german_way(typed, expected) -> None:
    from quartier.fields import LocalizedDecimalField

    assert LocalizedDecimalField(max_digits=12, decimal_places=2).clean(typed) == D(expected)


def test_unreadable_amount_is_a_german_error() -> None:
    from django.core.exceptions import ValidationError

    from quartier.fields import LocalizedDecimalField

    with pytest.raises(ValidationError, match="Bitte eine Zahl eingeben"):
        LocalizedDecimalField(max_digits=12, decimal_places=2).clean("1.2.3")
