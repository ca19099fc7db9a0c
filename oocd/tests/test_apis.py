"""The out-of-court disposals REST API (DESIGN.md §3 "oocd", §7): each rule answered with a
400 naming the field (and nothing changed), who sees what, constant query counts, the schema."""

import datetime
import json

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import include, path
from django.utils import timezone
from drf_spectacular.drainage import reset_generator_stats
from rest_framework.test import APIClient

from cases import services as case_services
from cases.models import Case, CaseType
from cases.tests.factories import ChildFactory
from intelligence.models import InformationRequest, RequestType
from oocd import services
from oocd.models import (
    Agency,
    Condition,
    ConditionFailure,
    ConditionStatus,
    Decision,
    Panel,
    PanelAttendee,
    PanelItem,
    Referral,
    ScrutinySample,
)
from oocd.tests.factories import (
    API,
    ConditionFactory,
    ConditionFailureFactory,
    DecisionFactory,
    PanelItemFactory,
    ReferralFactory,
    client_for,
    outcome,
    pdf_upload,
    quorate_panel_via_services,
    referral_prepared,
    referral_via_services,
    years_old,
)
from yjs.roles import Role
from yjs.tests.factories import TeamFactory, UserFactory

TODAY = timezone.localdate()
LAST_WEEK = TODAY - datetime.timedelta(days=7)


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids(response) -> set[int]:
    return {row["id"] for row in results(response)}


def error(response, field: str):
    """The first message on ``field`` of a 400 (or, for a list of objects, their errors by position)."""
    assert response.status_code == 400, response.content
    body = response.json()
    assert field in body, body
    return body[field][0] if isinstance(body[field], list) else body[field]


# --- People and records -------------------------------------------------------------------------------------


@pytest.fixture
def south_worker(team_south):
    return UserFactory(username="caseworker2", roles=[Role.CASE_WORKER], teams=[team_south])


@pytest.fixture
def head(team_north, team_south):
    return UserFactory(username="head", roles=[Role.HEAD_OF_SERVICE], teams=[team_north, team_south])


@pytest.fixture
def police(police_officer):
    return client_for(police_officer)


@pytest.fixture
def manager(team_manager):
    return client_for(team_manager)


@pytest.fixture
def referral(police_officer, team_north):
    return referral_via_services(by=police_officer, team=team_north)


@pytest.fixture
def panel(team_manager, referral):
    return quorate_panel_via_services(by=team_manager, referrals=[referral])


def decision_input(referral, code="youth_caution", **kwargs) -> dict:
    return {
        "referral": referral.pk,
        "outcome": code,
        "decided_on": str(LAST_WEEK),
        "rationale": "Proportionate to a first offence",
        **kwargs,
    }


def conditions(months=2, days=0) -> list[dict]:
    end = LAST_WEEK + relativedelta(months=months, days=days)
    return [{"description": "Attend a victim awareness course", "end_date": str(end)}]


# --- Referrals ----------------------------------------------------------------------------------------------


def referral_input(child, team, **kwargs) -> dict:
    return {
        "child": child.pk,
        "team": team.pk,
        "referring_officer": "PC 4521 Hall",
        "gravity_score": 3,
        "admitted": True,
        "offences": [{"offence_date": str(LAST_WEEK), "description": "Theft from a shop"}],
        **kwargs,
    }


def test_a_referral_opens_a_diversion_case_and_a_research_request(police, team_north):
    child = ChildFactory()

    response = police.post(f"{API}/referrals/", referral_input(child, team_north), format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    referral = Referral.objects.get(pk=body["id"])
    assert referral.case.case_type == CaseType.DIVERSION
    assert body["child"] == child.pk
    assert body["team"] == team_north.pk
    assert body["research_request"] == referral.research_request_id
    assert referral.research_request.request_type == RequestType.OOCD_RESEARCH
    assert body["research_status"] == "open"
    assert body["status"] == "awaiting_information"
    assert body["missing"] == [
        "Diversion assessment",
        "Police research",
        "Victim's views, or why the victim was not contacted",
        "The child's views",
        "The parent or carer's views",
    ]
    assert body["decision"] is None
    assert body["offences"][0]["description"] == "Theft from a shop"
    assert body["offences"][0]["gravity_score"] == 3


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"child": 999999}, "child", "Select a valid child"),
        ({"child": "abc"}, "child", "Select a valid child"),
        ({"gravity_score": 9}, "gravity_score", "Select a valid gravity score"),
        ({"offences": []}, "offences", "Add the offence the referral is for"),
        ({"referred_at": "yesterday"}, "referred_at", None),
        ({"referred_at": "2999-01-01T10:00"}, "referred_at", "The referral date must be today or in the past"),
        ({"referring_officer": ""}, "referring_officer", "Enter the referring officer"),
        ({"admitted": "perhaps"}, "admitted", None),
        ({"source": "post"}, "source", "Select a valid where the referral came from"),
    ],
)
def test_a_bad_referral_is_a_400_and_creates_nothing(police, team_north, change, field, message):
    response = police.post(f"{API}/referrals/", referral_input(ChildFactory(), team_north) | change, format="json")

    text = error(response, field)
    if message:
        assert text == message
    assert not Referral.objects.exists()
    assert not Case.objects.exists()


def test_a_referral_with_a_bad_offence_date_is_a_400(police, team_north):
    offences = [{"offence_date": "31/02/2026", "description": "Theft"}]

    response = police.post(
        f"{API}/referrals/", referral_input(ChildFactory(), team_north, offences=offences), format="json"
    )

    assert response.status_code == 400
    assert "offences" in response.json()
    assert not Referral.objects.exists()


