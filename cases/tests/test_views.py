"""The case pages: who sees what, each form's happy path and errors, and constant query counts."""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.html import escape

from cases import services
from cases.models import (
    Assessment,
    Attendance,
    CaseStatus,
    CaseTransfer,
    CaseType,
    Child,
    Contact,
    ContactType,
    Flag,
    FlagType,
    Level,
    Review,
    ReviewTrigger,
    Victim,
)
from cases.tests.factories import (
    AssessmentFactory,
    CaseFactory,
    ChildFactory,
    FlagFactory,
    VictimContactDetailsFactory,
    VictimFactory,
)
from yjs.models import AuditAction, AuditEvent
from yjs.roles import Role
from yjs.tests.factories import UserFactory

RATINGS = {
    "likelihood_of_reoffending": Level.MEDIUM,
    "risk_of_serious_harm": Level.HIGH,
    "safety_and_wellbeing": Level.LOW,
}
VICTIM_PHONE = "07700 900123"
LIST_SLUGS = ["late-assessments", "countersign", "reviews", "turning-18"]  # the dashboard's own lists


# --- Fixtures --------------------------------------------------------------------------------


@pytest.fixture
def case_worker_south(team_south):
    return UserFactory(username="caseworker2", roles=[Role.CASE_WORKER], teams=[team_south])


@pytest.fixture
def victim_worker(team_north, team_south):
    return UserFactory(username="victimworker", roles=[Role.VICTIM_WORKER], teams=[team_north, team_south])


@pytest.fixture
def head_of_service(team_north, team_south):
    return UserFactory(username="head", roles=[Role.HEAD_OF_SERVICE], teams=[team_north, team_south])


@pytest.fixture
def child(case_worker):
    return services.child_create(
        by=case_worker, surname="Whitfield", forenames="Jayden", date_of_birth=date(2010, 5, 17), pnc_id="23/123456A"
    )


@pytest.fixture
def case(child, case_worker, team_north):
    return services.case_open(
        child=child,
        by=case_worker,
        case_type=CaseType.REFERRAL_ORDER,
        team=team_north,
        start_date=timezone.localdate() - timedelta(days=10),
        allocated_to=case_worker,
        offences=[{"offence_date": date(2025, 9, 1), "description": "Theft from a shop", "gravity_score": 2}],
    )


@pytest.fixture
def assessment(case):
    return case.assessments.get()


@pytest.fixture
def completed_assessment(assessment, case_worker):
    return services.assessment_record(
        assessment=assessment, by=case_worker, completed_date=timezone.localdate(), **RATINGS
    )


@pytest.fixture
def restricted_case(case_worker, team_north):
    child = services.child_create(by=case_worker, surname="Hidden", forenames="Casey", date_of_birth=date(2011, 2, 3))
    return services.case_open(
        child=child,
        by=case_worker,
        case_type=CaseType.YOUTH_REHABILITATION_ORDER,
        team=team_north,
        start_date=timezone.localdate() - timedelta(days=3),
        allocated_to=case_worker,
        restricted=True,
    )


@pytest.fixture
def victim(case, team_manager):
    victim = VictimFactory(case=case, display_name="Victim A", wishes="Wants an apology letter")
    VictimContactDetailsFactory(victim=victim, phone=VICTIM_PHONE, full_name="Pat Example", address="9 Secret Row")
    return victim


def html_of(response) -> str:
    return response.content.decode()


def error_summary_links(html: str) -> list[tuple[str, str]]:
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    assert summary, "no error summary"
    return [
        (anchor, unescape(text)) for anchor, text in re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary.group(0))
    ]


def assert_form_error(response, message: str) -> None:
    assert response.status_code == 200
    html = html_of(response)
    assert "There is a problem" in html
    assert message in [text for _, text in error_summary_links(html)]
    assert "<title>Error: " in html


def audit_actions(obj) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_id=str(obj.pk), content_type__model=obj._meta.model_name)
        .order_by("id")
        .values_list("action", flat=True)
    )


def date_fields(name: str, value: date) -> dict[str, str]:
    return {f"{name}_0": str(value.day), f"{name}_1": str(value.month), f"{name}_2": str(value.year)}


# --- Landing and who may see what ---------------------------------------------------------------


def test_the_case_worker_lands_on_their_caseload(client, case_worker, case, restricted_case):
    FlagFactory(child=case.child, flag_type=FlagType.WEAPONS, raised_by=case_worker)
    client.force_login(case_worker)
    response = client.get(reverse("cases:index"))
    assert response.status_code == 200
    html = html_of(response)
    assert "Your caseload" in html
    assert f'href="{reverse("cases:child_detail", args=[case.child_id])}">Jayden Whitfield</a>' in html
    assert f'href="{reverse("cases:case_detail", args=[case.pk])}">Referral order</a>' in html
    assert "Weapons" in html
    assert " style=" not in html


def test_a_restricted_case_on_the_caseload_is_an_audited_read_and_the_others_are_not(
    client, case_worker, case, restricted_case
):
    client.force_login(case_worker)
    assert "Hidden" in html_of(client.get(reverse("cases:index")))
    reads = AuditEvent.objects.filter(actor=case_worker, action=AuditAction.VIEW_SENSITIVE, content_type__model="case")
    assert list(reads.values_list("object_id", "detail")) == [
        (str(restricted_case.pk), {"read": "restricted_case", "via": "caseload"})
    ]


