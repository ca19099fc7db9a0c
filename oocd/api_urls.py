"""The out-of-court disposals API under /api/v1/oocd/ (DESIGN.md §7)."""

from django.urls import path

from yjs.api.routes import row_paths

from .apis import decisions, follow_ups, referrals, scrutiny

app_name = "oocd-api"

urlpatterns = [
    path("outcomes/", referrals.OutcomeListApi.as_view(), name="outcome-list"),
    *row_paths(
        "referrals",
        "referral",
        list=referrals.ReferralListCreateApi,
        detail=referrals.ReferralDetailApi,
        actions={"views": referrals.ReferralViewsApi},
    ),
    *row_paths(
        "panels",
        "panel",
        list=referrals.PanelListCreateApi,
        detail=referrals.PanelDetailApi,
        actions={"attendees": referrals.PanelAttendeeApi, "referrals": referrals.PanelReferralApi},
    ),
    *row_paths(
        "decisions",
        "decision",
        list=decisions.DecisionListCreateApi,
        detail=decisions.DecisionDetailApi,
        actions={
            "warning": decisions.DecisionWarningApi,
            "implications-explained": decisions.DecisionImplicationsExplainedApi,
            "document": decisions.DecisionDocumentApi,
            "delivery": decisions.DecisionDeliveryApi,
            "victim-informed": decisions.DecisionVictimInformedApi,
        },
    ),
    path(
        "decisions/<int:decision_id>/document/versions/<int:version_id>/",
        decisions.DecisionDocumentVersionApi.as_view(),
        name="decision-document-version",
    ),
    path("police-only-decisions/", decisions.PoliceOnlyDecisionApi.as_view(), name="police-only-decision-create"),
    *row_paths(
        "conditions",
        "condition",
        actions={"failures": decisions.ConditionFailureApi, "compliance": decisions.ConditionComplianceApi},
    ),
    *row_paths("failures", "failure", actions={"prosecution": decisions.FailureProsecutionApi}),
    *row_paths(
        "scrutiny-samples",
        "scrutiny-sample",
        list=scrutiny.ScrutinySampleListCreateApi,
        detail=scrutiny.ScrutinySampleDetailApi,
        parameter="sample_id",
    ),
    *row_paths(
        "scrutiny-items", "scrutiny-item", actions={"finding": scrutiny.ScrutinyFindingApi}, parameter="item_id"
    ),
    path("first-time-entrants/", scrutiny.FirstTimeEntrantsApi.as_view(), name="first-time-entrants"),
    *follow_ups.urlpatterns,
]
