"""How often one network address may submit a public form (survey answers, ideas).

The count is held in the cache only, under a keyed hash of the address, and expires after the
hour: no address is ever written to the database or a log. The limit is generous (a care home's
tablet serves thirty residents): it stops scripts, not people."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from quartier.auth import client_ip

WINDOW_SECONDS = 3600


def _key(request: HttpRequest, scope: str) -> str:
    # Behind the reverse proxies (TRUSTED_PROXY_COUNT) the client's address, not the proxy's.
    address = client_ip(request) or ""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{scope}|{address}".encode(), hashlib.sha256).hexdigest()
    return f"ratelimit:{scope}:{digest[:32]}"


def allow(request: HttpRequest, scope: str, *, limit: int | None = None) -> bool:
    """Count one submission for the request's address; False once the hour's limit is reached."""
    limit = settings.SURVEY_SUBMISSIONS_PER_HOUR if limit is None else limit
    key = _key(request, scope)
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        count = 1
    return count <= limit
