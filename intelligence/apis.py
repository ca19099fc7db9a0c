"""The intelligence REST API under /api/v1/intelligence/ (DESIGN.md §7).

Thin views: each operation validates its input with a small serializer, calls a
selector (reads) or a service (writes) and answers with an output serializer. Who may
see what is decided by ``intelligence.permissions`` only, through the selectors: a
request the user may not see answers 404 whatever they ask to do with it, so neither
its existence nor its contents leak; a service refuses with 403 what a user who sees it
may not do, and with 400 naming the field every rule of the 2023 guidance it breaks.

Every response that shows supplied information records one ``view_sensitive`` audit
event per request shown (DESIGN.md §3).
"""

from datetime import date
from functools import partial
from typing import Any

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from cases import permissions as case_permissions
from cases.models import Case, Child
from yjs.api import fields
from yjs.api.base import Api, DownloadNegotiation, ListApi, valid
from yjs.api.endpoints import found_by, row_action, row_create, row_read
from yjs.api.fields import (
    VisibleRelatedField,
    boolean_input,
    datetime_input,
    model_max_length,
    optional_text,
    text_input,
)
from yjs.api.filters import IdFilter, add_period_filters
from yjs.api.listing import ListWriter
from yjs.api.schema import FORBIDDEN
from yjs.api.serializers import PeriodInputSerializer, PeriodOutputSerializer, period_parameters
from yjs.validators import happened_on

from . import exports, selectors, services
from .models import Addendum, InformationRequest, PhoneCheckOutcome, PoliceSystem, RequestType, SensitiveContext

# --- Input fields with GOV.UK error messages ----------------------------------------------


def choice_input(label: str, choices, **kwargs) -> serializers.ChoiceField:
    """A choice whose blank answer is a wrong one ("Select a valid …"), as DRF has it."""
    return fields.choice_input(label, choices, field_class=serializers.ChoiceField, **kwargs)


# --- Output -----------------------------------------------------------------------------------


class AddendumOutputSerializer(serializers.ModelSerializer):
    request = serializers.IntegerField(source="request_id", read_only=True)
    added_by = serializers.IntegerField(source="added_by_id", read_only=True)

    class Meta:
        model = Addendum
        fields = ["id", "request", "text", "added_by", "added_at"]


class SafeguardingReferralOutputSerializer(serializers.Serializer):
    to = serializers.CharField(read_only=True)
    reference = serializers.CharField(read_only=True)
    made_at = serializers.DateTimeField(read_only=True)


class InformationRequestOutputSerializer(serializers.ModelSerializer):
    """A request with the minimum record of the 2023 guidance and the checks made."""

    child = serializers.IntegerField(source="child_id", read_only=True)
    case = serializers.IntegerField(source="case_id", read_only=True, allow_null=True)
    request_type = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    requested_by = serializers.IntegerField(source="requested_by_id", read_only=True)
    systems_searched = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    supplied_by = serializers.IntegerField(source="supplied_by_id", read_only=True, allow_null=True)
    sensitive_context = serializers.CharField(read_only=True)
    safeguarding_referral = serializers.SerializerMethodField()
    phone_check_outcome = serializers.CharField(read_only=True)
    addenda = AddendumOutputSerializer(many=True, read_only=True)

    class Meta:
        model = InformationRequest
        fields = [
            "id",
            "child",
            "case",
            "request_type",
            "what_requested",
            "reason",
            "requested_at",
            "requested_by",
            "status",
            "systems_searched",
            "information_supplied",
            "supplied_at",
            "supplied_by",
            "oic_consulted_name",
            "oic_consulted_at",
            "sensitive_context",
            "safeguarding_concern",
            "safeguarding_referral",
            "addenda",
            "written_request_due_at",
            "written_request_at",
            "contact_name",
            "contact_phone",
            "contact_consent_recorded_at",
            "contact_not_a_victim",
            "contact_not_a_co_offender",
            "phone_check_outcome",
            "repeat_viewing",
            "authorisation_reference",
        ]

    @extend_schema_field(SafeguardingReferralOutputSerializer(allow_null=True))
    def get_safeguarding_referral(self, request: InformationRequest) -> dict[str, Any] | None:
        if request.safeguarding_referral_at is None and not request.safeguarding_referral_to:
            return None
        return SafeguardingReferralOutputSerializer(
            {
                "to": request.safeguarding_referral_to,
                "reference": request.safeguarding_referral_reference,
                "made_at": request.safeguarding_referral_at,
            }
        ).data


