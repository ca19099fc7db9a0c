"""The cases API under /api/v1/: stable paths (DESIGN.md §7)."""

from django.urls import path

from . import apis

app_name = "cases-api"

urlpatterns = [
    path("children/", apis.ChildListCreateApi.as_view(), name="child-list"),
    path("children/<int:child_id>/", apis.ChildDetailApi.as_view(), name="child-detail"),
    path("cases/", apis.CaseListCreateApi.as_view(), name="case-list"),
    path("cases/<int:case_id>/", apis.CaseDetailApi.as_view(), name="case-detail"),
    path("cases/<int:case_id>/allocate/", apis.CaseAllocateApi.as_view(), name="case-allocate"),
    path("cases/<int:case_id>/close/", apis.CaseCloseApi.as_view(), name="case-close"),
    path("cases/<int:case_id>/restrict/", apis.CaseRestrictApi.as_view(), name="case-restrict"),
    path("assessments/", apis.AssessmentListApi.as_view(), name="assessment-list"),
    path("assessments/<int:assessment_id>/", apis.AssessmentDetailApi.as_view(), name="assessment-detail"),
    path(
        "assessments/<int:assessment_id>/countersign/",
        apis.AssessmentCountersignApi.as_view(),
        name="assessment-countersign",
    ),
    path("victims/", apis.VictimListCreateApi.as_view(), name="victim-list"),
    path("victims/<int:victim_id>/", apis.VictimDetailApi.as_view(), name="victim-detail"),
    path("plans/", apis.PlanListCreateApi.as_view(), name="plan-list"),
    path("plans/<int:plan_id>/countersign/", apis.PlanCountersignApi.as_view(), name="plan-countersign"),
    path("reviews/", apis.ReviewListCreateApi.as_view(), name="review-list"),
    path("reviews/<int:review_id>/complete/", apis.ReviewCompleteApi.as_view(), name="review-complete"),
    path("contacts/", apis.ContactListCreateApi.as_view(), name="contact-list"),
    path("flags/", apis.FlagListCreateApi.as_view(), name="flag-list"),
    path("flags/<int:flag_id>/remove/", apis.FlagRemoveApi.as_view(), name="flag-remove"),
    path("transfers/", apis.CaseTransferListCreateApi.as_view(), name="transfer-list"),
    path("transfers/<int:transfer_id>/accept/", apis.CaseTransferAcceptApi.as_view(), name="transfer-accept"),
    path("transitions/", apis.TransitionCreateApi.as_view(), name="transition-create"),
]
