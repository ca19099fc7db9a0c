"""The intelligence API (DESIGN.md §7): each rule of the 2023 guidance answers 400 with a field
message and changes nothing; supplied information is shown only to those who may see it, and
every reading of it is audited."""

from datetime import date, datetime, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from drf_spectacular.drainage import reset_generator_stats

from cases import services as case_services
from cases.models import CaseType
from intelligence import services
from intelligence.models import InformationRequest, PoliceSystem, RequestStatus, RequestType
from intelligence.tests.factories import InformationRequestFactory
from yjs.models import AuditAction, AuditEvent
from yjs.roles import Role
from yjs.tests.factories import UserFactory

URL = "/api/v1/intelligence/requests/"
SECRET = "Arrested 3 May for possession of a bladed article; released under investigation."

DETAIL_FIELDS = {
    "id",
    "child",
    "case",
    "request_type",
    "what_requested",
    "reason",
    "requested_at",
    "requested_by",
    "status",
    "systems_searched",
    "information_supplied",
    "supplied_at",
    "supplied_by",
    "oic_consulted_name",
    "oic_consulted_at",
    "sensitive_context",
    "safeguarding_concern",
    "safeguarding_referral",
    "addenda",
    "written_request_due_at",
    "written_request_at",
    "contact_name",
    "contact_phone",
    "contact_consent_recorded_at",
    "contact_not_a_victim",
    "contact_not_a_co_offender",
    "phone_check_outcome",
    "repeat_viewing",
    "authorisation_reference",
}


def local(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


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
        start_date=timezone.localdate() - timedelta(days=20),
        allocated_to=case_worker,
    )


@pytest.fixture
def colleague(team_north):
    """A case worker of the same team who neither made the request nor holds the case."""
    return UserFactory(username="colleague", roles=[Role.CASE_WORKER], teams=[team_north])


@pytest.fixture
def client_for(api_client):
    def sign_in(user):
        api_client.force_authenticate(user)
        return api_client

    return sign_in


def create(client, child, case=None, **fields):
    body = {"child": child.pk, "case": case.pk if case else None, "request_type": RequestType.RISK}
    body.setdefault("what_requested", "Any police contact in the last month")
    return client.post(URL, body | fields, format="json")


@pytest.fixture
def open_request(child, case, case_worker):
    return services.information_request_create(
        child=child, case=case, by=case_worker, request_type=RequestType.RISK, what_requested="Recent arrests"
    )


@pytest.fixture
def supplied_request(open_request, police_officer):
    return services.information_request_supply(
        request=open_request, by=police_officer, systems=["pnc", "custody"], supplied=SECRET
    )


def supply(client, request, **fields):
    body = {"systems_searched": ["pnc", "local_records"], "information_supplied": SECRET} | fields
    return client.post(f"{URL}{request.pk}/supply/", body, format="json")


def views_of(request):
    return AuditEvent.objects.filter(
        action=AuditAction.VIEW_SENSITIVE,
        content_type=ContentType.objects.get_for_model(InformationRequest),
        object_id=str(request.pk),
    )


def assert_refused(response, field, request):
    """400 naming the field, and the request exactly as it was: open, nothing searched or supplied."""
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN
    assert request.supplied_at is None
    assert request.information_supplied == ""
    assert not request.systems_searched.exists()
    assert not AuditEvent.objects.filter(object_id=str(request.pk), detail__supplied=True).exists()


# --- Creating requests ---------------------------------------------------------------------------


def test_a_case_worker_asks_for_information(client_for, case_worker, child, case):
    response = create(client_for(case_worker), child, case)

    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == DETAIL_FIELDS
    assert body["child"] == child.pk
    assert body["case"] == case.pk
    assert body["requested_by"] == case_worker.pk
    assert body["status"] == "open"
    assert body["systems_searched"] == []
    assert body["safeguarding_referral"] is None
    assert body["sensitive_context"] == "none"


