"""The API of MAPPA, MARAC, social care status and safeguarding referrals (DESIGN.md §7, §9).

Every row is a case record (social care status, the child's): listed for the cases the user may
read, another team's restricted case not at all; each read of a restricted case's rows is audited.
"""

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.apis.base import model_input
from cases.apis.case_records import (
    RECORD_FIELDS,
    CaseRecordOutputSerializer,
    Operation,
    RecordOnChildFilter,
    RecordOnChildOutputSerializer,
    on_day,
    past_date,
    record_kinds,
    record_views,
)
from cases.models import Child
from yjs.api.endpoints import Audit, Rows, found_by, reads_audited
from yjs.api.fields import VisibleRelatedField
from yjs.api.routes import row_paths
from yjs.validators import planned_for

from .. import permissions
from ..models import Mappa, Marac, SafeguardingReferral, SocialCareStatus
from ..selectors import protection as selectors
from ..services import protection as services
from .common import visible_case_input


def visible_child_input(**kwargs) -> VisibleRelatedField:
    return VisibleRelatedField(
        model=Child,
        visible=lambda user: Child.objects.filter(pk__in=permissions.visible_cases(user).values("child")),
        label="child",
        **kwargs,
    )


def audited(via: str) -> Audit:
    return reads_audited(services.protection_records_viewed, via)


record_kind = record_kinds(audited)


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


MAPPA = record_kind(selectors.mappa_list, selectors.mappa_get, MappaOutputSerializer, "mappa")


MAPPA_VIEWS = record_views(
    MAPPA,
    "a MAPPA record",
    "MAPPA records",
    via="mappa",
    record=Operation(
        services.mappa_record,
        MappaCreateInputSerializer,
        "Record a case's MAPPA category, level and management",
        "Giving `managed_from` (becoming MAPPA-managed) refers the case to its team's risk meeting.",
    ),
    change=Operation(
        services.mappa_update,
        MappaUpdateInputSerializer,
        "Change a MAPPA record",
        "First giving `managed_from` refers the case to its team's risk meeting.",
    ),
)


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


MARAC = record_kind(selectors.marac_list, selectors.marac_get, MaracOutputSerializer, "marac")


MARAC_VIEWS = record_views(
    MARAC,
    "a MARAC referral",
    "MARAC referrals",
    via="marac",
    record=Operation(
        services.marac_record, MaracCreateInputSerializer, "Record a referral to a MARAC (domestic abuse)"
    ),
    change=Operation(
        services.marac_update, MaracUpdateInputSerializer, "Record when the MARAC heard the case and its outcome"
    ),
)


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


REFERRALS = record_kind(
    selectors.safeguarding_referral_list,
    selectors.safeguarding_referral_get,
    CaseSafeguardingReferralOutputSerializer,
    "referral",
)


REFERRAL_VIEWS = record_views(
    REFERRALS,
    "a safeguarding referral",
    "safeguarding referrals",
    name="SafeguardingReferral",
    via="safeguarding_referral",
    record=Operation(
        services.safeguarding_referral_record,
        CaseSafeguardingReferralCreateInputSerializer,
        "Record a safeguarding referral made from case work",
    ),
    change=Operation(
        services.safeguarding_referral_update,
        CaseSafeguardingReferralUpdateInputSerializer,
        "Record a safeguarding referral's reference and outcome, or correct it",
    ),
)


# --- Children's social care status --------------------------------------------------------------------


class SocialCareFilter(RecordOnChildFilter):
    on = on_day("The status that held on this day, for each child (YYYY-MM-DD)", method="filter_on")

    class Meta:
        model = SocialCareStatus
        fields = ["child"]

    @extend_schema_field(OpenApiTypes.DATE)
    def filter_on(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return selectors.social_care_held_on(queryset, value) if value else queryset


class SocialCareOutputSerializer(RecordOnChildOutputSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)

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


SOCIAL_CARE = Rows(
    selectors.social_care_list,
    found_by(selectors.social_care_get, "status_id"),
    SocialCareOutputSerializer,
    path_parameter="status_id",
    audited=audited,
)


class SocialCareListCreateApi(
    SOCIAL_CARE.listing(
        "List children's social care status over time",
        "`?child=` gives one child's history; `?on=YYYY-MM-DD` the status that held on that day.",
        filterset=SocialCareFilter,
        via="social_care_list",
    ),
    SOCIAL_CARE.create(
        "Record a child's social care status from a date",
        "History is kept: a change of status is a new record. A child protection plan needs its "
        "category, looked after its legal basis.",
        service=services.social_care_status_record,
        input=SocialCareCreateInputSerializer,
    ),
):
    """Children's social care status over time: list it, or record a status."""


SocialCareDetailApi = SOCIAL_CARE.read("A social care status record", via="social_care_detail")


urlpatterns = [
    *MAPPA_VIEWS.paths("mappa", "mappa"),
    *MARAC_VIEWS.paths("marac", "marac"),
    *REFERRAL_VIEWS.paths("safeguarding-referrals", "safeguarding-referral"),
    *row_paths(
        "social-care", "social-care", list=SocialCareListCreateApi, detail=SocialCareDetailApi, parameter="status_id"
    ),
]
