"""The board report's court figures (``governance.indicators.court``) on hand-made data, each against a
hand count, for the period and the one before; by team; on the board report and the inspection
readiness page."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseType
from cases.tests.factories import CaseFactory
from court import rules
from court.models import (
    OrderOutcome,
    OrderType,
    PanelOutcome,
    PanelType,
    ReportStatus,
    RequirementProgress,
    RequirementStatus,
    RequirementType,
    Sentence,
    SupervisionOnRelease,
)
from court.tests.factories import (
    CustodySpellFactory,
    OrderFactory,
    PreSentenceReportFactory,
    ReferralPanelFactory,
    RequirementFactory,
    ResettlementPlanFactory,
)
from governance.indicators import Period, board_figures
from governance.indicators import court as figures
from governance.report import present
from yjs.roles import Role
from yjs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
PERIOD = Period(D(2025, 4, 1), D(2025, 6, 30))  # the previous: 1 January to 31 March 2025


def numbers(figure) -> tuple:
    return (figure.numerator, figure.denominator, figure.previous["numerator"], figure.previous["denominator"])


def figure_of(code: str, team_ids=None):
    return next(f for f in figures.court_figures(PERIOD, team_ids) if f.code == code)


def _case(team, case_type=CaseType.REFERRAL_ORDER):
    return CaseFactory(team=team, case_type=case_type)


@pytest.fixture
def reports(team_north, team_south, team_manager):
    def report(submitted_on, due_on, team=team_north):
        PreSentenceReportFactory(
            case=_case(team),
            requested_on=due_on - datetime.timedelta(days=10),
            due_on=due_on,
            status=ReportStatus.SUBMITTED,
            approved_by=team_manager,
            approved_at=timezone.now(),
            submitted_on=submitted_on,
        )

    report(D(2025, 4, 10), D(2025, 4, 15))  # on time
    report(D(2025, 5, 20), D(2025, 5, 19))  # a day late
    report(D(2025, 6, 30), D(2025, 6, 30))  # on the day it was due: on time
    report(D(2025, 6, 2), D(2025, 5, 30), team=team_south)  # late, South
    report(D(2025, 3, 31), D(2025, 4, 2))  # the previous period, on time
    PreSentenceReportFactory(case=_case(team_north), requested_on=D(2025, 5, 1), due_on=D(2025, 5, 5))  # never


def test_report_timeliness(reports, team_north):
    assert numbers(figure_of("court_reports_on_time")) == (2, 4, 1, 1)
    assert numbers(figure_of("court_reports_on_time", [team_north.pk])) == (2, 3, 1, 1)
    assert figure_of("court_reports_on_time").value == 50.0


@pytest.fixture
def sentenced(team_north):
    def report(proposal, sentence, on):
        PreSentenceReportFactory(
            case=_case(team_north),
            requested_on=on - datetime.timedelta(days=20),
            due_on=on - datetime.timedelta(days=5),
            proposal=proposal,
            sentence_given=sentence,
            sentenced_on=on,
        )

    report(Sentence.REFERRAL_ORDER, Sentence.REFERRAL_ORDER, D(2025, 4, 5))  # matched
    report(Sentence.YOUTH_REHABILITATION_ORDER, Sentence.DETENTION_AND_TRAINING_ORDER, D(2025, 5, 5))  # not
    report(Sentence.REFERRAL_ORDER, Sentence.REFERRAL_ORDER, D(2025, 6, 1))  # matched
    report("", Sentence.REFERRAL_ORDER, D(2025, 6, 2))  # no proposal: not counted
    report(Sentence.FINE, Sentence.FINE, D(2025, 2, 1))  # the previous period


def test_concordance(sentenced):
    assert numbers(figure_of("court_concordance")) == (2, 3, 1, 1)


@pytest.fixture
def initial_panels(team_north):
    def order(made_on, held_on=None, order_type=OrderType.REFERRAL_ORDER):
        case_type = CaseType.REFERRAL_ORDER if order_type == OrderType.REFERRAL_ORDER else CaseType(order_type)
        made = OrderFactory(case=_case(team_north, case_type), order_type=order_type, made_on=made_on)
        due = rules.initial_panel_due(made_on)
        outcome = PanelOutcome.CONTRACT_AGREED if held_on else ""
        ReferralPanelFactory(order=made, due_on=due, held_on=held_on, outcome=outcome)
        return due

    # Made 1 April 2025: due 1 May (Good Friday and Easter Monday skipped), held that day.
    assert order(D(2025, 4, 1), held_on=D(2025, 5, 1)) == D(2025, 5, 1)
    # Made 10 April: due 13 May (the May bank holiday skipped too), held a day late.
    assert order(D(2025, 4, 10), held_on=D(2025, 5, 14)) == D(2025, 5, 13)
    order(D(2025, 5, 20))  # due in June, not held
    order(D(2025, 6, 20), held_on=D(2025, 7, 1))  # due in July: another period
    assert order(D(2025, 3, 5), held_on=D(2025, 3, 30)) == D(2025, 4, 2)  # made in March, due (and counted) in April
    order(D(2025, 2, 3), held_on=D(2025, 2, 28))  # due 3 March: the previous period, in time
    order(D(2025, 4, 1), held_on=D(2025, 6, 1), order_type=OrderType.YOUTH_REHABILITATION_ORDER)  # not a referral order


def test_initial_panels_within_20_working_days(initial_panels):
    assert numbers(figure_of("court_initial_panels_in_time")) == (2, 4, 1, 1)


@pytest.fixture
def progress_panels(team_north):
    order = OrderFactory(case=_case(team_north), order_type=OrderType.REFERRAL_ORDER, made_on=D(2024, 12, 2))

    def panel(due_on, held_on=None, panel_type=PanelType.PROGRESS):
        outcome = PanelOutcome.PROGRESS_SATISFACTORY if held_on else ""
        ReferralPanelFactory(order=order, panel_type=panel_type, due_on=due_on, held_on=held_on, outcome=outcome)

    panel(D(2025, 4, 15), D(2025, 4, 14))  # on time
    panel(D(2025, 5, 15), D(2025, 5, 20))  # late
    panel(D(2025, 6, 10))  # not held
    panel(D(2025, 3, 10), D(2025, 3, 10))  # the previous period, on its due date
    panel(D(2025, 5, 1), D(2025, 5, 1), panel_type=PanelType.FINAL)  # a final panel: not counted


def test_progress_panels_on_time(progress_panels):
    assert numbers(figure_of("court_progress_panels_on_time")) == (1, 3, 1, 1)


@pytest.fixture
def ended(team_north):
    def order(outcome, ended_on):
        OrderFactory(case=_case(team_north), made_on=D(2024, 6, 1), outcome=outcome, ended_on=ended_on)

    order(OrderOutcome.COMPLETED, D(2025, 4, 20))
    order(OrderOutcome.REVOKED_BREACH, D(2025, 5, 1))
    order(OrderOutcome.COMPLETED, D(2025, 6, 30))
    order(OrderOutcome.REVOKED_NEW_OFFENCE, D(2025, 5, 15))
    order(OrderOutcome.COMPLETED, D(2025, 3, 1))  # the previous period
    OrderFactory(case=_case(team_north), made_on=D(2025, 4, 1))  # running


def test_orders_completed_and_breached(ended):
    assert numbers(figure_of("court_orders_completed")) == (2, 4, 1, 1)
    assert numbers(figure_of("court_orders_breached")) == (1, 4, 0, 1)


@pytest.fixture
def unpaid_work(team_north, case_worker):
    order = OrderFactory(
        case=_case(team_north, CaseType.YOUTH_REHABILITATION_ORDER),
        order_type=OrderType.YOUTH_REHABILITATION_ORDER,
        made_on=D(2025, 1, 1),
    )

    def requirement(hours_ordered, done, status, completed_on=None, ends_on=None, kind=RequirementType.UNPAID_WORK):
        made = RequirementFactory(
            order=order,
            requirement_type=kind,
            starts_on=D(2025, 1, 1),
            hours_ordered=hours_ordered,
            status=status,
            completed_on=completed_on,
            ends_on=ends_on,
            recorded_by=case_worker,
        )
        for hours in done:
            RequirementProgress.objects.create(
                requirement=made, done_on=D(2025, 1, 10), hours=Decimal(hours), recorded_by=case_worker
            )

    requirement(60, ["40", "20"], RequirementStatus.COMPLETED, completed_on=D(2025, 4, 30))  # 60 of 60
    requirement(100, ["30.25"], RequirementStatus.ENDED_EARLY, ends_on=D(2025, 5, 31))  # 30.25 of 100
    requirement(40, ["45"], RequirementStatus.COMPLETED, completed_on=D(2025, 6, 15))  # 40 (of 45 done) of 40
    requirement(80, ["10"], RequirementStatus.ACTIVE)  # not ended
    requirement(20, ["20"], RequirementStatus.COMPLETED, completed_on=D(2025, 5, 1), kind=RequirementType.ACTIVITY)
    requirement(50, ["50"], RequirementStatus.COMPLETED, completed_on=D(2025, 2, 10))  # the previous period


def test_unpaid_work_hours_delivered(unpaid_work):
    figure = figure_of("court_unpaid_work_hours")
    assert numbers(figure) == (130, 200, 50, 50)  # 130.25 hours, in whole hours
    assert figure.value == 65.0


@pytest.fixture
def releases(team_north):
    def spell(released_on, completed_on=None, supervision=SupervisionOnRelease.LICENCE, plan=True):
        made = CustodySpellFactory(
            case=_case(team_north, CaseType.DETENTION_AND_TRAINING_ORDER),
            custody_from=D(2024, 10, 1),
            release_on=released_on,
            released_on=released_on,
            supervision_on_release=supervision,
        )
        if plan:
            ResettlementPlanFactory(spell=made, completed_on=completed_on)

    spell(D(2025, 4, 20), D(2025, 4, 1))  # in place
    spell(D(2025, 5, 10), D(2025, 5, 10))  # completed on the day of release: in place
    spell(D(2025, 6, 1), D(2025, 6, 5), supervision=SupervisionOnRelease.NOTICE_OF_SUPERVISION)  # after release
    spell(D(2025, 6, 15), plan=False)  # no plan
    spell(D(2025, 5, 1), supervision=SupervisionOnRelease.NONE, plan=False)  # a remand: not counted
    spell(D(2025, 2, 1), D(2025, 1, 20))  # the previous period


def test_resettlement_plans_in_place_at_release(releases):
    assert numbers(figure_of("court_resettlement_in_place")) == (2, 4, 1, 1)


def test_no_data_gives_no_value(db):
    for figure in figures.court_figures(PERIOD):
        assert (figure.numerator, figure.denominator, figure.value) == (0, 0, None), figure.code


# --- The board report and inspection readiness -----------------------------------------------------


def test_the_board_report_carries_the_court_section(reports, ended, head_of_service):
    sections = board_figures(start=PERIOD.start, end=PERIOD.end, user=head_of_service)
    court = {figure["code"]: figure for figure in sections["court"]}
    assert list(court) == [
        "court_reports_on_time",
        "court_concordance",
        "court_initial_panels_in_time",
        "court_progress_panels_on_time",
        "court_orders_completed",
        "court_orders_breached",
        "court_unpaid_work_hours",
        "court_resettlement_in_place",
    ]
    assert (court["court_reports_on_time"]["numerator"], court["court_reports_on_time"]["denominator"]) == (2, 4)
    data = {
        "period": {"start": PERIOD.start.isoformat(), "end": PERIOD.end.isoformat()},
        "previous": {"start": PERIOD.previous.start.isoformat(), "end": PERIOD.previous.end.isoformat()},
        "sections": sections,
    }
    shown = {section["id"]: section for section in present(data, suppress=False)["sections"]}
    assert shown["court"]["title"] == "Court work and orders"
    row = next(r for r in shown["court"]["rows"] if r[0].startswith("Court orders completed"))
    assert row[1:4] == ["2", "4", "50.0%"]
    # Suppressed for the board: completed and breached share one denominator, hidden or shown together.
    hidden = {section["id"]: section for section in present(data, suppress=True)["sections"]}["court"]["rows"]
    completed, breached = (
        next(r for r in hidden if r[0].startswith(p)) for p in ("Court orders completed", "Court orders revoked")
    )
    assert completed[2] == breached[2]


def test_the_inspection_readiness_page_shows_the_court_figures(client, head_of_service):
    client.force_login(head_of_service)
    html = client.get(reverse("governance:inspection")).content.decode()
    assert 'id="court-figures"' in html
    assert "Initial referral order panels held within 20 working days of the order" in html
    assert "Resettlement plans in place at release from custody" in html


@pytest.fixture
def head_of_service(team_north, team_south):
    return UserFactory(username="head", roles=[Role.HEAD_OF_SERVICE], teams=[team_north, team_south])
