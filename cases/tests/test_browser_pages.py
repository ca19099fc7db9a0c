"""The pages for what was API-only (DESIGN.md §11, "everything in the browser"): changing a child and a
victim, allocating, restricting and closing a case, recording offences, starting an assessment and the
decision at 18. Each: shown, done, refused with field errors, and refused to whoever may not."""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Assessment, AssessmentType, CaseStatus, CaseType, Offence, Transition
from cases.tests.factories import VictimContactDetailsFactory, VictimFactory
from yjs.models import AuditAction, AuditEvent
from yjs.roles import Role
from yjs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def victim_worker(team_north):
    return UserFactory(username="victimworker", roles=[Role.VICTIM_WORKER], teams=[team_north])


@pytest.fixture
def head_of_service(team_north):
    return UserFactory(username="head", roles=[Role.HEAD_OF_SERVICE], teams=[team_north])


@pytest.fixture
def second_worker(team_north):
    return UserFactory(
        username="caseworker3", first_name="Robin", last_name="Ash", roles=[Role.CASE_WORKER], teams=[team_north]
    )


@pytest.fixture
def child(case_worker):
    # Turns 18 in nine months, during an order that runs a year: the decision at 18 is due.
    return services.child_create(
        by=case_worker,
        surname="Whitfield",
        forenames="Jayden",
        date_of_birth=TODAY - relativedelta(years=17, months=3),
        gender="M",
    )


@pytest.fixture
def case(child, team_manager, case_worker, team_north):
    return services.case_open(
        child=child,
        by=team_manager,
        case_type=CaseType.REFERRAL_ORDER,
        team=team_north,
        start_date=TODAY - timedelta(days=20),
        allocated_to=case_worker,
        order_end_date=TODAY + relativedelta(years=1),
    )


@pytest.fixture
def victim(case):
    victim = VictimFactory(case=case, display_name="Victim A", wishes="An apology")
    VictimContactDetailsFactory(victim=victim, full_name="Pat Example", phone="07700 900123", address="9 Secret Row")
    return victim


def html(response) -> str:
    return response.content.decode()


def errors(response) -> list[str]:
    """The error summary's messages (the page answers 200 with "Error: " in its title)."""
    assert response.status_code == 200
    page = html(response)
    assert "<title>Error: " in page
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', page, re.S)
    return [unescape(text) for text in re.findall(r'<a href="#[^"]+">([^<]+)</a>', summary.group(0))]


def dated(name: str, value: date) -> dict[str, str]:
    return {f"{name}_0": str(value.day), f"{name}_1": str(value.month), f"{name}_2": str(value.year)}


def case_url(name: str, case, *more) -> str:
    return reverse(f"cases:{name}", args=[case.pk, *more])


# --- The case page offers each to whoever may --------------------------------------------------------------


def test_the_case_page_offers_the_manager_to_allocate_restrict_close_and_decide_at_18(client, team_manager, case):
    client.force_login(team_manager)
    page = html(client.get(case_url("case_detail", case)))
    for name in ("case_allocate", "case_restrict", "case_close", "transition_decide", "offence_record"):
        assert f'href="{case_url(name, case)}"' in page, name
    assert "Reallocate the case" in page and "Restrict the case" in page
    assert "The decision to transfer the case to the Probation Service or to retain it is not recorded yet" in page


def test_the_case_page_offers_the_case_worker_offences_assessments_and_victims_not_management(
    client, case_worker, case, victim
):
    client.force_login(case_worker)
    page = html(client.get(case_url("case_detail", case)))
    for name in ("offence_record", "assessment_start"):
        assert f'href="{case_url(name, case)}"' in page, name
    assert f'href="{case_url("victim_edit", case, victim.pk)}"' in page
    for name in ("case_allocate", "case_restrict", "case_close", "transition_decide"):
        assert f'href="{case_url(name, case)}"' not in page, name


def test_the_head_of_service_reads_the_case_and_is_offered_nothing_to_change(client, head_of_service, case, victim):
    client.force_login(head_of_service)
    page = html(client.get(case_url("case_detail", case)))
    assert "Decision at 18" in page
    for name in ("case_allocate", "case_restrict", "case_close", "transition_decide", "offence_record"):
        assert f'href="{case_url(name, case)}"' not in page, name
        assert client.get(case_url(name, case)).status_code == 403
    assert client.get(case_url("victim_edit", case, victim.pk)).status_code == 403


