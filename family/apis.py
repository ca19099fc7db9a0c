"""The family and needs API under /api/v1/family/ (DESIGN.md §7, §11).

- ``members/`` and ``members/{id}/``: the child's family; a member's ``contact_details`` only in the
  detail, only for those who may see them (``permissions.sees_contact_details``), and each such
  read is in the audit trail;
- ``professionals/`` and ``professionals/{id}/``: the professionals around the child;
- one list and detail per kind of needs record (``accommodation/``, ``education/``,
  ``communication/``, ``mental-health/``, ``substance-misuse/``): a record is created, never changed
  (a change is a new record from its date).

Every list takes ``?child=``; rows are those of children with a case the user may read, and
showing a restricted case's child's rows is an audited read of that case.
"""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from cases.apis.base import model_input
from cases.apis.case_records import (
    RECORD_ON_CHILD_FIELDS,
    Operation,
    RecordOnChildFilter,
    RecordOnChildOutputSerializer,
    record_kinds,
    record_list_view,
    record_views,
)
from cases.models import Child
from yjs.api.endpoints import Audit, Rows
from yjs.api.fields import VisibleRelatedField
from yjs.api.routes import row_paths
from yjs.validators import happened_after_yjs_began, planned_for

from . import permissions, selectors, services
from .models import FamilyMember, FamilyMemberContactDetails, Professional
from .needs import NEEDS, Need


def visible_child_input(**kwargs) -> VisibleRelatedField:
    return VisibleRelatedField(model=Child, visible=permissions.visible_children, label="child", **kwargs)


def hours_input(label: str) -> serializers.IntegerField:
    limit = services.MAX_HOURS_A_WEEK
    message = f"Enter the {label} as a whole number from 0 to {limit}"
    return serializers.IntegerField(
        min_value=0,
        max_value=limit,
        required=False,
        error_messages=dict.fromkeys(("invalid", "min_value", "max_value", "null", "max_string_length"), message),
    )


def child_filter(record_model) -> type[filters.FilterSet]:
    """``?child=<id>``: narrows what the selector allowed, never widens it."""
    meta = type("Meta", (), {"model": record_model, "fields": ["child"]})
    return type(f"{record_model.__name__}Filter", (RecordOnChildFilter,), {"Meta": meta, "__module__": __name__})


def audited(via: str) -> Audit:
    """The reads of restricted cases' children's family or needs records, in the audit trail."""

    def audit(request: Request, rows: list) -> None:
        child_ids = {row.child_id for row in rows}
        services.family_records_viewed(child_ids=child_ids, user=request.user, via=via, request=request)

    return audit


record_kind = record_kinds(audited)


# --- Family members ------------------------------------------------------------------------------------


class FamilyMemberOutputSerializer(RecordOnChildOutputSerializer):
    """Who they are to the child: never their contact details."""

    relationship_display = serializers.CharField(source="relationship_text", read_only=True)

    class Meta:
        model = FamilyMember
        fields = [
            *RECORD_ON_CHILD_FIELDS,
            "name",
            "relationship",
            "relationship_detail",
            "relationship_display",
            "parental_responsibility",
            "lives_with_child",
            "notes",
            "updated_at",
        ]


class ContactDetailsSerializer(serializers.ModelSerializer):
    class Meta:
        model = FamilyMemberContactDetails
        fields = ["phone", "email", "address"]


class FamilyMemberWithContactDetailsOutputSerializer(FamilyMemberOutputSerializer):
    """For those who may see contact details, only through the audited read."""

    contact_details = ContactDetailsSerializer(allow_null=True)

    class Meta(FamilyMemberOutputSerializer.Meta):
        fields = [*FamilyMemberOutputSerializer.Meta.fields, "contact_details"]


class ContactDetailsInputSerializer(serializers.Serializer):
    phone = model_input(FamilyMemberContactDetails, "phone", "phone number")
    email = model_input(FamilyMemberContactDetails, "email", "email address")
    address = model_input(FamilyMemberContactDetails, "address", "address")


