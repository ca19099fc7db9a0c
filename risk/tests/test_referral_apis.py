"""The referrals API (DESIGN.md §7, §9) and issue #19's acceptance 1, through the API as a case worker:
an assessment rated risk of serious harm high refers the case once; a threat-to-life flag refers it
and opens a review; a custody record of the child while a rating is medium or above refers it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from cases import services as case_services
from cases.tests.factories import ChildFactory
from custody import tasks as custody_tasks
from risk.models import Referral, ReferralStatus
from risk.services.referrals import referral_make
from risk.tests.factories_referrals import RiskReferralFactory
from yjs.api.tokens import api_token_create
from yjs.models import AuditAction, AuditEvent
from yjs.roles import Role
from yjs.tests.factories import UserFactory

API = "/api/v1"
REFERRALS = f"{API}/risk/referrals/"
TODAY = timezone.localdate()
FIELDS = {
    "id",
    "case",
    "child",
    "child_name",
    "reason",
    "reason_label",
    "automatic",
    "trigger",
    "detail",
    "referred_at",
    "referred_by",
    "referred_by_name",
    "status",
    "declined_by",
    "declined_by_name",
    "declined_at",
    "decline_reason",
}


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user)}")
    return client


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def open_case(by, team, **kwargs):
    if "child" not in kwargs:
        kwargs["child"] = ChildFactory()
    return case_services.case_open(
        by=by, team=team, case_type="referral_order", start_date=TODAY - datetime.timedelta(days=20), **kwargs
    )


def complete_through_the_api(client, case, *, rosh, safety="low"):
    assessment = case.assessments.order_by("-id").first()
    response = client.patch(
        f"{API}/assessments/{assessment.pk}/",
        {
            "likelihood_of_reoffending": "medium",
            "risk_of_serious_harm": rosh,
            "safety_and_wellbeing": safety,
            "completed_date": TODAY.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    return assessment


@pytest.fixture
def child():
    return ChildFactory(surname="Whitfield", forenames="Jayden", date_of_birth=datetime.date(2010, 5, 1))


@pytest.fixture
def case(team_manager, team_north, case_worker, child):
    return open_case(team_manager, team_north, child=child, allocated_to=case_worker)


@pytest.fixture
def worker(case_worker):
    return client_for(case_worker)


@pytest.fixture
def south_manager(team_south):
    return UserFactory(username="manager2", roles=[Role.TEAM_MANAGER], teams=[team_south])


# --- Acceptance 1 -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_assessment_rated_rosh_high_refers_the_case_once(worker, case):
    assessment = complete_through_the_api(worker, case, rosh="high")

    [referral] = results(worker.get(REFERRALS, {"case": case.pk}))
    assert set(referral) == FIELDS
    assert {key: referral[key] for key in ("case", "reason", "automatic", "status", "trigger", "referred_by")} == {
        "case": case.pk,
        "reason": "rosh",
        "automatic": True,
        "status": "awaiting",
        "trigger": f"assessment:{assessment.pk}",
        "referred_by": None,
    }
    assert referral["referred_at"]

    complete_through_the_api(worker, case, rosh="high")  # completed again
    response = worker.patch(f"{API}/assessments/{assessment.pk}/", {"summary": "Recorded again"}, format="json")
    assert response.status_code == 200
    assert [row["id"] for row in results(worker.get(REFERRALS, {"case": case.pk}))] == [referral["id"]]


@pytest.mark.django_db
def test_a_threat_to_life_flag_refers_the_case_and_opens_a_review(worker, case):
    response = worker.post(
        f"{API}/flags/",
        {"child": case.child_id, "flag_type": "threat_to_life", "note": "Osman warning served"},
        format="json",
    )
    assert response.status_code == 201, response.content
    flag_id = response.json()["id"]

    [referral] = results(worker.get(REFERRALS, {"case": case.pk}))
    assert (referral["reason"], referral["automatic"], referral["trigger"]) == (
        "threat_to_life",
        True,
        f"flag:{flag_id}",
    )
    [review] = results(worker.get(f"{API}/reviews/", {"case": case.pk}))
    assert review["trigger"] == "threat_to_life"
    assert review["completed_date"] is None


@pytest.mark.django_db
def test_the_reviews_list_filters_by_case(worker, case, team_manager, team_north):
    other = open_case(team_manager, team_north)
    for each in (case, other):
        case_services.flag_raise(child=each.child, by=team_manager, flag_type="missing")
    assert {row["case"] for row in results(worker.get(f"{API}/reviews/", {"case": case.pk}))} == {case.pk}
    assert worker.get(f"{API}/reviews/", {"case": "abc"}).status_code == 400


def push_custody_record(monkeypatch, django_capture_on_commit_callbacks, detained_at: str) -> None:
    """The custody feed pushes a row of the child (the real ingest); the notifications it queues
    once the batch commits run as the worker would run them."""
    task = custody_tasks.records_notify_task
    monkeypatch.setattr(task, "apply_async", lambda args, **kwargs: task.run(*args))
    feed = UserFactory(username="custody-feed", roles=[Role.API_CLIENT])
    row = {
        "force_code": "WYP",
        "custody_ref": "C1",
        "detained_at": detained_at,
        "surname": "Whitfield",
        "forenames": "Jayden",
        "date_of_birth": "2010-05-01",
        "suite": "Leeds District",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(feed).post(f"{API}/custody/records/", [row], format="json")
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("rosh", "safety"), [("medium", "low"), ("low", "medium"), ("high", "low")])
def test_a_custody_record_while_a_rating_is_medium_or_above_refers_the_case(
    worker, case, rosh, safety, monkeypatch, django_capture_on_commit_callbacks
):
    complete_through_the_api(worker, case, rosh=rosh, safety=safety)
    push_custody_record(monkeypatch, django_capture_on_commit_callbacks, "2026-03-01T22:10")

    [review] = results(worker.get(f"{API}/reviews/", {"case": case.pk}))
    assert review["trigger"] == "new_arrest"
    arrests = results(worker.get(REFERRALS, {"case": case.pk, "reason": "arrest"}))
    assert [(row["reason"], row["trigger"], row["automatic"]) for row in arrests] == [
        ("arrest", f"review:{review['id']}", True)
    ]
    assert "Held in police custody at Leeds District" in arrests[0]["detail"]


@pytest.mark.django_db
def test_a_custody_record_while_both_ratings_are_low_refers_nobody(
    worker, case, monkeypatch, django_capture_on_commit_callbacks
):
    complete_through_the_api(worker, case, rosh="low", safety="low")
    push_custody_record(monkeypatch, django_capture_on_commit_callbacks, "2026-03-01T22:10")
    assert [row["trigger"] for row in results(worker.get(f"{API}/reviews/", {"case": case.pk}))] == ["new_arrest"]
    assert results(worker.get(REFERRALS, {"case": case.pk})) == []


# --- A manual referral, and declining one ----------------------------------------------------------


@pytest.mark.django_db
def test_a_manual_referral_needs_a_reason(worker, case, case_worker):
    for body in ({"case": case.pk}, {"case": case.pk, "detail": "   "}):
        response = worker.post(REFERRALS, body, format="json")
        assert response.status_code == 400, response.content
        assert response.json() == {"detail": ["Enter the reason for the referral"]}
    response = worker.post(REFERRALS, {"detail": "Worried"}, format="json")
    assert response.json() == {"case": ["Select the case"]}
    assert not Referral.objects.exists()

    response = worker.post(REFERRALS, {"case": case.pk, "detail": "Seen carrying a knife"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["reason"], body["automatic"], body["detail"], body["referred_by"], body["trigger"]) == (
        "manual",
        False,
        "Seen carrying a knife",
        case_worker.pk,
        "",
    )


@pytest.mark.django_db
def test_a_manual_referral_of_a_case_the_user_may_not_see_or_work_on(case, south_manager, victim_worker_client):
    response = client_for(south_manager).post(REFERRALS, {"case": case.pk, "detail": "Worried"}, format="json")
    assert (response.status_code, response.json()) == (400, {"case": ["Select a valid case"]})
    case_services.victim_add(case=case, by=case.allocated_to, display_name="Victim A")
    response = victim_worker_client.post(REFERRALS, {"case": case.pk, "detail": "Worried"}, format="json")
    assert response.status_code == 403
    assert not Referral.objects.exists()


@pytest.fixture
def victim_worker_client(team_north):
    return client_for(UserFactory(username="victimworker", roles=[Role.VICTIM_WORKER], teams=[team_north]))


@pytest.mark.django_db
def test_declining_needs_a_manager_of_the_team_and_a_reason(worker, case, case_worker, team_manager, south_manager):
    referral = referral_make(case=case, by=case_worker, detail="Worried")
    decline = f"{REFERRALS}{referral.pk}/decline/"

    response = worker.post(decline, {"reason": "Not needed"}, format="json")
    assert response.status_code == 403
    assert "Only a manager of the case's team" in response.json()["detail"]
    assert client_for(south_manager).post(decline, {"reason": "Not ours"}, format="json").status_code == 404

    manager = client_for(team_manager)
    response = manager.post(decline, {"reason": ""}, format="json")
    assert (response.status_code, response.json()) == (400, {"reason": ["Enter the reason for declining the referral"]})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.AWAITING

    response = manager.post(decline, {"reason": "Managed within the plan"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["declined_by"], body["decline_reason"]) == (
        "declined",
        team_manager.pk,
        "Managed within the plan",
    )
    assert body["declined_at"]

    response = manager.post(decline, {"reason": "Again"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Only a referral awaiting a meeting can be declined"]}


@pytest.mark.django_db
def test_the_list_filters_by_status_and_reason_and_refuses_a_bad_filter(worker, case, case_worker, team_manager):
    kept = referral_make(case=case, by=case_worker, detail="Worried")
    declined = referral_make(case=case, by=case_worker, detail="Worried again")
    client_for(team_manager).post(f"{REFERRALS}{declined.pk}/decline/", {"reason": "Duplicate"}, format="json")
    assert [row["id"] for row in results(worker.get(REFERRALS, {"status": "awaiting"}))] == [kept.pk]
    assert [row["id"] for row in results(worker.get(REFERRALS, {"status": "declined"}))] == [declined.pk]
    assert results(worker.get(REFERRALS, {"reason": "rosh"})) == []
    for bad in ({"case": "abc"}, {"status": "lost"}, {"reason": "whim"}):
        assert worker.get(REFERRALS, bad).status_code == 400, bad


# --- Who sees what -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_another_teams_restricted_case_is_404_in_list_and_detail(
    team_manager, team_south, south_manager, case_worker, case
):
    restricted = open_case(south_manager, team_south, allocated_to=south_manager, restricted=True)
    hidden = referral_make(case=restricted, by=south_manager, detail="Threats from a rival group")
    seen = referral_make(case=case, by=case_worker, detail="Worried")

    for north in (case_worker, team_manager):
        client = client_for(north)
        assert [row["id"] for row in results(client.get(REFERRALS))] == [seen.pk]
        assert results(client.get(REFERRALS, {"case": restricted.pk})) == []
        assert client.get(f"{REFERRALS}{hidden.pk}/").status_code == 404
        assert client.post(f"{REFERRALS}{hidden.pk}/decline/", {"reason": "x"}, format="json").status_code == 404

    police = UserFactory(username="police", roles=[Role.POLICE_OFFICER], teams=[team_south])
    assert results(client_for(police).get(REFERRALS)) == []
    assert client_for(police).get(f"{REFERRALS}{seen.pk}/").status_code == 404


@pytest.mark.django_db
def test_reading_a_restricted_cases_referrals_is_audited(team_manager, team_north):
    restricted = open_case(team_manager, team_north, restricted=True)
    referral = referral_make(case=restricted, by=team_manager, detail="Worried")
    reads = AuditEvent.objects.filter(
        actor=team_manager, action=AuditAction.VIEW_SENSITIVE, content_type__model="case", object_id=str(restricted.pk)
    )
    client = client_for(team_manager)
    assert client.get(f"{REFERRALS}{referral.pk}/").status_code == 200
    assert reads.count() == 1
    assert [row["id"] for row in results(client.get(REFERRALS, {"case": restricted.pk}))] == [referral.pk]
    assert reads.count() == 2
    assert {event.detail["via"] for event in reads} == {"risk_referral_detail", "risk_referral_list"}


@pytest.mark.django_db
def test_the_lists_queries_do_not_grow_with_its_rows(team_manager, team_north, case_worker):
    client = client_for(team_manager)

    def add(n: int) -> None:
        for _ in range(n):
            case = open_case(team_manager, team_north, allocated_to=case_worker, restricted=True)
            RiskReferralFactory(case=case, referred_by=case_worker)
            RiskReferralFactory(
                case=case,
                status=ReferralStatus.DECLINED,
                declined_by=team_manager,
                declined_at=timezone.now(),
                decline_reason="Managed within the plan",
            )

    add(2)
    client.get(REFERRALS)
    with CaptureQueriesContext(connection) as few:
        assert len(results(client.get(REFERRALS))) == 4
    add(10)
    with CaptureQueriesContext(connection) as many:
        assert len(results(client.get(REFERRALS))) == 24
    assert len(many) == len(few), [query["sql"] for query in many]


@pytest.mark.django_db
def test_the_list_answers_in_a_bounded_number_of_queries(django_assert_max_num_queries, team_manager, team_north):
    for _ in range(15):
        RiskReferralFactory(case=open_case(team_manager, team_north))
    client = client_for(team_manager)
    client.get(REFERRALS)
    with django_assert_max_num_queries(12):
        assert len(results(client.get(REFERRALS))) == 15
