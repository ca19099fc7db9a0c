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

from django.db.models import QuerySet
from django.urls import path
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from cases.apis.base import id_output, model_input, name_output
from cases.models import Child
from yjs.api.base import Api, ListApi, action, created
from yjs.api.fields import VisibleRelatedField
from yjs.api.filters import FieldFilterBackend, IdFilter
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
    attrs = {"Meta": meta, "__module__": __name__, "child": IdFilter(field_name="child__id", label="Child id")}
    return type(f"{record_model.__name__}Filter", (filters.FilterSet,), attrs)


class FamilyListApi(ListApi):
    """A list of the family's or needs records: the reads of restricted cases' children are audited."""

    filter_backends = [FieldFilterBackend]
    read_via = ""

    def page_read(self, page: list) -> None:
        services.family_records_viewed(
            child_ids={row.child_id for row in page}, user=self.request.user, via=self.read_via, request=self.request
        )


def _shown(request: Request, row, via: str):
    services.family_records_viewed(child_ids={row.child_id}, user=request.user, via=via, request=request)
    return row


RECORD_FIELDS = ["id", "child", "child_name", "recorded_by", "recorded_by_name", "recorded_at"]


class RecordOutputSerializer(serializers.ModelSerializer):
    child = id_output("child_id")
    child_name = name_output("child")
    recorded_by = id_output("recorded_by_id")
    recorded_by_name = name_output("recorded_by")


# --- Family members ------------------------------------------------------------------------------------


