"""The information request pages: who sees what, form errors in GOV.UK words, audited reads."""

import re
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.tests.factories import CaseFactory, ChildFactory
from intelligence import selectors, services
from intelligence.models import InformationRequest, PoliceSystem, RequestStatus, RequestType, SensitiveContext
from yjs.models import AuditAction, AuditEvent
from yjs.roles import Role
from yjs.tests.factories import TeamFactory, UserFactory

SECRET = "Seen with known gang members on 3 March near the station"


# --- Data, made through the services ----------------------------------------------------------


@pytest.fixture
def case(team_north, case_worker):
    return CaseFactory(team=team_north, allocated_to=case_worker)


@pytest.fixture
def child(case):
    return case.child


@pytest.fixture
def head_of_service(team_north, team_south):
    return UserFactory(username="head", roles=[Role.HEAD_OF_SERVICE], teams=[team_north, team_south])


@pytest.fixture
def other_case_worker(team_south):
    return UserFactory(username="caseworker2", roles=[Role.CASE_WORKER], teams=[team_south])


def ask(child, by, *, case=None, request_type=RequestType.RISK, **kwargs):
    kwargs.setdefault("what_requested", "Any intelligence on who the child spends time with")
    if request_type == RequestType.ADDITIONAL:
        kwargs.setdefault("reason", "Planning a home visit safely")
    return services.information_request_create(child=child, by=by, request_type=request_type, case=case, **kwargs)


def supply(request, by, supplied=SECRET, systems=("pnc", "local_records"), **kwargs):
    return services.information_request_supply(
        request=request, by=by, systems=list(systems), supplied=supplied, **kwargs
    )


@pytest.fixture
def open_request(child, case, case_worker):
    return ask(child, case_worker, case=case)


@pytest.fixture
def supplied_request(open_request, police_officer):
    return supply(open_request, police_officer)


def login(client, user):
    client.force_login(user)
    return client


def error_summary(response) -> list[tuple[str, str]]:
    html = response.content.decode()
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    assert summary, "no error summary on the page"
    return re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', summary.group(0))


def views_of(request, user) -> int:
    return AuditEvent.objects.filter(
        action=AuditAction.VIEW_SENSITIVE,
        actor=user,
        content_type=ContentType.objects.get_for_model(InformationRequest),
        object_id=str(request.pk),
    ).count()


def url(name, *args):
    return reverse(f"intelligence:{name}", args=args)


# --- The section's front page -----------------------------------------------------------------


def test_the_front_page_is_the_queue_for_police(client, police_officer, open_request):
    response = login(client, police_officer).get(url("index"))
    assert response.status_code == 200
    assert "<title>Information requests to answer" in response.content.decode()
    assert [row["request"] for row in response.context["rows"]] == [open_request]


def test_the_front_page_is_my_requests_for_case_workers(client, case_worker, open_request):
    response = login(client, case_worker).get(url("index"))
    assert response.status_code == 200
    assert "<title>Your information requests" in response.content.decode()
    assert response.context["requests"] == [open_request]


@pytest.mark.parametrize("role", [Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE])
def test_the_front_page_links_managers_to_the_audit(client, team_north, role):
    user = UserFactory(roles=[role], teams=[team_north])
    html = login(client, user).get(url("index")).content.decode()
    assert f'href="{url("audit")}"' in html
    # Managers keep the catalogue of police systems; the head of service reads (DESIGN.md §2).
    assert (f'href="{url("systems")}"' in html) == (role == Role.TEAM_MANAGER)
    assert 'href="/api/v1/intelligence/open-to-yjs.csv"' in html


@pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.VICTIM_WORKER, Role.PANEL_MEMBER])
def test_the_front_page_is_refused_to_other_roles(client, team_north, role):
    user = UserFactory(roles=[role], teams=[team_north])
    assert login(client, user).get(url("index")).status_code == 403


# --- The police officer's queue ------------------------------------------------------------------


