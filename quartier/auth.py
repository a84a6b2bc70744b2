"""Login helpers that plug into third-party auth machinery (django-axes)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone


def lockout_username(request: HttpRequest | None, credentials: dict[str, Any] | None = None) -> str:
    """The username django-axes counts failed logins under: the address stripped and lower-cased.

    Login is case-insensitive (`UserManager.get_by_natural_key`), so `MANAGER@…` and `manager@…`
    are one account and must share one failure counter; otherwise changing the case of a
    letter would give a fresh set of attempts. Axes calls this with the `credentials` passed to
    `authenticate()` when it has them, and with the request alone when it only has the request.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        value = credentials.get(field)
    else:
        data = getattr(request, "data", None) or getattr(request, "POST", None) or {}
        value = data.get(field)
    return str(value or "").strip().lower()


def client_ip(request: HttpRequest) -> str | None:
    """The address a login comes from, as django-axes counts failures under it.

    Behind `TRUSTED_PROXY_COUNT` reverse proxies, each one appends the address it received the
    request from to X-Forwarded-For, so the client is that many entries from the right; anything
    further left was sent by the client and may be forged. Without proxies, or when the header has
    fewer entries than there are proxies (a request that did not come through them), the
    connection's own address counts. django-axes would need django-ipware for this; this is the
    one rule we need, without another dependency.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]


def login_failures_prune(*, older_than: timedelta) -> int:
    """Delete the records of failed logins older than `older_than`; returns how many were deleted.

    They hold e-mail addresses and IP addresses, which are kept no longer than needed. A lockout
    lasts minutes (AXES_COOLOFF_TIME), so old records serve no purpose. Run daily by celery beat.
    """
    cutoff = timezone.now() - older_than
    attempts, _ = AccessAttempt.objects.filter(attempt_time__lt=cutoff).delete()
    failures, _ = AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()
    return attempts + failures
