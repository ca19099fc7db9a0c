"""The court API: pre-sentence reports (DESIGN.md §7, §10) at /api/v1/court/reports/.

Listed for the cases the user may see (``?case=``, ``?status=`` narrow the list); the proposal is
changed (PATCH) while the report is being written or returned; each step of its quality assurance
and its life at court is a POST of its own (``send``, ``approve``, ``return``, ``resubmit``,
``submit``, ``sentence``), refused with a 400 saying why at the wrong step, 403 to whoever may not
take it. Reads of restricted cases' reports are audited.
"""

from django.db.models import Prefetch, QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from cases.apis.assessments import ReturnedOutputSerializer
from cases.apis.base import id_output, model_input, name_output
from cases.apis.case_records import OnCaseOutputSerializer
from cases.services import restricted_case_records_viewed
from yjs.api.base import Api
from yjs.api.endpoints import found_by, reads_audited, row_action, row_create, rows_list
from yjs.api.fields import VisibleRelatedField, boolean_input, choice_input, staff_input
from yjs.api.filters import IdFilter
from yjs.api.routes import row_paths
from yjs.validators import happened_after_yjs_began

from ..models import Hearing, PreSentenceReport, ReportReturn, ReportStatus
from ..selectors import hearings as hearing_selectors
from ..selectors import reports as selectors
from ..services import reports as services
from .common import visible_case_input


def _rows(user) -> QuerySet[PreSentenceReport]:
    returns = ReportReturn.objects.select_related("returned_by").order_by("-returned_at", "-id")
    return selectors.report_list(user=user).prefetch_related(Prefetch("returns", queryset=returns))


_get = found_by(selectors.report_get, "report_id")
_list_audited = reads_audited(restricted_case_records_viewed, "court_reports_api")
_audited = reads_audited(restricted_case_records_viewed, "court_report_api")


def _current(request: Request, pre_sentence_report_id: int) -> PreSentenceReport:
    """The report as it is now (after a step), read again through the selector."""
    return _rows(request.user).filter(pk=pre_sentence_report_id).get()


class PreSentenceReportFilter(filters.FilterSet):
    case = IdFilter(field_name="case__id", label="Case id")
    status = filters.ChoiceFilter(
        choices=ReportStatus.choices,
        label="Status",
        error_messages={"invalid_choice": "Select a valid status"},
    )

    class Meta:
        model = PreSentenceReport
        fields = ["case", "status"]


class PreSentenceReportReturnOutputSerializer(ReturnedOutputSerializer):
    class Meta(ReturnedOutputSerializer.Meta):
        model = ReportReturn


class PreSentenceReportOutputSerializer(OnCaseOutputSerializer):
    hearing = id_output("hearing_id", allow_null=True)
    author = id_output("author_id")
    author_name = name_output("author")
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    proposal_display = serializers.CharField(source="get_proposal_display", read_only=True)
    approved_by = id_output("approved_by_id", allow_null=True)
    approved_by_name = name_output("approved_by", allow_null=True)
    on_time = serializers.BooleanField(read_only=True, allow_null=True)
    sentence_given_display = serializers.CharField(source="get_sentence_given_display", read_only=True)
    concordant = serializers.BooleanField(read_only=True, allow_null=True)
    returns = PreSentenceReportReturnOutputSerializer(many=True, read_only=True)

    class Meta:
        model = PreSentenceReport
        fields = [
            "id",
            "case",
            "child",
            "child_name",
            "hearing",
            "requested_on",
            "stand_down",
            "due_on",
            "author",
            "author_name",
            "status",
            "status_display",
            "proposal",
            "proposal_display",
            "proposal_detail",
            "sent_for_approval_at",
            "approved_by",
            "approved_by_name",
            "approved_at",
            "submitted_on",
            "on_time",
            "sentence_given",
            "sentence_given_display",
            "sentenced_on",
            "concordant",
            "returns",
            "created_at",
        ]


class PreSentenceReportProposalInputSerializer(serializers.Serializer):
    proposal = model_input(PreSentenceReport, "proposal", "proposed sentence")
    proposal_detail = model_input(PreSentenceReport, "proposal_detail", "proposal in the report's words")


class PreSentenceReportCreateInputSerializer(PreSentenceReportProposalInputSerializer):
    case = visible_case_input()
    requested_on = model_input(
        PreSentenceReport, "requested_on", "date the court asked for the report", bounds=happened_after_yjs_began
    )
    stand_down = boolean_input("stand-down report", required=False, default=False)
    hearing = VisibleRelatedField(
        model=Hearing,
        visible=lambda user: hearing_selectors.hearing_list(user=user),
        label="hearing",
        required=False,
        allow_null=True,
    )
    author = staff_input("author", required=False, allow_null=True)


