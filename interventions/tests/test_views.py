"""The interventions pages: the catalogue and its forms, a case's interventions page and its forms, the
case page's section and the child's timeline."""

import pytest
from django.urls import reverse

from interventions.models import InterventionReferral, ReparationSession, RestorativeJustice, VictimSafetyPlan
from interventions.services import referrals, reparation, victims
from yjs.models import AuditAction, AuditEvent

from .conftest import TODAY, days_ago

pytestmark = pytest.mark.django_db


def date_fields(name: str, value) -> dict:
    return {f"{name}_0": str(value.day), f"{name}_1": str(value.month), f"{name}_2": str(value.year)}


def case_url(case) -> str:
    return reverse("interventions:case_interventions", args=[case.pk])


def test_the_catalogue_is_kept_by_managers_and_read_by_case_workers(
    client, programme, team_manager, case_worker, police_officer
):
    client.force_login(case_worker)
    page = client.get(reverse("interventions:catalogue")).content.decode()
    assert "Knife Crime Awareness" in page and "Add an intervention" not in page
    assert client.get(reverse("interventions:intervention_add")).status_code == 403
    client.force_login(police_officer)
    assert client.get(reverse("interventions:catalogue")).status_code == 403
    client.force_login(team_manager)
    answer = client.post(reverse("interventions:intervention_add"), {"name": "", "intervention_type": "weapons"})
    assert answer.status_code == 200 and "Enter the name of the intervention" in answer.content.decode()
    answer = client.post(
        reverse("interventions:intervention_add"),
        {"name": "Compass", "intervention_type": "substance_misuse", "provider": "CGL"},
    )
    assert answer.status_code == 302
    url = reverse("interventions:intervention_change", args=[programme.pk])
    assert client.get(url).status_code == 200
    answer = client.post(
        url,
        {"name": programme.name, "intervention_type": "weapons", "provider": "YJS", "sessions": "6", "active": "no"},
    )
    assert answer.status_code == 302
    programme.refresh_from_db()
    assert not programme.active


def test_a_referral_is_made_progressed_and_ended_through_the_pages(client, north_case, programme, case_worker):
    client.force_login(case_worker)
    url = reverse("interventions:referral_make", args=[north_case.pk])
    assert client.get(url).status_code == 200
    answer = client.post(url, {"intervention": programme.pk, **date_fields("referred_on", days_ago(10))})
    assert answer.status_code == 302 and answer.url.startswith(case_url(north_case))
    referral = InterventionReferral.objects.get()
    url = reverse("interventions:referral_progress", args=[north_case.pk, referral.pk])
    dates = date_fields("referred_on", days_ago(10)) | date_fields("started_on", days_ago(9))
    answer = client.post(url, {**dates, "sessions_offered": "2", "sessions_attended": "3"})
    assert answer.status_code == 200 and "cannot be more than the sessions offered" in answer.content.decode()
    answer = client.post(url, {**dates, "reason": "Carried a knife", "sessions_offered": "2", "sessions_attended": "2"})
    assert answer.status_code == 302
    url = reverse("interventions:referral_end", args=[north_case.pk, referral.pk])
    data = {"outcome": "completed", **date_fields("ended_on", TODAY), "sessions_offered": "6", "sessions_attended": "6"}
    assert client.post(url, data).status_code == 302
    referral.refresh_from_db()
    assert referral.outcome == "completed" and referral.sessions_attended == 6 and referral.reason == "Carried a knife"
    page = client.get(case_url(north_case)).content.decode()
    assert "Knife Crime Awareness" in page and "Completed" in page and "6 of 6" in page


