"""A case's referrals to interventions (``referrals/``, ``POST referrals/{id}/end/``) and reparation
placements (``reparation/``, ``POST reparation/{id}/sessions/``). Lists take ``?case=``; rows are
those of the cases the user may read, and showing a restricted case's rows is an audited read."""

from django.db.models import QuerySet
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from cases.apis.base import model_input
from yjs.api.base import Api, action, created
from yjs.api.fields import VisibleRelatedField

from .. import selectors
from ..models import Intervention, InterventionReferral, ReparationPlacement, ReparationSession
from ..services import referrals as referral_services
from ..services import reparation as reparation_services
from .common import (
    RECORD_FIELDS,
    CaseRecordListApi,
    CaseRecordOutputSerializer,
    case_record_filter,
    past_date,
    shown,
    visible_case_input,
)


def whole_number(noun: str, high: int, *, low: int = 0, **kwargs) -> serializers.IntegerField:
    message = f"Enter the {noun} as a whole number from {low} to {high}"
    return serializers.IntegerField(
        min_value=low,
        max_value=high,
        error_messages=dict.fromkeys(("invalid", "min_value", "max_value", "max_string_length", "null"), message)
        | {"required": f"Enter the {noun}"},
        **kwargs,
    )


# --- Referrals ----------------------------------------------------------------------------------------------


class InterventionReferralOutputSerializer(CaseRecordOutputSerializer):
    intervention = serializers.IntegerField(source="intervention_id", read_only=True)
    intervention_name = serializers.CharField(source="intervention.name", read_only=True)
    outcome_display = serializers.CharField(source="get_outcome_display", read_only=True)

    class Meta:
        model = InterventionReferral
        fields = [
            *RECORD_FIELDS,
            "intervention",
            "intervention_name",
            "referred_on",
            "reason",
            "started_on",
            "sessions_offered",
            "sessions_attended",
            "ended_on",
            "outcome",
            "outcome_display",
        ]


class InterventionReferralUpdateInputSerializer(serializers.Serializer):
    referred_on = past_date(InterventionReferral, "referred_on", "date of the referral")
    reason = model_input(InterventionReferral, "reason", "reason")
    # A start recorded is changed, never erased: no null.
    started_on = past_date(InterventionReferral, "started_on", "date the intervention started", allow_null=False)
    sessions_offered = whole_number("sessions offered", referral_services.MAX_SESSIONS, required=False)
    sessions_attended = whole_number("sessions attended", referral_services.MAX_SESSIONS, required=False)


class InterventionReferralCreateInputSerializer(serializers.Serializer):
    case = visible_case_input()
    intervention = VisibleRelatedField(
        model=Intervention, visible=lambda user: selectors.intervention_list(user=user), label="intervention"
    )
    referred_on = past_date(InterventionReferral, "referred_on", "date of the referral")
    reason = model_input(InterventionReferral, "reason", "reason")


class InterventionReferralEndInputSerializer(serializers.Serializer):
    outcome = model_input(InterventionReferral, "outcome", "how the referral ended", required=True, allow_blank=False)
    ended_on = past_date(InterventionReferral, "ended_on", "date the referral ended", required=True, allow_null=False)
    sessions_offered = whole_number("sessions offered", referral_services.MAX_SESSIONS, required=False)
    sessions_attended = whole_number("sessions attended", referral_services.MAX_SESSIONS, required=False)


