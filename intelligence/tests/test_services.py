"""The rules of the 2023 guidance, enforced by the services (DESIGN.md §3).

Data is built through the real services; each refused call leaves nothing changed."""

from datetime import date, datetime, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases import services as case_services
from cases.models import CaseType
from intelligence import selectors, services
from intelligence.models import (
    Addendum,
    InformationRequest,
    PhoneCheckOutcome,
    RequestStatus,
    RequestType,
    SensitiveContext,
)
from intelligence.tests.factories import InformationRequestFactory
from yjs.models import AuditAction, AuditEvent
from yjs.roles import Role
from yjs.tests.factories import UserFactory


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
    """A case worker of the same team, neither the requester nor allocated."""
    return UserFactory(username="colleague", roles=[Role.CASE_WORKER], teams=[team_north])


def ask(child, case, by, request_type=RequestType.RISK, **fields):
    fields.setdefault("what_requested", "Any police contact in the last month")
    return services.information_request_create(child=child, case=case, by=by, request_type=request_type, **fields)


@pytest.fixture
def open_request(child, case, case_worker):
    return ask(child, case, case_worker)


def supply(request, by, **fields):
    fields.setdefault("systems", ["pnc", "local_records"])
    fields.setdefault("supplied", "Arrested 3 May for theft; released under investigation.")
    return services.information_request_supply(request=request, by=by, **fields)


def events(obj, action):
    content_type = ContentType.objects.get_for_model(obj)
    return AuditEvent.objects.filter(action=action, content_type=content_type, object_id=str(obj.pk))


def supply_events():
    return AuditEvent.objects.filter(action=AuditAction.UPDATE, detail__supplied=True)


def assert_unchanged(request):
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN
    assert request.supplied_at is None
    assert request.information_supplied == ""
    assert not request.systems_searched.exists()
    assert not supply_events().filter(object_id=str(request.pk)).exists()


def test_a_request_records_the_minimum_record_and_is_audited(open_request, case_worker, police_officer):
    supplied = supply(open_request, police_officer)

    assert supplied.requested_at is not None
    assert supplied.requested_by == case_worker
    assert supplied.what_requested == "Any police contact in the last month"
    assert sorted(supplied.systems_searched.values_list("code", flat=True)) == ["local_records", "pnc"]
    assert supplied.information_supplied.startswith("Arrested 3 May")
    assert supplied.status == RequestStatus.SUPPLIED
    assert supplied.supplied_by == police_officer
    assert events(supplied, AuditAction.CREATE).count() == 1
    assert supply_events().filter(object_id=str(supplied.pk)).count() == 1


# --- Additional requests need a reason ----------------------------------------------------------


def test_an_additional_request_needs_a_reason(child, case, case_worker):
    with pytest.raises(ValidationError) as error:
        ask(child, case, case_worker, RequestType.ADDITIONAL, reason="  ")

    assert "reason" in error.value.message_dict
    assert not InformationRequest.objects.exists()

    request = ask(child, case, case_worker, RequestType.ADDITIONAL, reason="Planning a home visit: address history")
    assert request.reason == "Planning a home visit: address history"


# --- Urgent requests: answered at once, written request follows -----------------------------


def test_an_urgent_request_can_be_supplied_at_once_and_its_written_request_is_due_in_working_days(
    child, case, case_worker, police_officer, settings
):
    settings.URGENT_WRITTEN_REQUEST_WORKING_DAYS = 2
    # Christmas Eve: Christmas Day, Boxing Day and the weekend are not working days.
    request = ask(child, case, case_worker, RequestType.URGENT, what_requested="", requested_at=local(2025, 12, 24, 10))

    assert request.written_request_due_at == local(2025, 12, 30, 10)
    assert request.written_request_at is None

    supplied = supply(request, police_officer)
    assert supplied.status == RequestStatus.SUPPLIED

    due = supplied.written_request_due_at
    assert "written_request_late" not in selectors.rule_breaches(supplied, now=due - timedelta(minutes=1))
    assert "written_request_late" in selectors.rule_breaches(supplied, now=due + timedelta(minutes=1))

    # Completed after the deadline: still flagged late, for ever.
    completed = services.information_request_complete_written(
        request=supplied, by=case_worker, what_requested="Address history", reason="Home visit that afternoon"
    )
    assert completed.what_requested == "Address history"
    assert "written_request_late" in selectors.rule_breaches(completed)


