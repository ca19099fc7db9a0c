"""The intelligence API under /api/v1/intelligence/: stable paths (DESIGN.md §7)."""

from django.urls import path

from . import apis

app_name = "intelligence-api"

urlpatterns = [
    path("requests/", apis.InformationRequestListCreateApi.as_view(), name="request-list"),
    path("requests/<int:request_id>/", apis.InformationRequestDetailApi.as_view(), name="request-detail"),
    path("requests/<int:request_id>/supply/", apis.InformationRequestSupplyApi.as_view(), name="request-supply"),
    path("requests/<int:request_id>/addenda/", apis.InformationRequestAddendumApi.as_view(), name="request-addenda"),
    path(
        "requests/<int:request_id>/written-request/",
        apis.InformationRequestWrittenRequestApi.as_view(),
        name="request-written-request",
    ),
    path(
        "requests/<int:request_id>/safeguarding-referral/",
        apis.InformationRequestSafeguardingReferralApi.as_view(),
        name="request-safeguarding-referral",
    ),
    path("requests/<int:request_id>/close/", apis.InformationRequestCloseApi.as_view(), name="request-close"),
    path("requests/<int:request_id>/withdraw/", apis.InformationRequestWithdrawApi.as_view(), name="request-withdraw"),
    path("systems/", apis.PoliceSystemListCreateApi.as_view(), name="system-list"),
    path("audit.csv", apis.AuditCsvApi.as_view(), name="audit-csv"),
    path("audit.pdf", apis.AuditPdfApi.as_view(), name="audit-pdf"),
    path("open-to-yjs.csv", apis.OpenToYjsCsvApi.as_view(), name="open-to-yjs-csv"),
    path("turnaround/", apis.TurnaroundApi.as_view(), name="turnaround"),
]
