"""What every app's API views are built from (``cases.apis``, ``intelligence.apis``, ``oocd.apis``, …).

Thin views: each operation validates its input with a small serializer (``valid``), calls a
selector (reads) or a service (writes, ``action``) and answers with an output serializer. Who may
call a view at all is its ``rule`` (``yjs.api.permissions``: signed in, by default); which rows they
see is decided by the app's selectors (a row they may not see answers 404), and what they may do
with a row by its services (403, or 400 naming each field a rule refuses, having changed nothing).
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404
from rest_framework import serializers, status
from rest_framework.filters import OrderingFilter
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .filters import FieldFilterBackend
from .listing import ListWriter
from .permissions import SIGNED_IN, Rule


# A view's docstring is its operations' description in the schema where ``@extend_schema`` gives none.
class Api(APIView):
    """Signed in; everything else is decided by the selectors and services."""

    rule: Rule | dict[str, Rule] = SIGNED_IN


class ListApi(GenericAPIView):
    """A paginated, filterable list of what a selector returns for the user.

    ``queryset`` is only a hint for the schema and filters; the rows always come
    from ``get_queryset``, which subclasses build from a selector.
    """

    rule: Rule | dict[str, Rule] = SIGNED_IN
    filter_backends = [FieldFilterBackend, OrderingFilter]

    def listed(self, output: type[serializers.Serializer] | ListWriter) -> Response:
        """A page of ``get_queryset()`` narrowed by the query string's filters."""
        return self.list_response(self.filter_queryset(self.get_queryset()), output)

    def list_response(self, rows, output: type[serializers.Serializer] | ListWriter) -> Response:
        """A page of ``rows``; with a ``ListWriter``, ``rows`` come without the nested lists
        prefetched (the writer reads them for the page)."""
        page = self.paginate_queryset(rows)
        self.page_read(page)
        if isinstance(output, ListWriter):
            return self.get_paginated_response(output.write(page))
        return self.get_paginated_response(output(page, many=True, context={"request": self.request}).data)

    def page_read(self, page: list) -> None:
        """Called with each page before it is answered (e.g. to audit what is read)."""


def valid(
    serializer_class: type[serializers.Serializer], request: Request, *, partial: bool = False, data: Any = None
) -> dict[str, Any]:
    """The request's body (or ``data``, e.g. the query string) as ``serializer_class`` validates it;
    a 400 naming each field otherwise."""
    serializer = serializer_class(
        data=request.data if data is None else data, partial=partial, context={"request": request}
    )
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def action(
    request: Request,
    service: Callable[..., Any],
    input_serializer: type[serializers.Serializer] | None = None,
    /,
    *,
    partial: bool = False,
    **rows: Any,
) -> Any:
    """An operation that changes something: the input validated (400), then the service called by the
    user with it and with the ``rows`` the path named (found first by their selectors: 404).
    Returns what the service returns. (Positional first, so a service may take ``request=``.)"""
    data = {} if input_serializer is None else valid(input_serializer, request, partial=partial)
    return service(by=request.user, **rows, **data)


def visible_row(rows: Callable[..., QuerySet], request: Request, pk: int) -> Model:
    """The row ``pk`` among those the selector ``rows`` gives the user: 404 for any other."""
    return get_object_or_404(rows(user=request.user), pk=pk)


def created(serializer: serializers.Serializer) -> Response:
    return Response(serializer.data, status=status.HTTP_201_CREATED)


class DownloadNegotiation(DefaultContentNegotiation):
    """A download answers with its file whatever the client accepts; errors are JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