def test_the_written_request_deadline_follows_the_setting(child, case, case_worker, settings):
    settings.URGENT_WRITTEN_REQUEST_WORKING_DAYS = 5
    request = ask(child, case, case_worker, RequestType.URGENT, what_requested="", requested_at=local(2026, 1, 5, 9))

    assert request.written_request_due_at == local(2026, 1, 12, 9)


def test_an_urgent_request_completed_in_time_is_not_late(child, case, case_worker, police_officer):
    request = ask(child, case, case_worker, RequestType.URGENT, what_requested="")
    completed = services.information_request_complete_written(
        request=request, by=case_worker, what_requested="Any weapons markers", reason="Visit today"
    )
    supplied = supply(completed, police_officer)

    far_future = supplied.written_request_due_at + timedelta(days=30)
    assert "written_request_late" not in selectors.rule_breaches(supplied, now=far_future)


def test_the_written_request_is_made_once_and_only_for_an_urgent_request(open_request, child, case, case_worker):
    with pytest.raises(ValidationError) as error:
        services.information_request_complete_written(
            request=open_request, by=case_worker, what_requested="x", reason="y"
        )
    assert "request_type" in error.value.message_dict

    urgent = ask(child, case, case_worker, RequestType.URGENT, what_requested="")
    with pytest.raises(ValidationError) as error:
        services.information_request_complete_written(request=urgent, by=case_worker, what_requested="", reason="")
    assert {"what_requested", "reason"} <= set(error.value.message_dict)
    urgent.refresh_from_db()
    assert urgent.written_request_at is None


# --- Supply needs a system searched and the information supplied ---------------------------


def test_supply_needs_a_system_searched(open_request, police_officer):
    with pytest.raises(ValidationError) as error:
        supply(open_request, police_officer, systems=[])

    assert error.value.message_dict["systems_searched"] == ["Select the systems you searched"]
    assert_unchanged(open_request)


def test_supply_needs_systems_from_the_catalogue(open_request, police_officer):
    with pytest.raises(ValidationError) as error:
        supply(open_request, police_officer, systems=["pnc", "crystal_ball"])

    assert "crystal_ball" in error.value.message_dict["systems_searched"][0]
    assert_unchanged(open_request)


def test_supply_needs_the_information_supplied(open_request, police_officer):
    with pytest.raises(ValidationError) as error:
        supply(open_request, police_officer, supplied="   ")

    assert "information_supplied" in error.value.message_dict
    assert_unchanged(open_request)


def test_no_trace_is_a_shortcut_for_the_information_supplied(open_request, police_officer):
    supplied = supply(open_request, police_officer, supplied="", no_trace=True)

    assert supplied.information_supplied == services.NO_TRACE
    assert supplied.status == RequestStatus.SUPPLIED


def test_only_a_police_officer_supplies(open_request, case_worker):
    with pytest.raises(PermissionDenied):
        supply(open_request, case_worker)
    assert_unchanged(open_request)


# --- Sensitive context: the officer in the case first ------------------------------------------


@pytest.mark.parametrize(
    "context",
    [SensitiveContext.LIVE_INVESTIGATION, SensitiveContext.CHILD_IN_CUSTODY, SensitiveContext.SERIOUS_OFFENCE],
)
def test_a_sensitive_request_needs_the_officer_in_the_case_consulted_first(
    child, case, case_worker, police_officer, context
):
    request = ask(child, case, case_worker, sensitive_context=context)

    with pytest.raises(ValidationError) as error:
        supply(request, police_officer)
    assert {"oic_consulted_name", "oic_consulted_at"} <= set(error.value.message_dict)
    assert_unchanged(request)

    with pytest.raises(ValidationError) as error:
        supply(request, police_officer, oic_consulted_name="DC Patel")
    assert set(error.value.message_dict) == {"oic_consulted_at"}
    assert_unchanged(request)

    consulted_at = timezone.now() - timedelta(hours=1)
    supplied = supply(request, police_officer, oic_consulted_name="DC Patel", oic_consulted_at=consulted_at)
    assert (supplied.oic_consulted_name, supplied.oic_consulted_at) == ("DC Patel", consulted_at)
    assert "oic_not_consulted" not in selectors.rule_breaches(supplied)


def test_the_officer_in_the_case_cannot_be_consulted_in_the_future(child, case, case_worker, police_officer):
    request = ask(child, case, case_worker, sensitive_context=SensitiveContext.LIVE_INVESTIGATION)

    with pytest.raises(ValidationError) as error:
        supply(request, police_officer, oic_consulted_name="DC Patel", oic_consulted_at=timezone.now() + timedelta(1))

    assert "oic_consulted_at" in error.value.message_dict
    assert_unchanged(request)


