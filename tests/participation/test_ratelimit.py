"""The per-address limit counts in the cache only and lets a care home's tablet through."""

from __future__ import annotations

from django.core.cache import cache
from django.test import RequestFactory, override_settings

from participation.ratelimit import allow


@override_settings(SURVEY_SUBMISSIONS_PER_HOUR=30)
def test_thirty_answers_from_one_tablet_pass_the_thirty_first_is_held_back():
    cache.clear()
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.7")
    assert all(allow(request, "survey:1") for _ in range(30))
    assert not allow(request, "survey:1")
    # Another form and another address count on their own.
    assert allow(request, "survey:2")
    assert allow(RequestFactory().post("/", REMOTE_ADDR="192.0.2.8"), "survey:1")


def test_the_address_is_not_in_the_cache_key():
    from participation.ratelimit import _key

    cache.clear()
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.99")
    allow(request, "ideas")
    key = _key(request, "ideas")
    assert cache.get(key) == 1  # the count is held under this key, in the cache only
    assert "192.0.2.99" not in key and "192-0-2-99" not in key


@override_settings(TRUSTED_PROXY_COUNT=1, SURVEY_SUBMISSIONS_PER_HOUR=2)
def test_behind_the_proxy_each_citizen_counts_on_their_own():
    cache.clear()

    def via_proxy(client: str):
        return RequestFactory().post("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=client)

    assert allow(via_proxy("198.51.100.1"), "ideas") and allow(via_proxy("198.51.100.1"), "ideas")
    assert not allow(via_proxy("198.51.100.1"), "ideas")
    assert allow(via_proxy("198.51.100.2"), "ideas")