def test_reparation_through_the_pages(client, north_case, case_worker):
    client.force_login(case_worker)
    answer = client.post(
        reverse("interventions:placement_add", args=[north_case.pk]),
        {"placement": "Community garden", "hours_ordered": "4", **date_fields("started_on", days_ago(10))},
    )
    assert answer.status_code == 302
    placement = north_case.reparation_placements.get()
    url = reverse("interventions:session_record", args=[north_case.pk, placement.pk])
    assert "0 of 4 hours done" in client.get(url).content.decode()
    answer = client.post(url, {**date_fields("done_on", days_ago(2)), "hours": "5"})
    assert "Enter no more than the 4 hours remaining" in answer.content.decode()
    assert client.post(url, {**date_fields("done_on", days_ago(2)), "hours": "4"}).status_code == 302
    assert ReparationSession.objects.count() == 1
    page = client.get(case_url(north_case)).content.decode()
    assert "4 of 4" in page and "Completed" in page


def test_the_victim_worker_records_restorative_justice_and_a_safety_plan(client, north_case, victim, victim_worker):
    client.force_login(victim_worker)
    page = client.get(case_url(north_case)).content.decode()
    assert "Record restorative justice" in page and "Refer to an intervention" not in page
    assert client.get(reverse("interventions:referral_make", args=[north_case.pk])).status_code == 403
    answer = client.post(
        reverse("interventions:restorative_justice_record", args=[north_case.pk]),
        {"restorative_type": "letter", "victim_part": "informed", "victim": victim.pk},
    )
    assert answer.status_code == 302 and RestorativeJustice.objects.get().victim == victim
    answer = client.post(
        reverse("interventions:safety_plan_record", args=[north_case.pk]),
        {"victim": victim.pk, "measures": "No contact", **date_fields("agreed_on", TODAY)},
    )
    assert answer.status_code == 302
    plan = VictimSafetyPlan.objects.get()
    url = reverse("interventions:safety_plan_update", args=[north_case.pk, plan.pk])
    assert client.get(url).status_code == 200
    answer = client.post(url, {"victim": victim.pk, "measures": "", **date_fields("agreed_on", TODAY)})
    assert "Enter what keeps the victim safe" in answer.content.decode()


def test_another_teams_restricted_case_is_404_and_its_reading_audited(
    client, restricted_case, case_worker, team_manager
):
    client.force_login(case_worker)
    assert client.get(case_url(restricted_case)).status_code == 404
    assert client.get(reverse("interventions:placement_add", args=[restricted_case.pk])).status_code == 404
    client.force_login(team_manager)
    assert client.get(case_url(restricted_case)).status_code == 200
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW_SENSITIVE, object_id=str(restricted_case.pk), detail__via="interventions_page"
    ).exists()


def test_the_case_page_section_and_the_timeline(client, north_case, programme, case_worker, victim):
    referral = referrals.referral_make(case=north_case, by=case_worker, intervention=programme, referred_on=days_ago(9))
    referrals.referral_update(referral=referral, by=case_worker, started_on=days_ago(8))
    referrals.referral_end(referral=referral, by=case_worker, ended_on=days_ago(1), outcome="withdrawn")
    placement = reparation.reparation_placement_add(
        case=north_case, by=case_worker, placement="Food bank", hours_ordered=4, started_on=days_ago(9)
    )
    reparation.reparation_session_record(placement=placement, by=case_worker, done_on=days_ago(3), hours=2)
    victims.restorative_justice_record(
        case=north_case, by=case_worker, restorative_type="letter", victim_part="declined"
    )
    victims.victim_safety_plan_record(
        case=north_case, by=case_worker, victim=victim, measures="No contact", agreed_on=days_ago(2)
    )
    client.force_login(case_worker)
    page = client.get(reverse("cases:case_detail", args=[north_case.pk])).content.decode()
    assert "0 referrals to interventions under way and 1 ended" in page and case_url(north_case) in page
    page = client.get(reverse("cases:child_detail", args=[north_case.child_id])).content.decode()
    for title in (
        "Referred to an intervention",
        "Intervention ended",
        "Reparation session",
        "Restorative justice",
        "Victim safety plan agreed",
    ):
        assert title in page, title
