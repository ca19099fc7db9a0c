"""The API of the risk and vulnerability meeting (DESIGN.md §7, §9): meetings, who attended, the cases
heard with their referrals, the decision on each and the actions set. Thin views over
``risk.services.meetings`` and ``risk.selectors.meetings``.

A meeting shows each user only the hearings of cases they may see; showing a restricted case's
hearing or action is a read recorded in the audit trail.
"""

from django.db.models import QuerySet
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, status

from cases.apis.case_records import record_kinds
from cases.models import Level
from yjs.api.endpoints import Audit, reads_audited
from yjs.api.fields import (
    VisibleRelatedField,
    choice_input,
    date_input,
    model_max_length,
    optional_text,
    staff_input,
)
from yjs.api.filters import IdFilter, add_period_filters
from yjs.api.routes import row_paths
from yjs.models import Team
from yjs.validators import happened_after_yjs_began, planned_for

from ..models import Action, Attendee, Hearing, Meeting, Referral
from ..selectors import meetings as selectors
from ..services import meetings as services
from .common import visible_case_input

# --- Output -------------------------------------------------------------------------------------------


class RiskHearingReferralOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Referral
        fields = ["id", "reason", "automatic", "detail", "referred_at", "status"]


class RiskActionOutputSerializer(serializers.ModelSerializer):
    """An action; ``owner`` is a user's id, or null for a partner agency's (``owner_agency``)."""

    hearing = serializers.IntegerField(source="hearing_id", read_only=True)
    case = serializers.IntegerField(source="case_id", read_only=True)
    owner = serializers.IntegerField(source="owner_id", read_only=True, allow_null=True)
    owner_name = serializers.CharField(source="owner", read_only=True, allow_null=True)
    done_by = serializers.IntegerField(source="done_by_id", read_only=True, allow_null=True)
    recorded_by = serializers.IntegerField(source="recorded_by_id", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Action
        fields = [
            "id",
            "hearing",
            "case",
            "description",
            "owner",
            "owner_name",
            "owner_agency",
            "due_on",
            "done_on",
            "done_by",
            "overdue",
            "recorded_by",
            "recorded_at",
        ]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_overdue(self, action: Action) -> bool:
        """Not done, and due before today."""
        return selectors.is_overdue(action)


class RiskActionListOutputSerializer(RiskActionOutputSerializer):
    """An action with its meeting and child."""

    meeting = serializers.IntegerField(source="hearing.meeting_id", read_only=True)
    held_on = serializers.DateField(source="hearing.meeting.held_on", read_only=True)
    child = serializers.IntegerField(source="case.child_id", read_only=True)
    child_name = serializers.CharField(source="case.child", read_only=True)

    class Meta(RiskActionOutputSerializer.Meta):
        fields = [*RiskActionOutputSerializer.Meta.fields[:3], "meeting", "held_on", "child", "child_name",
                  *RiskActionOutputSerializer.Meta.fields[3:]]  # fmt: skip


class RiskHearingOutputSerializer(serializers.ModelSerializer):
    """A case on a meeting's agenda with the referrals it heard; once decided, the levels the meeting
    agreed, how the risk is managed, what it decided and when it reviews the case next."""

    meeting = serializers.IntegerField(source="meeting_id", read_only=True)
    case = serializers.IntegerField(source="case_id", read_only=True)
    child = serializers.IntegerField(source="case.child_id", read_only=True)
    child_name = serializers.CharField(source="case.child", read_only=True)
    decided = serializers.BooleanField(source="is_decided", read_only=True)
    decided_by = serializers.IntegerField(source="decided_by_id", read_only=True, allow_null=True)
    decided_by_name = serializers.CharField(source="decided_by", read_only=True, allow_null=True)
    referrals = RiskHearingReferralOutputSerializer(many=True, read_only=True)
    actions = RiskActionOutputSerializer(many=True, read_only=True)

    class Meta:
        model = Hearing
        fields = [
            "id",
            "meeting",
            "case",
            "child",
            "child_name",
            "referrals",
            "decided",
            "risk_of_serious_harm",
            "safety_and_wellbeing",
            "external_controls",
            "contingency",
            "decision",
            "next_review_on",
            "decided_by",
            "decided_by_name",
            "decided_at",
            "actions",
        ]


class RiskAttendeeOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendee
        fields = ["id", "name", "agency", "role"]


class RiskMeetingOutputSerializer(serializers.ModelSerializer):
    """A meeting, its attendees and the cases it heard: only those you may see."""

    team = serializers.IntegerField(source="team_id", read_only=True)
    team_name = serializers.CharField(source="team", read_only=True)
    chair = serializers.IntegerField(source="chair_id", read_only=True)
    chair_name = serializers.CharField(source="chair", read_only=True)
    recorded_by = serializers.IntegerField(source="recorded_by_id", read_only=True)
    attendees = RiskAttendeeOutputSerializer(many=True, read_only=True)
    hearings = RiskHearingOutputSerializer(source="visible_hearings", many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "team",
            "team_name",
            "held_on",
            "chair",
            "chair_name",
            "notes",
            "recorded_by",
            "recorded_at",
            "attendees",
            "hearings",
        ]


def audited(via: str) -> Audit:
    """The reads of restricted cases' hearings or actions, in the audit trail."""
    return reads_audited(services.risk_records_viewed, via)


def meetings_audited(via: str) -> Audit:
    """A meeting shown: the hearings it shows the user (only those of cases they may see) are read."""
    hearings_audited = audited(via)
    return lambda request, meetings: hearings_audited(
        request, [hearing for meeting in meetings for hearing in meeting.visible_hearings]
    )


HEARINGS = record_kinds(audited)(selectors.hearing_list, selectors.hearing_get, RiskHearingOutputSerializer, "hearing")
MEETINGS = record_kinds(meetings_audited)(
    selectors.meeting_list, selectors.meeting_get, RiskMeetingOutputSerializer, "meeting"
)
ACTIONS = record_kinds(audited)(selectors.action_list, selectors.action_get, RiskActionListOutputSerializer, "action")


# --- Input fields ---------------------------------------------------------------------------------------


def own_team_input(**kwargs) -> VisibleRelatedField:
    return VisibleRelatedField(
        model=Team, visible=lambda user: Team.objects.filter(pk__in=user.team_ids), label="team", **kwargs
    )


def level_input(label: str) -> serializers.ChoiceField:
    # Labelled per field: the two share one set of levels, which the schema would otherwise name twice.
    return choice_input(label, [(value, f"{name} ({label})") for value, name in Level.choices])


# --- Meetings -------------------------------------------------------------------------------------------


class RiskMeetingFilter(filters.FilterSet):
    team = IdFilter(field_name="team__id", label="Team id")

    class Meta:
        model = Meeting
        fields = ["team"]


add_period_filters(RiskMeetingFilter, "held_on", "Held")


class RiskMeetingCreateInputSerializer(serializers.Serializer):
    team = own_team_input()
    held_on = date_input("date of the meeting", planned_for)
    chair = staff_input("chair")
    notes = optional_text("notes")


class MeetingListCreateApi(
    MEETINGS.listing(
        "List risk and vulnerability meetings",
        "The meetings of your teams (and any that heard a case you may see), newest first, each with "
        "only the hearings of cases you may see. Listing a restricted case's hearing is recorded in the audit trail.",
        filterset=RiskMeetingFilter,
        via="risk_meeting_list",
    ),
    MEETINGS.create(
        "Arrange a team's risk and vulnerability meeting (a manager of the team)",
        "The chair is a member of the team.",
        service=services.meeting_create,
        input=RiskMeetingCreateInputSerializer,
        via="risk_meeting",
    ),
):
    """Risk and vulnerability meetings: list them, or arrange one."""


MeetingDetailApi = MEETINGS.read(
    "A meeting: attendees, and the cases heard with their referrals, decisions and actions",
    "Only the hearings of cases you may see; reading a restricted case's is recorded in the audit trail.",
    via="risk_meeting",
)


class RiskAttendeeInputSerializer(serializers.Serializer):
    name = optional_text("attendee's name", model_max_length(Attendee, "name"), person_name=True)
    agency = optional_text("attendee's agency", model_max_length(Attendee, "agency"))
    role = optional_text("attendee's role", model_max_length(Attendee, "role"))


MeetingAttendeeApi = MEETINGS.action(
    "Record who attended a meeting, with their agency and role",
    "A meeting needs no quorum: its decisions stand whoever attended.",
    service=services.attendee_add,
    input=RiskAttendeeInputSerializer,
    status=status.HTTP_201_CREATED,
    via="risk_meeting",
)


class RiskHearingInputSerializer(serializers.Serializer):
    case = visible_case_input()


MeetingHearingApi = MEETINGS.action(
    "Put a case on a meeting's agenda",
    "An open case of the meeting's team, once per meeting; the case's referrals awaiting a meeting are heard with it.",
    service=services.hearing_add,
    input=RiskHearingInputSerializer,
    output=RiskHearingOutputSerializer,
    status=status.HTTP_201_CREATED,
    answer=HEARINGS.find,
    answer_result=True,
    audit=audited("risk_hearing"),
)


# --- Decisions ----------------------------------------------------------------------------------------


class RiskDecisionInputSerializer(serializers.Serializer):
    risk_of_serious_harm = level_input("agreed risk of serious harm")
    safety_and_wellbeing = level_input("agreed safety and wellbeing level")
    external_controls = optional_text("external controls")
    contingency = optional_text("contingency plan")
    decision = optional_text("decision")
    next_review_on = date_input("date of the next review", planned_for)


HearingDecisionApi = HEARINGS.action(
    "Record the meeting's decision on a case",
    "The levels agreed; external controls and contingency are required when either level is high "
    "or very high; the next review is on or after the meeting. The case's referrals become `heard`, and the "
    "decision is added to the case's plan unless the plan is countersigned.",
    service=services.hearing_decide,
    input=RiskDecisionInputSerializer,
    via="risk_hearing",
)


# --- Actions ------------------------------------------------------------------------------------------


class RiskActionFilter(filters.FilterSet):
    case = IdFilter(field_name="case__id", label="Case id")
    owner = IdFilter(field_name="owner__id", label="Owner's user id")
    meeting = IdFilter(field_name="hearing__meeting__id", label="Meeting id")
    overdue = filters.BooleanFilter(method="filter_overdue", label="Not done and due before today")

    class Meta:
        model = Action
        fields = ["case", "owner", "meeting", "overdue"]

    def filter_overdue(self, queryset: QuerySet[Action], name: str, value: bool | None) -> QuerySet[Action]:
        if value is None:
            return queryset
        overdue = {"done_on__isnull": True, "due_on__lt": timezone.localdate()}
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)


