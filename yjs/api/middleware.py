"""The API's request body limit: Django's DATA_UPLOAD_MAX_MEMORY_SIZE, as the pages have it."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class ApiBodyLimitMiddleware:
    """Reads an API request's body through Django, which refuses one larger than
    DATA_UPLOAD_MAX_MEMORY_SIZE (RequestDataTooBig: a 400, JSON under /api/ by
    ``yjs.views.bad_request``). DRF's JSON parser reads the stream itself, with no limit.

    Not multipart bodies: their files may be larger, and Django's multipart parser already
    holds the other fields to the limit.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith("/api/") and not request.content_type.startswith("multipart/"):
            request.body  # noqa: B018 (read for its check)
        return self.get_response(request)