def test_an_overdue_assessment_is_tagged_on_the_caseload(client, case_worker, assessment):
    Assessment.objects.filter(pk=assessment.pk).update(due_date=timezone.localdate() - timedelta(days=2))
    client.force_login(case_worker)
    html = html_of(client.get(reverse("cases:index")))
    assert 'govuk-tag--red">Overdue</strong>' in html


def test_an_empty_caseload_says_so(client, case_worker):
    client.force_login(case_worker)
    assert "You have no open cases allocated to you" in html_of(client.get(reverse("cases:index")))


def test_a_manager_lands_on_the_dashboard(client, team_manager):
    client.force_login(team_manager)
    response = client.get(reverse("cases:index"))
    assert response.status_code == 302
    assert response.url == reverse("cases:dashboard")


def test_the_dashboard_is_for_managers_and_the_head_of_service(client, case_worker, team_manager, head_of_service):
    client.force_login(case_worker)
    assert client.get(reverse("cases:dashboard")).status_code == 403
    for user in (team_manager, head_of_service):
        client.force_login(user)
        assert client.get(reverse("cases:dashboard")).status_code == 200


def test_a_board_member_cannot_use_the_case_pages(client, board_member, case):
    client.force_login(board_member)
    assert client.get(reverse("cases:index")).status_code == 403
    assert client.get(reverse("cases:child_search"), {"q": "Whitfield"}).status_code == 403
    assert client.get(reverse("cases:child_detail", args=[case.child_id])).status_code == 404
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404


def test_a_south_case_worker_gets_404_for_a_restricted_north_case(client, case_worker_south, restricted_case):
    client.force_login(case_worker_south)
    assert client.get(reverse("cases:case_detail", args=[restricted_case.pk])).status_code == 404
    assert client.get(reverse("cases:child_detail", args=[restricted_case.child_id])).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE).exists()


def test_viewing_a_restricted_case_is_audited(client, case_worker, restricted_case, case):
    client.force_login(case_worker)
    assert client.get(reverse("cases:case_detail", args=[restricted_case.pk])).status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.VIEW_SENSITIVE)
    assert event.actor == case_worker
    assert event.object_id == str(restricted_case.pk)
    assert event.ip_address == "127.0.0.1"

    client.get(reverse("cases:case_detail", args=[case.pk]))  # not restricted: not a sensitive view
    assert AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE).count() == 1


def test_another_case_worker_of_the_team_gets_404_for_a_restricted_case(client, team_north, restricted_case):
    colleague = UserFactory(roles=[Role.CASE_WORKER], teams=[team_north])
    client.force_login(colleague)
    assert client.get(reverse("cases:case_detail", args=[restricted_case.pk])).status_code == 404


# --- The case page ---------------------------------------------------------------------------------


def test_the_case_page_shows_the_whole_case(client, case_worker, case, completed_assessment, victim):
    services.plan_write(
        case=case,
        by=case_worker,
        targets=[{"what": "Go to college", "who": "My mum", "by_when": date(2026, 9, 1), "how_i_will_know": "I enrol"}],
        contingency="Call the out-of-hours team",
    )
    services.review_schedule(
        case=case, by=case_worker, trigger=ReviewTrigger.NEW_ARREST, due_date=timezone.localdate(), trigger_detail="x"
    )
    services.contact_record(
        case=case,
        by=case_worker,
        contact_type=ContactType.HOME_VISIT,
        scheduled_at=timezone.now(),
        attendance=Attendance.ATTENDED,
    )
    client.force_login(case_worker)
    response = client.get(reverse("cases:case_detail", args=[case.pk]))
    assert response.status_code == 200
    html = html_of(response)
    for text in [
        "Theft from a shop",
        "2 – informal out-of-court disposal",
        "AssetPlus",
        "Completed</strong>",
        "Go to college",
        "Call the out-of-hours team",
        "New arrest (custody data)",
        "Home visit",
        "Victim A",
        "Wants an apology letter",
    ]:
        assert text in html, text
    assert " style=" not in html


def test_a_case_worker_never_receives_a_victims_contact_details(client, case_worker, case, victim):
    client.force_login(case_worker)
    for url in [
        reverse("cases:case_detail", args=[case.pk]),
        reverse("cases:child_detail", args=[case.child_id]),
        reverse("cases:index"),
        reverse("cases:victim_add", args=[case.pk]),
    ]:
        html = html_of(client.get(url))
        assert VICTIM_PHONE not in html, url
        assert "9 Secret Row" not in html, url
        assert "Pat Example" not in html, url
    assert "Victim A" in html_of(client.get(reverse("cases:case_detail", args=[case.pk])))
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE).exists()


def test_a_victim_worker_sees_contact_details_and_the_read_is_audited(client, victim_worker, case, victim):
    client.force_login(victim_worker)
    html = html_of(client.get(reverse("cases:case_detail", args=[case.pk])))
    assert VICTIM_PHONE in html
    assert "9 Secret Row" in html
    assert audit_actions(victim)[-1] == AuditAction.VIEW_SENSITIVE


