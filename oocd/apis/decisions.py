"""Decisions (a panel's, or the police's alone), their delivery and the signed disposal document, and the
conditions of a youth conditional caution: compliance, failures and prosecution."""

from functools import partial

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse
from django.urls import reverse
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from yjs.api.base import Api, DownloadNegotiation, valid
from yjs.api.endpoints import Rows, found_by, row_action
from yjs.api.fields import (
    ObjectPath,
    VisibleRelatedField,
    choice_input,
    date_input,
    datetime_input,
    list_input,
    model_max_length,
    optional_text,
)
from yjs.api.filters import IdFilter, add_period_filters
from yjs.api.listing import ListWriter
from yjs.validators import happened_after_yjs_began, planned_for

from .. import permissions, selectors, services
from ..models import Condition, ConditionFailure, ConditionStatus, Decision, Outcome, Panel, SignedDocumentVersion
from .base import OocdListApi, outcome_input, visible_referral_input
from .referrals import ReferralCreateInputSerializer

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


# A list page: the serializer's JSON, written without its per-row overhead (yjs.api.listing).
DECISION_PAGE = ListWriter(DecisionOutputSerializer)


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


add_period_filters(DecisionFilter, "decided_on", "Decided")


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


# A decision the path names is found among those the user may see: 404, "No such decision", for any other.
DECISIONS = Rows.got(selectors.decision_page, selectors.decision_get, DecisionOutputSerializer, "decision")


class DecisionListCreateApi(
    DECISIONS.listing(
        "List decisions",
        "Decisions on the referrals you may see; `police_only=true` for those the police gave without a panel.",
        page=DECISION_PAGE,
        base=OocdListApi,
        filterset=DecisionFilter,
    ),
    DECISIONS.create(
        "Record a decision (a panel's, or the police's alone)",
        "With `panel`, the police and the YJS must both have attended and the referral be on its "
        "agenda. A community resolution, youth caution or youth conditional caution needs an admission; a youth "
        "conditional caution is not available after a conviction and needs conditions each ending no later than "
        "three months after the caution. An outcome departing from the gravity score needs a reason.",
        service=services.decision_record,
        input=DecisionCreateInputSerializer,
    ),
):
    pass


class PoliceOnlyDecisionInputSerializer(ReferralCreateInputSerializer):
    source = None  # a police-only decision is always on a police referral
    outcome = outcome_input()
    decided_on = date_input("date of the decision", happened_after_yjs_began)
    rationale = optional_text("reasons for the decision")
    departure_reason = optional_text("reason the outcome departs from the gravity score")
    conditions = list_input(
        DecisionConditionInputSerializer(), "conditions of the caution", required=False, default=list
    )


PoliceOnlyDecisionApi = DECISIONS.create(
    "Record an outcome the police gave without a panel (police officer)",
    "Creates the referral (source police, with its diversion case and research request) and the "
    "police-only decision in one step; the decision rules are those of `POST /decisions/`.",
    service=services.police_only_decision_record,
    input=PoliceOnlyDecisionInputSerializer,
)
DecisionDetailApi = DECISIONS.read("A decision")


# One step of delivering a decision: the input checked, the service called, the decision answered.
decision_step = DECISIONS.action


class WarningInputSerializer(serializers.Serializer):
    given_at = datetime_input("time the warning was given", happened_after_yjs_began)
    appropriate_adult_name = optional_text(
        "appropriate adult's name", model_max_length(Decision, "appropriate_adult_name"), person_name=True
    )


DecisionWarningApi = decision_step(
    "Record the warning that failing the conditions may lead to prosecution",
    "For a youth conditional caution; a child of 16 or under needs an appropriate adult present.",
    service=services.warning_record,
    input=WarningInputSerializer,
)


class ImplicationsExplainedInputSerializer(serializers.Serializer):
    explained_at = datetime_input("time the implications were explained", happened_after_yjs_began)


DecisionImplicationsExplainedApi = decision_step(
    "Record that the implications were explained to the child and parent or carer",
    "Before delivery.",
    service=services.implications_explained_record,
    input=ImplicationsExplainedInputSerializer,
)


class DeliveryInputSerializer(serializers.Serializer):
    delivered_at = datetime_input("time the disposal was delivered", happened_after_yjs_began)