def test_the_queue_puts_urgent_and_sensitive_requests_first_with_their_tags(
    client, police_officer, case_worker, child, case
):
    oldest = ask(child, case_worker, case=case, requested_at=timezone.now() - timedelta(days=10))
    sensitive = ask(child, case_worker, case=case, sensitive_context=SensitiveContext.LIVE_INVESTIGATION)
    urgent = ask(
        child,
        case_worker,
        case=case,
        request_type=RequestType.URGENT,
        what_requested="",
        requested_at=timezone.now() - timedelta(days=14),
    )
    supplied = supply(ask(child, case_worker, case=case), police_officer)

    response = login(client, police_officer).get(url("queue"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row["request"] for row in rows] == [urgent, sensitive, oldest]
    assert supplied not in [row["request"] for row in rows]
    assert rows[0]["urgent"] and rows[0]["written_overdue"]
    assert rows[1]["sensitive"] and not rows[1]["urgent"]
    assert rows[1]["age"] == "Today"
    assert re.fullmatch(r"\d+ working days", rows[2]["age"])
    html = response.content.decode()
    assert "Written request overdue" in html
    assert 'govuk-tag govuk-tag--orange">Sensitive' in html
    assert f'href="{url("request_detail", oldest.pk)}"' in html


@pytest.mark.parametrize("user_fixture", ["case_worker", "team_manager", "board_member"])
def test_only_police_officers_see_the_queue(client, request, user_fixture):
    assert login(client, request.getfixturevalue(user_fixture)).get(url("queue")).status_code == 403


def test_the_queue_makes_the_same_queries_for_10_or_100_requests(client, police_officer, case_worker, child, case):
    login(client, police_officer)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("queue")).status_code == 200
        return len(queries)

    for _ in range(10):
        ask(child, case_worker, case=case)
    ten = count_queries()
    others = [CaseFactory(team=case.team, allocated_to=case_worker) for _ in range(5)]
    for n in range(90):
        other = others[n % 5]
        ask(other.child, case_worker, case=other, request_type=[RequestType.RISK, RequestType.URGENT][n % 2])
    assert count_queries() == ten


# --- A request's page -----------------------------------------------------------------------------


def test_the_allocated_case_worker_reads_the_answer_and_the_reading_is_audited(client, case_worker, supplied_request):
    response = login(client, case_worker).get(url("request_detail", supplied_request.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert SECRET in html
    for field in ["Date of request", "Requested by", "What they asked for", "Systems searched", "Information supplied"]:
        assert f'<dt class="govuk-summary-list__key">{field}</dt>' in html
    assert "Police National Computer (PNC)" in html
    assert views_of(supplied_request, case_worker) == 1
    event = AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE, actor=case_worker).get()
    assert event.ip_address == "127.0.0.1"


def test_an_unrelated_case_worker_gets_404_without_the_answer(client, other_case_worker, supplied_request):
    response = login(client, other_case_worker).get(url("request_detail", supplied_request.pk))
    assert response.status_code == 404
    assert SECRET not in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE).exists()


def test_a_board_member_gets_404(client, board_member, supplied_request):
    assert login(client, board_member).get(url("request_detail", supplied_request.pk)).status_code == 404


@pytest.mark.parametrize("user_fixture", ["police_officer", "team_manager", "head_of_service"])
def test_police_team_managers_and_head_read_the_answer(client, request, user_fixture, supplied_request):
    user = request.getfixturevalue(user_fixture)
    response = login(client, user).get(url("request_detail", supplied_request.pk))
    assert response.status_code == 200
    assert SECRET in response.content.decode()
    assert views_of(supplied_request, user) == 1


