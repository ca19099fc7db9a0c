"""The family's personal data (``family.personal_data``): registered, anonymised under the retention
schedule keeping what the board counts, exported for subject access without family members' contact details."""

import pytest
from django.template.loader import render_to_string

from family import personal_data, services
from family.models import (
    NEEDS_MODELS,
    Accommodation,
    Education,
    FamilyMember,
    FamilyMemberContactDetails,
    MentalHealth,
    Professional,
)
from governance.indicators import Period
from governance.indicators import family as needs
from governance.subject_access import TEMPLATE, subject_access_record
from yjs.personal_data import REMOVED, registered_models

from .conftest import TODAY, days_ago

pytestmark = pytest.mark.django_db


def test_every_family_model_is_registered():
    assert registered_models() >= {FamilyMember, FamilyMemberContactDetails, Professional, *NEEDS_MODELS}


@pytest.fixture
def history(child, case_worker):
    services.family_member_add(
        child=child, by=case_worker, name="Jo Nguyen", relationship="other", relationship_detail="Godmother",
        notes="Picks him up from school", contact_details={"phone": "07700 900123", "address": "1 Oak Road"},
    )  # fmt: skip
    services.professional_add(
        child=child, by=case_worker, role="camhs", name="Dr Okonkwo", organisation="CAMHS North",
        phone="0161 496 0000", from_date=days_ago(20),
    )  # fmt: skip
    services.accommodation_record(
        child=child, by=case_worker, from_date=days_ago(10), accommodation_type="sofa_surfing", suitable=False,
        unsuitable_reason="Staying with a dealer", notes="Worried",
    )  # fmt: skip
    services.education_record(
        child=child, by=case_worker, from_date=days_ago(10), education_type="college", provider="Leeds City College",
        hours_offered=16, hours_attended=8, send_identified=True, send_plan="ehcp",
    )  # fmt: skip
    services.mental_health_record(
        child=child, by=case_worker, from_date=days_ago(10), need_identified=True, notes="Groomed online"
    )
    return child


def test_anonymising_removes_names_contacts_and_words_and_keeps_the_figures(history, north_case):
    north_case.end_date = TODAY
    north_case.save()
    period = Period(days_ago(1), TODAY)
    before = [
        (figure.numerator, figure.denominator)
        for figure in (
            needs.accommodation_end_of_order(period),
            needs.ete_hours_end(period),
            needs.send_end_of_order(period),
        )
    ]
    personal_data.anonymise(history, TODAY)
    member = FamilyMember.objects.get()
    assert (member.name, member.relationship_detail, member.notes) == (REMOVED, REMOVED, "")
    assert not FamilyMemberContactDetails.objects.exists()
    professional = Professional.objects.get()
    assert (professional.name, professional.organisation, professional.phone, professional.role) == (
        REMOVED, "", "", "camhs",
    )  # fmt: skip
    accommodation = Accommodation.objects.get()
    assert (accommodation.unsuitable_reason, accommodation.notes, accommodation.suitable) == (REMOVED, "", False)
    assert Education.objects.get().provider == ""
    assert MentalHealth.objects.get().notes == ""
    after = [
        (figure.numerator, figure.denominator)
        for figure in (
            needs.accommodation_end_of_order(period),
            needs.ete_hours_end(period),
            needs.send_end_of_order(period),
        )
    ]
    assert after == before


def test_subject_access_holds_the_family_and_needs_without_contact_details(history, head_of_service):
    record = subject_access_record(user=head_of_service, child_id=history.pk)
    assert [member.name for member in record.family_members] == ["Jo Nguyen"]
    assert record.counts()["accommodation_records"] == 1
    html = render_to_string(TEMPLATE, {"record": record})
    for shown in (
        "Family and needs",
        "Jo Nguyen",
        "Godmother",
        "Dr Okonkwo",
        "Staying with a dealer",
        "Leeds City College",
    ):
        assert shown in html, shown
    assert "07700" not in html and "Oak Road" not in html


def test_subject_access_holds_nothing_for_a_user_who_may_not_read_the_family(history, south_worker):
    assert all(not rows for rows in personal_data.export(south_worker, history).values())
