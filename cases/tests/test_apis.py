"""The cases REST API (DESIGN.md §7): who sees what, what each role may do, field-level
errors, the audit of sensitive reads, the schema, and constant query counts."""

import datetime
import json
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from drf_spectacular.drainage import reset_generator_stats
from rest_framework.test import APIClient

from cases import services
from cases.models import (
    Assessment,
    CaseStatus,
    CaseTransfer,
    ChildAlias,
    Contact,
    Flag,
    Offence,
    Plan,
    PlanTarget,
    Review,
    Transition,
    VictimContactDetails,
)
from cases.tests.factories import (
    AssessmentFactory,
    CaseFactory,
    ChildFactory,
    FlagFactory,
    VictimContactDetailsFactory,
    VictimFactory,
)
from yjs.api.tokens import api_token_create
from yjs.models import AuditAction, AuditEvent
from yjs.roles import Role
from yjs.tests.factories import UserFactory

API = "/api/v1"
TODAY = timezone.localdate()
VICTIM_PHONE = "07700 900982"
VICTIM_EMAIL = "hidden.victim@example.org"
VICTIM_ADDRESS = "14 Secret Lane, Leeds"
VICTIM_NAME = "Philippa Hiddenname"


def client_for(user) -> APIClient:
    """A client signed in with the user's API token (each request loads the user afresh)."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user)}")
    return client


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids(response) -> set[int]:
    return {row["id"] for row in results(response)}


# --- People and records ------------------------------------------------------------------


@pytest.fixture
def south_worker(team_south):
    return UserFactory(username="caseworker2", roles=[Role.CASE_WORKER], teams=[team_south])


@pytest.fixture
def north_worker2(team_north):
    return UserFactory(username="caseworker3", roles=[Role.CASE_WORKER], teams=[team_north])


@pytest.fixture
def south_manager(team_south):
    return UserFactory(username="manager2", roles=[Role.TEAM_MANAGER], teams=[team_south])


@pytest.fixture
def head(team_north, team_south):
    return UserFactory(username="head", roles=[Role.HEAD_OF_SERVICE], teams=[team_north, team_south])


@pytest.fixture
def victim_worker(team_north, team_south):
    return UserFactory(username="victimworker", roles=[Role.VICTIM_WORKER], teams=[team_north, team_south])


@pytest.fixture
def service_account(db):
    return UserFactory(username="custody-feed", roles=[Role.API_CLIENT])


def open_case(by, team, **kwargs):
    kwargs.setdefault("child", ChildFactory())
    kwargs.setdefault("case_type", "referral_order")
    kwargs.setdefault("start_date", TODAY - datetime.timedelta(days=20))
    return services.case_open(by=by, team=team, **kwargs)


@pytest.fixture
def north_case(team_manager, team_north, case_worker):
    return open_case(team_manager, team_north, allocated_to=case_worker)


@pytest.fixture
def restricted_case(team_manager, team_north, case_worker):
    return open_case(team_manager, team_north, allocated_to=case_worker, restricted=True)


@pytest.fixture
def south_case(south_manager, team_south, south_worker):
    return open_case(south_manager, team_south, allocated_to=south_worker)


@pytest.fixture
def victim(north_case):
    victim = VictimFactory(case=north_case, display_name="Victim A")
    VictimContactDetailsFactory(
        victim=victim, full_name=VICTIM_NAME, phone=VICTIM_PHONE, email=VICTIM_EMAIL, address=VICTIM_ADDRESS
    )
    return victim


def complete(assessment: Assessment, by) -> Assessment:
    return services.assessment_record(
        assessment=assessment,
        by=by,
        completed_date=TODAY,
        likelihood_of_reoffending="medium",
        risk_of_serious_harm="low",
        safety_and_wellbeing="medium",
    )


# --- Acceptance points ---------------------------------------------------------------------


def test_a_south_case_worker_gets_404_for_a_restricted_north_case(south_worker, restricted_case):
    client = client_for(south_worker)

    assert client.get(f"{API}/cases/{restricted_case.pk}/").status_code == 404
    assert restricted_case.pk not in ids(client.get(f"{API}/cases/"))
    assert (
        client.post(f"{API}/cases/{restricted_case.pk}/close/", {"end_date": str(TODAY), "reason": "x"}).status_code
        == 404
    )


def test_a_case_worker_cannot_countersign(case_worker, north_worker2, north_case):
    assessment = complete(north_case.assessments.get(), north_worker2)

    response = client_for(case_worker).post(f"{API}/assessments/{assessment.pk}/countersign/")

    assert response.status_code == 403
    assessment.refresh_from_db()
    assert assessment.countersigned_at is None


def test_a_manager_cannot_countersign_their_own_assessment(team_manager, north_case):
    client = client_for(team_manager)
    assessment = north_case.assessments.get()
    completed = client.patch(
        f"{API}/assessments/{assessment.pk}/",
        {
            "likelihood_of_reoffending": "low",
            "risk_of_serious_harm": "medium",
            "safety_and_wellbeing": "low",
            "completed_date": str(TODAY),
        },
    )
    assert completed.status_code == 200, completed.content
    assert completed.json()["completed_by"] == team_manager.pk

    response = client.post(f"{API}/assessments/{assessment.pk}/countersign/")

    assert response.status_code == 403
    assessment.refresh_from_db()
    assert assessment.countersigned_at is None


def test_another_manager_of_the_team_countersigns(team_manager, case_worker, north_case):
    assessment = complete(north_case.assessments.get(), case_worker)

    response = client_for(team_manager).post(f"{API}/assessments/{assessment.pk}/countersign/")

    assert response.status_code == 200, response.content
    assert response.json()["countersigned_by"] == team_manager.pk
    assert response.json()["countersigned_at"]
    again = client_for(team_manager).post(f"{API}/assessments/{assessment.pk}/countersign/")
    assert again.status_code == 400


def test_a_victims_contact_details_are_in_no_response_a_case_worker_receives(case_worker, north_case, victim):
    client = client_for(case_worker)
    responses = [
        client.get(f"{API}/victims/"),
        client.get(f"{API}/victims/", {"case": north_case.pk}),
        client.get(f"{API}/victims/{victim.pk}/"),
        client.get(f"{API}/cases/"),
        client.get(f"{API}/cases/{north_case.pk}/"),
        client.get(f"{API}/children/"),
        client.get(f"{API}/children/{north_case.child_id}/"),
        client.get(f"{API}/children/", {"search": north_case.child.surname}),
        client.patch(f"{API}/victims/{victim.pk}/", {"wishes": "Would like a letter"}),
        client.post(f"{API}/victims/", {"case": north_case.pk, "display_name": "Victim B"}),
    ]

    for response in responses:
        assert response.status_code in (200, 201), response.content
        text = response.content.decode()
        for secret in (VICTIM_PHONE, "900982", VICTIM_EMAIL, VICTIM_ADDRESS, VICTIM_NAME):
            assert secret not in text
        assert "contact_details" not in text
    assert responses[2].json()["display_name"] == "Victim A"
    assert responses[2].json()["wishes"] == "Wants an apology letter"


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "   "}, {"reason": None}])
def test_removing_a_flag_without_a_reason_is_a_400(police_officer, body):
    flag = FlagFactory(raised_by=police_officer)

    response = client_for(police_officer).post(f"{API}/flags/{flag.pk}/remove/", body)

    assert response.status_code == 400
    assert response.json()["reason"] == ["Enter the reason the flag is being removed"]
    flag.refresh_from_db()
    assert flag.removed_at is None


# --- Who sees what ---------------------------------------------------------------------------


def test_police_see_every_child_and_their_flags_but_no_case_records(police_officer, north_case, south_case):
    FlagFactory(child=south_case.child, raised_by=police_officer, flag_type="weapons")
    client = client_for(police_officer)

    children = client.get(f"{API}/children/")
    assert ids(children) >= {north_case.child_id, south_case.child_id}
    south_child = next(row for row in results(children) if row["id"] == south_case.child_id)
    assert [flag["flag_type"] for flag in south_child["active_flags"]] == ["weapons"]

    detail = client.get(f"{API}/children/{south_case.child_id}/")
    assert detail.status_code == 200
    assert "education_status" not in detail.json()  # identity and flags, not the case record
    assert "social_worker_name" not in detail.json()

    assert [flag["child"] for flag in results(client.get(f"{API}/flags/"))] == [south_case.child_id]
    assessment = north_case.assessments.get()
    assert results(client.get(f"{API}/assessments/")) == []
    assert client.get(f"{API}/assessments/{assessment.pk}/").status_code == 404
    assert results(client.get(f"{API}/cases/")) == []
    assert client.get(f"{API}/cases/{north_case.pk}/").status_code == 404
    assert results(client.get(f"{API}/plans/")) == []
    assert results(client.get(f"{API}/victims/")) == []


@pytest.mark.parametrize("who", ["board_member", "service_account"])
def test_board_members_and_api_clients_see_no_named_child(request, who, north_case, restricted_case):
    FlagFactory(child=north_case.child)
    client = client_for(request.getfixturevalue(who))

    for path in ("children", "cases", "assessments", "victims", "plans", "reviews", "contacts", "flags", "transfers"):
        response = client.get(f"{API}/{path}/")
        assert response.status_code == 200
        assert response.json()["results"] == [], path
    assert results(client.get(f"{API}/children/", {"search": north_case.child.surname})) == []
    assert client.get(f"{API}/children/{north_case.child_id}/").status_code == 404
    assert client.get(f"{API}/cases/{north_case.pk}/").status_code == 404
    assert (
        client.post(f"{API}/children/", {"surname": "A", "forenames": "B", "date_of_birth": "2010-01-01"}).status_code
        == 403
    )


def test_the_head_of_service_sees_everything(head, north_case, restricted_case, south_case):
    client = client_for(head)

    assert ids(client.get(f"{API}/cases/")) == {north_case.pk, restricted_case.pk, south_case.pk}
    assert ids(client.get(f"{API}/children/")) >= {north_case.child_id, south_case.child_id}
    assert len(results(client.get(f"{API}/assessments/"))) == 3
    assert client.get(f"{API}/cases/{restricted_case.pk}/").status_code == 200


def test_the_head_of_service_reads_but_does_not_act(head, north_case):
    client = client_for(head)

    assert client.post(f"{API}/cases/{north_case.pk}/restrict/", {"restricted": True}).status_code == 403
    assert (
        client.post(
            f"{API}/reviews/", {"case": north_case.pk, "trigger": "scheduled", "due_date": str(TODAY)}
        ).status_code
        == 403
    )


def test_a_restricted_case_is_visible_to_its_allocated_case_worker_only(case_worker, north_worker2, restricted_case):
    allocated = client_for(case_worker)
    other = client_for(north_worker2)

    assert allocated.get(f"{API}/cases/{restricted_case.pk}/").status_code == 200
    assert restricted_case.pk in ids(allocated.get(f"{API}/cases/"))
    assert other.get(f"{API}/cases/{restricted_case.pk}/").status_code == 404
    assert restricted_case.pk not in ids(other.get(f"{API}/cases/"))
    assert other.get(f"{API}/children/{restricted_case.child_id}/").status_code == 404


def test_a_case_worker_sees_their_teams_cases_only(case_worker, north_case, south_case):
    client = client_for(case_worker)

    assert ids(client.get(f"{API}/cases/")) == {north_case.pk}
    assert client.get(f"{API}/cases/{south_case.pk}/").status_code == 404
    assert client.get(f"{API}/children/{south_case.child_id}/").status_code == 404
    assert south_case.child_id not in ids(client.get(f"{API}/children/"))


def test_reading_a_restricted_case_is_a_sensitive_view_in_the_audit_trail(case_worker, restricted_case, north_case):
    client = client_for(case_worker)

    assert client.get(f"{API}/cases/{restricted_case.pk}/").status_code == 200
    assert client.get(f"{API}/cases/{north_case.pk}/").status_code == 200

    events = AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE, actor=case_worker)
    assert [(event.actor, event.object_id) for event in events] == [(case_worker, str(restricted_case.pk))]
    assert events.get().ip_address == "127.0.0.1"


def test_a_token_signs_in_to_the_api(case_worker, north_case):
    client = APIClient()
    key = api_token_create(user=case_worker)

    assert client.get(f"{API}/cases/").status_code == 401
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert ids(client.get(f"{API}/cases/")) == {north_case.pk}
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.get(f"{API}/cases/").status_code == 401


def test_a_token_from_the_token_endpoint_lists_children(case_worker, north_case, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": __name__}}
    client = APIClient()
    token = client.post(f"{API}/auth/token/", {"username": "caseworker", "password": "correct-horse-battery-staple"})
    assert token.status_code == 200

    client.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")

    assert north_case.child_id in ids(client.get(f"{API}/children/"))


# --- Children -----------------------------------------------------------------------------------


def test_searching_children_tolerates_typos_and_ranks_the_best_first(case_worker):
    best = ChildFactory(surname="Kowalski", forenames="Siobhan")
    ChildFactory(surname="Kowalczyk", forenames="Simon")
    ChildFactory(surname="Smith", forenames="John")

    response = client_for(case_worker).get(f"{API}/children/", {"search": "Shivon Kowalsky"})

    rows = results(response)
    assert rows[0]["id"] == best.pk
    assert all(row["surname"] != "Smith" for row in rows)


def test_searching_children_finds_an_alias_and_a_pnc_id(case_worker):
    child = ChildFactory(surname="Brown", forenames="Tyler", pnc_id="23/123456A")
    services.child_alias_add(child=child, by=case_worker, surname="Marsh", forenames="Ty")
    client = client_for(case_worker)

    assert [row["id"] for row in results(client.get(f"{API}/children/", {"search": "Ty Marsh"}))] == [child.pk]
    assert [row["id"] for row in results(client.get(f"{API}/children/", {"search": "23/123456A"}))] == [child.pk]


def test_a_case_worker_records_a_child(case_worker):
    response = client_for(case_worker).post(
        f"{API}/children/",
        {
            "surname": "Okafor",
            "forenames": "Daniel",
            "date_of_birth": "2010-05-04",
            "gender": "M",
            "ethnicity": "B2",
            "pnc_id": "24/765432B",
            "looked_after": True,
            "responsible_local_authority": "Leeds",
            "aliases": [{"surname": "Okafor-Smith", "forenames": "Danny"}],
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    for field in ("id", "surname", "forenames", "date_of_birth", "pnc_id", "gender", "ethnicity", "looked_after"):
        assert field in body
    assert body["known_to_yjs"] is True
    assert body["aliases"][0]["surname"] == "Okafor-Smith"
    assert body["active_flags"] == []
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(body["id"]), actor=case_worker).exists()


def test_recording_a_child_needs_their_names_and_a_real_date_of_birth(case_worker):
    client = client_for(case_worker)

    missing = client.post(f"{API}/children/", {})
    assert missing.status_code == 400
    assert missing.json() == {
        "surname": ["Enter the surname"],
        "forenames": ["Enter the forenames"],
        "date_of_birth": ["Enter the date of birth"],
    }

    wrong = client.post(
        f"{API}/children/",
        {"surname": "", "forenames": 7, "date_of_birth": "2010-02-30", "gender": "Q", "looked_after": "perhaps"},
    )
    assert wrong.status_code == 400
    errors = wrong.json()
    assert errors["surname"] == ["Enter the surname"]
    assert errors["date_of_birth"] == ["Date of birth must be a real date, in the format YYYY-MM-DD"]
    assert errors["gender"] == ["Select a valid gender"]
    assert errors["looked_after"] == ["Looked after must be true or false"]
    assert "forenames" not in errors  # a number is read as text

    future = client.post(
        f"{API}/children/",
        {"surname": "A", "forenames": "B", "date_of_birth": str(TODAY + datetime.timedelta(days=1))},
    )
    assert future.status_code == 400
    assert future.json() == {"date_of_birth": ["Date of birth must be in the past"]}


def test_a_police_officer_cannot_record_or_change_a_child(police_officer, north_case):
    client = client_for(police_officer)

    assert (
        client.post(f"{API}/children/", {"surname": "A", "forenames": "B", "date_of_birth": "2010-01-01"}).status_code
        == 403
    )
    assert client.patch(f"{API}/children/{north_case.child_id}/", {"surname": "Changed"}).status_code == 403


def test_a_case_worker_changes_a_childs_record(case_worker, north_case, south_case):
    client = client_for(case_worker)

    response = client.patch(
        f"{API}/children/{north_case.child_id}/", {"surname": "Newname", "education_status": "college"}
    )

    assert response.status_code == 200, response.content
    assert response.json()["surname"] == "Newname"
    assert response.json()["education_status"] == "college"
    assert client.patch(f"{API}/children/{north_case.child_id}/", {"date_of_birth": None}).json() == {
        "date_of_birth": ["Enter the date of birth"]
    }
    assert client.patch(f"{API}/children/{south_case.child_id}/", {"surname": "X"}).status_code == 404


def test_children_are_filtered_and_ordered(case_worker):
    looked_after = ChildFactory(surname="Adams", looked_after=True)
    ChildFactory(surname="Zeller")
    client = client_for(case_worker)

    assert ids(client.get(f"{API}/children/", {"looked_after": "true"})) == {looked_after.pk}
    assert results(client.get(f"{API}/children/", {"ordering": "-surname"}))[0]["surname"] == "Zeller"


# --- Cases ----------------------------------------------------------------------------------------


def test_a_case_worker_opens_a_case_for_their_team(case_worker, team_north):
    child = ChildFactory()

    response = client_for(case_worker).post(
        f"{API}/cases/",
        {
            "child": child.pk,
            "case_type": "youth_rehabilitation_order",
            "team": team_north.pk,
            "start_date": str(TODAY),
            "allocated_to": case_worker.pk,
            "order_end_date": str(TODAY + datetime.timedelta(days=365)),
            "offences": [{"offence_date": "2026-01-02", "description": "Theft from a shop", "gravity_score": 2}],
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert {key: body[key] for key in ("child", "case_type", "team", "allocated_to", "restricted", "status")} == {
        "child": child.pk,
        "case_type": "youth_rehabilitation_order",
        "team": team_north.pk,
        "allocated_to": case_worker.pk,
        "restricted": False,
        "status": "open",
    }
    assert body["offences"][0]["gravity_score"] == 2
    assert Assessment.objects.filter(case_id=body["id"]).count() == 1


def test_opening_a_case_answers_field_errors(case_worker, team_north, south_case):
    client = client_for(case_worker)

    missing = client.post(f"{API}/cases/", {})
    assert missing.status_code == 400
    assert missing.json() == {
        "child": ["Select the child"],
        "case_type": ["Select the case type"],
        "team": ["Select the team"],
        "start_date": ["Enter the start date"],
    }

    wrong = client.post(
        f"{API}/cases/",
        {
            "child": south_case.child_id,  # a child this worker may not see
            "case_type": "banana",
            "team": 10**12,
            "start_date": "yesterday",
            "allocated_to": "someone",
            "restricted": "maybe",
            "offences": [{"offence_date": "2026-13-01", "gravity_score": 9}],
        },
    )
    assert wrong.status_code == 400
    errors = wrong.json()
    assert errors["child"] == ["Select a valid child"]
    assert errors["case_type"] == ["Select a valid case type"]
    assert errors["team"] == ["Select a valid team"]
    assert errors["start_date"] == ["Start date must be a real date, in the format YYYY-MM-DD"]
    assert errors["allocated_to"] == ["Select a valid case worker"]
    assert errors["restricted"] == ["Restricted must be true or false"]
    # DRF numbers the rows of a nested list from 0.
    assert errors["offences"] == {
        "0": {
            "offence_date": ["Offence date must be a real date, in the format YYYY-MM-DD"],
            "description": ["Enter the offence description"],
            "gravity_score": ["Select a valid gravity score"],
        }
    }
    assert client.post(f"{API}/cases/", {"child": "abc", "case_type": ""}).json()["child"] == ["Select a valid child"]


def test_a_case_is_opened_for_ones_own_team_and_allocated_within_it(case_worker, team_south, team_north, south_worker):
    client = client_for(case_worker)
    child = ChildFactory()
    body = {"child": child.pk, "case_type": "prevention", "start_date": str(TODAY)}

    assert client.post(f"{API}/cases/", body | {"team": team_south.pk}).status_code == 403
    other_team = client.post(f"{API}/cases/", body | {"team": team_north.pk, "allocated_to": south_worker.pk})
    assert other_team.status_code == 400
    assert other_team.json() == {"allocated_to": ["Allocate the case to a member of its team"]}


def test_a_manager_allocates_restricts_and_closes_a_case(team_manager, north_case, north_worker2):
    client = client_for(team_manager)

    allocated = client.post(f"{API}/cases/{north_case.pk}/allocate/", {"allocated_to": north_worker2.pk})
    assert allocated.status_code == 200, allocated.content
    assert allocated.json()["allocated_to"] == north_worker2.pk

    restricted = client.post(f"{API}/cases/{north_case.pk}/restrict/", {"restricted": True})
    assert restricted.json()["restricted"] is True

    no_reason = client.post(f"{API}/cases/{north_case.pk}/close/", {"end_date": str(TODAY)})
    assert no_reason.status_code == 400
    assert no_reason.json() == {"reason": ["Enter the reason the case is closing"]}
    too_early = client.post(f"{API}/cases/{north_case.pk}/close/", {"end_date": "2000-01-01", "reason": "Done"})
    assert too_early.json() == {"end_date": ["The end date must be on or after the start date"]}

    closed = client.post(f"{API}/cases/{north_case.pk}/close/", {"end_date": str(TODAY), "reason": "Order completed"})
    assert closed.status_code == 200
    assert closed.json()["status"] == CaseStatus.CLOSED
    assert closed.json()["closure_reason"] == "Order completed"


def test_a_case_worker_may_not_allocate_restrict_or_close(case_worker, north_case):
    client = client_for(case_worker)

    assert client.post(f"{API}/cases/{north_case.pk}/allocate/", {"allocated_to": case_worker.pk}).status_code == 403
    assert client.post(f"{API}/cases/{north_case.pk}/restrict/", {"restricted": True}).status_code == 403
    assert (
        client.post(f"{API}/cases/{north_case.pk}/close/", {"end_date": str(TODAY), "reason": "x"}).status_code == 403
    )
    north_case.refresh_from_db()
    assert (north_case.restricted, north_case.status) == (False, CaseStatus.OPEN)


def test_allocating_needs_a_member_of_the_team(team_manager, north_case, south_worker):
    client = client_for(team_manager)

    assert client.post(f"{API}/cases/{north_case.pk}/allocate/", {}).json() == {
        "allocated_to": ["Select the case worker"]
    }
    assert client.post(f"{API}/cases/{north_case.pk}/allocate/", {"allocated_to": south_worker.pk}).json() == {
        "allocated_to": ["Allocate the case to a member of its team"]
    }


def test_cases_are_filtered(team_manager, north_case, restricted_case):
    client = client_for(team_manager)

    assert ids(client.get(f"{API}/cases/", {"restricted": "true"})) == {restricted_case.pk}
    assert ids(client.get(f"{API}/cases/", {"child": north_case.child_id})) == {north_case.pk}
    assert client.get(f"{API}/cases/", {"child": "abc"}).status_code == 400


# --- Assessments -----------------------------------------------------------------------------------


def test_assessments_are_filtered_by_case_overdue_and_awaiting_countersignature(team_manager, case_worker, north_case):
    overdue = AssessmentFactory(case=north_case, due_date=TODAY - datetime.timedelta(days=3))
    waiting = complete(north_case.assessments.exclude(pk=overdue.pk).get(), case_worker)
    other = AssessmentFactory(due_date=TODAY + datetime.timedelta(days=5), case__created_by=team_manager)
    client = client_for(team_manager)

    assert ids(client.get(f"{API}/assessments/", {"overdue": "true"})) == {overdue.pk}
    assert ids(client.get(f"{API}/assessments/", {"awaiting_countersignature": "true"})) == {waiting.pk}
    assert ids(client.get(f"{API}/assessments/", {"case": north_case.pk})) == {overdue.pk, waiting.pk}
    assert ids(client.get(f"{API}/assessments/", {"overdue": "false"})) == {waiting.pk, other.pk}
    assert client.get(f"{API}/assessments/", {"case": "abc"}).status_code == 400


def test_completing_an_assessment_needs_the_three_ratings(case_worker, north_case):
    assessment = north_case.assessments.get()
    client = client_for(case_worker)

    response = client.patch(f"{API}/assessments/{assessment.pk}/", {"completed_date": str(TODAY)})

    assert response.status_code == 400
    assert set(response.json()) == {"likelihood_of_reoffending", "risk_of_serious_harm", "safety_and_wellbeing"}
    assert response.json()["likelihood_of_reoffending"] == ["Select the likelihood of reoffending"]
    wrong = client.patch(
        f"{API}/assessments/{assessment.pk}/", {"likelihood_of_reoffending": "very_high", "trauma_noted": "x"}
    )
    assert wrong.json() == {
        "likelihood_of_reoffending": ["Select a valid likelihood of reoffending"],
        "trauma_noted": ["Trauma noted must be true or false"],
    }
    future = client.patch(
        f"{API}/assessments/{assessment.pk}/",
        {
            "likelihood_of_reoffending": "low",
            "risk_of_serious_harm": "low",
            "safety_and_wellbeing": "low",
            "completed_date": str(TODAY + datetime.timedelta(days=2)),
        },
    )
    assert future.json() == {"completed_date": ["The completed date must be today or in the past"]}


def test_recording_an_assessment(case_worker, north_case):
    assessment = north_case.assessments.get()

    response = client_for(case_worker).patch(
        f"{API}/assessments/{assessment.pk}/", {"child_view": "I want to go to college", "trauma_noted": True}
    )

    assert response.status_code == 200, response.content
    assert response.json()["child_view"] == "I want to go to college"
    assert response.json()["completed_date"] is None
    assert client_for(case_worker).get(f"{API}/assessments/{assessment.pk}/").json()["trauma_noted"] is True


def test_a_countersigned_assessment_cannot_be_changed(case_worker, team_manager, north_case):
    assessment = complete(north_case.assessments.get(), case_worker)
    services.assessment_countersign(assessment=assessment, by=team_manager)

    response = client_for(case_worker).patch(f"{API}/assessments/{assessment.pk}/", {"summary": "Changed"})

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["A countersigned assessment cannot be changed"]}


# --- Victims ------------------------------------------------------------------------------------------


def test_a_victim_worker_reads_contact_details_and_the_read_is_audited(victim_worker, victim):
    client = client_for(victim_worker)

    response = client.get(f"{API}/victims/{victim.pk}/")

    assert response.status_code == 200, response.content
    assert response.json()["contact_details"]["phone"] == VICTIM_PHONE
    event = AuditEvent.objects.get(action=AuditAction.VIEW_SENSITIVE, actor=victim_worker)
    assert (event.actor, event.object_id) == (victim_worker, str(victim.pk))
    assert VICTIM_PHONE not in json.dumps(event.detail)
    # The list never carries contact details, so every read of them is one audited retrieve.
    assert VICTIM_PHONE not in client.get(f"{API}/victims/").content.decode()


def test_a_case_worker_records_a_victim_but_not_their_contact_details(case_worker, north_case):
    client = client_for(case_worker)

    added = client.post(f"{API}/victims/", {"case": north_case.pk, "display_name": "Shop", "is_organisation": True})
    assert added.status_code == 201, added.content
    assert added.json()["is_organisation"] is True

    refused = client.post(
        f"{API}/victims/",
        {"case": north_case.pk, "display_name": "Victim B", "contact_details": {"full_name": "X", "phone": "01"}},
    )
    assert refused.status_code == 403
    assert not VictimContactDetails.objects.filter(victim__case=north_case).exists()


def test_a_victim_worker_records_contact_details(victim_worker, victim):
    response = client_for(victim_worker).patch(
        f"{API}/victims/{victim.pk}/", {"contact_details": {"phone": "07700 900111"}, "consent_to_share": True}
    )

    assert response.status_code == 200, response.content
    victim.contact_details.refresh_from_db()
    assert victim.contact_details.phone == "07700 900111"
    assert response.json()["consent_to_share"] is True
    bad_email = client_for(victim_worker).patch(
        f"{API}/victims/{victim.pk}/", {"contact_details": {"email": "not-an-email"}}
    )
    assert bad_email.json() == {
        "contact_details": {"email": ["Enter an email address in the correct format, like name@example.com"]}
    }


def test_victims_are_only_seen_with_their_case(south_worker, victim):
    client = client_for(south_worker)

    assert results(client.get(f"{API}/victims/")) == []
    assert client.get(f"{API}/victims/{victim.pk}/").status_code == 404
    assert client.patch(f"{API}/victims/{victim.pk}/", {"wishes": "x"}).status_code == 404
    assert client.post(f"{API}/victims/", {"case": victim.case_id, "display_name": "B"}).json() == {
        "case": ["Select a valid case"]
    }


# --- Plans, reviews, contacts -------------------------------------------------------------------------


TARGET = {"what": "Go to college three days a week", "who": "Me and my YJS worker", "by_when": "2026-09-01"}


def test_a_plan_is_written_with_targets_and_countersigned_by_a_manager(case_worker, team_manager, north_case):
    assessment = north_case.assessments.get()
    response = client_for(case_worker).post(
        f"{API}/plans/",
        {
            "case": north_case.pk,
            "assessment": assessment.pk,
            "contingency": "Call the duty manager",
            "targets": [TARGET | {"how_i_will_know": "My attendance sheet"}],
        },
    )
    assert response.status_code == 201, response.content
    plan = response.json()
    assert plan["targets"][0]["what"] == TARGET["what"]
    assert plan["assessment"] == assessment.pk

    assert client_for(case_worker).post(f"{API}/plans/{plan['id']}/countersign/").status_code == 403
    signed = client_for(team_manager).post(f"{API}/plans/{plan['id']}/countersign/")
    assert signed.status_code == 200
    assert signed.json()["countersigned_by"] == team_manager.pk
    assert ids(client_for(case_worker).get(f"{API}/plans/", {"case": north_case.pk})) == {plan["id"]}


@pytest.mark.parametrize("targets", [None, [], "a target"])
def test_a_plan_needs_a_target(case_worker, north_case, targets):
    body = {"case": north_case.pk} | ({} if targets is None else {"targets": targets})

    response = client_for(case_worker).post(f"{API}/plans/", body)

    assert response.status_code == 400
    assert "targets" in response.json()
    assert not north_case.plans.exists()


def test_a_plan_target_answers_field_errors(case_worker, north_case):
    response = client_for(case_worker).post(
        f"{API}/plans/", {"case": north_case.pk, "targets": [{"what": "", "by_when": "soon"}]}
    )

    assert response.json() == {
        "targets": {
            "0": {
                "what": ["Enter the target"],
                "who": ["Enter the person who will help"],
                "by_when": ["Target date must be a real date, in the format YYYY-MM-DD"],
                "how_i_will_know": ["Enter the way the child will know the target is done"],
            }
        }
    }


def test_a_review_is_scheduled_and_completed(case_worker, north_case):
    client = client_for(case_worker)

    scheduled = client.post(
        f"{API}/reviews/",
        {"case": north_case.pk, "trigger": "new_arrest", "due_date": str(TODAY), "trigger_detail": "x"},
    )
    assert scheduled.status_code == 201, scheduled.content
    review_id = scheduled.json()["id"]

    no_outcome = client.post(f"{API}/reviews/{review_id}/complete/", {"outcome": " "})
    assert no_outcome.json() == {"outcome": ["Enter the outcome of the review"]}
    completed = client.post(f"{API}/reviews/{review_id}/complete/", {"outcome": "Plan updated"})
    assert completed.status_code == 200
    assert completed.json()["completed_date"] == str(TODAY)
    assert ids(client.get(f"{API}/reviews/", {"completed": "true"})) == {review_id}
    assert client.post(f"{API}/reviews/", {"case": north_case.pk, "trigger": "party"}).json() == {
        "trigger": ["Select a valid reason for the review"],
        "due_date": ["Enter the due date"],
    }


def test_a_contact_is_recorded(case_worker, north_case):
    client = client_for(case_worker)
    when = "2026-03-02T10:30"

    recorded = client.post(
        f"{API}/contacts/",
        {
            "case": north_case.pk,
            "contact_type": "home_visit",
            "scheduled_at": when,
            "attendance": "did_not_attend",
            "enforcement_step": "warning",
        },
    )
    assert recorded.status_code == 201, recorded.content
    assert recorded.json()["enforcement_step"] == "warning"

    refused = client.post(
        f"{API}/contacts/",
        {
            "case": north_case.pk,
            "contact_type": "office",
            "scheduled_at": when,
            "attendance": "attended",
            "enforcement_step": "breach",
        },
    )
    assert refused.json() == {"enforcement_step": ["An enforcement step follows a missed appointment"]}
    bad_time = client.post(
        f"{API}/contacts/", {"case": north_case.pk, "contact_type": "office", "scheduled_at": "noon"}
    )
    assert bad_time.json() == {
        "scheduled_at": ["Date and time of the contact must be a real date and time, in the format YYYY-MM-DDTHH:MM"]
    }


# --- Flags, transfers, transitions --------------------------------------------------------------------------


def test_a_police_officer_raises_and_removes_a_flag(police_officer, south_case):
    client = client_for(police_officer)

    raised = client.post(f"{API}/flags/", {"child": south_case.child_id, "flag_type": "threat_to_life", "note": "TTL"})
    assert raised.status_code == 201, raised.content
    flag_id = raised.json()["id"]
    assert raised.json()["active"] is True

    removed = client.post(f"{API}/flags/{flag_id}/remove/", {"reason": "Notice withdrawn"})
    assert removed.status_code == 200
    assert removed.json()["active"] is False
    assert removed.json()["removal_reason"] == "Notice withdrawn"
    assert ids(client.get(f"{API}/flags/", {"active": "true"})) == set()
    assert client.post(f"{API}/flags/{flag_id}/remove/", {"reason": "again"}).status_code == 400


def test_a_flag_names_a_visible_child_and_one_of_its_cases(police_officer, case_worker, north_case, south_case):
    police = client_for(police_officer)
    assert police.post(
        f"{API}/flags/", {"child": north_case.child_id, "case": north_case.pk, "flag_type": "weapons"}
    ).json() == {"case": ["Select a valid case"]}  # police officers see no cases

    worker = client_for(case_worker)
    assert worker.post(f"{API}/flags/", {"child": south_case.child_id, "flag_type": "weapons"}).json() == {
        "child": ["Select a valid child"]
    }
    assert worker.post(f"{API}/flags/", {"child": north_case.child_id, "flag_type": "?"}).json() == {
        "flag_type": ["Select a valid type of flag"]
    }
    other_child_case = open_case(case_worker, north_case.team)
    assert worker.post(
        f"{API}/flags/", {"child": north_case.child_id, "case": other_child_case.pk, "flag_type": "weapons"}
    ).json() == {"case": ["Choose a case of this child"]}


def test_a_flag_the_user_cannot_see_is_not_found(case_worker, south_case):
    flag = FlagFactory(child=south_case.child)

    assert client_for(case_worker).post(f"{API}/flags/{flag.pk}/remove/", {"reason": "x"}).status_code == 404


def test_a_manager_transfers_a_case_and_records_its_acceptance(team_manager, case_worker, north_case):
    client = client_for(team_manager)
    body = {"case": north_case.pk, "home_service": "Leeds YJS", "host_service": "Bradford YJS", "reason": "Moved"}

    assert client_for(case_worker).post(f"{API}/transfers/", body).status_code == 403
    requested = client.post(f"{API}/transfers/", body)
    assert requested.status_code == 201, requested.content
    transfer_id = requested.json()["id"]
    assert ids(client.get(f"{API}/transfers/")) == {transfer_id}

    assert client.post(f"{API}/transfers/{transfer_id}/accept/", {}).json() == {
        "accepted_on": ["Enter the date the case was accepted"],
        "accepted_by_name": ["Enter the name of who accepted the case"],
    }
    accepted = client.post(
        f"{API}/transfers/{transfer_id}/accept/", {"accepted_on": str(TODAY), "accepted_by_name": "J Bloggs"}
    )
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["accepted_on"] == str(TODAY)
    north_case.refresh_from_db()
    assert north_case.status == CaseStatus.TRANSFERRED


def test_a_manager_records_the_transition_decision(team_manager, case_worker, north_case):
    body = {"case": north_case.pk, "decision": "retain", "reason": "Order ends in six weeks"}

    assert client_for(case_worker).post(f"{API}/transitions/", body).status_code == 403
    decided = client_for(team_manager).post(f"{API}/transitions/", body)
    assert decided.status_code == 201, decided.content
    assert decided.json()["decision"] == "retain"
    again = client_for(team_manager).post(f"{API}/transitions/", body)
    assert again.status_code == 400
    assert "case" in again.json()
    assert client_for(team_manager).post(f"{API}/transitions/", {"case": north_case.pk, "decision": "x"}).json() == {
        "decision": ["Select a valid decision"],
        "reason": ["Enter the reason for the decision"],
    }
    assert Transition.objects.filter(case=north_case).count() == 1


# --- Bad input is never a 500 ---------------------------------------------------------------------------------

WRITES = [
    ("post", "children/"),
    ("patch", "children/{child}/"),
    ("post", "cases/"),
    ("post", "cases/{case}/allocate/"),
    ("post", "cases/{case}/close/"),
    ("post", "cases/{case}/restrict/"),
    ("patch", "assessments/{assessment}/"),
    ("post", "victims/"),
    ("patch", "victims/{victim}/"),
    ("post", "plans/"),
    ("post", "reviews/"),
    ("post", "reviews/{review}/complete/"),
    ("post", "contacts/"),
    ("post", "flags/"),
    ("post", "flags/{flag}/remove/"),
    ("post", "transfers/"),
    ("post", "transfers/{transfer}/accept/"),
    ("post", "transitions/"),
]
JUNK = [
    [],
    "just text",
    {"case": 10**30, "child": 10**30, "allocated_to": -1, "team": 1.5},
    {
        "case": [1],
        "child": {"id": 1},
        "surname": "x" * 500,
        "date_of_birth": "0000-00-00",
        "start_date": "31/02/2026",
        "end_date": 20260101,
        "case_type": None,
        "trigger": ["scheduled"],
        "targets": [None, 1, "x"],
        "offences": {"a": 1},
        "contact_details": "phone",
        "completed_date": "2026-02-30",
        "scheduled_at": "2026-03-29T01:30",
        "reason": {"x": 1},
        "restricted": None,
        "accepted_on": "",
        "aliases": [{"surname": None}],
        "police_local_ids": "abc",
        "note": "nul \x00 byte",
    },
]


@pytest.fixture
def every_record(team_manager, case_worker, north_case, victim):
    plan = services.plan_write(case=north_case, by=case_worker, targets=[TARGET | {"how_i_will_know": "x"}])
    review = services.review_schedule(case=north_case, by=case_worker, trigger="scheduled", due_date=TODAY)
    transfer = services.case_transfer_request(
        case=north_case, by=team_manager, home_service="A", host_service="B", reason="Moved"
    )
    flag = FlagFactory(child=north_case.child, raised_by=case_worker)
    return {
        "child": north_case.child_id,
        "case": north_case.pk,
        "assessment": north_case.assessments.get().pk,
        "victim": victim.pk,
        "plan": plan.pk,
        "review": review.pk,
        "transfer": transfer.pk,
        "flag": flag.pk,
    }


@pytest.mark.parametrize("body", JUNK, ids=["list", "text", "huge-ids", "wrong-types"])
@pytest.mark.parametrize(("method", "path"), WRITES)
def test_bad_input_is_a_400_never_a_500(team_manager, every_record, method, path, body):
    url = f"{API}/{path.format(**every_record)}"

    response = getattr(client_for(team_manager), method)(url, json.dumps(body), content_type="application/json")

    # A PATCH ignores fields it does not change (the ids here); everything else is refused.
    ignored = method == "patch" and isinstance(body, dict) and "surname" not in body
    assert response.status_code == (200 if ignored else 400), (url, response.content)
    assert isinstance(response.json(), dict)


def test_malformed_json_and_unknown_ids_are_not_500s(team_manager):
    client = client_for(team_manager)

    assert client.post(f"{API}/cases/", "{not json", content_type="application/json").status_code == 400
    assert client.get(f"{API}/cases/{10**30}/").status_code == 404
    assert client.get(f"{API}/children/99999999/").status_code == 404
    assert client.get(f"{API}/cases/", {"page": "abc"}).status_code == 404
    assert client.get(f"{API}/cases/", {"ordering": "password"}).status_code == 200
    assert client.get(f"{API}/children/", {"search": "\x00'; drop table--"}).status_code == 200


# --- Query counts: the same for 10 rows as for 100 --------------------------------------------------------------


def _make_children(n, people):
    for child in ChildFactory.create_batch(n):
        ChildAlias.objects.create(child=child, surname=f"Alias{child.pk}")
        FlagFactory(child=child, raised_by=people["police"])


def _make_search_children(n, people):
    for child in ChildFactory.create_batch(n, surname="Hargreaves"):
        ChildAlias.objects.create(child=child, surname="Hargreave")
        FlagFactory(child=child, raised_by=people["police"])


def _cases(n, people):
    return CaseFactory.create_batch(
        n, team=people["team"], created_by=people["manager"], allocated_to=people["worker"], restricted=False
    )


def _make_cases(n, people):
    for case in _cases(n, people):
        Offence.objects.create(case=case, offence_date=TODAY, description="Criminal damage")


def _make_assessments(n, people):
    for case in _cases(n, people):
        AssessmentFactory(case=case, completed_by=people["worker"], completed_date=TODAY, countersigned_by=None)


def _make_victims(n, people):
    for case in _cases(n, people):
        VictimContactDetailsFactory(victim=VictimFactory(case=case))


def _make_plans(n, people):
    for case in _cases(n, people):
        plan = Plan.objects.create(case=case, written_by=people["worker"], countersigned_by=people["manager"])
        for _ in range(2):
            PlanTarget.objects.create(plan=plan, what="x", who="me", by_when=TODAY, how_i_will_know="y")


def _make_reviews(n, people):
    for case in _cases(n, people):
        Review.objects.create(case=case, trigger="scheduled", due_date=TODAY, completed_by=people["worker"])


def _make_contacts(n, people):
    for case in _cases(n, people):
        Contact.objects.create(
            case=case, contact_type="office", scheduled_at=timezone.now(), recorded_by=people["worker"]
        )


def _make_flags(n, people):
    for case in _cases(n, people):
        Flag.objects.create(
            child=case.child,
            case=case,
            flag_type="weapons",
            raised_by=people["worker"],
            removed_by=people["manager"],
            removed_at=timezone.now(),
            removal_reason="Gone",
        )


def _make_transfers(n, people):
    for case in _cases(n, people):
        CaseTransfer.objects.create(
            case=case, home_service="A", host_service="B", reason="r", requested_by=people["manager"]
        )


LISTS: list[tuple[str, dict, str, Callable]] = [
    ("children/", {}, "worker", _make_children),
    ("children/", {"search": "Hargreaves"}, "worker", _make_search_children),
    ("children/", {}, "police", _make_children),
    ("cases/", {}, "worker", _make_cases),
    ("cases/", {}, "manager", _make_cases),
    ("assessments/", {}, "manager", _make_assessments),
    ("victims/", {}, "worker", _make_victims),
    ("victims/", {}, "victim_worker", _make_victims),
    ("plans/", {}, "manager", _make_plans),
    ("reviews/", {}, "manager", _make_reviews),
    ("contacts/", {}, "worker", _make_contacts),
    ("flags/", {}, "police", _make_flags),
    ("flags/", {}, "worker", _make_flags),
    ("transfers/", {}, "manager", _make_transfers),
]


@pytest.mark.parametrize(("path", "params", "viewer", "make"), LISTS, ids=[f"{p}{q}-{v}" for p, q, v, _ in LISTS])
def test_a_list_takes_as_many_queries_for_100_rows_as_for_10(
    team_north, case_worker, team_manager, police_officer, victim_worker, path, params, viewer, make
):
    people = {
        "team": team_north,
        "worker": case_worker,
        "manager": team_manager,
        "police": police_officer,
        "victim_worker": victim_worker,
    }
    client = client_for(people[viewer])

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{API}/{path}", params | {"page_size": 500})
        assert response.status_code == 200, response.content
        return len(queries), len(response.json()["results"])

    make(10, people)
    queries_for_10, rows = count()
    assert rows == 10
    make(90, people)
    queries_for_100, rows = count()

    assert rows == (20 if "search" in params else 100)  # a search answers its best 20
    assert queries_for_100 == queries_for_10


# --- The schema ---------------------------------------------------------------------------------------------


def test_the_schema_documents_every_cases_endpoint_without_warnings(db, tmp_path):
    reset_generator_stats()
    target = tmp_path / "schema.json"

    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", "--file", str(target))

    paths = json.loads(target.read_text())["paths"]
    for path in (
        "/api/v1/children/",
        "/api/v1/children/{child_id}/",
        "/api/v1/cases/",
        "/api/v1/cases/{case_id}/",
        "/api/v1/cases/{case_id}/allocate/",
        "/api/v1/cases/{case_id}/close/",
        "/api/v1/cases/{case_id}/restrict/",
        "/api/v1/assessments/",
        "/api/v1/assessments/{assessment_id}/",
        "/api/v1/assessments/{assessment_id}/countersign/",
        "/api/v1/victims/",
        "/api/v1/victims/{victim_id}/",
        "/api/v1/plans/",
        "/api/v1/plans/{plan_id}/countersign/",
        "/api/v1/reviews/",
        "/api/v1/reviews/{review_id}/complete/",
        "/api/v1/contacts/",
        "/api/v1/flags/",
        "/api/v1/flags/{flag_id}/remove/",
        "/api/v1/transfers/",
        "/api/v1/transfers/{transfer_id}/accept/",
        "/api/v1/transitions/",
    ):
        assert path in paths, path
    children = paths["/api/v1/children/"]["get"]
    assert "search" in {parameter["name"] for parameter in children["parameters"]}
