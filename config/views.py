from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from quartier.auth import client_ip


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _check_cache() -> str:
    cache.set("health-check", "1", 10)
    return "ok" if cache.get("health-check") == "1" else "error"


def _check_broker() -> str:
    from config.celery import app

    if app.conf.task_always_eager:
        return "eager"  # no broker configured: tasks run in-process
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


# Only these see which part is down: the details help an attacker more than a passer-by.
LOOPBACK_ADDRESSES = frozenset({"127.0.0.1", "::1"})


def _may_see_details(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user and user.is_staff:
        return True
    # The container's own health check calls localhost directly, without X-Forwarded-For. A reverse
    # proxy on the same host also connects from localhost, so a forwarded request is judged by the
    # client the trusted proxies name; with no trusted proxies configured it is someone outside.
    if settings.TRUSTED_PROXY_COUNT > 0:
        return client_ip(request) in LOOPBACK_ADDRESSES
    if request.META.get("HTTP_X_FORWARDED_FOR"):
        return False
    return request.META.get("REMOTE_ADDR") in LOOPBACK_ADDRESSES


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """Database, cache and broker state; 503 if any of them is down.

    Everyone gets the status code and "ok" or "gestört"; staff and calls from the machine
    itself also see each check.
    """
    checks = {}
    for name, check in (("database", _check_database), ("cache", _check_cache), ("broker", _check_broker)):
        try:
            checks[name] = check()
        except Exception as exc:  # noqa: BLE001 — report any failure as down
            checks[name] = f"error: {exc.__class__.__name__}"
    healthy = all(not v.startswith("error") for v in checks.values())
    body = {"status": "ok" if healthy else "gestört"}
    if _may_see_details(request):
        body.update(checks)
    return JsonResponse(body, status=200 if healthy else 503)
