"""The cases API under /api/v1/: stable paths (DESIGN.md §7)."""

from django.urls import path

from yjs.api.routes import row_paths

from .apis import assessments, cases, children

app_name = "cases-api"

urlpatterns = [
    *row_paths("children", "child", list=children.ChildListCreateApi, detail=children.ChildDetailApi),
    *row_paths(
        "cases",
        "case",
        list=cases.CaseListCreateApi,
        detail=cases.CaseDetailApi,
        actions={"allocate": cases.CaseAllocateApi, "close": cases.CaseCloseApi, "restrict": cases.CaseRestrictApi},
    ),
    *row_paths(
        "assessments",
        "assessment",
        list=assessments.AssessmentListApi,
        detail=assessments.AssessmentDetailApi,
        actions={"countersign": assessments.AssessmentCountersignApi, "return": assessments.AssessmentReturnApi},
    ),
    *row_paths("victims", "victim", list=children.VictimListCreateApi, detail=children.VictimDetailApi),
    *row_paths(
        "plans",
        "plan",
        list=assessments.PlanListCreateApi,
        actions={
            "countersign": assessments.PlanCountersignApi,
            "return": assessments.PlanReturnApi,
            "resubmit": assessments.PlanResubmitApi,
        },
    ),
    *row_paths("reviews", "review", list=cases.ReviewListCreateApi, actions={"complete": cases.ReviewCompleteApi}),
    *row_paths("contacts", "contact", list=cases.ContactListCreateApi),
    *row_paths("flags", "flag", list=children.FlagListCreateApi, actions={"remove": children.FlagRemoveApi}),
    *row_paths(
        "transfers", "transfer", list=cases.CaseTransferListCreateApi, actions={"accept": cases.CaseTransferAcceptApi}
    ),
    path("transitions/", cases.TransitionCreateApi.as_view(), name="transition-create"),
]
