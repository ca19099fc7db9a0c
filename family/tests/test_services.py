"""The family and needs services' rules: who may record, field errors, history kept, audit."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import CaseStatus
from family import selectors, services
from family.models import Accommodation, Education, FamilyMember, FamilyMemberContactDetails, Professional
from family.needs import NEEDS
from yjs.models import AuditAction, AuditEvent

from .conftest import TODAY, days_ago

pytestmark = pytest.mark.django_db


def errors_of(raised) -> dict:
    return raised.value.message_dict


# --- Family members ---------------------------------------------------------------------------------


def test_a_family_member_is_recorded_with_contact_details_apart_and_audited(child, case_worker):
    member = services.family_member_add(
        child=child,
        by=case_worker,
        name=" Jo Smith ",
        relationship="mother",
        parental_responsibility=True,
        lives_with_child=True,
        contact_details={"phone": "07700 900123", "email": "jo@example.org", "address": "1 High Street"},
    )
    assert (member.name, member.recorded_by, member.parental_responsibility) == ("Jo Smith", case_worker, True)
    assert member.contact_details.phone == "07700 900123"
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(member.pk))
    assert "07700" not in str(event.detail) and "High Street" not in str(event.detail)


def test_a_family_member_needs_a_name_and_a_relationship(child, case_worker):
    with pytest.raises(ValidationError) as raised:
        services.family_member_add(child=child, by=case_worker, name=" ", relationship="cousin")
    assert errors_of(raised) == {
        "name": ["Enter the family member's name"],
        "relationship": ["Select the family member's relationship to the child"],
    }
    with pytest.raises(ValidationError) as raised:
        services.family_member_add(child=child, by=case_worker, name="Pat", relationship="other")
    assert errors_of(raised) == {"relationship_detail": ["Enter the relationship to the child"]}
    assert not FamilyMember.objects.exists()


def test_a_bad_email_is_a_field_error_and_nothing_is_saved(child, case_worker):
    with pytest.raises(ValidationError) as raised:
        services.family_member_add(
            child=child, by=case_worker, name="Jo", relationship="father", contact_details={"email": "not-an-email"}
        )
    assert "email" in errors_of(raised)
    assert not FamilyMember.objects.exists()


def test_changing_contact_details_is_audited_without_them(child, case_worker):
    member = services.family_member_add(child=child, by=case_worker, name="Jo", relationship="father")
    services.family_member_update(
        member=member, by=case_worker, lives_with_child=True, contact_details={"phone": "07700 900999"}
    )
    assert FamilyMemberContactDetails.objects.get(member=member).phone == "07700 900999"
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(member.pk)).get()
    assert event.detail["contact_details"] == ["", "changed"]
    assert event.detail["lives_with_child"] == ["False", "True"]
    assert "900999" not in str(event.detail)


def test_only_those_working_on_an_open_case_of_the_child_record(
    child, north_case, team_manager, police_officer, south_worker, head_of_service, victim_worker
):
    for user in (police_officer, south_worker, head_of_service, victim_worker):
        with pytest.raises(PermissionDenied):
            services.family_member_add(child=child, by=user, name="Jo", relationship="father")
    services.family_member_add(child=child, by=team_manager, name="Jo", relationship="father")
    north_case.status = CaseStatus.CLOSED
    north_case.save()
    with pytest.raises(PermissionDenied):
        services.family_member_add(child=child, by=team_manager, name="Kim", relationship="mother")


def test_a_restricted_case_child_is_recorded_only_by_those_who_see_the_case(restricted_case, case_worker, team_manager):
    with pytest.raises(PermissionDenied):
        services.family_member_add(child=restricted_case.child, by=case_worker, name="Jo", relationship="father")
    services.family_member_add(child=restricted_case.child, by=team_manager, name="Jo", relationship="father")


def test_reading_contact_details_is_for_case_workers_managers_and_head_each_read_audited(
    child, case_worker, head_of_service, victim_worker, police_officer
):
    member = services.family_member_add(
        child=child, by=case_worker, name="Jo", relationship="mother", contact_details={"phone": "07700 900123"}
    )
    shown = services.family_member_contact_details_view_many(members=[member], by=head_of_service)
    assert shown[member.pk].phone == "07700 900123"
    reads = AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE, object_id=str(member.pk))
    assert reads.get().detail == {"read": "family_contact_details"}
    for user in (victim_worker, police_officer):
        with pytest.raises(PermissionDenied):
            services.family_member_contact_details_view_many(members=[member], by=user)
    assert reads.count() == 1


def test_contact_details_of_another_teams_child_are_refused(child, case_worker, south_worker):
    member = services.family_member_add(child=child, by=case_worker, name="Jo", relationship="mother")
    with pytest.raises(PermissionDenied):
        services.family_member_contact_details_view_many(members=[member], by=south_worker)


# --- Professionals -----------------------------------------------------------------------------------


def test_a_professional_has_a_role_name_and_dates_in_order(child, case_worker):
    with pytest.raises(ValidationError) as raised:
        services.professional_add(
            child=child, by=case_worker, role="other", name="", from_date=days_ago(3), to_date=days_ago(5)
        )
    assert errors_of(raised) == {
        "role_detail": ["Enter the professional's role"],
        "name": ["Enter the professional's name"],
        "to_date": ["The date they stopped must be the same as or after the date they started"],
    }
    with pytest.raises(ValidationError) as raised:
        services.professional_add(child=child, by=case_worker, role="camhs", name="Dr Lee", from_date=None)
    assert errors_of(raised) == {"from_date": ["Enter the date they started working with the child"]}
    professional = services.professional_add(
        child=child, by=case_worker, role="camhs", name="Dr Lee", from_date=days_ago(10), role_detail="ignored"
    )
    assert professional.role_detail == ""
    services.professional_update(professional=professional, by=case_worker, to_date=TODAY)
    assert Professional.objects.get().to_date == TODAY


# --- Needs records: history -----------------------------------------------------------------------------


def test_a_change_is_a_new_record_and_the_history_is_kept(child, case_worker):
    first = services.accommodation_record(
        child=child,
        by=case_worker,
        from_date=days_ago(60),
        accommodation_type="sofa_surfing",
        suitable=False,
        unsuitable_reason="No settled address",
    )
    second = services.accommodation_record(
        child=child, by=case_worker, from_date=days_ago(10), accommodation_type="relatives", suitable=True
    )
    need = NEEDS["accommodation"]
    assert selectors.current(need=need, child=child) == second
    assert selectors.current(need=need, child=child, day=days_ago(20)) == first
    assert selectors.current(need=need, child=child, day=days_ago(61)) is None
    assert selectors.history(need=need, child=child) == [second, first]
    first.refresh_from_db()
    assert (first.suitable, first.unsuitable_reason) == (False, "No settled address")
    assert Accommodation.objects.get(pk=second.pk).recorded_by == case_worker


def test_unsuitable_accommodation_says_why(child, case_worker):
    with pytest.raises(ValidationError) as raised:
        services.accommodation_record(
            child=child, by=case_worker, from_date=TODAY, accommodation_type="castle", suitable=False
        )
    assert errors_of(raised) == {
        "accommodation_type": ["Select the type of accommodation"],
        "unsuitable_reason": ["Enter why the accommodation is not suitable"],
    }
    with pytest.raises(ValidationError) as raised:
        services.accommodation_record(
            child=child, by=case_worker, from_date=TODAY, accommodation_type="parents", suitable=None
        )
    assert errors_of(raised) == {"suitable": ["Select whether the accommodation is suitable"]}


def test_a_needs_record_is_dated_today_or_before(child, case_worker):
    for from_date, message in (
        (None, "Enter the date this applies from"),
        (TODAY + datetime.timedelta(days=1), "The date this applies from must be today or in the past"),
    ):
        with pytest.raises(ValidationError) as raised:
            services.mental_health_record(child=child, by=case_worker, from_date=from_date, need_identified=True)
        assert errors_of(raised) == {"from_date": [message]}


def test_education_hours_and_send_plan_rules(child, case_worker):
    with pytest.raises(ValidationError) as raised:
        services.education_record(
            child=child,
            by=case_worker,
            from_date=TODAY,
            education_type="college",
            provider="",
            hours_offered=10,
            hours_attended=12,
            send_identified=False,
            send_plan="ehcp",
        )
    assert errors_of(raised) == {
        "provider": ["Enter the school, college, training provider or employer"],
        "hours_attended": ["The hours attended cannot be more than the hours offered"],
        "send_plan": ["A SEND or ALN plan needs SEND or ALN identified"],
    }
    with pytest.raises(ValidationError) as raised:
        services.education_record(
            child=child, by=case_worker, from_date=TODAY, education_type="none", hours_offered=61, hours_attended=-1
        )
    assert errors_of(raised) == {
        "hours_offered": ["Enter the hours offered a week, from 0 to 60"],
        "hours_attended": ["Enter the hours attended a week, from 0 to 60"],
    }
    record = services.education_record(
        child=child,
        by=case_worker,
        from_date=TODAY,
        education_type="college",
        provider="City College",
        hours_offered=16,
        hours_attended=12,
        send_identified=True,
        send_plan="ehcp",
    )
    assert Education.objects.get().has_plan and record.provider == "City College"


def test_a_communication_need_is_identified_by_screening(child, case_worker):
    with pytest.raises(ValidationError) as raised:
        services.communication_record(child=child, by=case_worker, from_date=TODAY, need_identified=True)
    assert errors_of(raised) == {"screened": ["A need is identified by screening: say the child was screened"]}


def test_every_needs_record_is_audited(child, case_worker):
    for slug, answers in {
        "communication": {"screened": True},
        "mental-health": {"need_identified": True, "referred": True, "receiving_support": True},
        "substance-misuse": {"need_identified": True, "referred": False, "receiving_intervention": False},
    }.items():
        record = NEEDS[slug].record(child=child, by=case_worker, from_date=TODAY, **answers)
        assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(record.pk)).exists()


def test_the_family_page_selector_hides_another_teams_child(child, south_worker):
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.child_family(user=south_worker, child=child)
