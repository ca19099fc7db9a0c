"""Cases: opening, allocating, closing and restricting them, their transfers to another service and the decision
for a child turning 18, their reviews and contacts."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from yjs.api.base import Api, action, created, valid, visible_row
from yjs.api.fields import boolean_input, empty_messages, text_input
from yjs.api.listing import ListWriter
from yjs.models import Team
from yjs.validators import happened_on, planned_for

from .. import filters, selectors, services
from ..models import Case, CaseTransfer, Contact, Offence, Review, Transition
from .base import (
    CasesListApi,
    id_output,
    model_input,
    name_output,
    staff_input,
    visible_case_input,
    visible_child_input,
)

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
        return self.listed(CASE_PAGE)

    @extend_schema(
        summary="Open a case",
        description="Its first assessment falls due a set number of working days after the start date.",
        request=CaseCreateInputSerializer,
        responses={201: CaseOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        case = action(request, services.case_open, CaseCreateInputSerializer)
        return created(CaseOutputSerializer(case))


class CaseDetailApi(Api):
    @extend_schema(
        summary="A case",
        description="Reading a restricted case is recorded in the audit trail.",
        responses={200: CaseOutputSerializer},
    )
    def get(self, request: Request, case_id: int) -> Response:
        case = selectors.case_get(user=request.user, case_id=case_id)
        services.case_view_record(case=case, user=request.user, request=request)
        return Response(CaseOutputSerializer(case).data)


class CaseAllocateInputSerializer(serializers.Serializer):
    allocated_to = staff_input("case worker")


class CaseAllocateApi(Api):
    @extend_schema(
        summary="Allocate a case",
        request=CaseAllocateInputSerializer,
        responses={200: CaseOutputSerializer},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = selectors.case_get(user=request.user, case_id=case_id)
        data = valid(CaseAllocateInputSerializer, request)
        case = services.case_allocate(case=case, by=request.user, to=data["allocated_to"])
        return Response(CaseOutputSerializer(case).data)


class CaseCloseInputSerializer(serializers.Serializer):
    end_date = model_input(Case, "end_date", "end date", required=True, allow_null=False, bounds=planned_for)
    reason = text_input("reason the case is closing", max_length=Case._meta.get_field("closure_reason").max_length)


class CaseCloseApi(Api):
    @extend_schema(
        summary="Close a case",
        request=CaseCloseInputSerializer,
        responses={200: CaseOutputSerializer},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = selectors.case_get(user=request.user, case_id=case_id)
        data = valid(CaseCloseInputSerializer, request)
        case = services.case_close(case=case, by=request.user, end_date=data["end_date"], reason=data["reason"])
        return Response(CaseOutputSerializer(case).data)


class CaseRestrictInputSerializer(serializers.Serializer):
    restricted = model_input(Case, "restricted", required=True)


class CaseRestrictApi(Api):
    @extend_schema(
        summary="Restrict or unrestrict a case",
        request=CaseRestrictInputSerializer,
        responses={200: CaseOutputSerializer},
    )
    def post(self, request: Request, case_id: int) -> Response:
        case = selectors.case_get(user=request.user, case_id=case_id)
        data = valid(CaseRestrictInputSerializer, request)
        case = services.case_set_restricted(case=case, by=request.user, restricted=data["restricted"])
        return Response(CaseOutputSerializer(case).data)


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


class CaseTransferListCreateApi(CasesListApi):
    restricted_read_via = "transfer_list"
    queryset = CaseTransfer.objects.none()
    filterset_class = filters.CaseTransferFilter
    ordering_fields = ["requested_at", "accepted_on"]

    def get_queryset(self) -> QuerySet[CaseTransfer]:
        return selectors.case_transfer_list(user=self.request.user)

    @extend_schema(summary="List case transfers", responses=CaseTransferOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.listed(CaseTransferOutputSerializer)

    @extend_schema(
        summary="Request the transfer of a case to another service",
        request=CaseTransferRequestInputSerializer,
        responses={201: CaseTransferOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        transfer = action(request, services.case_transfer_request, CaseTransferRequestInputSerializer)
        return created(CaseTransferOutputSerializer(visible_row(selectors.case_transfer_list, request, transfer.pk)))


class CaseTransferAcceptApi(Api):
    @extend_schema(
        summary="Record that the receiving service accepted a transfer",
        request=CaseTransferAcceptInputSerializer,
        responses={200: CaseTransferOutputSerializer},
    )
    def post(self, request: Request, transfer_id: int) -> Response:
        transfer = visible_row(selectors.case_transfer_list, request, transfer_id)
        action(request, services.case_transfer_accept, CaseTransferAcceptInputSerializer, transfer=transfer)
        return Response(
            CaseTransferOutputSerializer(visible_row(selectors.case_transfer_list, request, transfer_id)).data
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


class TransitionCreateApi(Api):
    @extend_schema(
        summary="Record the transfer or retain decision for a child turning 18",
        request=TransitionDecideInputSerializer,
        responses={201: TransitionOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        transition = action(request, services.transition_decide, TransitionDecideInputSerializer)
        return created(TransitionOutputSerializer(transition))


# --- Reviews --------------------------------------------------------------------------


class ReviewOutputSerializer(serializers.ModelSerializer):
    case = id_output("case_id")
    child_name = name_output("case.child")
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


class ReviewListCreateApi(CasesListApi):
    restricted_read_via = "review_list"
    queryset = Review.objects.none()
    filterset_class = filters.ReviewFilter
    ordering_fields = ["due_date", "completed_date"]

    def get_queryset(self) -> QuerySet[Review]:
        return selectors.review_list(user=self.request.user)

    @extend_schema(summary="List reviews", responses=ReviewOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.listed(ReviewOutputSerializer)

    @extend_schema(
        summary="Schedule a review",
        request=ReviewScheduleInputSerializer,
        responses={201: ReviewOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        review = action(request, services.review_schedule, ReviewScheduleInputSerializer)
        return created(ReviewOutputSerializer(visible_row(selectors.review_list, request, review.pk)))


class ReviewCompleteApi(Api):
    @extend_schema(
        summary="Complete a review",
        description="`assessment_still_holds` is required for a review opened by a significant event when the case "
        "has a current (completed) assessment; `false` starts a reassessment from the review (its id in "
        "`reassessment`).",
        request=ReviewCompleteInputSerializer,
        responses={200: ReviewOutputSerializer},
    )
    def post(self, request: Request, review_id: int) -> Response:
        review = visible_row(selectors.review_list, request, review_id)
        action(request, services.review_complete, ReviewCompleteInputSerializer, review=review)
        return Response(ReviewOutputSerializer(visible_row(selectors.review_list, request, review_id)).data)


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
        return self.listed(ContactOutputSerializer)

    @extend_schema(
        summary="Record a contact",
        request=ContactRecordInputSerializer,
        responses={201: ContactOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        contact = action(request, services.contact_record, ContactRecordInputSerializer)
        return created(ContactOutputSerializer(get_object_or_404(self.get_queryset(), pk=contact.pk)))
