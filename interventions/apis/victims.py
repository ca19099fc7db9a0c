"""Restorative justice (``restorative-justice/``) and victim safety plans (``victim-safety-plans/``):
read as the case is; recorded by those who work on the open case and by the victim worker. A victim
named must be one of the case's own (another case's is a 400 on ``victim``)."""

from rest_framework import serializers

from cases.apis.base import model_input
from cases.apis.case_records import RECORD_FIELDS, CaseRecordOutputSerializer, Operation, past_date, record_views
from cases.models import Victim
from yjs.api.fields import VisibleRelatedField
from yjs.validators import planned_for

from .. import selectors
from ..models import RestorativeJustice, VictimSafetyPlan
from ..services import victims as services
from .common import record_kind, visible_case_input


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


RESTORATIVE_JUSTICE = record_kind(
    selectors.restorative_justice_list,
    selectors.restorative_justice_get,
    RestorativeJusticeOutputSerializer,
    "record",
    "restorative_justice_id",
)


RESTORATIVE_JUSTICE_VIEWS = record_views(
    RESTORATIVE_JUSTICE,
    "a restorative justice record",
    "restorative justice records",
    via="restorative_justice",
    record=Operation(
        services.restorative_justice_record,
        RestorativeJusticeCreateInputSerializer,
        "Record restorative justice on a case",
        "Its type (direct conference, shuttle mediation, letter) and the victim's part; `victim`, "
        "if given, is one of the case's victims.",
    ),
    change=Operation(
        services.restorative_justice_update,
        RestorativeJusticeUpdateInputSerializer,
        "Change a restorative justice record",
        "Only the fields given change.",
    ),
)


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


PLANS = record_kind(
    selectors.safety_plan_list, selectors.safety_plan_get, SafetyPlanOutputSerializer, "plan", "safety_plan_id"
)


PLAN_VIEWS = record_views(
    PLANS,
    "a victim safety plan",
    "victim safety plans",
    via="victim_safety_plan",
    record=Operation(
        services.victim_safety_plan_record,
        SafetyPlanCreateInputSerializer,
        "Record a victim safety plan",
        "`victim` is one of the case's victims.",
    ),
    change=Operation(
        services.victim_safety_plan_update,
        SafetyPlanUpdateInputSerializer,
        "Change a victim safety plan",
        "Only the fields given change.",
    ),
)


urlpatterns = [
    *RESTORATIVE_JUSTICE_VIEWS.paths("restorative-justice", "restorative-justice"),
    *PLAN_VIEWS.paths("victim-safety-plans", "victim-safety-plan"),
]
