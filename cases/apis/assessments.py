"""Assessments (recording, completing and countersigning them) and the plans written with the child."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from yjs.api.base import Api, action, created, visible_row
from yjs.api.fields import VisibleRelatedField, text_input, unchanged_unless_given
from yjs.validators import planned_for

from .. import filters, selectors, services
from ..models import Assessment, Level, Plan, PlanTarget, Returned, Review
from .base import CasesListApi, id_output, model_input, name_output, visible_assessment_input, visible_case_input

# --- Oversight: returned to the author with feedback ----------------------------------


class ReturnedOutputSerializer(serializers.ModelSerializer):
    """One turn of the loop: who returned it, when and why, and when the author resubmitted it."""

    returned_by = id_output("returned_by_id")
    returned_by_name = name_output("returned_by")

    class Meta:
        model = Returned
        fields = ["id", "returned_by", "returned_by_name", "returned_at", "feedback", "resubmitted_at"]


class ReturnInputSerializer(serializers.Serializer):
    feedback = text_input("feedback for the author")


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
    reason = serializers.CharField()
    review = id_output("review_id", allow_null=True)
    returns = ReturnedOutputSerializer(many=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "case",
            "child",
            "child_name",
            "assessment_type",
            "reason",
            "review",
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
            "returns",
            "created_at",
        ]


def visible_review_input(**kwargs) -> VisibleRelatedField:
    return VisibleRelatedField(
        model=Review, visible=lambda user: selectors.review_list(user=user), label="review", **kwargs
    )


class AssessmentCreateInputSerializer(serializers.Serializer):
    case = visible_case_input()
    assessment_type = model_input(Assessment, "assessment_type", "type of assessment")
    reason = model_input(Assessment, "reason", "reason for the assessment")
    review = visible_review_input(required=False, allow_null=True)
    due_date = model_input(Assessment, "due_date", "due date", required=False, allow_null=True, bounds=planned_for)


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


class AssessmentListApi(CasesListApi):
    restricted_read_via = "assessment_list"
    queryset = Assessment.objects.none()
    filterset_class = filters.AssessmentFilter
    ordering_fields = ["due_date", "completed_date", "created_at"]

    def get_queryset(self) -> QuerySet[Assessment]:
        return selectors.assessment_list(user=self.request.user)

    @extend_schema(summary="List assessments", responses=AssessmentOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.listed(AssessmentOutputSerializer)

    @extend_schema(
        summary="Start an assessment of a case",
        description="A case holds many assessments over time; the latest completed one is current. `reason`: "
        "`initial`, `review` or `significant_event` (with the `review` it starts from, if any). Without "
        "`due_date` it falls due the set number of working days from today.",
        request=AssessmentCreateInputSerializer,
        responses={201: AssessmentOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        assessment = action(request, services.assessment_create, AssessmentCreateInputSerializer)
        return created(AssessmentOutputSerializer(visible_row(selectors.assessment_list, request, assessment.pk)))


class AssessmentDetailApi(Api):
    @extend_schema(
        summary="An assessment",
        description="Reading an assessment of a restricted case is recorded in the audit trail.",
        responses={200: AssessmentOutputSerializer},
    )
    def get(self, request: Request, assessment_id: int) -> Response:
        assessment = visible_row(selectors.assessment_list, request, assessment_id)
        services.restricted_case_records_viewed(
            records=[assessment], user=request.user, via="assessment_detail", request=request
        )
        return Response(AssessmentOutputSerializer(assessment).data)

    @extend_schema(
        summary="Record or complete an assessment",
        description="Giving `completed_date` completes it: the three ratings are then required.",
        request=AssessmentUpdateInputSerializer,
        responses={200: AssessmentOutputSerializer},
    )
    def patch(self, request: Request, assessment_id: int) -> Response:
        assessment = visible_row(selectors.assessment_list, request, assessment_id)
        action(
            request, services.assessment_record, AssessmentUpdateInputSerializer, partial=True, assessment=assessment
        )
        return Response(AssessmentOutputSerializer(visible_row(selectors.assessment_list, request, assessment_id)).data)


class AssessmentCountersignApi(Api):
    @extend_schema(
        summary="Countersign an assessment",
        description="A manager of the case's team, never the assessment's author.",
        request=None,
        responses={200: AssessmentOutputSerializer},
    )
    def post(self, request: Request, assessment_id: int) -> Response:
        assessment = visible_row(selectors.assessment_list, request, assessment_id)
        services.assessment_countersign(assessment=assessment, by=request.user)
        return Response(AssessmentOutputSerializer(visible_row(selectors.assessment_list, request, assessment_id)).data)


class AssessmentReturnApi(Api):
    @extend_schema(
        summary="Return an assessment to its author with feedback",
        description="A manager of the case's team, never the assessment's author, returns a completed assessment "
        "not yet countersigned: it is no longer completed, and completing it again resubmits it. The loop "
        "(who returned it, when, why, when resubmitted) is kept in `returns`.",
        request=ReturnInputSerializer,
        responses={200: AssessmentOutputSerializer},
    )
    def post(self, request: Request, assessment_id: int) -> Response:
        assessment = visible_row(selectors.assessment_list, request, assessment_id)
        action(request, services.assessment_return, ReturnInputSerializer, assessment=assessment)
        return Response(AssessmentOutputSerializer(visible_row(selectors.assessment_list, request, assessment_id)).data)


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
    returns = ReturnedOutputSerializer(many=True)

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
            "returns",
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
        return self.listed(PlanOutputSerializer)

    @extend_schema(
        summary="Write a plan with the child's targets",
        request=PlanCreateInputSerializer,
        responses={201: PlanOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        plan = action(request, services.plan_write, PlanCreateInputSerializer)
        return created(PlanOutputSerializer(get_object_or_404(self.get_queryset(), pk=plan.pk)))


class PlanCountersignApi(Api):
    @extend_schema(
        summary="Countersign a plan",
        description="A manager of the case's team, never the plan's author.",
        request=None,
        responses={200: PlanOutputSerializer},
    )
    def post(self, request: Request, plan_id: int) -> Response:
        plans = selectors.plan_list(user=request.user)
        plan = get_object_or_404(plans, pk=plan_id)
        services.plan_countersign(plan=plan, by=request.user)
        return Response(PlanOutputSerializer(get_object_or_404(plans, pk=plan_id)).data)


class PlanReturnApi(Api):
    @extend_schema(
        summary="Return a plan to its author with feedback",
        description="A manager of the case's team, never the plan's author, returns a plan not yet countersigned; "
        "it is countersigned only once resubmitted. The loop is kept in `returns`.",
        request=ReturnInputSerializer,
        responses={200: PlanOutputSerializer},
    )
    def post(self, request: Request, plan_id: int) -> Response:
        plan = visible_row(selectors.plan_list, request, plan_id)
        action(request, services.plan_return, ReturnInputSerializer, plan=plan)
        return Response(PlanOutputSerializer(visible_row(selectors.plan_list, request, plan_id)).data)


class PlanResubmitInputSerializer(serializers.Serializer):
    external_controls = unchanged_unless_given("external controls")
    contingency = unchanged_unless_given("contingency")


class PlanResubmitApi(Api):
    @extend_schema(
        summary="Resubmit a returned plan",
        description="After the manager's feedback, optionally with new external controls and contingency "
        "(a part not sent is left as it was); it can then be countersigned.",
        request=PlanResubmitInputSerializer,
        responses={200: PlanOutputSerializer},
    )
    def post(self, request: Request, plan_id: int) -> Response:
        plan = visible_row(selectors.plan_list, request, plan_id)
        action(request, services.plan_resubmit, PlanResubmitInputSerializer, plan=plan)
        return Response(PlanOutputSerializer(visible_row(selectors.plan_list, request, plan_id)).data)
