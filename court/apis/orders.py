"""The court API of orders, requirements and breach proceedings (DESIGN.md §7, §10): orders/ (``?case=``;
PATCH corrects one, ``…/end/`` records its end), requirements/ (``?order=``, ``?case=``; the detail
lists the progress, ``…/progress/`` adds to it, ``…/complete/`` completes one by hand) and breaches/
(``?case=``, ``?order=``; ``…/outcome/`` records the court's outcome).

Every row is a case record: listed for the cases the user may read (another team's restricted case
not at all: 404), each read of a restricted case's rows audited; written through
``court.services.orders`` by those who work on the case (403 otherwise, 400 naming each field a
rule refuses).
"""

from decimal import Decimal

from django_filters import rest_framework as filters
from rest_framework import serializers
from rest_framework.request import Request

from cases import services as case_services
from cases.apis.base import id_output, model_input, name_output
from cases.apis.case_records import RECORD_FIELDS, CaseRecordOutputSerializer, Operation, past_date, record_views
from cases.models import Case, Contact
from yjs.api.base import visible_row
from yjs.api.endpoints import Audit, Rows, found_in, row_action
from yjs.api.fields import VisibleRelatedField, list_input, optional_text
from yjs.api.filters import IdFilter
from yjs.api.routes import row_paths
from yjs.validators import planned_for

from .. import permissions
from ..models import BreachProceedings, Hearing, Order, Requirement, RequirementProgress
from ..selectors import orders as selectors
from ..services import orders as services
from .common import ORDER_RECORD_FIELDS, OrderRecordOutputSerializer, visible_case_input

# --- Input fields -------------------------------------------------------------------------------------


def visible_order_input(**kwargs) -> VisibleRelatedField:
    return VisibleRelatedField(
        model=Order, visible=lambda user: selectors.order_list(user=user), label="order", **kwargs
    )


def visible_hearing_input(**kwargs) -> VisibleRelatedField:
    """A hearing of a child the user may see (the service checks it is the case's child's)."""
    return VisibleRelatedField(
        model=Hearing,
        visible=lambda user: Hearing.objects.filter(child__in=permissions.visible_children(user)),
        label="hearing",
        required=False,
        allow_null=True,
        **kwargs,
    )


def visible_contact_input() -> VisibleRelatedField:
    return VisibleRelatedField(
        model=Contact,
        visible=lambda user: Contact.objects.filter(case__in=permissions.visible_cases(user).values("pk")),
        label="contact",
    )


def whole_number(label: str, low: int, high: int, **kwargs) -> serializers.IntegerField:
    message = f"Enter the {label} as a whole number from {low} to {high}"
    return serializers.IntegerField(
        min_value=low,
        max_value=high,
        error_messages=dict.fromkeys(
            ("required", "invalid", "min_value", "max_value", "null", "max_string_length"), message
        ),
        **kwargs,
    )


def hours_input(label: str, **kwargs) -> serializers.DecimalField:
    message = f"Enter the {label} as a number, like 2 or 2.5"
    return serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=Decimal(0),
        coerce_to_string=False,
        error_messages=dict.fromkeys(
            (
                "invalid",
                "min_value",
                "max_value",
                "max_digits",
                "max_decimal_places",
                "max_whole_digits",
                "max_string_length",
            ),
            message,
        )
        | {"max_decimal_places": f"Enter the {label} to at most 2 decimal places, like 2.5"},
        **kwargs,
    )


SMALL = 32_767  # the most a positive small integer holds


class CaseRecordFilter(filters.FilterSet):
    """``?case=<id>``: narrows what the selector allowed, never widens it."""

    case = IdFilter(field_name="order__case__id", label="Case id")
    order = IdFilter(field_name="order__id", label="Order id")


def _case_of(row) -> Case:
    return row if isinstance(row, Case) else (row.case if isinstance(row, Order) else row.order.case)


