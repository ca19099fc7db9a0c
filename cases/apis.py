"""The cases REST API under /api/v1/ (DESIGN.md §7).

Thin views: each operation validates its input with a small serializer, calls a
selector (reads) or a service (writes) and answers with an output serializer. Who
may see what is decided by ``cases.selectors`` and ``cases.permissions`` only: a row
the user may not see is a 404 (or, given as an input id, "Select a valid …"), an
action on a row they see but may not do is a 403 raised by the service.

A path serves one operation per HTTP method (``GET /cases/`` lists, ``POST /cases/``
opens a case), so list and create share a view class; each method has its own
serializers.
"""

from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.filters import OrderingFilter
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from yjs.api.fields import (
    FORBIDDEN,
    NOT_FOUND,
    VisibleRelatedField,
    boolean_input,
    choice_input,
    date_input,
    datetime_input,
    email_input,
    empty_messages,
    text_input,
)
from yjs.api.filters import FieldFilterBackend
from yjs.api.listing import ListWriter
from yjs.api.schema import AnyOfSerializer
from yjs.models import Team, User
from yjs.validators import DateOfBirthBounds, happened_on, planned_for

from . import filters, permissions, selectors, services
from .models import (
    Assessment,
    Case,
    CaseTransfer,
    Child,
    ChildAlias,
    Contact,
    Flag,
    Level,
    Offence,
    Plan,
    PlanTarget,
    Review,
    Transition,
    Victim,
    VictimContactDetails,
)

# --- Input fields with GOV.UK error messages ----------------------------------------


# The most items of a list field (e.g. a child's police local IDs).
MAX_LIST_LENGTH = 20


def model_input(model: type[models.Model], name: str, label: str | None = None, **overrides) -> serializers.Field:
    """An input field shaped by the model field (length, choices, blank, null) with GOV.UK messages.

    Required unless the model field may be blank or has a default; ``overrides`` win.
    """
    field = model._meta.get_field(name)
    label = label or str(field.verbose_name)
    kwargs: dict[str, Any] = {"required": not field.blank and not field.has_default()}
    if field.null:
        kwargs["allow_null"] = True
    if field.blank and isinstance(field, (models.CharField, models.TextField)):
        kwargs["allow_blank"] = True
    kwargs.update(overrides)
    if field.choices:
        return choice_input(label, kwargs.pop("choices", field.choices), **kwargs)
    if isinstance(field, models.DateTimeField):
        return datetime_input(label, **kwargs)
    if isinstance(field, models.DateField):
        return date_input(label, **kwargs)
    if isinstance(field, models.BooleanField):
        return boolean_input(label, **kwargs)
    if isinstance(field, models.EmailField):
        return email_input(label, max_length=field.max_length, **kwargs)
    if isinstance(field, ArrayField):
        return serializers.ListField(
            child=text_input(label, max_length=field.base_field.max_length),
            max_length=MAX_LIST_LENGTH,
            error_messages={
                "not_a_list": f"Enter the {label} as a list",
                "max_length": f"Enter at most {MAX_LIST_LENGTH} {label}",
            },
            **kwargs,
        )
    if isinstance(field, (models.CharField, models.TextField)):
        return text_input(label, max_length=field.max_length, **kwargs)
    raise TypeError(f"No input field for {model.__name__}.{name}")


def visible_child_input(**kwargs) -> VisibleRelatedField:
    return VisibleRelatedField(model=Child, visible=permissions.visible_children, label="child", **kwargs)


def visible_case_input(**kwargs) -> VisibleRelatedField:
    return VisibleRelatedField(model=Case, visible=permissions.visible_cases, label="case", **kwargs)


def visible_assessment_input(**kwargs) -> VisibleRelatedField:
    return VisibleRelatedField(
        model=Assessment, visible=lambda user: selectors.assessment_list(user=user), label="assessment", **kwargs
    )


def staff_input(label: str, **kwargs) -> serializers.PrimaryKeyRelatedField:
    messages = empty_messages("Select", label) | {
        "does_not_exist": f"Select a valid {label}",
        "incorrect_type": f"Select a valid {label}",
    }
    return serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), error_messages=messages, **kwargs
    )


# --- Output fields --------------------------------------------------------------------


def name_output(source: str, *, allow_null: bool = False) -> serializers.CharField:
    """A person, team or child by name (``str()``)."""
    return serializers.CharField(source=source, read_only=True, allow_null=allow_null)


def id_output(source: str, *, allow_null: bool = False) -> serializers.IntegerField:
    return serializers.IntegerField(source=source, read_only=True, allow_null=allow_null)


# --- Base views -----------------------------------------------------------------------


class CasesApi(APIView):
    """Signed in; everything else is decided by the selectors and services."""

    permission_classes = [IsAuthenticated]


class CasesListApi(GenericAPIView):
    """A paginated, filterable list of what a selector returns for the user.

    ``queryset`` is only a hint for the schema and filters; the rows always come
    from ``get_queryset``, which subclasses build from a selector.
    """

    permission_classes = [IsAuthenticated]
    filter_backends = [FieldFilterBackend, OrderingFilter]
    # A list of case records names itself here: its rows of restricted cases are audited reads.
    restricted_read_via: str = ""

    def list_response(self, rows, serializer_class: type[serializers.Serializer] | ListWriter) -> Response:
        """A page of ``rows``; with a ``ListWriter``, ``rows`` come without the nested lists
        prefetched (the writer reads them for the page)."""
        page = self.paginate_queryset(rows)
        if self.restricted_read_via:
            services.restricted_case_records_viewed(
                records=page, user=self.request.user, via=self.restricted_read_via, request=self.request
            )
        if isinstance(serializer_class, ListWriter):
            return self.get_paginated_response(serializer_class.write(page))
        return self.get_paginated_response(serializer_class(page, many=True).data)


