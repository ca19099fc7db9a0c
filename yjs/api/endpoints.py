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

Where an app finds its rows another way: ``noun`` names the row in "No such {noun}";
``find(rows, request, pk)`` finds it instead, e.g. ``find=visible_row`` (Django's "No …
matches the given query") or ``find=got(selectors.decision_get, "decision_id")`` (the app's own
selector of one row; ``rows`` is then not needed). ``answer="result"`` answers what the service
returns (a new row, or the row it gives back) rather than reading the row again; a ``find`` as
``answer`` reads it again that way. What all the operations on one kind of row share is bound
once with ``functools.partial(row_action, row=..., find=..., output=...)``.

A factory's class has no docstring of its own, so an operation without a ``description`` is
described as before by the first docstring of the view's bases (the schema is unchanged).

``rows_list`` and ``row_create`` declare the other common pair: the list of the rows a selector
gives the user, and the create beside it on the same path.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from yjs.selectors import one_or_404

from .base import Api, ListApi, action, visible_row
from .listing import ListWriter

Selector = Callable[..., QuerySet]
Shown = Callable[[Request, Model], Any]
Find = Callable[[Selector, Request, int], Model]


def _found(rows: Selector, request: Request, pk: int, noun: str) -> Model:
    return one_or_404(rows(user=request.user), pk, noun)


def _finder(row: str, noun: str | None, find: Find | None) -> Find:
    if find is not None:
        return find
    noun = noun or row.replace("_", " ")
    return lambda rows, request, pk: _found(rows, request, pk, noun)


def _answer(request: Request, output: type[serializers.Serializer], row: Model, shown: Shown | None, status: int):
    if shown is not None:
        shown(request, row)
    return Response(output(row, context={"request": request}).data, status=status)


def row_read(
    summary: str,
    description: str | None = None,
    *,
    rows: Selector | None = None,
    row: str,
    output: type[serializers.Serializer],
    path_parameter: str | None = None,
    shown: Shown | None = None,
    noun: str | None = None,
    find: Find | None = None,
) -> type[Api]:
    """GET one row the user may see."""
    parameter = path_parameter or f"{row}_id"
    found = _finder(row, noun, find)

    @extend_schema(summary=summary, description=description, responses={200: output})
    def get(self, request: Request, **path: Any) -> Response:
        return _answer(request, output, found(rows, request, path[parameter]), shown, 200)

    return type(f"{_camel(row)}ReadApi", (Api,), {"get": get, "__module__": _caller_module()})


def row_action(
    summary: str,
    description: str | None = None,
    *,
    rows: Selector | None = None,
    row: str,
    service: Callable[..., Any],
    output: type[serializers.Serializer],
    input: type[serializers.Serializer] | None = None,
    method: str = "post",
    path_parameter: str | None = None,
    status: int = 200,
    shown: Shown | None = None,
    noun: str | None = None,
    find: Find | None = None,
    answer: str | Find = "row",
) -> type[Api]:
    """POST (or PATCH: only the fields sent) to the row the path names: the service is called by the
    user with the row and the validated body, then the row is answered as it now is (read again
    through ``rows``, so what the answer shows is what the user may see; ``answer="result"``: what
    the service returns; a ``find`` as ``answer``: the row read again that way)."""
    parameter = path_parameter or f"{row}_id"
    partial = method == "patch"
    found = _finder(row, noun, find)

    @extend_schema(summary=summary, description=description, request=input, responses={status: output})
    def operate(self, request: Request, **path: Any) -> Response:
        result = action(request, service, input, partial=partial, **{row: found(rows, request, path[parameter])})
        if answer == "result":
            answered = result
        else:
            answered = (found if answer == "row" else answer)(rows, request, path[parameter])
        return _answer(request, output, answered, shown, status)

    return type(f"{_camel(row)}{method.title()}Api", (Api,), {method: operate, "__module__": _caller_module()})


def _camel(name: str) -> str:
    return "".join(part.title() for part in name.split("_"))


def _caller_module() -> str:
    """The declaring app's module, so the schema and error messages name it, not this one."""
    import sys

    return sys._getframe(2).f_globals.get("__name__", __name__)


def rows_list(
    summary: str,
    description: str | None = None,
    *,
    rows: Selector,
    output: type[serializers.Serializer],
    page: ListWriter | None = None,
    base: type[ListApi] = ListApi,
    parameters: list | None = None,
) -> type[ListApi]:
    """GET a page of the rows ``rows`` gives the user, narrowed by the view's filters (its
    ``filterset_class`` and ``ordering_fields``, set on the class as usual); ``page`` writes the
    page where the output serializer would be slow (``yjs.api.listing``)."""

    def get_queryset(self) -> QuerySet:
        return rows(user=self.request.user)

    @extend_schema(summary=summary, description=description, parameters=parameters, responses=output(many=True))
    def get(self, request: Request) -> Response:
        return self.listed(page or output)

    attributes = {
        "queryset": output.Meta.model.objects.none(),  # the schema's and the filters' hint
        "get_queryset": get_queryset,
        "get": get,
        "__module__": _caller_module(),
    }
    return type(f"{output.Meta.model.__name__}ListApi", (base,), attributes)


def row_create(
    summary: str,
    description: str | None = None,
    *,
    service: Callable[..., Any],
    input: type[serializers.Serializer],
    output: type[serializers.Serializer],
    rows: Selector | None = None,
    noun: str | None = None,
    find: Find | None = None,
) -> type[Api]:
    """POST a new row: the service is called by the user with the validated body, and the row it
    makes answered (201): read again through ``rows`` where given, as the user may see it (found
    as ``row_action`` finds a row: ``noun`` or ``find``; Django's way, ``visible_row``, by default)."""
    found = find or (_finder("", noun, None) if noun else visible_row)
    reread = rows is not None or find is not None

    @extend_schema(summary=summary, description=description, request=input, responses={201: output})
    def post(self, request: Request) -> Response:
        made = action(request, service, input)
        return _answer(request, output, found(rows, request, made.pk) if reread else made, None, 201)

    name = f"{output.Meta.model.__name__}CreateApi"
    return type(name, (Api,), {"post": post, "__module__": _caller_module()})


def got(getter: Callable[..., Model], keyword: str) -> Find:
    """A ``find`` that gets the row with the app's selector of one row (404 its own way), e.g.
    ``got(selectors.decision_get, "decision_id")`` for ``decision_get(user=, decision_id=)``."""
    return lambda rows, request, pk: getter(user=request.user, **{keyword: pk})
