"""Cases: opening, allocating, closing and restricting them, their transfers to another service and the decision
for a child turning 18, their reviews and contacts."""

from functools import partial

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request

from yjs.api.endpoints import row_action, row_create, row_read, rows_list
from yjs.api.fields import boolean_input, empty_messages, staff_input, text_input
from yjs.api.listing import ListWriter
from yjs.models import Team
from yjs.validators import happened_on, planned_for

from .. import filters, selectors, services
from ..models import Case, CaseTransfer, Contact, Offence, Review, Transition
from .base import (
    CasesListApi,
    case_records,
    id_output,
    model_input,
    name_output,
    visible_case_input,
    visible_child_input,
)
from .case_records import OnCaseOutputSerializer

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


class CaseListCreateApi(
    rows_list("List cases", rows=selectors.case_list, output=CaseOutputSerializer, page=CASE_PAGE, base=CasesListApi),
    row_create(
        "Open a case",
        "Its first assessment falls due a set number of working days after the start date.",
        service=services.case_open,
        input=CaseCreateInputSerializer,
        output=CaseOutputSerializer,
    ),
):
    restricted_read_via = "case_list"
    filterset_class = filters.CaseFilter
    ordering_fields = ["start_date", "created_at", "child__surname"]


def _case_viewed(request: Request, case: Case) -> None:
    services.case_view_record(case=case, user=request.user, request=request)


CaseDetailApi = row_read(
    "A case",
    "Reading a restricted case is recorded in the audit trail.",
    rows=selectors.case_list,
    row="case",
    output=CaseOutputSerializer,
    shown=_case_viewed,
)


# An operation on one case the user may see, answered with the case the service gives back.
case_action = partial(row_action, rows=selectors.case_list, row="case", output=CaseOutputSerializer, answer_result=True)


class CaseAllocateInputSerializer(serializers.Serializer):
    allocated_to = staff_input("case worker", source="to")


CaseAllocateApi = case_action("Allocate a case", service=services.case_allocate, input=CaseAllocateInputSerializer)


class CaseCloseInputSerializer(serializers.Serializer):
    end_date = model_input(Case, "end_date", "end date", required=True, allow_null=False, bounds=planned_for)
    reason = text_input("reason the case is closing", max_length=Case._meta.get_field("closure_reason").max_length)


CaseCloseApi = case_action("Close a case", service=services.case_close, input=CaseCloseInputSerializer)


class CaseRestrictInputSerializer(serializers.Serializer):
    restricted = model_input(Case, "restricted", required=True)


CaseRestrictApi = case_action(
    "Restrict or unrestrict a case", service=services.case_set_restricted, input=CaseRestrictInputSerializer
)


# --- Transfers and transitions -----------------------------------------------------------


class CaseTransferOutputSerializer(OnCaseOutputSerializer):
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


TRANSFERS = case_records(selectors.case_transfer_list, CaseTransferOutputSerializer, "transfer")


class CaseTransferListCreateApi(
    TRANSFERS.listing(
        "List case transfers",
        via="transfer_list",
        filterset=filters.CaseTransferFilter,
        ordering=["requested_at", "accepted_on"],
    ),
    TRANSFERS.create(
        "Request the transfer of a case to another service",
        service=services.case_transfer_request,
        input=CaseTransferRequestInputSerializer,
    ),
):
    pass


CaseTransferAcceptApi = TRANSFERS.action(
    "Record that the receiving service accepted a transfer",
    service=services.case_transfer_accept,
    input=CaseTransferAcceptInputSerializer,
)


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


TransitionCreateApi = row_create(
    "Record the transfer or retain decision for a child turning 18",
    service=services.transition_decide,
    input=TransitionDecideInputSerializer,
    output=TransitionOutputSerializer,
)


# --- Reviews --------------------------------------------------------------------------


class ReviewOutputSerializer(OnCaseOutputSerializer):
    trigger = serializers.CharField()
    completed_by = id_output("completed_by_id", allow_null=True)
    completed_by_name = name_output("completed_by", allow_null=True)
    reassessment = serializers.SerializerMethodField()

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
            "assessment_still_holds",
            "reassessment",
            "created_at",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_reassessment(self, review: Review) -> int | None:
        """The assessment the review started when it found the last one no longer holds."""
        started = review.reassessments.all()
        return started[0].pk if started else None


class ReviewScheduleInputSerializer(serializers.Serializer):
    case = visible_case_input()
    trigger = model_input(Review, "trigger", "reason for the review")
    trigger_detail = model_input(Review, "trigger_detail", "what happened")
    due_date = model_input(Review, "due_date", "due date", bounds=planned_for)


class ReviewCompleteInputSerializer(serializers.Serializer):
    outcome = model_input(Review, "outcome", "outcome of the review", required=True, allow_blank=False)
    completed_date = model_input(Review, "completed_date", "completed date", allow_null=False, bounds=planned_for)
    assessment_still_holds = boolean_input(
        "whether the assessment and plan still hold", required=False, allow_null=True, default=None
    )


REVIEWS = case_records(selectors.review_list, ReviewOutputSerializer, "review")


class ReviewListCreateApi(
    REVIEWS.listing(
        "List reviews", via="review_list", filterset=filters.ReviewFilter, ordering=["due_date", "completed_date"]
    ),
    REVIEWS.create("Schedule a review", service=services.review_schedule, input=ReviewScheduleInputSerializer),
):
    pass


ReviewCompleteApi = REVIEWS.action(
    "Complete a review",
    "`assessment_still_holds` is required for a review opened by a significant event when the case "
    "has a current (completed) assessment; `false` starts a reassessment from the review (its id in "
    "`reassessment`).",
    service=services.review_complete,
    input=ReviewCompleteInputSerializer,
)


# --- Contacts -------------------------------------------------------------------------


class ContactOutputSerializer(OnCaseOutputSerializer):
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


CONTACTS = case_records(selectors.contact_list, ContactOutputSerializer)


class ContactListCreateApi(
    CONTACTS.listing(
        "List contacts", via="contact_list", filterset=filters.ContactFilter, ordering=["scheduled_at", "recorded_at"]
    ),
    CONTACTS.create("Record a contact", service=services.contact_record, input=ContactRecordInputSerializer),
):
    pass