def created(serializer: serializers.Serializer) -> Response:
    return Response(serializer.data, status=status.HTTP_201_CREATED)


def context(request: Request) -> dict[str, Any]:
    return {"request": request}


BAD_INPUT = OpenApiResponse(description="Field errors: `{field: [message]}`")


# --- Children -------------------------------------------------------------------------


class ChildAliasOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChildAlias
        fields = ["id", "surname", "forenames"]


class ChildFlagOutputSerializer(serializers.ModelSerializer):
    flag_type = serializers.CharField()
    flag_type_label = serializers.CharField(source="get_flag_type_display")
    case = id_output("case_id", allow_null=True)

    class Meta:
        model = Flag
        fields = ["id", "flag_type", "flag_type_label", "case", "note", "raised_at"]


class ChildOutputSerializer(serializers.ModelSerializer):
    """A child's identity and active flags: what every user who may see the child sees."""

    gender = serializers.CharField()
    ethnicity = serializers.CharField()
    aliases = ChildAliasOutputSerializer(many=True)
    active_flags = ChildFlagOutputSerializer(many=True)

    class Meta:
        model = Child
        fields = [
            "id",
            "surname",
            "forenames",
            "preferred_name",
            "date_of_birth",
            "gender",
            "ethnicity",
            "pnc_id",
            "police_local_ids",
            "postcode",
            "home_local_authority",
            "looked_after",
            "responsible_local_authority",
            "known_to_yjs",
            "aliases",
            "active_flags",
        ]


class ChildRecordOutputSerializer(ChildOutputSerializer):
    """The whole child record, for those who work with case records (not police officers)."""

    education_status = serializers.CharField()

    class Meta(ChildOutputSerializer.Meta):
        fields = [
            *ChildOutputSerializer.Meta.fields,
            "address",
            "social_worker_name",
            "social_worker_email",
            "social_worker_phone",
            "education_status",
            "special_educational_needs",
            "education_health_care_plan",
            "created_at",
            "updated_at",
        ]


# List pages: the serializers' JSON, written without their per-row overhead (yjs.api.listing).
CHILD_PAGE = ListWriter(ChildOutputSerializer, selectors.child_related())


CHILD_DETAIL_RESPONSE = AnyOfSerializer(
    component_name="ChildDetail",
    serializers=[ChildRecordOutputSerializer, ChildOutputSerializer],
    resource_type_field_name=None,
)


def child_output(user: User, child: Child) -> dict[str, Any]:
    if permissions.can_see_case_records(user):
        return ChildRecordOutputSerializer(child).data
    return ChildOutputSerializer(child).data


class ChildAliasInputSerializer(serializers.Serializer):
    surname = model_input(ChildAlias, "surname", "alias surname", person_name=True)
    forenames = model_input(ChildAlias, "forenames", "alias forenames", person_name=True)


class ChildInputSerializer(serializers.Serializer):
    surname = model_input(Child, "surname", person_name=True)
    forenames = model_input(Child, "forenames", person_name=True)
    preferred_name = model_input(Child, "preferred_name", person_name=True)
    date_of_birth = model_input(Child, "date_of_birth", bounds=DateOfBirthBounds)
    gender = model_input(Child, "gender")
    ethnicity = model_input(Child, "ethnicity")
    address = model_input(Child, "address")
    postcode = model_input(Child, "postcode")
    home_local_authority = model_input(Child, "home_local_authority")
    pnc_id = model_input(Child, "pnc_id")
    police_local_ids = model_input(Child, "police_local_ids", "police local IDs")
    looked_after = model_input(Child, "looked_after", "looked after")
    responsible_local_authority = model_input(Child, "responsible_local_authority")
    social_worker_name = model_input(Child, "social_worker_name", person_name=True)
    social_worker_email = model_input(Child, "social_worker_email")
    social_worker_phone = model_input(Child, "social_worker_phone")
    education_status = model_input(Child, "education_status", "education, training or employment status")
    special_educational_needs = model_input(Child, "special_educational_needs", "special educational needs")
    education_health_care_plan = model_input(Child, "education_health_care_plan", "education, health and care plan")


class ChildCreateInputSerializer(ChildInputSerializer):
    known_to_yjs = model_input(Child, "known_to_yjs", "known to the YJS")
    aliases = ChildAliasInputSerializer(many=True, required=False)


class ChildUpdateInputSerializer(ChildInputSerializer):
    pass


