"""The board report's figures on keeping the child and other people safe (``indicators.risk``),
each checked on hand-made data: numerator and denominator, this period and the previous one;
and the same numbers on the report's page, in its PDF and its CSV, and on inspection readiness.

The period is April to June 2025 (the previous one January to March), which has Easter (18 and 21
April) and the May bank holidays (5 and 26 May) in it: deadlines in working days step over them.
"""

import datetime
import re
import shutil
import subprocess
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Assessment, Case, Level, Plan, Returned, Review, ReviewTrigger
from cases.tests.factories import CaseFactory
from governance import services
from governance.indicators import Period
from governance.indicators import risk as figures
from governance.tests.report_tables import Tables, csv_of
from risk.models import Action, Hearing, Meeting, Referral, ReferralReason, ReferralStatus
from yjs.roles import Role
from yjs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
PERIOD = Period(D(2025, 4, 1), D(2025, 6, 30))
LONDON = timezone.get_default_timezone()


def at(day: D, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)


@pytest.fixture(autouse=True)
def working_days(settings):
    settings.RISK_MEETING_WITHIN_WORKING_DAYS = 10
    settings.SIGNIFICANT_EVENT_REVIEW_WORKING_DAYS = 5


@pytest.fixture
def manager(team_north, team_south):
    return UserFactory(username="chair", roles=[Role.TEAM_MANAGER], teams=[team_north, team_south])


def open_case(team, child=None, *, end_date=None) -> Case:
    kwargs = {"child": child} if child else {}
    return CaseFactory(team=team, start_date=D(2024, 12, 1), end_date=end_date, **kwargs)


def assessed(case: Case, on: D | None, rosh: str = Level.LOW, safety: str = Level.LOW) -> Assessment:
    return Assessment.objects.create(
        case=case,
        assessment_type="asset_plus",
        due_date=on or D(2025, 6, 1),
        completed_date=on,
        risk_of_serious_harm=rosh,
        safety_and_wellbeing=safety,
        likelihood_of_reoffending=Level.LOW,
    )


# --- Children rated high or very high -----------------------------------------------------------


@pytest.fixture
def ratings(team_north, team_south):
    # A: high in February, low since May: high before, not now.
    a = open_case(team_north)
    assessed(a, D(2025, 2, 1), rosh=Level.HIGH)
    assessed(a, D(2025, 5, 1))
    # B: safety and wellbeing very high since March; the same child's other case is low: one child, high.
    b = open_case(team_north)
    assessed(b, D(2025, 3, 1), safety=Level.VERY_HIGH)
    assessed(open_case(team_north, b.child), D(2025, 2, 15))
    # C: high from May; a low one completed after the period does not count yet; none before May.
    c = open_case(team_north)
    assessed(c, D(2025, 5, 10), rosh=Level.HIGH)
    assessed(c, D(2025, 7, 5))
    # D: an assessment not completed: not assessed.
    assessed(open_case(team_north), None, rosh=Level.VERY_HIGH)
    # E: very high, case closed in April: counted before, not now.
    assessed(open_case(team_north, end_date=D(2025, 4, 15)), D(2025, 1, 10), rosh=Level.VERY_HIGH)
    # G: another team's child, high from April.
    assessed(open_case(team_south), D(2025, 4, 1), rosh=Level.HIGH)


def numbers(figure) -> tuple:
    return (figure.numerator, figure.denominator, figure.previous["numerator"], figure.previous["denominator"])


def figure_of(code: str, team_ids=None):
    return next(f for f in figures.risk_figures(PERIOD, team_ids) if f.code == code)


def test_children_rated_high_by_their_current_assessment(ratings, team_north):
    north = figure_of("risk_high", [team_north.pk])
    # Now: A (low now), B (high), C (high) assessed, B and C high. Before: A, B, E, all high.
    assert numbers(north) == (2, 3, 3, 3)
    assert north.value == 66.7 and north.previous["value"] == 100.0
    # Every team: G as well, high since April.
    assert numbers(figure_of("risk_high")) == (3, 4, 3, 3)


# --- Referrals heard at the risk meeting in time ------------------------------------------------