def test_police_see_identity_and_flags_but_no_case_records(client, police_officer, case, case_worker):
    FlagFactory(child=case.child, flag_type=FlagType.THREAT_TO_LIFE, raised_by=case_worker)
    client.force_login(police_officer)
    response = client.get(reverse("cases:child_detail", args=[case.child_id]))
    assert response.status_code == 200
    html = html_of(response)
    assert "23/123456A" in html
    assert "Threat to life" in html
    assert "Referral order" not in html
    assert "Looked-after status" not in html
    assert 'class="moj-timeline"' not in html
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404


# --- Countersigning ---------------------------------------------------------------------------------


def test_a_case_worker_sees_no_countersign_button_and_cannot_countersign(client, case_worker, completed_assessment):
    case = completed_assessment.case
    client.force_login(case_worker)
    html = html_of(client.get(reverse("cases:case_detail", args=[case.pk])))
    assert "/countersign/" not in html
    assert ">Countersign<" not in html
    url = reverse("cases:assessment_countersign", args=[case.pk, completed_assessment.pk])
    assert client.post(url).status_code == 403
    assert client.get(url).status_code == 403
    completed_assessment.refresh_from_db()
    assert completed_assessment.countersigned_at is None


def test_a_manager_countersigns_from_the_dashboard(client, team_manager, completed_assessment):
    case = completed_assessment.case
    client.force_login(team_manager)
    assert reverse("cases:dashboard_list", args=["countersign"]) in html_of(client.get(reverse("cases:dashboard")))
    dashboard = html_of(client.get(reverse("cases:dashboard_list", args=["countersign"])))
    url = reverse("cases:assessment_countersign", args=[case.pk, completed_assessment.pk])
    assert f'href="{url}">Countersign' in dashboard

    page = client.get(url)
    assert page.status_code == 200
    assert "Countersign assessment</button>" in html_of(page)

    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("cases:case_detail", args=[case.pk]) + "#assessments"
    html = html_of(response)
    assert "govuk-notification-banner--success" in html
    assert "AssetPlus countersigned" in html
    completed_assessment.refresh_from_db()
    assert completed_assessment.countersigned_by == team_manager

    timeline = html_of(client.get(reverse("cases:child_detail", args=[case.child_id])))
    assert "AssetPlus countersigned" in timeline
    assert "AssetPlus completed" in timeline


def test_a_manager_cannot_countersign_their_own_assessment(client, team_manager, case):
    own = services.assessment_record(
        assessment=case.assessments.get(), by=team_manager, completed_date=timezone.localdate(), **RATINGS
    )
    client.force_login(team_manager)
    html = html_of(client.get(reverse("cases:case_detail", args=[case.pk])))
    assert "/countersign/" not in html
    assert f"{own.get_assessment_type_display()}</span></a>" not in html
    assert client.post(reverse("cases:assessment_countersign", args=[case.pk, own.pk])).status_code == 403
    own.refresh_from_db()
    assert own.countersigned_at is None


def test_countersigning_twice_answers_with_an_error_not_a_crash(client, team_manager, completed_assessment):
    case = completed_assessment.case
    services.assessment_countersign(assessment=completed_assessment, by=team_manager)
    client.force_login(team_manager)
    response = client.post(reverse("cases:assessment_countersign", args=[case.pk, completed_assessment.pk]))
    assert_form_error(response, "The assessment is already countersigned")


# --- Flags -----------------------------------------------------------------------------------------------


def test_removing_a_flag_without_a_reason_shows_the_error(client, case_worker, child):
    flag = services.flag_raise(child=child, by=case_worker, flag_type=FlagType.WEAPONS)
    client.force_login(case_worker)
    url = reverse("cases:flag_remove", args=[child.pk, flag.pk])
    for reason in ["", "   "]:
        response = client.post(url, {"removal_reason": reason})
        assert_form_error(response, "Enter why the flag is being removed")
        assert ("id_removal_reason", "Enter why the flag is being removed") in error_summary_links(html_of(response))
        assert "govuk-form-group--error" in html_of(response)
    flag.refresh_from_db()
    assert flag.is_active


def test_raising_and_removing_a_flag(client, case_worker, child):
    client.force_login(case_worker)
    response = client.post(
        reverse("cases:flag_raise", args=[child.pk]), {"flag_type": FlagType.MISSING_EPISODES, "note": "Missing twice"}
    )
    assert response.status_code == 302
    flag = Flag.objects.get(child=child)
    assert flag.flag_type == FlagType.MISSING_EPISODES
    assert flag.raised_by == case_worker

    page = html_of(client.get(reverse("cases:child_detail", args=[child.pk])))
    assert "Missing episodes" in page
    remove_url = reverse("cases:flag_remove", args=[child.pk, flag.pk])
    assert f'href="{remove_url}"' in page

    response = client.post(remove_url, {"removal_reason": "Found and home safe"}, follow=True)
    assert "Flag removed: Missing episodes" in html_of(response)
    flag.refresh_from_db()
    assert flag.removal_reason == "Found and home safe"
    assert flag.removed_by == case_worker


