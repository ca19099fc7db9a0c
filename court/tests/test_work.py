"""Court work on the work lists (``court.work``): referral order panels, pre-sentence reports, reports
awaiting approval and resettlement plans, for each role on hand-made data; what is not theirs stays
out; the home page's cards and ``GET /api/v1/my-work/`` show the same."""

import datetime
import re
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseStatus, CaseType
from cases.tests.factories import CaseFactory, ChildFactory
from court import rules
from court import work as court_work
from court.models import OrderType, PanelOutcome, PanelType, ReportStatus
from court.services.panels import panel_schedule_initial
from court.tests.factories import (
    CustodySpellFactory,
    OrderFactory,
    PreSentenceReportFactory,
    ReferralPanelFactory,
    ResettlementPlanFactory,
)
from yjs.api.tokens import api_token_create
from yjs.roles import Role
from yjs.tests.factories import UserFactory
from yjs.work import my_work, work_cards
from yjs.working_days import add_working_days

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
KINDS = set(court_work.KINDS)


@dataclass
class World:
    users: dict
    cases: dict
    panel: object
    release_on: datetime.date


def _case(name: str, case_type: str, team, worker, **fields):
    forenames, surname = name.split()
    child = ChildFactory(forenames=forenames, surname=surname)
    return CaseFactory(child=child, case_type=case_type, team=team, allocated_to=worker, created_by=worker, **fields)


@pytest.fixture
def world(team_north, team_south, case_worker, team_manager, police_officer, board_member):
    kim = UserFactory(username="kim", roles=[Role.CASE_WORKER], teams=[team_north])
    south_worker = UserFactory(username="south", roles=[Role.CASE_WORKER], teams=[team_south])
    head = UserFactory(username="head", roles=[Role.HEAD_OF_SERVICE], teams=[team_north, team_south])
    users = {
        "caseworker": case_worker,
        "kim": kim,
        "manager": team_manager,
        "head": head,
        "police": police_officer,
        "board": board_member,
    }
    amy = _case("Amy Adams", CaseType.REFERRAL_ORDER, team_north, case_worker, start_date=TODAY)
    ben = _case("Ben Brown", CaseType.YOUTH_REHABILITATION_ORDER, team_north, case_worker)
    cal = _case("Cal Cole", CaseType.DETENTION_AND_TRAINING_ORDER, team_north, case_worker)
    dot = _case("Dot Dale", CaseType.DETENTION_AND_TRAINING_ORDER, team_north, case_worker)
    kit = _case("Kit Kay", CaseType.REFERRAL_ORDER, team_north, kim)
    sue = _case("Sue Sands", CaseType.REFERRAL_ORDER, team_south, south_worker)
    old = _case("Old Oak", CaseType.REFERRAL_ORDER, team_north, case_worker, status=CaseStatus.CLOSED)

    # Acceptance 1: a referral order made today; its initial panel, scheduled by the panels service.
    amy_order = OrderFactory(case=amy, order_type=OrderType.REFERRAL_ORDER, made_on=TODAY, recorded_by=case_worker)
    panel = panel_schedule_initial(order=amy_order)
    # A held initial panel and a progress panel months away: neither is listed.
    ReferralPanelFactory(
        order=amy_order, held_on=TODAY - DAY, outcome=PanelOutcome.CONTRACT_AGREED, due_on=TODAY
    )  # (a second initial panel, held: not listed)
    ReferralPanelFactory(order=amy_order, panel_type=PanelType.PROGRESS, due_on=TODAY + datetime.timedelta(days=80))
    # Kim's case (the manager's team), another team's overdue panel, a closed case's.
    ReferralPanelFactory(order=OrderFactory(case=kit, order_type=OrderType.REFERRAL_ORDER))
    ReferralPanelFactory(
        order=OrderFactory(case=sue, order_type=OrderType.REFERRAL_ORDER, made_on=TODAY - datetime.timedelta(days=60))
    )
    ReferralPanelFactory(order=OrderFactory(case=old, order_type=OrderType.REFERRAL_ORDER))

    # Reports: Sam's draft (due in 15 working days), returned and overdue, awaiting approval, submitted.
    PreSentenceReportFactory(case=ben, author=case_worker)
    PreSentenceReportFactory(
        case=ben, author=case_worker, status=ReportStatus.RETURNED, requested_on=TODAY - datetime.timedelta(days=30)
    )
    PreSentenceReportFactory(case=ben, author=case_worker, status=ReportStatus.AWAITING_APPROVAL)
    PreSentenceReportFactory(
        case=ben,
        author=case_worker,
        status=ReportStatus.SUBMITTED,
        requested_on=TODAY - datetime.timedelta(days=40),
        approved_by=team_manager,
        approved_at=timezone.now(),
        submitted_on=TODAY - datetime.timedelta(days=20),
    )
    # The manager's own report awaiting approval is not theirs to approve.
    PreSentenceReportFactory(case=kit, author=team_manager, status=ReportStatus.AWAITING_APPROVAL)

    # Acceptance 4: DTO spells with release in 10 working days: one plan not completed, one with no plan.
    release_on = add_working_days(TODAY, 10)
    ResettlementPlanFactory(spell=CustodySpellFactory(case=cal, release_on=release_on))
    CustodySpellFactory(case=dot, release_on=release_on)
    # A completed plan, a child released, a release months away: none listed.
    ResettlementPlanFactory(spell=CustodySpellFactory(case=cal), completed_on=TODAY, completed_by=case_worker)
    CustodySpellFactory(case=dot, release_on=TODAY - DAY, released_on=TODAY - DAY)
    CustodySpellFactory(case=dot, release_on=TODAY + datetime.timedelta(days=200))
    return World(users, {"amy": amy, "ben": ben, "cal": cal, "dot": dot, "kit": kit, "sue": sue}, panel, release_on)


