"""„Schrift größer“: a form that keeps the choice in a cookie and shows the same page again."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse


def test_the_switch_sets_and_clears_the_cookie_and_returns_to_the_page():
    client = Client()
    response = client.post(reverse("text_size"), {"size": "gross", "next": "/mitmachen/umfrage/abc/"})
    assert response.status_code == 302 and response["Location"] == "/mitmachen/umfrage/abc/"
    assert response.cookies["schrift"].value == "gross"

    response = client.post(reverse("text_size"), {"size": "normal", "next": "/mitmachen/umfrage/abc/"})
    assert response.cookies["schrift"].value == ""  # deleted


def test_a_foreign_address_is_not_followed():
    response = Client().post(reverse("text_size"), {"size": "gross", "next": "https://example.com/"})
    assert response["Location"] == "/"
