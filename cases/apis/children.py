"""Children (their identity for all who may see them, the whole record for those who work with case records), the
flags raised on them, and victims (their contact details for victim workers only, audited)."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from yjs.api.base import visible_row
from yjs.api.endpoints import found_among, row_action, row_create
from yjs.api.fields import text_input
from yjs.api.listing import ListWriter
from yjs.api.schema import AnyOfSerializer
from yjs.models import User
from yjs.validators import DateOfBirthBounds, happened_on

from .. import filters, permissions, selectors, services
from ..models import Child, ChildAlias, Flag, Victim, VictimContactDetails
from .base import (
    CasesListApi,
    case_records,
    id_output,
    model_input,
    name_output,
    visible_case_input,
    visible_child_input,
)

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


class ChildListCreateApi(
    CasesListApi,
    row_create(
        "Record a child",
        service=services.child_create,
        input=ChildCreateInputSerializer,
        output=ChildRecordOutputSerializer,
        find=found_among(selectors.child_list, "child"),
    ),
):
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
        return self.listed(CHILD_PAGE)


class ChildDetailApi(
    row_action(
        "Change a child's record",
        rows=selectors.child_list,
        row="child",
        service=services.child_update,
        input=ChildUpdateInputSerializer,
        output=ChildRecordOutputSerializer,
        method="patch",
    )
):
    @extend_schema(
        summary="A child",
        description="Police officers get the child's identity and flags; those who work with case records "
        "get the whole record.",
        responses={200: CHILD_DETAIL_RESPONSE},
    )
    def get(self, request: Request, child_id: int) -> Response:
        child = selectors.child_get(user=request.user, child_id=child_id)
        return Response(child_output(request.user, child))


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


FLAGS = case_records(selectors.flag_list, FlagOutputSerializer, "flag")


class FlagListCreateApi(
    FLAGS.listing("List flags", filterset=filters.FlagFilter, ordering=["raised_at", "removed_at"]),
    FLAGS.create("Raise a flag on a child", service=services.flag_raise, input=FlagRaiseInputSerializer),
):
    pass


FlagRemoveApi = FLAGS.action(
    "Remove a flag", "A reason is required.", service=services.flag_remove, input=FlagRemoveInputSerializer
)


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


VICTIMS = case_records(selectors.victim_list, VictimOutputSerializer, "victim")


class VictimListCreateApi(
    VICTIMS.listing(
        "List victims",
        "Never with contact details: a victim worker reads those one victim at a time, audited.",
        via="victim_list",
        filterset=filters.VictimFilter,
        ordering=["created_at", "display_name"],
    ),
    VICTIMS.create(
        "Record a victim of a case",
        "Only a victim worker may give `contact_details`.",
        service=services.victim_add,
        input=VictimCreateInputSerializer,
        find=None,  # answered as the service made it, not read again
    ),
):
    pass


class VictimDetailApi(
    VICTIMS.action(
        "Change a victim's record",
        "Only a victim worker may give `contact_details`.",
        service=services.victim_update,
        input=VictimUpdateInputSerializer,
        method="patch",
        answer_result=True,
    )
):
    @extend_schema(
        summary="A victim",
        description="A victim worker also gets `contact_details`, and the read is recorded in the audit trail.",
        responses={200: VICTIM_DETAIL_RESPONSE},
    )
    def get(self, request: Request, victim_id: int) -> Response:
        victim = visible_row(selectors.victim_list, request, victim_id)
        services.restricted_case_records_viewed(
            records=[victim], user=request.user, via="victim_detail", request=request
        )
        if not permissions.can_see_victim_contact_details(request.user):
            return Response(VictimOutputSerializer(victim).data)
        details = services.victim_contact_details_view(victim=victim, by=request.user, request=request)
        data = VictimOutputSerializer(victim).data
        data["contact_details"] = VictimContactDetailsOutputSerializer(details).data if details else None
        return Response(data)