def court_counts(user) -> dict[str, tuple[int, int]]:
    return {card.kind: (card.count, card.overdue) for card in work_cards(user=user, today=TODAY) if card.kind in KINDS}


def court_items(user) -> list:
    return [item for item in my_work(user=user, today=TODAY) if item.kind in KINDS]


EXPECTED = {
    "caseworker": {
        "referral_panel": (1, 0),
        "pre_sentence_report": (2, 1),
        "resettlement_plan": (2, 2),
    },
    "kim": {"referral_panel": (1, 0)},
    "manager": {
        "referral_panel": (2, 0),
        "pre_sentence_report": (2, 1),
        "report_approval": (1, 0),
        "resettlement_plan": (2, 2),
    },
    "head": {
        "referral_panel": (1, 1),
        "pre_sentence_report": (1, 1),
        "resettlement_plan": (2, 2),
    },
    "police": {},
    "board": {},
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_each_role_counts_its_own_court_work(world, who):
    assert court_counts(world.users[who]) == EXPECTED[who]


def test_a_referral_order_made_today_shows_its_initial_panel_due_in_20_working_days(world):
    """Acceptance 1: on the worker's list and the manager's, due 20 working days (bank holidays skipped) on."""
    due = add_working_days(TODAY, 20)
    assert world.panel.due_on == due == rules.initial_panel_due(TODAY)
    for who in ("caseworker", "manager"):
        panels = [item for item in court_items(world.users[who]) if item.kind == "referral_panel"]
        amy = [item for item in panels if item.case_id == world.cases["amy"].pk]
        assert [(item.due, item.overdue(TODAY)) for item in amy] == [(due, False)], who
        assert amy[0].label == "Hold the initial panel of Amy Adams's referral order"
        assert amy[0].link


def test_a_dto_released_in_10_working_days_without_a_completed_plan_is_overdue(world):
    """Acceptance 4: the plan not completed, and the spell with no plan at all, each overdue."""
    due = rules.resettlement_plan_due(world.release_on)
    assert due < TODAY
    plans = [item for item in court_items(world.users["caseworker"]) if item.kind == "resettlement_plan"]
    assert {(item.case_id, item.due) for item in plans} == {(world.cases["cal"].pk, due), (world.cases["dot"].pk, due)}
    assert all(item.overdue(TODAY) for item in plans)
    labels = sorted(item.label.split(" the ")[0] for item in plans)
    assert labels == ["Complete", "Start"]


def test_the_release_date_filter_agrees_with_the_rule():
    for offset in range(0, 40):
        horizon = TODAY + datetime.timedelta(days=offset)
        latest = court_work.latest_release_due_by(horizon)
        assert rules.resettlement_plan_due(latest) <= horizon < rules.resettlement_plan_due(latest + DAY)


def test_reports_say_what_to_do(world):
    labels = sorted(item.label for item in court_items(world.users["caseworker"]) if item.kind == "pre_sentence_report")
    assert labels == [
        "Revise the pre-sentence report on Ben Brown: a manager returned it",
        "Write the pre-sentence report on Ben Brown",
    ]
    (approval,) = [item for item in court_items(world.users["manager"]) if item.kind == "report_approval"]
    assert approval.label.startswith("Approve or return the pre-sentence report on Ben Brown, written by ")


def test_another_teams_and_a_colleagues_court_work_stays_out(world):
    seen = {item.case_id for item in court_items(world.users["caseworker"])}
    assert world.cases["kit"].pk not in seen and world.cases["sue"].pk not in seen
    manager = {item.case_id for item in court_items(world.users["manager"])}
    assert world.cases["kit"].pk in manager and world.cases["sue"].pk not in manager
    head = court_items(world.users["head"])
    assert all(item.overdue(TODAY) for item in head)
    assert world.cases["sue"].pk in {item.case_id for item in head}


def test_a_link_goes_to_the_court_page_or_else_the_case_pages_court_section(world):
    for item in court_items(world.users["manager"]):
        assert item.link.startswith("/court/") or item.link == f"/cases/{item.case_id}/#court", item.link


@pytest.mark.parametrize("who", ["caseworker", "manager", "head"])
def test_each_court_source_runs_at_most_five_queries(world, who):
    """Two queries a list (its rows and their count), at most two lists a source, and the scope's own."""
    user = world.users[who]
    work_cards(user=user, today=TODAY)  # the person's roles and the case scope, read once a request
    for source in (
        court_work.panels_due,
        court_work.reports_due,
        court_work.reports_awaiting_approval,
        court_work.resettlement_plans_due,
    ):
        with CaptureQueriesContext(connection) as captured:
            list(source(user=user, today=TODAY))
        assert len(captured) <= 5, (source.__name__, [query["sql"][:200] for query in captured])


def test_a_kind_with_more_items_than_a_list_shows_is_counted_in_full(world, monkeypatch):
    from yjs import work

    monkeypatch.setattr(work, "LIST_LIMIT", 1)
    cards = {card.kind: card for card in work_cards(user=world.users["manager"], today=TODAY)}
    assert (cards["referral_panel"].count, len(cards["referral_panel"].items)) == (2, 1)
    # Resettlement plans: two queries, each listing one, counted together.
    assert (cards["resettlement_plan"].count, cards["resettlement_plan"].overdue) == (2, 2)


# --- The home page and the API ----------------------------------------------------------------------


def test_the_home_page_shows_the_court_cards(world, client):
    client.force_login(world.users["manager"])
    html = client.get(reverse("home")).content.decode()
    shown = dict(re.findall(r'data-count="(\w+)">(\d+)<', html))
    assert {kind: shown.get(kind) for kind in EXPECTED["manager"]} == {
        kind: str(count) for kind, (count, _) in EXPECTED["manager"].items()
    }
    assert "Referral order panels" in html and "Pre-sentence reports awaiting approval" in html
    assert 'id="work-referral-panel"' in html
    assert "Hold the initial panel of Amy Adams&#x27;s referral order" in html
    assert "Sue Sands" not in html


def test_the_api_gives_the_court_items(world, api_client):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=world.users['caseworker'])}")
    body = api_client.get("/api/v1/my-work/").json()
    counts = {row["kind"]: (row["count"], row["overdue"]) for row in body["counts"] if row["kind"] in KINDS}
    assert counts == EXPECTED["caseworker"]
    panels = [item for item in body["items"] if item["kind"] == "referral_panel"]
    assert panels == [
        {
            "kind": "referral_panel",
            "label": "Hold the initial panel of Amy Adams's referral order",
            "due": add_working_days(TODAY, 20).isoformat(),
            "overdue": False,
            "case": world.cases["amy"].pk,
            "child": "Amy Adams",
            "link": panels[0]["link"],
        }
    ]
    assert world.cases["sue"].pk not in {item["case"] for item in body["items"]}
