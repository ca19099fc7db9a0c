"""Assessments (recording, completing and countersigning them) and the plans written with the child."""

from rest_framework import serializers

from yjs.api.fields import VisibleRelatedField, text_input, unchanged_unless_given
from yjs.validators import planned_for

from .. import filters, selectors, services
from ..models import Assessment, Level, Plan, PlanTarget, Returned, Review
from .base import (
    case_records,
    id_output,
    model_input,
    name_output,
    visible_assessment_input,
    visible_case_input,
)
from .case_records import OnCaseOutputSerializer

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


class AssessmentOutputSerializer(OnCaseOutputSerializer):
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
            *services.ASSESSMENT_FIELDS,
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


ASSESSMENTS = case_records(selectors.assessment_list, AssessmentOutputSerializer, "assessment")


class AssessmentListApi(
    ASSESSMENTS.listing(
        "List assessments",
        via="assessment_list",
        filterset=filters.AssessmentFilter,
        ordering=["due_date", "completed_date", "created_at"],
    ),
    ASSESSMENTS.create(
        "Start an assessment of a case",
        "A case holds many assessments over time; the latest completed one is current. `reason`: "
        "`initial`, `review` or `significant_event` (with the `review` it starts from, if any). Without "
        "`due_date` it falls due the set number of working days from today.",
        service=services.assessment_create,
        input=AssessmentCreateInputSerializer,
    ),
):
    pass


class AssessmentDetailApi(
    ASSESSMENTS.read(
        "An assessment",
        "Reading an assessment of a restricted case is recorded in the audit trail.",
        via="assessment_detail",
    ),
    ASSESSMENTS.action(
        "Record or complete an assessment",
        "Giving `completed_date` completes it: the three ratings are then required.",
        service=services.assessment_record,
        input=AssessmentUpdateInputSerializer,
        method="patch",
    ),
):
    pass


AssessmentCountersignApi = ASSESSMENTS.action(
    "Countersign an assessment",
    "A manager of the case's team, never the assessment's author.",
    service=services.assessment_countersign,
)
AssessmentReturnApi = ASSESSMENTS.action(
    "Return an assessment to its author with feedback",
    "A manager of the case's team, never the assessment's author, returns a completed assessment "
    "not yet countersigned: it is no longer completed, and completing it again resubmits it. The loop "
    "(who returned it, when, why, when resubmitted) is kept in `returns`.",
    service=services.assessment_return,
    input=ReturnInputSerializer,
)


# --- Plans ----------------------------------------------------------------------------


class PlanTargetOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanTarget
        fields = ["id", "what", "who", "by_when", "how_i_will_know", "achieved_at"]


class PlanOutputSerializer(OnCaseOutputSerializer):
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


PLANS = case_records(selectors.plan_list, PlanOutputSerializer, "plan")


class PlanListCreateApi(
    PLANS.listing("List plans", via="plan_list", filterset=filters.PlanFilter, ordering=["written_at"]),
    PLANS.create("Write a plan with the child's targets", service=services.plan_write, input=PlanCreateInputSerializer),
):
    pass


PlanCountersignApi = PLANS.action(
    "Countersign a plan", "A manager of the case's team, never the plan's author.", service=services.plan_countersign
)
PlanReturnApi = PLANS.action(
    "Return a plan to its author with feedback",
    "A manager of the case's team, never the plan's author, returns a plan not yet countersigned; "
    "it is countersigned only once resubmitted. The loop is kept in `returns`.",
    service=services.plan_return,
    input=ReturnInputSerializer,
)


class PlanResubmitInputSerializer(serializers.Serializer):
    external_controls = unchanged_unless_given("external controls")
    contingency = unchanged_unless_given("contingency")


PlanResubmitApi = PLANS.action(
    "Resubmit a returned plan",
    "After the manager's feedback, optionally with new external controls and contingency "
    "(a part not sent is left as it was); it can then be countersigned.",
    service=services.plan_resubmit,
    input=PlanResubmitInputSerializer,
)