class RiskActionCreateInputSerializer(serializers.Serializer):
    hearing = VisibleRelatedField(
        model=Hearing, visible=lambda user: selectors.hearing_list(user=user), label="case heard at the meeting"
    )
    description = optional_text("action")
    due_on = date_input("due date", planned_for)
    owner = staff_input("owner", required=False, allow_null=True, default=None)
    owner_agency = optional_text("partner agency", model_max_length(Action, "owner_agency"))


class ActionListCreateApi(
    ACTIONS.listing(
        "List the actions risk meetings set",
        "On cases you may see, earliest due first; `overdue=true` for those not done and past due.",
        filterset=RiskActionFilter,
        via="risk_action_list",
    ),
    ACTIONS.create(
        "Set an action on a case a meeting heard (a manager of the team)",
        "Owned by a member of the team who can see the case (`owner`) or a named partner agency "
        "(`owner_agency`), not both; due on or after the meeting.",
        service=services.action_add,
        input=RiskActionCreateInputSerializer,
    ),
):
    """The actions risk meetings set: list them, or set one."""


class RiskActionCompleteInputSerializer(serializers.Serializer):
    done_on = date_input("date it was done", happened_after_yjs_began, required=False, allow_null=True, default=None)


ActionCompleteApi = ACTIONS.action(
    "Mark an action done",
    "Its owner, or a manager of the team (who marks a partner agency's); `done_on` defaults to "
    "today and is not in the future.",
    service=services.action_complete,
    input=RiskActionCompleteInputSerializer,
)


urlpatterns = [
    *row_paths(
        "meetings",
        "meeting",
        list=MeetingListCreateApi,
        detail=MeetingDetailApi,
        actions={"attendees": MeetingAttendeeApi, "hearings": MeetingHearingApi},
    ),
    *row_paths("hearings", "hearing", actions={"decision": HearingDecisionApi}),
    *row_paths("actions", "action", list=ActionListCreateApi, actions={"complete": ActionCompleteApi}),
]
