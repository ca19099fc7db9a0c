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

import sys
from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response

from yjs.selectors import one_or_404

from .base import Api, ListApi, action, visible_row
from .filters import FieldFilterBackend
from .listing import ListWriter

Selector = Callable[..., QuerySet]
Shown = Callable[[Request, Model], Any]
Find = Callable[[Request, int], Model]  # the row the path names, among the user's: 404 otherwise
Audit = Callable[[Request, list], Any]  # records a read of the rows answered


def _found(rows: Selector, request: Request, pk: int, noun: str) -> Model:
    return one_or_404(rows(user=request.user), pk, noun)


def _where(
    rows: Selector | None, row: str, noun: str | None, find: Find | None, path_parameter: str | None
) -> tuple[str, Find]:
    """The path's parameter naming the row, and how the row is found: ``find``, else among ``rows``
    (declaring neither fails here, when the endpoint is declared, not at its first request)."""
    parameter = path_parameter or f"{row}_id"
    if find is not None:
        return parameter, find
    if rows is None:
        raise TypeError(f"The {row!r} endpoint needs rows= (the selector of the rows the user may see) or find=")
    noun = noun or row.replace("_", " ")
    return parameter, lambda request, pk: _found(rows, request, pk, noun)


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
    parameter, found = _where(rows, row, noun, find, path_parameter)

    @extend_schema(summary=summary, description=description, responses={200: output})
    def get(self, request: Request, **path: Any) -> Response:
        return _answer(request, output, found(request, path[parameter]), shown, 200)

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
    answer: Find | None = None,
    answer_result: bool = False,
    partial: bool | None = None,
) -> type[Api]:
    """POST (or PATCH: only the fields sent) to the row the path names: the service is called by the
    user with the row and the validated body, then the row is answered as it now is, found again
    (by ``answer`` where given, e.g. with more of it than the service needs). ``answer_result``:
    what the service returns instead (read again with ``answer`` where given). ``partial`` (a PATCH's
    way: only the fields sent) for a POST that takes some fields."""
    parameter, found = _where(rows, row, noun, find, path_parameter)
    partial = method == "patch" if partial is None else partial
    again = answer or found

    @extend_schema(summary=summary, description=description, request=input, responses={status: output})
    def operate(self, request: Request, **path: Any) -> Response:
        pk = path[parameter]
        made = action(request, service, input, partial=partial, **{row: found(request, pk)})
        if answer_result and answer is None:
            return _answer(request, output, made, shown, status)
        return _answer(request, output, again(request, made.pk if answer_result else pk), shown, status)

    return type(f"{_camel(row)}{method.title()}Api", (Api,), {method: operate, "__module__": _caller_module()})


def _camel(name: str) -> str:
    return "".join(part.title() for part in name.split("_"))