def test_raising_a_flag_needs_its_type(client, case_worker, child):
    client.force_login(case_worker)
    response = client.post(reverse("cases:flag_raise", args=[child.pk]), {"note": "x"})
    assert_form_error(response, "Select the type of flag")
    assert ("id_flag_type_1", "Select the type of flag") in error_summary_links(html_of(response))


def test_a_victim_worker_cannot_raise_flags(client, victim_worker, case, victim):
    client.force_login(victim_worker)
    assert client.get(reverse("cases:flag_raise", args=[case.child_id])).status_code == 403


# --- Children: search and add -----------------------------------------------------------------------------


def test_search_finds_a_child_by_a_misspelt_surname(client, case_worker, child):
    other = ChildFactory(surname="Quigley", forenames="Aisha")
    client.force_login(case_worker)
    response = client.get(reverse("cases:child_search"), {"q": "Jayden Whitfeild"})
    assert response.status_code == 200
    html = html_of(response)
    assert f'href="{reverse("cases:child_detail", args=[child.pk])}">Jayden Whitfield</a>' in html
    assert reverse("cases:child_detail", args=[other.pk]) not in html
    assert "23/123456A" in html
    assert "Known</strong>" in html


def test_search_by_pnc_id_and_date_of_birth(client, case_worker, child):
    client.force_login(case_worker)
    assert "Jayden Whitfield" in html_of(client.get(reverse("cases:child_search"), {"q": "23/123456A"}))
    assert "Jayden Whitfield" in html_of(client.get(reverse("cases:child_search"), {"q": "17/05/2010"}))
    assert "No children found" in html_of(client.get(reverse("cases:child_search"), {"q": "Zebedee"}))


def test_an_empty_search_asks_for_something_to_search(client, case_worker):
    client.force_login(case_worker)
    assert client.get(reverse("cases:child_search")).status_code == 200
    assert_form_error(client.get(reverse("cases:child_search"), {"q": ""}), "Enter a name, date of birth or PNC ID")


def test_adding_a_child(client, case_worker):
    client.force_login(case_worker)
    assert client.get(reverse("cases:child_add")).status_code == 200
    data = {
        "forenames": "Ruby",
        "surname": "Okafor",
        "gender": "F",
        "ethnicity": "B2",
        "pnc_id": "24/765432b",
        "looked_after": "yes",
        "responsible_local_authority": "Leeds City Council",
        "education_status": "school",
        **date_fields("date_of_birth", date(2011, 3, 27)),
    }
    response = client.post(reverse("cases:child_add"), data)
    child = Child.objects.get(surname="Okafor")
    assert response.url == reverse("cases:child_detail", args=[child.pk])
    assert child.pnc_id == "24/765432B"
    assert child.looked_after is True
    assert child.date_of_birth == date(2011, 3, 27)


def test_adding_a_child_shows_govuk_errors(client, case_worker, child):
    client.force_login(case_worker)
    response = client.post(reverse("cases:child_add"), {"education_status": "school", "ethnicity": "NS"})
    assert_form_error(response, "Enter the date of birth")
    links = error_summary_links(html_of(response))
    assert ("id_date_of_birth_0", "Enter the date of birth") in links
    assert ("id_surname", "Enter the child's last name") in links
    assert ("id_gender_1", "Select the child's gender") in links

    bad_date = {"forenames": "A", "surname": "B", "gender": "M", "looked_after": "no", "ethnicity": "NS"}
    bad_date |= {
        "education_status": "school",
        "date_of_birth_0": "31",
        "date_of_birth_1": "2",
        "date_of_birth_2": "2011",
    }
    assert_form_error(client.post(reverse("cases:child_add"), bad_date), "Date of birth must be a real date")

    future = bad_date | date_fields("date_of_birth", timezone.localdate() + timedelta(days=3))
    assert_form_error(client.post(reverse("cases:child_add"), future), "Date of birth must be in the past")

    taken = bad_date | date_fields("date_of_birth", date(2011, 1, 1)) | {"pnc_id": "23/123456A"}
    response = client.post(reverse("cases:child_add"), taken)
    assert_form_error(response, "Another child already has this PNC ID")
    assert ("id_pnc_id", "Another child already has this PNC ID") in error_summary_links(html_of(response))


def test_police_cannot_add_a_child(client, police_officer):
    client.force_login(police_officer)
    assert client.get(reverse("cases:child_add")).status_code == 403


# --- Opening a case --------------------------------------------------------------------------------------


def test_opening_a_case(client, case_worker, child, team_north):
    client.force_login(case_worker)
    url = reverse("cases:case_open", args=[child.pk])
    assert client.get(url).status_code == 200
    data = {
        "case_type": CaseType.DIVERSION,
        "team": team_north.pk,
        "allocated_to": case_worker.pk,
        "offence_description": "Criminal damage",
        "gravity_score": "3",
        **date_fields("start_date", timezone.localdate()),
        **date_fields("offence_date", date(2026, 1, 5)),
    }
    response = client.post(url, data)
    case = child.cases.get()
    assert response.url == reverse("cases:case_detail", args=[case.pk])
    assert case.case_type == CaseType.DIVERSION
    assert case.allocated_to == case_worker
    offence = case.offences.get()
    assert (offence.description, offence.gravity_score) == ("Criminal damage", 3)
    assert case.assessments.count() == 1


