"""The cases API under /api/v1/: stable paths (DESIGN.md §7)."""

from django.urls import path

from .apis import assessments, cases, children

app_name = "cases-api"

urlpatterns = [
    path("children/", children.ChildListCreateApi.as_view(), name="child-list"),
    path("children/<int:child_id>/", children.ChildDetailApi.as_view(), name="child-detail"),
    path("cases/", cases.CaseListCreateApi.as_view(), name="case-list"),
    path("cases/<int:case_id>/", cases.CaseDetailApi.as_view(), name="case-detail"),
    path("cases/<int:case_id>/allocate/", cases.CaseAllocateApi.as_view(), name="case-allocate"),
    path("cases/<int:case_id>/close/", cases.CaseCloseApi.as_view(), name="case-close"),
    path("cases/<int:case_id>/restrict/", cases.CaseRestrictApi.as_view(), name="case-restrict"),
    path("assessments/", assessments.AssessmentListApi.as_view(), name="assessment-list"),
    path("assessments/<int:assessment_id>/", assessments.AssessmentDetailApi.as_view(), name="assessment-detail"),
    path(
        "assessments/<int:assessment_id>/countersign/",
        assessments.AssessmentCountersignApi.as_view(),
        name="assessment-countersign",
    ),
    path(
        "assessments/<int:assessment_id>/return/",
        assessments.AssessmentReturnApi.as_view(),
        name="assessment-return",
    ),
    path("victims/", children.VictimListCreateApi.as_view(), name="victim-list"),
    path("victims/<int:victim_id>/", children.VictimDetailApi.as_view(), name="victim-detail"),
    path("plans/", assessments.PlanListCreateApi.as_view(), name="plan-list"),
    path("plans/<int:plan_id>/countersign/", assessments.PlanCountersignApi.as_view(), name="plan-countersign"),
    path("plans/<int:plan_id>/return/", assessments.PlanReturnApi.as_view(), name="plan-return"),
    path("plans/<int:plan_id>/resubmit/", assessments.PlanResubmitApi.as_view(), name="plan-resubmit"),
    path("reviews/", cases.ReviewListCreateApi.as_view(), name="review-list"),
    path("reviews/<int:review_id>/complete/", cases.ReviewCompleteApi.as_view(), name="review-complete"),
    path("contacts/", cases.ContactListCreateApi.as_view(), name="contact-list"),
    path("flags/", children.FlagListCreateApi.as_view(), name="flag-list"),
    path("flags/<int:flag_id>/remove/", children.FlagRemoveApi.as_view(), name="flag-remove"),
    path("transfers/", cases.CaseTransferListCreateApi.as_view(), name="transfer-list"),
    path("transfers/<int:transfer_id>/accept/", cases.CaseTransferAcceptApi.as_view(), name="transfer-accept"),
    path("transitions/", cases.TransitionCreateApi.as_view(), name="transition-create"),
]