class InterventionReferralListCreateApi(CaseRecordListApi):
    queryset = InterventionReferral.objects.none()
    filterset_class = case_record_filter(InterventionReferral)
    read_via = "intervention_referral_list"

    def get_queryset(self) -> QuerySet[InterventionReferral]:
        return selectors.referral_list(user=self.request.user)

    @extend_schema(summary="List referrals to interventions", responses=InterventionReferralOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.listed(InterventionReferralOutputSerializer)

    @extend_schema(
        summary="Refer a case's child to an intervention of the catalogue in use",
        request=InterventionReferralCreateInputSerializer,
        responses={201: InterventionReferralOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        referral = action(request, referral_services.referral_make, InterventionReferralCreateInputSerializer)
        return created(
            InterventionReferralOutputSerializer(selectors.referral_get(user=request.user, referral_id=referral.pk))
        )


class InterventionReferralDetailApi(Api):
    @extend_schema(summary="A referral to an intervention", responses={200: InterventionReferralOutputSerializer})
    def get(self, request: Request, intervention_referral_id: int) -> Response:
        referral = selectors.referral_get(user=request.user, referral_id=intervention_referral_id)
        return Response(
            InterventionReferralOutputSerializer(shown(request, referral, "intervention_referral_detail")).data
        )

    @extend_schema(
        summary="Record the start and the sessions offered and attended, or correct the referral",
        description="Only the fields given change; a start recorded is changed, never erased. Sessions attended "
        "cannot be more than those offered. An ended referral is not changed.",
        request=InterventionReferralUpdateInputSerializer,
        responses={200: InterventionReferralOutputSerializer},
    )
    def patch(self, request: Request, intervention_referral_id: int) -> Response:
        referral = selectors.referral_get(user=request.user, referral_id=intervention_referral_id)
        action(
            request,
            referral_services.referral_update,
            InterventionReferralUpdateInputSerializer,
            partial=True,
            referral=referral,
        )
        return Response(
            InterventionReferralOutputSerializer(
                selectors.referral_get(user=request.user, referral_id=intervention_referral_id)
            ).data
        )


class InterventionReferralEndApi(Api):
    @extend_schema(
        summary="End a referral with its outcome",
        description="Completed or partly completed needs the start recorded first.",
        request=InterventionReferralEndInputSerializer,
        responses={200: InterventionReferralOutputSerializer},
    )
    def post(self, request: Request, intervention_referral_id: int) -> Response:
        referral = selectors.referral_get(user=request.user, referral_id=intervention_referral_id)
        action(request, referral_services.referral_end, InterventionReferralEndInputSerializer, referral=referral)
        return Response(
            InterventionReferralOutputSerializer(
                selectors.referral_get(user=request.user, referral_id=intervention_referral_id)
            ).data
        )


# --- Reparation ---------------------------------------------------------------------------------------------


class ReparationSessionOutputSerializer(serializers.ModelSerializer):
    recorded_by = serializers.IntegerField(source="recorded_by_id", read_only=True)

    class Meta:
        model = ReparationSession
        fields = ["id", "placement", "done_on", "hours", "note", "recorded_by", "recorded_at"]


class PlacementOutputSerializer(CaseRecordOutputSerializer):
    hours_done = serializers.DecimalField(max_digits=6, decimal_places=2, read_only=True)

    class Meta:
        model = ReparationPlacement
        fields = [
            *RECORD_FIELDS,
            "placement",
            "description",
            "hours_ordered",
            "hours_done",
            "started_on",
            "completed_on",
        ]


class PlacementUpdateInputSerializer(serializers.Serializer):
    placement = model_input(ReparationPlacement, "placement", "placement")
    description = model_input(ReparationPlacement, "description", "description")
    hours_ordered = whole_number("hours ordered", reparation_services.MAX_HOURS_ORDERED, low=1)
    started_on = past_date(ReparationPlacement, "started_on", "date the placement started")


class PlacementCreateInputSerializer(PlacementUpdateInputSerializer):
    case = visible_case_input()


SESSION_HOURS_MESSAGE = (
    f"Enter the hours of the session as a number more than 0 and at most {reparation_services.MAX_SESSION_HOURS}, "
    "to no more than 2 decimal places"
)


class ReparationSessionInputSerializer(serializers.Serializer):
    done_on = past_date(ReparationSession, "done_on", "date of the session")
    hours = serializers.DecimalField(
        max_digits=4,
        decimal_places=2,
        error_messages=dict.fromkeys(
            ("invalid", "max_digits", "max_whole_digits", "max_decimal_places", "max_string_length", "null"),
            SESSION_HOURS_MESSAGE,
        )
        | {"required": "Enter the hours of the session"},
    )
    note = model_input(ReparationSession, "note", "note")


class PlacementListCreateApi(CaseRecordListApi):
    queryset = ReparationPlacement.objects.none()
    filterset_class = case_record_filter(ReparationPlacement)
    read_via = "reparation_list"

    def get_queryset(self) -> QuerySet[ReparationPlacement]:
        return selectors.placement_list(user=self.request.user)

    @extend_schema(
        summary="List reparation placements",
        description="`hours_done` is the sum of the sessions' hours.",
        responses=PlacementOutputSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        return self.listed(PlacementOutputSerializer)

    @extend_schema(
        summary="Record a reparation placement and the hours ordered",
        request=PlacementCreateInputSerializer,
        responses={201: PlacementOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        placement = action(request, reparation_services.reparation_placement_add, PlacementCreateInputSerializer)
        return created(PlacementOutputSerializer(selectors.placement_get(user=request.user, placement_id=placement.pk)))


class PlacementDetailApi(Api):
    @extend_schema(summary="A reparation placement", responses={200: PlacementOutputSerializer})
    def get(self, request: Request, placement_id: int) -> Response:
        placement = selectors.placement_get(user=request.user, placement_id=placement_id)
        return Response(PlacementOutputSerializer(shown(request, placement, "reparation_detail")).data)

    @extend_schema(
        summary="Correct a reparation placement",
        description="Only the fields given change; the hours ordered never fewer than the hours done.",
        request=PlacementUpdateInputSerializer,
        responses={200: PlacementOutputSerializer},
    )
    def patch(self, request: Request, placement_id: int) -> Response:
        placement = selectors.placement_get(user=request.user, placement_id=placement_id)
        action(
            request,
            reparation_services.reparation_placement_update,
            PlacementUpdateInputSerializer,
            partial=True,
            placement=placement,
        )
        placement = selectors.placement_get(user=request.user, placement_id=placement_id)
        return Response(PlacementOutputSerializer(placement).data)


class PlacementSessionsApi(Api):
    @extend_schema(
        summary="Record a reparation session's hours",
        description="A session beyond the hours remaining is refused; the session that makes up the hours "
        "ordered completes the placement.",
        request=ReparationSessionInputSerializer,
        responses={201: ReparationSessionOutputSerializer},
    )
    def post(self, request: Request, placement_id: int) -> Response:
        placement = selectors.placement_get(user=request.user, placement_id=placement_id)
        session = action(
            request,
            reparation_services.reparation_session_record,
            ReparationSessionInputSerializer,
            placement=placement,
        )
        return created(ReparationSessionOutputSerializer(session))


urlpatterns = [
    path("referrals/", InterventionReferralListCreateApi.as_view(), name="referral-list"),
    path("referrals/<int:intervention_referral_id>/", InterventionReferralDetailApi.as_view(), name="referral-detail"),
    path("referrals/<int:intervention_referral_id>/end/", InterventionReferralEndApi.as_view(), name="referral-end"),
    path("reparation/", PlacementListCreateApi.as_view(), name="reparation-list"),
    path("reparation/<int:placement_id>/", PlacementDetailApi.as_view(), name="reparation-detail"),
    path("reparation/<int:placement_id>/sessions/", PlacementSessionsApi.as_view(), name="reparation-sessions"),
]
