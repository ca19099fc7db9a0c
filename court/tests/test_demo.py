"""The court demo (``court.demo``): on the cases demo it gives the court order cases their orders,
requirements (unpaid work tracked on a child of 16 or over), panels (one initial due soon, one held
with its contract), today's court list, reports in every state and a DTO spell due for release with
its plan overdue; the work lists and the board's figures show them; it is quick, deterministic and a
second run adds nothing."""

import time

import pytest
from django.utils import timezone

from cases.demo import load_cases_demo
from court import rules
from court.demo import load_court_demo
from court.models import (
    Contract,
    CustodySpell,
    Hearing,
    Order,
    PanelType,
    PreSentenceReport,
    ReferralPanel,
    ReportStatus,
    Requirement,
    RequirementType,
    ResettlementPlan,
    Volunteer,
)
from governance.indicators import Period
from governance.indicators.court import court_figures
from yjs.demo import load_demo_users
from yjs.models import User
from yjs.work import work_cards
from yjs.working_days import add_working_days

pytestmark = pytest.mark.django_db

COUNTED = (Order, Requirement, ReferralPanel, Contract, Hearing, PreSentenceReport, CustodySpell, Volunteer)


def test_without_the_demo_users_it_says_so(db):
    """First in the module: before the module's demo data is loaded."""
    assert load_court_demo().startswith("no court demo")
    assert not Order.objects.exists()


@pytest.fixture(scope="module")
def loaded(module_world):
    def load():
        load_demo_users(password="demo-pass-for-tests-2026")
        load_cases_demo()
        started = time.monotonic()
        summary = load_court_demo()
        seconds = time.monotonic() - started
        return summary, seconds

    yield from module_world(load)


def test_the_demo_loads_quickly(loaded, db):
    summary, seconds = loaded
    assert summary.startswith("court demo:"), summary
    assert seconds < 10, f"the court demo took {seconds:.1f} s"


def test_orders_requirements_and_unpaid_work_on_a_child_of_16_or_over(loaded, db):
    assert set(Order.objects.values_list("order_type", flat=True)) == {
        "referral_order",
        "youth_rehabilitation_order",
        "detention_and_training_order",
    }
    assert Order.objects.exclude(outcome="").filter(outcome="completed").exists()
    assert Order.objects.filter(outcome="revoked_breach").exists()
    unpaid = Requirement.objects.select_related("order__case__child").get(
        requirement_type=RequirementType.UNPAID_WORK, order__outcome=""
    )
    child, made_on = unpaid.order.case.child, unpaid.order.made_on
    assert (
        rules.requirement_refusal(RequirementType.UNPAID_WORK, date_of_birth=child.date_of_birth, made_on=made_on) == ""
    )
    assert unpaid.progress.count() == 6
    # Ended orders' unpaid work, done (or ended early), for the board's figure: each on a child of 16 or over.
    for ended in Requirement.objects.filter(requirement_type=RequirementType.UNPAID_WORK).exclude(order__outcome=""):
        child, made_on = ended.order.case.child, ended.order.made_on
        assert not rules.requirement_refusal(ended.requirement_type, date_of_birth=child.date_of_birth, made_on=made_on)


def test_panels_volunteers_hearings_reports_and_custody(loaded, db):
    today = timezone.localdate()
    soon = ReferralPanel.objects.filter(panel_type=PanelType.INITIAL, held_on__isnull=True, due_on__gte=today)
    assert soon.exists() and all((panel.due_on - today).days <= 14 for panel in soon)
    assert Contract.objects.filter(panel__held_on__isnull=False).exists()
    assert ReferralPanel.objects.filter(panel_type=PanelType.PROGRESS, held_on__isnull=True).exists()
    volunteers = list(Volunteer.objects.all())
    assert len(volunteers) == 6
    assert sum(not volunteer.may_sit_on(today) for volunteer in volunteers) == 1
    assert Hearing.objects.filter(heard_on=today).count() >= 3
    statuses = set(PreSentenceReport.objects.values_list("status", flat=True))
    assert {ReportStatus.AWAITING_APPROVAL, ReportStatus.RETURNED, ReportStatus.SUBMITTED} <= statuses
    returned = PreSentenceReport.objects.get(status=ReportStatus.RETURNED)
    assert returned.returns.filter(resubmitted_at__isnull=True).exists()
    spell = CustodySpell.objects.get(release_on=add_working_days(today, 10))
    plan = ResettlementPlan.objects.get(spell=spell)
    assert plan.completed_on is None and plan.due_on < today


def test_the_work_lists_and_the_figures_show_the_demo(loaded, db):
    today = timezone.localdate()
    worker = {card.kind: card for card in work_cards(user=User.objects.get(username="caseworker"), today=today)}
    assert {"referral_panel", "pre_sentence_report"} <= set(worker)
    # The demo's one open detention and training order is South's, unallocated: the head of service's
    # list of what is overdue across the service shows its plan.
    head = {card.kind: card for card in work_cards(user=User.objects.get(username="head"), today=today)}
    assert head["resettlement_plan"].overdue >= 1
    manager = {card.kind: card for card in work_cards(user=User.objects.get(username="manager"), today=today)}
    assert manager["report_approval"].count >= 1
    year = Period(today.replace(year=today.year - 1), today)
    figures = {figure.code: figure for figure in court_figures(year)}
    codes = ("court_reports_on_time", "court_concordance", "court_orders_completed", "court_unpaid_work_hours")
    for code in (*codes, "court_initial_panels_in_time", "court_resettlement_in_place"):
        assert figures[code].denominator, code


def test_a_second_run_adds_nothing(loaded, db):
    before = {model.__name__: model.objects.count() for model in COUNTED}
    assert load_court_demo() == "court demo already loaded"
    assert {model.__name__: model.objects.count() for model in COUNTED} == before
