"""The funding page (step 10) as the team sees it, and creating, changing and deleting sources."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planning.funding.models import FundingKind, FundingShare, FundingSource, FundingStatus
from planning.measures.models import Measure


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def kind(db) -> FundingKind:
    return FundingKind.objects.get(key="stiftung")


@pytest.fixture
def cafe(quartier) -> Measure:
    return Measure.objects.create(
        quartier=quartier,
        title="Nachbarschaftscafé",
        domain="soziales",
        budget_planned=D("12000"),
        budget_spent=D("1234.5"),
    )


@pytest.fixture
def bench(quartier) -> Measure:
    return Measure.objects.create(quartier=quartier, title="Bank am Marktplatz", domain="wohnen", budget_planned=800)


def make_source(quartier, kind, **fields) -> FundingSource:
    values = {
        "title": "Stiftung Nachbarschaft",
        "funder": "Stiftung Mitmenschen",
        "amount": D("10000"),
        "start": datetime.date(2026, 1, 1),
        "end": datetime.date(2026, 12, 31),
        "status": FundingStatus.GRANTED,
        **fields,
    }
    return FundingSource.objects.create(quartier=quartier, kind=kind, **values)


def list_url(quartier) -> str:
    return reverse("funding_list", kwargs={"slug": quartier.slug})


def form_data(kind, **overrides) -> dict:
    data = {
        "kind": kind.pk,
        "title": "Stiftung Nachbarschaft",
        "funder": "Stiftung Mitmenschen",
        "domain": "",
        "amount": "10.000,00",
        "start": "2026-01-01",
        "end": "2027-06-30",
        "status": FundingStatus.GRANTED,
        "notes": "Verwendungsnachweis bis März",
        "shares-TOTAL_FORMS": "2",
        "shares-INITIAL_FORMS": "0",
        "shares-MIN_NUM_FORMS": "0",
        "shares-MAX_NUM_FORMS": "50",
        "shares-0-measure": "",
        "shares-0-amount": "",
        "shares-1-measure": "",
        "shares-1-amount": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def today(monkeypatch):
    day = datetime.date(2026, 3, 15)
    monkeypatch.setattr("planning.funding.views.timezone.localdate", lambda: day)
    return day


def test_page_shows_runway_sources_sums_and_budget(client_for, viewer, quartier, kind, cafe, bench, today) -> None:
    source = make_source(quartier, kind, end=datetime.date(2027, 6, 30), amount=D("10000"))
    FundingShare.objects.create(source=source, measure=cafe, amount=D("7500.5"))
    applied = make_source(quartier, kind, title="Antrag Land", status=FundingStatus.APPLIED, amount=D("2500"))
    FundingShare.objects.create(source=applied, measure=bench, amount=D("800"))  # applied: not funded yet

    response = client_for(viewer).get(list_url(quartier))
    page = text(response)

    assert response.status_code == 200
    assert "Finanzierung gesichert bis 30.06.2027 (15,5 Monate)" in page
    assert "Achtung" not in page
    assert "Stiftung Nachbarschaft" in page and "Stiftung Mitmenschen" in page and "alle Bereiche" in page
    assert "10.000,00 €" in page and "01.01.2026 – 30.06.2027" in page and "bewilligt" in page
    assert "Nachbarschaftscafé: 7.500,50 €" in page
    # Sums by status and kind.
    assert "bewilligt 10.000,00 €" in page and "beantragt 2.500,00 €" in page and "Gesamt 12.500,00 €" in page
    assert "Stiftung / Soziallotterie 12.500,00 €" in page
    # Budget per measure: planned, spent, funded (granted only), gap.
    assert "Bank am Marktplatz 800,00 € 0,00 € 0,00 € 800,00 €" in page
    assert "Nachbarschaftscafé 12.000,00 € 1.234,50 € 7.500,50 € 4.499,50 €" in page
    assert "Neue Finanzierungsquelle" not in page  # a viewer only reads


def test_runway_warning_and_no_funding(client_for, manager, quartier, kind, today) -> None:
    client = client_for(manager)
    page = text(client.get(list_url(quartier)))
    assert "Keine bewilligte Finanzierung für heute" in page
    assert "Noch keine Finanzierungsquelle erfasst." in page

    make_source(quartier, kind, end=datetime.date(2026, 6, 30))
    page = text(client.get(list_url(quartier)))
    assert "Finanzierung gesichert bis 30.06.2026" in page
    assert "Achtung: Die gesicherte Finanzierung endet innerhalb von sechs Monaten" in page

    make_source(quartier, kind, title="Folgeantrag", status=FundingStatus.APPLIED, start=datetime.date(2026, 7, 1))
    page = text(client.get(list_url(quartier)))
    assert "Achtung" not in page and "Eine Anschlussfinanzierung ist beantragt." in page


def test_manager_creates_a_source_with_shares(client_for, manager, quartier, kind, cafe, bench) -> None:
    client = client_for(manager)
    data = form_data(
        kind,
        **{"shares-0-measure": cafe.pk, "shares-0-amount": "6.000,50", "shares-1-measure": bench.pk},
        **{"shares-1-amount": "800"},
    )
    response = client.post(reverse("funding_create", kwargs={"slug": quartier.slug}), data)

    source = FundingSource.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#source-{source.pk}")
    assert (source.amount, source.domain, source.created_by) == (D("10000"), "", manager)
    assert sorted(source.shares.values_list("measure__title", "amount")) == [
        ("Bank am Marktplatz", D("800")),
        ("Nachbarschaftscafé", D("6000.50")),
    ]
    assert source.history.get().history_user == manager
    assert "Die Finanzierungsquelle „Stiftung Nachbarschaft“ wurde angelegt." in text(client.get(response["Location"]))


def test_shares_above_the_amount_are_refused_and_input_kept(client_for, manager, quartier, kind, cafe, bench) -> None:
    data = form_data(
        kind,
        amount="1.000",
        **{"shares-0-measure": cafe.pk, "shares-0-amount": "900", "shares-1-measure": bench.pk},
        **{"shares-1-amount": "200"},
    )
    response = client_for(manager).post(reverse("funding_create", kwargs={"slug": quartier.slug}), data)

    page = text(response)
    assert response.status_code == 400
    assert "Die Maßnahmen erhalten zusammen 1.100,00 €, mehr als der Betrag der Quelle von 1.000,00 €." in page
    html = response.content.decode()
    assert 'value="Stiftung Nachbarschaft"' in html and 'value="900"' in html and "Verwendungsnachweis bis März" in html
    assert not FundingSource.objects.exists()


def test_another_quartiers_measure_cannot_be_attached(client_for, manager, quartier, other_quartier, kind) -> None:
    theirs = Measure.objects.create(quartier=other_quartier, title="Fremde Maßnahme", domain="wohnen")
    data = form_data(kind, **{"shares-0-measure": theirs.pk, "shares-0-amount": "100"})

    response = client_for(manager).post(reverse("funding_create", kwargs={"slug": quartier.slug}), data)

    assert response.status_code == 400
    assert "Fremde Maßnahme" not in text(response)  # not even offered
    assert "Bitte prüfen Sie die finanzierten Maßnahmen" in text(response)
    assert not FundingSource.objects.exists() and not FundingShare.objects.exists()


def test_service_refuses_another_quartiers_measure_and_too_much(quartier, other_quartier, manager, kind, cafe) -> None:
    from django.core.exceptions import ValidationError

    from planning.funding import services

    theirs = Measure.objects.create(quartier=other_quartier, title="Fremd", domain="wohnen")
    fields = {"kind": kind, "title": "T", "funder": "F", "domain": "", "amount": D("100"), "notes": ""}
    fields |= {"start": datetime.date(2026, 1, 1), "end": datetime.date(2026, 12, 31), "status": "bewilligt"}
    with pytest.raises(ValidationError):
        services.funding_create(quartier=quartier, user=manager, shares=[(theirs, D("1"))], **fields)
    with pytest.raises(ValidationError):
        services.funding_create(quartier=quartier, user=manager, shares=[(cafe, D("100.01"))], **fields)
    assert not FundingSource.objects.exists()


def test_end_before_start_and_bad_amount_are_german_errors(client_for, manager, quartier, kind) -> None:
    data = form_data(kind, start="2027-01-01", end="2026-01-01", amount="-5", title="")
    response = client_for(manager).post(reverse("funding_create", kwargs={"slug": quartier.slug}), data)

    page = text(response)
    assert response.status_code == 400
    assert "Bis: Das Ende darf nicht vor dem Beginn liegen." in page
    assert "Betrag (€): Dieser Wert muss größer oder gleich 0 sein." in page
    assert "Titel: Dieses Feld ist zwingend erforderlich." in page


def test_a_share_row_needs_measure_and_amount(client_for, manager, quartier, kind, cafe) -> None:
    data = form_data(kind, **{"shares-0-measure": cafe.pk, "shares-1-amount": "50"})
    page = text(client_for(manager).post(reverse("funding_create", kwargs={"slug": quartier.slug}), data))
    assert "Zeile 1, Betrag (€): Bitte geben Sie den Betrag für diese Maßnahme an." in page
    assert "Zeile 2, Maßnahme: Bitte wählen Sie die Maßnahme, für die dieser Betrag bestimmt ist." in page


def test_manager_edits_shares_and_deletes(client_for, manager, quartier, kind, cafe, bench) -> None:
    source = make_source(quartier, kind)
    FundingShare.objects.create(source=source, measure=cafe, amount=D("500"))
    client = client_for(manager)
    edit = reverse("funding_edit", kwargs={"slug": quartier.slug, "source_id": source.pk})
    html = client.get(edit).content.decode()
    assert 'value="Stiftung Nachbarschaft"' in html and 'value="500,00"' in html

    data = form_data(
        kind,
        status=FundingStatus.EXPIRED,
        **{"shares-TOTAL_FORMS": "2", "shares-INITIAL_FORMS": "1"},
        **{"shares-0-measure": "", "shares-0-amount": "", "shares-1-measure": bench.pk, "shares-1-amount": "300"},
    )
    assert client.post(edit, data).status_code == 302
    source.refresh_from_db()
    assert source.status == FundingStatus.EXPIRED
    assert list(source.shares.values_list("measure__title", "amount")) == [("Bank am Marktplatz", D("300"))]

    delete = reverse("funding_delete", kwargs={"slug": quartier.slug, "source_id": source.pk})
    assert client.post(delete).status_code == 302
    assert not FundingSource.objects.exists() and not FundingShare.objects.exists()
    assert client.post(delete).status_code == 302


def test_source_of_another_quartier_is_404(client_for, manager, quartier, other_quartier, kind) -> None:
    theirs = make_source(other_quartier, kind, title="Fremd")
    client = client_for(manager)
    edit = reverse("funding_edit", kwargs={"slug": quartier.slug, "source_id": theirs.pk})
    assert client.get(edit).status_code == 404
    assert client.post(edit, form_data(kind)).status_code == 404
    client.post(reverse("funding_delete", kwargs={"slug": quartier.slug, "source_id": theirs.pk}))
    assert FundingSource.objects.get(pk=theirs.pk).title == "Fremd"


def test_funding_page_query_count_does_not_grow(client_for, manager, quartier, kind, django_assert_max_num_queries):
    client = client_for(manager)
    url = list_url(quartier)
    client.get(url)

    def add(n: int, offset: int) -> None:
        source = make_source(quartier, kind, title=f"Q{offset}", amount=D("100000"))
        for i in range(offset, offset + n):
            measure = Measure.objects.create(quartier=quartier, title=f"M{i:03}", domain="wohnen", budget_planned=10)
            FundingShare.objects.create(source=source, measure=measure, amount=D("5"))

    add(1, 0)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(25, 1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = text(client.get(url))
    assert "M025 10,00 € 0,00 € 5,00 € 5,00 €" in page