def test_opening_a_case_shows_govuk_errors(client, case_worker, child, team_north, team_south):
    client.force_login(case_worker)
    url = reverse("cases:case_open", args=[child.pk])
    response = client.post(url, {})
    assert_form_error(response, "Select the case type")
    assert ("id_case_type_1", "Select the case type") in error_summary_links(html_of(response))
    assert "Enter the start date" in html_of(response)

    data = {"case_type": CaseType.REFERRAL_ORDER, "team": team_north.pk, **date_fields("start_date", date(2026, 1, 5))}
    response = client.post(url, data)
    assert_form_error(response, "Enter the offence")
    assert "Select the gravity score" in html_of(response)

    other_team = {
        "case_type": CaseType.PREVENTION,
        "team": team_south.pk,
        **date_fields("start_date", date(2026, 1, 5)),
    }
    assert_form_error(client.post(url, other_team), "Select the team")
    assert not child.cases.exists()


# --- Assessments -------------------------------------------------------------------------------------------


def test_completing_an_assessment(client, case_worker, assessment):
    client.force_login(case_worker)
    url = reverse("cases:assessment_record", args=[assessment.case_id, assessment.pk])
    page = html_of(client.get(url))
    assert "Complete assessment</button>" in page
    data = {
        **RATINGS,
        "child_view": "I want to stay at school",
        "trauma_noted": "on",
        "summary": "Doing well",
        "action": "complete",
        **date_fields("completed_date", timezone.localdate()),
    }
    response = client.post(url, data, follow=True)
    assert "AssetPlus completed" in html_of(response)
    assessment.refresh_from_db()
    assert assessment.completed_date == timezone.localdate()
    assert assessment.completed_by == case_worker
    assert assessment.risk_of_serious_harm == Level.HIGH
    assert assessment.trauma_noted is True


def test_saving_a_draft_assessment_does_not_complete_it(client, case_worker, assessment):
    client.force_login(case_worker)
    url = reverse("cases:assessment_record", args=[assessment.case_id, assessment.pk])
    response = client.post(url, {"likelihood_of_reoffending": "low", "action": "save"})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.likelihood_of_reoffending == "low"
    assert assessment.completed_date is None


def test_completing_an_assessment_needs_the_three_ratings(client, case_worker, assessment):
    client.force_login(case_worker)
    url = reverse("cases:assessment_record", args=[assessment.case_id, assessment.pk])
    response = client.post(url, {"action": "complete", **date_fields("completed_date", timezone.localdate())})
    assert_form_error(response, "Select the likelihood of reoffending")
    links = error_summary_links(html_of(response))
    assert ("id_risk_of_serious_harm_1", "Select the risk of serious harm to others") in links
    assert ("id_safety_and_wellbeing_1", "Select the safety and wellbeing") in links
    response = client.post(url, {"action": "complete", **RATINGS})
    assert_form_error(response, "Enter the date the assessment was completed")
    assessment.refresh_from_db()
    assert assessment.completed_date is None


def test_correcting_a_completed_assessment_keeps_who_completed_it(
    client, team_manager, case_worker, completed_assessment
):
    client.force_login(team_manager)
    url = reverse("cases:assessment_record", args=[completed_assessment.case_id, completed_assessment.pk])
    page = html_of(client.get(url))
    assert "Save changes</button>" in page
    assert 'name="completed_date_0"' not in page
    response = client.post(url, {**RATINGS, "summary": "Corrected", "action": "save"})
    assert response.status_code == 302
    completed_assessment.refresh_from_db()
    assert completed_assessment.summary == "Corrected"
    assert completed_assessment.completed_by == case_worker
    assert completed_assessment.completed_date == timezone.localdate()


def test_a_countersigned_assessment_cannot_be_changed(client, case_worker, team_manager, completed_assessment):
    services.assessment_countersign(assessment=completed_assessment, by=team_manager)
    client.force_login(case_worker)
    url = reverse("cases:assessment_record", args=[completed_assessment.case_id, completed_assessment.pk])
    response = client.post(url, {**RATINGS, "action": "save", "summary": "Changed"})
    assert response.status_code == 302
    completed_assessment.refresh_from_db()
    assert completed_assessment.summary == ""


def test_police_cannot_record_an_assessment(client, police_officer, assessment):
    client.force_login(police_officer)
    url = reverse("cases:assessment_record", args=[assessment.case_id, assessment.pk])
    assert client.post(url, {**RATINGS, "action": "save"}).status_code == 404


# --- Plans, reviews, contacts ---------------------------------------------------------------------------------


def test_writing_a_plan_with_two_targets(client, case_worker, case, completed_assessment):
    client.force_login(case_worker)
    url = reverse("cases:plan_write", args=[case.pk])
    assert "Add target 5" in html_of(client.get(url))
    data = {
        "target_1_what": "Go to school every day",
        "target_1_who": "My teacher",
        **date_fields("target_1_by_when", date(2026, 7, 1)),
        "target_1_how_i_will_know": "My attendance is over 90%",
        "target_2_what": "Meet my mentor",
        "target_2_who": "My YJS worker",
        **date_fields("target_2_by_when", date(2026, 6, 1)),
        "target_2_how_i_will_know": "We have met 4 times",
        "external_controls": "Curfew 7pm to 7am",
        "contingency": "Call the police if missing",
        "assessment": str(completed_assessment.pk),
    }
    response = client.post(url, data)
    assert response.status_code == 302
    plan = case.plans.get()
    assert [target.what for target in plan.targets.all()] == ["Meet my mentor", "Go to school every day"]
    assert plan.assessment == completed_assessment
    assert plan.external_controls == "Curfew 7pm to 7am"


