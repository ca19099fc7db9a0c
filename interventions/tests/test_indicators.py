"""The board report's interventions figures (``governance.indicators.interventions``) on hand-made
data, against hand counts; and their place on the board report."""

import datetime
from decimal import Decimal

import pytest

from cases.tests.factories import CaseFactory
from governance.indicators import Period, board_figures
from governance.indicators.interventions import intervention_completion, reparation_hours
from governance.report import present, report_data
from yjs.roles import Role
from yjs.tests.factories import UserFactory

from .factories import InterventionFactory, PlacementFactory, ReferralFactory, SessionFactory

pytestmark = pytest.mark.django_db

START, END = datetime.date(2026, 4, 1), datetime.date(2026, 6, 30)
PERIOD = Period(START, END)


def day(month: int, number: int) -> datetime.date:
    return datetime.date(2026, month, number)


def ended(case, on, outcome, intervention):
    return ReferralFactory(
        case=case, intervention=intervention, referred_on=day(1, 5), started_on=day(1, 10), ended_on=on,
        outcome=outcome, sessions_offered=4, sessions_attended=4,
    )  # fmt: skip


def test_intervention_completion_is_completed_over_ended_in_the_period(team_north, team_south):
    north = CaseFactory(team=team_north, start_date=day(1, 1))
    south = CaseFactory(team=team_south, start_date=day(1, 1))
    programme = InterventionFactory()
    ended(north, day(4, 1), "completed", programme)  # in
    ended(north, day(6, 30), "completed", programme)  # in
    ended(north, day(5, 2), "not_completed", programme)  # in
    ended(north, day(5, 3), "withdrawn", programme)  # in
    ended(north, day(3, 31), "completed", programme)  # the previous period
    ended(south, day(5, 1), "partly_completed", programme)  # in, South's
    ReferralFactory(case=north, intervention=programme, referred_on=day(4, 2))  # not ended
    # By hand: completed 2 of North's 4 ended, 2 of 5 in all.
    figure = intervention_completion(PERIOD, [team_north.pk])
    assert (figure.numerator, figure.denominator, figure.value) == (2, 4, 50.0)
    figure = intervention_completion(PERIOD)
    assert (figure.numerator, figure.denominator, figure.value) == (2, 5, 40.0)
    before = intervention_completion(PERIOD.previous)
    assert (before.numerator, before.denominator) == (1, 1)


def test_reparation_hours_are_hours_done_over_hours_ordered_of_placements_active(team_north, team_south):
    north = CaseFactory(team=team_north, start_date=day(1, 1))
    south = CaseFactory(team=team_south, start_date=day(1, 1))
    running = PlacementFactory(case=north, hours_ordered=10, started_on=day(3, 1))  # active: 10
    done_before = PlacementFactory(case=north, hours_ordered=6, started_on=day(1, 1), completed_on=day(3, 31))
    finished = PlacementFactory(case=north, hours_ordered=4, started_on=day(5, 1), completed_on=day(6, 1))  # 4
    PlacementFactory(case=north, hours_ordered=8, started_on=day(7, 1))  # after the period
    southern = PlacementFactory(case=south, hours_ordered=20, started_on=day(4, 1))  # South's: 20
    SessionFactory(placement=running, done_on=day(3, 20), hours=Decimal(2))  # before the period
    SessionFactory(placement=running, done_on=day(4, 10), hours=Decimal("2.5"))
    SessionFactory(placement=running, done_on=day(6, 30), hours=Decimal(3))
    SessionFactory(placement=done_before, done_on=day(3, 31), hours=Decimal(6))  # before
    SessionFactory(placement=finished, done_on=day(6, 1), hours=Decimal(4))
    SessionFactory(placement=southern, done_on=day(5, 1), hours=Decimal(5))
    # By hand, North: 2.5 + 3 + 4 = 9.5 hours of 10 + 4 = 14 ordered; with South, 14.5 of 34.
    figure = reparation_hours(PERIOD, [team_north.pk])
    assert (figure.numerator, figure.denominator, figure.value) == (9.5, 14, 67.9)
    figure = reparation_hours(PERIOD)
    assert (figure.numerator, figure.denominator, figure.value) == (14.5, 34, 42.6)
    empty = reparation_hours(Period(day(1, 1), day(1, 31)), [team_south.pk])
    assert (empty.numerator, empty.denominator, empty.value) == (0, 0, None)


def test_the_board_report_shows_the_section(team_north, team_south):
    head = UserFactory(roles=[Role.HEAD_OF_SERVICE], teams=[team_north, team_south])
    programme = InterventionFactory()
    ended(CaseFactory(team=team_north, start_date=day(1, 1)), day(5, 1), "completed", programme)
    sections = board_figures(start=START, end=END, user=head)
    codes = [figure["code"] for figure in sections["interventions"]]
    assert codes == ["intervention_completion", "reparation_hours"]
    assert sections["interventions"][0]["previous"] == {"numerator": 0, "denominator": 0, "value": None}
    shown = present(report_data(start=START, end=END, user=head), suppress=False)
    assert "Interventions and reparation" in str(shown)


def test_the_inspection_readiness_page_shows_the_figures_of_the_last_months(client, team_north, team_south):
    from django.urls import reverse
    from django.utils import timezone

    head = UserFactory(roles=[Role.HEAD_OF_SERVICE], teams=[team_north, team_south])
    today = timezone.localdate()
    ended(CaseFactory(team=team_north, start_date=day(1, 1)), today, "completed", InterventionFactory())
    client.force_login(head)
    html = client.get(reverse("governance:inspection")).content.decode()
    section = html[html.index('id="interventions-figures"') :]
    assert "Interventions and reparation: figures" in section
    row = section[section.index("Referrals to interventions completed") :]
    assert [cell.split(">")[-1] for cell in row.split("</td>")[:3]] == ["1", "1", "100.0%"]