def _caller_module() -> str:
    """The module that declared the endpoint (the first caller outside this one), so the schema and
    error messages name it, not this one."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__") == __name__:
        frame = frame.f_back
    return frame.f_globals.get("__name__", __name__) if frame is not None else __name__


def rows_list(
    summary: str,
    description: str | None = None,
    *,
    rows: Selector,
    output: type[serializers.Serializer],
    page: ListWriter | None = None,
    base: type[ListApi] = ListApi,
    parameters: list | None = None,
    filterset: type | None = None,
    ordering: list[str] | None = None,
    audit: Audit | None = None,
) -> type[ListApi]:
    """GET a page of the rows ``rows`` gives the user, narrowed by the view's filters (``filterset``, with
    ``?ordering=`` by the fields ``ordering`` names; or ``filterset_class`` and ``ordering_fields`` set on the
    class as usual); ``page`` writes the page where the output serializer would be slow (``yjs.api.listing``);
    ``audit`` records the read of each page."""

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
    if filterset is not None:
        backends = [FieldFilterBackend] if ordering is None else [FieldFilterBackend, OrderingFilter]
        attributes |= {"filter_backends": backends, "filterset_class": filterset}
    if ordering is not None:
        attributes["ordering_fields"] = ordering
    if audit is not None:
        attributes["page_read"] = lambda self, page: audit(self.request, page)
    return type(f"{output.Meta.model.__name__}ListApi", (base,), attributes)


def row_create(
    summary: str,
    description: str | None = None,
    *,
    service: Callable[..., Any],
    input: type[serializers.Serializer],
    output: type[serializers.Serializer],
    find: Find | None = None,
    shown: Shown | None = None,
) -> type[Api]:
    """POST a new row: the service is called by the user with the validated body, and the row it
    made answered (201), read again with ``find`` where given (so it is answered as the user may
    see it)."""

    @extend_schema(summary=summary, description=description, request=input, responses={201: output})
    def post(self, request: Request) -> Response:
        made = action(request, service, input)
        return _answer(request, output, made if find is None else find(request, made.pk), shown, 201)

    return type(f"{output.Meta.model.__name__}CreateApi", (Api,), {"post": post, "__module__": _caller_module()})


def found_by(get: Callable[..., Model], key: str) -> Find:
    """The row as the app's selector of one row finds it (404 in its own words), e.g.
    ``found_by(selectors.decision_get, "decision_id")`` for ``decision_get(user=, decision_id=)``."""
    return lambda request, pk: get(user=request.user, **{key: pk})


def found_in(rows: Selector) -> Find:
    """The row among those the selector ``rows`` gives the user (``visible_row``: Django's 404 words)."""
    return lambda request, pk: visible_row(rows, request, pk)


def found_among(rows: Selector, noun: str) -> Find:
    """The row among those the selector ``rows`` gives the user (404, "No such {noun}")."""
    return lambda request, pk: _found(rows, request, pk, noun)


def reads_audited(viewed: Callable[..., Any], via: str) -> Audit:
    """An ``audit`` calling the app's service ``viewed(records=…, user=…, via=…, request=…)``, which records
    the reads of restricted cases' rows, with ``via`` naming the operation."""

    def audit(request: Request, rows: list) -> None:
        viewed(records=rows, user=request.user, via=via, request=request)

    return audit


def _one(audit: Audit | None) -> Shown | None:
    return None if audit is None else lambda request, row: audit(request, [row])


class Rows:
    """The endpoints of one kind of row, declared with what they share said once: the selector of the rows
    the user may see, how one is found, the output serializer, the keyword the services take a row by and the
    path's parameter naming it; ``audited(via)``, where given, the audit of what an endpoint answers (``via``
    naming the endpoint, e.g. ``"mappa_detail"``)."""

    def __init__(
        self,
        rows: Selector,
        find: Find,
        output: type[serializers.Serializer],
        row: str = "",
        path_parameter: str = "",
        audited: Callable[[str], Audit] | None = None,
    ) -> None:
        self.rows, self.find, self.output, self.row = rows, find, output, row
        self.path_parameter, self.audited = path_parameter, audited

    @classmethod
    def got(cls, rows: Selector, get: Callable[..., Model], output: type[serializers.Serializer], row: str) -> "Rows":
        """The rows one of which is found by the app's selector of one row, ``get(user=, {row}_id=)`` (404 in
        its own words; ``found_by``), the path naming it by ``{row}_id``."""
        return cls(rows, found_by(get, f"{row}_id"), output, row)

    def listing(self, summary: str, description: str | None = None, *, via: str | None = None, **how: Any) -> type:
        how = {"rows": self.rows, "output": self.output, "audit": self._audit(via), **how}
        return rows_list(summary, description, **how)

    def create(self, summary: str, description: str | None = None, *, via: str | None = None, **how: Any) -> type:
        how = {"find": self.find, "output": self.output, "shown": _one(self._audit(via)), **how}
        return row_create(summary, description, **how)

    def read(self, summary: str, description: str | None = None, *, via: str | None = None, **how: Any) -> type:
        """``row_read`` of the row; ``how`` may say otherwise (e.g. ``output``)."""
        return row_read(summary, description, **self._one_row(via, how))

    def action(self, summary: str, description: str | None = None, *, via: str | None = None, **how: Any) -> type:
        """``row_action`` on the row; ``how`` may say otherwise (e.g. ``output``, or ``find`` the row as the
        service takes it where the answer is found with more)."""
        return row_action(summary, description, **self._one_row(via, how))

    def _one_row(self, via: str | None, how: dict[str, Any]) -> dict[str, Any]:
        """What an endpoint on the one row the path names takes, with ``how`` (and its ``audit``) winning."""
        audit = how.pop("audit", self._audit(via))
        where = {"find": self.find, "path_parameter": self.path_parameter, "shown": _one(audit)}
        return {"output": self.output, "row": self.row, **where, **how}

    def _audit(self, via: str | None) -> Audit | None:
        return None if via is None or self.audited is None else self.audited(via)
