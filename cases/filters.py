"""Query-string filters of the cases API. They narrow what a selector already allowed;
they never widen it, so an id of a row the user may not see just matches nothing."""

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from yjs.api.filters import IdFilter

from . import selectors
from .models import Assessment, Case, CaseTransfer, Child, Contact, Flag, Plan, Review, Victim


class ChildFilter(filters.FilterSet):
    class Meta:
        model = Child
        fields = ["looked_after", "known_to_yjs"]


class CaseRecordFilter(filters.FilterSet):
    """Rows that belong to a case: ``?case=<id>``."""

    case = IdFilter(field_name="case__id", label="Case id")


class CaseFilter(filters.FilterSet):
    child = IdFilter(field_name="child__id", label="Child id")
    team = IdFilter(field_name="team__id", label="Team id")
    allocated_to = IdFilter(field_name="allocated_to__id", label="Allocated case worker's user id")

    class Meta:
        model = Case
        fields = ["case_type", "status", "restricted"]


class AssessmentFilter(CaseRecordFilter):
    overdue = filters.BooleanFilter(method="filter_overdue", label="Overdue (not completed by its due date)")
    awaiting_countersignature = filters.BooleanFilter(
        method="filter_awaiting_countersignature", label="Completed and not yet countersigned"
    )

    class Meta:
        model = Assessment
        fields = ["case", "assessment_type"]

    @extend_schema_field(OpenApiTypes.BOOL)
    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        return _keep_or_drop(queryset, selectors.overdue_assessments(queryset), value)

    @extend_schema_field(OpenApiTypes.BOOL)
    def filter_awaiting_countersignature(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        return _keep_or_drop(queryset, selectors.awaiting_countersignature(queryset), value)


def _keep_or_drop(queryset: QuerySet, matching: QuerySet, value: bool | None) -> QuerySet:
    if value is None:
        return queryset
    if value:
        return matching
    return queryset.exclude(pk__in=matching.values("pk"))


class VictimFilter(CaseRecordFilter):
    class Meta:
        model = Victim
        fields = ["case"]


class PlanFilter(CaseRecordFilter):
    class Meta:
        model = Plan
        fields = ["case"]


class ReviewFilter(CaseRecordFilter):
    completed = filters.BooleanFilter(field_name="completed_date", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Review
        fields = ["case", "trigger"]


class ContactFilter(CaseRecordFilter):
    class Meta:
        model = Contact
        fields = ["case", "contact_type", "attendance"]


class CaseTransferFilter(CaseRecordFilter):
    class Meta:
        model = CaseTransfer
        fields = ["case"]


class FlagFilter(filters.FilterSet):
    child = IdFilter(field_name="child__id", label="Child id")
    case = IdFilter(field_name="case__id", label="Case id")
    active = filters.BooleanFilter(field_name="removed_at", lookup_expr="isnull", label="Not removed")

    class Meta:
        model = Flag
        fields = ["child", "case", "flag_type", "active"]
