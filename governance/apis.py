"""Board report API (DESIGN.md §7): queue a report (202) and follow its progress."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from yjs.api.permissions import SIGNED_IN
from yjs.api.schema import FORBIDDEN

from . import permissions, selectors, services
from .models import BoardReport, ReportStatus


class ReportInputSerializer(serializers.Serializer):
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    teams = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list)


class ReportOutputSerializer(serializers.ModelSerializer):
    teams = serializers.SerializerMethodField()
    pdf = serializers.SerializerMethodField()
    csv = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = BoardReport
        fields = [
            "id",
            "period_start",
            "period_end",
            "teams",
            "status",
            "progress",
            "message",
            "created_at",
            "started_at",
            "finished_at",
            "url",
            "pdf",
            "csv",
        ]

    def get_teams(self, report) -> list[int]:
        return [team.pk for team in report.teams.all()]

    def get_url(self, report) -> str:
        return reverse("governance:report_detail", args=[report.pk])

    def _download(self, report, kind: str) -> str | None:
        if report.status != ReportStatus.SUCCEEDED:
            return None
        return reverse("governance:report_download", args=[report.pk, kind])

    def get_pdf(self, report) -> str | None:
        return self._download(report, "pdf")

    def get_csv(self, report) -> str | None:
        return self._download(report, "csv")


def _refuse_unless_reader(user) -> None:
    if not permissions.can_view_reports(user):
        raise PermissionDenied("You cannot see board reports")


class ReportListCreateApi(APIView):
    rule = SIGNED_IN

    @extend_schema(
        operation_id="governance_reports_list",
        summary="List board reports",
        description="Staff see every report; board members see finished reports only.",
        responses={200: ReportOutputSerializer(many=True), 403: FORBIDDEN},
    )
    def get(self, request):
        _refuse_unless_reader(request.user)
        reports = selectors.report_list(user=request.user)[:100]
        return Response(ReportOutputSerializer(reports, many=True).data)

    @extend_schema(
        summary="Generate a board report",
        description="Queues the report for a period and teams (none: the whole service, head of service only). "
        "Answers 202 with the report's id; follow its status, progress and file links at the report's URL. "
        "If the task queue is down the report is marked failed and the answer is 503.",
        request=ReportInputSerializer,
        responses={
            202: ReportOutputSerializer,
            503: OpenApiResponse(description="The task queue is down: `detail` says so, `id` is the failed report"),
        },
    )
    def post(self, request):
        serializer = ReportInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            report = services.board_report_request(
                by=request.user, start=data["period_start"], end=data["period_end"], team_ids=data["teams"]
            )
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages) from error
        except services.ReportQueueUnavailable as error:
            return Response({"detail": str(error), "id": error.report_id}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
        return Response(ReportOutputSerializer(report).data, status=status.HTTP_202_ACCEPTED)


class ReportDetailApi(APIView):
    rule = SIGNED_IN

    @extend_schema(
        summary="A board report's status",
        description="Status (queued, running, succeeded, failed), progress (0–100), message, and the links to "
        "the PDF and CSV once it has succeeded.",
        responses={
            200: ReportOutputSerializer,
            403: FORBIDDEN,
        },
    )
    def get(self, request, report_id: int):
        _refuse_unless_reader(request.user)
        report = selectors.report_get(user=request.user, report_id=report_id)
        return Response(ReportOutputSerializer(report).data)