def test_a_request_about_a_child_the_user_may_not_see_is_refused(client_for, team_south, child, case):
    outsider = UserFactory(username="caseworker2", roles=[Role.CASE_WORKER], teams=[team_south])

    response = create(client_for(outsider), child, case)

    assert response.status_code == 400
    assert response.json()["child"] == ["Select a valid child"]
    assert not InformationRequest.objects.exists()


def test_an_additional_request_needs_a_reason(client_for, case_worker, child, case):
    client = client_for(case_worker)

    response = create(client, child, case, request_type=RequestType.ADDITIONAL, reason="")

    assert response.status_code == 400
    assert response.json()["reason"] == [
        "Enter why the information is necessary and proportionate for managing the case"
    ]
    assert not InformationRequest.objects.exists()
    assert create(client, child, case, request_type="additional", reason="Planning a joint visit").status_code == 201


def test_bad_input_is_a_400_with_field_messages(client_for, case_worker, child):
    response = client_for(case_worker).post(
        URL, {"child": "x", "request_type": "gossip", "requested_at": "yesterday"}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"child", "request_type", "requested_at"}
    assert not InformationRequest.objects.exists()


# --- Urgent requests -------------------------------------------------------------------------------


def test_an_urgent_request_is_supplied_at_once_and_its_written_request_falls_due(
    client_for, case_worker, police_officer, child, case, settings
):
    settings.URGENT_WRITTEN_REQUEST_WORKING_DAYS = 2
    response = create(
        client_for(case_worker),
        child,
        case,
        request_type=RequestType.URGENT,
        what_requested="",
        requested_at="2025-12-24T10:00:00Z",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    # Christmas Day, Boxing Day and a weekend pass before the second working day.
    assert datetime.fromisoformat(created["written_request_due_at"]) == local(2025, 12, 30, 10)
    assert created["written_request_at"] is None

    response = supply(client_for(police_officer), InformationRequest.objects.get(pk=created["id"]))
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "supplied"

    response = client_for(case_worker).post(
        f"{URL}{created['id']}/written-request/",
        {"what_requested": "Address history", "reason": "Home visit that afternoon"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["what_requested"] == "Address history"
    assert response.json()["written_request_at"] is not None

    # The written request followed after its deadline: the audit flags it.
    audit = client_for(police_officer).get("/api/v1/intelligence/audit.csv", {"from": "2025-12-24", "to": "2025-12-24"})
    header, row = audit.content.decode("utf-8-sig").splitlines()[:2]
    late = header.split(",").index("Breach: Urgent request's written request late or missing")
    assert row.split(",")[late] == "yes"


def test_a_written_request_needs_what_was_asked_and_why(client_for, case_worker, child, case):
    created = create(client_for(case_worker), child, case, request_type=RequestType.URGENT, what_requested="").json()

    response = client_for(case_worker).post(f"{URL}{created['id']}/written-request/", {}, format="json")

    assert response.status_code == 400
    assert {"what_requested", "reason"} <= set(response.json())
    assert InformationRequest.objects.get(pk=created["id"]).written_request_at is None


# --- Supply -----------------------------------------------------------------------------------------


def test_supply_needs_a_system_searched(client_for, police_officer, open_request):
    response = supply(client_for(police_officer), open_request, systems_searched=[])

    assert_refused(response, "systems_searched", open_request)
    assert response.json()["systems_searched"] == ["Select the systems you searched"]


def test_supply_needs_systems_in_the_catalogue(client_for, police_officer, open_request):
    response = supply(client_for(police_officer), open_request, systems_searched=["pnc", "ouija"])

    assert_refused(response, "systems_searched", open_request)


def test_supply_needs_the_information_supplied(client_for, police_officer, open_request):
    response = supply(client_for(police_officer), open_request, information_supplied="")

    assert_refused(response, "information_supplied", open_request)


def test_no_trace_is_enough(client_for, police_officer, open_request):
    response = supply(client_for(police_officer), open_request, information_supplied="", no_trace=True)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["information_supplied"] == "No trace"
    assert body["systems_searched"] == ["pnc", "local_records"]
    assert body["supplied_by"] == police_officer.pk


def test_only_a_police_officer_supplies(client_for, case_worker, open_request):
    response = supply(client_for(case_worker), open_request)

    assert response.status_code == 403
    open_request.refresh_from_db()
    assert open_request.status == RequestStatus.OPEN


def test_a_sensitive_request_needs_the_officer_in_the_case_consulted(
    client_for, case_worker, police_officer, child, case
):
    created = create(client_for(case_worker), child, case, sensitive_context="live_investigation").json()
    request = InformationRequest.objects.get(pk=created["id"])
    police = client_for(police_officer)

    response = supply(police, request)
    assert_refused(response, "oic_consulted_name", request)
    assert "oic_consulted_at" in response.json()

    consulted_at = (timezone.now() - timedelta(hours=1)).isoformat()
    response = supply(police, request, oic_consulted_name="DC Patel", oic_consulted_at=consulted_at)
    assert response.status_code == 200, response.content
    assert response.json()["oic_consulted_name"] == "DC Patel"


def test_a_safeguarding_concern_needs_a_referral_before_closing(client_for, police_officer, open_request):
    police = client_for(police_officer)
    assert supply(police, open_request, safeguarding_concern=True).status_code == 200

    response = police.post(f"{URL}{open_request.pk}/close/")
    assert response.status_code == 400
    assert response.json()["safeguarding_referral"] == ["Record the safeguarding referral before closing the request"]
    open_request.refresh_from_db()
    assert open_request.status == RequestStatus.SUPPLIED

    response = police.post(
        f"{URL}{open_request.pk}/safeguarding-referral/", {"safeguarding_referral_to": "MASH"}, format="json"
    )
    assert response.status_code == 400
    assert {"safeguarding_referral_reference", "safeguarding_referral_at"} <= set(response.json())

    made_at = timezone.now() - timedelta(minutes=10)
    response = police.post(
        f"{URL}{open_request.pk}/safeguarding-referral/",
        {
            "safeguarding_referral_to": "Children's social care (MASH)",
            "safeguarding_referral_reference": "MASH-42",
            "safeguarding_referral_at": made_at.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    referral = response.json()["safeguarding_referral"]
    assert referral["to"] == "Children's social care (MASH)"
    assert referral["reference"] == "MASH-42"
    assert datetime.fromisoformat(referral["made_at"]) == made_at

    response = police.post(f"{URL}{open_request.pk}/close/")
    assert response.status_code == 200
    assert response.json()["status"] == "closed"


def test_a_phone_contact_check_needs_consent(client_for, case_worker, child, case):
    response = create(
        client_for(case_worker),
        child,
        case,
        request_type=RequestType.PHONE_CONTACT_CHECK,
        contact_name="Mary Jones",
        contact_consent_given=False,
    )

    assert response.status_code == 400
    assert "contact_consent_given" in response.json()
    assert not InformationRequest.objects.exists()


def test_a_phone_contact_is_approved_only_if_neither_victim_nor_co_offender(
    client_for, case_worker, police_officer, child, case
):
    created = create(
        client_for(case_worker),
        child,
        case,
        request_type=RequestType.PHONE_CONTACT_CHECK,
        contact_name="Mary Jones",
        contact_phone="07700 900456",
        contact_consent_given=True,
    ).json()
    assert created["contact_consent_recorded_at"] is not None
    request = InformationRequest.objects.get(pk=created["id"])
    police = client_for(police_officer)

    response = supply(
        police,
        request,
        contact_not_a_victim=False,
        contact_not_a_co_offender=True,
        phone_check_outcome="approved",
    )
    assert_refused(response, "phone_check_outcome", request)
    assert response.json()["phone_check_outcome"] == ["A contact who is a victim or a co-offender cannot be approved"]

    response = supply(
        police, request, contact_not_a_victim=True, contact_not_a_co_offender=True, phone_check_outcome="approved"
    )
    assert response.status_code == 200, response.content
    assert response.json()["phone_check_outcome"] == "approved"


def test_a_repeat_social_media_review_needs_an_authorisation_reference(
    client_for, case_worker, police_officer, child, case
):
    client = client_for(case_worker)
    response = create(client, child, case, request_type=RequestType.SOCIAL_MEDIA_REVIEW, repeat_viewing=True)
    assert response.status_code == 400
    assert "authorisation_reference" in response.json()
    assert not InformationRequest.objects.exists()

    created = create(client, child, case, request_type=RequestType.SOCIAL_MEDIA_REVIEW).json()
    request = InformationRequest.objects.get(pk=created["id"])
    police = client_for(police_officer)
    response = supply(police, request, systems_searched=["social_media"], repeat_viewing=True)
    assert_refused(response, "authorisation_reference", request)

    response = supply(
        police, request, systems_searched=["social_media"], repeat_viewing=True, authorisation_reference="AUTH-7"
    )
    assert response.status_code == 200
    assert response.json()["authorisation_reference"] == "AUTH-7"


def test_supplied_information_is_never_edited(client_for, police_officer, supplied_request):
    response = supply(client_for(police_officer), supplied_request, information_supplied="Rewritten")

    assert response.status_code == 400
    assert "status" in response.json()
    supplied_request.refresh_from_db()
    assert supplied_request.information_supplied == SECRET
    assert sorted(supplied_request.systems_searched.values_list("code", flat=True)) == ["custody", "pnc"]


def test_an_open_request_is_withdrawn_by_its_requester(client_for, case_worker, police_officer, open_request):
    assert client_for(police_officer).post(f"{URL}{open_request.pk}/withdraw/").status_code == 403

    response = client_for(case_worker).post(f"{URL}{open_request.pk}/withdraw/")

    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    assert client_for(case_worker).post(f"{URL}{open_request.pk}/withdraw/").status_code == 400


# --- Addenda ---------------------------------------------------------------------------------------


def test_addenda_correct_supplied_information(client_for, police_officer, case_worker, supplied_request):
    police = client_for(police_officer)

    response = police.post(f"{URL}{supplied_request.pk}/addenda/", {"text": "Correction: 4 May"}, format="json")

    assert response.status_code == 201, response.content
    addendum = response.json()
    assert addendum["text"] == "Correction: 4 May"
    assert addendum["added_by"] == police_officer.pk
    detail = police.get(f"{URL}{supplied_request.pk}/").json()
    assert [item["text"] for item in detail["addenda"]] == ["Correction: 4 May"]
    assert detail["information_supplied"] == SECRET

    assert police.post(f"{URL}{supplied_request.pk}/addenda/", {"text": ""}, format="json").status_code == 400
    response = client_for(case_worker).post(f"{URL}{supplied_request.pk}/addenda/", {"text": "x"}, format="json")
    assert response.status_code == 403


def test_an_addendum_needs_supplied_information(client_for, police_officer, open_request):
    response = client_for(police_officer).post(f"{URL}{open_request.pk}/addenda/", {"text": "x"}, format="json")

    assert response.status_code == 400
    assert "request" in response.json()


# --- Who sees supplied information; every reading audited -------------------------------------------


@pytest.mark.parametrize("reader", ["police_officer", "requester", "allocated_case_worker", "team_manager"])
def test_those_who_may_see_a_request_read_it_and_each_reading_is_audited(
    request, client_for, reader, child, case, team_north, police_officer
):
    # Asked by one case worker about a case allocated to another.
    asker = UserFactory(username="asker", roles=[Role.CASE_WORKER], teams=[team_north])
    asked = services.information_request_create(
        child=child, case=case, by=asker, request_type=RequestType.RISK, what_requested="Weapons markers"
    )
    supplied = services.information_request_supply(request=asked, by=police_officer, systems=["pnc"], supplied=SECRET)
    user = {"requester": asker, "allocated_case_worker": case.allocated_to}.get(reader) or request.getfixturevalue(
        reader
    )
    client = client_for(user)

    for reading in (1, 2):
        response = client.get(f"{URL}{supplied.pk}/")
        assert response.status_code == 200
        assert response.json()["information_supplied"] == SECRET
        assert views_of(supplied).filter(actor=user).count() == reading
    assert views_of(supplied).count() == 2


def test_an_unrelated_case_worker_gets_404_and_learns_nothing(client_for, colleague, supplied_request):
    client = client_for(colleague)
    addendum_text = "Further: seen with a known associate"
    services.addendum_add(request=supplied_request, by=supplied_request.supplied_by, text=addendum_text)

    responses = [
        client.get(f"{URL}{supplied_request.pk}/"),
        client.post(f"{URL}{supplied_request.pk}/close/"),
        client.post(f"{URL}{supplied_request.pk}/addenda/", {"text": "x"}, format="json"),
        client.post(f"{URL}{supplied_request.pk}/withdraw/"),
    ]
    listing = client.get(URL)

    assert [response.status_code for response in responses] == [404, 404, 404, 404]
    assert listing.status_code == 200
    assert listing.json()["results"] == []
    for response in [*responses, listing]:
        assert SECRET not in response.content.decode()
        assert addendum_text not in response.content.decode()
    assert not views_of(supplied_request).exists()
    supplied_request.refresh_from_db()
    assert supplied_request.status == RequestStatus.SUPPLIED


def test_listing_supplied_requests_audits_each_one_read(client_for, case_worker, supplied_request, child, case):
    services.information_request_create(
        child=child, case=case, by=case_worker, request_type=RequestType.RISK, what_requested="Still open"
    )

    response = client_for(case_worker).get(URL)

    assert len(response.json()["results"]) == 2
    assert views_of(supplied_request).filter(actor=case_worker).count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE).count() == 1


def test_the_list_filters(client_for, police_officer, case_worker, supplied_request, child, case):
    urgent = services.information_request_create(
        child=child, case=case, by=case_worker, request_type=RequestType.URGENT, requested_at=local(2026, 1, 5, 9)
    )
    other_child = InformationRequestFactory(request_type=RequestType.BAIL_ADDRESS_CHECK)
    client = client_for(police_officer)

    def ids(**params):
        response = client.get(URL, params)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids() == {supplied_request.pk, urgent.pk, other_child.pk}
    assert ids(status="supplied") == {supplied_request.pk}
    assert ids(request_type="urgent") == {urgent.pk}
    assert ids(child=child.pk) == {supplied_request.pk, urgent.pk}
    assert ids(case=case.pk) == {supplied_request.pk, urgent.pk}
    assert ids(requested_by=case_worker.pk) == {supplied_request.pk, urgent.pk}
    assert ids(**{"from": "2026-01-05", "to": "2026-01-05"}) == {urgent.pk}
    assert ids(**{"to": "2026-01-04"}) == set()


@pytest.mark.parametrize(
    "params",
    [{"from": "2026-13-01"}, {"to": "soon"}, {"status": "lost"}, {"child": "abc"}, {"request_type": "x"}],
)
def test_bad_filters_are_400_not_500(client_for, police_officer, params):
    response = client_for(police_officer).get(URL, params)

    assert response.status_code == 400
    assert set(params) <= set(response.json())


def test_the_list_reads_a_fixed_number_of_queries(client_for, police_officer):
    client = client_for(police_officer)

    def queries_for_listing(total):
        while InformationRequest.objects.count() < total:
            request = InformationRequestFactory(supplied=True, systems=["pnc", "pnd"])
            services.addendum_add(request=request, by=police_officer, text="More")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"page_size": 500})
        assert len(response.json()["results"]) == total
        return len(queries)

    ten = queries_for_listing(10)
    assert queries_for_listing(100) == ten
    assert AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE).count() == 110


# --- The catalogue of systems ----------------------------------------------------------------------


def test_the_catalogue_lists_the_shipped_systems(client_for, case_worker):
    response = client_for(case_worker).get("/api/v1/intelligence/systems/")

    assert response.status_code == 200
    codes = [system["code"] for system in response.json()]
    assert codes == ["pnc", "pnd", "local_records", "intelligence", "custody", "command_and_control", "social_media"]


def test_managers_add_systems_and_others_may_not(client_for, team_manager, case_worker, police_officer, open_request):
    url = "/api/v1/intelligence/systems/"
    assert client_for(case_worker).post(url, {"code": "niche", "name": "Niche RMS"}).status_code == 403

    response = client_for(team_manager).post(url, {"code": "niche", "name": "Niche RMS"}, format="json")

    assert response.status_code == 201, response.content
    assert response.json() == {"code": "niche", "name": "Niche RMS", "active": True}
    assert client_for(team_manager).post(url, {"code": "niche", "name": "Again"}).status_code == 400
    assert client_for(team_manager).post(url, {"code": "not a slug!", "name": "X"}).status_code == 400
    assert supply(client_for(police_officer), open_request, systems_searched=["niche"]).status_code == 200
    assert PoliceSystem.objects.filter(code="niche").count() == 1


# --- Turnaround ---------------------------------------------------------------------------------------


def test_turnaround_by_type(client_for, case_worker):
    monday = local(2026, 3, 2, 9)
    for hours in (2, 4, 6):
        InformationRequestFactory(supplied=True, requested_at=monday, supplied_at=monday + timedelta(hours=hours))
    assert client_for(case_worker).get("/api/v1/intelligence/turnaround/", {"from": "2026-03-01"}).status_code == 400
    assert (
        client_for(case_worker)
        .get("/api/v1/intelligence/turnaround/", {"from": "2026-03-01", "to": "2026-03-31"})
        .status_code
        == 403
    )

    police = UserFactory(username="police2", roles=[Role.POLICE_OFFICER])
    response = client_for(police).get("/api/v1/intelligence/turnaround/", {"from": "2026-03-01", "to": "2026-03-31"})

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["from"], body["to"]) == ("2026-03-01", "2026-03-31")
    risk = next(row for row in body["types"] if row["request_type"] == "risk")
    assert risk == {
        "request_type": "risk",
        "label": "Information about an identified risk",
        "requests": 3,
        "supplied": 3,
        "median_working_hours": 4.0,
        "p90_working_hours": 5.6,
    }
    assert len(body["types"]) == len(RequestType.values)


