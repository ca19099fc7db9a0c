"""The referral order panels' API, ``/api/v1/court/referral-panels/`` (DESIGN.md §7, §10).

Panels are case records: listed for the cases the user may read (another team's restricted case not
at all: 404), each read of a restricted case's panels audited. A final or extension panel is
scheduled with a POST to the list; ``…/{id}/held/`` records a panel held (two volunteers and a YJS
member, the outcome, and the contract agreed or varied)."""

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from cases.apis.base import id_output, model_input, name_output
from cases.apis.case_records import Operation, record_views
from cases.services import restricted_case_records_viewed
from yjs.api.base import Api, valid
from yjs.api.endpoints import Audit, Rows, found_by
from yjs.api.fields import VisibleRelatedField, boolean_input, list_input, optional_text, staff_input
from yjs.api.filters import IdFilter
from yjs.validators import happened_after_yjs_began, planned_for

from .. import permissions
from ..models import Contract, Order, OrderType, PanelType, ReferralPanel, Volunteer
from ..selectors import panels as selectors
from ..services import panels as services
from .common import ORDER_RECORD_FIELDS, OrderRecordOutputSerializer


def _audited(request: Request, panels, via: str) -> None:
    """A read of a restricted case's panels is a sensitive view of the case."""
    restricted_case_records_viewed(
        records=[panel.order for panel in panels], user=request.user, via=via, request=request
    )


class ReferralPanelFilter(filters.FilterSet):
    """``?case=``, ``?order=``, ``?held=true|false``: narrow what the selector allowed, never widen it."""

    case = IdFilter(field_name="order__case__id", label="Case id")
    order = IdFilter(field_name="order__id", label="Order id")
    held = filters.BooleanFilter(field_name="held_on", lookup_expr="isnull", exclude=True, label="Held (true or false)")

    class Meta:
        model = ReferralPanel
        fields = ["case", "order", "held"]


class PanelContractOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contract
        fields = ["activities", "reparation", "child_signed_on", "parent_signed_on", "parent_not_required"]


class ReferralPanelOutputSerializer(OrderRecordOutputSerializer):
    panel_type_display = serializers.CharField(source="get_panel_type_display", read_only=True)
    outcome_display = serializers.CharField(source="get_outcome_display", read_only=True)
    volunteers = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    volunteer_names = serializers.SerializerMethodField()
    yjs_member = id_output("yjs_member_id", allow_null=True)
    yjs_member_name = name_output("yjs_member", allow_null=True)
    recorded_by = id_output("recorded_by_id", allow_null=True)
    contract = PanelContractOutputSerializer(read_only=True, allow_null=True)

    class Meta:
        model = ReferralPanel
        fields = [
            *ORDER_RECORD_FIELDS,
            "panel_type",
            "panel_type_display",
            "due_on",
            "held_on",
            "volunteers",
            "volunteer_names",
            "yjs_member",
            "yjs_member_name",
            "outcome",
            "outcome_display",
            "notes",
            "contract",
            "recorded_by",
            "recorded_at",
        ]

    def get_volunteer_names(self, panel: ReferralPanel) -> list[str]:
        return [volunteer.name for volunteer in panel.volunteers.all()]


def _visible_orders(user) -> QuerySet[Order]:
    return Order.objects.filter(
        case__in=permissions.visible_cases(user).values("pk"), order_type=OrderType.REFERRAL_ORDER
    )


class ReferralPanelScheduleInputSerializer(serializers.Serializer):
    order = VisibleRelatedField(model=Order, visible=_visible_orders, label="referral order")
    panel_type = model_input(
        ReferralPanel,
        "panel_type",
        "type of panel",
        choices=[(value, PanelType(value).label) for value in services.SCHEDULED_BY_HAND],
    )
    due_on = model_input(ReferralPanel, "due_on", "date the panel is due", bounds=planned_for)


class PanelContractInputSerializer(serializers.Serializer):
    activities = optional_text("activities")
    reparation = optional_text("reparation")
    child_signed_on = model_input(
        Contract, "child_signed_on", "date the child signed", bounds=happened_after_yjs_began, required=False
    )
    parent_signed_on = model_input(
        Contract,
        "parent_signed_on",
        "date the parent or carer signed",
        bounds=happened_after_yjs_began,
        required=False,
    )
    parent_not_required = boolean_input("no parent or carer signature", required=False, default=False)


def _volunteer_input() -> serializers.PrimaryKeyRelatedField:
    messages = {"does_not_exist": "Select a valid volunteer", "incorrect_type": "Select a valid volunteer"}
    return serializers.PrimaryKeyRelatedField(queryset=Volunteer.objects.all(), error_messages=messages)


class ReferralPanelHeldInputSerializer(serializers.Serializer):
    held_on = model_input(ReferralPanel, "held_on", "date the panel was held", bounds=happened_after_yjs_began)
    volunteers = list_input(_volunteer_input(), "panel's volunteers", max_length=10)
    yjs_member = staff_input("YJS member of the panel")
    outcome = model_input(ReferralPanel, "outcome", "panel's outcome", allow_blank=False, required=True)
    notes = optional_text("notes")
    contract = PanelContractInputSerializer(required=False, allow_null=True)


def audited(via: str) -> Audit:
    return lambda request, panels: _audited(request, panels, via)


PANELS = Rows(
    selectors.panel_list,
    found_by(selectors.panel_get, "panel_id"),
    ReferralPanelOutputSerializer,
    path_parameter="referral_panel_id",
    audited=audited,
)


PANEL_VIEWS = record_views(
    PANELS,
    "a referral order panel",
    "referral order panels",
    via="referral_panel",
    filterset=ReferralPanelFilter,
    listed="`?case=`, `?order=`, `?held=true|false` (a panel not held is still due).",
    record=Operation(
        services.panel_schedule,
        ReferralPanelScheduleInputSerializer,
        "Schedule a final panel or an extension or variation panel",
        "Initial and progress panels are scheduled by rule: the initial panel with the order, a "
        "progress panel each time one is held.",
    ),
    made="schedule one",
)


class ReferralPanelHeldApi(Api):
    @extend_schema(
        summary="Record a panel held",
        description="Two volunteers (ids) who may sit that day (vetted, trained, active) and a YJS member (a case "
        "worker or manager of the case's team): a panel with one volunteer is not quorate. The outcome must suit "
        "the panel's type; `contract` is required when an initial panel agrees one (`contract_agreed`). Schedules "
        "the next panel: a progress panel, or another of the same type when adjourned.",
        request=ReferralPanelHeldInputSerializer,
        responses={200: ReferralPanelOutputSerializer},
    )
    def post(self, request: Request, referral_panel_id: int) -> Response:
        panel = PANELS.find(request, referral_panel_id)
        data = valid(ReferralPanelHeldInputSerializer, request)
        if data.get("contract") is not None:
            data["contract"] = dict(data["contract"])
        services.panel_hold(panel=panel, by=request.user, **data)
        return Response(ReferralPanelOutputSerializer(PANELS.find(request, referral_panel_id)).data)


urlpatterns = PANEL_VIEWS.paths("referral-panels", "referral-panel", held=ReferralPanelHeldApi)
