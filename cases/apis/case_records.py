"""What the APIs of the records kept on a case or a child share (risk's MAPPA, MARAC and safeguarding referrals,
interventions' referrals, reparation, restorative justice and victim safety plans, family's records, court's
custody spells, orders, breaches and panels): the ``?case=`` filter, the output fields of a case record and of a
record on a child, the inputs every such record takes, and the views of each kind declared once::

    record_kind = record_kinds(audited)  # the app's audit of reads of restricted cases' rows
    MAPPA = record_kind(selectors.mappa_list, selectors.mappa_get, MappaOutputSerializer, "mappa")
    MAPPA_VIEWS = record_views(
        MAPPA, "a MAPPA record", "MAPPA records", via="mappa",
        record=Operation(services.mappa_record, MappaCreateInputSerializer, "Record a case's MAPPA ..."),
        change=Operation(services.mappa_update, MappaUpdateInputSerializer, "Change a MAPPA record"),
    )
    urlpatterns = MAPPA_VIEWS.paths("mappa", "mappa")

gives ``MappaListCreateApi`` (GET "List MAPPA records", POST) on ``mappa/`` and ``MappaDetailApi`` (GET "A MAPPA
record", PATCH) on ``mappa/<int:mappa_id>/``, described as the views of every kind of record are."""

import sys
from collections.abc import Callable
from typing import Any, NamedTuple

from django.db.models import Model, QuerySet
from django.urls import URLPattern
from django.views import View
from django_filters import rest_framework as filters
from rest_framework import serializers

from cases.filters import CaseRecordFilter
from cases.models import Case
from yjs.api.endpoints import Audit, Rows, Selector, found_by
from yjs.api.fields import VisibleRelatedField
from yjs.api.filters import IdFilter
from yjs.api.routes import row_paths
from yjs.validators import happened_after_yjs_began

from .base import id_output, model_input, name_output

RECORD_ON_CHILD_FIELDS = ["id", "child", "child_name", "recorded_by", "recorded_by_name", "recorded_at"]
RECORD_FIELDS = ["id", "case", "child", "child_name", "recorded_by", "recorded_by_name", "recorded_at"]


# A record kept about a child (family's, a hearing, a social care status): whose it is, who recorded it. (No
# docstring: the schema would give it as the description of every serializer built on it.)
class RecordOnChildOutputSerializer(serializers.ModelSerializer):
    child = id_output("child_id")
    child_name = name_output("child")
    recorded_by = id_output("recorded_by_id")
    recorded_by_name = name_output("recorded_by")


# Anything of a case's: the case, and its child. (No docstring, as above.)
class OnCaseOutputSerializer(serializers.ModelSerializer):
    case = id_output("case_id")
    child = id_output("case.child_id")
    child_name = name_output("case.child")


# A record kept on a case: the case, its child, who recorded it (the case's child, not the record's own).
class CaseRecordOutputSerializer(OnCaseOutputSerializer, RecordOnChildOutputSerializer):
    pass


class RecordOnChildFilter(filters.FilterSet):
    """``?child=<id>``: narrows what the selector allowed, never widens it."""

    child = IdFilter(field_name="child__id", label="Child id")


def on_day(label: str, **how) -> filters.DateFilter:
    """``?on=YYYY-MM-DD``: the records of that day (``field_name``), or as they stood on it (``method``)."""
    return filters.DateFilter(
        label=label, error_messages={"invalid": "The date must be a real date, in the format YYYY-MM-DD"}, **how
    )


def case_record_filter(record_model: type[Model]) -> type[filters.FilterSet]:
    """``?case=<id>``: narrows what the selector allowed, never widens it."""
    meta = type("Meta", (), {"model": record_model, "fields": ["case"]})
    return type(f"{record_model.__name__}Filter", (CaseRecordFilter,), {"Meta": meta, "__module__": __name__})


def case_input(visible: Callable[..., QuerySet[Case]]) -> Callable[..., VisibleRelatedField]:
    """The ``case`` input of an app whose ``visible`` cases (its permissions) a record may be added to."""

    def visible_case_input(**kwargs) -> VisibleRelatedField:
        return VisibleRelatedField(model=Case, visible=visible, label="case", **kwargs)

    return visible_case_input


def past_date(model: type[Model], name: str, label: str, **kwargs) -> serializers.Field:
    """A date of something that has happened (the service refuses one in the future in its own words)."""
    return model_input(model, name, label, bounds=happened_after_yjs_began, **kwargs)