def test_a_referral_is_made_for_ones_own_team(case_worker, team_south):
    response = client_for(case_worker).post(
        f"{API}/referrals/", referral_input(ChildFactory(), team_south), format="json"
    )

    assert error(response, "team") == "Select a valid team"


def test_a_case_worker_cannot_refer_another_teams_child(south_worker, case_worker, team_north, team_south):
    north_child = referral_via_services(by=case_worker, team=team_north).child

    response = client_for(south_worker).post(
        f"{API}/referrals/", referral_input(north_child, team_south), format="json"
    )

    assert error(response, "child") == "Select a valid child"
    assert Referral.objects.count() == 1


def test_the_board_cannot_refer(board_member, team_north):
    response = client_for(board_member).post(
        f"{API}/referrals/", referral_input(ChildFactory(), team_north), format="json"
    )

    assert response.status_code == 400  # no child is visible to the board
    assert not Referral.objects.exists()


def test_views_are_recorded_before_the_panel(referral, case_worker):
    client = client_for(case_worker)

    response = client.post(
        f"{API}/referrals/{referral.pk}/views/", {"victim_views": "Wants an apology letter"}, format="json"
    )
    assert error(response, "victim_contacted_at") == "Enter when the victim was contacted"
    referral.refresh_from_db()
    assert referral.victim_views == ""

    contacted = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    response = client.post(
        f"{API}/referrals/{referral.pk}/views/",
        {"victim_views": "Wants an apology letter", "victim_contacted_at": contacted, "child_views": "Sorry"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["child_views"] == "Sorry"
    assert "The child's views" not in response.json()["missing"]
    assert "Victim's views, or why the victim was not contacted" not in response.json()["missing"]


def test_views_are_refused_after_the_decision(referral, police_officer, case_worker):
    DecisionFactory(referral=referral)

    response = client_for(case_worker).post(
        f"{API}/referrals/{referral.pk}/views/", {"child_views": "Changed"}, format="json"
    )

    assert "views are recorded before the panel" in error(response, "non_field_errors")


def test_referrals_are_filtered_by_status_and_decided(police, police_officer, case_worker, referral, team_north):
    ready = referral_prepared(
        referral_via_services(by=police_officer, team=team_north), case_worker=case_worker, police=police_officer
    )
    decided = DecisionFactory(referral=ReferralFactory()).referral

    assert ids(police.get(f"{API}/referrals/", {"status": "ready"})) == {ready.pk}
    assert ids(police.get(f"{API}/referrals/", {"status": "awaiting_information"})) == {referral.pk}
    assert ids(police.get(f"{API}/referrals/", {"status": "decided"})) == {decided.pk}
    assert ids(police.get(f"{API}/referrals/", {"decided": "true"})) == {decided.pk}
    assert ids(police.get(f"{API}/referrals/", {"decided": "false"})) == {ready.pk, referral.pk}
    rows = {row["id"]: row for row in results(police.get(f"{API}/referrals/"))}
    assert rows[ready.pk]["missing"] == []
    assert rows[ready.pk]["status"] == "ready"
    assert rows[decided.pk]["decision"]["outcome"] == "youth_caution"
    assert rows[decided.pk]["decision"]["delivered"] is False
    assert len(rows[referral.pk]["missing"]) == 5


@pytest.mark.parametrize("params", [{"status": "lost"}, {"from": "yesterday"}, {"child": "abc"}])
def test_a_bad_referral_filter_is_a_400(police, params):
    assert police.get(f"{API}/referrals/", params).status_code == 400


# --- Visibility ---------------------------------------------------------------------------------------------


def test_police_and_the_head_of_service_see_every_referral(police_officer, head, team_north, team_south):
    north = referral_via_services(by=police_officer, team=team_north)
    south = referral_via_services(by=police_officer, team=team_south)

    for user in (police_officer, head):
        assert ids(client_for(user).get(f"{API}/referrals/")) == {north.pk, south.pk}


def test_a_south_case_worker_cannot_see_north_referrals(south_worker, police_officer, referral, team_south):
    south = referral_via_services(by=police_officer, team=team_south)
    decision = DecisionFactory(referral=referral)
    client = client_for(south_worker)

    assert ids(client.get(f"{API}/referrals/")) == {south.pk}
    assert client.get(f"{API}/referrals/{referral.pk}/").status_code == 404
    assert client.post(f"{API}/referrals/{referral.pk}/views/", {"child_views": "x"}, format="json").status_code == 404
    assert ids(client.get(f"{API}/decisions/")) == set()
    assert client.get(f"{API}/decisions/{decision.pk}/").status_code == 404
    assert (
        client.post(
            f"{API}/decisions/{decision.pk}/implications-explained/",
            {"explained_at": timezone.now().isoformat()},
            format="json",
        ).status_code
        == 404
    )
    decision.refresh_from_db()
    assert decision.implications_explained_at is None


def test_the_board_sees_no_referral_panel_or_decision(board_member, referral, panel):
    decision = DecisionFactory(referral=referral, panel=panel, police_only=False)
    client = client_for(board_member)

    assert ids(client.get(f"{API}/referrals/")) == set()
    assert ids(client.get(f"{API}/panels/")) == set()
    assert ids(client.get(f"{API}/decisions/")) == set()
    assert client.get(f"{API}/referrals/{referral.pk}/").status_code == 404
    assert client.get(f"{API}/panels/{panel.pk}/").status_code == 404
    assert client.get(f"{API}/decisions/{decision.pk}/").status_code == 404


def test_signed_out_is_refused(referral):
    assert APIClient().get(f"{API}/referrals/").status_code in (401, 403)


@pytest.mark.parametrize(
    "path", ["referrals/999999/", "panels/999999/", "decisions/999999/", "scrutiny-samples/999999/"]
)
def test_an_unknown_id_is_a_404(police, path):
    assert police.get(f"{API}/{path}").status_code == 404


# --- Panels -------------------------------------------------------------------------------------------------


def test_a_panel_is_set_up_with_its_agenda_and_attendees(manager, team_manager, referral):
    response = manager.post(
        f"{API}/panels/", {"held_on": str(TODAY), "location": "Civic Centre", "referrals": [referral.pk]}, format="json"
    )
    assert response.status_code == 201, response.content
    panel = response.json()
    assert panel["chair"] == team_manager.pk
    assert panel["quorate"] is False
    assert [item["referral"] for item in panel["agenda"]] == [referral.pk]
    assert panel["agenda"][0]["child_name"] == str(referral.child)

    for agency in (Agency.POLICE, Agency.YJS):
        response = manager.post(
            f"{API}/panels/{panel['id']}/attendees/",
            {"name": f"{agency} person", "agency": agency, "role": "Member"},
            format="json",
        )
        assert response.status_code == 201, response.content

    panel = manager.get(f"{API}/panels/{panel['id']}/").json()
    assert panel["quorate"] is True
    assert {attendee["agency"] for attendee in panel["attendees"]} == {"police", "yjs"}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"agency": "army", "role": "x", "name": "A"}, "agency", "Select a valid attendee's agency"),
        ({"agency": "police", "name": "A"}, "role", "Enter the attendee's role"),
        ({"agency": "police", "role": "x"}, "name", "Enter the attendee's name"),
        ({"agency": "police", "role": "x", "user": 999999}, "user", "Select a valid user"),
    ],
)
def test_a_bad_attendee_is_a_400(manager, panel, data, field, message):
    before = PanelAttendee.objects.count()

    assert error(manager.post(f"{API}/panels/{panel.pk}/attendees/", data, format="json"), field) == message
    assert PanelAttendee.objects.count() == before


