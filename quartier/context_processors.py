from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .access import is_coordinator


def navigation(request: HttpRequest) -> dict:
    """Navigation flags, computed only if a template asks for them."""
    return {"nav": SimpleLazyObject(lambda: {"is_coordinator": is_coordinator(request.user)})}
