from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """``Cache-Control: no-store`` (with ``no-cache``, ``max-age=0``, ``private``) on every answer
    the application makes: pages, API responses, CSV and PDF exports and document downloads hold a
    child's records, and neither the browser nor any proxy may keep a copy (on a shared computer,
    the back button after signing out would show them). Every answer, not only a signed-in user's:
    the sign-in page carries a CSRF token, and an error page is no one's to keep either.

    Static assets never get here: WhiteNoise, before this in ``MIDDLEWARE``, answers them with their
    own long-lived caching."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response
