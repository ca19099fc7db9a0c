"""Pages of the API's lists: by number, without a count.

A count of everything a user may see costs a scan of all of it on every request (a police
officer may see over a million custody records, a case worker some 150,000 children): most
of the time of a list request on a large service, for a figure an API client rarely needs.
So a page is ``{"next", "previous", "results"}``: it reads one row more than it shows to
know whether there is a next page. ``?page=`` counts from 1; ``?page_size=`` up to 500
(default ``PAGE_SIZE``); a page past the end, or one that is not a number, answers 404.
"""

from django.db.models import QuerySet
from rest_framework import pagination
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.urls import remove_query_param, replace_query_param

BIGGEST_OFFSET = 2**63 - 1
INVALID_PAGE = "Invalid page: pages are numbered from 1, and this list has no page of that number."


def _rows(rows, start: int, stop: int) -> list:
    """``rows[start:stop]``. Past the first page, a queryset's page is found by id first (the
    list's order from its index, with the visibility rules but without the joins and prefetches
    of what is shown), then those rows read: PostgreSQL would otherwise join every row it skips
    (page 20 of the decisions joined a thousand referrals, children and outcomes)."""
    if not isinstance(rows, QuerySet) or start == 0 or rows.query.combinator:
        return list(rows[start:stop])
    ids = list(rows.values_list("pk", flat=True)[start:stop])
    by_id = {row.pk: row for row in rows.filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


class PageNumberPagination(pagination.BasePagination):
    page_size = api_settings.PAGE_SIZE
    page_query_param = "page"
    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None) -> list:
        self.request = request
        size = self.get_page_size(request)
        self.number = self.get_page_number(request)
        start = (self.number - 1) * size
        rows = _rows(queryset, start, start + size + 1)
        if self.number > 1 and not rows:
            raise NotFound(INVALID_PAGE)
        self.has_next = len(rows) > size
        return rows[:size]

    def get_page_number(self, request) -> int:
        text = request.query_params.get(self.page_query_param) or "1"
        try:
            number = int(text)
        except ValueError:
            raise NotFound(INVALID_PAGE) from None
        # Past the largest offset PostgreSQL counts (a bigint) no list has a page.
        if number < 1 or number > BIGGEST_OFFSET // self.max_page_size:
            raise NotFound(INVALID_PAGE)
        return number

    def get_page_size(self, request) -> int:
        text = request.query_params.get(self.page_size_query_param)
        try:
            size = int(text)
        except (TypeError, ValueError):
            return self.page_size
        return min(size, self.max_page_size) if size > 0 else self.page_size

    def get_paginated_response(self, data) -> Response:
        return Response({"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})

    def get_next_link(self) -> str | None:
        if not self.has_next:
            return None
        return replace_query_param(self.request.build_absolute_uri(), self.page_query_param, self.number + 1)

    def get_previous_link(self) -> str | None:
        if self.number == 1:
            return None
        url = self.request.build_absolute_uri()
        if self.number == 2:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, self.number - 1)

    def get_paginated_response_schema(self, schema: dict) -> dict:
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {**link, "example": f"https://yjs.example.org/api/v1/cases/?{self.page_query_param}=3"},
                "previous": {**link, "example": f"https://yjs.example.org/api/v1/cases/?{self.page_query_param}=1"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "A page number, from 1. Follow `next` for the page after.",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page (default {self.page_size}, at most {self.max_page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]