def test_a_referral_is_added_to_an_agenda_once(manager, police_officer, team_north, panel, referral):
    other = referral_via_services(by=police_officer, team=team_north)

    response = manager.post(f"{API}/panels/{panel.pk}/referrals/", {"referral": other.pk}, format="json")
    assert response.status_code == 201, response.content
    assert [item["referral"] for item in response.json()["agenda"]] == [referral.pk, other.pk]

    response = manager.post(f"{API}/panels/{panel.pk}/referrals/", {"referral": other.pk}, format="json")
    assert error(response, "referral") == "The referral is already on this panel's agenda"
    response = manager.post(f"{API}/panels/{panel.pk}/referrals/", {"referral": 999999}, format="json")
    assert error(response, "referral") == "Select a valid referral"
    assert PanelItem.objects.filter(panel=panel).count() == 2


def test_the_agenda_shows_only_the_referrals_you_may_see(manager, police, police_officer, team_south, panel):
    south = referral_via_services(by=police_officer, team=team_south)
    PanelItem.objects.create(panel=panel, referral=south, position=2)

    for client, expected in ((manager, 1), (police, 2)):
        body = client.get(f"{API}/panels/{panel.pk}/").json()
        assert body["referral_count"] == 2
        assert len(body["agenda"]) == expected
    agenda = manager.get(f"{API}/panels/{panel.pk}/").json()["agenda"]
    assert str(south.child) not in {item["child_name"] for item in agenda}


def test_a_case_worker_cannot_set_up_a_panel(case_worker):
    response = client_for(case_worker).post(f"{API}/panels/", {"held_on": str(TODAY)}, format="json")

    assert response.status_code == 403
    assert not Panel.objects.exists()


def test_a_panel_needs_a_real_date(manager):
    response = manager.post(f"{API}/panels/", {"held_on": "2026-02-30"}, format="json")

    assert error(response, "held_on") == "Date of the panel must be a real date, in the format YYYY-MM-DD"


# --- Decisions: the rules -----------------------------------------------------------------------------------


def assert_no_decision() -> None:
    assert not Decision.objects.exists()
    assert not Condition.objects.exists()


@pytest.mark.parametrize("present", [[Agency.YJS], [Agency.POLICE], []])
def test_a_panel_decision_needs_police_and_yjs_present(manager, team_manager, referral, present):
    panel = services.panel_create(by=team_manager, held_on=LAST_WEEK, referrals=[referral])
    for agency in present:
        services.panel_attendee_add(panel=panel, by=team_manager, name="A Person", agency=agency, role="Member")

    response = manager.post(f"{API}/decisions/", decision_input(referral, panel=panel.pk), format="json")

    assert error(response, "panel") == "A decision needs both the police and the YJS present at the panel"
    assert_no_decision()


def test_a_quorate_panel_decides(manager, referral, panel):
    response = manager.post(f"{API}/decisions/", decision_input(referral, panel=panel.pk), format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["panel"], body["police_only"], body["outcome"], body["delivered"]) == (
        panel.pk,
        False,
        "youth_caution",
        False,
    )


@pytest.mark.parametrize("code", ["community_resolution", "youth_caution", "youth_conditional_caution"])
def test_an_outcome_needing_an_admission_is_refused_without_one(police, police_officer, team_north, code):
    referral = referral_via_services(by=police_officer, team=team_north, admitted=False)
    extra = {"departure_reason": "Adjusted", "conditions": conditions() if code == "youth_conditional_caution" else []}

    response = police.post(f"{API}/decisions/", decision_input(referral, code, **extra), format="json")

    assert "needs the child to admit the offence or accept responsibility" in error(response, "outcome")
    assert_no_decision()


def test_outcome_22_needs_no_admission(police, police_officer, team_north):
    referral = referral_via_services(by=police_officer, team=team_north, admitted=False, gravity_score=2)

    response = police.post(f"{API}/decisions/", decision_input(referral, "outcome_22"), format="json")

    assert response.status_code == 201, response.content