@pytest.fixture
def referrals(team_north, team_south, manager):
    meetings: dict[tuple, Meeting] = {}

    def refer(reason, referred_at, *, heard_on=None, decided=True, team=team_north, status=None) -> Referral:
        case = open_case(team)
        referral = Referral.objects.create(
            case=case,
            reason=reason,
            automatic=reason != ReferralReason.MANUAL,
            trigger=f"test:{case.pk}",
            detail="Referred by a worker" if reason == ReferralReason.MANUAL else "",
            referred_at=referred_at,
            status=status or (ReferralStatus.HEARD if heard_on and decided else ReferralStatus.AWAITING),
            decline_reason="Already managed under MAPPA level 2" if status == ReferralStatus.DECLINED else "",
        )
        if heard_on:
            key = (team.pk, heard_on)
            if key not in meetings:
                meetings[key] = Meeting.objects.create(team=team, held_on=heard_on, chair=manager, recorded_by=manager)
            hearing = Hearing.objects.create(
                meeting=meetings[key],
                case=case,
                decided_at=at(heard_on, 15) if decided else None,
                decided_by=manager if decided else None,
                decision="Multi-agency plan agreed" if decided else "",
            )
            hearing.referrals.add(referral)
        return referral

    rosh, safety, manual = ReferralReason.ROSH, ReferralReason.SAFETY_WELLBEING, ReferralReason.MANUAL
    refer(rosh, at(D(2025, 4, 1)), heard_on=D(2025, 4, 10))  # in time
    refer(safety, at(D(2025, 4, 14)), heard_on=D(2025, 4, 30))  # 10 working days after Easter: in time
    refer(rosh, at(D(2025, 5, 1)), heard_on=D(2025, 5, 30))  # late (due by 16 May)
    refer(rosh, at(D(2025, 5, 20)))  # still awaiting
    refer(rosh, at(D(2025, 6, 2)), status=ReferralStatus.DECLINED)  # declined: not counted
    refer(manual, at(D(2025, 6, 3)), heard_on=D(2025, 6, 10))  # in time, not for a rating
    refer(ReferralReason.THREAT_TO_LIFE, at(D(2025, 6, 5)), heard_on=D(2025, 6, 10), decided=False)  # no decision
    refer(rosh, at(D(2025, 4, 2)), heard_on=D(2025, 4, 9), team=team_south)  # another team's, in time
    refer(rosh, at(D(2025, 7, 1), 0, 30))  # 1 July in London (30 June in UTC): after the period
    # Before: one in time, one late.
    refer(rosh, at(D(2025, 3, 3)), heard_on=D(2025, 3, 12))
    refer(manual, at(D(2025, 2, 3)), heard_on=D(2025, 3, 20))


def test_referrals_for_a_high_rating_heard_in_time(referrals, team_north):
    north = figure_of("risk_high_heard_in_time", [team_north.pk])
    assert numbers(north) == (2, 4, 1, 1)
    assert north.value == 50.0
    assert "10 working days" in north.label
    assert numbers(figure_of("risk_high_heard_in_time")) == (3, 5, 1, 1)


def test_every_referral_heard_in_time(referrals, team_north):
    assert numbers(figure_of("risk_referrals_heard_in_time", [team_north.pk])) == (3, 6, 1, 2)


def test_without_the_bank_holidays_the_easter_referral_would_be_late(referrals, team_north, settings):
    # Nine working days after 14 April is 29 April: the hearing on the 30th is then late.
    settings.RISK_MEETING_WITHIN_WORKING_DAYS = 9
    assert numbers(figure_of("risk_high_heard_in_time", [team_north.pk]))[:2] == (1, 4)


# --- Overdue actions ----------------------------------------------------------------------------


@pytest.fixture
def actions(team_north, team_south, manager):
    hearings = {}

    def action(due_on: D, done_on: D | None = None, team=team_north) -> Action:
        if team.pk not in hearings:
            case = open_case(team)
            meeting = Meeting.objects.create(team=team, held_on=D(2025, 1, 8), chair=manager, recorded_by=manager)
            hearings[team.pk] = (Hearing.objects.create(meeting=meeting, case=case, decided_at=at(D(2025, 1, 8))), case)
        hearing, case = hearings[team.pk]
        return Action.objects.create(
            hearing=hearing,
            case=case,
            description="Share the safety plan with the school",
            owner_agency="Education",
            due_on=due_on,
            done_on=done_on,
            recorded_by=manager,
        )

    action(D(2025, 4, 10), D(2025, 4, 9))  # done early
    action(D(2025, 4, 20), D(2025, 5, 1))  # done late, but done by the end of the period
    action(D(2025, 5, 15))  # overdue
    action(D(2025, 6, 30))  # due on the last day: not overdue yet
    action(D(2025, 6, 20), D(2025, 7, 10))  # overdue at the end of the period
    action(D(2025, 7, 5))  # due after the period
    action(D(2025, 5, 1), team=team_south)  # another team's, overdue
    action(D(2025, 3, 1))  # before: overdue
    action(D(2025, 2, 1), D(2025, 2, 1))  # before: done