def test_no_decision_at_18_is_asked_of_a_child_who_turns_18_after_the_order(client, team_manager, case):
    case.order_end_date = case.child.date_of_birth + relativedelta(years=18) - timedelta(days=1)
    case.save()
    client.force_login(team_manager)
    assert "Decision at 18" not in html(client.get(case_url("case_detail", case)))


# --- Allocating, restricting, closing ------------------------------------------------------------------------


def test_the_manager_reallocates_the_case_to_a_member_of_its_team(client, team_manager, case, second_worker):
    client.force_login(team_manager)
    page = html(client.get(case_url("case_allocate", case)))
    assert "Reallocate the case" in page and "Robin Ash" in page
    assert errors(client.post(case_url("case_allocate", case), {})) == ["Select who the case is allocated to"]
    outsider = UserFactory(roles=[Role.CASE_WORKER])
    response = client.post(case_url("case_allocate", case), {"allocated_to": outsider.pk})
    assert errors(response) == ["Select a member of the case's team"]
    response = client.post(case_url("case_allocate", case), {"allocated_to": second_worker.pk}, follow=True)
    assert "Case allocated to Robin Ash" in html(response)
    case.refresh_from_db()
    assert case.allocated_to == second_worker
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(case.pk)).exists()


def test_the_case_worker_may_not_allocate(client, case_worker, case, second_worker):
    client.force_login(case_worker)
    assert client.get(case_url("case_allocate", case)).status_code == 403
    assert client.post(case_url("case_allocate", case), {"allocated_to": second_worker.pk}).status_code == 403
    case.refresh_from_db()
    assert case.allocated_to.username == "caseworker"


def test_the_manager_restricts_the_case_and_removes_the_restriction(client, team_manager, case):
    client.force_login(team_manager)
    assert errors(client.post(case_url("case_restrict", case), {})) == ["Select yes if the case should be restricted"]
    response = client.post(case_url("case_restrict", case), {"restricted": "yes"}, follow=True)
    assert "Case restricted" in html(response)
    case.refresh_from_db()
    assert case.restricted
    assert "Remove the restriction" in html(client.get(case_url("case_detail", case)))
    client.post(case_url("case_restrict", case), {"restricted": "no"})
    case.refresh_from_db()
    assert not case.restricted


def test_another_teams_manager_does_not_know_the_restricted_case(client, case, team_south):
    services.case_set_restricted(case=case, by=case.created_by, restricted=True)
    south_manager = UserFactory(roles=[Role.TEAM_MANAGER], teams=[team_south])
    client.force_login(south_manager)
    assert client.get(case_url("case_restrict", case)).status_code == 404
    assert client.post(case_url("case_restrict", case), {"restricted": "no"}).status_code == 404


