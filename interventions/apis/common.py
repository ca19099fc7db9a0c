"""What the interventions API's views share: the ``?case=`` filter, the output fields of a case
record, and the audit of reads of restricted cases' rows."""

from django_filters import rest_framework as filters
from rest_framework import serializers
from rest_framework.request import Request

from cases.apis.base import id_output, model_input, name_output
from cases.models import Case
from yjs.api.base import ListApi
from yjs.api.fields import VisibleRelatedField
from yjs.api.filters import FieldFilterBackend, IdFilter
from yjs.validators import happened_after_yjs_began

from .. import permissions
from ..services.common import intervention_records_viewed


def visible_case_input(**kwargs) -> VisibleRelatedField:
    return VisibleRelatedField(model=Case, visible=permissions.visible_cases, label="case", **kwargs)


def past_date(model, name: str, label: str, **kwargs):
    """A date of something that has happened (the service refuses one in the future in its own words)."""
    return model_input(model, name, label, bounds=happened_after_yjs_began, **kwargs)


class CaseRecordFilter(filters.FilterSet):
    """``?case=<id>``: narrows what the selector allowed, never widens it."""

    case = IdFilter(field_name="case__id", label="Case id")


def case_record_filter(record_model) -> type[filters.FilterSet]:
    meta = type("Meta", (), {"model": record_model, "fields": ["case"]})
    return type(f"{record_model.__name__}Filter", (CaseRecordFilter,), {"Meta": meta, "__module__": __name__})


class CaseRecordListApi(ListApi):
    """A list of case records: the reads of restricted cases' rows are audited."""

    filter_backends = [FieldFilterBackend]
    read_via = ""

    def page_read(self, page: list) -> None:
        intervention_records_viewed(records=page, user=self.request.user, via=self.read_via, request=self.request)


def shown(request: Request, row, via: str):
    intervention_records_viewed(records=[row], user=request.user, via=via, request=request)
    return row


RECORD_FIELDS = ["id", "case", "child", "child_name", "recorded_by", "recorded_by_name", "recorded_at"]


class CaseRecordOutputSerializer(serializers.ModelSerializer):
    case = id_output("case_id")
    child = id_output("case.child_id")
    child_name = name_output("case.child")
    recorded_by = id_output("recorded_by_id")
    recorded_by_name = name_output("recorded_by")