def test_overdue_risk_actions(actions, team_north):
    north = figure_of("risk_actions_overdue", [team_north.pk])
    assert numbers(north) == (2, 5, 1, 2)
    assert (north.value, north.previous["value"]) == (40.0, 50.0)
    assert numbers(figure_of("risk_actions_overdue")) == (3, 6, 1, 2)


def test_a_period_not_over_yet_counts_overdue_to_today(actions, team_north):
    figure = figures.overdue_actions(PERIOD, [team_north.pk], today=D(2025, 5, 16))
    # On 16 May only the action due on the 15th is overdue; the one due in April was done by then.
    assert (figure.numerator, figure.denominator) == (1, 5)


# --- Significant events reviewed in time --------------------------------------------------------


@pytest.fixture
def events(team_north, team_south, case_worker):
    def event(trigger: str, opened: D, completed: D | None = None, team=team_north) -> Review:
        review = Review.objects.create(case=open_case(team), trigger=trigger, due_date=opened, completed_date=completed)
        Review.objects.filter(pk=review.pk).update(created_at=at(opened, 8))
        return review

    event(ReviewTrigger.NEW_ARREST, D(2025, 4, 1), D(2025, 4, 8))  # in time (due 8 April)
    event(ReviewTrigger.THREAT_TO_LIFE, D(2025, 4, 16), D(2025, 4, 24))  # in time (due 25 April, after Easter)
    event(ReviewTrigger.WEAPONS, D(2025, 5, 1), D(2025, 5, 12))  # late (due 9 May)
    event(ReviewTrigger.MISSING, D(2025, 6, 10))  # not completed
    event(ReviewTrigger.SCHEDULED, D(2025, 5, 1), D(2025, 5, 2))  # not a significant event
    event(ReviewTrigger.NEW_INTELLIGENCE, D(2025, 5, 1), D(2025, 5, 2), team=team_south)  # another team's
    event(ReviewTrigger.EXPLOITATION, D(2025, 6, 30), D(2025, 7, 2))  # completed after the period, in time
    event(ReviewTrigger.OTHER_SIGNIFICANT_EVENT, D(2025, 3, 3), D(2025, 3, 4))  # before: in time
    event(ReviewTrigger.NEW_ARREST, D(2025, 2, 3), D(2025, 2, 28))  # before: late


def test_significant_events_followed_by_a_review_in_time(events, team_north):
    north = figure_of("significant_events_reviewed", [team_north.pk])
    assert numbers(north) == (3, 5, 1, 2)
    assert "5 working days" in north.label
    assert numbers(figure_of("significant_events_reviewed")) == (4, 6, 1, 2)


# --- Assessments returned and resubmitted -------------------------------------------------------


@pytest.fixture
def returns(team_north, team_south, manager):
    def returned(on: datetime.datetime, resubmitted: datetime.datetime | None = None, team=team_north, plan=False):
        case = open_case(team)
        if plan:
            record = {"plan": Plan.objects.create(case=case, written_by=manager)}
        else:
            record = {"assessment": assessed(case, D(2025, 1, 6))}
        item = Returned.objects.create(
            **record,
            feedback="The contingency plan says nothing concrete",
            returned_by=manager,
            resubmitted_at=resubmitted,
        )
        Returned.objects.filter(pk=item.pk).update(returned_at=on)

    returned(at(D(2025, 4, 5)), at(D(2025, 4, 10)))
    returned(at(D(2025, 5, 5)))
    returned(at(D(2025, 6, 30), 23, 30), at(D(2025, 7, 3)))  # late on the last day, resubmitted after
    returned(at(D(2025, 5, 1)), plan=True)  # a plan: not an assessment
    returned(at(D(2025, 5, 1)), team=team_south)  # another team's
    returned(at(D(2025, 3, 15)), at(D(2025, 3, 20)))  # before


