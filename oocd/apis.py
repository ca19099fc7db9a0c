"""The out-of-court disposals REST API under /api/v1/oocd/ (DESIGN.md §3 "oocd", §7).

Thin views: each operation validates its input with a small serializer, calls a selector
(reads) or a service (writes) and answers with an output serializer. Who may see what is
decided by ``oocd.permissions`` only, through the selectors: a referral, panel or decision
the user may not see answers 404 whatever they ask to do with it (and, given as an input
id, "Select a valid …"); a service refuses with 403 what a user who sees it may not do,
and with 400 naming the field every rule it breaks, having changed nothing.

The signed disposal document is stored privately (``MEDIA_ROOT``, outside the web root)
and served only here, to users who may see its decision; each download is audited.
"""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse
from django.urls import reverse
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases import permissions as case_permissions
from cases.models import Child, GravityScore, Offence
from yjs.api.fields import (
    BAD_INPUT,
    FORBIDDEN,
    NOT_FOUND,
    ObjectPath,
    VisibleRelatedField,
    boolean_input,
    choice_input,
    date_input,
    datetime_input,
    empty_messages,
    list_input,
    model_max_length,
    optional_text,
    text_input,
    unchanged_unless_given,
)
from yjs.api.filters import FieldFilterBackend
from yjs.api.listing import ListWriter
from yjs.models import Team, User
from yjs.validators import happened_after_yjs_began, planned_for

from . import permissions, selectors, services
from .models import (
    Agency,
    Condition,
    ConditionFailure,
    ConditionStatus,
    Decision,
    Outcome,
    Panel,
    PanelAttendee,
    PanelItem,
    Referral,
    ReferralSource,
    ScrutinyItem,
    ScrutinySample,
    SignedDocumentVersion,
)
from .selectors import ReferralStatus

# --- Input fields with GOV.UK error messages ----------------------------------------------


def visible_referral_input(**kwargs) -> VisibleRelatedField:
    return VisibleRelatedField(model=Referral, visible=permissions.visible_referrals, label="referral", **kwargs)


def own_team_input(**kwargs) -> VisibleRelatedField:
    return VisibleRelatedField(
        model=Team, visible=lambda user: Team.objects.filter(pk__in=user.team_ids), label="team", **kwargs
    )


class CodeRelatedField(serializers.SlugRelatedField):
    """A row by its code. DRF looks the code up as sent: one PostgreSQL cannot take as text (a NUL,
    half a surrogate pair) made the query fail with a 500 (found by the API fuzzing)."""

    def to_internal_value(self, data):
        if isinstance(data, str) and ("\x00" in data or (not data.isascii() and not _encodes(data))):
            self.fail("invalid")
        return super().to_internal_value(data)


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def outcome_input(**kwargs) -> serializers.SlugRelatedField:
    messages = empty_messages("Select", "outcome") | {
        "does_not_exist": "Select a valid outcome",
        "invalid": "Select a valid outcome",
    }
    return CodeRelatedField(slug_field="code", queryset=Outcome.objects.all(), error_messages=messages, **kwargs)


class OocdApi(APIView):
    """Signed in; everything else is decided by the selectors and services."""

    permission_classes = [IsAuthenticated]


class OocdListApi(GenericAPIView):
    """A paginated, filterable list of what a selector returns for the user. ``queryset`` is
    a hint for the schema and filters; the rows always come from ``get_queryset``."""

    permission_classes = [IsAuthenticated]
    filter_backends = [FieldFilterBackend]

    def list_response(self, rows, serializer_class: type[serializers.Serializer]) -> Response:
        page = self.paginate_queryset(self.filter_queryset(rows))
        return self.get_paginated_response(serializer_class(page, many=True, context={"request": self.request}).data)


