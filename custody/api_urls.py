from django.urls import path

from . import apis

app_name = "custody-api"

urlpatterns = [
    path("records/", apis.RecordListApi.as_view(), name="records"),
    path("records/<int:record_id>/", apis.RecordDetailApi.as_view(), name="record-detail"),
    path("review-queue/", apis.ReviewQueueApi.as_view(), name="review-queue"),
    path("review-queue/<int:record_id>/resolve/", apis.ReviewResolveApi.as_view(), name="review-resolve"),
    path("ingest-runs/", apis.IngestRunListApi.as_view(), name="ingest-runs"),
    path("ingest-runs/<int:run_id>/", apis.IngestRunDetailApi.as_view(), name="ingest-run-detail"),
]