def test_an_open_request_offers_police_the_answer_and_the_requester_withdrawal(
    client, police_officer, case_worker, open_request
):
    police_page = login(client, police_officer).get(url("request_detail", open_request.pk))
    assert police_page.context["actions"]["supply"]
    assert f'href="{url("supply", open_request.pk)}"' in police_page.content.decode()
    assert not police_page.context["actions"]["withdraw"]
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE).exists()

    own_page = login(client, case_worker).get(url("request_detail", open_request.pk))
    assert not own_page.context["actions"]["supply"]
    assert own_page.context["actions"]["withdraw"]
    response = client.post(url("withdraw", open_request.pk))
    assert response.status_code == 302
    open_request.refresh_from_db()
    assert open_request.status == RequestStatus.WITHDRAWN


def test_closing_with_a_safeguarding_concern_needs_the_referral_first(client, police_officer, open_request):
    supply(open_request, police_officer, safeguarding_concern=True)
    login(client, police_officer)
    page = client.get(url("request_detail", open_request.pk))
    assert page.context["actions"]["referral"]
    assert "Record the safeguarding referral before the request is closed" in page.content.decode()

    response = client.post(url("close", open_request.pk))
    assert response.status_code == 200
    assert error_summary(response) == [("actions", "Record the safeguarding referral before closing the request")]

    response = client.post(
        url("safeguarding_referral", open_request.pk),
        {
            "safeguarding_referral_to": "Children's social care front door",
            "safeguarding_referral_reference": "MASH-123",
            "safeguarding_referral_date_0": str(timezone.localdate().day),
            "safeguarding_referral_date_1": str(timezone.localdate().month),
            "safeguarding_referral_date_2": str(timezone.localdate().year),
            "safeguarding_referral_time": "00:01",
        },
    )
    assert response.status_code == 302
    assert client.post(url("close", open_request.pk)).status_code == 302
    open_request.refresh_from_db()
    assert open_request.status == RequestStatus.CLOSED
    assert open_request.safeguarding_referral_reference == "MASH-123"


def test_the_safeguarding_referral_form_names_what_is_missing(client, police_officer, open_request):
    supply(open_request, police_officer, safeguarding_concern=True)
    response = login(client, police_officer).post(url("safeguarding_referral", open_request.pk), {})
    assert response.status_code == 200
    assert error_summary(response) == [
        ("id_safeguarding_referral_to", "Enter who the safeguarding referral was made to"),
        ("id_safeguarding_referral_reference", "Enter the referral reference"),
        ("id_safeguarding_referral_date_0", "Enter when the referral was made"),
    ]


def test_police_add_an_addendum_and_never_edit_the_answer(client, police_officer, case_worker, supplied_request):
    login(client, police_officer)
    response = client.post(url("addendum_add", supplied_request.pk), {"text": ""})
    assert response.status_code == 200
    assert error_summary(response) == [("id_text", "Enter the correction or addition")]

    response = client.post(url("addendum_add", supplied_request.pk), {"text": "The sighting was on 4 March"})
    assert response.status_code == 302
    html = login(client, case_worker).get(url("request_detail", supplied_request.pk)).content.decode()
    assert "The sighting was on 4 March" in html
    assert SECRET in html


def test_case_workers_cannot_answer_or_add_to_answers(client, case_worker, open_request, police_officer):
    login(client, case_worker)
    assert client.get(url("supply", open_request.pk)).status_code == 403
    assert client.post(url("supply", open_request.pk), {"systems_searched": ["pnc"]}).status_code == 403
    supply(open_request, police_officer)
    assert client.post(url("addendum_add", open_request.pk), {"text": "No"}).status_code == 403


def test_an_urgent_request_is_written_afterwards(client, case_worker, child, case):
    urgent = ask(child, case_worker, case=case, request_type=RequestType.URGENT, what_requested="")
    login(client, case_worker)
    page = client.get(url("request_detail", urgent.pk))
    assert page.context["actions"]["complete_written"]
    response = client.post(url("complete_written", urgent.pk), {"what_requested": "", "reason": ""})
    assert response.status_code == 200
    assert [message for _, message in error_summary(response)] == [
        "Enter what information was asked for",
        "Enter why the information was needed urgently",
    ]
    response = client.post(
        url("complete_written", urgent.pk),
        {"what_requested": "Any warning markers", "reason": "Pre-sentence report due tomorrow"},
    )
    assert response.status_code == 302
    urgent.refresh_from_db()
    assert urgent.written_request_at is not None


