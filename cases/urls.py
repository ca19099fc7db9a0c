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
    page("children/<int:child_id>/flags/add/", views.flag_raise),
    page("children/<int:child_id>/flags/<int:flag_id>/remove/", views.flag_remove),
    page("children/<int:child_id>/cases/open/", views.case_open),
    page("<int:case_id>/", views.case_detail),
    page("<int:case_id>/allocate/", case_views.case_allocate),
    page("<int:case_id>/restrict/", case_views.case_restrict),
    page("<int:case_id>/close/", case_views.case_close),
    page("<int:case_id>/transition/", case_views.transition_decide),
    page("<int:case_id>/offences/add/", case_views.offence_record),
    page("<int:case_id>/assessments/add/", case_views.assessment_start),
    page("<int:case_id>/assessments/<int:assessment_id>/", views.assessment_record),
    page("<int:case_id>/assessments/<int:assessment_id>/countersign/", oversight_views.assessment_countersign),
    page("<int:case_id>/plans/add/", views.plan_write),
    page("<int:case_id>/plans/<int:plan_id>/countersign/", oversight_views.plan_countersign),
    page("<int:case_id>/plans/<int:plan_id>/resubmit/", oversight_views.plan_resubmit),
    page("<int:case_id>/reviews/add/", views.review_schedule),
    page("<int:case_id>/reviews/<int:review_id>/complete/", views.review_complete),
    page("<int:case_id>/contacts/add/", views.contact_record),
    page("<int:case_id>/victims/add/", views.victim_add),
    page("<int:case_id>/victims/<int:victim_id>/", people_views.victim_edit),
    page("<int:case_id>/transfer/", views.case_transfer),
    page("<int:case_id>/transfers/<int:transfer_id>/accept/", views.transfer_accept),
    page("<int:case_id>/transfers/<int:transfer_id>/transfer-pack.pdf", views.transfer_pack),
]