def _audited(request: Request, rows, via: str) -> None:
    """Showing rows of restricted cases: a sensitive read of each such case."""
    case_services.restricted_case_records_viewed(
        records=[_case_of(row) for row in rows], user=request.user, via=via, request=request
    )


def audited(via: str) -> Audit:
    return lambda request, rows: _audited(request, rows, via)


# --- Orders ---------------------------------------------------------------------------------------------


class OrderOutputSerializer(CaseRecordOutputSerializer):
    order_type_display = serializers.CharField(source="get_order_type_display", read_only=True)
    outcome_display = serializers.CharField(source="get_outcome_display", read_only=True)
    hearing = id_output("hearing_id", allow_null=True)

    class Meta:
        model = Order
        fields = [
            *RECORD_FIELDS,
            "order_type",
            "order_type_display",
            "court",
            "made_on",
            "length_months",
            "ends_on",
            "hearing",
            "outcome",
            "outcome_display",
            "ended_on",
        ]


class OrderUpdateInputSerializer(serializers.Serializer):
    court = model_input(Order, "court", "court that made the order")
    made_on = past_date(Order, "made_on", "date the order was made")
    length_months = whole_number("length of the order in months", *services.LENGTH_MONTHS)
    ends_on = model_input(Order, "ends_on", "date the order ends", bounds=planned_for)
    hearing = visible_hearing_input()


class OrderCreateInputSerializer(OrderUpdateInputSerializer):
    case = visible_case_input()
    order_type = model_input(Order, "order_type", "type of order")
    ends_on = model_input(
        Order, "ends_on", "date the order ends", bounds=planned_for, required=False, allow_null=True, default=None
    )


class OrderFilter(filters.FilterSet):
    case = IdFilter(field_name="case__id", label="Case id")

    class Meta:
        model = Order
        fields = ["case", "order_type", "outcome"]


ORDERS = Rows(selectors.order_list, found_in(selectors.order_list), OrderOutputSerializer, "order", "order_id", audited)


ORDER_VIEWS = record_views(
    ORDERS,
    "a court order",
    "court orders",
    via="court_order",
    filterset=OrderFilter,
    record=Operation(
        services.order_record,
        OrderCreateInputSerializer,
        "Record a court order case's order",
        "One a case, of the case's type (`referral_order`, `youth_rehabilitation_order`, "
        "`detention_and_training_order`; another case has no order: 400 on `case`). `ends_on` is by default "
        "`length_months` after `made_on`, and must agree with the case's order end date (which it sets when the "
        "case has none). A referral order's initial panel is scheduled at once, due 20 working days after it was "
        "made.",
    ),
    change=Operation(
        services.order_update,
        OrderUpdateInputSerializer,
        "Correct a court order",
        "Only the fields given change; a required one cannot be emptied, and `ends_on` must still "
        "agree with the case's order end date.",
    ),
    changed="read it, or correct the fields sent",
)


class OrderEndInputSerializer(serializers.Serializer):
    outcome = model_input(Order, "outcome", "how the order ended", required=True, allow_blank=False)
    ended_on = past_date(Order, "ended_on", "date the order ended", required=True, allow_null=False)


OrderEndApi = row_action(
    "Record how and when a court order ended",
    "`outcome`: `completed` (successfully), `revoked_breach`, `revoked_new_offence` or `revoked_other`. Its "
    "requirements still active end with it.",
    rows=selectors.order_list,
    row="order",
    service=services.order_end,
    input=OrderEndInputSerializer,
    output=OrderOutputSerializer,
)


# --- Requirements ------------------------------------------------------------------------------------------


class ProgressOutputSerializer(serializers.ModelSerializer):
    hours = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False, allow_null=True)
    recorded_by = id_output("recorded_by_id")
    recorded_by_name = name_output("recorded_by")

    class Meta:
        model = RequirementProgress
        fields = ["id", "done_on", "hours", "days", "note", "recorded_by", "recorded_by_name", "recorded_at"]