def test_the_manager_closes_the_case_with_a_date_and_a_reason(client, team_manager, case):
    client.force_login(team_manager)
    url = case_url("case_close", case)
    assert errors(client.post(url, {})) == ["Enter the end date", "Enter why the case is closing"]
    before_start = dated("end_date", case.start_date - timedelta(days=1))
    response = client.post(url, before_start | {"closure_reason": "Order completed"})
    assert errors(response) == ["The end date must be on or after the start date"]
    response = client.post(url, dated("end_date", TODAY) | {"closure_reason": "Order completed"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.end_date, case.closure_reason) == (CaseStatus.CLOSED, TODAY, "Order completed")
    # Closed, it is not offered again, and the page says so.
    page = html(client.get(case_url("case_detail", case)))
    assert f'href="{case_url("case_close", case)}"' not in page
    assert f'href="{case_url("case_allocate", case)}"' not in page
    response = client.get(url, follow=True)
    assert "This case is closed, so this cannot be changed" in html(response)


# --- The decision at 18 -------------------------------------------------------------------------------------


def test_the_manager_records_the_decision_at_18_and_reads_it_back(client, team_manager, case):
    client.force_login(team_manager)
    page = html(client.get(case_url("transition_decide", case)))
    eighteen = case.child.date_of_birth + relativedelta(years=18)
    assert f"Jayden Whitfield turns 18 on {eighteen:%-d %B %Y}" in page
    assert errors(client.post(case_url("transition_decide", case), {})) == [
        "Select transfer or retain",
        "Enter the reason for the decision",
    ]
    response = client.post(
        case_url("transition_decide", case), {"decision": "transfer", "reason": "Six months of the order remain"}
    )
    assert response.status_code == 302
    transition = Transition.objects.get(case=case)
    assert (transition.decision, transition.decided_by) == ("transfer", team_manager)
    page = html(client.get(case_url("case_detail", case)))
    assert "Transfer to the Probation Service" in page and "Six months of the order remain" in page
    assert f'href="{case_url("transition_decide", case)}"' not in page
    # Once only: the page sends the manager back to the decision already recorded.
    response = client.get(case_url("transition_decide", case), follow=True)
    assert "The decision at 18 is already recorded for this case" in html(response)


def test_the_service_refuses_a_second_decision_at_18(case, team_manager):
    services.transition_decide(case=case, by=team_manager, decision="retain", reason="Ends soon")
    with pytest.raises(Exception, match="already recorded"):
        services.transition_decide(case=case, by=team_manager, decision="transfer", reason="Changed our minds")
    assert Transition.objects.get(case=case).decision == "retain"


# --- Offences and assessments -------------------------------------------------------------------------------


def test_the_case_worker_records_an_offence_with_its_gravity_score(client, case_worker, case):
    client.force_login(case_worker)
    assert errors(client.post(case_url("offence_record", case), {})) == [
        "Enter the offence",
        "Enter the date of the offence",
    ]
    tomorrow = dated("offence_date", TODAY + timedelta(days=1))
    response = client.post(case_url("offence_record", case), tomorrow | {"description": "Criminal damage"})
    assert "Date of the offence must be today or in the past" in errors(response)
    data = dated("offence_date", TODAY - timedelta(days=3)) | {
        "description": "Criminal damage",
        "gravity_score": "3",
        "outcome": "Youth caution",
    }
    assert client.post(case_url("offence_record", case), data).status_code == 302
    offence = Offence.objects.get(case=case)
    assert (offence.description, offence.gravity_score, offence.outcome) == ("Criminal damage", 3, "Youth caution")
    assert "Criminal damage" in html(client.get(case_url("case_detail", case)))


def test_offences_are_recorded_only_on_an_open_case_by_those_who_work_on_it(
    client, police_officer, victim_worker, case, victim
):
    for user in (police_officer, victim_worker):
        client.force_login(user)
        assert client.get(case_url("offence_record", case)).status_code in (403, 404)
    with pytest.raises(Exception, match="record its offences"):
        services.offence_record(case=case, by=victim_worker, description="Theft", offence_date=TODAY)


def test_the_case_worker_starts_an_assessment(client, case_worker, case):
    client.force_login(case_worker)
    assert errors(client.post(case_url("assessment_start", case), {})) == [
        "Select the type of assessment",
        "Select why the assessment is needed",
    ]
    data = {"assessment_type": AssessmentType.ASSET_PLUS, "reason": "review"} | dated("due_date", TODAY)
    assert client.post(case_url("assessment_start", case), data).status_code == 302
    started = Assessment.objects.filter(case=case).order_by("-id").first()
    assert (started.reason, started.due_date) == ("review", TODAY)


# --- The child's record ---------------------------------------------------------------------------------------


def child_form(child, **changes) -> dict:
    born = child.date_of_birth
    return {
        "forenames": child.forenames,
        "surname": child.surname,
        "gender": child.gender,
        "ethnicity": child.ethnicity,
        "looked_after": "no",
        "education_status": child.education_status,
        **dated("date_of_birth", born),
        **changes,
    }


def test_the_case_worker_changes_the_childs_looked_after_status_social_worker_and_address(client, case_worker, child):
    client.force_login(case_worker)
    page = html(client.get(reverse("cases:child_detail", args=[child.pk])))
    assert f'href="{reverse("cases:child_edit", args=[child.pk])}"' in page
    page = html(client.get(reverse("cases:child_edit", args=[child.pk])))
    assert 'value="Whitfield"' in page  # the form shows the record as it is
    url = reverse("cases:child_edit", args=[child.pk])
    response = client.post(url, child_form(child, looked_after="yes"))
    assert errors(response) == ["Enter the local authority responsible for the child"]
    response = client.post(url, child_form(child, surname="", social_worker_email="not an email"))
    assert errors(response) == [
        "Enter the child's last name",
        "Enter an email address in the correct format, like name@example.gov.uk",
    ]
    changes = {
        "looked_after": "yes",
        "responsible_local_authority": "Bradford",
        "social_worker_name": "Ann Lee",
        "social_worker_email": "ann.lee@example.gov.uk",
        "address": "2 New Street\nLeeds",
    }
    assert client.post(url, child_form(child, **changes)).status_code == 302
    child.refresh_from_db()
    assert child.looked_after and child.responsible_local_authority == "Bradford"
    assert (child.social_worker_name, child.address) == ("Ann Lee", "2 New Street\nLeeds")
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(child.pk)).latest("id")
    assert event.detail["looked_after"] == ["False", "True"]


