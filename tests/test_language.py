"""Every message follows the language chosen in the footer, including those built in Python."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.pages import text

from .planning.uploads import pdf_bytes, upload

pytestmark = pytest.mark.django_db


def in_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


@override_settings(DOCUMENT_MAX_BYTES=1024)
def test_the_upload_size_note_and_refusal_come_in_english(client_for, developer, quartier):
    client = in_english(client_for(developer))
    url = reverse("documents", args=[quartier.slug])

    page = text(client.get(url))
    response = client.post(url, {"file": upload("plan.pdf", pdf_bytes() + b"%" * 3000)})

    assert "PDF, PNG, JPEG, DOCX, XLSX, ODT, at most 1.0 KB" in page
    assert "höchstens" not in page
    refusal = text(response)
    assert "The file is 3.1 KB large; at most 1.0 KB are allowed." in refusal
    assert "höchstens" not in refusal and "Erlaubt" not in refusal


def test_the_upload_size_note_names_the_configured_limit_in_german(client_for, developer, quartier):
    page = text(client_for(developer).get(reverse("documents", args=[quartier.slug])))

    assert "PDF, PNG, JPEG, DOCX, XLSX, ODT, höchstens 20,0 MB" in page


def test_the_evidence_file_note_comes_in_english(client_for, developer, quartier):
    page = text(in_english(client_for(developer)).get(reverse("step_detail", args=[quartier.slug, 1])))

    assert "at most 20.0 MB" in page and "höchstens" not in page


def test_the_portfolio_step_filter_comes_in_english(client_for, coordinator, quartier):
    html = in_english(client_for(coordinator)).get(reverse("portfolio")).content.decode()

    assert ">Step 3</option>" in html and "Schritt 3" not in html


def test_the_character_counter_text_comes_in_english(client_for, developer, quartier):
    html = in_english(client_for(developer)).get(reverse("step_detail", args=[quartier.slug, 1])).content.decode()

    assert 'data-chars-left="Characters left: {n}"' in html