class FamilyMemberOutputSerializer(RecordOutputSerializer):
    """Who they are to the child: never their contact details."""

    relationship_display = serializers.CharField(source="relationship_text", read_only=True)

    class Meta:
        model = FamilyMember
        fields = [
            *RECORD_FIELDS,
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


class FamilyMemberListCreateApi(FamilyListApi):
    queryset = FamilyMember.objects.none()
    filterset_class = child_filter(FamilyMember)
    read_via = "family_member_list"

    def get_queryset(self) -> QuerySet[FamilyMember]:
        return selectors.family_member_list(user=self.request.user)

    @extend_schema(
        summary="List the family members of children",
        description="Never with contact details: those are read one member at a time, audited.",
        responses=FamilyMemberOutputSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        return self.listed(FamilyMemberOutputSerializer)

    @extend_schema(
        summary="Record a parent, carer, sibling or household member",
        request=FamilyMemberCreateInputSerializer,
        responses={201: FamilyMemberOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        member = action(request, services.family_member_add, FamilyMemberCreateInputSerializer)
        return created(
            FamilyMemberOutputSerializer(selectors.family_member_get(user=request.user, member_id=member.pk))
        )


class FamilyMemberDetailApi(Api):
    @extend_schema(
        summary="A family member",
        description="A case worker, manager or head of service also gets `contact_details`; the read is in the "
        "audit trail.",
        responses={200: FamilyMemberWithContactDetailsOutputSerializer},
    )
    def get(self, request: Request, member_id: int) -> Response:
        _shown(request, selectors.family_member_get(user=request.user, member_id=member_id), "family_member_detail")
        return Response(_member_answer(request, member_id))

    @extend_schema(
        summary="Correct a family member's record or contact details",
        request=FamilyMemberUpdateInputSerializer,
        responses={200: FamilyMemberOutputSerializer},
    )
    def patch(self, request: Request, member_id: int) -> Response:
        member = selectors.family_member_get(user=request.user, member_id=member_id)
        action(request, services.family_member_update, FamilyMemberUpdateInputSerializer, partial=True, member=member)
        return Response(
            FamilyMemberOutputSerializer(selectors.family_member_get(user=request.user, member_id=member_id)).data
        )


# --- Professionals ---------------------------------------------------------------------------------------


class ProfessionalOutputSerializer(RecordOutputSerializer):
    role_display = serializers.CharField(source="role_text", read_only=True)

    class Meta:
        model = Professional
        fields = [
            *RECORD_FIELDS,
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


class ProfessionalListCreateApi(FamilyListApi):
    queryset = Professional.objects.none()
    filterset_class = child_filter(Professional)
    read_via = "professional_list"

    def get_queryset(self) -> QuerySet[Professional]:
        return selectors.professional_list(user=self.request.user)

    @extend_schema(summary="List the professionals around children", responses=ProfessionalOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.listed(ProfessionalOutputSerializer)

    @extend_schema(
        summary="Record a professional working with a child",
        request=ProfessionalCreateInputSerializer,
        responses={201: ProfessionalOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        row = action(request, services.professional_add, ProfessionalCreateInputSerializer)
        return created(
            ProfessionalOutputSerializer(selectors.professional_get(user=request.user, professional_id=row.pk))
        )


class ProfessionalDetailApi(Api):
    @extend_schema(summary="A professional around a child", responses={200: ProfessionalOutputSerializer})
    def get(self, request: Request, professional_id: int) -> Response:
        row = selectors.professional_get(user=request.user, professional_id=professional_id)
        return Response(ProfessionalOutputSerializer(_shown(request, row, "professional_detail")).data)

    @extend_schema(
        summary="Correct a professional's record, or record when they stopped",
        request=ProfessionalUpdateInputSerializer,
        responses={200: ProfessionalOutputSerializer},
    )
    def patch(self, request: Request, professional_id: int) -> Response:
        row = selectors.professional_get(user=request.user, professional_id=professional_id)
        action(request, services.professional_update, ProfessionalUpdateInputSerializer, partial=True, professional=row)
        row = selectors.professional_get(user=request.user, professional_id=professional_id)
        return Response(ProfessionalOutputSerializer(row).data)


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
    meta = type("Meta", (), {"model": need.model, "fields": [*RECORD_FIELDS, "from_date", *need.fields, "notes"]})
    displays = {
        f"{field}_display": serializers.CharField(source=f"get_{field}_display", read_only=True)
        for field in need.fields
        if need.model._meta.get_field(field).choices
    }
    meta.fields += list(displays)
    output = type(f"{name}OutputSerializer", (RecordOutputSerializer,), {"Meta": meta, **displays})
    inputs = {name: _input_field(need, name) for name in need.fields}
    inputs |= {
        "child": visible_child_input(),
        "from_date": model_input(need.model, "from_date", "date this applies from", bounds=happened_after_yjs_began),
        "notes": model_input(need.model, "notes", "notes"),
    }
    return output, type(f"{name}CreateInputSerializer", (serializers.Serializer,), inputs)


def needs_views(need: Need) -> list:
    output, create_input = _serializers(need)

    class NeedsListCreateApi(FamilyListApi):
        queryset = need.model.objects.none()
        filterset_class = child_filter(need.model)
        read_via = f"{need.name}_list"

        def get_queryset(self) -> QuerySet:
            return selectors.needs_list(user=self.request.user, need=need)

        @extend_schema(
            summary=f"List {need.noun} records, the latest first",
            description="`?child=` gives one child's history; the latest record on or before a day is what held.",
            responses=output(many=True),
        )
        def get(self, request: Request) -> Response:
            return self.listed(output)

        @extend_schema(
            summary=f"Record {need.noun} from a date",
            description="History is kept: a change is a new record, never an edit of an earlier one.",
            request=create_input,
            responses={201: output},
        )
        def post(self, request: Request) -> Response:
            record = action(request, need.record, create_input)
            return created(output(selectors.needs_get(user=request.user, need=need, record_id=record.pk)))

    class NeedsDetailApi(Api):
        @extend_schema(summary=f"A {need.noun} record", responses={200: output})
        def get(self, request: Request, record_id: int) -> Response:
            record = selectors.needs_get(user=request.user, need=need, record_id=record_id)
            return Response(output(_shown(request, record, f"{need.name}_detail")).data)

    for view in (NeedsListCreateApi, NeedsDetailApi):
        view.__name__ = view.__qualname__ = f"{need.model.__name__}{view.__name__.removeprefix('Needs')}"
    return [
        path(f"{need.slug}/", NeedsListCreateApi.as_view(), name=f"{need.slug}-list"),
        path(f"{need.slug}/<int:record_id>/", NeedsDetailApi.as_view(), name=f"{need.slug}-detail"),
    ]


urlpatterns = [
    path("members/", FamilyMemberListCreateApi.as_view(), name="member-list"),
    path("members/<int:member_id>/", FamilyMemberDetailApi.as_view(), name="member-detail"),
    path("professionals/", ProfessionalListCreateApi.as_view(), name="professional-list"),
    path("professionals/<int:professional_id>/", ProfessionalDetailApi.as_view(), name="professional-detail"),
    *[pattern for need in NEEDS.values() for pattern in needs_views(need)],
]
