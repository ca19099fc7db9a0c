from yjs.pages import page

from .views import compliance, decisions, follow_ups, panels, police_only, referrals, scrutiny

app_name = "oocd"

urlpatterns = [
    page("", referrals.index),
    page("referrals/new/", referrals.referral_new),
    page("referrals/<int:referral_id>/", referrals.referral_detail),
    page("referrals/<int:referral_id>/views/victim/", referrals.victim_views),
    page("referrals/<int:referral_id>/views/child/", referrals.child_views),
    page("referrals/<int:referral_id>/views/parent-carer/", referrals.parent_carer_views),
    page("referrals/<int:referral_id>/police-only-decision/", police_only.referral_police_only_decision),
    page("panels/", panels.panel_list),
    page("panels/new/", panels.panel_new),
    page("panels/<int:panel_id>/", panels.panel_detail),
    page("panels/<int:panel_id>/attendees/add/", panels.attendee_add),
    page("panels/<int:panel_id>/referrals/add/", panels.panel_referral_add),
    page("panels/<int:panel_id>/referrals/<int:referral_id>/decision/", panels.panel_decision),
    page("decisions/<int:decision_id>/", decisions.decision_detail),
    page("decisions/<int:decision_id>/warning/", decisions.WarningRecord.as_view()),
    page("decisions/<int:decision_id>/implications/", decisions.ImplicationsRecord.as_view()),
    page("decisions/<int:decision_id>/document/", decisions.document_download),
    page("decisions/<int:decision_id>/document/versions/<int:version_id>/", decisions.document_version_download),
    page("decisions/<int:decision_id>/document/upload/", decisions.DocumentUpload.as_view()),
    page("decisions/<int:decision_id>/delivery/", decisions.DeliveryRecord.as_view()),
    page("decisions/<int:decision_id>/victim-informed/", decisions.VictimInformedRecord.as_view()),
    page("compliance/", compliance.compliance),
    page("conditions/<int:condition_id>/failure/", compliance.failure_record),
    page("conditions/<int:condition_id>/compliance/", compliance.compliance_record),
    page("failures/<int:failure_id>/prosecution/", compliance.prosecution_record),
    page("police-only/", police_only.police_only),
    page("police-only/new/", police_only.police_only_new),
    page("follow-ups/", follow_ups.follow_up_list),
    page("follow-ups/<int:follow_up_id>/outcome/", follow_ups.follow_up_outcome),
    page("scrutiny/", scrutiny.scrutiny),
    page("scrutiny/<int:sample_id>/", scrutiny.scrutiny_sample),
    page("scrutiny/<int:sample_id>/items/<int:item_id>/", scrutiny.scrutiny_finding),
]
