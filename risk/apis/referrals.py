"""The API of referrals to the risk and vulnerability meeting (DESIGN.md §7, §9): the list of a
user's visible cases' referrals (``?case=``, ``?status=``, ``?reason=``), a manual referral with
its reason, one referral, and a manager declining one with a reason. Reading a restricted case's
referrals is recorded in the audit trail."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from cases import services as case_services
from cases.apis.base import CasesListApi, id_output, name_output
from cases.apis.case_records import OnCaseOutputSerializer
from cases.filters import CaseRecordFilter
from yjs.api.endpoints import Rows, found_in, reads_audited
from yjs.api.fields import text_input
from yjs.api.routes import row_paths

from ..models import Referral
from ..selectors.referrals import referral_list
from ..services import referrals as services
from .common import visible_case_input


class RiskReferralOutputSerializer(OnCaseOutputSerializer):
    reason = serializers.CharField()
    reason_label = serializers.CharField(source="get_reason_display")
    status = serializers.CharField()
    referred_by = id_output("referred_by_id", allow_null=True)
    referred_by_name = name_output("referred_by", allow_null=True)
    declined_by = id_output("declined_by_id", allow_null=True)
    declined_by_name = name_output("declined_by", allow_null=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "case",
            "child",
            "child_name",
            "reason",
            "reason_label",
            "automatic",
            "trigger",
            "detail",
            "referred_at",
            "referred_by",
            "referred_by_name",
            "status",
            "declined_by",
            "declined_by_name",
            "declined_at",
            "decline_reason",
        ]


class RiskReferralMakeInputSerializer(serializers.Serializer):
    case = visible_case_input()
    detail = text_input("reason for the referral")


class RiskReferralDeclineInputSerializer(serializers.Serializer):
    reason = text_input("reason for declining the referral")


class RiskReferralFilter(CaseRecordFilter):
    class Meta:
        model = Referral
        fields = ["case", "status", "reason", "automatic"]


REFERRALS = Rows(
    referral_list,
    found_in(referral_list),
    RiskReferralOutputSerializer,
    "referral",
    "referral_id",
    lambda via: reads_audited(case_services.restricted_case_records_viewed, via),
)


class ReferralListCreateApi(
    CasesListApi,
    REFERRALS.create(
        "Refer a case to the risk and vulnerability meeting",
        "A case worker or manager who may work on the case, giving the reason (`detail`).",
        service=services.referral_make,
        input=RiskReferralMakeInputSerializer,
    ),
):
    restricted_read_via = "risk_referral_list"
    queryset = Referral.objects.none()
    filterset_class = RiskReferralFilter
    ordering_fields = ["referred_at"]

    def get_queryset(self) -> QuerySet[Referral]:
        return referral_list(user=self.request.user)

    @extend_schema(
        summary="List referrals to the risk and vulnerability meeting",
        description="The referrals of the cases the user may see, oldest first. `reason` is one of `rosh`, "
        "`safety_wellbeing`, `threat_to_life`, `weapons`, `arrest`, `mappa`, `manual`; `status` one of "
        "`awaiting`, `heard`, `declined`. An automatic referral names its `trigger` (e.g. `assessment:12`).",
        responses=RiskReferralOutputSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        return self.listed(RiskReferralOutputSerializer)


ReferralDetailApi = REFERRALS.read(
    "A referral to the risk and vulnerability meeting",
    "Reading a referral of a restricted case is recorded in the audit trail.",
    via="risk_referral_detail",
)


ReferralDeclineApi = REFERRALS.action(
    "Decline a referral",
    "A manager of the case's team decides that a referral awaiting a meeting need not go to it, giving the reason.",
    service=services.referral_decline,
    input=RiskReferralDeclineInputSerializer,
)


urlpatterns = row_paths(
    "referrals",
    "referral",
    list=ReferralListCreateApi,
    detail=ReferralDetailApi,
    actions={"decline": ReferralDeclineApi},
)
