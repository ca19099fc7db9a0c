from django.urls import path

from . import views

app_name = "oocd"

urlpatterns = [
    path("", views.index, name="index"),
    path("referrals/new/", views.referral_new, name="referral_new"),
    path("referrals/<int:referral_id>/", views.referral_detail, name="referral_detail"),
    path("referrals/<int:referral_id>/views/victim/", views.victim_views, name="victim_views"),
    path("referrals/<int:referral_id>/views/child/", views.child_views, name="child_views"),
    path("referrals/<int:referral_id>/views/parent-carer/", views.parent_carer_views, name="parent_carer_views"),
    path(
        "referrals/<int:referral_id>/police-only-decision/",
        views.referral_police_only_decision,
        name="referral_police_only_decision",
    ),
    path("panels/", views.panel_list, name="panel_list"),
    path("panels/new/", views.panel_new, name="panel_new"),
    path("panels/<int:panel_id>/", views.panel_detail, name="panel_detail"),
    path("panels/<int:panel_id>/attendees/add/", views.attendee_add, name="attendee_add"),
    path(
        "panels/<int:panel_id>/referrals/<int:referral_id>/decision/",
        views.panel_decision,
        name="panel_decision",
    ),
    path("decisions/<int:decision_id>/", views.decision_detail, name="decision_detail"),
    path("decisions/<int:decision_id>/warning/", views.warning_record, name="warning_record"),
    path("decisions/<int:decision_id>/implications/", views.implications_record, name="implications_record"),
    path("decisions/<int:decision_id>/document/", views.document_download, name="document_download"),
    path(
        "decisions/<int:decision_id>/document/versions/<int:version_id>/",
        views.document_version_download,
        name="document_version_download",
    ),
    path("decisions/<int:decision_id>/document/upload/", views.document_upload, name="document_upload"),
    path("decisions/<int:decision_id>/delivery/", views.delivery_record, name="delivery_record"),
    path("decisions/<int:decision_id>/victim-informed/", views.victim_informed_record, name="victim_informed_record"),
    path("compliance/", views.compliance, name="compliance"),
    path("conditions/<int:condition_id>/failure/", views.failure_record, name="failure_record"),
    path("conditions/<int:condition_id>/compliance/", views.compliance_record, name="compliance_record"),
    path("failures/<int:failure_id>/prosecution/", views.prosecution_record, name="prosecution_record"),
    path("police-only/", views.police_only, name="police_only"),
    path("police-only/new/", views.police_only_new, name="police_only_new"),
    path("scrutiny/", views.scrutiny, name="scrutiny"),
    path("scrutiny/<int:sample_id>/", views.scrutiny_sample, name="scrutiny_sample"),
    path("scrutiny/<int:sample_id>/items/<int:item_id>/", views.scrutiny_finding, name="scrutiny_finding"),
]
