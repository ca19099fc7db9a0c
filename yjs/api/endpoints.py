"""Endpoints declared, not written: the operations on one row that every app's API repeats.

Most of the API is the same three steps around a different selector, service and pair of
serializers: find the row the path names among those the user may see (404 for any other),
validate the body and call the service (400, 403), answer with the row as it now is. Each app
declares its operations with these factories, so the steps, their order and their errors are
written once::

    OrderEndApi = row_action(
        "Record how and when a court order ended",
        rows=selectors.order_list, row="order", service=services.order_end,
        input=OrderEndInputSerializer, output=OrderOutputSerializer,
    )

    class HearingDetailApi(row_read(...), row_action(..., method="patch")):
        '''GET and PATCH on one path: each factory gives its class one method.'''

``rows`` is a selector taking ``user=`` (the rows the user may see; any other answers 404, "No
such {row}"); ``row`` is the keyword the service takes the row by, and ``{row}_id`` the path's
parameter unless ``path_parameter`` names another. ``shown(request, row)``, where given, is
called with each row answered (to audit a read of restricted records). A view's ``rule``
(``yjs.api.permissions``) is set on the class as usual.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from yjs.selectors import one_or_404

from .base import Api, action

Selector = Callable[..., QuerySet]
Shown = Callable[[Request, Model], Any]


def _found(rows: Selector, request: Request, pk: int, noun: str) -> Model:
    return one_or_404(rows(user=request.user), pk, noun)


def _answer(request: Request, output: type[serializers.Serializer], row: Model, shown: Shown | None, status: int):
    if shown is not None:
        shown(request, row)
    return Response(output(row, context={"request": request}).data, status=status)


def row_read(
    summary: str,
    description: str | None = None,
    *,
    rows: Selector,
    row: str,
    output: type[serializers.Serializer],
    path_parameter: str | None = None,
    shown: Shown | None = None,
) -> type[Api]:
    """GET one row the user may see."""
    parameter = path_parameter or f"{row}_id"
    noun = row.replace("_", " ")

    @extend_schema(summary=summary, description=description, responses={200: output})
    def get(self, request: Request, **path: Any) -> Response:
        return _answer(request, output, _found(rows, request, path[parameter], noun), shown, 200)

    return type(f"{_camel(row)}ReadApi", (Api,), {"get": get, "__module__": _caller_module()})


def row_action(
    summary: str,
    description: str | None = None,
    *,
    rows: Selector,
    row: str,
    service: Callable[..., Any],
    output: type[serializers.Serializer],
    input: type[serializers.Serializer] | None = None,
    method: str = "post",
    path_parameter: str | None = None,
    status: int = 200,
    shown: Shown | None = None,
) -> type[Api]:
    """POST (or PATCH: only the fields sent) to the row the path names: the service is called by the
    user with the row and the validated body, then the row is answered as it now is (read again
    through ``rows``, so what the answer shows is what the user may see)."""
    parameter = path_parameter or f"{row}_id"
    noun = row.replace("_", " ")
    partial = method == "patch"

    @extend_schema(summary=summary, description=description, request=input, responses={status: output})
    def operate(self, request: Request, **path: Any) -> Response:
        found = _found(rows, request, path[parameter], noun)
        action(request, service, input, partial=partial, **{row: found})
        return _answer(request, output, _found(rows, request, path[parameter], noun), shown, status)

    return type(f"{_camel(row)}{method.title()}Api", (Api,), {method: operate, "__module__": _caller_module()})


def _camel(name: str) -> str:
    return "".join(part.title() for part in name.split("_"))


def _caller_module() -> str:
    """The declaring app's module, so the schema and error messages name it, not this one."""
    import sys

    return sys._getframe(2).f_globals.get("__name__", __name__)
