"""Oversight: samples of decisions for the out-of-court scrutiny panel and its findings, and the figures of first-
time entrants (aggregate only)."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from yjs.api.base import Api, valid
from yjs.api.endpoints import Rows, found_by, row_action
from yjs.api.fields import boolean_input, date_input, empty_messages, model_max_length, optional_text, text_input
from yjs.api.schema import FORBIDDEN
from yjs.api.serializers import PeriodInputSerializer, PeriodOutputSerializer, period_parameters
from yjs.models import Team
from yjs.validators import planned_for

from .. import permissions, selectors, services
from ..models import ScrutinyItem, ScrutinySample
from .base import OocdListApi

# --- Scrutiny -------------------------------------------------------------------------------------------


class ScrutinyItemOutputSerializer(serializers.ModelSerializer):
    """A sampled decision, without the child's name: the panel reviews the decision, not the child."""

    decision = serializers.IntegerField(source="decision_id", read_only=True)
    referral = serializers.IntegerField(source="decision.referral_id", read_only=True)
    outcome = serializers.CharField(source="decision.outcome.code", read_only=True)
    outcome_name = serializers.CharField(source="decision.outcome.name", read_only=True)
    decided_on = serializers.DateField(source="decision.decided_on", read_only=True)
    police_only = serializers.BooleanField(source="decision.police_only", read_only=True)
    gravity_score = serializers.IntegerField(source="decision.referral.gravity_score", read_only=True)
    admitted = serializers.BooleanField(source="decision.referral.admitted", read_only=True)
    rationale = serializers.CharField(source="decision.rationale", read_only=True)
    dissent = serializers.CharField(source="decision.dissent", read_only=True)
    departure_reason = serializers.CharField(source="decision.departure_reason", read_only=True)

    class Meta:
        model = ScrutinyItem
        fields = [
            "id",
            "decision",
            "referral",
            "outcome",
            "outcome_name",
            "decided_on",
            "police_only",
            "gravity_score",
            "admitted",
            "rationale",
            "dissent",
            "departure_reason",
            "appropriate",
            "feedback",
        ]


class ScrutinySampleSummaryOutputSerializer(serializers.ModelSerializer):
    drawn_by = serializers.IntegerField(source="drawn_by_id", read_only=True)
    item_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = ScrutinySample
        fields = ["id", "period_start", "period_end", "percentage", "seed", "drawn_by", "drawn_at", "item_count"]


class ScrutinySampleOutputSerializer(serializers.ModelSerializer):
    drawn_by = serializers.IntegerField(source="drawn_by_id", read_only=True)
    items = ScrutinyItemOutputSerializer(many=True, read_only=True)

    class Meta:
        model = ScrutinySample
        fields = ["id", "period_start", "period_end", "percentage", "seed", "drawn_by", "drawn_at", "items"]


# A sample the path names is found for those who may scrutinise: 404, "No such sample", otherwise.
SAMPLES = Rows.got(
    selectors.scrutiny_sample_list, selectors.scrutiny_sample_get, ScrutinySampleOutputSerializer, "sample"
)


class ScrutinySampleInputSerializer(serializers.Serializer):
    period_start = date_input("start of the period", planned_for)
    period_end = date_input("end of the period", planned_for)
    percentage = serializers.IntegerField(
        min_value=1,
        max_value=100,
        error_messages=empty_messages("Enter", "percentage of decisions to sample")
        | dict.fromkeys(["invalid", "min_value", "max_value", "max_string_length"], "Enter a percentage from 1 to 100"),
    )
    seed = text_input(
        "seed",
        model_max_length(ScrutinySample, "seed"),
        required=False,
        default="scrutiny",
        help_text="The same period and seed draw the same sample",
    )


class ScrutinySampleListCreateApi(
    SAMPLES.listing(
        "List scrutiny samples",
        "For team managers, police officers and the head of service.",
        output=ScrutinySampleSummaryOutputSerializer,
        base=OocdListApi,
    ),
    SAMPLES.create(
        "Draw a sample of a period's decisions for the out-of-court scrutiny panel",
        "At least the percentage given, and at least one decision of each outcome given in the "
        "period. Reproducible: the same period and seed draw the same decisions.",
        service=services.scrutiny_sample_draw,
        input=ScrutinySampleInputSerializer,
    ),
):
    filter_backends = []


ScrutinySampleDetailApi = SAMPLES.read("A scrutiny sample and its decisions")


class ScrutinyFindingInputSerializer(serializers.Serializer):
    appropriate = boolean_input("whether the decision was appropriate")
    feedback = optional_text("panel's feedback")


ScrutinyFindingApi = row_action(
    "Record the scrutiny panel's finding on a sampled decision",
    "A decision found not appropriate needs feedback.",
    row="item",
    find=found_by(selectors.scrutiny_item_get, "item_id"),
    service=services.scrutiny_finding_record,
    input=ScrutinyFindingInputSerializer,
    output=ScrutinyItemOutputSerializer,
)


# --- First-time entrants ------------------------------------------------------------------------------


MAX_PERIOD_YEARS = 20


class PeriodQueryInputSerializer(PeriodInputSerializer):
    """``?from=YYYY-MM-DD&to=YYYY-MM-DD`` (both required, inclusive) and an optional ``team`` id."""

    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            **super().get_fields(),
            "team": serializers.PrimaryKeyRelatedField(
                queryset=Team.objects.all(),
                required=False,
                error_messages={"does_not_exist": "Select a valid team", "incorrect_type": "Select a valid team"},
            ),
        }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if (attrs["to"] - attrs["from"]).days > 366 * MAX_PERIOD_YEARS:
            raise serializers.ValidationError({"to": f"The period must be {MAX_PERIOD_YEARS} years or shorter"})
        return attrs


class FirstTimeEntrantMonthOutputSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    count = serializers.IntegerField()


class FirstTimeEntrantsOutputSerializer(PeriodOutputSerializer):
    def figures(self) -> dict[str, serializers.Field]:
        return {
            "team": serializers.IntegerField(allow_null=True),
            "count": serializers.IntegerField(help_text="Children whose first statutory outcome is in the period"),
            "months": FirstTimeEntrantMonthOutputSerializer(many=True),
        }


class FirstTimeEntrantsApi(Api):
    @extend_schema(
        summary="First-time entrants in a period (aggregate)",
        description="Children whose first statutory outcome (a youth caution, youth conditional caution or a "
        "conviction) falls in the period, in all and per month. Numbers only, never a child.",
        parameters=[
            *period_parameters(),
            OpenApiParameter("team", OpenApiTypes.INT, description="Only children with a case of this team"),
        ],
        responses={200: FirstTimeEntrantsOutputSerializer, 403: FORBIDDEN},
    )
    def get(self, request: Request) -> Response:
        if not permissions.can_see_aggregates(request.user):
            raise PermissionDenied("You cannot see these figures.")
        period = valid(PeriodQueryInputSerializer, request, data=request.query_params)
        start, end, team = period["from"], period["to"], period.get("team")
        total, months = selectors.first_time_entrants_by_month(
            start=start, end=end, team_ids=[team.pk] if team else None
        )
        data = {
            "from": start,
            "to": end,
            "team": team.pk if team else None,
            "count": total,
            "months": [{"month": f"{month:%Y-%m}", "count": count} for month, count in months],
        }
        return Response(FirstTimeEntrantsOutputSerializer(data).data)