class FamilyMemberUpdateInputSerializer(serializers.Serializer):
    name = model_input(FamilyMember, "name", "family member's name", person_name=True)
    relationship = model_input(FamilyMember, "relationship", "family member's relationship to the child")
    relationship_detail = model_input(FamilyMember, "relationship_detail", "relationship to the child")
    parental_responsibility = model_input(FamilyMember, "parental_responsibility", "parental responsibility")
    lives_with_child = model_input(FamilyMember, "lives_with_child", "lives with the child")
    notes = model_input(FamilyMember, "notes", "notes")
    contact_details = ContactDetailsInputSerializer(required=False)


class FamilyMemberCreateInputSerializer(FamilyMemberUpdateInputSerializer):
    child = visible_child_input()


def _member_answer(request: Request, member_id: int) -> dict:
    member = selectors.family_member_get(user=request.user, member_id=member_id)
    if not permissions.sees_contact_details(request.user):
        return FamilyMemberOutputSerializer(member).data
    details = services.family_member_contact_details_view_many(members=[member], by=request.user, request=request)
    data = FamilyMemberOutputSerializer(member).data
    found = details.get(member.pk)
    data["contact_details"] = ContactDetailsSerializer(found).data if found else None
    return data


MEMBERS = record_kind(selectors.family_member_list, selectors.family_member_get, FamilyMemberOutputSerializer, "member")


FamilyMemberListCreateApi = record_list_view(
    MEMBERS,
    "the family members of children",
    via="family_member",
    filterset=child_filter(FamilyMember),
    listed="Never with contact details: those are read one member at a time, audited.",
    record=Operation(
        services.family_member_add,
        FamilyMemberCreateInputSerializer,
        "Record a parent, carer, sibling or household member",
    ),
)


class FamilyMemberDetailApi(
    MEMBERS.action(
        "Correct a family member's record or contact details",
        service=services.family_member_update,
        input=FamilyMemberUpdateInputSerializer,
        method="patch",
    )
):
    @extend_schema(
        summary="A family member",
        description="A case worker, manager or head of service also gets `contact_details`; the read is in the "
        "audit trail.",
        responses={200: FamilyMemberWithContactDetailsOutputSerializer},
    )
    def get(self, request: Request, member_id: int) -> Response:
        audited("family_member_detail")(request, [MEMBERS.find(request, member_id)])
        return Response(_member_answer(request, member_id))


# --- Professionals ---------------------------------------------------------------------------------------


class ProfessionalOutputSerializer(RecordOnChildOutputSerializer):
    role_display = serializers.CharField(source="role_text", read_only=True)

    class Meta:
        model = Professional
        fields = [
            *RECORD_ON_CHILD_FIELDS,
            "role",
            "role_detail",
            "role_display",
            "name",
            "organisation",
            "phone",
            "email",
            "from_date",
            "to_date",
        ]


class ProfessionalUpdateInputSerializer(serializers.Serializer):
    role = model_input(Professional, "role", "professional's role")
    role_detail = model_input(Professional, "role_detail", "professional's role")
    name = model_input(Professional, "name", "professional's name", person_name=True)
    organisation = model_input(Professional, "organisation", "organisation")
    phone = model_input(Professional, "phone", "phone number")
    email = model_input(Professional, "email", "email address")
    from_date = model_input(
        Professional, "from_date", "date they started working with the child", bounds=happened_after_yjs_began
    )
    to_date = model_input(Professional, "to_date", "date they stopped working with the child", bounds=planned_for)


class ProfessionalCreateInputSerializer(ProfessionalUpdateInputSerializer):
    child = visible_child_input()


PROFESSIONALS = record_kind(
    selectors.professional_list, selectors.professional_get, ProfessionalOutputSerializer, "professional"
)