# --- The police officer's answer ---------------------------------------------------------------------


def test_supplying_without_systems_re_renders_with_govuk_errors(client, police_officer, open_request):
    response = login(client, police_officer).post(
        url("supply", open_request.pk), {"information_supplied": "", "safeguarding_concern": "no"}
    )
    assert response.status_code == 200
    assert error_summary(response) == [
        ("id_systems_searched_1", "Select the systems you searched"),
        ("id_information_supplied", "Enter the information supplied, or record no trace"),
    ]
    html = response.content.decode()
    assert "<title>Error: Answer the request" in html
    assert "govuk-textarea--error" in html
    open_request.refresh_from_db()
    assert open_request.status == RequestStatus.OPEN


def test_the_supply_form_lists_the_catalogue_and_records_no_trace(client, police_officer, open_request):
    PoliceSystem.objects.create(code="regional", name="Regional intelligence", position=5)
    PoliceSystem.objects.create(code="retired", name="Retired system", active=False)
    login(client, police_officer)
    page = client.get(url("supply", open_request.pk))
    choices = [code for code, _ in page.context["form"].fields["systems_searched"].choices]
    assert choices[0] == "regional"
    assert "pnc" in choices
    assert "retired" not in choices
    html = page.content.decode()
    assert "Officer in the case consulted" not in html
    assert "Is the contact approved" not in html
    assert 'data-aria-controls="conditional-id_safeguarding_concern_1"' in html

    response = client.post(
        url("supply", open_request.pk),
        {"systems_searched": ["pnc", "regional"], "no_trace": "on", "safeguarding_concern": "no"},
    )
    assert response.status_code == 302
    assert response.url == url("request_detail", open_request.pk)
    open_request.refresh_from_db()
    assert open_request.status == RequestStatus.SUPPLIED
    assert open_request.information_supplied == "No trace"
    assert sorted(open_request.systems_searched.values_list("code", flat=True)) == ["pnc", "regional"]
    assert open_request.supplied_by == police_officer


def test_a_sensitive_request_needs_the_officer_in_the_case(client, police_officer, case_worker, child, case):
    sensitive = ask(child, case_worker, case=case, sensitive_context=SensitiveContext.CHILD_IN_CUSTODY)
    login(client, police_officer)
    assert "Officer in the case consulted" in client.get(url("supply", sensitive.pk)).content.decode()
    answer = {"systems_searched": ["custody"], "information_supplied": SECRET, "safeguarding_concern": "no"}

    response = client.post(url("supply", sensitive.pk), answer)
    assert response.status_code == 200
    assert error_summary(response) == [
        ("id_oic_consulted_name", "Enter the name of the officer in the case you consulted"),
        ("id_oic_consulted_date_0", "Enter when you consulted the officer in the case"),
    ]

    today = timezone.localdate()
    consulted = {
        "oic_consulted_name": "DC Amir Khan",
        "oic_consulted_date_0": str(today.day),
        "oic_consulted_date_1": str(today.month),
        "oic_consulted_date_2": str(today.year),
    }
    response = client.post(url("supply", sensitive.pk), {**answer, **consulted, "oic_consulted_time": "25:00"})
    assert error_summary(response) == [("id_oic_consulted_time", "Enter a real time, like 09:15 or 14:30")]

    response = client.post(url("supply", sensitive.pk), {**answer, **consulted, "oic_consulted_time": "00:01"})
    assert response.status_code == 302
    sensitive.refresh_from_db()
    assert sensitive.oic_consulted_name == "DC Amir Khan"
    assert timezone.localtime(sensitive.oic_consulted_at).strftime("%H:%M") == "00:01"


