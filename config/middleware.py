from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


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