def test_a_youth_conditional_caution_is_refused_with_a_previous_conviction_on_the_referral(
    police, police_officer, team_north
):
    referral = referral_via_services(by=police_officer, team=team_north, gravity_score=4, previous_conviction=True)

    response = police.post(
        f"{API}/decisions/",
        decision_input(referral, "youth_conditional_caution", conditions=conditions()),
        format="json",
    )

    assert error(response, "outcome") == (
        "A youth conditional caution is not available to a child with a previous conviction"
    )
    assert_no_decision()


def test_a_youth_conditional_caution_is_refused_to_a_child_with_a_court_order(
    police, police_officer, team_manager, team_north
):
    referral = referral_via_services(by=police_officer, team=team_north, gravity_score=4, previous_conviction=False)
    case_services.case_open(
        child=referral.child, by=team_manager, case_type=CaseType.REFERRAL_ORDER, team=team_north, start_date=LAST_WEEK
    )

    response = police.post(
        f"{API}/decisions/",
        decision_input(referral, "youth_conditional_caution", conditions=conditions()),
        format="json",
    )

    assert "previous conviction" in error(response, "outcome")
    assert_no_decision()


def test_departing_from_the_gravity_score_needs_a_reason(police, referral):
    response = police.post(f"{API}/decisions/", decision_input(referral, "community_resolution"), format="json")

    assert error(response, "departure_reason") == "Enter why the outcome departs from the gravity score of 3"
    assert_no_decision()

    response = police.post(
        f"{API}/decisions/",
        decision_input(referral, "community_resolution", departure_reason="A young carer; first contact"),
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["departure_reason"] == "A young carer; first contact"


@pytest.fixture
def ycc_referral(police_officer, team_north):
    return referral_via_services(by=police_officer, team=team_north, gravity_score=4)


def test_a_youth_conditional_caution_needs_conditions(police, ycc_referral):
    response = police.post(
        f"{API}/decisions/", decision_input(ycc_referral, "youth_conditional_caution"), format="json"
    )

    assert error(response, "conditions") == "Add the conditions of the caution"
    assert_no_decision()


def test_a_condition_ends_no_later_than_three_months_after_the_caution(police, ycc_referral):
    response = police.post(
        f"{API}/decisions/",
        decision_input(ycc_referral, "youth_conditional_caution", conditions=conditions(months=3, days=1)),
        format="json",
    )

    assert "no later than three months after the caution" in error(response, "conditions[1].end_date")
    assert_no_decision()

    response = police.post(
        f"{API}/decisions/",
        decision_input(ycc_referral, "youth_conditional_caution", conditions=conditions(months=3)),
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["conditions"][0]["status"] == "in_progress"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"outcome": "caution_maybe"}, "outcome", "Select a valid outcome"),
        ({"outcome": "nfa\x00"}, "outcome", "Select a valid outcome"),  # PostgreSQL cannot query a NUL
        ({"outcome": ""}, "outcome", "Select the outcome"),
        ({"referral": 999999}, "referral", "Select a valid referral"),
        ({"referral": "x"}, "referral", "Select a valid referral"),
        ({"panel": 999999}, "panel", "Select a valid panel"),
        ({"decided_on": "31/13/2026"}, "decided_on", None),
        ({"decided_on": str(TODAY + datetime.timedelta(days=2))}, "decided_on", None),
        ({"rationale": ""}, "rationale", "Enter the reasons for the decision"),
        ({"conditions": "attend"}, "conditions", None),
        ({"conditions": [{"description": "x", "end_date": "soon"}]}, "conditions", None),
    ],
)
def test_a_bad_decision_is_a_400_and_records_nothing(police, referral, change, field, message):
    response = police.post(f"{API}/decisions/", decision_input(referral) | change, format="json")

    text = error(response, field)
    if message:
        assert text == message
    assert_no_decision()


def test_an_outcome_code_that_is_not_text_is_a_400(police, referral):
    """Half a surrogate pair, as JSON may carry it: PostgreSQL cannot query it (found by the API fuzzing)."""
    body = json.dumps(decision_input(referral) | {"outcome": "\ud83d"}, default=str)  # ASCII, "\\ud83d" escaped

    response = police.post(f"{API}/decisions/", body, content_type="application/json")

    assert error(response, "outcome") == "Select a valid outcome"


def test_a_police_only_decision_needs_a_police_officer(manager, referral):
    response = manager.post(f"{API}/decisions/", decision_input(referral), format="json")

    assert response.status_code == 403
    assert_no_decision()


# --- Police-only decisions in one step ----------------------------------------------------------------------


def police_only_input(child, team, **kwargs) -> dict:
    return referral_input(child, team) | {
        "outcome": "youth_caution",
        "decided_on": str(LAST_WEEK),
        "rationale": "Given at the police station",
        **kwargs,
    }