def test_assessments_returned_and_resubmitted(returns, team_north):
    north = figure_of("assessments_returned_resubmitted", [team_north.pk])
    assert numbers(north) == (2, 3, 1, 1)
    assert numbers(figure_of("assessments_returned_resubmitted")) == (2, 4, 1, 1)


def test_no_data_gives_no_value(db):
    for figure in figures.risk_figures(PERIOD):
        assert (figure.numerator, figure.denominator, figure.value) == (0, 0, None)


# --- The page, the PDF and the CSV carry the same numbers ---------------------------------------

EXPECTED = {
    # code: (numerator, denominator, previous numerator, previous denominator) over every team;
    # the five returned assessments (rated low, on open cases) are assessed children too.
    "risk_high": (3, 9, 3, 8),
    "risk_high_heard_in_time": (3, 5, 1, 1),
    "risk_referrals_heard_in_time": (4, 7, 1, 2),
    "risk_actions_overdue": (3, 6, 1, 2),
    "significant_events_reviewed": (4, 6, 1, 2),
    "assessments_returned_resubmitted": (2, 4, 1, 1),
}


def _pdf_text(report, tmp_path) -> str:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "poppler-utils (pdftotext) is missing: `make install` installs it"
    with report.pdf.open("rb") as pdf:
        (tmp_path / "report.pdf").write_bytes(pdf.read())
    text = subprocess.run(
        [pdftotext, "-raw", "report.pdf", "-"], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


def test_the_page_the_pdf_and_the_csv_carry_the_same_numbers(
    client, head_of_service, ratings, referrals, actions, events, returns, tmp_path
):
    report = services.board_report_request(by=head_of_service, start=PERIOD.start, end=PERIOD.end)
    report = services.board_report_generate(report_id=report.pk)
    stored = {figure["code"]: figure for figure in report.data["sections"]["risk"]}
    assert {
        code: (f["numerator"], f["denominator"], f["previous"]["numerator"], f["previous"]["denominator"])
        for code, f in stored.items()
    } == EXPECTED

    client.force_login(head_of_service)
    html = client.get(reverse("governance:report_detail", args=[report.pk])).content.decode()
    assert "Keeping the child and other people safe" in html
    labels = {figure["label"] for figure in stored.values()}
    page_rows = [row for row in Tables(html).rows if row[0] in labels]
    assert len(page_rows) == len(EXPECTED)
    csv_rows = [row[1:] for row in csv_of(client.get(reverse("governance:report_download", args=[report.pk, "csv"])))]
    assert [row for row in csv_rows if row[0] in labels] == page_rows
    pdf = _pdf_text(report, tmp_path)
    for row in page_rows:
        figure = next(f for f in stored.values() if f["label"] == row[0])
        expected = EXPECTED[figure["code"]]
        assert row[1:3] == [str(expected[0]), str(expected[1])]
        assert row[4:6] == [str(expected[2]), str(expected[3])]
        assert " ".join(row[:7]) in pdf, row

    overdue = next(row for row in page_rows if row[0] == stored["risk_actions_overdue"]["label"])
    assert overdue[1:7] == ["3", "6", "50.0%", "1", "2", "50.0%"]


def test_inspection_readiness_shows_the_same_figures(client, head_of_service, team_manager, actions, monkeypatch):
    """The inspection page shows the figures for the three months to today: here, 30 June 2025."""
    monkeypatch.setattr("governance.views.timezone", SimpleNamespace(localdate=lambda: D(2025, 6, 30)))
    client.force_login(head_of_service)
    html = client.get(reverse("governance:inspection")).content.decode()
    section = html.split('id="risk-figures"', 1)[1]
    row = re.search(r"Risk meeting actions overdue.*?</tr>", section, flags=re.S).group(0)
    cells = [" ".join(cell.split()) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]
    assert cells == ["3", "6", "50.0%", "50.0% (1 of 2)"]
    # A manager sees their own team's.
    client.force_login(team_manager)
    html = client.get(reverse("governance:inspection")).content.decode()
    row = re.search(r"Risk meeting actions overdue.*?</tr>", html.split('id="risk-figures"', 1)[1], flags=re.S)
    assert [" ".join(c.split()) for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), flags=re.S)][:2] == [
        "2",
        "5",
    ]
