from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.index, name="index"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("children/", views.child_search, name="child_search"),
    path("children/add/", views.child_add, name="child_add"),
    path("children/<int:child_id>/", views.child_detail, name="child_detail"),
    path("children/<int:child_id>/flags/add/", views.flag_raise, name="flag_raise"),
    path("children/<int:child_id>/flags/<int:flag_id>/remove/", views.flag_remove, name="flag_remove"),
    path("children/<int:child_id>/cases/open/", views.case_open, name="case_open"),
    path("<int:case_id>/", views.case_detail, name="case_detail"),
    path(
        "<int:case_id>/assessments/<int:assessment_id>/",
        views.assessment_record,
        name="assessment_record",
    ),
    path(
        "<int:case_id>/assessments/<int:assessment_id>/countersign/",
        views.assessment_countersign,
        name="assessment_countersign",
    ),
    path("<int:case_id>/plans/add/", views.plan_write, name="plan_write"),
    path("<int:case_id>/reviews/add/", views.review_schedule, name="review_schedule"),
    path("<int:case_id>/reviews/<int:review_id>/complete/", views.review_complete, name="review_complete"),
    path("<int:case_id>/contacts/add/", views.contact_record, name="contact_record"),
    path("<int:case_id>/victims/add/", views.victim_add, name="victim_add"),
    path("<int:case_id>/transfer/", views.case_transfer, name="case_transfer"),
    path(
        "<int:case_id>/transfers/<int:transfer_id>/accept/",
        views.transfer_accept,
        name="transfer_accept",
    ),
    path(
        "<int:case_id>/transfers/<int:transfer_id>/transfer-pack.pdf",
        views.transfer_pack,
        name="transfer_pack",
    ),
]