def test_a_plan_needs_a_target_and_every_part_of_it(client, case_worker, case):
    client.force_login(case_worker)
    url = reverse("cases:plan_write", args=[case.pk])
    response = client.post(url, {"contingency": "x"})
    assert_form_error(response, "Enter at least one target written with the child")
    assert ("id_target_1_what", "Enter at least one target written with the child") in error_summary_links(
        html_of(response)
    )
    response = client.post(url, {"target_3_what": "Do my reparation"})
    assert_form_error(response, "Enter who will help with target 3")
    assert "Enter the date target 3 is due" in html_of(response)
    assert not case.plans.exists()


def test_scheduling_and_completing_a_review(client, case_worker, case):
    client.force_login(case_worker)
    due = timezone.localdate() + timedelta(days=7)
    response = client.post(
        reverse("cases:review_schedule", args=[case.pk]),
        {"trigger": ReviewTrigger.THREAT_TO_LIFE, "trigger_detail": "Osman warning", **date_fields("due_date", due)},
    )
    assert response.status_code == 302
    review = Review.objects.get(case=case)
    assert (review.trigger, review.due_date) == (ReviewTrigger.THREAT_TO_LIFE, due)

    url = reverse("cases:review_complete", args=[case.pk, review.pk])
    assert_form_error(
        client.post(url, date_fields("completed_date", timezone.localdate())), "Enter what the review found and decided"
    )
    response = client.post(url, {"outcome": "Plan updated", **date_fields("completed_date", timezone.localdate())})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.outcome == "Plan updated"
    assert review.completed_by == case_worker


def test_recording_a_contact(client, case_worker, case):
    client.force_login(case_worker)
    url = reverse("cases:contact_record", args=[case.pk])
    assert client.get(url).status_code == 200
    data = {
        "contact_type": ContactType.OFFICE,
        "contact_time": "14:30",
        "attendance": Attendance.DID_NOT_ATTEND,
        "enforcement_step": "warning",
        "notes": "No reply at the door",
        **date_fields("contact_date", date(2026, 2, 3)),
    }
    assert client.post(url, data).status_code == 302
    contact = Contact.objects.get(case=case)
    assert timezone.localtime(contact.scheduled_at).strftime("%Y-%m-%d %H:%M") == "2026-02-03 14:30"
    assert contact.enforcement_step == "warning"
    assert contact.recorded_by == case_worker


def test_an_enforcement_step_after_an_attended_contact_is_refused(client, case_worker, case):
    client.force_login(case_worker)
    data = {
        "contact_type": ContactType.OFFICE,
        "contact_time": "9:05",
        "attendance": Attendance.ATTENDED,
        "enforcement_step": "breach",
        **date_fields("contact_date", date(2026, 2, 3)),
    }
    response = client.post(reverse("cases:contact_record", args=[case.pk]), data)
    assert_form_error(response, "An enforcement step follows a missed appointment")
    assert ("id_enforcement_step_1", "An enforcement step follows a missed appointment") in error_summary_links(
        html_of(response)
    )
    bad_time = data | {"contact_time": "25:99", "enforcement_step": "none"}
    assert_form_error(
        client.post(reverse("cases:contact_record", args=[case.pk]), bad_time),
        "Enter the time in the 24-hour clock, like 14:30",
    )
    assert not Contact.objects.exists()


# --- Victims ---------------------------------------------------------------------------------------------------


def test_a_case_worker_adds_a_victim_without_contact_fields(client, case_worker, case):
    client.force_login(case_worker)
    url = reverse("cases:victim_add", args=[case.pk])
    page = html_of(client.get(url))
    assert 'name="phone"' not in page
    data = {
        "display_name": "The shop",
        "is_organisation": "on",
        "wishes": "Wants the damage repaired",
        "consent_to_share": "yes",
        "restorative_justice": "offered",
        "phone": "07700 900999",  # ignored: not a field for a case worker
    }
    assert client.post(url, data).status_code == 302
    victim = Victim.objects.get(case=case)
    assert victim.restorative_justice == "offered"
    assert victim.consent_to_share is True
    assert not hasattr(victim, "contact_details") or victim.contact_details is None


def test_a_victim_worker_adds_a_victims_contact_details(client, victim_worker, case, victim):
    client.force_login(victim_worker)
    url = reverse("cases:victim_add", args=[case.pk])
    assert 'name="phone"' in html_of(client.get(url))
    data = {
        "display_name": "Victim B",
        "consent_to_share": "no",
        "restorative_justice": "not_discussed",
        "phone": "07700 900456",
    }
    assert_form_error(client.post(url, data), "Enter the victim's full name to record their contact details")
    response = client.post(url, data | {"full_name": "Sam Person"})
    assert response.status_code == 302
    added = Victim.objects.get(display_name="Victim B")
    assert added.contact_details.phone == "07700 900456"
    assert added.restorative_justice == ""