# A list page: the serializer's JSON, written without its per-row overhead (yjs.api.listing).
REQUEST_PAGE = ListWriter(InformationRequestOutputSerializer)


def _viewed(http_request: Request, information_request: InformationRequest) -> None:
    """Reading what was supplied is recorded."""
    services.supplied_information_viewed(request=information_request, by=http_request.user, http_request=http_request)


# The request the path names among those the user may see: 404, "No such information request", for any other.
_request = found_by(selectors.request_get, "request_id")


# An operation on one request the user may see, answered with the request as it now is, its supplied
# information's reading recorded.
request_action = partial(
    row_action, row="request", find=_request, output=InformationRequestOutputSerializer, shown=_viewed
)


# --- Filters ------------------------------------------------------------------------------


class InformationRequestFilter(filters.FilterSet):
    """Narrows what the selector allowed; an id of a row the user may not see matches nothing."""

    child = IdFilter(field_name="child__id", label="Child id")
    case = IdFilter(field_name="case__id", label="Case id")
    requested_by = IdFilter(field_name="requested_by__id", label="Requester's user id")

    class Meta:
        model = InformationRequest
        fields = ["status", "request_type", "sensitive_context", "child", "case", "requested_by"]


add_period_filters(InformationRequestFilter, "requested_at", "Requested", on="date__")


# --- Requests -----------------------------------------------------------------------------


class InformationRequestCreateInputSerializer(serializers.Serializer):
    child = VisibleRelatedField(model=Child, visible=case_permissions.visible_children, label="child")
    case = VisibleRelatedField(
        model=Case, visible=case_permissions.visible_cases, label="case", required=False, allow_null=True
    )
    request_type = choice_input("type of request", RequestType.choices)
    what_requested = optional_text("information you are asking for")
    reason = optional_text("reason for the request")
    sensitive_context = choice_input(
        "whether the request concerns a live investigation, custody or a serious offence",
        SensitiveContext.choices,
        required=False,
        default=SensitiveContext.NONE,
    )
    requested_at = datetime_input("date of the request", happened_on, required=False, allow_null=True)
    contact_name = optional_text(
        "name of the contact", model_max_length(InformationRequest, "contact_name"), person_name=True
    )
    contact_phone = optional_text("contact's phone number", model_max_length(InformationRequest, "contact_phone"))
    contact_consent_given = boolean_input("contact's consent to the checks", required=False, default=False)
    repeat_viewing = boolean_input("repeat viewing", required=False, default=False)
    authorisation_reference = optional_text(
        "authorisation reference", model_max_length(InformationRequest, "authorisation_reference")
    )


