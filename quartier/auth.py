"""Login helpers that plug into third-party auth machinery (django-axes)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


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