DecisionDeliveryApi = decision_step(
    "Record the delivery of the disposal (by you)",
    "Needs the implications explained first. `delivered` is true once the implications, the "
    "signed document, delivery and (where there is a victim) the victim being informed are all recorded.",
    service=services.delivery_record,
    input=DeliveryInputSerializer,
)


class VictimInformedInputSerializer(serializers.Serializer):
    informed_at = datetime_input("time the victim was told the outcome", happened_after_yjs_began)


DecisionVictimInformedApi = decision_step(
    "Record that the victim was told the outcome",
    service=services.victim_informed_record,
    input=VictimInformedInputSerializer,
)


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


DOCUMENT_DOWNLOAD_RESPONSES = {
    (200, "application/pdf"): OpenApiTypes.BINARY,
    (200, "image/jpeg"): OpenApiTypes.BINARY,
    (200, "image/png"): OpenApiTypes.BINARY,
}


class DecisionDocumentApi(Api):
    content_negotiation_class = DownloadNegotiation

    @extend_schema(
        summary="Download the signed disposal document",
        description="Only for users who may see the decision (others get 404); served as an attachment with "
        "its checked content type. Each download is recorded in the audit trail.",
        responses=DOCUMENT_DOWNLOAD_RESPONSES,
    )
    def get(self, request: Request, decision_id: int) -> FileResponse:
        decision = selectors.decision_get(user=request.user, decision_id=decision_id)
        if not decision.signed_document:
            raise NotFound("No signed document has been uploaded for this decision")
        return _document_response(request, decision, decision.signed_document, decision.signed_document_type)

    @extend_schema(
        summary="Upload the signed disposal document",
        description="Multipart field `file`: a PDF, JPEG or PNG (by content, not name), within the size limit. "
        "A new upload becomes the current document; the earlier ones stay held, with their hashes, in "
        "`signed_document_versions`. Once the disposal is delivered the document cannot be replaced (400).",
        request={"multipart/form-data": SignedDocumentInputSerializer},
        responses={200: DecisionOutputSerializer},
    )
    def post(self, request: Request, decision_id: int) -> Response:
        decision = selectors.decision_get(user=request.user, decision_id=decision_id)
        document = valid(SignedDocumentInputSerializer, request)["file"]
        try:
            services.signed_document_upload(decision=decision, by=request.user, document=document)
        except DjangoValidationError as error:  # named for the field the client sent
            raise DjangoValidationError({"file": error.message_dict.get("signed_document", error.messages)}) from None
        return decision_response(request, decision_id)


class DecisionDocumentVersionApi(Api):
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


# Something recorded on the condition the path names, among those of the decisions the user may see.
condition_action = partial(row_action, row="condition", find=found_by(selectors.condition_get, "condition_id"))


ConditionFailureApi = condition_action(
    "Record a wilful failure to comply with a condition",
    "Evidence for the prosecution decision: the date, what happened and the reasons the child "
    "gave (or that none were given). The condition becomes not complied with.",
    service=services.condition_failure_record,
    input=ConditionFailureInputSerializer,
    output=ConditionFailureOutputSerializer,
    answer_result=True,
    status=status.HTTP_201_CREATED,
)


class ComplianceInputSerializer(serializers.Serializer):
    status = choice_input("whether the condition was complied with", ConditionStatus.choices)
    notes = optional_text("notes on compliance")


ConditionComplianceApi = condition_action(
    "Record compliance with a condition",
    "`failed` needs a failure recorded first, with its evidence.",
    service=services.condition_compliance_record,
    input=ComplianceInputSerializer,
    output=ConditionOutputSerializer,
)


class ProsecutionInputSerializer(serializers.Serializer):
    prosecution_outcome = optional_text(
        "decision about prosecution", model_max_length(ConditionFailure, "prosecution_outcome"), source="outcome"
    )


FailureProsecutionApi = row_action(
    "Record that a failure was considered for prosecution, and what was decided",
    row="failure",
    find=found_by(selectors.failure_get, "failure_id"),
    service=services.failure_prosecution_consider,
    input=ProsecutionInputSerializer,
    output=ConditionFailureOutputSerializer,
    answer_result=True,
)
