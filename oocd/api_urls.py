"""The out-of-court disposals API under /api/v1/oocd/ (DESIGN.md §7)."""

from django.urls import path

from . import apis

app_name = "oocd-api"

urlpatterns = [
    path("outcomes/", apis.OutcomeListApi.as_view(), name="outcome-list"),
    path("referrals/", apis.ReferralListCreateApi.as_view(), name="referral-list"),
    path("referrals/<int:referral_id>/", apis.ReferralDetailApi.as_view(), name="referral-detail"),
    path("referrals/<int:referral_id>/views/", apis.ReferralViewsApi.as_view(), name="referral-views"),
    path("panels/", apis.PanelListCreateApi.as_view(), name="panel-list"),
    path("panels/<int:panel_id>/", apis.PanelDetailApi.as_view(), name="panel-detail"),
    path("panels/<int:panel_id>/attendees/", apis.PanelAttendeeApi.as_view(), name="panel-attendees"),
    path("panels/<int:panel_id>/referrals/", apis.PanelReferralApi.as_view(), name="panel-referrals"),
    path("decisions/", apis.DecisionListCreateApi.as_view(), name="decision-list"),
    path("police-only-decisions/", apis.PoliceOnlyDecisionApi.as_view(), name="police-only-decision-create"),
    path("decisions/<int:decision_id>/", apis.DecisionDetailApi.as_view(), name="decision-detail"),
    path("decisions/<int:decision_id>/warning/", apis.DecisionWarningApi.as_view(), name="decision-warning"),
    path(
        "decisions/<int:decision_id>/implications-explained/",
        apis.DecisionImplicationsExplainedApi.as_view(),
        name="decision-implications-explained",
    ),
    path("decisions/<int:decision_id>/document/", apis.DecisionDocumentApi.as_view(), name="decision-document"),
    path(
        "decisions/<int:decision_id>/document/versions/<int:version_id>/",
        apis.DecisionDocumentVersionApi.as_view(),
        name="decision-document-version",
    ),
    path("decisions/<int:decision_id>/delivery/", apis.DecisionDeliveryApi.as_view(), name="decision-delivery"),
    path(
        "decisions/<int:decision_id>/victim-informed/",
        apis.DecisionVictimInformedApi.as_view(),
        name="decision-victim-informed",
    ),
    path("conditions/<int:condition_id>/failures/", apis.ConditionFailureApi.as_view(), name="condition-failures"),
    path(
        "conditions/<int:condition_id>/compliance/", apis.ConditionComplianceApi.as_view(), name="condition-compliance"
    ),
    path("failures/<int:failure_id>/prosecution/", apis.FailureProsecutionApi.as_view(), name="failure-prosecution"),
    path("scrutiny-samples/", apis.ScrutinySampleListCreateApi.as_view(), name="scrutiny-sample-list"),
    path("scrutiny-samples/<int:sample_id>/", apis.ScrutinySampleDetailApi.as_view(), name="scrutiny-sample-detail"),
    path("scrutiny-items/<int:item_id>/finding/", apis.ScrutinyFindingApi.as_view(), name="scrutiny-item-finding"),
    path("first-time-entrants/", apis.FirstTimeEntrantsApi.as_view(), name="first-time-entrants"),
]
