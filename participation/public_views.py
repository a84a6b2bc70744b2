"""What every public participation page shares: the „Schrift größer“ switch.

The choice is kept in a cookie that says nothing about the person (`schrift=gross`); the page the
switch was pressed on is shown again. It works without JavaScript: the switch is a form."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

TEXT_SIZE_COOKIE = "schrift"
LARGE = "gross"
ONE_YEAR = 365 * 24 * 3600


@require_POST
def text_size(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    set_text_size(response, request, large=request.POST.get("size") == LARGE)
    return response


def set_text_size(response: HttpResponse, request: HttpRequest, *, large: bool) -> None:
    """Set or clear the text size cookie on `response` (the switch and the answer form share it)."""
    if large:
        response.set_cookie(
            TEXT_SIZE_COOKIE, LARGE, max_age=ONE_YEAR, samesite="Lax", secure=request.is_secure(), httponly=True
        )
    else:
        response.delete_cookie(TEXT_SIZE_COOKIE, samesite="Lax")
