"""The family and needs pages: the child's page, each need's history, the forms, the case page's section."""

import pytest
from django.urls import reverse

from family import services
from family.models import Education, FamilyMember, MentalHealth, Professional
from yjs.models import AuditAction, AuditEvent

from .conftest import TODAY, days_ago

pytestmark = pytest.mark.django_db


def date_fields(name: str, value) -> dict:
    return {f"{name}_0": str(value.day), f"{name}_1": str(value.month), f"{name}_2": str(value.year)}


def family_url(child) -> str:
    return reverse("family:family_page", args=[child.pk])


def test_the_family_page_shows_needs_family_and_professionals_with_audited_contact_details(client, child, case_worker):
    member = services.family_member_add(
        child=child, by=case_worker, name="Jo Smith", relationship="mother", contact_details={"phone": "07700 900123"}
    )
    services.professional_add(child=child, by=case_worker, role="camhs", name="Dr Lee", from_date=days_ago(9))
    services.accommodation_record(
        child=child, by=case_worker, from_date=days_ago(5), accommodation_type="parents", suitable=True
    )
    client.force_login(case_worker)
    page = client.get(family_url(child)).content.decode()
    for text in ("Jo Smith", "07700 900123", "Dr Lee", "With parents or a parent, suitable", "Not recorded"):
        assert text in page
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW_SENSITIVE, object_id=str(member.pk), detail={"read": "family_contact_details"}
    ).exists()


def test_a_victim_worker_reads_the_family_without_contact_details(
    client, child, north_case, case_worker, victim_worker
):
    from cases.tests.factories import VictimFactory

    VictimFactory(case=north_case)
    services.family_member_add(
        child=child, by=case_worker, name="Jo Smith", relationship="mother", contact_details={"phone": "07700 900123"}
    )
    client.force_login(victim_worker)
    page = client.get(family_url(child)).content.decode()
    assert "Jo Smith" in page and "07700" not in page and "Add a family member" not in page


def test_recording_a_need_through_the_page_keeps_the_earlier_record(client, child, case_worker):
    earlier = services.mental_health_record(child=child, by=case_worker, from_date=days_ago(30), need_identified=True)
    client.force_login(case_worker)
    url = reverse("family:need_record", args=[child.pk, "mental-health"])
    assert client.get(url).status_code == 200
    answer = client.post(
        url,
        {**date_fields("from_date", TODAY), "need_identified": "yes", "referred": "yes", "receiving_support": "yes"},
    )
    assert answer.status_code == 302 and answer["Location"].startswith(family_url(child))
    assert MentalHealth.objects.count() == 2
    earlier.refresh_from_db()
    assert not earlier.receiving_support
    history = client.get(reverse("family:need_history", args=[child.pk, "mental-health"])).content.decode()
    assert "Receiving support or intervention" in history and "Now" in history


def test_a_need_form_submitted_empty_shows_its_errors(client, child, case_worker):
    services.education_record(
        child=child, by=case_worker, from_date=days_ago(40), education_type="college", provider="City College",
        hours_offered=16, hours_attended=8,
    )  # fmt: skip
    client.force_login(case_worker)
    url = reverse("family:need_record", args=[child.pk, "education"])
    form = client.get(url).content.decode()
    assert "City College" in form  # the provider and hours as they were
    answer = client.post(url, {})
    page = answer.content.decode()
    assert answer.status_code == 200 and "govuk-error-summary" in page
    assert "Select the type of education, training or employment" in page
    assert Education.objects.count() == 1


def test_the_services_errors_come_back_onto_the_form(client, child, case_worker):
    client.force_login(case_worker)
    answer = client.post(
        reverse("family:need_record", args=[child.pk, "education"]),
        {**date_fields("from_date", TODAY), "education_type": "college", "provider": "C", "hours_offered": "5",
         "hours_attended": "9", "send_identified": "no", "send_plan": "none"},
    )  # fmt: skip
    assert "The hours attended cannot be more than the hours offered" in answer.content.decode()


def test_adding_and_changing_a_family_member_and_a_professional(client, child, case_worker):
    client.force_login(case_worker)
    answer = client.post(
        reverse("family:family_member_add", args=[child.pk]),
        {"name": "Jo Smith", "relationship": "father", "parental_responsibility": "yes", "lives_with_child": "no",
         "phone": "07700 900555", "email": "", "address": "", "relationship_detail": "", "notes": ""},
    )  # fmt: skip
    assert answer.status_code == 302
    member = FamilyMember.objects.get()
    assert member.parental_responsibility and member.contact_details.phone == "07700 900555"
    change = reverse("family:family_member_change", args=[child.pk, member.pk])
    assert "07700 900555" in client.get(change).content.decode()
    answer = client.post(
        change,
        {"name": "Jo Smith", "relationship": "father", "parental_responsibility": "yes", "lives_with_child": "yes",
         "phone": "", "email": "", "address": "2 Low Road", "relationship_detail": "", "notes": ""},
    )  # fmt: skip
    assert answer.status_code == 302
    member.refresh_from_db()
    assert member.lives_with_child and member.contact_details.address == "2 Low Road"
    answer = client.post(
        reverse("family:professional_add", args=[child.pk]),
        {"role": "school", "name": "Ms Khan", "organisation": "Northfield Academy", **date_fields("from_date", TODAY)},
    )
    assert answer.status_code == 302 and Professional.objects.get().organisation == "Northfield Academy"


def test_another_teams_child_is_404_and_the_head_may_read_not_record(client, child, south_worker, head_of_service):
    client.force_login(south_worker)
    assert client.get(family_url(child)).status_code == 404
    client.force_login(head_of_service)
    assert client.get(family_url(child)).status_code == 200
    assert client.get(reverse("family:family_member_add", args=[child.pk])).status_code == 403


def test_the_case_page_has_the_family_and_needs_section_and_the_timeline_its_events(
    client, north_case, child, case_worker
):
    services.substance_misuse_record(
        child=child, by=case_worker, from_date=days_ago(3), need_identified=True, referred=True
    )
    client.force_login(case_worker)
    page = client.get(reverse("cases:case_detail", args=[north_case.pk])).content.decode()
    assert 'id="family"' in page and "Family and needs page" in page
    timeline = client.get(reverse("cases:child_detail", args=[child.pk])).content.decode()
    assert "Substance misuse recorded" in timeline
