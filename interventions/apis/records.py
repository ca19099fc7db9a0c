"""A case's referrals to interventions (``referrals/``, ``POST referrals/{id}/end/``) and reparation
placements (``reparation/``, ``POST reparation/{id}/sessions/``). Lists take ``?case=``; rows are
those of the cases the user may read, and showing a restricted case's rows is an audited read."""

from rest_framework import serializers

from cases.apis.base import model_input
from cases.apis.case_records import RECORD_FIELDS, CaseRecordOutputSerializer, Operation, past_date, record_views
from yjs.api.fields import VisibleRelatedField

from .. import selectors
from ..models import Intervention, InterventionReferral, ReparationPlacement, ReparationSession
from ..services import referrals as referral_services
from ..services import reparation as reparation_services
from .common import record_kind, visible_case_input


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


REFERRALS = record_kind(
    selectors.referral_list,
    selectors.referral_get,
    InterventionReferralOutputSerializer,
    "referral",
    "intervention_referral_id",
)


REFERRAL_VIEWS = record_views(
    REFERRALS,
    "a referral to an intervention",
    "referrals to interventions",
    via="intervention_referral",
    record=Operation(
        referral_services.referral_make,
        InterventionReferralCreateInputSerializer,
        "Refer a case's child to an intervention of the catalogue in use",
    ),
    change=Operation(
        referral_services.referral_update,
        InterventionReferralUpdateInputSerializer,
        "Record the start and the sessions offered and attended, or correct the referral",
        "Only the fields given change; a start recorded is changed, never erased. Sessions attended "
        "cannot be more than those offered. An ended referral is not changed.",
    ),
    made="make one",
)


InterventionReferralEndApi = REFERRALS.action(
    "End a referral with its outcome",
    "Completed or partly completed needs the start recorded first.",
    service=referral_services.referral_end,
    input=InterventionReferralEndInputSerializer,
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


PLACEMENTS = record_kind(selectors.placement_list, selectors.placement_get, PlacementOutputSerializer, "placement")


PLACEMENT_VIEWS = record_views(
    PLACEMENTS,
    "a reparation placement",
    "reparation placements",
    via="reparation",
    listed="`hours_done` is the sum of the sessions' hours.",
    record=Operation(
        reparation_services.reparation_placement_add,
        PlacementCreateInputSerializer,
        "Record a reparation placement and the hours ordered",
    ),
    change=Operation(
        reparation_services.reparation_placement_update,
        PlacementUpdateInputSerializer,
        "Correct a reparation placement",
        "Only the fields given change; the hours ordered never fewer than the hours done.",
    ),
)


PlacementSessionsApi = PLACEMENTS.action(
    "Record a reparation session's hours",
    "A session beyond the hours remaining is refused; the session that makes up the hours "
    "ordered completes the placement.",
    service=reparation_services.reparation_session_record,
    input=ReparationSessionInputSerializer,
    output=ReparationSessionOutputSerializer,
    status=201,
    answer_result=True,
)


urlpatterns = [
    *REFERRAL_VIEWS.paths("referrals", "referral", end=InterventionReferralEndApi),
    *PLACEMENT_VIEWS.paths("reparation", "reparation", sessions=PlacementSessionsApi),
]
