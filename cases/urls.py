from yjs.pages import page

from . import case_views, dashboard_views, oversight_views, people_views, views

app_name = "cases"

urlpatterns = [
    page("", views.index),
    page("dashboard/", dashboard_views.dashboard),
    page("dashboard/<slug:slug>/", dashboard_views.dashboard_list),
    page("children/", views.child_search),
    page("children/add/", views.child_add),
    page("children/<int:child_id>/", views.child_detail),
    page("children/<int:child_id>/edit/", people_views.child_edit),
    page("children/<int:child_id>/flags/add/", views.FlagRaise.as_view()),
    page("children/<int:child_id>/flags/<int:flag_id>/remove/", views.FlagRemove.as_view()),
    page("children/<int:child_id>/cases/open/", views.case_open),
    page("<int:case_id>/", views.case_detail),
    page("<int:case_id>/allocate/", case_views.CaseAllocate.as_view()),
    page("<int:case_id>/restrict/", case_views.CaseRestrict.as_view()),
    page("<int:case_id>/close/", case_views.CaseClose.as_view()),
    page("<int:case_id>/transition/", case_views.TransitionDecide.as_view()),
    page("<int:case_id>/offences/add/", case_views.OffenceRecord.as_view()),
    page("<int:case_id>/assessments/add/", case_views.AssessmentStart.as_view()),
    page("<int:case_id>/assessments/<int:assessment_id>/", views.assessment_record),
    page("<int:case_id>/assessments/<int:assessment_id>/countersign/", oversight_views.AssessmentCountersign.as_view()),
    page("<int:case_id>/plans/add/", views.plan_write),
    page("<int:case_id>/plans/<int:plan_id>/countersign/", oversight_views.PlanCountersign.as_view()),
    page("<int:case_id>/plans/<int:plan_id>/resubmit/", oversight_views.plan_resubmit),
    page("<int:case_id>/reviews/add/", views.ReviewSchedule.as_view()),
    page("<int:case_id>/reviews/<int:review_id>/complete/", views.ReviewComplete.as_view()),
    page("<int:case_id>/contacts/add/", views.ContactRecord.as_view()),
    page("<int:case_id>/victims/add/", views.victim_add),
    page("<int:case_id>/victims/<int:victim_id>/", people_views.victim_edit),
    page("<int:case_id>/transfer/", views.CaseTransfer.as_view()),
    page("<int:case_id>/transfers/<int:transfer_id>/accept/", views.TransferAccept.as_view()),
    page("<int:case_id>/transfers/<int:transfer_id>/transfer-pack.pdf", views.transfer_pack),
]
