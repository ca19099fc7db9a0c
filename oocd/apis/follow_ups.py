"""Follow-ups of police outcomes given to children not known to the YJS (DESIGN.md §11): the list
(``?open=true`` for those still to record), one follow-up, and recording its outcome."""

from django.db.models import QuerySet
from django.urls import path
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from yjs.api.base import Api, action
from yjs.api.fields import choice_input, optional_text
from yjs.api.filters import IdFilter

from .. import selectors
from ..models import FollowUp, FollowUpOutcome
from ..services_follow_ups import follow_up_outcome_record
from .base import OocdListApi


class FollowUpOutputSerializer(serializers.ModelSerializer):
    """A follow-up: ``open`` until its outcome is recorded."""

    decision = serializers.IntegerField(source="decision_id", read_only=True)
    child = serializers.IntegerField(source="decision.referral.child_id", read_only=True)
    child_name = serializers.CharField(source="decision.referral.child", read_only=True)
    police_outcome = serializers.CharField(source="decision.outcome.code", read_only=True)
    decided_on = serializers.DateField(source="decision.decided_on", read_only=True)
    team = serializers.IntegerField(source="team_id", read_only=True)
    open = serializers.BooleanField(source="is_open", read_only=True)
    outcome_recorded_by = serializers.IntegerField(source="outcome_recorded_by_id", read_only=True, allow_null=True)

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "decision",
            "child",
            "child_name",
            "police_outcome",
            "decided_on",
            "team",
            "opened_at",
            "due_on",
            "open",
            "outcome",
            "outcome_note",
            "outcome_recorded_by",
            "outcome_recorded_at",
        ]


class FollowUpFilter(filters.FilterSet):
    open = filters.BooleanFilter(method="filter_open", label="No outcome recorded yet")
    child = IdFilter(field_name="decision__referral__child__id", label="Child id")
    team = IdFilter(field_name="team__id", label="Team id")

    class Meta:
        model = FollowUp
        fields = ["open", "child", "team"]

    def filter_open(self, queryset: QuerySet[FollowUp], name: str, value: bool | None) -> QuerySet[FollowUp]:
        if value is None:
            return queryset
        return queryset.filter(outcome="") if value else queryset.exclude(outcome="")


class FollowUpListApi(OocdListApi):
    queryset = FollowUp.objects.none()
    filterset_class = FollowUpFilter

    def get_queryset(self) -> QuerySet[FollowUp]:
        return selectors.follow_up_list(user=self.request.user)

    @extend_schema(
        summary="List the follow-ups of police outcomes for children not known to the YJS",
        description="Earliest due first: every follow-up for the police officer and the head of service, the "
        "team's for its managers and case workers; `open=true` for those whose outcome is still to record.",
        responses={200: FollowUpOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        return self.listed(FollowUpOutputSerializer)


def follow_up_response(request: Request, follow_up_id: int) -> Response:
    follow_up = selectors.follow_up_get(user=request.user, follow_up_id=follow_up_id)
    return Response(FollowUpOutputSerializer(follow_up).data)


class FollowUpDetailApi(Api):
    @extend_schema(summary="A follow-up", responses={200: FollowUpOutputSerializer})
    def get(self, request: Request, follow_up_id: int) -> Response:
        return follow_up_response(request, follow_up_id)


class FollowUpOutcomeInputSerializer(serializers.Serializer):
    outcome = choice_input("outcome of the follow-up", FollowUpOutcome.choices)
    note = optional_text("note")


class FollowUpOutcomeApi(Api):
    @extend_schema(
        summary="Record the outcome of a follow-up (the police officer, or the team's managers and case workers)",
        description="Once. `not_needed` needs a `note` saying why no offer of support is needed.",
        request=FollowUpOutcomeInputSerializer,
        responses={200: FollowUpOutputSerializer},
    )
    def post(self, request: Request, follow_up_id: int) -> Response:
        follow_up = selectors.follow_up_get(user=request.user, follow_up_id=follow_up_id)
        action(request, follow_up_outcome_record, FollowUpOutcomeInputSerializer, follow_up=follow_up)
        return follow_up_response(request, follow_up_id)


urlpatterns = [
    path("follow-ups/", FollowUpListApi.as_view(), name="follow-up-list"),
    path("follow-ups/<int:follow_up_id>/", FollowUpDetailApi.as_view(), name="follow-up-detail"),
    path("follow-ups/<int:follow_up_id>/outcome/", FollowUpOutcomeApi.as_view(), name="follow-up-outcome"),
]