# --- A safeguarding concern needs a referral before the request closes ------------------------


def test_a_safeguarding_concern_needs_a_referral_before_closing(open_request, police_officer):
    supplied = supply(open_request, police_officer, safeguarding_concern=True)
    assert "safeguarding_referral_missing" in selectors.rule_breaches(supplied)

    with pytest.raises(ValidationError) as error:
        services.information_request_close(request=supplied, by=police_officer)
    assert "safeguarding_referral" in error.value.message_dict
    supplied.refresh_from_db()
    assert supplied.status == RequestStatus.SUPPLIED

    with pytest.raises(ValidationError) as error:
        services.safeguarding_referral_record(
            request=supplied, by=police_officer, to="Children's social care", reference="", made_at=None
        )
    assert {"safeguarding_referral_reference", "safeguarding_referral_at"} <= set(error.value.message_dict)

    made_at = timezone.now() - timedelta(minutes=30)
    referred = services.safeguarding_referral_record(
        request=supplied, by=police_officer, to="Children's social care", reference="MASH-2026-0042", made_at=made_at
    )
    assert (referred.safeguarding_referral_reference, referred.safeguarding_referral_at) == ("MASH-2026-0042", made_at)

    closed = services.information_request_close(request=referred, by=police_officer)
    assert closed.status == RequestStatus.CLOSED
    assert selectors.rule_breaches(closed) == []


def test_a_referral_given_with_the_answer_must_be_complete(open_request, police_officer):
    with pytest.raises(ValidationError) as error:
        supply(open_request, police_officer, safeguarding_concern=True, safeguarding_referral_to="MASH")

    assert {"safeguarding_referral_reference", "safeguarding_referral_at"} <= set(error.value.message_dict)
    assert_unchanged(open_request)


def test_a_request_without_a_concern_closes_at_once(open_request, case_worker, police_officer):
    supplied = supply(open_request, police_officer)

    closed = services.information_request_close(request=supplied, by=case_worker)

    assert closed.status == RequestStatus.CLOSED
    assert closed.closed_at is not None


# --- Phone contact checks --------------------------------------------------------------------


def phone_check(child, case, by, **fields):
    fields.setdefault("contact_name", "Aunt Mary Jones")
    fields.setdefault("contact_phone", "07700 900456")
    return ask(child, case, by, RequestType.PHONE_CONTACT_CHECK, **fields)


def test_a_phone_contact_check_needs_the_contacts_consent(child, case, case_worker):
    with pytest.raises(ValidationError) as error:
        phone_check(child, case, case_worker, contact_consent_given=False)

    assert "contact_consent_given" in error.value.message_dict
    assert not InformationRequest.objects.exists()

    request = phone_check(child, case, case_worker, contact_consent_given=True)
    assert request.contact_consent_recorded_at is not None


@pytest.mark.parametrize(("not_a_victim", "not_a_co_offender"), [(False, True), (True, False), (False, False)])
def test_a_contact_who_is_a_victim_or_co_offender_cannot_be_approved(
    child, case, case_worker, police_officer, not_a_victim, not_a_co_offender
):
    request = phone_check(child, case, case_worker, contact_consent_given=True)
    checks = {"contact_not_a_victim": not_a_victim, "contact_not_a_co_offender": not_a_co_offender}

    with pytest.raises(ValidationError) as error:
        supply(request, police_officer, phone_check_outcome=PhoneCheckOutcome.APPROVED, **checks)
    assert "phone_check_outcome" in error.value.message_dict
    assert_unchanged(request)

    refused = supply(request, police_officer, phone_check_outcome=PhoneCheckOutcome.NOT_APPROVED, **checks)
    assert refused.phone_check_outcome == PhoneCheckOutcome.NOT_APPROVED


def test_a_contact_neither_victim_nor_co_offender_can_be_approved(child, case, case_worker, police_officer):
    request = phone_check(child, case, case_worker, contact_consent_given=True)

    with pytest.raises(ValidationError) as error:
        supply(request, police_officer)
    assert {"contact_not_a_victim", "contact_not_a_co_offender", "phone_check_outcome"} <= set(error.value.message_dict)
    assert_unchanged(request)

    approved = supply(
        request,
        police_officer,
        contact_not_a_victim=True,
        contact_not_a_co_offender=True,
        phone_check_outcome=PhoneCheckOutcome.APPROVED,
    )
    assert approved.phone_check_outcome == PhoneCheckOutcome.APPROVED


