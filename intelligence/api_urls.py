"""The intelligence API under /api/v1/intelligence/: stable paths (DESIGN.md §7)."""

from django.urls import path

from yjs.api.routes import row_paths

from . import apis

app_name = "intelligence-api"

urlpatterns = [
    *row_paths(
        "requests",
        "request",
        list=apis.InformationRequestListCreateApi,
        detail=apis.InformationRequestDetailApi,
        actions={
            "supply": apis.InformationRequestSupplyApi,
            "addenda": apis.InformationRequestAddendumApi,
            "written-request": apis.InformationRequestWrittenRequestApi,
            "safeguarding-referral": apis.InformationRequestSafeguardingReferralApi,
            "close": apis.InformationRequestCloseApi,
            "withdraw": apis.InformationRequestWithdrawApi,
        },
    ),
    *row_paths("systems", "system", list=apis.PoliceSystemListCreateApi),
    path("audit.csv", apis.AuditCsvApi.as_view(), name="audit-csv"),
    path("audit.pdf", apis.AuditPdfApi.as_view(), name="audit-pdf"),
    path("open-to-yjs.csv", apis.OpenToYjsCsvApi.as_view(), name="open-to-yjs-csv"),
    path("turnaround/", apis.TurnaroundApi.as_view(), name="turnaround"),
]
