"""The custody REST API under /api/v1/custody/ (DESIGN.md §7).

Thin views: a small input serializer, then ``custody.ingest`` / ``custody.services`` for
writes and ``custody.selectors`` for reads; ``custody.permissions`` decides who may do
what. The police system's service account (role ``api_client``) may only push rows and
files, and read back the runs it started; a record the user may not see answers 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from yjs.api.endpoints import found_by, row_action
from yjs.api.listing import ListWriter
from yjs.api.permissions import Rule
from yjs.api.schema import FORBIDDEN

from . import permissions, selectors, services
from .extract import ALL_COLUMNS, REQUIRED_COLUMNS
from .ingest import QueueUnavailable, ingest_rows, ingest_run_create, max_upload_bytes
from .models import CustodyOutcome, CustodyRecord, IngestRun, IngestSource, MatchStatus


def max_rows() -> int:
    from django.conf import settings

    return settings.CUSTODY_API_MAX_ROWS


# Who may call each view (``yjs.api.permissions``).
SEES_CUSTODY = Rule(permissions.can_view_custody, "You cannot see custody records.")
LOADS_CUSTODY = Rule(permissions.can_ingest, "You cannot load custody records.")
# Reading for those who see custody records, pushing rows for those who load them.
READS_OR_PUSHES = {
    "GET": Rule(permissions.can_view_custody, "You cannot do this with custody records."),
    "POST": Rule(permissions.can_ingest, "You cannot do this with custody records."),
}


# --- Output ---------------------------------------------------------------------------------------


class RowErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField(
        read_only=True, help_text="The file's line (the header is line 1), or the row's place in a pushed list"
    )
    reason = serializers.CharField(read_only=True)


class RepeatedRowSerializer(serializers.Serializer):
    line = serializers.IntegerField(
        read_only=True, help_text="The file's line (the header is line 1), or the row's place in a pushed list"
    )
    repeats = serializers.IntegerField(
        read_only=True, help_text="The line (or place) of the first row that gave the same record"
    )


class IngestRunOutputSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="queued, running, succeeded or failed")
    source = serializers.CharField(read_only=True, help_text="drop_folder, upload or api")
    progress = serializers.IntegerField(read_only=True, help_text="0–100")
    errors = RowErrorSerializer(many=True, read_only=True, help_text="Each rejected row with its reason")
    repeated = serializers.IntegerField(
        read_only=True,
        help_text="Rows giving a record that an earlier row gave: the record is loaded once, from its last row. "
        "rows_read = created + updated + unchanged + skipped + rejected + repeated",
    )
    repeated_rows = RepeatedRowSerializer(
        many=True, read_only=True, help_text="Each repeated row with the line of the record's first row"
    )
    started_by = serializers.IntegerField(source="started_by_id", read_only=True, allow_null=True)

    class Meta:
        model = IngestRun
        fields = [
            "id",
            "status",
            "progress",
            "message",
            "source",
            "file_name",
            "rows_read",
            "created",
            "updated",
            "unchanged",
            "skipped",
            "rejected",
            "errors",
            "repeated",
            "repeated_rows",
            "started_by",
            "created_at",
            "started_at",
            "finished_at",
        ]


class CustodyRecordOutputSerializer(serializers.ModelSerializer):
    child = serializers.IntegerField(source="child_id", read_only=True, allow_null=True)
    gender = serializers.CharField(read_only=True)
    ethnicity = serializers.CharField(read_only=True)
    outcome = serializers.CharField(read_only=True, help_text="One of the §5 outcomes, empty while detained")
    ld_screening = serializers.CharField(read_only=True)
    s38_6 = serializers.CharField(read_only=True)
    offences = serializers.ListField(child=serializers.CharField(), read_only=True)
    match_status = serializers.CharField(read_only=True, help_text="matched, review or created")
    has_open_case = serializers.BooleanField(read_only=True)
    hours_detained = serializers.FloatField(read_only=True, allow_null=True)
    appropriate_adult_wait_hours = serializers.FloatField(read_only=True, allow_null=True)
    hours_held_after_charge = serializers.FloatField(read_only=True, allow_null=True)
    police_decision = serializers.IntegerField(source="police_decision_id", read_only=True, allow_null=True)

    class Meta:
        model = CustodyRecord
        fields = [
            "id",
            *ALL_COLUMNS,  # the extract's columns (DESIGN.md §5), then what the service adds
            "child",
            "match_status",
            "match_score",
            "has_open_case",
            "hours_detained",
            "appropriate_adult_wait_hours",
            "hours_held_after_charge",
            "police_decision",
            "police_decision_note",
            "first_seen_at",
            "updated_at",
        ]


# A list page: the serializer's JSON, written without its per-row overhead (yjs.api.listing).
RECORD_PAGE = ListWriter(CustodyRecordOutputSerializer)


class RecordChangeSerializer(serializers.Serializer):
    changed_at = serializers.DateTimeField(read_only=True)
    ingest_run = serializers.IntegerField(source="ingest_run_id", read_only=True, allow_null=True)
    changes = serializers.DictField(
        child=serializers.ListField(child=serializers.JSONField()),
        read_only=True,
        help_text='{"field": [old, new]}',
    )


class NoticeSerializer(serializers.Serializer):
    kind = serializers.CharField(read_only=True, help_text="case_worker, social_worker or duty_inbox")
    case = serializers.IntegerField(source="case_id", read_only=True, allow_null=True)
    review = serializers.IntegerField(source="review_id", read_only=True, allow_null=True)
    recipient = serializers.CharField(read_only=True)
    sent_at = serializers.DateTimeField(read_only=True)


class CandidateChildSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    surname = serializers.CharField(read_only=True)
    forenames = serializers.CharField(read_only=True)
    date_of_birth = serializers.DateField(read_only=True)
    pnc_id = serializers.CharField(read_only=True)
    known_to_yjs = serializers.BooleanField(read_only=True)


class CandidateSerializer(serializers.Serializer):
    child = CandidateChildSerializer(read_only=True)
    score = serializers.FloatField(read_only=True, help_text="Name similarity, 0–100")


class CustodyRecordDetailSerializer(CustodyRecordOutputSerializer):
    history = serializers.SerializerMethodField()
    notices = serializers.SerializerMethodField()

    class Meta(CustodyRecordOutputSerializer.Meta):
        fields = [*CustodyRecordOutputSerializer.Meta.fields, "history", "notices"]

    @extend_schema_field(RecordChangeSerializer(many=True))
    def get_history(self, record) -> list:
        return RecordChangeSerializer(self.context["detail"].changes, many=True).data

    @extend_schema_field(NoticeSerializer(many=True))
    def get_notices(self, record) -> list:
        return NoticeSerializer(self.context["detail"].notices, many=True).data


class ReviewQueueItemSerializer(CustodyRecordOutputSerializer):
    candidates = CandidateSerializer(many=True, read_only=True)

    class Meta(CustodyRecordOutputSerializer.Meta):
        fields = [*CustodyRecordOutputSerializer.Meta.fields, "candidates"]


# --- Input ----------------------------------------------------------------------------------------


def _column(name: str) -> serializers.CharField:
    return serializers.CharField(required=name in REQUIRED_COLUMNS, allow_blank=name not in REQUIRED_COLUMNS)


# One row of DESIGN.md §5, as a JSON object: the file's columns, as text.
CustodyRowInputSerializer = type(
    "CustodyRowInputSerializer",
    (serializers.Serializer,),
    {name: _column(name) for name in ALL_COLUMNS},
)


class RecordQuerySerializer(serializers.Serializer):
    since = serializers.DateField(
        required=False,
        help_text="Detained on or after this date (YYYY-MM-DD); all dates when left out",
        error_messages={"invalid": "The date must be a real date, in the format YYYY-MM-DD"},
    )
    suite = serializers.CharField(required=False, allow_blank=True)
    outcome = serializers.ChoiceField(
        choices=[*CustodyOutcome.values, selectors.STILL_DETAINED],
        required=False,
        help_text=f"An outcome, or `{selectors.STILL_DETAINED}` for none yet",
        error_messages={"invalid_choice": "Select a valid outcome"},
    )
    looked_after = serializers.BooleanField(required=False, allow_null=True, default=None)
    open_case = serializers.BooleanField(required=False, allow_null=True, default=None)
    match_status = serializers.ChoiceField(
        choices=MatchStatus.values, required=False, error_messages={"invalid_choice": "Select a valid match status"}
    )


class IngestRunCreateInputSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="A custody extract (DESIGN.md §5), UTF-8 CSV with a header row",
        error_messages={
            "required": "Select a custody extract file",
            "invalid": "Select a custody extract file",
            "empty": "The selected file is empty",
            "no_name": "Select a custody extract file",
        },
    )

    def validate_file(self, upload):
        limit = max_upload_bytes()
        if upload.size > limit:
            raise ValidationError(f"The selected file must be smaller than {limit / (1024 * 1024):g}MB")
        return upload


class ResolveInputSerializer(serializers.Serializer):
    child = serializers.IntegerField(
        source="child_id",
        allow_null=True,
        help_text="The id of one of the record's candidate children; null to create a new child not known to the YJS",
        error_messages={"required": "Select the child, or null for a new child", "invalid": "Select a valid child"},
    )


# --- Views ----------------------------------------------------------------------------------------


class RecordListApi(GenericAPIView):
    rule = READS_OR_PUSHES
    parser_classes = [JSONParser]
    queryset = CustodyRecord.objects.none()
    filter_backends: list = []

    @extend_schema(
        summary="List custody records",
        description="The records you may see, newest detention first: police officers, managers and the "
        "head of service see all; case workers those of the children on their caseload.",
        parameters=[RecordQuerySerializer],
        responses={200: CustodyRecordOutputSerializer(many=True), 403: FORBIDDEN},
    )
    def get(self, request: Request) -> Response:
        query = RecordQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        # The API names the child by id: no join to the child's row (pages show the name).
        records = selectors.record_list(user=request.user, **query.validated_data).select_related(None)
        page = self.paginate_queryset(records)
        return self.get_paginated_response(RECORD_PAGE.write(page))

    @extend_schema(
        summary="Push custody records",
        description="A JSON list of rows with the columns of the extract format (DESIGN.md §5), loaded at "
        "once as an ingest run of source `api`. Rows are checked as a file's are: each invalid row is "
        "rejected with its place in the list (from 1) and the reason, adults are skipped, every valid row "
        "is loaded; pushing the same rows again creates nothing. A key left out of a row leaves the stored "
        "record's field as it is (only a key given, even empty, changes it). Answers with the run's counts.",
        request=CustodyRowInputSerializer(many=True),
        responses={200: IngestRunOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        rows = request.data
        if not isinstance(rows, list):
            raise ValidationError({"non_field_errors": ["Send a JSON list of custody rows (objects of column values)"]})
        if not rows:
            raise ValidationError({"non_field_errors": ["Send at least one custody row"]})
        if len(rows) > max_rows():
            raise ValidationError({"non_field_errors": [f"Send at most {max_rows():,} rows at a time"]})
        run = ingest_rows(rows=rows, by=request.user)
        return Response(IngestRunOutputSerializer(run).data, status=status.HTTP_200_OK)


class RecordDetailApi(APIView):
    rule = SEES_CUSTODY

    @extend_schema(
        summary="A custody record with its history",
        responses={200: CustodyRecordDetailSerializer, 403: FORBIDDEN},
    )
    def get(self, request: Request, record_id: int) -> Response:
        detail = selectors.record_detail(user=request.user, record_id=record_id)
        return Response(CustodyRecordDetailSerializer(detail.record, context={"detail": detail}).data)


class ReviewQueueApi(GenericAPIView):
    rule = SEES_CUSTODY
    queryset = CustodyRecord.objects.none()
    filter_backends: list = []

    @extend_schema(
        summary="The review queue",
        description="Records whose match to a child is uncertain, oldest first, each with its candidate "
        "children and their name similarity. Police officers, managers and the head of service.",
        responses={200: ReviewQueueItemSerializer(many=True), 403: FORBIDDEN},
    )
    def get(self, request: Request) -> Response:
        if not permissions.sees_all_records(request.user):
            raise PermissionDenied("Only police officers, managers and the head of service see the review queue.")
        page = self.paginate_queryset(selectors.review_queue(user=request.user))
        return self.get_paginated_response(ReviewQueueItemSerializer(page, many=True).data)


class ReviewResolveApi(
    row_action(
        "Resolve a match in the review queue",
        "Link the record to one of its candidate children, or (`child: null`) create a new child "
        "not known to the YJS. Police officers and team managers.",
        row="record",
        find=found_by(selectors.review_record_get, "record_id"),
        service=services.review_match_resolve,
        input=ResolveInputSerializer,
        output=CustodyRecordOutputSerializer,
        answer=found_by(selectors.record_get, "record_id"),
    )
):
    rule = SEES_CUSTODY


class IngestRunListApi(GenericAPIView):
    rule = LOADS_CUSTODY | SEES_CUSTODY
    parser_classes = [MultiPartParser, FormParser]
    queryset = IngestRun.objects.none()
    filter_backends: list = []

    @extend_schema(
        summary="List ingest runs",
        description="Newest first. An API client sees the runs it started.",
        responses={200: IngestRunOutputSerializer(many=True), 403: FORBIDDEN},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.ingest_run_list(user=request.user))
        return self.get_paginated_response(IngestRunOutputSerializer(page, many=True).data)

    @extend_schema(
        summary="Upload a custody extract",
        description="Multipart field `file`: the extract is stored and loaded by a worker. Answers 202 with the "
        "run's `id` at once; follow it at `GET /api/v1/custody/ingest-runs/{id}/`. If the task queue is down "
        "the run is marked failed and the answer is 503.",
        request={"multipart/form-data": IngestRunCreateInputSerializer},
        responses={
            202: IngestRunOutputSerializer,
            503: inline_serializer(
                name="QueueUnavailable",
                fields={"detail": serializers.CharField(), "id": serializers.IntegerField()},
            ),
        },
    )
    def post(self, request: Request) -> Response:
        if not permissions.can_ingest(request.user):
            raise PermissionDenied("You cannot load custody records.")
        data = IngestRunCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        source = IngestSource.API if request.auth is not None else IngestSource.UPLOAD
        try:
            run = ingest_run_create(by=request.user, source=source, upload=data.validated_data["file"])
        except QueueUnavailable as error:
            return Response({"detail": str(error), "id": error.run_id}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
        run.refresh_from_db()
        url = reverse("api:custody-api:ingest-run-detail", args=[run.pk])
        return Response(IngestRunOutputSerializer(run).data, status=status.HTTP_202_ACCEPTED, headers={"Location": url})


class IngestRunDetailApi(APIView):
    rule = LOADS_CUSTODY | SEES_CUSTODY

    @extend_schema(
        summary="An ingest run: status, progress and counts",
        responses={200: IngestRunOutputSerializer, 403: FORBIDDEN},
    )
    def get(self, request: Request, run_id: int) -> Response:
        return Response(IngestRunOutputSerializer(selectors.ingest_run_get(user=request.user, run_id=run_id)).data)