# --- Repeat social media viewing needs an authorisation reference ---------------------------


def test_a_repeat_social_media_review_needs_an_authorisation_reference(child, case, case_worker, police_officer):
    with pytest.raises(ValidationError) as error:
        ask(child, case, case_worker, RequestType.SOCIAL_MEDIA_REVIEW, repeat_viewing=True)
    assert "authorisation_reference" in error.value.message_dict
    assert not InformationRequest.objects.exists()

    first_viewing = ask(child, case, case_worker, RequestType.SOCIAL_MEDIA_REVIEW)
    with pytest.raises(ValidationError) as error:
        supply(first_viewing, police_officer, systems=["social_media"], repeat_viewing=True)
    assert "authorisation_reference" in error.value.message_dict
    assert_unchanged(first_viewing)

    supplied = supply(
        first_viewing, police_officer, systems=["social_media"], repeat_viewing=True, authorisation_reference="AUTH-7"
    )
    assert (supplied.repeat_viewing, supplied.authorisation_reference) == (True, "AUTH-7")

    authorised = ask(
        child, case, case_worker, RequestType.SOCIAL_MEDIA_REVIEW, repeat_viewing=True, authorisation_reference="A-9"
    )
    assert "authorisation_missing" not in selectors.rule_breaches(authorised)


# --- Supplied information is final: corrections are addenda ----------------------------------


def test_a_supplied_request_is_never_answered_again(open_request, police_officer):
    supplied = supply(open_request, police_officer)

    with pytest.raises(ValidationError) as error:
        supply(supplied, police_officer, supplied="Something else")

    assert "status" in error.value.message_dict
    supplied.refresh_from_db()
    assert supplied.information_supplied.startswith("Arrested 3 May")
    assert supply_events().count() == 1


def test_the_database_refuses_to_edit_supplied_information(open_request, police_officer):
    supplied = supply(open_request, police_officer)

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE intelligence_informationrequest SET information_supplied = %s WHERE id = %s",
            ["Rewritten", supplied.pk],
        )
    with pytest.raises(DatabaseError), transaction.atomic():
        InformationRequest.objects.filter(pk=supplied.pk).update(supplied_at=timezone.now())

    supplied.refresh_from_db()
    assert supplied.information_supplied.startswith("Arrested 3 May")


def test_the_database_refuses_to_delete_a_request(open_request, police_officer):
    supplied = supply(open_request, police_officer)

    with pytest.raises(DatabaseError), transaction.atomic():
        supplied.delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM intelligence_informationrequest WHERE id = %s", [supplied.pk])

    assert InformationRequest.objects.filter(pk=supplied.pk).exists()


def test_an_addendum_corrects_supplied_information(open_request, police_officer, case_worker):
    with pytest.raises(ValidationError) as error:
        services.addendum_add(request=open_request, by=police_officer, text="Too early")
    assert "request" in error.value.message_dict

    supplied = supply(open_request, police_officer)
    with pytest.raises(ValidationError) as error:
        services.addendum_add(request=supplied, by=police_officer, text="  ")
    assert "text" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.addendum_add(request=supplied, by=case_worker, text="Not mine to add")

    addendum = services.addendum_add(request=supplied, by=police_officer, text="Correction: arrested 4 May")

    assert list(supplied.addenda.all()) == [addendum]
    assert addendum.added_by == police_officer
    supplied.refresh_from_db()
    assert supplied.information_supplied.startswith("Arrested 3 May")
    assert events(addendum, AuditAction.CREATE).exists()
    assert Addendum.objects.count() == 1


# --- Withdrawal ---------------------------------------------------------------------------------


def test_the_requester_withdraws_an_open_request(open_request, case_worker, police_officer):
    with pytest.raises(PermissionDenied):
        services.information_request_withdraw(request=open_request, by=police_officer)

    withdrawn = services.information_request_withdraw(request=open_request, by=case_worker)
    assert withdrawn.status == RequestStatus.WITHDRAWN

    with pytest.raises(ValidationError):
        supply(withdrawn, police_officer)


def test_a_board_member_cannot_ask(child, board_member):
    with pytest.raises(PermissionDenied):
        ask(child, None, board_member)


# --- Who sees a request, and every reading of supplied information audited ---------------------


