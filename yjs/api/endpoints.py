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


# --- Rows found by the app's own selector of one; a list and its create ---------------------------------
#
# Where an app has a selector of one row (``mappa_get(user=…, mappa_id=…)``) it answers 404 in its own
# words ("No such MAPPA record"); ``found_by`` keeps them. ``audit(request, rows)``, where given, is
# called with the rows answered (a page of a list, or the one row) to record a read of restricted ones.

Find = Callable[[Request, int], Model]
Audit = Callable[[Request, list], Any]


def found_by(get: Callable[..., Model], key: str) -> Find:
    """The row ``pk`` as the selector ``get(user=…, <key>=pk)`` finds it among the user's (404 otherwise)."""

    def find(request: Request, pk: int) -> Model:
        return get(user=request.user, **{key: pk})

    return find


def found_in(rows: Selector) -> Find:
    """The row ``pk`` among those the selector ``rows`` gives the user (``visible_row``: 404 otherwise)."""
    from .base import visible_row

    def find(request: Request, pk: int) -> Model:
        return visible_row(rows, request, pk)

    return find


def one_read(
    summary: str,
    description: str | None = None,
    *,
    find: Find,
    output: type[serializers.Serializer],
    path_parameter: str,
    audit: Audit | None = None,
) -> type[Api]:
    """GET the row the path names."""

    @extend_schema(summary=summary, description=description, responses={200: output})
    def get(self, request: Request, **path: Any) -> Response:
        return _answer(request, output, find(request, path[path_parameter]), _one(audit), 200)

    return type("OneReadApi", (Api,), {"get": get, "__module__": _declarer()})


def one_action(
    summary: str,
    description: str | None = None,
    *,
    find: Find,
    row: str,
    service: Callable[..., Any],
    output: type[serializers.Serializer],
    path_parameter: str,
    input: type[serializers.Serializer] | None = None,
    method: str = "post",
    status: int = 200,
    answer: Find | None = None,
    answer_result: bool = False,
    partial: bool | None = None,
    audit: Audit | None = None,
) -> type[Api]:
    """POST (or PATCH: only the fields sent) to the row the path names, as ``row_action``; answers the row
    found again (by ``answer`` where given, e.g. with more of it than the service needs), or with
    ``answer_result`` what the service made (e.g. a session added to the row; read with ``answer`` where
    given). ``partial`` (a PATCH's way: only the fields sent) for a POST that takes some fields."""
    partial = method == "patch" if partial is None else partial
    again = answer or find

    @extend_schema(summary=summary, description=description, request=input, responses={status: output})
    def operate(self, request: Request, **path: Any) -> Response:
        pk = path[path_parameter]
        made = action(request, service, input, partial=partial, **{row: find(request, pk)})
        if answer_result and answer is None:
            return _answer(request, output, made, _one(audit), status)
        return _answer(request, output, again(request, made.pk if answer_result else pk), _one(audit), status)

    return type(f"One{method.title()}Api", (Api,), {method: operate, "__module__": _declarer()})


def rows_list(
    summary: str,
    description: str | None = None,
    *,
    rows: Selector,
    output: type[serializers.Serializer],
    filterset: type | None = None,
    audit: Audit | None = None,
) -> type:
    """GET a page of the rows the selector ``rows`` gives the user (a ``ListApi``), narrowed by ``filterset``."""
    from .base import ListApi
    from .filters import FieldFilterBackend

    @extend_schema(summary=summary, description=description, responses=output(many=True))
    def get(self, request: Request) -> Response:
        return self.listed(output)

    attributes = {
        "get": get,
        "get_queryset": lambda self: rows(user=self.request.user),
        "queryset": output.Meta.model.objects.none(),
        "__module__": _declarer(),
    }
    if filterset is not None:
        attributes |= {"filter_backends": [FieldFilterBackend], "filterset_class": filterset}
    if audit is not None:
        attributes["page_read"] = lambda self, page: audit(self.request, page)
    return type("RowsListApi", (ListApi,), attributes)


def row_create(
    summary: str,
    description: str | None = None,
    *,
    service: Callable[..., Any],
    input: type[serializers.Serializer],
    output: type[serializers.Serializer],
    find: Find | None = None,
    audit: Audit | None = None,
) -> type[Api]:
    """POST a new row: the service is called by the user with the validated body, and the row it made
    answered (201), read again with ``find`` where given (so it is answered as the user may see it)."""

    @extend_schema(summary=summary, description=description, request=input, responses={201: output})
    def post(self, request: Request) -> Response:
        made = action(request, service, input)
        return _answer(request, output, made if find is None else find(request, made.pk), _one(audit), 201)

    return type("RowCreateApi", (Api,), {"post": post, "__module__": _declarer()})


def _one(audit: Audit | None) -> Shown | None:
    return None if audit is None else lambda request, row: audit(request, [row])


def reads_audited(viewed: Callable[..., Any], via: str) -> Audit:
    """An ``audit`` calling the app's service ``viewed(records=…, user=…, via=…, request=…)``, which records
    the reads of restricted cases' rows, with ``via`` naming the operation."""

    def audit(request: Request, rows: list) -> None:
        viewed(records=rows, user=request.user, via=via, request=request)

    return audit


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

    def listing(self, summary: str, description: str | None = None, *, via: str | None = None, **how: Any) -> type:
        how = {"rows": self.rows, "output": self.output, "audit": self._audit(via), **how}
        return rows_list(summary, description, **how)

    def create(self, summary: str, description: str | None = None, *, via: str | None = None, **how: Any) -> type:
        how = {"find": self.find, "output": self.output, "audit": self._audit(via), **how}
        return row_create(summary, description, **how)

    def read(self, summary: str, description: str | None = None, *, via: str | None = None) -> type[Api]:
        where = {"find": self.find, "output": self.output, "path_parameter": self.path_parameter}
        return one_read(summary, description, audit=self._audit(via), **where)

    def action(self, summary: str, description: str | None = None, *, via: str | None = None, **how: Any) -> type:
        """``one_action`` on the row; ``how`` may say otherwise (e.g. ``output``, or ``find`` the row as the
        service takes it where the answer is found with more)."""
        where = {"find": self.find, "path_parameter": self.path_parameter, "audit": self._audit(via)}
        how = {"output": self.output, "row": self.row, **where, **how}
        return one_action(summary, description, **how)

    def _audit(self, via: str | None) -> Audit | None:
        return None if via is None or self.audited is None else self.audited(via)


def _declarer() -> str:
    """The module that declared the endpoint (the first caller outside this one), which the schema names."""
    import sys

    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__") == __name__:
        frame = frame.f_back
    return frame.f_globals.get("__name__", __name__) if frame is not None else __name__
