"""Referrals for an out-of-court disposal decision and the views recorded before the panel, the panels that decide
them, and the outcomes in use."""

from datetime import date
from functools import partial
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from cases import permissions as case_permissions
from cases.models import Child, GravityScore, Offence
from yjs.api.base import Api
from yjs.api.endpoints import Rows, found_by
from yjs.api.fields import (
    VisibleRelatedField,
    boolean_input,
    choice_input,
    date_input,
    datetime_input,
    list_input,
    model_max_length,
    optional_text,
    staff_input,
    text_input,
    unchanged_unless_given,
)
from yjs.api.filters import IdFilter, add_period_filters
from yjs.models import User
from yjs.selectors import one_or_404
from yjs.validators import happened_after_yjs_began, planned_for

from .. import permissions, selectors, services
from ..models import Agency, Outcome, Panel, PanelAttendee, PanelItem, Referral, ReferralSource
from ..selectors import ReferralStatus
from .base import OocdListApi, own_team_input, visible_referral_input

# --- Outcomes ---------------------------------------------------------------------------------


class OutcomeOutputSerializer(serializers.ModelSerializer):
    gravity_score = serializers.IntegerField(read_only=True)

    class Meta:
        model = Outcome
        fields = [
            "code",
            "name",
            "gravity_score",
            "needs_admission",
            "barred_after_conviction",
            "has_conditions",
            "statutory",
        ]


