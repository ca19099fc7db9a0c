"""Restorative justice (``restorative-justice/``) and victim safety plans (``victim-safety-plans/``):
read as the case is; recorded by those who work on the open case and by the victim worker. A victim
named must be one of the case's own (another case's is a 400 on ``victim``)."""

from django.db.models import QuerySet
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from cases.apis.base import model_input
from cases.models import Victim
from yjs.api.base import Api, action, created
from yjs.api.fields import VisibleRelatedField
from yjs.validators import planned_for

from .. import selectors
from ..models import RestorativeJustice, VictimSafetyPlan
from ..services import victims as services
from .common import (
    RECORD_FIELDS,
    CaseRecordListApi,
    CaseRecordOutputSerializer,
    case_record_filter,
    past_date,
    shown,
    visible_case_input,
)


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


class RestorativeJusticeListCreateApi(CaseRecordListApi):
    queryset = RestorativeJustice.objects.none()
    filterset_class = case_record_filter(RestorativeJustice)
    read_via = "restorative_justice_list"

    def get_queryset(self) -> QuerySet[RestorativeJustice]:
        return selectors.restorative_justice_list(user=self.request.user)

    @extend_schema(summary="List restorative justice records", responses=RestorativeJusticeOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.listed(RestorativeJusticeOutputSerializer)

    @extend_schema(
        summary="Record restorative justice on a case",
        description="Its type (direct conference, shuttle mediation, letter) and the victim's part; `victim`, "
        "if given, is one of the case's victims.",
        request=RestorativeJusticeCreateInputSerializer,
        responses={201: RestorativeJusticeOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        record = action(request, services.restorative_justice_record, RestorativeJusticeCreateInputSerializer)
        record = selectors.restorative_justice_get(user=request.user, record_id=record.pk)
        return created(RestorativeJusticeOutputSerializer(record))


class RestorativeJusticeDetailApi(Api):
    @extend_schema(summary="A restorative justice record", responses={200: RestorativeJusticeOutputSerializer})
    def get(self, request: Request, restorative_justice_id: int) -> Response:
        record = selectors.restorative_justice_get(user=request.user, record_id=restorative_justice_id)
        return Response(RestorativeJusticeOutputSerializer(shown(request, record, "restorative_justice_detail")).data)

    @extend_schema(
        summary="Change a restorative justice record",
        description="Only the fields given change.",
        request=RestorativeJusticeUpdateInputSerializer,
        responses={200: RestorativeJusticeOutputSerializer},
    )
    def patch(self, request: Request, restorative_justice_id: int) -> Response:
        record = selectors.restorative_justice_get(user=request.user, record_id=restorative_justice_id)
        action(
            request, services.restorative_justice_update, RestorativeJusticeUpdateInputSerializer, partial=True,
            record=record,
        )  # fmt: skip
        record = selectors.restorative_justice_get(user=request.user, record_id=restorative_justice_id)
        return Response(RestorativeJusticeOutputSerializer(record).data)


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


class SafetyPlanListCreateApi(CaseRecordListApi):
    queryset = VictimSafetyPlan.objects.none()
    filterset_class = case_record_filter(VictimSafetyPlan)
    read_via = "victim_safety_plan_list"

    def get_queryset(self) -> QuerySet[VictimSafetyPlan]:
        return selectors.safety_plan_list(user=self.request.user)

    @extend_schema(summary="List victim safety plans", responses=SafetyPlanOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.listed(SafetyPlanOutputSerializer)

    @extend_schema(
        summary="Record a victim safety plan",
        description="`victim` is one of the case's victims.",
        request=SafetyPlanCreateInputSerializer,
        responses={201: SafetyPlanOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        plan = action(request, services.victim_safety_plan_record, SafetyPlanCreateInputSerializer)
        return created(SafetyPlanOutputSerializer(selectors.safety_plan_get(user=request.user, plan_id=plan.pk)))


class SafetyPlanDetailApi(Api):
    @extend_schema(summary="A victim safety plan", responses={200: SafetyPlanOutputSerializer})
    def get(self, request: Request, safety_plan_id: int) -> Response:
        plan = selectors.safety_plan_get(user=request.user, plan_id=safety_plan_id)
        return Response(SafetyPlanOutputSerializer(shown(request, plan, "victim_safety_plan_detail")).data)

    @extend_schema(
        summary="Change a victim safety plan",
        description="Only the fields given change.",
        request=SafetyPlanUpdateInputSerializer,
        responses={200: SafetyPlanOutputSerializer},
    )
    def patch(self, request: Request, safety_plan_id: int) -> Response:
        plan = selectors.safety_plan_get(user=request.user, plan_id=safety_plan_id)
        action(request, services.victim_safety_plan_update, SafetyPlanUpdateInputSerializer, partial=True, plan=plan)
        return Response(
            SafetyPlanOutputSerializer(selectors.safety_plan_get(user=request.user, plan_id=safety_plan_id)).data
        )


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