def test_a_phone_contact_check_records_the_checks(client, police_officer, case_worker, child, case):
    check = ask(
        child,
        case_worker,
        case=case,
        request_type=RequestType.PHONE_CONTACT_CHECK,
        contact_name="Aunt Jo",
        contact_consent_given=True,
    )
    login(client, police_officer)
    answer = {"systems_searched": ["pnc"], "information_supplied": "Nothing of concern", "safeguarding_concern": "no"}
    response = client.post(url("supply", check.pk), {**answer, "phone_check_outcome": "approved"})
    assert response.status_code == 200
    assert error_summary(response) == [
        ("id_contact_is_victim_1", "Record whether the contact is a victim or potential victim"),
        ("id_contact_is_co_offender_1", "Record whether the contact offended with the child"),
    ]

    response = client.post(
        url("supply", check.pk),
        {**answer, "contact_is_victim": "no", "contact_is_co_offender": "no", "phone_check_outcome": "approved"},
    )
    assert response.status_code == 302
    check.refresh_from_db()
    assert check.contact_not_a_victim is True
    assert check.contact_not_a_co_offender is True
    assert check.phone_check_outcome == "approved"


def test_an_answered_request_cannot_be_answered_again(client, police_officer, supplied_request):
    response = login(client, police_officer).get(url("supply", supplied_request.pk))
    assert response.status_code == 302
    assert response.url == url("request_detail", supplied_request.pk)


# --- Asking the police officer --------------------------------------------------------------------------


