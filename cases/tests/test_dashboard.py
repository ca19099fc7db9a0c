"""The manager's dashboard: its figures on hand-made data (late work week by week, caseload per
worker), its lists' filters, and its pages (summary cards, charts with their tables, paged and
filtered lists, the audit of restricted cases shown)."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from cases import selectors
from cases.models import AssessmentType, CaseStatus, CaseType, Review, ReviewTrigger
from cases.tests.factories import AssessmentFactory, CaseFactory, ChildFactory
from yjs.models import AuditAction, AuditEvent, User
from yjs.roles import Role
from yjs.tests.factories import UserFactory

TODAY = date(2026, 6, 10)  # a Wednesday
D = date.fromisoformat


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


@pytest.fixture
def worker_two(team_north):
    return UserFactory(
        username="worker2", first_name="Priya", last_name="Shah", roles=[Role.CASE_WORKER], teams=[team_north]
    )


@pytest.fixture
def case_worker_south(team_south):
    return UserFactory(username="caseworker2", roles=[Role.CASE_WORKER], teams=[team_south])


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- Late work, week by week ------------------------------------------------------------------------------


def test_late_work_is_what_was_overdue_at_the_end_of_each_of_the_last_12_weeks(
    team_north, team_south, case_worker, team_manager
):
    # A: open since March. An assessment late from 1 April until it was completed on 20 April, one
    # late since 30 May; a review late since 29 April; a review completed on the first week's last day.
    a = CaseFactory(team=team_north, allocated_to=case_worker, start_date=D("2026-03-02"))
    AssessmentFactory(case=a, due_date=D("2026-04-01"), completed_date=D("2026-04-20"))
    AssessmentFactory(case=a, due_date=D("2026-05-30"))
    Review.objects.create(case=a, trigger=ReviewTrigger.SCHEDULED, due_date=D("2026-04-29"))
    Review.objects.create(
        case=a, trigger=ReviewTrigger.SCHEDULED, due_date=D("2026-03-20"), completed_date=D("2026-03-25")
    )
    # B: closed on 1 May with an assessment never completed: late until then, not after.
    b = CaseFactory(team=team_north, start_date=D("2026-01-05"), status=CaseStatus.CLOSED, end_date=D("2026-05-01"))
    AssessmentFactory(case=b, due_date=D("2026-03-01"))
    # C: opened on 15 May with an assessment already past due: late from then on.
    c = CaseFactory(team=team_north, start_date=D("2026-05-15"))
    AssessmentFactory(case=c, due_date=D("2026-04-01"))
    # South's late work is not the North manager's.
    AssessmentFactory(case=CaseFactory(team=team_south, start_date=D("2026-01-05")), due_date=D("2026-04-01"))

    weeks = selectors.late_work_by_week(user=fresh(team_manager), today=TODAY)

    assert [week.ending for week in weeks] == [TODAY - timedelta(weeks=back) for back in range(11, -1, -1)]
    assert weeks[0].ending == D("2026-03-25")
    assert [(week.assessments, week.reviews) for week in weeks] == [
        (1, 0),  # 25 March: B's
        (1, 0),  # 1 April: A's is due that day, not yet late
        (2, 0),  # 8 April: A's and B's
        (2, 0),
        (1, 0),  # 22 April: A's was completed on the 20th
        (1, 0),  # 29 April: the review is due that day
        (0, 1),  # 6 May: B closed on the 1st
        (0, 1),
        (1, 1),  # 20 May: C opened on the 15th
        (1, 1),
        (2, 1),  # 3 June: A's second
        (2, 1),
    ]
    assert weeks[-1].total == 3
    # This week's late assessments are those of the list.
    assert weeks[-1].assessments == selectors.late_assessments(user=fresh(team_manager), today=TODAY).count()


def test_late_work_needs_the_same_queries_however_many_weeks(team_manager):
    manager = fresh(team_manager)
    selectors.late_work_by_week(user=manager, today=TODAY, weeks=1)  # the user's roles and teams read
    counted = []
    for weeks in (2, 52):
        with CaptureQueriesContext(connection) as queries:
            selectors.late_work_by_week(user=manager, today=TODAY, weeks=weeks)
        counted.append(len(queries))
    assert counted == [3, 3]  # the cases granted to the user, then the assessments and the reviews counted


# --- Caseload per worker ------------------------------------------------------------------------------------


def test_caseload_per_worker_counts_each_workers_open_cases_in_the_managers_teams(
    team_north, team_south, case_worker, worker_two, team_manager, case_worker_south
):
    CaseFactory.create_batch(2, team=team_north, allocated_to=case_worker)
    CaseFactory(team=team_north, allocated_to=worker_two, status=CaseStatus.CLOSED, end_date=timezone.localdate())
    CaseFactory(team=team_south, allocated_to=case_worker)  # another team's
    CaseFactory(team=team_south, allocated_to=case_worker_south)

    rows = selectors.caseload_per_worker(user=fresh(team_manager))

    # Every case worker of the team, with none open too; not the manager, nor South's worker.
    assert [(row["username"], row["open_cases"]) for row in rows] == [("caseworker", 2), ("worker2", 0)]


# --- The lists' filters -----------------------------------------------------------------------------------


@pytest.fixture
def lists(team_north, case_worker, worker_two):
    """A late AssetPlus on the case worker's case, a late prevention assessment on the second
    worker's, and one on a case allocated to no one; a review of each trigger; children turning 18."""
    today = timezone.localdate()
    mine = CaseFactory(team=team_north, allocated_to=case_worker, child__surname="Mine")
    theirs = CaseFactory(
        team=team_north,
        allocated_to=worker_two,
        case_type=CaseType.PREVENTION,
        child__surname="Theirs",
        child__date_of_birth=today - timedelta(days=365 * 18 - 20),
    )
    nobodys = CaseFactory(team=team_north, allocated_to=None, child__surname="Nobodys")
    AssessmentFactory(case=mine, due_date=today - timedelta(days=3))
    AssessmentFactory(case=theirs, due_date=today - timedelta(days=2), assessment_type=AssessmentType.PREVENTION)
    AssessmentFactory(case=nobodys, due_date=today - timedelta(days=1))
    Review.objects.create(case=mine, trigger=ReviewTrigger.NEW_ARREST, due_date=today)
    Review.objects.create(case=theirs, trigger=ReviewTrigger.SCHEDULED, due_date=today + timedelta(days=3))
    return {"mine": mine, "theirs": theirs, "nobodys": nobodys}