def test_a_victim_needs_how_they_are_referred_to(client, case_worker, case):
    client.force_login(case_worker)
    response = client.post(reverse("cases:victim_add", args=[case.pk]), {"consent_to_share": "no"})
    assert_form_error(response, "Enter how the victim is referred to")


# --- Transfers and the transfer pack ----------------------------------------------------------------------------


def test_transferring_a_case_and_downloading_the_pack(
    client, team_manager, case_worker, case, victim, completed_assessment
):
    FlagFactory(child=case.child, flag_type=FlagType.CHILD_CRIMINAL_EXPLOITATION, raised_by=case_worker)
    client.force_login(team_manager)
    url = reverse("cases:case_transfer", args=[case.pk])
    assert_form_error(client.post(url, {}), "Enter the host service")
    response = client.post(
        url, {"home_service": "Leeds YJS", "host_service": "Bradford YJS", "reason": "Placed in Bradford"}, follow=True
    )
    html = html_of(response)
    assert "Transfer to Bradford YJS requested" in html
    transfer = CaseTransfer.objects.get(case=case)
    pack_url = reverse("cases:transfer_pack", args=[case.pk, transfer.pk])
    assert f'href="{pack_url}" download>Download transfer pack (PDF)' in html

    response = client.get(pack_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT).get()
    assert event.actor == team_manager
    assert event.object_id == str(case.pk)
    assert event.detail["export"] == "transfer_pack"


def test_the_transfer_pack_leaves_out_victims_contact_details(team_manager, case, victim, rf):
    from cases import pdf, selectors

    transfer = services.case_transfer_request(
        case=case, by=team_manager, home_service="Leeds YJS", host_service="York YJS", reason="Moved"
    )
    record = selectors.case_record(user=team_manager, case_id=case.pk)
    document = pdf.transfer_pack(record=record, transfer=transfer, by=team_manager)
    assert document.startswith(b"%PDF")
    from django.template.loader import render_to_string

    html = render_to_string(
        "cases/pdf/transfer_pack.html",
        {"record": record, "case": case, "child": case.child, "transfer": transfer, "by": team_manager},
    )
    assert "Victim A" in html
    assert "Wants an apology letter" in html
    assert VICTIM_PHONE not in html
    assert "9 Secret Row" not in html


