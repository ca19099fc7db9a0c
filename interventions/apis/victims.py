"""Restorative justice (``restorative-justice/``) and victim safety plans (``victim-safety-plans/``):
read as the case is; recorded by those who work on the open case and by the victim worker. A victim
named must be one of the case's own (another case's is a 400 on ``victim``)."""

from django.urls import path
from rest_framework import serializers

from cases.apis.base import model_input
from cases.apis.case_records import RECORD_FIELDS, CaseRecordOutputSerializer, case_record_filter, past_date
from cases.models import Victim
from yjs.api.endpoints import Rows, found_by
from yjs.api.fields import VisibleRelatedField
from yjs.validators import planned_for

from .. import selectors
from ..models import RestorativeJustice, VictimSafetyPlan
from ..services import victims as services
from .common import audited, visible_case_input


def victim_input(**kwargs) -> VisibleRelatedField:
    return VisibleRelatedField(model=Victim, visible=selectors.visible_victims, label="victim", **kwargs)


# --- Restorative justice ---------------------------------------------------------------------------------


class RestorativeJusticeOutputSerializer(CaseRecordOutputSerializer):
    victim = serializers.IntegerField(source="victim_id", read_only=True, allow_null=True)
    victim_name = serializers.CharField(source="victim.display_name", read_only=True, allow_null=True, default=None)
    restorative_type_display = serializers.CharField(source="get_restorative_type_display", read_only=True)
    victim_part_display = serializers.CharField(source="get_victim_part_display", read_only=True)

    class Meta:
        model = RestorativeJustice
        fields = [
            *RECORD_FIELDS,
            "victim",
            "victim_name",
            "restorative_type",
            "restorative_type_display",
            "victim_part",
            "victim_part_display",
            "held_on",
            "outcome",
        ]


class RestorativeJusticeUpdateInputSerializer(serializers.Serializer):
    restorative_type = model_input(RestorativeJustice, "restorative_type", "type of restorative justice")
    victim_part = model_input(RestorativeJustice, "victim_part", "victim's part")
    victim = victim_input(required=False, allow_null=True)
    held_on = past_date(RestorativeJustice, "held_on", "date it took place", required=False)
    outcome = model_input(RestorativeJustice, "outcome", "outcome")


class RestorativeJusticeCreateInputSerializer(RestorativeJusticeUpdateInputSerializer):
    case = visible_case_input()


RESTORATIVE_JUSTICE = Rows(
    selectors.restorative_justice_list,
    found_by(selectors.restorative_justice_get, "record_id"),
    RestorativeJusticeOutputSerializer,
    "record",
    "restorative_justice_id",
    audited,
)


class RestorativeJusticeListCreateApi(
    RESTORATIVE_JUSTICE.listing(
        "List restorative justice records",
        filterset=case_record_filter(RestorativeJustice),
        via="restorative_justice_list",
    ),
    RESTORATIVE_JUSTICE.create(
        "Record restorative justice on a case",
        "Its type (direct conference, shuttle mediation, letter) and the victim's part; `victim`, "
        "if given, is one of the case's victims.",
        service=services.restorative_justice_record,
        input=RestorativeJusticeCreateInputSerializer,
    ),
):
    """Restorative justice records: list them, or record one."""


class RestorativeJusticeDetailApi(
    RESTORATIVE_JUSTICE.read("A restorative justice record", via="restorative_justice_detail"),
    RESTORATIVE_JUSTICE.action(
        "Change a restorative justice record",
        "Only the fields given change.",
        service=services.restorative_justice_update,
        input=RestorativeJusticeUpdateInputSerializer,
        method="patch",
    ),
):
    """A restorative justice record: read it, or change the fields sent."""


# --- Victim safety plans -------------------------------------------------------------------------------


class SafetyPlanOutputSerializer(CaseRecordOutputSerializer):
    victim = serializers.IntegerField(source="victim_id", read_only=True)
    victim_name = serializers.CharField(source="victim.display_name", read_only=True)

    class Meta:
        model = VictimSafetyPlan
        fields = [*RECORD_FIELDS, "victim", "victim_name", "measures", "agreed_on", "review_on"]


class SafetyPlanUpdateInputSerializer(serializers.Serializer):
    victim = victim_input()
    measures = model_input(VictimSafetyPlan, "measures", "measures that keep the victim safe")
    agreed_on = past_date(VictimSafetyPlan, "agreed_on", "date the plan was agreed")
    review_on = model_input(VictimSafetyPlan, "review_on", "review date", bounds=planned_for, required=False)


class SafetyPlanCreateInputSerializer(SafetyPlanUpdateInputSerializer):
    case = visible_case_input()


PLANS = Rows(
    selectors.safety_plan_list,
    found_by(selectors.safety_plan_get, "plan_id"),
    SafetyPlanOutputSerializer,
    "plan",
    "safety_plan_id",
    audited,
)


class SafetyPlanListCreateApi(
    PLANS.listing(
        "List victim safety plans", filterset=case_record_filter(VictimSafetyPlan), via="victim_safety_plan_list"
    ),
    PLANS.create(
        "Record a victim safety plan",
        "`victim` is one of the case's victims.",
        service=services.victim_safety_plan_record,
        input=SafetyPlanCreateInputSerializer,
    ),
):
    """Victim safety plans: list them, or record one."""


class SafetyPlanDetailApi(
    PLANS.read("A victim safety plan", via="victim_safety_plan_detail"),
    PLANS.action(
        "Change a victim safety plan",
        "Only the fields given change.",
        service=services.victim_safety_plan_update,
        input=SafetyPlanUpdateInputSerializer,
        method="patch",
    ),
):
    """A victim safety plan: read it, or change the fields sent."""


urlpatterns = [
    path("restorative-justice/", RestorativeJusticeListCreateApi.as_view(), name="restorative-justice-list"),
    path(
        "restorative-justice/<int:restorative_justice_id>/",
        RestorativeJusticeDetailApi.as_view(),
        name="restorative-justice-detail",
    ),
    path("victim-safety-plans/", SafetyPlanListCreateApi.as_view(), name="victim-safety-plan-list"),
    path("victim-safety-plans/<int:safety_plan_id>/", SafetyPlanDetailApi.as_view(), name="victim-safety-plan-detail"),
]