class OutcomeListApi(Api):
    @extend_schema(
        summary="The out-of-court outcomes in use",
        description="The codes a decision's `outcome` takes, with the properties the rules read: an admission "
        "needed, barred after a previous conviction, conditions, statutory (a first-time entrant).",
        responses={200: OutcomeOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        return Response(OutcomeOutputSerializer(selectors.outcome_list(), many=True).data)


# --- Referrals ------------------------------------------------------------------------------------


class ReferralDecisionOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    outcome = serializers.CharField(source="outcome.code")
    decided_on = serializers.DateField()
    police_only = serializers.BooleanField()
    delivered = serializers.BooleanField(source="is_delivered")


class ReferralOutputSerializer(serializers.ModelSerializer):
    """A referral, where it is (``status``) and what the panel still needs (``missing``)."""

    child = serializers.IntegerField(source="child_id", read_only=True)
    child_name = serializers.CharField(source="child", read_only=True)
    case = serializers.IntegerField(source="case_id", read_only=True)
    team = serializers.IntegerField(source="case.team_id", read_only=True)
    team_name = serializers.CharField(source="case.team.name", read_only=True)
    source = serializers.CharField(read_only=True)
    gravity_score = serializers.IntegerField(read_only=True)
    research_request = serializers.IntegerField(source="research_request_id", read_only=True, allow_null=True)
    research_status = serializers.CharField(source="research_request.status", read_only=True, allow_null=True)
    created_by = serializers.IntegerField(source="created_by_id", read_only=True)
    status = serializers.SerializerMethodField()
    missing = serializers.SerializerMethodField()
    decision = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = [
            "id",
            "child",
            "child_name",
            "case",
            "team",
            "team_name",
            "source",
            "referred_at",
            "referring_officer",
            "gravity_score",
            "admitted",
            "previous_conviction",
            "research_request",
            "research_status",
            "has_victim",
            "victim_views",
            "victim_contacted_at",
            "victim_not_contacted_reason",
            "child_views",
            "parent_carer_views",
            "withdrawn_at",
            "created_by",
            "status",
            "missing",
            "decision",
        ]

    # A string rather than an enum in the schema: an enum of a field named "status" shared by two
    # components would collide with the other apps' "status" enums.
    @extend_schema_field(serializers.CharField(help_text=f"One of: {', '.join(ReferralStatus.values)}"))
    def get_status(self, referral: Referral) -> str:
        return selectors.referral_status(referral)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_missing(self, referral: Referral) -> list[str]:
        """What the panel still needs; empty once decided."""
        if getattr(referral, "decision", None) is not None:
            return []
        return selectors.missing_before_panel(referral)

    @extend_schema_field(ReferralDecisionOutputSerializer(allow_null=True))
    def get_decision(self, referral: Referral) -> dict[str, Any] | None:
        decision = getattr(referral, "decision", None)
        return None if decision is None else ReferralDecisionOutputSerializer(decision).data


class ReferralOffenceOutputSerializer(serializers.ModelSerializer):
    gravity_score = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Offence
        fields = ["id", "offence_date", "description", "offence_group", "gravity_score"]


class ReferralDetailOutputSerializer(ReferralOutputSerializer):
    offences = ReferralOffenceOutputSerializer(source="case.offences", many=True, read_only=True)

    class Meta(ReferralOutputSerializer.Meta):
        fields = [*ReferralOutputSerializer.Meta.fields, "offences"]


# A referral the path names is found among those the user may see: 404, "No such referral", for any other.
REFERRALS = Rows.got(selectors.referral_list, selectors.referral_get, ReferralDetailOutputSerializer, "referral")


class ReferralFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=ReferralStatus.choices, method="filter_status", label="Where the referral is")
    decided = filters.BooleanFilter(method="filter_decided", label="Decided (true) or waiting (false)")
    child = IdFilter(field_name="child__id", label="Child id")
    source = filters.ChoiceFilter(choices=ReferralSource.choices)

    class Meta:
        model = Referral
        fields = ["status", "decided", "child", "source"]

    def filter_status(self, queryset: QuerySet[Referral], name: str, value: str) -> QuerySet[Referral]:
        return selectors.referrals_with_status(queryset, status=value)

    def filter_decided(self, queryset: QuerySet[Referral], name: str, value: bool | None) -> QuerySet[Referral]:
        return selectors.referrals_with_status(queryset, decided=value)


add_period_filters(ReferralFilter, "referred_at", "Referred", on="date__")


class ReferralOffenceInputSerializer(serializers.Serializer):
    offence_date = date_input("date of the offence", happened_after_yjs_began)
    description = text_input("offence", model_max_length(Offence, "description"))
    offence_group = text_input(
        "Home Office offence group",
        model_max_length(Offence, "offence_group"),
        required=False,
        allow_blank=True,
        default="",
    )
    gravity_score = choice_input(
        "gravity score of the offence", GravityScore.choices, required=False, allow_null=True, default=None
    )

    def validate_offence_date(self, value: date) -> date:
        if value > timezone.localdate():
            raise serializers.ValidationError("The date of the offence must be today or in the past")
        return value


class ReferralCreateInputSerializer(serializers.Serializer):
    child = VisibleRelatedField(model=Child, visible=case_permissions.visible_children, label="child")
    team = own_team_input()
    referring_officer = text_input(
        "referring officer", model_max_length(Referral, "referring_officer"), person_name=True
    )
    gravity_score = choice_input("gravity score", GravityScore.choices)
    admitted = boolean_input("whether the child admitted the offence or accepted responsibility")
    offences = list_input(ReferralOffenceInputSerializer(), "offence the referral is for", allow_empty=False)
    source = choice_input(
        "where the referral came from", ReferralSource.choices, required=False, default=ReferralSource.POLICE
    )
    referred_at = datetime_input(
        "date of the referral", happened_after_yjs_began, required=False, allow_null=True, default=None
    )
    has_victim = boolean_input("whether there is a victim", required=False, default=True)
    previous_conviction = boolean_input(
        "previous conviction",
        required=False,
        allow_null=True,
        default=None,
        help_text="Found from the child's court orders when not given",
    )


class ReferralListCreateApi(
    REFERRALS.listing(
        "List out-of-court disposal referrals",
        "The referrals you may see: police officers and the head of service see all; YJS staff those "
        "of cases they can see; panel members those on panels they attend. Each has its `status` and what the "
        "panel still needs (`missing`).",
        output=ReferralOutputSerializer,
        base=OocdListApi,
        filterset=ReferralFilter,
    ),
    REFERRALS.create(
        "Refer a child for an out-of-court disposal decision",
        "Opens a diversion case on the team given and asks the police officer for research (an "
        "`oocd_research` information request).",
        service=services.referral_create,
        input=ReferralCreateInputSerializer,
    ),
):
    pass


ReferralDetailApi = REFERRALS.read("A referral")


class ReferralViewsInputSerializer(serializers.Serializer):
    """Each field sent is recorded; those not sent are left as they are."""

    victim_views = unchanged_unless_given("victim's views")
    victim_contacted_at = datetime_input(
        "time the victim was contacted", happened_after_yjs_began, required=False, allow_null=True
    )
    victim_not_contacted_reason = unchanged_unless_given("reason the victim was not contacted")
    child_views = unchanged_unless_given("child's views")
    parent_carer_views = unchanged_unless_given("parent or carer's views")


ReferralViewsApi = REFERRALS.action(
    "Record views before the panel",
    "The victim's views (with when they were contacted, or why they were not), the child's and "
    "the parent or carer's. Refused once the decision is made.",
    service=services.referral_views_record,
    input=ReferralViewsInputSerializer,
)


# --- Panels -----------------------------------------------------------------------------------------


class PanelAttendeeOutputSerializer(serializers.ModelSerializer):
    user = serializers.IntegerField(source="user_id", read_only=True, allow_null=True)
    agency = serializers.CharField(read_only=True)

    class Meta:
        model = PanelAttendee
        fields = ["id", "user", "name", "agency", "role"]


class PanelAgendaItemOutputSerializer(serializers.ModelSerializer):
    referral = serializers.IntegerField(source="referral_id", read_only=True)
    child_name = serializers.CharField(source="referral.child", read_only=True)
    gravity_score = serializers.IntegerField(source="referral.gravity_score", read_only=True)
    admitted = serializers.BooleanField(source="referral.admitted", read_only=True)
    decision = serializers.SerializerMethodField()

    class Meta:
        model = PanelItem
        fields = ["id", "position", "referral", "child_name", "gravity_score", "admitted", "decision"]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_decision(self, item: PanelItem) -> int | None:
        decision = getattr(item.referral, "decision", None)
        return None if decision is None else decision.pk


class PanelOutputSerializer(serializers.ModelSerializer):
    """A panel: ``quorate`` when the police and the YJS both attended (needed for a decision). The
    agenda lists the referrals you may see; ``referral_count`` counts them all."""

    chair = serializers.IntegerField(source="chair_id", read_only=True)
    chair_name = serializers.CharField(source="chair", read_only=True)
    quorate = serializers.SerializerMethodField()
    referral_count = serializers.IntegerField(read_only=True)
    attendees = PanelAttendeeOutputSerializer(many=True, read_only=True)
    agenda = PanelAgendaItemOutputSerializer(source="visible_items", many=True, read_only=True)

    class Meta:
        model = Panel
        fields = [
            "id",
            "held_on",
            "location",
            "chair",
            "chair_name",
            "quorate",
            "referral_count",
            "attendees",
            "agenda",
        ]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_quorate(self, panel: Panel) -> bool:
        # From the prefetched attendees: ``services.panel_is_quorate`` would query per panel.
        return {Agency.POLICE, Agency.YJS} <= {attendee.agency for attendee in panel.attendees.all()}


def _panels(user: User) -> QuerySet[Panel]:
    """The panels the user sees, each with ``visible_items``: the agenda items whose referral they may see."""
    visible_items = (
        PanelItem.objects.filter(referral__in=permissions.visible_referrals(user).values("pk"))
        .select_related("referral__child", "referral__decision")
        .order_by("position", "id")
    )
    return selectors.panel_list(user=user).prefetch_related(
        Prefetch("items", queryset=visible_items, to_attr="visible_items")
    )


def _panel_with_items(request: Request, panel_id: int) -> Panel:
    """The panel as answered, with the agenda items the user may see (404, "No such panel")."""
    return one_or_404(_panels(request.user), panel_id, "panel")


# A panel the path names is answered with the agenda items the user may see (404, "No such panel").
PANELS = Rows(_panels, _panel_with_items, PanelOutputSerializer, "panel")


class PanelFilter(filters.FilterSet):
    class Meta:
        model = Panel
        fields = []


add_period_filters(PanelFilter, "held_on", "Held")


class PanelCreateInputSerializer(serializers.Serializer):
    held_on = date_input("date of the panel", planned_for)
    location = optional_text("location", model_max_length(Panel, "location"))
    referrals = list_input(visible_referral_input(), "referrals", required=False, default=list)


class PanelListCreateApi(
    PANELS.listing(
        "List panels",
        "Police officers, team managers and the head of service see every panel; others the panels they attend.",
        base=OocdListApi,
        filterset=PanelFilter,
    ),
    PANELS.create(
        "Set up a panel (team manager or police officer, who chairs it)",
        service=services.panel_create,
        input=PanelCreateInputSerializer,
    ),
):
    pass


PanelDetailApi = PANELS.read("A panel, its attendees and agenda")


# Something added to a panel the user may see; the panel answered (201) with it.
panel_addition = partial(
    PANELS.action,
    find=found_by(selectors.panel_get, "panel_id"),
    answer=_panel_with_items,
    status=status.HTTP_201_CREATED,
)


class PanelAttendeeInputSerializer(serializers.Serializer):
    user = staff_input("user", required=False, allow_null=True, default=None)
    name = optional_text("attendee's name", model_max_length(PanelAttendee, "name"), person_name=True)
    agency = choice_input("attendee's agency", Agency.choices)
    role = text_input("attendee's role", model_max_length(PanelAttendee, "role"))


PanelAttendeeApi = panel_addition(
    "Record an attendee of a panel",
    "A decision is valid only if the police and the YJS were both present.",
    service=services.panel_attendee_add,
    input=PanelAttendeeInputSerializer,
)


class PanelReferralInputSerializer(serializers.Serializer):
    referral = visible_referral_input()


PanelReferralApi = panel_addition(
    "Add a referral to a panel's agenda",
    service=services.panel_referral_add,
    input=PanelReferralInputSerializer,
)