def test_an_additional_request_needs_a_reason(client, case_worker, child, case):
    login(client, case_worker)
    page = client.get(url("ask") + f"?child={child.pk}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "necessary and proportionate" in html
    assert page.context["form"]["case"].value() == str(case.pk)

    question = {
        "request_type": "additional",
        "what_requested": "Who else lives at the address",
        "reason": "",
        "sensitive_context": "none",
        "case": str(case.pk),
    }
    response = client.post(url("ask") + f"?child={child.pk}", question)
    assert response.status_code == 200
    assert error_summary(response) == [
        ("id_reason", "Enter why the information is necessary and proportionate for managing the case")
    ]
    assert not InformationRequest.objects.exists()

    response = client.post(url("ask") + f"?child={child.pk}", {**question, "reason": "Home visit risk assessment"})
    created = InformationRequest.objects.get()
    assert response.status_code == 302
    assert response.url == url("request_detail", created.pk)
    assert (created.requested_by, created.case, created.request_type) == (case_worker, case, "additional")


def test_the_ask_form_names_every_missing_answer(client, case_worker, child):
    response = login(client, case_worker).post(url("ask") + f"?child={child.pk}", {})
    assert response.status_code == 200
    assert error_summary(response) == [
        ("id_request_type_1", "Select the type of request"),
        (
            "id_sensitive_context_1",
            "Select whether the request concerns a live investigation, custody or a serious offence",
        ),
    ]


def test_a_phone_contact_check_needs_the_contacts_consent(client, case_worker, child, case):
    response = login(client, case_worker).post(
        url("ask") + f"?child={child.pk}",
        {
            "request_type": "phone_contact_check",
            "what_requested": "Can the child call her",
            "sensitive_context": "none",
        },
    )
    assert response.status_code == 200
    assert error_summary(response) == [
        ("id_contact_name", "Enter the name of the contact to be checked"),
        ("id_contact_consent_given", "The contact must consent to the checks before they are asked for"),
    ]
    html = response.content.decode()
    # The revealed fields stay open when their radio is chosen, so the errors are visible.
    assert 'class="govuk-radios__conditional" id="conditional-id_request_type_5"' in html


def test_nobody_asks_about_a_child_they_cannot_see(client, other_case_worker, board_member, child):
    assert login(client, other_case_worker).get(url("ask") + f"?child={child.pk}").status_code == 404
    assert login(client, board_member).get(url("ask") + f"?child={child.pk}").status_code == 404
    assert client.get(url("ask")).status_code == 404


def test_my_requests_shows_answers_newest_first_and_audits_each(client, case_worker, child, case, police_officer):
    first = supply(ask(child, case_worker, case=case, requested_at=timezone.now() - timedelta(days=2)), police_officer)
    second = ask(child, case_worker, case=case)
    response = login(client, case_worker).get(url("my_requests"))
    assert response.status_code == 200
    assert response.context["requests"] == [second, first]
    html = response.content.decode()
    assert SECRET in html
    assert "Not answered yet" in html
    assert views_of(first, case_worker) == 1
    assert views_of(second, case_worker) == 0


# --- The managers' audit view --------------------------------------------------------------------


@pytest.mark.parametrize("user_fixture", ["team_manager", "head_of_service", "police_officer"])
def test_the_audit_is_for_managers_the_head_and_police(client, request, user_fixture, supplied_request):
    response = login(client, request.getfixturevalue(user_fixture)).get(url("audit"))
    assert response.status_code == 200
    assert [row.request for row in response.context["rows"]] == [supplied_request]


@pytest.mark.parametrize("user_fixture", ["case_worker", "board_member"])
def test_the_audit_is_refused_to_others(client, request, user_fixture):
    assert login(client, request.getfixturevalue(user_fixture)).get(url("audit")).status_code == 403


def test_the_audit_shows_the_record_without_the_supplied_text(client, team_manager, supplied_request, police_officer):
    no_trace = supply(
        ask(supplied_request.child, supplied_request.requested_by), police_officer, supplied="", no_trace=True
    )
    response = login(client, team_manager).get(url("audit"))
    html = response.content.decode()
    assert SECRET not in html
    rows = {row.request: row for row in response.context["rows"]}
    assert rows[supplied_request].supplied == "Supplied"
    assert rows[supplied_request].turnaround_hours is not None
    assert no_trace not in rows  # not on a case of the manager's team
    assert ">Supplied</td>" in html
    assert "Police National Computer (PNC), Local records management system" in html
    assert f'href="{url("request_detail", supplied_request.pk)}"' in html
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE).exists()

    start, end = response.context["start"], response.context["end"]
    period = f"from={start.isoformat()}&amp;to={end.isoformat()}"
    assert f'href="/api/v1/intelligence/audit.csv?{period}"' in html
    assert f'href="/api/v1/intelligence/audit.pdf?{period}"' in html
    assert 'href="/api/v1/intelligence/open-to-yjs.csv"' in html


def test_the_audit_filters_by_period_requester_type_and_breach(
    client, head_of_service, case_worker, team_manager, child, case, police_officer
):
    old = ask(child, case_worker, case=case, requested_at=timezone.now() - timedelta(days=200))
    late = ask(
        child,
        team_manager,
        case=case,
        request_type=RequestType.URGENT,
        what_requested="",
        requested_at=timezone.now() - timedelta(days=20),
    )
    fine = supply(ask(child, case_worker, case=case, request_type=RequestType.ADDITIONAL), police_officer)
    login(client, head_of_service)

    def shown(**params):
        response = client.get(url("audit"), params)
        assert response.status_code == 200
        return [row.request for row in response.context["rows"]]

    assert shown() == [fine, late]
    assert shown(breach="any") == [late]
    assert shown(breach="written_request_late") == [late]
    assert shown(breach="oic_not_consulted") == []
    assert shown(request_type="additional") == [fine]
    assert shown(requested_by=str(team_manager.pk)) == [late]
    day = (timezone.localdate() - timedelta(days=200)).day
    month = (timezone.localdate() - timedelta(days=200)).month
    year = (timezone.localdate() - timedelta(days=200)).year
    assert shown(date_from_0=day, date_from_1=month, date_from_2=year) == [fine, late, old]

    response = client.get(url("audit"), {"late": 1, "breach": "any"})
    assert "Urgent request&#x27;s written request late or missing" in response.content.decode()


