"""The API of MAPPA, MARAC, social care status and safeguarding referrals (DESIGN.md §7, §9).

Every row is a case record (social care status, the child's): listed for the cases the user may
read, another team's restricted case not at all; each read of a restricted case's rows is audited.
"""

from django.db.models import QuerySet
from django.urls import path
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from cases.apis.base import id_output, model_input, name_output
from cases.models import Case, Child
from yjs.api.base import Api, ListApi, action, created
from yjs.api.fields import VisibleRelatedField
from yjs.api.filters import FieldFilterBackend, IdFilter
from yjs.validators import happened_after_yjs_began, planned_for

from .. import permissions
from ..models import Mappa, Marac, SafeguardingReferral, SocialCareStatus
from ..selectors import protection as selectors
from ..services import protection as services


def visible_case_input(**kwargs) -> VisibleRelatedField:
    return VisibleRelatedField(model=Case, visible=permissions.visible_cases, label="case", **kwargs)


def visible_child_input(**kwargs) -> VisibleRelatedField:
    return VisibleRelatedField(
        model=Child,
        visible=lambda user: Child.objects.filter(pk__in=permissions.visible_cases(user).values("child")),
        label="child",
        **kwargs,
    )


def past_date(model, name: str, label: str, **kwargs):
    """A date of something that has happened (the service refuses one in the future in its own words)."""
    return model_input(model, name, label, bounds=happened_after_yjs_began, **kwargs)


class CaseRecordFilter(filters.FilterSet):
    """``?case=<id>``: narrows what the selector allowed, never widens it."""

    case = IdFilter(field_name="case__id", label="Case id")


def case_record_filter(record_model) -> type[filters.FilterSet]:
    meta = type("Meta", (), {"model": record_model, "fields": ["case"]})
    return type(f"{record_model.__name__}Filter", (CaseRecordFilter,), {"Meta": meta, "__module__": __name__})


class ProtectionListApi(ListApi):
    """A list of a case's protection records: the reads of restricted cases' rows are audited."""

    filter_backends = [FieldFilterBackend]
    read_via = ""

    def page_read(self, page: list) -> None:
        services.protection_records_viewed(
            records=page, user=self.request.user, via=self.read_via, request=self.request
        )


def _shown(request: Request, row, via: str):
    services.protection_records_viewed(records=[row], user=request.user, via=via, request=request)
    return row


RECORD_FIELDS = ["id", "case", "child", "child_name", "recorded_by", "recorded_by_name", "recorded_at"]


class CaseRecordOutputSerializer(serializers.ModelSerializer):
    case = id_output("case_id")
    child = id_output("case.child_id")
    child_name = name_output("case.child")
    recorded_by = id_output("recorded_by_id")
    recorded_by_name = name_output("recorded_by")


# --- MAPPA -------------------------------------------------------------------------------------------


class MappaOutputSerializer(CaseRecordOutputSerializer):
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Mappa
        fields = [
            *RECORD_FIELDS,
            "category",
            "category_display",
            "level",
            "level_display",
            "referred_on",
            "managed_from",
            "managed_until",
            "next_meeting_on",
            "lead_agency",
        ]


class MappaUpdateInputSerializer(serializers.Serializer):
    category = model_input(Mappa, "category", "MAPPA category")
    level = model_input(Mappa, "level", "MAPPA level")
    referred_on = past_date(Mappa, "referred_on", "date of the MAPPA referral")
    managed_from = past_date(Mappa, "managed_from", "date MAPPA management started", required=False)
    managed_until = model_input(
        Mappa, "managed_until", "date MAPPA management ended", bounds=planned_for, required=False
    )
    next_meeting_on = model_input(
        Mappa, "next_meeting_on", "date of the next MAPPA meeting", bounds=planned_for, required=False
    )
    lead_agency = model_input(Mappa, "lead_agency", "lead agency")


class MappaCreateInputSerializer(MappaUpdateInputSerializer):
    case = visible_case_input()


