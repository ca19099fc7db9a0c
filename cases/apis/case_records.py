"""What the APIs of the records kept on a case share (risk's MAPPA, MARAC and safeguarding referrals,
interventions' referrals, reparation, restorative justice and victim safety plans): the ``?case=``
filter, the output fields of a case record and the inputs every such record takes."""

from collections.abc import Callable

from django.db.models import Model, QuerySet
from django_filters import rest_framework as filters
from rest_framework import serializers

from cases.filters import CaseRecordFilter
from cases.models import Case
from yjs.api.fields import VisibleRelatedField
from yjs.validators import happened_after_yjs_began

from .base import id_output, model_input, name_output

RECORD_FIELDS = ["id", "case", "child", "child_name", "recorded_by", "recorded_by_name", "recorded_at"]


class CaseRecordOutputSerializer(serializers.ModelSerializer):
    case = id_output("case_id")
    child = id_output("case.child_id")
    child_name = name_output("case.child")
    recorded_by = id_output("recorded_by_id")
    recorded_by_name = name_output("recorded_by")


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