PROFESSIONAL_VIEWS = record_views(
    PROFESSIONALS,
    "a professional around a child",
    "the professionals around children",
    via="professional",
    filterset=child_filter(Professional),
    record=Operation(
        services.professional_add, ProfessionalCreateInputSerializer, "Record a professional working with a child"
    ),
    change=Operation(
        services.professional_update,
        ProfessionalUpdateInputSerializer,
        "Correct a professional's record, or record when they stopped",
    ),
    changed="read the record, or correct the fields sent",
)


# --- Needs records: one list and detail per kind ------------------------------------------------------


LABELS = {
    "accommodation_type": "type of accommodation",
    "suitable": "whether the accommodation is suitable",
    "unsuitable_reason": "reason the accommodation is not suitable",
    "education_type": "type of education, training or employment",
    "provider": "school, college, training provider or employer",
    "send_identified": "SEND or ALN identified",
    "send_plan": "SEND or ALN plan",
    "screened": "screened",
    "need_identified": "need identified",
    "support_in_place": "support in place",
    "referred": "referred",
    "receiving_support": "receiving support or intervention",
    "receiving_intervention": "receiving intervention",
}


def _input_field(need: Need, name: str) -> serializers.Field:
    if name.startswith("hours_"):
        return hours_input(name.replace("_", " ") + " a week")
    return model_input(need.model, name, LABELS[name])


def _serializers(need: Need) -> tuple[type[serializers.Serializer], type[serializers.Serializer]]:
    """The kind's output and input serializers (named after its model, for the schema)."""
    name = need.model.__name__
    meta = type(
        "Meta", (), {"model": need.model, "fields": [*RECORD_ON_CHILD_FIELDS, "from_date", *need.fields, "notes"]}
    )
    displays = {
        f"{field}_display": serializers.CharField(source=f"get_{field}_display", read_only=True)
        for field in need.fields
        if need.model._meta.get_field(field).choices
    }
    meta.fields += list(displays)
    output = type(f"{name}OutputSerializer", (RecordOnChildOutputSerializer,), {"Meta": meta, **displays})
    inputs = {name: _input_field(need, name) for name in need.fields}
    inputs |= {
        "child": visible_child_input(),
        "from_date": model_input(need.model, "from_date", "date this applies from", bounds=happened_after_yjs_began),
        "notes": model_input(need.model, "notes", "notes"),
    }
    return output, type(f"{name}CreateInputSerializer", (serializers.Serializer,), inputs)


def needs_views(need: Need) -> list:
    output, create_input = _serializers(need)

    def find(request: Request, record_id: int):
        return selectors.needs_get(user=request.user, need=need, record_id=record_id)

    kind = Rows(lambda user: selectors.needs_list(user=user, need=need), find, output, "", "record_id", audited)
    list_create = kind.listing(
        f"List {need.noun} records, the latest first",
        "`?child=` gives one child's history; the latest record on or before a day is what held.",
        filterset=child_filter(need.model),
        via=f"{need.name}_list",
    )
    create = kind.create(
        f"Record {need.noun} from a date",
        "History is kept: a change is a new record, never an edit of an earlier one.",
        service=need.record,
        input=create_input,
    )
    name = need.model.__name__
    list_create = type(f"{name}ListCreateApi", (list_create, create), {"__module__": __name__})
    detail = type(
        f"{name}DetailApi", (kind.read(f"A {need.noun} record", via=f"{need.name}_detail"),), {"__module__": __name__}
    )
    return row_paths(need.slug, need.slug, list=list_create, detail=detail, parameter="record_id")


urlpatterns = [
    *row_paths("members", "member", list=FamilyMemberListCreateApi, detail=FamilyMemberDetailApi),
    *PROFESSIONAL_VIEWS.paths("professionals", "professional"),
    *[pattern for need in NEEDS.values() for pattern in needs_views(need)],
]