class ChildListCreateApi(CasesListApi):
    queryset = Child.objects.none()
    filterset_class = filters.ChildFilter
    ordering_fields = ["surname", "date_of_birth", "created_at"]

    def get_queryset(self) -> QuerySet[Child]:
        return selectors.child_page(user=self.request.user)

    @extend_schema(
        summary="List or search children",
        description="The children you may see. With `search`, the best matches by name (typo tolerant, "
        "aliases included), PNC ID or date of birth, best first; other filters and ordering are then ignored.",
        parameters=[OpenApiParameter("search", OpenApiTypes.STR, description="Name, PNC ID or date of birth")],
        responses=ChildOutputSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        query = request.query_params.get("search", "").strip()
        if query:
            results = selectors.child_search(user=request.user, query=query, related=False)
            return self.list_response([result.child for result in results], CHILD_PAGE)
        return self.list_response(self.filter_queryset(self.get_queryset()), CHILD_PAGE)

    @extend_schema(
        summary="Record a child",
        request=ChildCreateInputSerializer,
        responses={201: ChildRecordOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    def post(self, request: Request) -> Response:
        serializer = ChildCreateInputSerializer(data=request.data, context=context(request))
        serializer.is_valid(raise_exception=True)
        child = services.child_create(by=request.user, **serializer.validated_data)
        return created(ChildRecordOutputSerializer(selectors.child_get(user=request.user, child_id=child.pk)))


class ChildDetailApi(CasesApi):
    @extend_schema(
        summary="A child",
        description="Police officers get the child's identity and flags; those who work with case records "
        "get the whole record.",
        responses={200: CHILD_DETAIL_RESPONSE, 404: NOT_FOUND},
    )
    def get(self, request: Request, child_id: int) -> Response:
        child = selectors.child_get(user=request.user, child_id=child_id)
        return Response(child_output(request.user, child))

    @extend_schema(
        summary="Change a child's record",
        request=ChildUpdateInputSerializer,
        responses={200: ChildRecordOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def patch(self, request: Request, child_id: int) -> Response:
        child = selectors.child_get(user=request.user, child_id=child_id)
        serializer = ChildUpdateInputSerializer(data=request.data, partial=True, context=context(request))
        serializer.is_valid(raise_exception=True)
        services.child_update(child=child, by=request.user, **serializer.validated_data)
        return Response(ChildRecordOutputSerializer(selectors.child_get(user=request.user, child_id=child.pk)).data)


# --- Cases ----------------------------------------------------------------------------


class OffenceOutputSerializer(serializers.ModelSerializer):
    gravity_score = serializers.IntegerField(allow_null=True)

    class Meta:
        model = Offence
        fields = [
            "id",
            "offence_date",
            "description",
            "offence_group",
            "gravity_score",
            "outcome",
            "departure_reason",
        ]


class CaseOutputSerializer(serializers.ModelSerializer):
    child = id_output("child_id")
    child_name = name_output("child")
    case_type = serializers.CharField()
    status = serializers.CharField()
    team = id_output("team_id")
    team_name = name_output("team")
    allocated_to = id_output("allocated_to_id", allow_null=True)
    allocated_to_name = name_output("allocated_to", allow_null=True)
    offences = OffenceOutputSerializer(many=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "child",
            "child_name",
            "case_type",
            "status",
            "team",
            "team_name",
            "allocated_to",
            "allocated_to_name",
            "restricted",
            "start_date",
            "order_end_date",
            "end_date",
            "closure_reason",
            "offences",
            "created_at",
        ]


CASE_PAGE = ListWriter(CaseOutputSerializer)


class OffenceInputSerializer(serializers.Serializer):
    offence_date = model_input(Offence, "offence_date", "offence date", bounds=happened_on)
    description = model_input(Offence, "description", "offence description")
    offence_group = model_input(Offence, "offence_group", "offence group")
    gravity_score = model_input(Offence, "gravity_score", "gravity score")
    outcome = model_input(Offence, "outcome")
    departure_reason = model_input(Offence, "departure_reason", "reason the decision departs from the gravity score")


class CaseCreateInputSerializer(serializers.Serializer):
    child = visible_child_input()
    case_type = model_input(Case, "case_type")
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(),
        error_messages=empty_messages("Select", "team")
        | {"does_not_exist": "Select a valid team", "incorrect_type": "Select a valid team"},
    )
    start_date = model_input(Case, "start_date", bounds=planned_for)
    allocated_to = staff_input("case worker", required=False, allow_null=True)
    restricted = model_input(Case, "restricted")
    order_end_date = model_input(Case, "order_end_date", "order end date", bounds=planned_for)
    offences = OffenceInputSerializer(many=True, required=False)


class CaseListCreateApi(CasesListApi):
    restricted_read_via = "case_list"
    queryset = Case.objects.none()
    filterset_class = filters.CaseFilter
    ordering_fields = ["start_date", "created_at", "child__surname"]

    def get_queryset(self) -> QuerySet[Case]:
        return selectors.case_list(user=self.request.user)

    @extend_schema(summary="List cases", responses=CaseOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.list_response(self.filter_queryset(self.get_queryset()), CASE_PAGE)

    @extend_schema(
        summary="Open a case",
        description="Its first assessment falls due a set number of working days after the start date.",
        request=CaseCreateInputSerializer,
        responses={201: CaseOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    def post(self, request: Request) -> Response:
        serializer = CaseCreateInputSerializer(data=request.data, context=context(request))
        serializer.is_valid(raise_exception=True)
        case = services.case_open(by=request.user, **serializer.validated_data)
        return created(CaseOutputSerializer(case))


class CaseDetailApi(CasesApi):
    @extend_schema(
        summary="A case",
        description="Reading a restricted case is recorded in the audit trail.",
        responses={200: CaseOutputSerializer, 404: NOT_FOUND},
    )
    def get(self, request: Request, case_id: int) -> Response:
        case = selectors.case_get(user=request.user, case_id=case_id)
        services.case_view_record(case=case, user=request.user, request=request)
        return Response(CaseOutputSerializer(case).data)


class CaseAllocateInputSerializer(serializers.Serializer):
    allocated_to = staff_input("case worker")


class CaseAllocateApi(CasesApi):
    @extend_schema(
        summary="Allocate a case",
        request=CaseAllocateInputSerializer,
        responses={200: CaseOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = selectors.case_get(user=request.user, case_id=case_id)
        serializer = CaseAllocateInputSerializer(data=request.data, context=context(request))
        serializer.is_valid(raise_exception=True)
        case = services.case_allocate(case=case, by=request.user, to=serializer.validated_data["allocated_to"])
        return Response(CaseOutputSerializer(case).data)


class CaseCloseInputSerializer(serializers.Serializer):
    end_date = model_input(Case, "end_date", "end date", required=True, allow_null=False, bounds=planned_for)
    reason = text_input("reason the case is closing", max_length=Case._meta.get_field("closure_reason").max_length)


class CaseCloseApi(CasesApi):
    @extend_schema(
        summary="Close a case",
        request=CaseCloseInputSerializer,
        responses={200: CaseOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = selectors.case_get(user=request.user, case_id=case_id)
        serializer = CaseCloseInputSerializer(data=request.data, context=context(request))
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        case = services.case_close(case=case, by=request.user, end_date=data["end_date"], reason=data["reason"])
        return Response(CaseOutputSerializer(case).data)


class CaseRestrictInputSerializer(serializers.Serializer):
    restricted = model_input(Case, "restricted", required=True)


class CaseRestrictApi(CasesApi):
    @extend_schema(
        summary="Restrict or unrestrict a case",
        request=CaseRestrictInputSerializer,
        responses={200: CaseOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = selectors.case_get(user=request.user, case_id=case_id)
        serializer = CaseRestrictInputSerializer(data=request.data, context=context(request))
        serializer.is_valid(raise_exception=True)
        case = services.case_set_restricted(
            case=case, by=request.user, restricted=serializer.validated_data["restricted"]
        )
        return Response(CaseOutputSerializer(case).data)


# --- Assessments ----------------------------------------------------------------------


class AssessmentOutputSerializer(serializers.ModelSerializer):
    case = id_output("case_id")
    child = id_output("case.child_id")
    child_name = name_output("case.child")
    assessment_type = serializers.CharField()
    likelihood_of_reoffending = serializers.CharField()
    risk_of_serious_harm = serializers.CharField()
    safety_and_wellbeing = serializers.CharField()
    completed_by = id_output("completed_by_id", allow_null=True)
    completed_by_name = name_output("completed_by", allow_null=True)
    countersigned_by = id_output("countersigned_by_id", allow_null=True)
    countersigned_by_name = name_output("countersigned_by", allow_null=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "case",
            "child",
            "child_name",
            "assessment_type",
            "likelihood_of_reoffending",
            "risk_of_serious_harm",
            "safety_and_wellbeing",
            "child_view",
            "self_assessment_captured",
            "trauma_noted",
            "social_media_component",
            "summary",
            "due_date",
            "completed_date",
            "completed_by",
            "completed_by_name",
            "countersigned_by",
            "countersigned_by_name",
            "countersigned_at",
            "created_at",
        ]


class AssessmentUpdateInputSerializer(serializers.Serializer):
    likelihood_of_reoffending = model_input(Assessment, "likelihood_of_reoffending", "likelihood of reoffending")
    # Labelled per field: the two share one set of levels, which the schema would otherwise
    # have to name twice.
    risk_of_serious_harm = model_input(
        Assessment,
        "risk_of_serious_harm",
        "risk of serious harm to others",
        choices=[(value, f"{label} risk of serious harm to others") for value, label in Level.choices],
    )
    safety_and_wellbeing = model_input(
        Assessment,
        "safety_and_wellbeing",
        "safety and wellbeing level",
        choices=[(value, f"{label} safety and wellbeing concerns") for value, label in Level.choices],
    )
    child_view = model_input(Assessment, "child_view", "child's own view")
    self_assessment_captured = model_input(Assessment, "self_assessment_captured", "self-assessment captured")
    trauma_noted = model_input(Assessment, "trauma_noted", "trauma noted")
    social_media_component = model_input(Assessment, "social_media_component", "social media component")
    summary = model_input(Assessment, "summary")
    completed_date = model_input(Assessment, "completed_date", "completed date", allow_null=False, bounds=planned_for)


def _get_assessment(request: Request, assessment_id: int) -> Assessment:
    return get_object_or_404(selectors.assessment_list(user=request.user), pk=assessment_id)


class AssessmentListApi(CasesListApi):
    restricted_read_via = "assessment_list"
    queryset = Assessment.objects.none()
    filterset_class = filters.AssessmentFilter
    ordering_fields = ["due_date", "completed_date", "created_at"]

    def get_queryset(self) -> QuerySet[Assessment]:
        return selectors.assessment_list(user=self.request.user)

    @extend_schema(summary="List assessments", responses=AssessmentOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.list_response(self.filter_queryset(self.get_queryset()), AssessmentOutputSerializer)


class AssessmentDetailApi(CasesApi):
    @extend_schema(
        summary="An assessment",
        description="Reading an assessment of a restricted case is recorded in the audit trail.",
        responses={200: AssessmentOutputSerializer, 404: NOT_FOUND},
    )
    def get(self, request: Request, assessment_id: int) -> Response:
        assessment = _get_assessment(request, assessment_id)
        services.restricted_case_records_viewed(
            records=[assessment], user=request.user, via="assessment_detail", request=request
        )
        return Response(AssessmentOutputSerializer(assessment).data)

    @extend_schema(
        summary="Record or complete an assessment",
        description="Giving `completed_date` completes it: the three ratings are then required.",
        request=AssessmentUpdateInputSerializer,
        responses={200: AssessmentOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def patch(self, request: Request, assessment_id: int) -> Response:
        assessment = _get_assessment(request, assessment_id)
        serializer = AssessmentUpdateInputSerializer(data=request.data, partial=True, context=context(request))
        serializer.is_valid(raise_exception=True)
        services.assessment_record(assessment=assessment, by=request.user, **serializer.validated_data)
        return Response(AssessmentOutputSerializer(_get_assessment(request, assessment_id)).data)


class AssessmentCountersignApi(CasesApi):
    @extend_schema(
        summary="Countersign an assessment",
        description="A manager of the case's team, never the assessment's author.",
        request=None,
        responses={200: AssessmentOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request: Request, assessment_id: int) -> Response:
        assessment = _get_assessment(request, assessment_id)
        services.assessment_countersign(assessment=assessment, by=request.user)
        return Response(AssessmentOutputSerializer(_get_assessment(request, assessment_id)).data)


# --- Victims --------------------------------------------------------------------------


class VictimOutputSerializer(serializers.ModelSerializer):
    """What anyone who may see the victim sees: never their name or contact details."""

    case = id_output("case_id")
    restorative_justice = serializers.CharField()

    class Meta:
        model = Victim
        fields = [
            "id",
            "case",
            "display_name",
            "is_organisation",
            "consent_to_share",
            "contacted_before_decision_at",
            "informed_of_outcome_at",
            "wishes",
            "restorative_justice",
            "at_continuing_risk",
            "created_at",
        ]


class VictimContactDetailsOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = VictimContactDetails
        fields = ["full_name", "address", "phone", "email", "preferred_contact"]


class VictimWithContactDetailsOutputSerializer(VictimOutputSerializer):
    """For victim workers only, and only through ``services.victim_contact_details_view``."""

    contact_details = VictimContactDetailsOutputSerializer(allow_null=True)

    class Meta(VictimOutputSerializer.Meta):
        fields = [*VictimOutputSerializer.Meta.fields, "contact_details"]


VICTIM_DETAIL_RESPONSE = AnyOfSerializer(
    component_name="VictimDetail",
    serializers=[VictimWithContactDetailsOutputSerializer, VictimOutputSerializer],
    resource_type_field_name=None,
)


class VictimContactDetailsInputSerializer(serializers.Serializer):
    full_name = model_input(VictimContactDetails, "full_name", "victim's full name", person_name=True)
    address = model_input(VictimContactDetails, "address", "victim's address")
    phone = model_input(VictimContactDetails, "phone", "victim's phone number")
    email = model_input(VictimContactDetails, "email", "victim's email address")
    preferred_contact = model_input(VictimContactDetails, "preferred_contact", "preferred way to contact the victim")


class VictimInputSerializer(serializers.Serializer):
    display_name = model_input(Victim, "display_name", "name the victim is referred to by", person_name=True)
    is_organisation = model_input(Victim, "is_organisation", "is an organisation")
    consent_to_share = model_input(Victim, "consent_to_share", "consent to share")
    contacted_before_decision_at = model_input(
        Victim,
        "contacted_before_decision_at",
        "date the victim was contacted before the decision",
        bounds=happened_on,
    )
    informed_of_outcome_at = model_input(
        Victim,
        "informed_of_outcome_at",
        "date the victim was told the outcome",
        bounds=happened_on,
    )
    wishes = model_input(Victim, "wishes", "victim's wishes")
    restorative_justice = model_input(Victim, "restorative_justice", "restorative justice participation")
    at_continuing_risk = model_input(Victim, "at_continuing_risk", "at continuing risk")
    contact_details = VictimContactDetailsInputSerializer(required=False)


class VictimCreateInputSerializer(VictimInputSerializer):
    case = visible_case_input()


class VictimUpdateInputSerializer(VictimInputSerializer):
    pass


def _get_victim(request: Request, victim_id: int) -> Victim:
    return get_object_or_404(selectors.victim_list(user=request.user), pk=victim_id)


class VictimListCreateApi(CasesListApi):
    restricted_read_via = "victim_list"
    queryset = Victim.objects.none()
    filterset_class = filters.VictimFilter
    ordering_fields = ["created_at", "display_name"]

    def get_queryset(self) -> QuerySet[Victim]:
        return selectors.victim_list(user=self.request.user)

    @extend_schema(
        summary="List victims",
        description="Never with contact details: a victim worker reads those one victim at a time, audited.",
        responses=VictimOutputSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        return self.list_response(self.filter_queryset(self.get_queryset()), VictimOutputSerializer)

    @extend_schema(
        summary="Record a victim of a case",
        description="Only a victim worker may give `contact_details`.",
        request=VictimCreateInputSerializer,
        responses={201: VictimOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    def post(self, request: Request) -> Response:
        serializer = VictimCreateInputSerializer(data=request.data, context=context(request))
        serializer.is_valid(raise_exception=True)
        victim = services.victim_add(by=request.user, **serializer.validated_data)
        return created(VictimOutputSerializer(victim))


class VictimDetailApi(CasesApi):
    @extend_schema(
        summary="A victim",
        description="A victim worker also gets `contact_details`, and the read is recorded in the audit trail.",
        responses={200: VICTIM_DETAIL_RESPONSE, 404: NOT_FOUND},
    )
    def get(self, request: Request, victim_id: int) -> Response:
        victim = _get_victim(request, victim_id)
        services.restricted_case_records_viewed(
            records=[victim], user=request.user, via="victim_detail", request=request
        )
        if not permissions.can_see_victim_contact_details(request.user):
            return Response(VictimOutputSerializer(victim).data)
        details = services.victim_contact_details_view(victim=victim, by=request.user, request=request)
        data = VictimOutputSerializer(victim).data
        data["contact_details"] = VictimContactDetailsOutputSerializer(details).data if details else None
        return Response(data)

    @extend_schema(
        summary="Change a victim's record",
        description="Only a victim worker may give `contact_details`.",
        request=VictimUpdateInputSerializer,
        responses={200: VictimOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def patch(self, request: Request, victim_id: int) -> Response:
        victim = _get_victim(request, victim_id)
        serializer = VictimUpdateInputSerializer(data=request.data, partial=True, context=context(request))
        serializer.is_valid(raise_exception=True)
        victim = services.victim_update(victim=victim, by=request.user, **serializer.validated_data)
        return Response(VictimOutputSerializer(victim).data)


# --- Plans ----------------------------------------------------------------------------


class PlanTargetOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanTarget
        fields = ["id", "what", "who", "by_when", "how_i_will_know", "achieved_at"]


class PlanOutputSerializer(serializers.ModelSerializer):
    case = id_output("case_id")
    child_name = name_output("case.child")
    assessment = id_output("assessment_id", allow_null=True)
    written_by = id_output("written_by_id")
    written_by_name = name_output("written_by")
    countersigned_by = id_output("countersigned_by_id", allow_null=True)
    countersigned_by_name = name_output("countersigned_by", allow_null=True)
    targets = PlanTargetOutputSerializer(many=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "case",
            "child_name",
            "assessment",
            "external_controls",
            "contingency",
            "risk_meeting_decisions",
            "targets",
            "written_by",
            "written_by_name",
            "written_at",
            "countersigned_by",
            "countersigned_by_name",
            "countersigned_at",
        ]


class PlanTargetInputSerializer(serializers.Serializer):
    what = model_input(PlanTarget, "what", "target")
    who = model_input(PlanTarget, "who", "person who will help")
    by_when = model_input(PlanTarget, "by_when", "target date", bounds=planned_for)
    how_i_will_know = model_input(PlanTarget, "how_i_will_know", "way the child will know the target is done")


ADD_A_TARGET = "Add at least one target written with the child"


class PlanCreateInputSerializer(serializers.Serializer):
    case = visible_case_input()
    assessment = visible_assessment_input(required=False, allow_null=True)
    external_controls = model_input(Plan, "external_controls", "external controls")
    contingency = model_input(Plan, "contingency")
    risk_meeting_decisions = model_input(Plan, "risk_meeting_decisions", "risk meeting decisions")
    targets = serializers.ListSerializer(
        child=PlanTargetInputSerializer(),
        allow_empty=False,
        error_messages={"required": ADD_A_TARGET, "null": ADD_A_TARGET, "empty": ADD_A_TARGET},
    )


class PlanListCreateApi(CasesListApi):
    restricted_read_via = "plan_list"
    queryset = Plan.objects.none()
    filterset_class = filters.PlanFilter
    ordering_fields = ["written_at"]

    def get_queryset(self) -> QuerySet[Plan]:
        return selectors.plan_list(user=self.request.user)

    @extend_schema(summary="List plans", responses=PlanOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.list_response(self.filter_queryset(self.get_queryset()), PlanOutputSerializer)

    @extend_schema(
        summary="Write a plan with the child's targets",
        request=PlanCreateInputSerializer,
        responses={201: PlanOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    def post(self, request: Request) -> Response:
        serializer = PlanCreateInputSerializer(data=request.data, context=context(request))
        serializer.is_valid(raise_exception=True)
        plan = services.plan_write(by=request.user, **serializer.validated_data)
        return created(PlanOutputSerializer(get_object_or_404(self.get_queryset(), pk=plan.pk)))


class PlanCountersignApi(CasesApi):
    @extend_schema(
        summary="Countersign a plan",
        description="A manager of the case's team, never the plan's author.",
        request=None,
        responses={200: PlanOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request: Request, plan_id: int) -> Response:
        plans = selectors.plan_list(user=request.user)
        plan = get_object_or_404(plans, pk=plan_id)
        services.plan_countersign(plan=plan, by=request.user)
        return Response(PlanOutputSerializer(get_object_or_404(plans, pk=plan_id)).data)


# --- Reviews --------------------------------------------------------------------------


class ReviewOutputSerializer(serializers.ModelSerializer):
    case = id_output("case_id")
    child_name = name_output("case.child")
    trigger = serializers.CharField()
    completed_by = id_output("completed_by_id", allow_null=True)
    completed_by_name = name_output("completed_by", allow_null=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "case",
            "child_name",
            "trigger",
            "trigger_detail",
            "due_date",
            "completed_date",
            "completed_by",
            "completed_by_name",
            "outcome",
            "created_at",
        ]


class ReviewScheduleInputSerializer(serializers.Serializer):
    case = visible_case_input()
    trigger = model_input(Review, "trigger", "reason for the review")
    trigger_detail = model_input(Review, "trigger_detail", "what happened")
    due_date = model_input(Review, "due_date", "due date", bounds=planned_for)


class ReviewCompleteInputSerializer(serializers.Serializer):
    outcome = model_input(Review, "outcome", "outcome of the review", required=True, allow_blank=False)
    completed_date = model_input(Review, "completed_date", "completed date", allow_null=False, bounds=planned_for)


def _get_review(request: Request, review_id: int) -> Review:
    return get_object_or_404(selectors.review_list(user=request.user), pk=review_id)


class ReviewListCreateApi(CasesListApi):
    restricted_read_via = "review_list"
    queryset = Review.objects.none()
    filterset_class = filters.ReviewFilter
    ordering_fields = ["due_date", "completed_date"]

    def get_queryset(self) -> QuerySet[Review]:
        return selectors.review_list(user=self.request.user)

    @extend_schema(summary="List reviews", responses=ReviewOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.list_response(self.filter_queryset(self.get_queryset()), ReviewOutputSerializer)

    @extend_schema(
        summary="Schedule a review",
        request=ReviewScheduleInputSerializer,
        responses={201: ReviewOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    def post(self, request: Request) -> Response:
        serializer = ReviewScheduleInputSerializer(data=request.data, context=context(request))
        serializer.is_valid(raise_exception=True)
        review = services.review_schedule(by=request.user, **serializer.validated_data)
        return created(ReviewOutputSerializer(_get_review(request, review.pk)))


class ReviewCompleteApi(CasesApi):
    @extend_schema(
        summary="Complete a review",
        request=ReviewCompleteInputSerializer,
        responses={200: ReviewOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request: Request, review_id: int) -> Response:
        review = _get_review(request, review_id)
        serializer = ReviewCompleteInputSerializer(data=request.data, context=context(request))
        serializer.is_valid(raise_exception=True)
        services.review_complete(review=review, by=request.user, **serializer.validated_data)
        return Response(ReviewOutputSerializer(_get_review(request, review_id)).data)


# --- Contacts -------------------------------------------------------------------------


class ContactOutputSerializer(serializers.ModelSerializer):
    case = id_output("case_id")
    child_name = name_output("case.child")
    contact_type = serializers.CharField()
    attendance = serializers.CharField()
    enforcement_step = serializers.CharField()
    recorded_by = id_output("recorded_by_id")
    recorded_by_name = name_output("recorded_by")

    class Meta:
        model = Contact
        fields = [
            "id",
            "case",
            "child_name",
            "contact_type",
            "scheduled_at",
            "attendance",
            "enforcement_step",
            "notes",
            "recorded_by",
            "recorded_by_name",
            "recorded_at",
        ]


class ContactRecordInputSerializer(serializers.Serializer):
    case = visible_case_input()
    contact_type = model_input(Contact, "contact_type", "type of contact")
    scheduled_at = model_input(Contact, "scheduled_at", "date and time of the contact", bounds=planned_for)
    attendance = model_input(Contact, "attendance")
    enforcement_step = model_input(Contact, "enforcement_step", "enforcement step")
    notes = model_input(Contact, "notes")


class ContactListCreateApi(CasesListApi):
    restricted_read_via = "contact_list"
    queryset = Contact.objects.none()
    filterset_class = filters.ContactFilter
    ordering_fields = ["scheduled_at", "recorded_at"]

    def get_queryset(self) -> QuerySet[Contact]:
        return selectors.contact_list(user=self.request.user)

    @extend_schema(summary="List contacts", responses=ContactOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.list_response(self.filter_queryset(self.get_queryset()), ContactOutputSerializer)

    @extend_schema(
        summary="Record a contact",
        request=ContactRecordInputSerializer,
        responses={201: ContactOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    def post(self, request: Request) -> Response:
        serializer = ContactRecordInputSerializer(data=request.data, context=context(request))
        serializer.is_valid(raise_exception=True)
        contact = services.contact_record(by=request.user, **serializer.validated_data)
        return created(ContactOutputSerializer(get_object_or_404(self.get_queryset(), pk=contact.pk)))


# --- Flags ----------------------------------------------------------------------------


class FlagOutputSerializer(serializers.ModelSerializer):
    child = id_output("child_id")
    child_name = name_output("child")
    case = id_output("case_id", allow_null=True)
    flag_type = serializers.CharField()
    flag_type_label = serializers.CharField(source="get_flag_type_display")
    raised_by = id_output("raised_by_id")
    raised_by_name = name_output("raised_by")
    removed_by = id_output("removed_by_id", allow_null=True)
    removed_by_name = name_output("removed_by", allow_null=True)
    active = serializers.BooleanField(source="is_active")

    class Meta:
        model = Flag
        fields = [
            "id",
            "child",
            "child_name",
            "case",
            "flag_type",
            "flag_type_label",
            "note",
            "active",
            "raised_by",
            "raised_by_name",
            "raised_at",
            "removed_by",
            "removed_by_name",
            "removed_at",
            "removal_reason",
        ]


class FlagRaiseInputSerializer(serializers.Serializer):
    child = visible_child_input()
    case = visible_case_input(required=False, allow_null=True)
    flag_type = model_input(Flag, "flag_type", "type of flag")
    note = model_input(Flag, "note")


class FlagRemoveInputSerializer(serializers.Serializer):
    reason = text_input("reason the flag is being removed")


def _get_flag(request: Request, flag_id: int) -> Flag:
    return get_object_or_404(selectors.flag_list(user=request.user), pk=flag_id)


class FlagListCreateApi(CasesListApi):
    queryset = Flag.objects.none()
    filterset_class = filters.FlagFilter
    ordering_fields = ["raised_at", "removed_at"]

    def get_queryset(self) -> QuerySet[Flag]:
        return selectors.flag_list(user=self.request.user)

    @extend_schema(summary="List flags", responses=FlagOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.list_response(self.filter_queryset(self.get_queryset()), FlagOutputSerializer)

    @extend_schema(
        summary="Raise a flag on a child",
        request=FlagRaiseInputSerializer,
        responses={201: FlagOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    def post(self, request: Request) -> Response:
        serializer = FlagRaiseInputSerializer(data=request.data, context=context(request))
        serializer.is_valid(raise_exception=True)
        flag = services.flag_raise(by=request.user, **serializer.validated_data)
        return created(FlagOutputSerializer(_get_flag(request, flag.pk)))


class FlagRemoveApi(CasesApi):
    @extend_schema(
        summary="Remove a flag",
        description="A reason is required.",
        request=FlagRemoveInputSerializer,
        responses={200: FlagOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request: Request, flag_id: int) -> Response:
        flag = _get_flag(request, flag_id)
        serializer = FlagRemoveInputSerializer(data=request.data, context=context(request))
        serializer.is_valid(raise_exception=True)
        services.flag_remove(flag=flag, by=request.user, reason=serializer.validated_data["reason"])
        return Response(FlagOutputSerializer(_get_flag(request, flag_id)).data)


# --- Transfers and transitions -----------------------------------------------------------


class CaseTransferOutputSerializer(serializers.ModelSerializer):
    case = id_output("case_id")
    child_name = name_output("case.child")
    requested_by = id_output("requested_by_id")
    requested_by_name = name_output("requested_by")

    class Meta:
        model = CaseTransfer
        fields = [
            "id",
            "case",
            "child_name",
            "home_service",
            "host_service",
            "reason",
            "requested_by",
            "requested_by_name",
            "requested_at",
            "accepted_on",
            "accepted_by_name",
        ]


class CaseTransferRequestInputSerializer(serializers.Serializer):
    case = visible_case_input()
    home_service = model_input(CaseTransfer, "home_service", "home service")
    host_service = model_input(CaseTransfer, "host_service", "receiving service")
    reason = model_input(CaseTransfer, "reason", "reason for the transfer")


class CaseTransferAcceptInputSerializer(serializers.Serializer):
    accepted_on = model_input(
        CaseTransfer,
        "accepted_on",
        "date the case was accepted",
        required=True,
        allow_null=False,
        bounds=planned_for,
    )
    accepted_by_name = model_input(
        CaseTransfer,
        "accepted_by_name",
        "name of who accepted the case",
        required=True,
        allow_blank=False,
        person_name=True,
    )


def _get_transfer(request: Request, transfer_id: int) -> CaseTransfer:
    return get_object_or_404(selectors.case_transfer_list(user=request.user), pk=transfer_id)


class CaseTransferListCreateApi(CasesListApi):
    restricted_read_via = "transfer_list"
    queryset = CaseTransfer.objects.none()
    filterset_class = filters.CaseTransferFilter
    ordering_fields = ["requested_at", "accepted_on"]

    def get_queryset(self) -> QuerySet[CaseTransfer]:
        return selectors.case_transfer_list(user=self.request.user)

    @extend_schema(summary="List case transfers", responses=CaseTransferOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.list_response(self.filter_queryset(self.get_queryset()), CaseTransferOutputSerializer)

    @extend_schema(
        summary="Request the transfer of a case to another service",
        request=CaseTransferRequestInputSerializer,
        responses={201: CaseTransferOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    def post(self, request: Request) -> Response:
        serializer = CaseTransferRequestInputSerializer(data=request.data, context=context(request))
        serializer.is_valid(raise_exception=True)
        transfer = services.case_transfer_request(by=request.user, **serializer.validated_data)
        return created(CaseTransferOutputSerializer(_get_transfer(request, transfer.pk)))


class CaseTransferAcceptApi(CasesApi):
    @extend_schema(
        summary="Record that the receiving service accepted a transfer",
        request=CaseTransferAcceptInputSerializer,
        responses={200: CaseTransferOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request: Request, transfer_id: int) -> Response:
        transfer = _get_transfer(request, transfer_id)
        serializer = CaseTransferAcceptInputSerializer(data=request.data, context=context(request))
        serializer.is_valid(raise_exception=True)
        services.case_transfer_accept(transfer=transfer, by=request.user, **serializer.validated_data)
        return Response(CaseTransferOutputSerializer(_get_transfer(request, transfer_id)).data)


class TransitionOutputSerializer(serializers.ModelSerializer):
    case = id_output("case_id")
    decision = serializers.CharField()
    decided_by = id_output("decided_by_id")
    decided_by_name = name_output("decided_by")

    class Meta:
        model = Transition
        fields = ["id", "case", "decision", "reason", "decided_by", "decided_by_name", "decided_at"]


class TransitionDecideInputSerializer(serializers.Serializer):
    case = visible_case_input()
    decision = model_input(Transition, "decision")
    reason = model_input(Transition, "reason", "reason for the decision")


class TransitionCreateApi(CasesApi):
    @extend_schema(
        summary="Record the transfer or retain decision for a child turning 18",
        request=TransitionDecideInputSerializer,
        responses={201: TransitionOutputSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    )
    def post(self, request: Request) -> Response:
        serializer = TransitionDecideInputSerializer(data=request.data, context=context(request))
        serializer.is_valid(raise_exception=True)
        transition = services.transition_decide(by=request.user, **serializer.validated_data)
        return created(TransitionOutputSerializer(transition))