class MappaListCreateApi(ProtectionListApi):
    queryset = Mappa.objects.none()
    filterset_class = case_record_filter(Mappa)
    read_via = "mappa_list"

    def get_queryset(self) -> QuerySet[Mappa]:
        return selectors.mappa_list(user=self.request.user)

    @extend_schema(summary="List MAPPA records", responses=MappaOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.listed(MappaOutputSerializer)

    @extend_schema(
        summary="Record a case's MAPPA category, level and management",
        description="Giving `managed_from` (becoming MAPPA-managed) refers the case to its team's risk meeting.",
        request=MappaCreateInputSerializer,
        responses={201: MappaOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        mappa = action(request, services.mappa_record, MappaCreateInputSerializer)
        return created(MappaOutputSerializer(selectors.mappa_get(user=request.user, mappa_id=mappa.pk)))


class MappaDetailApi(Api):
    @extend_schema(summary="A MAPPA record", responses={200: MappaOutputSerializer})
    def get(self, request: Request, mappa_id: int) -> Response:
        mappa = _shown(request, selectors.mappa_get(user=request.user, mappa_id=mappa_id), "mappa_detail")
        return Response(MappaOutputSerializer(mappa).data)

    @extend_schema(
        summary="Change a MAPPA record",
        description="First giving `managed_from` refers the case to its team's risk meeting.",
        request=MappaUpdateInputSerializer,
        responses={200: MappaOutputSerializer},
    )
    def patch(self, request: Request, mappa_id: int) -> Response:
        mappa = selectors.mappa_get(user=request.user, mappa_id=mappa_id)
        action(request, services.mappa_update, MappaUpdateInputSerializer, partial=True, mappa=mappa)
        return Response(MappaOutputSerializer(selectors.mappa_get(user=request.user, mappa_id=mappa_id)).data)


# --- MARAC -------------------------------------------------------------------------------------------


class MaracOutputSerializer(CaseRecordOutputSerializer):
    class Meta:
        model = Marac
        fields = [*RECORD_FIELDS, "referred_on", "reference", "heard_on", "outcome"]


class MaracUpdateInputSerializer(serializers.Serializer):
    referred_on = past_date(Marac, "referred_on", "date of the MARAC referral")
    reference = model_input(Marac, "reference", "MARAC reference")
    heard_on = past_date(Marac, "heard_on", "date the MARAC heard the case", required=False)
    outcome = model_input(Marac, "outcome", "outcome")


class MaracCreateInputSerializer(MaracUpdateInputSerializer):
    case = visible_case_input()


class MaracListCreateApi(ProtectionListApi):
    queryset = Marac.objects.none()
    filterset_class = case_record_filter(Marac)
    read_via = "marac_list"

    def get_queryset(self) -> QuerySet[Marac]:
        return selectors.marac_list(user=self.request.user)

    @extend_schema(summary="List MARAC referrals", responses=MaracOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.listed(MaracOutputSerializer)

    @extend_schema(
        summary="Record a referral to a MARAC (domestic abuse)",
        request=MaracCreateInputSerializer,
        responses={201: MaracOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        marac = action(request, services.marac_record, MaracCreateInputSerializer)
        return created(MaracOutputSerializer(selectors.marac_get(user=request.user, marac_id=marac.pk)))


class MaracDetailApi(Api):
    @extend_schema(summary="A MARAC referral", responses={200: MaracOutputSerializer})
    def get(self, request: Request, marac_id: int) -> Response:
        marac = _shown(request, selectors.marac_get(user=request.user, marac_id=marac_id), "marac_detail")
        return Response(MaracOutputSerializer(marac).data)

    @extend_schema(
        summary="Record when the MARAC heard the case and its outcome",
        request=MaracUpdateInputSerializer,
        responses={200: MaracOutputSerializer},
    )
    def patch(self, request: Request, marac_id: int) -> Response:
        marac = selectors.marac_get(user=request.user, marac_id=marac_id)
        action(request, services.marac_update, MaracUpdateInputSerializer, partial=True, marac=marac)
        return Response(MaracOutputSerializer(selectors.marac_get(user=request.user, marac_id=marac_id)).data)


# --- Safeguarding referrals ---------------------------------------------------------------------------


class CaseSafeguardingReferralOutputSerializer(CaseRecordOutputSerializer):
    referred_to_display = serializers.CharField(source="get_referred_to_display", read_only=True)

    class Meta:
        model = SafeguardingReferral
        fields = [
            *RECORD_FIELDS,
            "referred_to",
            "referred_to_display",
            "referred_to_detail",
            "referred_on",
            "concern",
            "reference",
            "outcome",
        ]


class CaseSafeguardingReferralUpdateInputSerializer(serializers.Serializer):
    referred_to = model_input(SafeguardingReferral, "referred_to", "agency the referral was made to")
    referred_to_detail = model_input(SafeguardingReferral, "referred_to_detail", "team or person referred to")
    referred_on = past_date(SafeguardingReferral, "referred_on", "date of the referral")
    concern = model_input(SafeguardingReferral, "concern", "safeguarding concern")
    reference = model_input(SafeguardingReferral, "reference", "referral reference")
    outcome = model_input(SafeguardingReferral, "outcome", "outcome")


class CaseSafeguardingReferralCreateInputSerializer(CaseSafeguardingReferralUpdateInputSerializer):
    case = visible_case_input()


class SafeguardingReferralListCreateApi(ProtectionListApi):
    queryset = SafeguardingReferral.objects.none()
    filterset_class = case_record_filter(SafeguardingReferral)
    read_via = "safeguarding_referral_list"

    def get_queryset(self) -> QuerySet[SafeguardingReferral]:
        return selectors.safeguarding_referral_list(user=self.request.user)

    @extend_schema(summary="List safeguarding referrals", responses=CaseSafeguardingReferralOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        return self.listed(CaseSafeguardingReferralOutputSerializer)

    @extend_schema(
        summary="Record a safeguarding referral made from case work",
        request=CaseSafeguardingReferralCreateInputSerializer,
        responses={201: CaseSafeguardingReferralOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        referral = action(request, services.safeguarding_referral_record, CaseSafeguardingReferralCreateInputSerializer)
        row = selectors.safeguarding_referral_get(user=request.user, referral_id=referral.pk)
        return created(CaseSafeguardingReferralOutputSerializer(row))


class SafeguardingReferralDetailApi(Api):
    @extend_schema(summary="A safeguarding referral", responses={200: CaseSafeguardingReferralOutputSerializer})
    def get(self, request: Request, referral_id: int) -> Response:
        row = selectors.safeguarding_referral_get(user=request.user, referral_id=referral_id)
        return Response(
            CaseSafeguardingReferralOutputSerializer(_shown(request, row, "safeguarding_referral_detail")).data
        )

    @extend_schema(
        summary="Record a safeguarding referral's reference and outcome, or correct it",
        request=CaseSafeguardingReferralUpdateInputSerializer,
        responses={200: CaseSafeguardingReferralOutputSerializer},
    )
    def patch(self, request: Request, referral_id: int) -> Response:
        row = selectors.safeguarding_referral_get(user=request.user, referral_id=referral_id)
        action(
            request,
            services.safeguarding_referral_update,
            CaseSafeguardingReferralUpdateInputSerializer,
            partial=True,
            referral=row,
        )
        row = selectors.safeguarding_referral_get(user=request.user, referral_id=referral_id)
        return Response(CaseSafeguardingReferralOutputSerializer(row).data)


# --- Children's social care status --------------------------------------------------------------------


class SocialCareFilter(filters.FilterSet):
    child = IdFilter(field_name="child__id", label="Child id")
    on = filters.DateFilter(
        method="filter_on",
        label="The status that held on this day, for each child (YYYY-MM-DD)",
        error_messages={"invalid": "The date must be a real date, in the format YYYY-MM-DD"},
    )

    class Meta:
        model = SocialCareStatus
        fields = ["child"]

    @extend_schema_field(OpenApiTypes.DATE)
    def filter_on(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return selectors.social_care_held_on(queryset, value) if value else queryset


class SocialCareOutputSerializer(serializers.ModelSerializer):
    child = id_output("child_id")
    child_name = name_output("child")
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    recorded_by = id_output("recorded_by_id")
    recorded_by_name = name_output("recorded_by")

    class Meta:
        model = SocialCareStatus
        fields = [
            "id",
            "child",
            "child_name",
            "status",
            "status_display",
            "protection_category",
            "legal_basis",
            "from_date",
            "local_authority",
            "social_worker",
            "recorded_by",
            "recorded_by_name",
            "recorded_at",
        ]


class SocialCareCreateInputSerializer(serializers.Serializer):
    child = visible_child_input()
    status = model_input(SocialCareStatus, "status", "social care status")
    protection_category = model_input(SocialCareStatus, "protection_category", "category of the child protection plan")
    legal_basis = model_input(SocialCareStatus, "legal_basis", "legal basis")
    from_date = past_date(SocialCareStatus, "from_date", "date the status started")
    local_authority = model_input(SocialCareStatus, "local_authority", "local authority")
    social_worker = model_input(SocialCareStatus, "social_worker", "social worker")


class SocialCareListCreateApi(ListApi):
    queryset = SocialCareStatus.objects.none()
    filter_backends = [FieldFilterBackend]
    filterset_class = SocialCareFilter

    def get_queryset(self) -> QuerySet[SocialCareStatus]:
        return selectors.social_care_list(user=self.request.user)

    def page_read(self, page: list) -> None:
        services.protection_records_viewed(
            records=page, user=self.request.user, via="social_care_list", request=self.request
        )

    @extend_schema(
        summary="List children's social care status over time",
        description="`?child=` gives one child's history; `?on=YYYY-MM-DD` the status that held on that day.",
        responses=SocialCareOutputSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        return self.listed(SocialCareOutputSerializer)

    @extend_schema(
        summary="Record a child's social care status from a date",
        description="History is kept: a change of status is a new record. A child protection plan needs its "
        "category, looked after its legal basis.",
        request=SocialCareCreateInputSerializer,
        responses={201: SocialCareOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        record = action(request, services.social_care_status_record, SocialCareCreateInputSerializer)
        return created(SocialCareOutputSerializer(selectors.social_care_get(user=request.user, status_id=record.pk)))


class SocialCareDetailApi(Api):
    @extend_schema(summary="A social care status record", responses={200: SocialCareOutputSerializer})
    def get(self, request: Request, status_id: int) -> Response:
        record = _shown(
            request, selectors.social_care_get(user=request.user, status_id=status_id), "social_care_detail"
        )
        return Response(SocialCareOutputSerializer(record).data)


urlpatterns = [
    path("mappa/", MappaListCreateApi.as_view(), name="mappa-list"),
    path("mappa/<int:mappa_id>/", MappaDetailApi.as_view(), name="mappa-detail"),
    path("marac/", MaracListCreateApi.as_view(), name="marac-list"),
    path("marac/<int:marac_id>/", MaracDetailApi.as_view(), name="marac-detail"),
    path("safeguarding-referrals/", SafeguardingReferralListCreateApi.as_view(), name="safeguarding-referral-list"),
    path(
        "safeguarding-referrals/<int:referral_id>/",
        SafeguardingReferralDetailApi.as_view(),
        name="safeguarding-referral-detail",
    ),
    path("social-care/", SocialCareListCreateApi.as_view(), name="social-care-list"),
    path("social-care/<int:status_id>/", SocialCareDetailApi.as_view(), name="social-care-detail"),
]
