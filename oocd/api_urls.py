"""The out-of-court disposals API under /api/v1/oocd/ (DESIGN.md §7)."""

from django.urls import path

from .apis import decisions, follow_ups, referrals, scrutiny

app_name = "oocd-api"

urlpatterns = [
    path("outcomes/", referrals.OutcomeListApi.as_view(), name="outcome-list"),
    path("referrals/", referrals.ReferralListCreateApi.as_view(), name="referral-list"),
    path("referrals/<int:referral_id>/", referrals.ReferralDetailApi.as_view(), name="referral-detail"),
    path("referrals/<int:referral_id>/views/", referrals.ReferralViewsApi.as_view(), name="referral-views"),
    path("panels/", referrals.PanelListCreateApi.as_view(), name="panel-list"),
    path("panels/<int:panel_id>/", referrals.PanelDetailApi.as_view(), name="panel-detail"),
    path("panels/<int:panel_id>/attendees/", referrals.PanelAttendeeApi.as_view(), name="panel-attendees"),
    path("panels/<int:panel_id>/referrals/", referrals.PanelReferralApi.as_view(), name="panel-referrals"),
    path("decisions/", decisions.DecisionListCreateApi.as_view(), name="decision-list"),
    path("police-only-decisions/", decisions.PoliceOnlyDecisionApi.as_view(), name="police-only-decision-create"),
    path("decisions/<int:decision_id>/", decisions.DecisionDetailApi.as_view(), name="decision-detail"),
    path("decisions/<int:decision_id>/warning/", decisions.DecisionWarningApi.as_view(), name="decision-warning"),
    path(
        "decisions/<int:decision_id>/implications-explained/",
        decisions.DecisionImplicationsExplainedApi.as_view(),
        name="decision-implications-explained",
    ),
    path("decisions/<int:decision_id>/document/", decisions.DecisionDocumentApi.as_view(), name="decision-document"),
    path(
        "decisions/<int:decision_id>/document/versions/<int:version_id>/",
        decisions.DecisionDocumentVersionApi.as_view(),
        name="decision-document-version",
    ),
    path("decisions/<int:decision_id>/delivery/", decisions.DecisionDeliveryApi.as_view(), name="decision-delivery"),
    path(
        "decisions/<int:decision_id>/victim-informed/",
        decisions.DecisionVictimInformedApi.as_view(),
        name="decision-victim-informed",
    ),
    path("conditions/<int:condition_id>/failures/", decisions.ConditionFailureApi.as_view(), name="condition-failures"),
    path(
        "conditions/<int:condition_id>/compliance/",
        decisions.ConditionComplianceApi.as_view(),
        name="condition-compliance",
    ),
    path(
        "failures/<int:failure_id>/prosecution/", decisions.FailureProsecutionApi.as_view(), name="failure-prosecution"
    ),
    path("scrutiny-samples/", scrutiny.ScrutinySampleListCreateApi.as_view(), name="scrutiny-sample-list"),
    path(
        "scrutiny-samples/<int:sample_id>/", scrutiny.ScrutinySampleDetailApi.as_view(), name="scrutiny-sample-detail"
    ),
    path("scrutiny-items/<int:item_id>/finding/", scrutiny.ScrutinyFindingApi.as_view(), name="scrutiny-item-finding"),
    path("first-time-entrants/", scrutiny.FirstTimeEntrantsApi.as_view(), name="first-time-entrants"),
    *follow_ups.urlpatterns,
]
