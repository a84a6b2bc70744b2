from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control


class GermanUnlessChosenMiddleware:
    """The UI is German unless the person picks English with the language switch.

    Django would otherwise follow the browser's Accept-Language header, and many office
    computers in German municipalities run an English browser. Placed before LocaleMiddleware,
    so that only the language cookie (set by the switch) can change the language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class PrivateNoStoreMiddleware:
    """Pages for a signed-in person and every file download are never stored by a cache.

    A shared proxy or the browser's disk cache must not keep a quartier's pages, the portfolio
    CSV, PDF reports or uploaded documents: on a shared office computer the next person could
    open them from the cache or the back button after logging out.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        is_download = response.get("Content-Disposition", "").startswith("attachment")
        if is_download or (user is not None and user.is_authenticated):
            patch_cache_control(response, private=True, no_store=True)
        return response


class MethodNotAllowedPageMiddleware:
    """A 405 (a form sent to a page that is only read, say) answers with a page, not an empty body.

    Django's `require_safe` and `require_POST` answer with no content at all; the person
    would see a blank page. Only those empty answers are replaced, and the Allow header stays.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if isinstance(response, HttpResponseNotAllowed) and not response.content:
            response.content = render_to_string("405.html", request=request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response