class PreSentenceReportReturnInputSerializer(serializers.Serializer):
    feedback = model_input(ReportReturn, "feedback", "feedback")


class PreSentenceReportSubmitInputSerializer(serializers.Serializer):
    submitted_on = model_input(
        PreSentenceReport,
        "submitted_on",
        "date the report was submitted",
        bounds=happened_after_yjs_began,
        required=False,
        default=None,
    )


class PreSentenceReportSentenceInputSerializer(serializers.Serializer):
    sentence_given = choice_input("sentence given", PreSentenceReport._meta.get_field("sentence_given").choices)
    sentenced_on = model_input(
        PreSentenceReport, "sentenced_on", "date of the sentence", bounds=happened_after_yjs_began, required=True
    )


class PreSentenceReportListCreateApi(
    rows_list(
        "List pre-sentence reports",
        "The reports of the cases you may see; `?case=` and `?status=` narrow the list.",
        rows=lambda user: _rows(user).order_by("-requested_on", "-id"),
        output=PreSentenceReportOutputSerializer,
        filterset=PreSentenceReportFilter,
        audit=_list_audited,
    ),
    row_create(
        "Start a pre-sentence report the court asked for",
        "Due a set number of working days after `requested_on` (a stand-down report the same day); "
        "`author` is you unless another who works on the case is named.",
        service=services.report_create,
        input=PreSentenceReportCreateInputSerializer,
        output=PreSentenceReportOutputSerializer,
        find=_current,
    ),
):
    """Pre-sentence reports: list them, or start one."""


def _step(service, input_serializer=None, *, summary: str, description: str, **how) -> type[Api]:
    """An operation that takes the report one step on (or changes it), answering it as it now is."""
    return row_action(
        summary,
        description,
        find=_get,
        answer=_current,
        row="report",
        service=service,
        input=input_serializer,
        output=PreSentenceReportOutputSerializer,
        path_parameter="pre_sentence_report_id",
        **how,
    )


class PreSentenceReportDetailApi(
    _step(
        services.report_update,
        PreSentenceReportProposalInputSerializer,
        summary="Write the report's proposal",
        description="While the report is being written or has been returned; a field not sent keeps its value.",
        method="patch",
    )
):
    @extend_schema(summary="A pre-sentence report", responses={200: PreSentenceReportOutputSerializer})
    def get(self, request: Request, pre_sentence_report_id: int) -> Response:
        _audited(request, [_get(request, pre_sentence_report_id)])
        return Response(PreSentenceReportOutputSerializer(_current(request, pre_sentence_report_id)).data)


ReportSendApi = _step(
    services.report_send,
    summary="Send the report for a manager's approval",
    description="A report being written, with its proposal.",
)
ReportApproveApi = _step(
    services.report_approve,
    summary="Approve the report",
    description="A manager of the case's team, not the author, approves a report awaiting approval.",
)
ReportReturnApi = _step(
    services.report_return,
    PreSentenceReportReturnInputSerializer,
    summary="Return the report to its author with feedback",
    description="A manager of the case's team, not the author; the author is told.",
)
ReportResubmitApi = _step(
    services.report_resubmit,
    PreSentenceReportProposalInputSerializer,
    partial=True,
    summary="Resubmit a returned report for approval",
    description="Optionally changing its proposal; a field not sent keeps its value.",
)
ReportSubmitApi = _step(
    services.report_submit,
    PreSentenceReportSubmitInputSerializer,
    summary="Record the report as submitted to the court",
    description="Only an approved report (a returned one is resubmitted and approved first); `submitted_on` "
    "defaults to today.",
)
ReportSentenceApi = _step(
    services.report_sentence,
    PreSentenceReportSentenceInputSerializer,
    summary="Record the sentence the court gave",
    description="Once the report has been submitted; compared with the proposal for concordance.",
)

urlpatterns = row_paths(
    "reports",
    "report",
    list=PreSentenceReportListCreateApi,
    detail=PreSentenceReportDetailApi,
    actions={
        "send": ReportSendApi,
        "approve": ReportApproveApi,
        "return": ReportReturnApi,
        "resubmit": ReportResubmitApi,
        "submit": ReportSubmitApi,
        "sentence": ReportSentenceApi,
    },
    parameter="pre_sentence_report_id",
)