def test_the_audit_period_is_checked(client, team_manager):
    response = login(client, team_manager).get(
        url("audit"),
        {
            "date_from_0": "31",
            "date_from_1": "3",
            "date_from_2": "2026",
            "date_to_0": "1",
            "date_to_1": "3",
            "date_to_2": "2026",
        },
    )
    assert response.status_code == 200
    assert error_summary(response) == [("id_date_to_0", "The end date must be the same as or after the start date")]
    response = client.get(url("audit"), {"date_from_0": "31", "date_from_1": "2", "date_from_2": "2026"})
    assert error_summary(response) == [("id_date_from_0", "Start date must be a real date")]


def test_the_audit_makes_the_same_queries_for_10_or_100_requests(
    client, team_manager, case_worker, child, case, police_officer
):
    login(client, team_manager)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("audit")).status_code == 200
        return len(queries)

    def make(n):
        for i in range(n):
            request = ask(child, case_worker, case=case, request_type=[RequestType.RISK, RequestType.URGENT][i % 2])
            if i % 3 == 0:
                supply(request, police_officer)

    make(10)
    ten = count_queries()
    make(90)
    assert count_queries() == ten


# --- The catalogue of police systems -------------------------------------------------------------


def test_managers_add_a_police_system(client, team_manager):
    login(client, team_manager)
    page = client.get(url("systems"))
    assert page.status_code == 200
    assert "Police National Computer (PNC)" in page.content.decode()

    response = client.post(url("systems"), {"name": "", "code": "Not A Code"})
    assert error_summary(response) == [
        ("id_name", "Enter the name of the system"),
        ("id_code", "Code must only include lowercase letters, numbers, underscores and hyphens"),
    ]
    response = client.post(url("systems"), {"name": "Niche RMS", "code": "pnc"})
    assert error_summary(response) == [("id_code", "A system with this code is already in the catalogue")]
    response = client.post(url("systems"), {"name": "Niche RMS", "code": "niche"})
    assert response.status_code == 302
    assert PoliceSystem.objects.get(code="niche").name == "Niche RMS"


@pytest.mark.parametrize("user_fixture", ["case_worker", "police_officer", "board_member"])
def test_only_managers_change_the_catalogue(client, request, user_fixture):
    login(client, request.getfixturevalue(user_fixture))
    assert client.get(url("systems")).status_code == 403
    assert client.post(url("systems"), {"name": "X", "code": "x"}).status_code == 403


# --- The child's timeline ------------------------------------------------------------------------


def test_the_timeline_shows_the_answer_and_names_what_its_reading_must_audit(case_worker, supplied_request):
    services.addendum_add(request=supplied_request, by=supplied_request.supplied_by, text="Correction: 4 March")
    events = selectors.timeline_events(user=case_worker, child=supplied_request.child)
    details = [event.detail for event in events]
    assert SECRET in details
    assert "Correction: 4 March" in details
    assert {event.audit_object for event in events if event.audit_object} == {supplied_request}
    asked = next(event for event in events if event.title.startswith("Information requested"))
    assert asked.audit_object is None


def test_an_unrelated_case_worker_has_no_police_events_on_the_timeline(other_case_worker, supplied_request):
    assert selectors.timeline_events(user=other_case_worker, child=supplied_request.child) == []


def test_the_child_page_records_the_reading_of_the_answer_on_its_timeline(client, case_worker, supplied_request):
    response = login(client, case_worker).get(reverse("cases:child_detail", args=[supplied_request.child_id]))
    assert response.status_code == 200
    assert SECRET in response.content.decode()
    assert views_of(supplied_request, case_worker) == 1


def test_a_child_of_another_team_is_not_asked_about(client, case_worker):
    south_case = CaseFactory(team=TeamFactory(name="South", slug="south"), child=ChildFactory())
    assert login(client, case_worker).get(url("ask") + f"?child={south_case.child_id}").status_code == 404