def valid(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class IdFilter(filters.NumberFilter):
    """A whole-number id (``?child=12``); anything else is a 400."""

    field_class = forms.IntegerField


def _date_filter(field: str, lookup: str, label: str, name: str) -> filters.DateFilter:
    wrong = f"The {name} must be a real date, in the format YYYY-MM-DD"
    return filters.DateFilter(field_name=field, lookup_expr=lookup, label=label, error_messages={"invalid": wrong})


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


class OutcomeListApi(OocdApi):
    @extend_schema(
        summary="The out-of-court outcomes in use",
        description="The codes a decision's `outcome` takes, with the properties the rules read: an admission "
        "needed, barred after a previous conviction, conditions, statutory (a first-time entrant).",
        responses={200: OutcomeOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        return Response(OutcomeOutputSerializer(selectors.outcome_list(), many=True).data)


# --- Decisions: output ------------------------------------------------------------------------------


class ConditionFailureOutputSerializer(serializers.ModelSerializer):
    condition = serializers.IntegerField(source="condition_id", read_only=True)
    recorded_by = serializers.IntegerField(source="recorded_by_id", read_only=True)

    class Meta:
        model = ConditionFailure
        fields = [
            "id",
            "condition",
            "occurred_on",
            "what_happened",
            "reasons_given",
            "considered_for_prosecution",
            "prosecution_outcome",
            "recorded_by",
            "recorded_at",
        ]


class ConditionOutputSerializer(serializers.ModelSerializer):
    decision = serializers.IntegerField(source="decision_id", read_only=True)
    status = serializers.CharField(read_only=True)
    failures = ConditionFailureOutputSerializer(many=True, read_only=True)

    class Meta:
        model = Condition
        fields = ["id", "decision", "description", "end_date", "status", "compliance_notes", "failures"]


class SignedDocumentVersionOutputSerializer(serializers.ModelSerializer):
    """One upload of the signed document, newest first; ``download`` is null once retention removed the file."""

    uploaded_by = serializers.IntegerField(source="uploaded_by_id", read_only=True, allow_null=True)
    download = serializers.SerializerMethodField(allow_null=True)

    class Meta:
        model = SignedDocumentVersion
        fields = ["id", "content_type", "size", "sha256", "uploaded_by", "uploaded_at", "removed_at", "download"]

    @extend_schema_field(OpenApiTypes.URI_REF)
    def get_download(self, version: SignedDocumentVersion) -> str | None:
        if version.removed_at:
            return None
        return reverse(
            "api:oocd-api:decision-document-version",
            kwargs={"decision_id": version.decision_id, "version_id": version.pk},
        )


class DecisionOutputSerializer(serializers.ModelSerializer):
    """A decision with its delivery; ``delivered`` is true only when every part of delivery is recorded."""

    referral = serializers.IntegerField(source="referral_id", read_only=True)
    child = serializers.IntegerField(source="referral.child_id", read_only=True)
    child_name = serializers.CharField(source="referral.child", read_only=True)
    panel = serializers.IntegerField(source="panel_id", read_only=True, allow_null=True)
    outcome = serializers.CharField(source="outcome.code", read_only=True)
    outcome_name = serializers.CharField(source="outcome.name", read_only=True)
    recorded_by = serializers.IntegerField(source="recorded_by_id", read_only=True)
    delivered_by = serializers.IntegerField(source="delivered_by_id", read_only=True, allow_null=True)
    signed_document = serializers.SerializerMethodField(allow_null=True)
    delivered = serializers.BooleanField(source="is_delivered", read_only=True)
    signed_document_versions = SignedDocumentVersionOutputSerializer(many=True, read_only=True)
    conditions = ConditionOutputSerializer(many=True, read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "referral",
            "child",
            "child_name",
            "panel",
            "police_only",
            "outcome",
            "outcome_name",
            "decided_on",
            "rationale",
            "dissent",
            "departure_reason",
            "recorded_by",
            "recorded_at",
            "warning_given_at",
            "appropriate_adult_name",
            "implications_explained_at",
            "delivered_by",
            "delivered_at",
            "signed_document",
            "signed_document_type",
            "signed_document_versions",
            "victim_informed_at",
            "delivered",
            "conditions",
        ]

    @extend_schema_field(OpenApiTypes.URI_REF)
    def get_signed_document(self, decision: Decision) -> str | None:
        """Where to download the signed document (for permitted users), or null before it is uploaded."""
        if not decision.signed_document:
            return None
        return DECISION_DOCUMENT_PATH(decision.pk)


DECISION_DOCUMENT_PATH = ObjectPath("api:oocd-api:decision-document", "decision_id")


def decision_response(request: Request, decision_id: int, status_code: int = status.HTTP_200_OK) -> Response:
    decision = selectors.decision_get(user=request.user, decision_id=decision_id)
    return Response(DecisionOutputSerializer(decision).data, status=status_code)


# --- Referrals ------------------------------------------------------------------------------------


# A list page: the serializer's JSON, written without its per-row overhead (yjs.api.listing).
DECISION_PAGE = ListWriter(DecisionOutputSerializer)


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


def referral_response(request: Request, referral_id: int, status_code: int = status.HTTP_200_OK) -> Response:
    referral = selectors.referral_get(user=request.user, referral_id=referral_id)
    return Response(ReferralDetailOutputSerializer(referral).data, status=status_code)


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


ReferralFilter.base_filters["from"] = _date_filter(
    "referred_at", "date__gte", "Referred on or after (YYYY-MM-DD)", "start date"
)
ReferralFilter.base_filters["to"] = _date_filter(
    "referred_at", "date__lte", "Referred on or before (YYYY-MM-DD)", "end date"
)


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


class ReferralListCreateApi(OocdListApi):
    queryset = Referral.objects.none()
    filterset_class = ReferralFilter

    def get_queryset(self) -> QuerySet[Referral]:
        return selectors.referral_list(user=self.request.user)

    @extend_schema(
        summary="List out-of-court disposal referrals",
        description="The referrals you may see: police officers and the head of service see all; YJS staff those "
        "of cases they can see; panel members those on panels they attend. Each has its `status` and what the "
        "panel still needs (`missing`).",
        responses={200: ReferralOutputSerializer(many=True), 400: BAD_INPUT},
    )
    def get(self, request: Request) -> Response:
        return self.list_response(self.get_queryset(), ReferralOutputSerializer)

    @extend_schema(
        summary="Refer a child for an out-of-court disposal decision",
        description="Opens a diversion case on the team given and asks the police officer for research (an "
        "`oocd_research` information request).",
        request=ReferralCreateInputSerializer,
        responses={201: ReferralDetailOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    def post(self, request: Request) -> Response:
        data = valid(ReferralCreateInputSerializer, request)
        referral = services.referral_create(by=request.user, **data)
        return referral_response(request, referral.pk, status.HTTP_201_CREATED)


class ReferralDetailApi(OocdApi):
    @extend_schema(
        summary="A referral",
        responses={200: ReferralDetailOutputSerializer, 404: NOT_FOUND},
    )
    def get(self, request: Request, referral_id: int) -> Response:
        return referral_response(request, referral_id)


class ReferralViewsInputSerializer(serializers.Serializer):
    """Each field sent is recorded; those not sent are left as they are."""

    victim_views = unchanged_unless_given("victim's views")
    victim_contacted_at = datetime_input(
        "time the victim was contacted", happened_after_yjs_began, required=False, allow_null=True
    )
    victim_not_contacted_reason = unchanged_unless_given("reason the victim was not contacted")
    child_views = unchanged_unless_given("child's views")
    parent_carer_views = unchanged_unless_given("parent or carer's views")


class ReferralViewsApi(OocdApi):
    @extend_schema(
        summary="Record views before the panel",
        description="The victim's views (with when they were contacted, or why they were not), the child's and "
        "the parent or carer's. Refused once the decision is made.",
        request=ReferralViewsInputSerializer,
        responses={200: ReferralDetailOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request: Request, referral_id: int) -> Response:
        referral = selectors.referral_get(user=request.user, referral_id=referral_id)
        services.referral_views_record(
            referral=referral, by=request.user, **valid(ReferralViewsInputSerializer, request)
        )
        return referral_response(request, referral_id)


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


def panel_response(request: Request, panel_id: int, status_code: int = status.HTTP_200_OK) -> Response:
    panel = _panels(request.user).filter(pk=panel_id).first()
    if panel is None:
        raise NotFound("No such panel")
    return Response(PanelOutputSerializer(panel).data, status=status_code)


def _panel(request: Request, panel_id: int) -> Panel:
    return selectors.panel_get(user=request.user, panel_id=panel_id)


class PanelFilter(filters.FilterSet):
    class Meta:
        model = Panel
        fields = []


PanelFilter.base_filters["from"] = _date_filter("held_on", "gte", "Held on or after (YYYY-MM-DD)", "start date")
PanelFilter.base_filters["to"] = _date_filter("held_on", "lte", "Held on or before (YYYY-MM-DD)", "end date")


class PanelCreateInputSerializer(serializers.Serializer):
    held_on = date_input("date of the panel", planned_for)
    location = optional_text("location", model_max_length(Panel, "location"))
    referrals = list_input(visible_referral_input(), "referrals", required=False, default=list)


class PanelListCreateApi(OocdListApi):
    queryset = Panel.objects.none()
    filterset_class = PanelFilter

    def get_queryset(self) -> QuerySet[Panel]:
        return _panels(self.request.user)

    @extend_schema(
        summary="List panels",
        description="Police officers, team managers and the head of service see every panel; others the panels "
        "they attend.",
        responses={200: PanelOutputSerializer(many=True), 400: BAD_INPUT},
    )
    def get(self, request: Request) -> Response:
        return self.list_response(self.get_queryset(), PanelOutputSerializer)

    @extend_schema(
        summary="Set up a panel (team manager or police officer, who chairs it)",
        request=PanelCreateInputSerializer,
        responses={201: PanelOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    def post(self, request: Request) -> Response:
        panel = services.panel_create(by=request.user, **valid(PanelCreateInputSerializer, request))
        return panel_response(request, panel.pk, status.HTTP_201_CREATED)


class PanelDetailApi(OocdApi):
    @extend_schema(summary="A panel, its attendees and agenda", responses={200: PanelOutputSerializer, 404: NOT_FOUND})
    def get(self, request: Request, panel_id: int) -> Response:
        return panel_response(request, panel_id)


class PanelAttendeeInputSerializer(serializers.Serializer):
    user = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        default=None,
        error_messages={"does_not_exist": "Select a valid user", "incorrect_type": "Select a valid user"},
    )
    name = optional_text("attendee's name", model_max_length(PanelAttendee, "name"), person_name=True)
    agency = choice_input("attendee's agency", Agency.choices)
    role = text_input("attendee's role", model_max_length(PanelAttendee, "role"))


class PanelAttendeeApi(OocdApi):
    @extend_schema(
        summary="Record an attendee of a panel",
        description="A decision is valid only if the police and the YJS were both present.",
        request=PanelAttendeeInputSerializer,
        responses={201: PanelOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request: Request, panel_id: int) -> Response:
        panel = _panel(request, panel_id)
        services.panel_attendee_add(panel=panel, by=request.user, **valid(PanelAttendeeInputSerializer, request))
        return panel_response(request, panel_id, status.HTTP_201_CREATED)


class PanelReferralInputSerializer(serializers.Serializer):
    referral = visible_referral_input()


class PanelReferralApi(OocdApi):
    @extend_schema(
        summary="Add a referral to a panel's agenda",
        request=PanelReferralInputSerializer,
        responses={201: PanelOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request: Request, panel_id: int) -> Response:
        panel = _panel(request, panel_id)
        services.panel_referral_add(panel=panel, by=request.user, **valid(PanelReferralInputSerializer, request))
        return panel_response(request, panel_id, status.HTTP_201_CREATED)


# --- Decisions ------------------------------------------------------------------------------------------


class DecisionFilter(filters.FilterSet):
    police_only = filters.BooleanFilter(label="Given by the police without a panel")
    outcome = filters.ModelChoiceFilter(
        field_name="outcome",
        to_field_name="code",
        queryset=Outcome.objects.all(),
        label="Outcome code",
        error_messages={"invalid_choice": "Select a valid outcome"},
    )
    referral = IdFilter(field_name="referral__id", label="Referral id")
    child = IdFilter(field_name="referral__child__id", label="Child id")
    panel = IdFilter(field_name="panel__id", label="Panel id")

    class Meta:
        model = Decision
        fields = ["police_only", "outcome", "referral", "child", "panel"]


DecisionFilter.base_filters["from"] = _date_filter(
    "decided_on", "gte", "Decided on or after (YYYY-MM-DD)", "start date"
)
DecisionFilter.base_filters["to"] = _date_filter("decided_on", "lte", "Decided on or before (YYYY-MM-DD)", "end date")


class DecisionConditionInputSerializer(serializers.Serializer):
    description = optional_text("condition")
    end_date = date_input("end date of the condition", planned_for)


class DecisionCreateInputSerializer(serializers.Serializer):
    referral = visible_referral_input()
    panel = VisibleRelatedField(
        model=Panel,
        visible=permissions.visible_panels,
        label="panel",
        required=False,
        allow_null=True,
        default=None,
        help_text="Leave out (or null) for a decision the police took alone",
    )
    outcome = outcome_input()
    decided_on = date_input("date of the decision", happened_after_yjs_began)
    rationale = optional_text("reasons for the decision")
    dissent = optional_text("dissent")
    departure_reason = optional_text("reason the outcome departs from the gravity score")
    conditions = list_input(
        DecisionConditionInputSerializer(), "conditions of the caution", required=False, default=list
    )


class DecisionListCreateApi(OocdListApi):
    queryset = Decision.objects.none()
    filterset_class = DecisionFilter

    def get_queryset(self) -> QuerySet[Decision]:
        return selectors.decision_page(user=self.request.user)

    @extend_schema(
        summary="List decisions",
        description="Decisions on the referrals you may see; `police_only=true` for those the police gave "
        "without a panel.",
        responses={200: DecisionOutputSerializer(many=True), 400: BAD_INPUT},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(DECISION_PAGE.write(page))

    @extend_schema(
        summary="Record a decision (a panel's, or the police's alone)",
        description="With `panel`, the police and the YJS must both have attended and the referral be on its "
        "agenda. A community resolution, youth caution or youth conditional caution needs an admission; a youth "
        "conditional caution is not available after a conviction and needs conditions each ending no later than "
        "three months after the caution. An outcome departing from the gravity score needs a reason.",
        request=DecisionCreateInputSerializer,
        responses={201: DecisionOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    def post(self, request: Request) -> Response:
        decision = services.decision_record(by=request.user, **valid(DecisionCreateInputSerializer, request))
        return decision_response(request, decision.pk, status.HTTP_201_CREATED)


class PoliceOnlyDecisionInputSerializer(ReferralCreateInputSerializer):
    source = None  # a police-only decision is always on a police referral
    outcome = outcome_input()
    decided_on = date_input("date of the decision", happened_after_yjs_began)
    rationale = optional_text("reasons for the decision")
    departure_reason = optional_text("reason the outcome departs from the gravity score")
    conditions = list_input(
        DecisionConditionInputSerializer(), "conditions of the caution", required=False, default=list
    )


class PoliceOnlyDecisionApi(OocdApi):
    @extend_schema(
        summary="Record an outcome the police gave without a panel (police officer)",
        description="Creates the referral (source police, with its diversion case and research request) and the "
        "police-only decision in one step; the decision rules are those of `POST /decisions/`.",
        request=PoliceOnlyDecisionInputSerializer,
        responses={201: DecisionOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    def post(self, request: Request) -> Response:
        data = valid(PoliceOnlyDecisionInputSerializer, request)
        decision = services.police_only_decision_record(by=request.user, **data)
        return decision_response(request, decision.pk, status.HTTP_201_CREATED)


def _decision(request: Request, decision_id: int) -> Decision:
    return selectors.decision_get(user=request.user, decision_id=decision_id)


class DecisionDetailApi(OocdApi):
    @extend_schema(summary="A decision", responses={200: DecisionOutputSerializer, 404: NOT_FOUND})
    def get(self, request: Request, decision_id: int) -> Response:
        return decision_response(request, decision_id)


DECISION_WRITE_RESPONSES = {200: DecisionOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND}


def _record_step(request: Request, decision_id: int, service, input_serializer) -> Response:
    """One step of delivering a decision: the input checked, the service called, the decision answered."""
    decision = _decision(request, decision_id)
    service(decision=decision, by=request.user, **valid(input_serializer, request))
    return decision_response(request, decision_id)


class WarningInputSerializer(serializers.Serializer):
    given_at = datetime_input("time the warning was given", happened_after_yjs_began)
    appropriate_adult_name = optional_text(
        "appropriate adult's name", model_max_length(Decision, "appropriate_adult_name"), person_name=True
    )


class DecisionWarningApi(OocdApi):
    @extend_schema(
        summary="Record the warning that failing the conditions may lead to prosecution",
        description="For a youth conditional caution; a child of 16 or under needs an appropriate adult present.",
        request=WarningInputSerializer,
        responses=DECISION_WRITE_RESPONSES,
    )
    def post(self, request: Request, decision_id: int) -> Response:
        return _record_step(request, decision_id, services.warning_record, WarningInputSerializer)


class ImplicationsExplainedInputSerializer(serializers.Serializer):
    explained_at = datetime_input("time the implications were explained", happened_after_yjs_began)


class DecisionImplicationsExplainedApi(OocdApi):
    @extend_schema(
        summary="Record that the implications were explained to the child and parent or carer",
        description="Before delivery.",
        request=ImplicationsExplainedInputSerializer,
        responses=DECISION_WRITE_RESPONSES,
    )
    def post(self, request: Request, decision_id: int) -> Response:
        return _record_step(
            request, decision_id, services.implications_explained_record, ImplicationsExplainedInputSerializer
        )


class DeliveryInputSerializer(serializers.Serializer):
    delivered_at = datetime_input("time the disposal was delivered", happened_after_yjs_began)


class DecisionDeliveryApi(OocdApi):
    @extend_schema(
        summary="Record the delivery of the disposal (by you)",
        description="Needs the implications explained first. `delivered` is true once the implications, the "
        "signed document, delivery and (where there is a victim) the victim being informed are all recorded.",
        request=DeliveryInputSerializer,
        responses=DECISION_WRITE_RESPONSES,
    )
    def post(self, request: Request, decision_id: int) -> Response:
        return _record_step(request, decision_id, services.delivery_record, DeliveryInputSerializer)


class VictimInformedInputSerializer(serializers.Serializer):
    informed_at = datetime_input("time the victim was told the outcome", happened_after_yjs_began)


class DecisionVictimInformedApi(OocdApi):
    @extend_schema(
        summary="Record that the victim was told the outcome",
        request=VictimInformedInputSerializer,
        responses=DECISION_WRITE_RESPONSES,
    )
    def post(self, request: Request, decision_id: int) -> Response:
        return _record_step(request, decision_id, services.victim_informed_record, VictimInformedInputSerializer)


class SignedDocumentInputSerializer(serializers.Serializer):
    file = serializers.FileField(
        error_messages={
            "required": "Select the signed disposal document",
            "null": "Select the signed disposal document",
            "invalid": "Select the signed disposal document",
            "no_name": "Select the signed disposal document",
            "empty": "The selected file is empty",
        },
        help_text="A PDF, JPEG or PNG, checked by its content (not its name)",
    )


class DownloadNegotiation(DefaultContentNegotiation):
    """A download answers with its file whatever the client accepts; errors are JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


DOCUMENT_DOWNLOAD_RESPONSES = {
    (200, "application/pdf"): OpenApiTypes.BINARY,
    (200, "image/jpeg"): OpenApiTypes.BINARY,
    (200, "image/png"): OpenApiTypes.BINARY,
    404: NOT_FOUND,
}


class DecisionDocumentApi(OocdApi):
    content_negotiation_class = DownloadNegotiation

    @extend_schema(
        summary="Download the signed disposal document",
        description="Only for users who may see the decision (others get 404); served as an attachment with "
        "its checked content type. Each download is recorded in the audit trail.",
        responses=DOCUMENT_DOWNLOAD_RESPONSES,
    )
    def get(self, request: Request, decision_id: int) -> FileResponse:
        decision = _decision(request, decision_id)
        if not decision.signed_document:
            raise NotFound("No signed document has been uploaded for this decision")
        return _document_response(request, decision, decision.signed_document, decision.signed_document_type)

    @extend_schema(
        summary="Upload the signed disposal document",
        description="Multipart field `file`: a PDF, JPEG or PNG (by content, not name), within the size limit. "
        "A new upload becomes the current document; the earlier ones stay held, with their hashes, in "
        "`signed_document_versions`. Once the disposal is delivered the document cannot be replaced (400).",
        request={"multipart/form-data": SignedDocumentInputSerializer},
        responses=DECISION_WRITE_RESPONSES,
    )
    def post(self, request: Request, decision_id: int) -> Response:
        decision = _decision(request, decision_id)
        document = valid(SignedDocumentInputSerializer, request)["file"]
        try:
            services.signed_document_upload(decision=decision, by=request.user, document=document)
        except DjangoValidationError as error:  # named for the field the client sent
            raise DjangoValidationError({"file": error.message_dict.get("signed_document", error.messages)}) from None
        return decision_response(request, decision_id)


class DecisionDocumentVersionApi(OocdApi):
    content_negotiation_class = DownloadNegotiation

    @extend_schema(
        summary="Download one version of the signed disposal document",
        description="Any upload, current or replaced, for users who may see the decision (others get 404). "
        "Each download is recorded in the audit trail.",
        responses=DOCUMENT_DOWNLOAD_RESPONSES,
    )
    def get(self, request: Request, decision_id: int, version_id: int) -> FileResponse:
        version = selectors.signed_document_version_get(
            user=request.user, decision_id=decision_id, version_id=version_id
        )
        if version.removed_at:
            raise NotFound("The signed document is no longer held")
        return _document_response(request, version.decision, version.file, version.content_type, version=version)


def _document_response(request: Request, decision: Decision, file, content_type: str, version=None) -> FileResponse:
    try:
        document = file.open("rb")
    except FileNotFoundError:  # e.g. deleted under the retention schedule
        raise NotFound("The signed document is no longer held") from None
    services.signed_document_download_record(decision=decision, by=request.user, request=request, version=version)
    extension = file.name.rsplit(".", 1)[-1]
    name = f"signed-disposal-{decision.pk}" + (f"-version-{version.pk}" if version else "")
    response = FileResponse(document, as_attachment=True, filename=f"{name}.{extension}", content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Conditions and failures ------------------------------------------------------------------------


class ConditionFailureInputSerializer(serializers.Serializer):
    occurred_on = date_input("date of the failure", happened_after_yjs_began)
    what_happened = optional_text("what happened")
    reasons_given = optional_text("reasons the child gave")


class ConditionFailureApi(OocdApi):
    @extend_schema(
        summary="Record a wilful failure to comply with a condition",
        description="Evidence for the prosecution decision: the date, what happened and the reasons the child "
        "gave (or that none were given). The condition becomes not complied with.",
        request=ConditionFailureInputSerializer,
        responses={201: ConditionFailureOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request: Request, condition_id: int) -> Response:
        condition = selectors.condition_get(user=request.user, condition_id=condition_id)
        data = valid(ConditionFailureInputSerializer, request)
        failure = services.condition_failure_record(condition=condition, by=request.user, **data)
        return Response(ConditionFailureOutputSerializer(failure).data, status=status.HTTP_201_CREATED)


class ComplianceInputSerializer(serializers.Serializer):
    status = choice_input("whether the condition was complied with", ConditionStatus.choices)
    notes = optional_text("notes on compliance")


class ConditionComplianceApi(OocdApi):
    @extend_schema(
        summary="Record compliance with a condition",
        description="`failed` needs a failure recorded first, with its evidence.",
        request=ComplianceInputSerializer,
        responses={200: ConditionOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request: Request, condition_id: int) -> Response:
        condition = selectors.condition_get(user=request.user, condition_id=condition_id)
        services.condition_compliance_record(
            condition=condition, by=request.user, **valid(ComplianceInputSerializer, request)
        )
        condition = selectors.condition_get(user=request.user, condition_id=condition_id)
        return Response(ConditionOutputSerializer(condition).data)


class ProsecutionInputSerializer(serializers.Serializer):
    prosecution_outcome = optional_text(
        "decision about prosecution", model_max_length(ConditionFailure, "prosecution_outcome")
    )


class FailureProsecutionApi(OocdApi):
    @extend_schema(
        summary="Record that a failure was considered for prosecution, and what was decided",
        request=ProsecutionInputSerializer,
        responses={200: ConditionFailureOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request: Request, failure_id: int) -> Response:
        failure = selectors.failure_get(user=request.user, failure_id=failure_id)
        data = valid(ProsecutionInputSerializer, request)
        failure = services.failure_prosecution_consider(
            failure=failure, by=request.user, outcome=data["prosecution_outcome"]
        )
        return Response(ConditionFailureOutputSerializer(failure).data)


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


def scrutiny_sample_response(request: Request, sample_id: int, status_code: int = status.HTTP_200_OK) -> Response:
    sample = selectors.scrutiny_sample_get(user=request.user, sample_id=sample_id)
    return Response(ScrutinySampleOutputSerializer(sample).data, status=status_code)


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


class ScrutinySampleListCreateApi(OocdListApi):
    queryset = ScrutinySample.objects.none()
    filter_backends = []

    def get_queryset(self) -> QuerySet[ScrutinySample]:
        return selectors.scrutiny_sample_list(user=self.request.user)

    @extend_schema(
        summary="List scrutiny samples",
        description="For team managers, police officers and the head of service.",
        responses={200: ScrutinySampleSummaryOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        return self.list_response(self.get_queryset(), ScrutinySampleSummaryOutputSerializer)

    @extend_schema(
        summary="Draw a sample of a period's decisions for the out-of-court scrutiny panel",
        description="At least the percentage given, and at least one decision of each outcome given in the "
        "period. Reproducible: the same period and seed draw the same decisions.",
        request=ScrutinySampleInputSerializer,
        responses={201: ScrutinySampleOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    def post(self, request: Request) -> Response:
        sample = services.scrutiny_sample_draw(by=request.user, **valid(ScrutinySampleInputSerializer, request))
        return scrutiny_sample_response(request, sample.pk, status.HTTP_201_CREATED)


class ScrutinySampleDetailApi(OocdApi):
    @extend_schema(
        summary="A scrutiny sample and its decisions", responses={200: ScrutinySampleOutputSerializer, 404: NOT_FOUND}
    )
    def get(self, request: Request, sample_id: int) -> Response:
        return scrutiny_sample_response(request, sample_id)


class ScrutinyFindingInputSerializer(serializers.Serializer):
    appropriate = boolean_input("whether the decision was appropriate")
    feedback = optional_text("panel's feedback")


class ScrutinyFindingApi(OocdApi):
    @extend_schema(
        summary="Record the scrutiny panel's finding on a sampled decision",
        description="A decision found not appropriate needs feedback.",
        request=ScrutinyFindingInputSerializer,
        responses={200: ScrutinyItemOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request: Request, item_id: int) -> Response:
        item = selectors.scrutiny_item_get(user=request.user, item_id=item_id)
        item = services.scrutiny_finding_record(
            item=item, by=request.user, **valid(ScrutinyFindingInputSerializer, request)
        )
        return Response(
            ScrutinyItemOutputSerializer(selectors.scrutiny_item_get(user=request.user, item_id=item.pk)).data
        )


# --- First-time entrants ------------------------------------------------------------------------------


MAX_PERIOD_YEARS = 20


class PeriodQueryInputSerializer(serializers.Serializer):
    """``?from=YYYY-MM-DD&to=YYYY-MM-DD`` (both required, inclusive) and an optional ``team`` id."""

    def get_fields(self) -> dict[str, serializers.Field]:
        # ``from`` is a Python keyword, so the fields are named here rather than as attributes.
        return {
            "from": date_input("start date"),
            "to": date_input("end date"),
            "team": serializers.PrimaryKeyRelatedField(
                queryset=Team.objects.all(),
                required=False,
                error_messages={"does_not_exist": "Select a valid team", "incorrect_type": "Select a valid team"},
            ),
        }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["to"] < attrs["from"]:
            raise serializers.ValidationError({"to": "The end date must be the same as or after the start date"})
        if (attrs["to"] - attrs["from"]).days > 366 * MAX_PERIOD_YEARS:
            raise serializers.ValidationError({"to": f"The period must be {MAX_PERIOD_YEARS} years or shorter"})
        return attrs


class FirstTimeEntrantMonthOutputSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    count = serializers.IntegerField()


class FirstTimeEntrantsOutputSerializer(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        # Answered with the names the query string uses; ``from`` is a Python keyword.
        return {
            "from": serializers.DateField(),
            "to": serializers.DateField(),
            "team": serializers.IntegerField(allow_null=True),
            "count": serializers.IntegerField(help_text="Children whose first statutory outcome is in the period"),
            "months": FirstTimeEntrantMonthOutputSerializer(many=True),
        }


class FirstTimeEntrantsApi(OocdApi):
    @extend_schema(
        summary="First-time entrants in a period (aggregate)",
        description="Children whose first statutory outcome (a youth caution, youth conditional caution or a "
        "conviction) falls in the period, in all and per month. Numbers only, never a child.",
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, required=True, description="First day (YYYY-MM-DD)"),
            OpenApiParameter("to", OpenApiTypes.DATE, required=True, description="Last day (YYYY-MM-DD)"),
            OpenApiParameter("team", OpenApiTypes.INT, description="Only children with a case of this team"),
        ],
        responses={200: FirstTimeEntrantsOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    def get(self, request: Request) -> Response:
        if not permissions.can_see_aggregates(request.user):
            raise PermissionDenied("You cannot see these figures.")
        serializer = PeriodQueryInputSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        start, end = serializer.validated_data["from"], serializer.validated_data["to"]
        team = serializer.validated_data.get("team")
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