class InformationRequestListCreateApi(ListApi):
    """``queryset`` is a hint for the schema and filters; rows come from the selector."""

    filterset_class = InformationRequestFilter
    ordering_fields = ["requested_at", "supplied_at"]
    queryset = InformationRequest.objects.none()

    def get_queryset(self) -> QuerySet[InformationRequest]:
        return selectors.request_page(user=self.request.user)

    @extend_schema(
        summary="List information requests",
        description="The requests you may see: police officers and the head of service see all; others see "
        "those they made, those on cases allocated to them and (managers) those on their teams' cases. "
        "Each supplied request listed is recorded in the audit trail as a reading of its information.",
        responses={200: InformationRequestOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        return self.listed(REQUEST_PAGE)

    def page_read(self, page: list[InformationRequest]) -> None:
        services.supplied_information_viewed_many(requests=page, by=self.request.user, http_request=self.request)

    @extend_schema(
        summary="Ask the police officer for information",
        description="An `additional` request needs a reason; an `urgent` one may be answered at once, its "
        "written request and reason following within a set number of working days; a `phone_contact_check` "
        "needs the contact's consent; a repeat `social_media_review` needs an authorisation reference.",
        request=InformationRequestCreateInputSerializer,
        responses={201: InformationRequestOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        given = valid(InformationRequestCreateInputSerializer, request)
        data = {key: value for key, value in given.items() if value is not None}
        created = services.information_request_create(by=request.user, **data)
        made = selectors.request_get(user=request.user, request_id=created.pk)
        _viewed(request, made)
        return Response(InformationRequestOutputSerializer(made).data, status=status.HTTP_201_CREATED)


InformationRequestDetailApi = row_read(
    "An information request",
    "Reading a supplied request is recorded in the audit trail.",
    row="request",
    find=_request,
    output=InformationRequestOutputSerializer,
    shown=_viewed,
)


class InformationRequestSupplyInputSerializer(serializers.Serializer):
    systems_searched = serializers.ListField(
        source="systems",
        child=text_input("system searched", model_max_length(PoliceSystem, "code")),
        required=False,
        default=list,
        error_messages={"not_a_list": "Enter the systems searched as a list of catalogue codes"},
    )
    information_supplied = optional_text("information supplied", source="supplied")
    no_trace = boolean_input("no trace", required=False, default=False)
    oic_consulted_name = optional_text(
        "name of the officer in the case consulted",
        model_max_length(InformationRequest, "oic_consulted_name"),
        person_name=True,
    )
    oic_consulted_at = datetime_input(
        "time the officer in the case was consulted", happened_on, required=False, allow_null=True, default=None
    )
    safeguarding_concern = boolean_input("safeguarding concern", required=False, default=False)
    safeguarding_referral_to = optional_text(
        "organisation the referral was made to", model_max_length(InformationRequest, "safeguarding_referral_to")
    )
    safeguarding_referral_reference = optional_text(
        "referral reference", model_max_length(InformationRequest, "safeguarding_referral_reference")
    )
    safeguarding_referral_at = datetime_input(
        "time of the referral", happened_on, required=False, allow_null=True, default=None
    )
    contact_not_a_victim = boolean_input(
        "contact is not a victim or potential victim", required=False, allow_null=True, default=None
    )
    contact_not_a_co_offender = boolean_input(
        "contact did not offend with the child", required=False, allow_null=True, default=None
    )
    phone_check_outcome = choice_input(
        "outcome of the phone contact check", PhoneCheckOutcome.choices, required=False, allow_blank=True, default=""
    )
    repeat_viewing = boolean_input("repeat viewing", required=False, allow_null=True, default=None)
    authorisation_reference = text_input(
        "authorisation reference",
        model_max_length(InformationRequest, "authorisation_reference"),
        required=False,
        allow_blank=True,
        allow_null=True,
        default=None,
    )
    significant = boolean_input("significant", required=False, default=False)


InformationRequestSupplyApi = request_action(
    "Supply the information (police officer)",
    "Needs at least one system searched (catalogue codes) and the information supplied, or "
    "`no_trace`. In a sensitive context the officer in the case must have been consulted (name and time). "
    "A phone contact is approved only if neither a victim nor a co-offender. Once supplied, the "
    "information is never edited: add an addendum. `significant`: the information changes the picture, "
    "so a significant-event review of the case's assessment and plan opens (each open case of the child's "
    "when the request names no open case).",
    service=services.information_request_supply,
    input=InformationRequestSupplyInputSerializer,
)


class AddendumInputSerializer(serializers.Serializer):
    text = text_input("correction or addition")


InformationRequestAddendumApi = request_action(
    "Add an addendum to supplied information (police officer)",
    "Corrections and additions follow the supplied information, which is never edited.",
    service=services.addendum_add,
    input=AddendumInputSerializer,
    output=AddendumOutputSerializer,
    shown=None,
    answer_result=True,
    status=status.HTTP_201_CREATED,
)


class WrittenRequestInputSerializer(serializers.Serializer):
    what_requested = optional_text("information that was asked for")
    reason = optional_text("reason the information was needed urgently")


InformationRequestWrittenRequestApi = request_action(
    "Complete an urgent request in writing",
    "What was asked for and why, after an urgent request; late after the set working days.",
    service=services.information_request_complete_written,
    input=WrittenRequestInputSerializer,
)


class SafeguardingReferralInputSerializer(serializers.Serializer):
    safeguarding_referral_to = optional_text(
        "organisation the referral was made to",
        model_max_length(InformationRequest, "safeguarding_referral_to"),
        source="to",
    )
    safeguarding_referral_reference = optional_text(
        "referral reference",
        model_max_length(InformationRequest, "safeguarding_referral_reference"),
        source="reference",
    )
    safeguarding_referral_at = datetime_input(
        "time of the referral", happened_on, required=False, allow_null=True, default=None, source="made_at"
    )


InformationRequestSafeguardingReferralApi = request_action(
    "Record the safeguarding referral (police officer)",
    "A safeguarding concern found during research needs a referral: to whom, reference, when.",
    service=services.safeguarding_referral_record,
    input=SafeguardingReferralInputSerializer,
)
InformationRequestCloseApi = request_action(
    "Close a supplied request",
    "A request with a safeguarding concern closes only once its referral is recorded.",
    service=services.information_request_close,
)
InformationRequestWithdrawApi = request_action(
    "Withdraw an open request",
    "By the requester or a manager of the case's team.",
    service=services.information_request_withdraw,
)


# --- The catalogue of police systems --------------------------------------------------------


class PoliceSystemOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = PoliceSystem
        fields = ["code", "name", "active"]


class PoliceSystemInputSerializer(serializers.Serializer):
    code = text_input("code", model_max_length(PoliceSystem, "code"))
    name = text_input("name of the system", model_max_length(PoliceSystem, "name"))


class PoliceSystemListCreateApi(
    row_create(
        "Add a police system to the catalogue (managers)",
        service=services.police_system_add,
        input=PoliceSystemInputSerializer,
        output=PoliceSystemOutputSerializer,
    )
):
    @extend_schema(
        summary="The police systems that can be searched",
        description="The codes `systems_searched` takes.",
        responses={200: PoliceSystemOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        return Response(PoliceSystemOutputSerializer(selectors.police_system_list(), many=True).data)


# --- Audit, exports and turnaround ------------------------------------------------------------


def period(request: Request) -> tuple[date, date]:
    given = valid(PeriodInputSerializer, request, data=request.query_params)
    return given["from"], given["to"]


PERIOD_PARAMETERS = period_parameters(" of requests")


class DownloadApi(Api):
    content_negotiation_class = DownloadNegotiation


def audit_download(summary: str, description: str, media_type: str, export) -> type[DownloadApi]:
    """The audit of a period's requests as a file (``?from=``, ``?to=``), made by ``export``: text
    (CSV) or binary (PDF)."""
    content = OpenApiTypes.STR if media_type.startswith("text/") else OpenApiTypes.BINARY

    @extend_schema(
        summary=summary,
        description=description,
        parameters=PERIOD_PARAMETERS,
        responses={
            (200, media_type): content,
            403: FORBIDDEN,
        },
    )
    def get(self, request: Request) -> Any:
        start, end = period(request)
        return export(user=request.user, start=start, end=end, http_request=request)

    return type("AuditDownloadApi", (DownloadApi,), {"get": get, "__module__": __name__})


AuditCsvApi = audit_download(
    "Audit of information requests (CSV)",
    "Every request made in the period you may see: the five fields of the 2023 guidance (date "
    "of request, who requested it, what they requested, the police systems searched, the information "
    "supplied), turnaround in working hours and a yes/no column per rule check. The export is audited.",
    "text/csv",
    exports.audit_csv_response,
)
AuditPdfApi = audit_download(
    "Audit of information requests (PDF)",
    "The audit CSV's content, on landscape A4. The export is audited.",
    "application/pdf",
    exports.audit_pdf_response,
)


class OpenToYjsCsvApi(DownloadApi):
    @extend_schema(
        summary="Children open to the YJS (CSV)",
        description="The children with an open case, for the police to flag on their own systems. Audited.",
        responses={(200, "text/csv"): OpenApiTypes.STR, 403: FORBIDDEN},
    )
    def get(self, request: Request) -> Any:
        return exports.open_to_yjs_csv_response(user=request.user, http_request=request)


class TurnaroundRowOutputSerializer(serializers.Serializer):
    request_type = serializers.CharField()
    label = serializers.CharField()
    requests = serializers.IntegerField(help_text="Requests made in the period")
    supplied = serializers.IntegerField(help_text="Of which supplied")
    median_working_hours = serializers.FloatField(allow_null=True)
    p90_working_hours = serializers.FloatField(allow_null=True, help_text="90th percentile")


class TurnaroundOutputSerializer(PeriodOutputSerializer):
    def figures(self) -> dict[str, serializers.Field]:
        return {"types": TurnaroundRowOutputSerializer(many=True)}


class TurnaroundApi(Api):
    @extend_schema(
        summary="Turnaround of information requests by type",
        description="Median and 90th percentile time from request to supply, in working hours (09:00–17:00 on "
        "working days), of the requests made in the period that you may see.",
        parameters=PERIOD_PARAMETERS,
        responses={200: TurnaroundOutputSerializer, 403: FORBIDDEN},
    )
    def get(self, request: Request) -> Response:
        start, end = period(request)
        exports.require_audit(request.user)
        rows = selectors.turnaround_by_type(user=request.user, start=start, end=end)
        return Response(TurnaroundOutputSerializer({"from": start, "to": end, "types": rows}).data)