def test_a_case_worker_cannot_transfer_or_download_the_pack(client, case_worker, team_manager, case):
    transfer = services.case_transfer_request(
        case=case, by=team_manager, home_service="Leeds YJS", host_service="York YJS", reason="Moved"
    )
    client.force_login(case_worker)
    html = html_of(client.get(reverse("cases:case_detail", args=[case.pk])))
    assert "Download transfer pack" not in html
    assert "Transfer the case" not in html
    assert client.get(reverse("cases:transfer_pack", args=[case.pk, transfer.pk])).status_code == 403
    assert client.get(reverse("cases:case_transfer", args=[case.pk])).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_accepting_a_transfer_closes_the_case(client, team_manager, case):
    transfer = services.case_transfer_request(
        case=case, by=team_manager, home_service="Leeds YJS", host_service="York YJS", reason="Moved"
    )
    client.force_login(team_manager)
    url = reverse("cases:transfer_accept", args=[case.pk, transfer.pk])
    assert_form_error(
        client.post(url, date_fields("accepted_on", timezone.localdate())),
        "Enter who accepted the case at the receiving service",
    )
    response = client.post(
        url, {"accepted_by_name": "J Smith, team manager", **date_fields("accepted_on", timezone.localdate())}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.TRANSFERRED
    transfer.refresh_from_db()
    assert transfer.accepted_by_name == "J Smith, team manager"


# --- The dashboard ------------------------------------------------------------------------------------------------


def test_the_dashboard_lists_what_is_late_and_due(client, team_manager, case_worker, team_north, completed_assessment):
    today = timezone.localdate()
    late = CaseFactory(team=team_north, allocated_to=case_worker, created_by=case_worker, child__surname="Latimer")
    AssessmentFactory(case=late, due_date=today - timedelta(days=5))
    services.review_schedule(case=late, by=case_worker, trigger=ReviewTrigger.SCHEDULED, due_date=today)
    CaseFactory(
        team=team_north,
        created_by=case_worker,
        child__surname="Eighteen",
        child__date_of_birth=today - timedelta(days=365 * 18 - 30),
    )
    client.force_login(team_manager)
    html = html_of(client.get(reverse("cases:dashboard")))
    assert escape(f"{case_worker.first_name} {case_worker.last_name}") in html  # O'Sullivan is escaped
    assert " style=" not in html
    lists = {slug: html_of(client.get(reverse("cases:dashboard_list", args=[slug]))) for slug in LIST_SLUGS}
    assert "Latimer" in lists["late-assessments"]
    assert "Latimer" in lists["reviews"]  # due today
    assert "Eighteen" in lists["turning-18"]
    assert "Whitfield" in lists["countersign"]  # awaiting countersignature
    assert not any(" style=" in page for page in lists.values())


# --- Constant query counts ------------------------------------------------------------------------------------------


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
        assert response.status_code == 200
    return len(queries)


def _caseload_rows(n, *, team, worker):
    today = timezone.localdate()
    for case in CaseFactory.create_batch(n, team=team, allocated_to=worker, created_by=worker):
        AssessmentFactory(case=case, due_date=today - timedelta(days=1))
        Review.objects.create(case=case, trigger=ReviewTrigger.SCHEDULED, due_date=today + timedelta(days=3))
        FlagFactory(child=case.child, raised_by=worker)


def test_the_caseload_runs_the_same_queries_for_10_and_100_cases(client, case_worker, team_north):
    client.force_login(case_worker)
    _caseload_rows(10, team=team_north, worker=case_worker)
    ten = _queries(client, reverse("cases:index"))
    _caseload_rows(90, team=team_north, worker=case_worker)
    hundred = _queries(client, reverse("cases:index"))
    assert html_of(client.get(reverse("cases:index"))).count('govuk-tag--red">Overdue') >= 100
    assert ten == hundred


def _dashboard_rows(n, *, team, worker, manager):
    today = timezone.localdate()
    workers = UserFactory.create_batch(3, roles=[Role.CASE_WORKER], teams=[team])
    for number, case in enumerate(
        CaseFactory.create_batch(
            n,
            team=team,
            allocated_to=worker,
            created_by=worker,
            child__date_of_birth=today - timedelta(days=365 * 18 - 20),
        )
    ):
        AssessmentFactory(case=case, due_date=today - timedelta(days=3))
        AssessmentFactory(
            case=case,
            due_date=today - timedelta(days=10),
            completed_date=today - timedelta(days=2),
            completed_by=workers[number % 3],
            **RATINGS,
        )
        Review.objects.create(case=case, trigger=ReviewTrigger.NEW_ARREST, due_date=today)


DASHBOARD_PAGES = [
    reverse_lazy("cases:dashboard"),
    *(reverse_lazy("cases:dashboard_list", args=[slug]) for slug in LIST_SLUGS),
]


def test_the_dashboard_runs_the_same_queries_for_10_and_100_rows(client, team_manager, case_worker, team_north):
    client.force_login(team_manager)
    _dashboard_rows(10, team=team_north, worker=case_worker, manager=team_manager)
    ten = [_queries(client, url) for url in DASHBOARD_PAGES]
    _dashboard_rows(90, team=team_north, worker=case_worker, manager=team_manager)
    hundred = [_queries(client, url) for url in DASHBOARD_PAGES]
    # Every one of the 100 has its button, a page of the list at a time.
    countersign = reverse("cases:dashboard_list", args=["countersign"])
    pages = [html_of(client.get(countersign, {"page": number})) for number in (1, 2, 3, 4)]
    assert [page.count(">Countersign<") for page in pages] == [25, 25, 25, 25]
    assert ten == hundred


def _child_rows(n, *, case, worker):
    for _ in range(n):
        FlagFactory(child=case.child, raised_by=worker)
        Contact.objects.create(
            case=case, contact_type=ContactType.OFFICE, scheduled_at=timezone.now(), recorded_by=worker
        )
        Review.objects.create(
            case=case,
            trigger=ReviewTrigger.SCHEDULED,
            due_date=timezone.localdate(),
            completed_date=timezone.localdate(),
            completed_by=worker,
            outcome="Fine",
        )
    CaseFactory.create_batch(n // 10, child=case.child, team=case.team, allocated_to=worker, created_by=worker)


def test_the_child_record_runs_the_same_queries_for_10_and_100_rows(client, case_worker, case):
    client.force_login(case_worker)
    url = reverse("cases:child_detail", args=[case.child_id])
    _child_rows(10, case=case, worker=case_worker)
    ten = _queries(client, url)
    _child_rows(90, case=case, worker=case_worker)
    hundred = _queries(client, url)
    assert html_of(client.get(url)).count('class="moj-timeline__item"') > 300
    assert ten == hundred


def test_the_case_page_runs_the_same_queries_for_10_and_100_rows(client, case_worker, case):
    client.force_login(case_worker)
    url = reverse("cases:case_detail", args=[case.pk])
    _child_rows(10, case=case, worker=case_worker)
    ten = _queries(client, url)
    _child_rows(90, case=case, worker=case_worker)
    hundred = _queries(client, url)
    assert ten == hundred


def test_search_runs_the_same_queries_for_10_and_100_children(client, case_worker, team_north):
    client.force_login(case_worker)

    def make(n):
        for child in ChildFactory.create_batch(n, surname="Whitfield"):
            FlagFactory(child=child, raised_by=case_worker)
            child.aliases.create(surname="Whitefield", forenames="J")
            CaseFactory(child=child, team=team_north, created_by=case_worker)

    make(10)
    ten = _queries(client, reverse("cases:child_search"), {"q": "Whitfeild"})
    make(90)
    hundred = _queries(client, reverse("cases:child_search"), {"q": "Whitfeild"})
    assert "20 children found" in html_of(client.get(reverse("cases:child_search"), {"q": "Whitfeild"}))
    assert ten == hundred