def test_who_sees_a_request(open_request, case_worker, team_manager, police_officer, colleague, team_south):
    caseworker2 = UserFactory(username="caseworker2", roles=[Role.CASE_WORKER], teams=[team_south])
    manager_south = UserFactory(username="manager-south", roles=[Role.TEAM_MANAGER], teams=[team_south])
    head = UserFactory(username="head", roles=[Role.HEAD_OF_SERVICE])

    for user in (case_worker, team_manager, police_officer, head):
        assert selectors.request_get(user=user, request_id=open_request.pk) == open_request
    for user in (colleague, caseworker2, manager_south):
        with pytest.raises(Http404):
            selectors.request_get(user=user, request_id=open_request.pk)
        assert not selectors.request_list(user=user).exists()


def test_the_allocated_case_worker_sees_a_request_made_by_someone_else(child, case, team_manager, case_worker):
    request = ask(child, case, team_manager)

    assert selectors.request_get(user=case_worker, request_id=request.pk) == request


def test_reading_supplied_information_is_audited(open_request, police_officer, case_worker):
    services.supplied_information_viewed(request=open_request, by=case_worker)
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE).exists()

    supplied = supply(open_request, police_officer)
    services.supplied_information_viewed(request=supplied, by=case_worker)

    event = AuditEvent.objects.get(action=AuditAction.VIEW_SENSITIVE)
    assert (event.actor, event.object_id) == (case_worker, str(supplied.pk))


def test_reading_a_page_of_requests_is_audited_in_one_query(police_officer, case_worker):
    requests = [InformationRequestFactory(supplied=True) for _ in range(5)] + [InformationRequestFactory()]
    listed = list(selectors.request_list(user=police_officer))

    with CaptureQueriesContext(connection) as queries:
        count = services.supplied_information_viewed_many(requests=listed, by=case_worker)

    assert count == 5
    assert len(queries) <= 2  # the insert, and at most the content type once per process
    events = AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE, actor=case_worker)
    assert sorted(events.values_list("object_id", flat=True)) == sorted(str(r.pk) for r in requests[:5])


# --- Turnaround ---------------------------------------------------------------------------------


def test_turnaround_by_type_gives_the_median_and_90th_percentile_in_working_hours(police_officer):
    monday = local(2026, 3, 2, 9)
    for hours in (1, 2, 3, 4):
        InformationRequestFactory(supplied=True, requested_at=monday, supplied_at=monday + timedelta(hours=hours))
    # Monday 09:00 to Tuesday 11:00 is 8 + 2 working hours.
    InformationRequestFactory(supplied=True, requested_at=monday, supplied_at=local(2026, 3, 3, 11))
    InformationRequestFactory(request_type=RequestType.URGENT, requested_at=monday, what_requested="")
    InformationRequestFactory(supplied=True, requested_at=local(2026, 4, 1, 9))  # outside the period

    rows = {
        row.request_type: row
        for row in selectors.turnaround_by_type(user=police_officer, start=date(2026, 3, 1), end=date(2026, 3, 31))
    }

    assert list(rows) == list(RequestType.values)
    risk = rows[RequestType.RISK]
    assert (risk.requests, risk.supplied) == (5, 5)
    assert risk.median_working_hours == 3.0
    assert risk.p90_working_hours == 7.6  # 4 + 0.6 × (10 − 4)
    urgent = rows[RequestType.URGENT]
    assert (urgent.requests, urgent.supplied, urgent.median_working_hours) == (1, 0, None)


def test_turnaround_counts_only_requests_the_user_may_see(colleague, police_officer):
    InformationRequestFactory(supplied=True, requested_at=local(2026, 3, 2, 9))

    seen = selectors.turnaround_by_type(user=colleague, start=date(2026, 3, 1), end=date(2026, 3, 31))

    assert sum(row.requests for row in seen) == 0


def test_the_written_request_cannot_rewrite_what_was_recorded_before_the_answer(
    child, case, case_worker, police_officer
):
    request = ask(child, case, case_worker, RequestType.URGENT, what_requested="Markers at the address")
    supplied = supply(request, police_officer)

    with pytest.raises(ValidationError) as error:
        services.information_request_complete_written(
            request=supplied, by=case_worker, what_requested="Something else", reason="Visit today"
        )
    assert "what_requested" in error.value.message_dict
    supplied.refresh_from_db()
    assert (supplied.what_requested, supplied.written_request_at) == ("Markers at the address", None)

    completed = services.information_request_complete_written(
        request=supplied, by=case_worker, what_requested="Markers at the address", reason="Visit today"
    )
    assert completed.reason == "Visit today"
