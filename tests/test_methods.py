"""Pages that are only read refuse anything but GET and HEAD, with a page in the app's layout.

And the 403 page speaks of the person's role in general, not of a quartier.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from evaluation.models import Report
from planning import services as planning_services
from tests.planning.uploads import pdf_bytes, upload

from .pages import text

pytestmark = pytest.mark.django_db

READ_ONLY = [
    "cockpit",
    "quartier_profile",
    "step_detail",
    "document_download",
    "quartier_list",
    "portfolio",
    "portfolio_csv",
    "report_detail",
    "report_download",
]


@pytest.fixture
def urls(quartier, manager) -> dict[str, str]:
    plan = upload("plan.pdf", pdf_bytes())
    document = planning_services.document_upload(quartier=quartier, user=manager, upload=plan)
    report = Report.objects.create(quartier=quartier, requested_by=manager)
    slug = quartier.slug
    return {
        "cockpit": reverse("cockpit", args=[slug]),
        "quartier_profile": reverse("quartier_profile", args=[slug]),
        "step_detail": reverse("step_detail", args=[slug, 1]),
        "document_download": reverse("document_download", args=[slug, document.pk]),
        "quartier_list": reverse("quartier_list"),
        "portfolio": reverse("portfolio"),
        "portfolio_csv": reverse("portfolio_csv"),
        "report_detail": reverse("report_detail", args=[slug, report.pk]),
        "report_download": reverse("report_download", args=[slug, report.pk]),
    }


@pytest.mark.parametrize("name", READ_ONLY)
def test_a_post_to_a_read_only_page_is_refused_with_a_page(name, urls, manager, coordinator, client_for):
    user = coordinator if name.startswith("portfolio") else manager

    response = client_for(user).post(urls[name], {"anything": "1"})

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    page = text(response)
    assert "Diese Seite lässt sich so nicht verwenden" in page
    assert "Diese Adresse nimmt eine solche Anfrage nicht an." in page
    assert "Zur Startseite" in page


def test_a_get_to_a_post_only_address_gets_the_page_too(quartier, manager, client_for):
    response = client_for(manager).get(reverse("step_complete", args=[quartier.slug, 1]))

    assert response.status_code == 405
    assert "Diese Seite lässt sich so nicht verwenden" in text(response)


def test_a_read_only_page_still_answers_head(quartier, manager, client_for):
    response = client_for(manager).head(reverse("cockpit", args=[quartier.slug]))

    assert response.status_code == 200


def test_pages_that_take_forms_still_take_them(quartier, manager, client_for):
    response = client_for(manager).post(
        reverse("quartier_profile_edit", args=[quartier.slug]),
        {"name": "Altstadt Süd", "municipality": quartier.municipality, "spatial_type": quartier.spatial_type},
    )

    assert response.status_code == 302
    quartier.refresh_from_db()
    assert quartier.name == "Altstadt Süd"


def test_the_403_page_speaks_of_the_role_not_of_a_quartier(partner, client_for):
    response = client_for(partner).get(reverse("portfolio"))

    assert response.status_code == 403
    page = text(response)
    assert "Das dürfen Sie mit Ihrer Rolle nicht." in page
    assert "Quartier erlaubt" not in page