class RequirementOutputSerializer(OrderRecordOutputSerializer):
    requirement_type_display = serializers.CharField(source="get_requirement_type_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    hours_done = serializers.DecimalField(max_digits=7, decimal_places=2, coerce_to_string=False, read_only=True)
    hours_remaining = serializers.SerializerMethodField()
    days_done = serializers.IntegerField(read_only=True)
    days_remaining = serializers.SerializerMethodField()
    recorded_by = id_output("recorded_by_id")
    recorded_by_name = name_output("recorded_by")

    class Meta:
        model = Requirement
        fields = [
            *ORDER_RECORD_FIELDS,
            "requirement_type",
            "requirement_type_display",
            "starts_on",
            "ends_on",
            "hours_ordered",
            "hours_done",
            "hours_remaining",
            "days_ordered",
            "days_done",
            "days_remaining",
            "details",
            "status",
            "status_display",
            "completed_on",
            "recorded_by",
            "recorded_by_name",
            "recorded_at",
        ]

    def get_hours_remaining(self, requirement: Requirement) -> float | None:
        remaining = selectors.hours_remaining(requirement)
        return None if remaining is None else float(remaining)

    def get_days_remaining(self, requirement: Requirement) -> int | None:
        return selectors.days_remaining(requirement)


class RequirementDetailOutputSerializer(RequirementOutputSerializer):
    progress = ProgressOutputSerializer(many=True, source="progress_shown")

    class Meta(RequirementOutputSerializer.Meta):
        fields = [*RequirementOutputSerializer.Meta.fields, "progress"]


class RequirementCreateInputSerializer(serializers.Serializer):
    order = visible_order_input()
    requirement_type = model_input(Requirement, "requirement_type", "type of requirement")
    starts_on = model_input(Requirement, "starts_on", "date the requirement starts", bounds=planned_for)
    ends_on = model_input(Requirement, "ends_on", "date the requirement ends", bounds=planned_for, default=None)
    hours_ordered = whole_number("hours ordered", 1, SMALL, required=False, allow_null=True, default=None)
    days_ordered = whole_number("days ordered", 1, SMALL, required=False, allow_null=True, default=None)
    details = optional_text("details of the requirement")


class RequirementFilter(CaseRecordFilter):
    class Meta:
        model = Requirement
        fields = ["case", "order", "requirement_type", "status"]


def _requirement_shown(request: Request, requirement_id: int) -> Requirement:
    requirement = visible_row(selectors.requirement_list, request, requirement_id)
    requirement.progress_shown = selectors.progress_of(requirement)
    return requirement


# Shown with its progress; the services are given it without.
REQUIREMENTS = Rows(
    selectors.requirement_list,
    _requirement_shown,
    RequirementDetailOutputSerializer,
    "requirement",
    "requirement_id",
    audited,
)


class RequirementListCreateApi(
    REQUIREMENTS.listing(
        "List the requirements of youth rehabilitation orders",
        "Each with the hours or days ordered, done and remaining.",
        output=RequirementOutputSerializer,
        filterset=RequirementFilter,
        via="court_requirement_list",
    ),
    REQUIREMENTS.create(
        "Add a requirement to a youth rehabilitation order",
        "Refused with the reason (400 on `requirement_type`) when the child's age on the day the order "
        "was made does not allow it: unpaid work is for 16- and 17-year-olds, from 40 to 240 `hours_ordered`. "
        "Another order takes no requirements (400 on `order`).",
        service=services.requirement_add,
        input=RequirementCreateInputSerializer,
    ),
):
    """The requirements of youth rehabilitation orders: list them, or add one."""


RequirementDetailApi = REQUIREMENTS.read("A requirement, with its progress", via="court_requirement_detail")


class ProgressInputSerializer(serializers.Serializer):
    done_on = past_date(RequirementProgress, "done_on", "date the work was done")
    hours = hours_input("hours done", required=False, allow_null=True, default=None)
    days = whole_number("days done", 1, SMALL, required=False, allow_null=True, default=None)
    note = optional_text("note")


RequirementProgressApi = REQUIREMENTS.action(
    "Record hours or days done towards a requirement",
    "Never more than remain (400 on `hours` or `days`); once those ordered are done the requirement is completed.",
    find=found_in(selectors.requirement_list),
    answer=_requirement_shown,
    service=services.requirement_progress_record,
    input=ProgressInputSerializer,
    status=201,
)


class RequirementCompleteInputSerializer(serializers.Serializer):
    completed_on = past_date(Requirement, "completed_on", "date the requirement was completed", required=True)


RequirementCompleteApi = REQUIREMENTS.action(
    "Mark a requirement completed",
    "For a requirement with no hours or days to count (a curfew, supervision); one with hours or "
    "days ordered completes when they are all recorded as done.",
    find=found_in(selectors.requirement_list),
    answer=_requirement_shown,
    service=services.requirement_complete,
    input=RequirementCompleteInputSerializer,
)


# --- Breach proceedings ------------------------------------------------------------------------------------


class BreachOutputSerializer(OrderRecordOutputSerializer):
    enforcement_contacts = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    hearing = id_output("hearing_id", allow_null=True)
    outcome_display = serializers.CharField(source="get_outcome_display", read_only=True)
    recorded_by = id_output("recorded_by_id")
    recorded_by_name = name_output("recorded_by")

    class Meta:
        model = BreachProceedings
        fields = [
            *ORDER_RECORD_FIELDS,
            "laid_on",
            "reason",
            "enforcement_contacts",
            "hearing",
            "outcome",
            "outcome_display",
            "outcome_on",
            "recorded_by",
            "recorded_by_name",
            "recorded_at",
        ]


class BreachCreateInputSerializer(serializers.Serializer):
    order = visible_order_input()
    laid_on = past_date(BreachProceedings, "laid_on", "date the breach was laid")
    reason = model_input(BreachProceedings, "reason", "reason for the breach proceedings")
    enforcement_contacts = list_input(
        visible_contact_input(), "contacts with a warning or breach", required=False, default=list
    )
    hearing = visible_hearing_input()


class BreachFilter(CaseRecordFilter):
    class Meta:
        model = BreachProceedings
        fields = ["case", "order", "outcome"]


BREACHES = Rows(
    selectors.breach_list, found_in(selectors.breach_list), BreachOutputSerializer, "breach", "breach_id", audited
)


BREACH_VIEWS = record_views(
    BREACHES,
    "breach proceedings",
    "breach proceedings",
    via="court_breach",
    filterset=BreachFilter,
    record=Operation(
        services.breach_lay,
        BreachCreateInputSerializer,
        "Lay breach proceedings before the court",
        "`enforcement_contacts`: the case's contacts whose enforcement step (a warning or a breach) "
        "led to them; a contact of another case is refused (400).",
    ),
    made="lay them before the court",
)


class BreachOutcomeInputSerializer(serializers.Serializer):
    outcome = model_input(
        BreachProceedings, "outcome", "outcome of the breach proceedings", required=True, allow_blank=False
    )
    outcome_on = past_date(BreachProceedings, "outcome_on", "date of the outcome", required=True, allow_null=False)
    hearing = visible_hearing_input()


BreachOutcomeApi = BREACHES.action(
    "Record the outcome of breach proceedings",
    "`revoked_resentenced` ends the order (revoked after breach, on `outcome_on`).",
    service=services.breach_outcome_record,
    input=BreachOutcomeInputSerializer,
)


urlpatterns = [
    *ORDER_VIEWS.paths("orders", "order", end=OrderEndApi),
    *row_paths(
        "requirements",
        "requirement",
        list=RequirementListCreateApi,
        detail=RequirementDetailApi,
        actions={"progress": RequirementProgressApi, "complete": RequirementCompleteApi},
    ),
    *BREACH_VIEWS.paths("breaches", "breach", outcome=BreachOutcomeApi),
]