def test_police_victim_workers_and_the_head_of_service_do_not_change_a_childs_record(
    client, police_officer, victim_worker, head_of_service, child, victim
):
    url = reverse("cases:child_edit", args=[child.pk])
    for user in (police_officer, victim_worker, head_of_service):
        client.force_login(user)
        assert f'href="{url}"' not in html(client.get(reverse("cases:child_detail", args=[child.pk])))
        assert client.get(url).status_code == 403
        assert client.post(url, child_form(child, surname="Changed")).status_code == 403
    child.refresh_from_db()
    assert child.surname == "Whitfield"


# --- Victims --------------------------------------------------------------------------------------------------


def test_the_case_worker_changes_the_victims_wishes_and_never_sees_their_contact_details(
    client, case_worker, case, victim
):
    client.force_login(case_worker)
    url = case_url("victim_edit", case, victim.pk)
    page = html(client.get(url))
    assert "An apology" in page
    assert "07700 900123" not in page and "Pat Example" not in page
    assert errors(client.post(url, {"consent_to_share": "yes", "restorative_justice": "not_discussed"})) == [
        "Enter how the victim is referred to"
    ]
    data = {"display_name": "Victim A", "wishes": "A meeting", "consent_to_share": "yes"}
    data["restorative_justice"] = "offered"
    # A case worker's post cannot carry contact details: the form has no such fields.
    data |= {"full_name": "Someone Else", "phone": "01234 567890"}
    assert client.post(url, data).status_code == 302
    victim.refresh_from_db()
    assert (victim.wishes, victim.consent_to_share, victim.restorative_justice) == ("A meeting", True, "offered")
    assert victim.contact_details.phone == "07700 900123"
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE, actor=case_worker).exists()


def test_the_victim_worker_reads_and_changes_contact_details_and_each_read_is_audited(
    client, victim_worker, case, victim
):
    client.force_login(victim_worker)
    url = case_url("victim_edit", case, victim.pk)
    page = html(client.get(url))
    assert 'value="07700 900123"' in page and "9 Secret Row" in page
    reads = AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE, actor=victim_worker, object_id=str(victim.pk))
    assert reads.filter(detail__read="contact_details").count() == 1
    data = {
        "display_name": "Victim A",
        "consent_to_share": "no",
        "restorative_justice": "not_discussed",
        "full_name": "Pat Example",
        "phone": "07700 900999",
        "email": "not an email",
    }
    assert errors(client.post(url, data)) == ["Enter an email address in the correct format, like name@example.com"]
    data["email"] = "pat@example.com"
    assert client.post(url, data).status_code == 302
    victim.contact_details.refresh_from_db()
    assert (victim.contact_details.phone, victim.contact_details.email) == ("07700 900999", "pat@example.com")
    change = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(victim.pk)).latest("id")
    assert change.detail["contact_details"] == ["", "changed"]  # never the details themselves
    assert "07700" not in str(change.detail)


def test_a_victim_of_another_case_is_not_found_through_this_one(client, case_worker, case, victim, team_north):
    other = services.case_open(
        child=case.child, by=case_worker, case_type=CaseType.PREVENTION, team=team_north, start_date=TODAY
    )
    client.force_login(case_worker)
    assert client.get(case_url("victim_edit", other, victim.pk)).status_code == 404