def test_turnaround_period_must_run_forwards(client_for, police_officer):
    response = client_for(police_officer).get(
        "/api/v1/intelligence/turnaround/", {"from": "2026-03-31", "to": "2026-03-01"}
    )

    assert response.status_code == 400
    assert "to" in response.json()


# --- Schema ---------------------------------------------------------------------------------------------


def test_the_schema_generates_without_warnings_and_documents_the_contract(db, tmp_path):
    reset_generator_stats()
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))

    schema = (tmp_path / "schema.yaml").read_text()
    for path in (
        "/api/v1/intelligence/requests/:",
        "/api/v1/intelligence/requests/{request_id}/supply/:",
        "/api/v1/intelligence/requests/{request_id}/addenda/:",
        "/api/v1/intelligence/systems/:",
        "/api/v1/intelligence/audit.csv:",
        "/api/v1/intelligence/turnaround/:",
    ):
        assert path in schema


def test_what_was_asked_before_an_urgent_answer_is_not_rewritten_by_the_written_request(
    client_for, case_worker, police_officer, child, case
):
    created = create(
        client_for(case_worker), child, case, request_type=RequestType.URGENT, what_requested="Markers at the address"
    ).json()
    request = InformationRequest.objects.get(pk=created["id"])
    assert supply(client_for(police_officer), request).status_code == 200

    response = client_for(case_worker).post(
        f"{URL}{request.pk}/written-request/",
        {"what_requested": "Something else entirely", "reason": "Visit that afternoon"},
        format="json",
    )

    assert response.status_code == 400
    assert "what_requested" in response.json()
    request.refresh_from_db()
    assert (request.what_requested, request.written_request_at) == ("Markers at the address", None)

    response = client_for(case_worker).post(
        f"{URL}{request.pk}/written-request/",
        {"what_requested": "Markers at the address", "reason": "Visit that afternoon"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["reason"] == "Visit that afternoon"