# --- The views of a kind of record ---------------------------------------------------------------------------


class Operation(NamedTuple):
    """What one operation on a kind of record does and says: the service it calls with the validated ``input``,
    and its summary and description in the schema."""

    service: Callable[..., Any]
    input: type[serializers.Serializer]
    summary: str
    description: str | None = None


def record_kinds(audited: Callable[[str], Audit]) -> Callable[..., Rows]:
    """How an app declares the ``Rows`` of each kind of record it keeps, the reads of a restricted case's rows
    ``audited``: ``kind(rows, get, output, row, path_parameter)``, a record found among those the user may see by the
    app's selector of one (``get``, taking ``{row}_id``; 404 in its own words), named in the path by
    ``path_parameter`` (``{row}_id`` unless it says otherwise)."""

    def kind(rows: Selector, get: Callable[..., Model], output: type, row: str, path_parameter: str = "") -> Rows:
        return Rows(rows, found_by(get, f"{row}_id"), output, row, path_parameter or f"{row}_id", audited)

    return kind


class RecordViews(NamedTuple):
    """The list (and record) view and the detail view of a kind of record, and the path's parameter naming one."""

    list: type
    detail: type
    parameter: str

    def paths(self, plural: str, row: str, **actions: type[View]) -> list[URLPattern]:
        """Its paths, named as ``row_paths`` names them; ``actions`` the views of the operations on one record."""
        return row_paths(plural, row, list=self.list, detail=self.detail, actions=actions, parameter=self.parameter)


def record_list_view(
    kind: Rows,
    many: str,
    *,
    via: str,
    record: Operation,
    filterset: type[filters.FilterSet] | None = None,
    listed: str | None = None,
    made: str = "record one",
    name: str = "",
) -> type:
    """``{name}ListCreateApi`` (``name`` by default that of the kind's output, ``MappaOutputSerializer``: ``Mappa``):
    the list of ``many`` ("MAPPA records": "List MAPPA records", ``listed`` its description), narrowed by
    ``filterset`` (by default ``?case=``), each read of a restricted case's rows audited as ``{via}_list``; and the
    ``record`` of a new one. The view's description, the schema's for an operation with none of its own, is "MAPPA
    records: list them, or record one" (``made`` the last words)."""
    filterset = filterset or case_record_filter(kind.output.Meta.model)
    return type(
        f"{name or _named(kind)}ListCreateApi",
        (
            kind.listing(f"List {many}", listed, filterset=filterset, via=f"{via}_list"),
            kind.create(record.summary, record.description, service=record.service, input=record.input),
        ),
        {"__doc__": f"{_capital(many)}: list them, or {made}.", "__module__": sys._getframe(1).f_globals["__name__"]},
    )


def record_detail_view(
    kind: Rows,
    one: str,
    *,
    via: str,
    change: Operation | None = None,
    changed: str = "read it, or change the fields sent",
    name: str = "",
) -> type:
    """``{name}DetailApi``: the read of a record (``one``: "A MAPPA record", audited as ``via``) and the ``change`` of
    the fields sent, described as "A MAPPA record: read it, or change the fields sent" (``changed`` the last words).
    Without a ``change``, the read alone (described by nothing more)."""
    module = sys._getframe(1).f_globals["__name__"]
    read = kind.read(_capital(one), via=via)
    if change is None:
        read.__module__ = module
        return read
    patch = kind.action(change.summary, change.description, service=change.service, input=change.input, method="patch")
    attributes = {"__doc__": f"{_capital(one)}: {changed}.", "__module__": module}
    return type(f"{name or _named(kind)}DetailApi", (read, patch), attributes)


def record_views(
    kind: Rows,
    one: str,
    many: str,
    *,
    via: str,
    change: Operation | None = None,
    changed: str = "read it, or change the fields sent",
    read_via: str | None = None,
    name: str = "",
    **listing: Any,
) -> RecordViews:
    """The two views of a kind of record: ``record_list_view``'s (with ``listing``) and ``record_detail_view``'s,
    the read audited as ``read_via`` or ``{via}_detail``."""
    module = sys._getframe(1).f_globals["__name__"]
    listed = record_list_view(kind, many, via=via, name=name, **listing)
    detail = record_detail_view(kind, one, via=read_via or f"{via}_detail", change=change, changed=changed, name=name)
    listed.__module__ = detail.__module__ = module
    return RecordViews(listed, detail, kind.path_parameter)


def _named(kind: Rows) -> str:
    return kind.output.__name__.removesuffix("OutputSerializer")


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]