def test_the_police_officer_records_a_police_only_decision_in_one_step(police, team_north):
    child = ChildFactory()

    response = police.post(f"{API}/police-only-decisions/", police_only_input(child, team_north), format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["police_only"] is True
    assert body["panel"] is None
    assert body["child"] == child.pk
    referral = Referral.objects.get(pk=body["referral"])
    assert referral.source == "police"
    assert ids(police.get(f"{API}/decisions/", {"police_only": "true"})) == {body["id"]}


def test_a_refused_police_only_decision_leaves_nothing(police, manager, team_north):
    child = ChildFactory()

    response = police.post(
        f"{API}/police-only-decisions/", police_only_input(child, team_north, admitted=False), format="json"
    )
    assert "needs the child to admit" in error(response, "outcome")
    response = manager.post(f"{API}/police-only-decisions/", police_only_input(child, team_north), format="json")
    assert response.status_code == 403

    assert not Referral.objects.exists()
    assert not InformationRequest.objects.exists()
    assert not Case.objects.exists()


# --- Decisions: list and filters ----------------------------------------------------------------------------


def test_decisions_are_filtered_by_police_only_outcome_and_date(police, team_manager):
    panel = PanelItemFactory().panel
    caution = DecisionFactory(decided_on=datetime.date(2026, 3, 10))
    charge = DecisionFactory(decided_on=datetime.date(2026, 4, 10), outcome=outcome("charge"))
    joint = DecisionFactory(decided_on=datetime.date(2026, 5, 10), panel=panel, police_only=False)

    assert ids(police.get(f"{API}/decisions/")) == {caution.pk, charge.pk, joint.pk}
    assert ids(police.get(f"{API}/decisions/", {"police_only": "true"})) == {caution.pk, charge.pk}
    assert ids(police.get(f"{API}/decisions/", {"police_only": "false"})) == {joint.pk}
    assert ids(police.get(f"{API}/decisions/", {"outcome": "charge"})) == {charge.pk}
    assert ids(police.get(f"{API}/decisions/", {"from": "2026-04-01", "to": "2026-05-31"})) == {charge.pk, joint.pk}
    assert ids(police.get(f"{API}/decisions/", {"to": "2026-03-31"})) == {caution.pk}


@pytest.mark.parametrize("params", [{"outcome": "nonsense"}, {"from": "2026-13-01"}, {"to": "tomorrow"}])
def test_a_bad_decision_filter_is_a_400(police, params):
    DecisionFactory()

    assert police.get(f"{API}/decisions/", params).status_code == 400


def test_the_outcomes_are_listed(police):
    response = police.get(f"{API}/outcomes/")

    assert response.status_code == 200
    outcomes = {row["code"]: row for row in response.json()}
    assert set(outcomes) >= {
        "nfa",
        "outcome_21",
        "outcome_22",
        "community_resolution",
        "youth_caution",
        "youth_conditional_caution",
        "charge",
    }
    assert outcomes["youth_conditional_caution"]["barred_after_conviction"] is True
    assert outcomes["community_resolution"]["statutory"] is False


# --- The warning and delivery -------------------------------------------------------------------------------


def ycc_decision(police_officer, team_north, date_of_birth):
    child = ChildFactory(date_of_birth=date_of_birth)
    referral = referral_via_services(by=police_officer, team=team_north, child=child, gravity_score=4)
    return services.decision_record(
        referral=referral,
        by=police_officer,
        outcome=outcome("youth_conditional_caution"),
        rationale="Conditions will help repair the harm",
        decided_on=LAST_WEEK,
        conditions=[{"description": "Repair the fence", "end_date": LAST_WEEK + datetime.timedelta(days=30)}],
    )


def test_the_warning_needs_an_appropriate_adult_for_a_child_of_16(police, police_officer, team_north):
    decision = ycc_decision(police_officer, team_north, years_old(16, days=200))
    url = f"{API}/decisions/{decision.pk}/warning/"
    now = timezone.now().isoformat()

    response = police.post(url, {"given_at": now}, format="json")
    assert error(response, "appropriate_adult_name") == "Enter the appropriate adult present: the child is 16 or under"
    decision.refresh_from_db()
    assert decision.warning_given_at is None

    response = police.post(url, {"given_at": now, "appropriate_adult_name": "Sam Lee (father)"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["appropriate_adult_name"] == "Sam Lee (father)"


def test_the_warning_needs_no_appropriate_adult_for_a_child_of_17(police, police_officer, team_north):
    decision = ycc_decision(police_officer, team_north, years_old(17, days=1))

    response = police.post(
        f"{API}/decisions/{decision.pk}/warning/", {"given_at": timezone.now().isoformat()}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["warning_given_at"] is not None


def test_the_warning_needs_a_real_time(police, police_officer, team_north):
    decision = ycc_decision(police_officer, team_north, years_old(17))

    response = police.post(f"{API}/decisions/{decision.pk}/warning/", {"given_at": "noon"}, format="json")

    assert "must be a real date and time" in error(response, "given_at")


@pytest.fixture
def decision(referral, police_officer):
    return services.decision_record(
        referral=referral, by=police_officer, outcome=outcome("youth_caution"), rationale="R", decided_on=LAST_WEEK
    )


def test_delivery_needs_the_implications_explained_first(police, decision):
    response = police.post(
        f"{API}/decisions/{decision.pk}/delivery/", {"delivered_at": timezone.now().isoformat()}, format="json"
    )

    assert "implications were explained" in error(response, "implications_explained_at")
    decision.refresh_from_db()
    assert decision.delivered_at is None


def test_delivered_only_when_every_part_of_delivery_is_recorded(police, police_officer, decision, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = f"{API}/decisions/{decision.pk}"
    at = (timezone.now() - datetime.timedelta(hours=1)).isoformat()
    steps = [
        lambda: police.post(f"{url}/implications-explained/", {"explained_at": at}, format="json"),
        lambda: police.post(f"{url}/delivery/", {"delivered_at": at}, format="json"),
        lambda: police.post(f"{url}/document/", {"file": pdf_upload()}, format="multipart"),
        lambda: police.post(f"{url}/victim-informed/", {"informed_at": at}, format="json"),
    ]
    for step in steps:
        assert police.get(f"{url}/").json()["delivered"] is False
        response = step()
        assert response.status_code == 200, response.content

    body = response.json()
    assert body["delivered"] is True
    assert body["delivered_by"] == police_officer.pk
    assert body["signed_document"] == f"{url}/document/"
    assert body["signed_document_type"] == "application/pdf"
    rows = {row["id"]: row for row in results(police.get(f"{API}/referrals/"))}
    assert rows[decision.referral_id]["status"] == "delivered"
    assert ids(police.get(f"{API}/referrals/", {"status": "delivered"})) == {decision.referral_id}


@pytest.mark.parametrize("path", ["implications-explained", "delivery", "victim-informed", "warning"])
def test_a_delivery_step_without_its_time_is_a_400(police, decision, path):
    response = police.post(f"{API}/decisions/{decision.pk}/{path}/", {}, format="json")

    assert response.status_code == 400
    assert response.json()  # a field named


# --- Conditions and failures --------------------------------------------------------------------------------


@pytest.fixture
def condition(police_officer, team_north):
    return ycc_decision(police_officer, team_north, years_old(15)).conditions.get()


def test_a_failure_needs_its_date_what_happened_and_the_reasons(police, condition):
    response = police.post(f"{API}/conditions/{condition.pk}/failures/", {"occurred_on": "bad"}, format="json")
    assert "must be a real date" in error(response, "occurred_on")

    response = police.post(f"{API}/conditions/{condition.pk}/failures/", {"occurred_on": str(TODAY)}, format="json")
    assert error(response, "what_happened") == "Enter what happened"
    assert error(response, "reasons_given") == "Enter the reasons the child gave, or that none were given"
    assert not ConditionFailure.objects.exists()
    condition.refresh_from_db()
    assert condition.status == ConditionStatus.IN_PROGRESS


def test_a_failure_is_recorded_and_considered_for_prosecution(police, condition):
    response = police.post(
        f"{API}/conditions/{condition.pk}/failures/",
        {"occurred_on": str(TODAY), "what_happened": "Missed the session", "reasons_given": "Was ill, no note"},
        format="json",
    )
    assert response.status_code == 201, response.content
    failure = response.json()
    assert (failure["occurred_on"], failure["what_happened"], failure["reasons_given"]) == (
        str(TODAY),
        "Missed the session",
        "Was ill, no note",
    )
    assert failure["considered_for_prosecution"] is False

    response = police.post(f"{API}/failures/{failure['id']}/prosecution/", {}, format="json")
    assert error(response, "prosecution_outcome") == "Enter what was decided about prosecution"

    response = police.post(
        f"{API}/failures/{failure['id']}/prosecution/", {"prosecution_outcome": "Not charged: now engaging"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["considered_for_prosecution"] is True

    decision = police.get(f"{API}/decisions/{condition.decision_id}/").json()
    assert decision["conditions"][0]["status"] == "failed"
    assert decision["conditions"][0]["failures"][0]["prosecution_outcome"] == "Not charged: now engaging"


def test_compliance_is_recorded_and_failed_needs_evidence(police, condition):
    url = f"{API}/conditions/{condition.pk}/compliance/"

    assert error(police.post(url, {"status": "failed"}, format="json"), "status") == (
        "Record the failure and its evidence first"
    )
    assert error(police.post(url, {"status": "maybe"}, format="json"), "status") == (
        "Select a valid whether the condition was complied with"
    )
    response = police.post(url, {"status": "complied", "notes": "All sessions attended"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "complied"


def test_another_teams_conditions_are_not_found(south_worker, condition):
    client = client_for(south_worker)

    response = client.post(
        f"{API}/conditions/{condition.pk}/failures/",
        {"occurred_on": str(TODAY), "what_happened": "x", "reasons_given": "y"},
        format="json",
    )
    assert response.status_code == 404
    assert client.post(f"{API}/conditions/{condition.pk}/compliance/", {"status": "complied"}).status_code == 404
    assert not ConditionFailure.objects.exists()


# --- Scrutiny -----------------------------------------------------------------------------------------------


@pytest.fixture
def decisions_of_march(db):
    codes = ["youth_caution"] * 16 + ["community_resolution"] * 2 + ["charge"] * 2
    return [
        DecisionFactory(outcome=outcome(code), decided_on=datetime.date(2026, 3, 1 + n)) for n, code in enumerate(codes)
    ]


SAMPLE = {"period_start": "2026-03-01", "period_end": "2026-03-31", "percentage": 20, "seed": "march-2026"}


def test_a_scrutiny_sample_is_drawn_reproducibly_and_covers_every_outcome(manager, decisions_of_march):
    first = manager.post(f"{API}/scrutiny-samples/", SAMPLE, format="json")
    again = manager.post(f"{API}/scrutiny-samples/", SAMPLE, format="json")

    assert first.status_code == again.status_code == 201, first.content
    drawn = sorted(item["decision"] for item in first.json()["items"])
    assert drawn == sorted(item["decision"] for item in again.json()["items"])
    assert len(drawn) >= 20 * 20 / 100
    assert {item["outcome"] for item in first.json()["items"]} == {"youth_caution", "community_resolution", "charge"}
    assert "child_name" not in first.json()["items"][0]
    detail = manager.get(f"{API}/scrutiny-samples/{first.json()['id']}/")
    assert sorted(item["decision"] for item in detail.json()["items"]) == drawn
    assert {row["id"] for row in results(manager.get(f"{API}/scrutiny-samples/"))} == {
        first.json()["id"],
        again.json()["id"],
    }


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"percentage": 0}, "percentage"),
        ({"percentage": "lots"}, "percentage"),
        ({"period_end": "2026-02-01"}, "period_end"),
    ],
)
def test_a_bad_sample_is_a_400(manager, change, field):
    response = manager.post(f"{API}/scrutiny-samples/", SAMPLE | change, format="json")

    assert field in response.json() and response.status_code == 400
    assert not ScrutinySample.objects.exists()


def test_only_scrutineers_draw_and_read_samples(case_worker, manager, decisions_of_march):
    sample = manager.post(f"{API}/scrutiny-samples/", SAMPLE, format="json").json()
    client = client_for(case_worker)

    assert client.post(f"{API}/scrutiny-samples/", SAMPLE, format="json").status_code == 403
    assert client.get(f"{API}/scrutiny-samples/{sample['id']}/").status_code == 404
    assert ids(client.get(f"{API}/scrutiny-samples/")) == set()
    item = sample["items"][0]["id"]
    assert client.post(f"{API}/scrutiny-items/{item}/finding/", {"appropriate": True}).status_code == 404


def test_a_finding_is_recorded_and_not_appropriate_needs_feedback(manager, decisions_of_march):
    item = manager.post(f"{API}/scrutiny-samples/", SAMPLE, format="json").json()["items"][0]["id"]
    url = f"{API}/scrutiny-items/{item}/finding/"

    assert error(manager.post(url, {"appropriate": False}, format="json"), "feedback") == (
        "Enter the panel's feedback on why the decision was not appropriate"
    )
    assert error(manager.post(url, {}, format="json"), "appropriate") == (
        "Select yes or no for the whether the decision was appropriate"
    )
    response = manager.post(url, {"appropriate": False, "feedback": "NFA would have done"}, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["appropriate"], response.json()["feedback"]) == (False, "NFA would have done")


# --- First-time entrants ------------------------------------------------------------------------------------


def test_first_time_entrants_are_counted_per_month(board_member):
    DecisionFactory(decided_on=datetime.date(2026, 1, 10))  # a youth caution: counts
    DecisionFactory(decided_on=datetime.date(2026, 3, 10), outcome=outcome("youth_conditional_caution"))
    DecisionFactory(decided_on=datetime.date(2026, 2, 10), outcome=outcome("community_resolution"))  # does not
    repeat = DecisionFactory(decided_on=datetime.date(2025, 12, 1)).referral.child  # first in December
    DecisionFactory(referral=ReferralFactory(child=repeat), decided_on=datetime.date(2026, 2, 1))

    response = client_for(board_member).get(f"{API}/first-time-entrants/", {"from": "2026-01-01", "to": "2026-03-31"})

    assert response.status_code == 200, response.content
    assert response.json() == {
        "from": "2026-01-01",
        "to": "2026-03-31",
        "team": None,
        "count": 2,
        "months": [
            {"month": "2026-01", "count": 1},
            {"month": "2026-02", "count": 0},
            {"month": "2026-03", "count": 1},
        ],
    }


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"to": "2026-03-31"}, "from"),
        ({"from": "2026-01-01", "to": "31/03/2026"}, "to"),
        ({"from": "2026-03-01", "to": "2026-01-31"}, "to"),
        ({"from": "2026-01-01", "to": "2026-03-31", "team": "north"}, "team"),
    ],
)
def test_bad_first_time_entrant_periods_are_a_400(manager, params, field):
    assert field in manager.get(f"{API}/first-time-entrants/", params).json()


def test_case_workers_do_not_get_first_time_entrant_figures(case_worker):
    response = client_for(case_worker).get(f"{API}/first-time-entrants/", {"from": "2026-01-01", "to": "2026-01-31"})

    assert response.status_code == 403


# --- Query counts -------------------------------------------------------------------------------------------


def _make_referrals(n: int) -> None:
    for number in range(n):
        if number % 2:
            ConditionFactory(decision=DecisionFactory(referral=ReferralFactory()))
        else:
            ReferralFactory()


def _make_decisions(n: int) -> None:
    for _ in range(n):
        ConditionFailureFactory()


def _make_panels(n: int) -> None:
    for _ in range(n):
        item = PanelItemFactory()
        DecisionFactory(referral=item.referral, panel=item.panel, police_only=False)


def _make_samples(n: int) -> None:
    user = UserFactory(roles=[Role.TEAM_MANAGER])
    for _ in range(n):
        ScrutinySample.objects.create(period_start=LAST_WEEK, period_end=TODAY, percentage=10, seed="s", drawn_by=user)


LISTS = [
    ("referrals/", _make_referrals),
    ("decisions/", _make_decisions),
    ("panels/", _make_panels),
    ("scrutiny-samples/", _make_samples),
]


@pytest.mark.parametrize(("path", "make"), LISTS, ids=[path for path, _ in LISTS])
@pytest.mark.parametrize("viewer", ["police", "manager"])
def test_a_list_takes_as_many_queries_for_100_rows_as_for_10(police_officer, team_manager, path, make, viewer):
    TeamFactory(name="North", slug="north")
    client = client_for({"police": police_officer, "manager": team_manager}[viewer])

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{API}/{path}", {"page_size": 500})
        assert response.status_code == 200, response.content
        return len(queries), len(response.json()["results"])

    make(10)
    queries_for_10, rows = count()
    assert rows == 10
    make(90)
    queries_for_100, rows = count()

    assert rows == 100
    assert queries_for_100 == queries_for_10


# --- The schema ---------------------------------------------------------------------------------------------


# The OOCD API alone, mounted where the project mounts it, so that this test speaks for this app only
# (cases' schema test checks the whole project, where names from every app meet).
urlpatterns = [path("api/v1/", include(([path("oocd/", include("oocd.api_urls"))], "api"), namespace="api"))]


def test_the_schema_documents_every_oocd_endpoint_without_warnings(db, tmp_path):
    reset_generator_stats()
    target = tmp_path / "schema.json"

    call_command(
        "spectacular",
        *("--validate", "--fail-on-warn", "--format", "openapi-json", "--file", str(target)),
        *("--urlconf", __name__),
    )

    paths = json.loads(target.read_text())["paths"]
    for documented in (
        "/api/v1/oocd/outcomes/",
        "/api/v1/oocd/referrals/",
        "/api/v1/oocd/referrals/{referral_id}/",
        "/api/v1/oocd/referrals/{referral_id}/views/",
        "/api/v1/oocd/panels/",
        "/api/v1/oocd/panels/{panel_id}/",
        "/api/v1/oocd/panels/{panel_id}/attendees/",
        "/api/v1/oocd/panels/{panel_id}/referrals/",
        "/api/v1/oocd/decisions/",
        "/api/v1/oocd/police-only-decisions/",
        "/api/v1/oocd/decisions/{decision_id}/",
        "/api/v1/oocd/decisions/{decision_id}/warning/",
        "/api/v1/oocd/decisions/{decision_id}/implications-explained/",
        "/api/v1/oocd/decisions/{decision_id}/document/",
        "/api/v1/oocd/decisions/{decision_id}/delivery/",
        "/api/v1/oocd/decisions/{decision_id}/victim-informed/",
        "/api/v1/oocd/conditions/{condition_id}/failures/",
        "/api/v1/oocd/conditions/{condition_id}/compliance/",
        "/api/v1/oocd/failures/{failure_id}/prosecution/",
        "/api/v1/oocd/scrutiny-samples/",
        "/api/v1/oocd/scrutiny-samples/{sample_id}/",
        "/api/v1/oocd/scrutiny-items/{item_id}/finding/",
        "/api/v1/oocd/first-time-entrants/",
    ):
        assert documented in paths, documented
    document = paths["/api/v1/oocd/decisions/{decision_id}/document/"]
    assert "multipart/form-data" in document["post"]["requestBody"]["content"]
    assert "application/pdf" in document["get"]["responses"]["200"]["content"]
    decision_list = paths["/api/v1/oocd/decisions/"]["get"]
    assert {"police_only", "outcome", "from", "to"} <= {parameter["name"] for parameter in decision_list["parameters"]}


# --- Odd input is a 400, never a 500 -------------------------------------------------------------------------

ODD_VALUES = ["0001-01-01", "9999-12-31", "0001-01-01T00:00", "9999-12-31T23:59", "", None, [], {}, "x", -1, 10**20]


def test_odd_values_in_any_field_are_never_a_server_error(police_officer, team_manager, team_north):
    child = ChildFactory(date_of_birth=years_old(15))
    referral = referral_via_services(by=police_officer, team=team_north, child=child, gravity_score=4)
    panel = quorate_panel_via_services(by=team_manager, referrals=[referral])
    decision = ycc_decision(police_officer, team_north, years_old(15))
    condition = decision.conditions.get()
    failure = ConditionFailureFactory(condition=condition)
    police, manager = client_for(police_officer), client_for(team_manager)
    good = {
        "child": child.pk,
        "team": team_north.pk,
        "referring_officer": "PC 1 Hall",
        "gravity_score": 4,
        "admitted": True,
        "offences": [{"offence_date": str(LAST_WEEK), "description": "Theft"}],
        "referral": referral.pk,
        "panel": panel.pk,
        "outcome": "youth_conditional_caution",
        "decided_on": str(LAST_WEEK),
        "rationale": "R",
        "conditions": [{"description": "C", "end_date": str(TODAY)}],
        "held_on": str(TODAY),
        "agency": "police",
        "role": "Officer",
        "given_at": timezone.now().isoformat(),
        "explained_at": timezone.now().isoformat(),
        "delivered_at": timezone.now().isoformat(),
        "informed_at": timezone.now().isoformat(),
        "occurred_on": str(TODAY),
        "what_happened": "W",
        "reasons_given": "R",
        "status": "complied",
        "prosecution_outcome": "P",
        "period_start": str(LAST_WEEK),
        "period_end": str(TODAY),
        "percentage": 10,
        "appropriate": True,
    }
    endpoints = [
        (police, "referrals/", ["child", "team", "gravity_score", "admitted", "offences", "referred_at"]),
        (police, f"referrals/{referral.pk}/views/", ["victim_views", "victim_contacted_at"]),
        (manager, "panels/", ["held_on", "referrals"]),
        (manager, f"panels/{panel.pk}/attendees/", ["user", "agency", "role"]),
        (manager, f"panels/{panel.pk}/referrals/", ["referral"]),
        (police, "decisions/", ["referral", "panel", "outcome", "decided_on", "conditions"]),
        (police, "police-only-decisions/", ["outcome", "decided_on", "conditions", "offences"]),
        (police, f"decisions/{decision.pk}/warning/", ["given_at", "appropriate_adult_name"]),
        (police, f"decisions/{decision.pk}/delivery/", ["delivered_at"]),
        (police, f"conditions/{condition.pk}/failures/", ["occurred_on", "what_happened"]),
        (police, f"conditions/{condition.pk}/compliance/", ["status"]),
        (police, f"failures/{failure.pk}/prosecution/", ["prosecution_outcome"]),
        (manager, "scrutiny-samples/", ["period_start", "period_end", "percentage"]),
    ]
    server_errors = []
    for client, endpoint, fields in endpoints:
        for field in fields:
            for value in ODD_VALUES:
                if field in ("offences", "conditions") and isinstance(value, str):
                    nested = "offence_date" if field == "offences" else "end_date"
                    value = [{**good[field][0], nested: value}]
                response = client.post(f"{API}/{endpoint}", good | {field: value}, format="json")
                if response.status_code >= 500:
                    server_errors.append((endpoint, field, value))
    for params in ({"from": "0001-01-01", "to": "9999-12-31"}, {"from": "9999-12-01", "to": "9999-12-31"}):
        if police.get(f"{API}/first-time-entrants/", params).status_code >= 500:
            server_errors.append(("first-time-entrants/", params))

    assert server_errors == []
