"""Follow-ups of police outcomes given to children not known to the YJS (DESIGN.md §11): the list
(``?open=true`` for those still to record), one follow-up, and recording its outcome."""

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from rest_framework import serializers

from yjs.api.endpoints import Rows
from yjs.api.fields import choice_input, optional_text
from yjs.api.filters import IdFilter
from yjs.api.routes import row_paths

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


# A follow-up the path names is found among those the user may see: 404 for any other.
FOLLOW_UPS = Rows.got(selectors.follow_up_list, selectors.follow_up_get, FollowUpOutputSerializer, "follow_up")


class FollowUpListApi(
    FOLLOW_UPS.listing(
        "List the follow-ups of police outcomes for children not known to the YJS",
        "Earliest due first: every follow-up for the police officer and the head of service, the "
        "team's for its managers and case workers; `open=true` for those whose outcome is still to record.",
        base=OocdListApi,
        filterset=FollowUpFilter,
    )
):
    pass


FollowUpDetailApi = FOLLOW_UPS.read("A follow-up")


class FollowUpOutcomeInputSerializer(serializers.Serializer):
    outcome = choice_input("outcome of the follow-up", FollowUpOutcome.choices)
    note = optional_text("note")


FollowUpOutcomeApi = FOLLOW_UPS.action(
    "Record the outcome of a follow-up (the police officer, or the team's managers and case workers)",
    "Once. `not_needed` needs a `note` saying why no offer of support is needed.",
    service=follow_up_outcome_record,
    input=FollowUpOutcomeInputSerializer,
)


urlpatterns = row_paths(
    "follow-ups", "follow-up", list=FollowUpListApi, detail=FollowUpDetailApi, actions={"outcome": FollowUpOutcomeApi}
)