def _cases_of(rows) -> list:
    return [row.case for row in rows]


def test_each_list_is_filtered_by_the_cases_worker_and_by_kind(lists, team_manager, case_worker, worker_two):
    manager, today = fresh(team_manager), timezone.localdate()
    late = lambda **f: _cases_of(selectors.late_assessments(user=manager, today=today, **f))  # noqa: E731
    assert late() == [lists["mine"], lists["theirs"], lists["nobodys"]]  # the longest overdue first
    assert late(worker=case_worker.pk) == [lists["mine"]]
    assert late(worker=selectors.UNALLOCATED) == [lists["nobodys"]]
    assert late(kind=AssessmentType.PREVENTION) == [lists["theirs"]]
    assert late(worker=case_worker.pk, kind=AssessmentType.PREVENTION) == []

    reviews = lambda **f: _cases_of(selectors.reviews_due_soon(user=manager, today=today, **f))  # noqa: E731
    assert reviews() == [lists["mine"], lists["theirs"]]
    assert reviews(kind=ReviewTrigger.SCHEDULED) == [lists["theirs"]]
    assert reviews(worker=worker_two.pk) == [lists["theirs"]]

    turning = lambda **f: list(selectors.cases_turning_18(user=manager, today=today, **f))  # noqa: E731
    assert turning() == [lists["theirs"]]
    assert turning(kind=CaseType.REFERRAL_ORDER) == []
    assert turning(worker=case_worker.pk) == []


# --- The pages ----------------------------------------------------------------------------------------------


def _count_on_card(html: str, slug: str) -> int:
    card = re.search(rf'id="{slug}".*?class="app-dashboard-count">(\d+)<', html, re.S)
    assert card, f"no card for {slug}"
    return int(card.group(1))


def test_the_dashboard_is_a_summary_a_card_for_each_list_with_its_count(client, lists, team_manager):
    client.force_login(team_manager)
    html = html_of(client.get(reverse("cases:dashboard")))
    counts = {slug: _count_on_card(html, slug) for slug in ("late-assessments", "reviews", "turning-18", "countersign")}
    assert counts == {"late-assessments": 3, "reviews": 2, "turning-18": 1, "countersign": 0}
    assert f'href="{reverse("cases:dashboard_list", args=["late-assessments"])}"' in html
    # A summary: no child is named on it.
    assert "Mine" not in html and "Theirs" not in html
    assert " style=" not in html


def test_the_dashboards_charts_are_described_svg_with_their_figures_in_a_table(
    client, lists, team_manager, case_worker, worker_two
):
    client.force_login(team_manager)
    html = html_of(client.get(reverse("cases:dashboard")))
    charts = re.findall(r'<svg[^>]*role="img"[^>]*aria-labelledby="([^"]+)"', html)
    assert len(charts) == 2
    for labelled_by in charts:
        title_id, desc_id = labelled_by.split()
        assert f'<title id="{title_id}">' in html and f'<desc id="{desc_id}">' in html
    caseload = re.search(r'<desc id="chart-caseload-desc">([^<]*)</desc>', html).group(1)
    named = escape(f"{case_worker.first_name} {case_worker.last_name}: 1")
    assert set(caseload.split("; ")) == {named, "Priya Shah: 1"}
    late = re.search(r'<desc id="chart-late-work-desc">([^<]*)</desc>', html).group(1)
    assert late.endswith(f"Week ending {timezone.localdate():%-d %B %Y}: assessments 3, reviews 0, 3 in all")
    # The same figures as tables.
    table = html[html.index('id="caseload-figures"') :]
    assert re.search(r"Priya Shah</th><td[^>]*>1</td>", table)
    table = html[html.index('id="late-work-figures"') :]
    assert re.search(rf"{timezone.localdate():%-d %B %Y}</th>(<td[^>]*>\d+</td>){{3}}", table)
    assert "<style" not in html and " style=" not in html


def _rows(html: str) -> int:
    return html.count('<tr class="govuk-table__row">') - 1  # less the head's


def test_a_list_is_paged_25_at_a_time_keeping_its_filters(client, team_north, case_worker, team_manager):
    today = timezone.localdate()
    for case in CaseFactory.create_batch(30, team=team_north, allocated_to=case_worker):
        AssessmentFactory(case=case, due_date=today - timedelta(days=2))
    client.force_login(team_manager)
    url = reverse("cases:dashboard_list", args=["late-assessments"])

    first = html_of(client.get(url, {"worker": case_worker.pk}))
    assert _rows(first) == 25
    assert "30 assessments past their due date" in first
    assert 'class="govuk-pagination"' in first
    assert f'href="?worker={case_worker.pk}&amp;page=2" rel="next"' in first
    second = html_of(client.get(url, {"worker": case_worker.pk, "page": 2}))
    assert _rows(second) == 5
    assert 'rel="prev"' in second and 'rel="next"' not in second
    assert _rows(html_of(client.get(url, {"page": "not a number"}))) == 25


def test_a_list_page_filters_by_worker_and_kind(client, lists, team_manager, case_worker):
    client.force_login(team_manager)
    url = reverse("cases:dashboard_list", args=["late-assessments"])
    everyone = html_of(client.get(url))
    assert all(name in everyone for name in ("Mine", "Theirs", "Nobodys"))
    assert "Clear filters" not in everyone
    mine = html_of(client.get(url, {"worker": case_worker.pk}))
    assert "Mine" in mine and "Theirs" not in mine and "Nobodys" not in mine
    assert "Clear filters" in mine
    nobodys = html_of(client.get(url, {"worker": selectors.UNALLOCATED}))
    assert "Nobodys" in nobodys and "Mine" not in nobodys
    prevention = html_of(client.get(url, {"kind": AssessmentType.PREVENTION}))
    assert "Theirs" in prevention and "Mine" not in prevention
    none = html_of(client.get(url, {"worker": case_worker.pk, "kind": AssessmentType.PREVENTION}))
    assert "No assessments are late." in none


def test_a_bad_filter_is_shown_as_an_error(client, lists, team_manager, case_worker_south):
    client.force_login(team_manager)
    url = reverse("cases:dashboard_list", args=["reviews"])
    for bad in ({"worker": "nobody"}, {"worker": case_worker_south.pk}, {"kind": "no-such-trigger"}):
        html = html_of(client.get(url, bad))
        assert 'class="govuk-error-summary"' in html
        assert "Mine" not in html  # no list until the filter is right
    assert "Select a case worker from the list" in html_of(client.get(url, {"worker": case_worker_south.pk}))


def test_a_list_is_for_managers_and_an_unknown_one_is_not_found(client, lists, team_manager, case_worker):
    client.force_login(case_worker)
    assert client.get(reverse("cases:dashboard_list", args=["late-assessments"])).status_code == 403
    client.force_login(team_manager)
    assert client.get(reverse("cases:dashboard_list", args=["no-such-list"])).status_code == 404


def test_a_list_audits_the_restricted_cases_it_shows_and_no_others(client, team_north, case_worker, team_manager):
    today = timezone.localdate()
    restricted = CaseFactory(team=team_north, allocated_to=None, restricted=True, child=ChildFactory(surname="Hidden"))
    AssessmentFactory(case=restricted, due_date=today - timedelta(days=1))
    AssessmentFactory(case=CaseFactory(team=team_north, allocated_to=case_worker), due_date=today - timedelta(days=1))
    reads = AuditEvent.objects.filter(
        actor=team_manager, action=AuditAction.VIEW_SENSITIVE, object_id=str(restricted.pk)
    )
    client.force_login(team_manager)
    url = reverse("cases:dashboard_list", args=["late-assessments"])

    html_of(client.get(reverse("cases:dashboard")))  # counts only
    assert reads.count() == 0
    assert "Hidden" not in html_of(client.get(url, {"worker": case_worker.pk}))
    assert reads.count() == 0
    assert "Hidden" in html_of(client.get(url))
    assert reads.count() == 1
    assert reads.get().detail["via"] == "dashboard"
