"""Reads: timeliness at its boundaries, the dashboards, and a fixed number of queries."""

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases import selectors, services
from cases.models import (
    Assessment,
    Attendance,
    Case,
    CaseStatus,
    CaseType,
    Child,
    ChildAlias,
    Contact,
    Flag,
    FlagType,
    Level,
    Plan,
    PlanTarget,
    Review,
    ReviewTrigger,
)
from cases.tests.factories import AssessmentFactory, CaseFactory, ChildFactory, FlagFactory
from yjs.models import User
from yjs.roles import Role
from yjs.tests.factories import TeamFactory, UserFactory

TODAY = date(2026, 6, 10)  # a Wednesday
RATINGS = {
    "likelihood_of_reoffending": Level.LOW,
    "risk_of_serious_harm": Level.MEDIUM,
    "safety_and_wellbeing": Level.MEDIUM,
}


def fresh(user: User) -> User:
    """The user without cached roles and teams, as a new request would see them."""
    return User.objects.get(pk=user.pk)


def open_case(by: User, team, *, surname="Smith", dob=date(2011, 1, 1), start=date(2026, 3, 2), **kwargs) -> Case:
    child = services.child_create(by=by, surname=surname, forenames="Sam", date_of_birth=dob)
    return services.case_open(
        child=child, by=by, case_type=CaseType.REFERRAL_ORDER, team=team, start_date=start, **kwargs
    )


@pytest.fixture
def manager_south(team_south):
    return UserFactory(username="manager2", roles=[Role.TEAM_MANAGER], teams=[team_south])


@pytest.fixture
def case_worker_south(team_south):
    return UserFactory(username="caseworker2", roles=[Role.CASE_WORKER], teams=[team_south])


# --- Timeliness at its boundaries --------------------------------------------------


def _assessment(case: Case, due: date, completed: date | None = None, by: User | None = None) -> Assessment:
    assessment = Assessment.objects.create(case=case, assessment_type="asset_plus", due_date=due)
    if completed:
        assessment = services.assessment_record(assessment=assessment, by=by, completed_date=completed, **RATINGS)
    return assessment


def test_overdue_assessments_at_the_boundary(case_worker, team_manager, team_north):
    case = open_case(case_worker, team_north)
    case.assessments.all().delete()
    due_yesterday = _assessment(case, TODAY - timedelta(days=1))
    _assessment(case, TODAY)  # due today: not yet late
    _assessment(case, TODAY + timedelta(days=1))
    _assessment(case, TODAY - timedelta(days=30), completed=TODAY - timedelta(days=2), by=case_worker)
    closed = open_case(case_worker, team_north, surname="Jones")
    closed.assessments.update(due_date=TODAY - timedelta(days=5))
    services.case_close(case=closed, by=team_manager, end_date=TODAY, reason="Moved away")

    overdue = selectors.overdue_assessments(Assessment.objects.all(), today=TODAY)
    assert list(overdue) == [due_yesterday]


def test_an_assessment_overdue_by_the_clock(case_worker, team_north):
    case = open_case(case_worker, team_north, start=timezone.localdate() - timedelta(days=60))
    assert list(selectors.overdue_assessments(Assessment.objects.all())) == [case.assessments.get()]


def test_completed_late_at_the_boundary(case_worker, team_north):
    case = open_case(case_worker, team_north)
    case.assessments.all().delete()
    on_time = _assessment(case, date(2026, 4, 1), completed=date(2026, 4, 1), by=case_worker)
    late = _assessment(case, date(2026, 4, 1), completed=date(2026, 4, 2), by=case_worker)
    early = _assessment(case, date(2026, 4, 1), completed=date(2026, 3, 20), by=case_worker)
    _assessment(case, date(2026, 4, 1))  # never completed: overdue, not "completed late"
    assert list(selectors.completed_late_assessments(Assessment.objects.all())) == [late]
    assert on_time.pk and early.pk


def test_awaiting_countersignature(case_worker, team_manager, team_north):
    case = open_case(case_worker, team_north)
    case.assessments.all().delete()
    waiting = _assessment(case, date(2026, 4, 1), completed=date(2026, 3, 30), by=case_worker)
    signed = _assessment(case, date(2026, 4, 1), completed=date(2026, 3, 30), by=case_worker)
    services.assessment_countersign(assessment=signed, by=team_manager)
    _assessment(case, date(2026, 4, 1))  # not completed
    assert list(selectors.awaiting_countersignature(Assessment.objects.all())) == [waiting]


def test_reviews_due_within_14_days_at_the_boundary(case_worker, team_north):
    case = open_case(case_worker, team_north)

    def review(due: date) -> Review:
        return services.review_schedule(case=case, by=case_worker, trigger=ReviewTrigger.SCHEDULED, due_date=due)

    overdue = review(TODAY - timedelta(days=3))
    today = review(TODAY)
    last_day = review(TODAY + timedelta(days=14))
    review(TODAY + timedelta(days=15))
    done = review(TODAY - timedelta(days=1))
    services.review_complete(review=done, by=case_worker, outcome="Reviewed", completed_date=TODAY - timedelta(days=1))

    due = selectors.reviews_due(Review.objects.all(), today=TODAY)
    assert list(due.order_by("due_date")) == [overdue, today, last_day]
    assert list(selectors.reviews_due(Review.objects.all(), within_days=0, today=TODAY).order_by("due_date")) == [
        overdue,
        today,
    ]


def test_a_review_opened_by_a_significant_event_is_due(case_worker, team_north):
    case = open_case(case_worker, team_north)
    review = services.significant_event_record(case=case, trigger=ReviewTrigger.THREAT_TO_LIFE, detail="TTL notice")
    assert list(selectors.reviews_due(Review.objects.all())) == [review]


@pytest.mark.parametrize(
    ("eighteenth_birthday", "flagged"),
    [
        (TODAY, False),  # 18 today: already an adult
        (TODAY - timedelta(days=1), False),
        (TODAY + timedelta(days=1), True),
        (TODAY + relativedelta(months=3), True),  # the last day of the warning period
        (TODAY + relativedelta(months=3) + timedelta(days=1), False),
    ],
)
def test_turning_18_within_3_months_at_the_boundary(case_worker, team_north, eighteenth_birthday, flagged):
    case = open_case(case_worker, team_north, dob=eighteenth_birthday - relativedelta(years=18))
    assert list(selectors.turning_18_soon(Case.objects.all(), today=TODAY)) == ([case] if flagged else [])


def test_a_child_born_on_29_february_turns_18_on_1_march(case_worker, team_north):
    case = open_case(case_worker, team_north, dob=date(2008, 2, 29))
    assert list(selectors.turning_18_soon(Case.objects.all(), today=date(2026, 2, 28))) == [case]
    assert list(selectors.turning_18_soon(Case.objects.all(), today=date(2026, 3, 1))) == []


def test_turning_18_ignores_closed_cases_and_follows_the_setting(settings, case_worker, team_manager, team_north):
    case = open_case(case_worker, team_north, dob=TODAY + relativedelta(months=5) - relativedelta(years=18))
    assert list(selectors.turning_18_soon(Case.objects.all(), today=TODAY)) == []
    settings.TRANSITION_WARNING_MONTHS = 6
    assert list(selectors.turning_18_soon(Case.objects.all(), today=TODAY)) == [case]
    services.case_close(case=case, by=team_manager, end_date=TODAY, reason="Order complete")
    assert list(selectors.turning_18_soon(Case.objects.all(), today=TODAY)) == []


# --- Caseload and the manager's dashboard -------------------------------------------------


def test_caseload_lists_my_open_cases_with_what_is_due(case_worker, team_manager, team_north, police_officer):
    mine = open_case(case_worker, team_north, surname="Adams", allocated_to=case_worker)
    late = open_case(case_worker, team_north, surname="Brown", allocated_to=case_worker, start=date(2026, 1, 5))
    open_case(case_worker, team_north, surname="Clark")  # unallocated
    closed = open_case(case_worker, team_north, surname="Davies", allocated_to=case_worker)
    services.case_close(case=closed, by=team_manager, end_date=TODAY, reason="Done")
    services.review_schedule(case=mine, by=case_worker, trigger=ReviewTrigger.SCHEDULED, due_date=date(2026, 7, 1))
    services.flag_raise(child=mine.child, by=police_officer, flag_type=FlagType.WEAPONS)
    removed = services.flag_raise(child=mine.child, by=police_officer, flag_type=FlagType.MAPPA)
    services.flag_remove(flag=removed, by=police_officer, reason="Not eligible")

    rows = selectors.caseload(user=fresh(case_worker), today=TODAY)
    assert [row.case for row in rows] == [mine, late]
    assert rows[0].next_assessment_due == date(2026, 3, 23)  # 2 March + 15 working days
    assert rows[0].review_due == date(2026, 7, 1)
    assert [flag.flag_type for flag in rows[0].active_flags] == [FlagType.WEAPONS]
    assert rows[1].assessment_overdue is True
    assert rows[1].review_due is None


def test_the_manager_dashboard_shows_their_teams_late_and_waiting_work(
    case_worker, team_manager, team_north, team_south, case_worker_south
):
    overdue = open_case(case_worker, team_north, surname="Adams", allocated_to=case_worker)  # due 23 March
    waiting = open_case(case_worker, team_north, surname="Brown", allocated_to=case_worker)
    waiting_assessment = services.assessment_record(
        assessment=waiting.assessments.get(), by=case_worker, completed_date=date(2026, 3, 25), **RATINGS
    )  # two days late
    turning = open_case(case_worker, team_north, surname="Clark", dob=TODAY + relativedelta(months=1, years=-18))
    review = services.review_schedule(
        case=turning, by=None, trigger=ReviewTrigger.NEW_ARREST, due_date=TODAY + timedelta(days=5)
    )
    # South's work is not on the North manager's dashboard.
    south = open_case(case_worker_south, team_south, surname="Evans", allocated_to=case_worker_south)
    services.review_schedule(case=south, by=None, trigger=ReviewTrigger.NEW_ARREST, due_date=TODAY)

    dashboard = selectors.manager_dashboard(user=fresh(team_manager), today=TODAY)
    assert {a.case for a in dashboard.overdue_assessments} == {overdue, turning}
    assert dashboard.awaiting_countersignature == [waiting_assessment]
    assert dashboard.completed_late == 1
    assert dashboard.reviews_due == [review]
    assert dashboard.turning_18 == [turning]
    per_worker = {row["username"]: row["open_cases"] for row in dashboard.caseload_per_worker}
    assert per_worker == {"caseworker": 2}


# --- The child's timeline ------------------------------------------------------------------


def test_the_timeline_shows_case_records_only_to_those_who_may_see_them(
    case_worker, team_manager, team_north, police_officer
):
    case = open_case(case_worker, team_north, allocated_to=case_worker)
    services.assessment_record(
        assessment=case.assessments.get(), by=case_worker, completed_date=date(2026, 3, 20), **RATINGS
    )
    services.contact_record(
        case=case,
        by=case_worker,
        contact_type="office",
        scheduled_at=timezone.now(),
        attendance=Attendance.DID_NOT_ATTEND,
        enforcement_step="warning",
    )
    services.flag_raise(child=case.child, by=police_officer, flag_type=FlagType.CHILD_CRIMINAL_EXPLOITATION)

    kinds = {event.kind for event in selectors.child_timeline(user=fresh(case_worker), child=case.child)}
    assert kinds == {"case", "assessment", "contact", "flag"}
    police_view = selectors.child_timeline(user=fresh(police_officer), child=case.child)
    assert {event.kind for event in police_view} == {"flag"}


# --- A fixed number of queries however many rows -----------------------------------------------


def _populate(n: int, *, team, worker: User, manager: User, surname: str = "Smith") -> list[Case]:
    """n cases of the worker's team, each with everything a dashboard shows."""
    cases = []
    for i in range(n):
        child = ChildFactory(
            surname=surname, forenames=f"Kid{i}", date_of_birth=TODAY - relativedelta(years=18, days=-30)
        )
        ChildAlias.objects.create(child=child, surname=f"Alias{i}")
        case = CaseFactory(child=child, team=team, allocated_to=worker, created_by=manager, start_date=date(2026, 1, 5))
        AssessmentFactory(case=case, due_date=TODAY - timedelta(days=3))
        AssessmentFactory(case=case, due_date=date(2026, 2, 1), completed_date=date(2026, 2, 3), completed_by=worker)
        Review.objects.create(case=case, trigger=ReviewTrigger.NEW_ARREST, due_date=TODAY)
        Review.objects.create(
            case=case, trigger=ReviewTrigger.SCHEDULED, due_date=date(2026, 4, 1), completed_date=date(2026, 4, 1)
        )
        FlagFactory(child=child, raised_by=manager)
        Contact.objects.create(case=case, contact_type="office", scheduled_at=timezone.now(), recorded_by=worker)
        plan = Plan.objects.create(case=case, written_by=worker)
        PlanTarget.objects.create(plan=plan, what="x", who="me", by_when=TODAY, how_i_will_know="y")
        cases.append(case)
    return cases


def _count_queries(run) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured)


@pytest.fixture
def populate(team_north, case_worker, team_manager):
    def add(n: int) -> list[Case]:
        return _populate(n, team=team_north, worker=case_worker, manager=team_manager)

    return add


def test_caseload_runs_a_fixed_number_of_queries(populate, case_worker):
    populate(10)
    small = _count_queries(lambda: selectors.caseload(user=fresh(case_worker), today=TODAY))
    populate(90)
    rows = []
    large = _count_queries(lambda: rows.extend(selectors.caseload(user=fresh(case_worker), today=TODAY)))
    assert len(rows) == 100
    assert large == small


def test_the_manager_dashboard_runs_a_fixed_number_of_queries(populate, team_manager):
    def run():
        dashboard = selectors.manager_dashboard(user=fresh(team_manager), today=TODAY)
        # Touch what a page shows of each row.
        for a in dashboard.overdue_assessments + dashboard.awaiting_countersignature:
            str(a.case.child), str(a.case.team), str(a.completed_by or "")
        for review in dashboard.reviews_due:
            str(review.case.child)
        for case in dashboard.turning_18:
            str(case.child), str(case.allocated_to)
        return dashboard

    populate(10)
    small = _count_queries(run)
    populate(90)
    large = _count_queries(run)
    dashboard = run()
    assert len(dashboard.overdue_assessments) == len(dashboard.turning_18) == len(dashboard.reviews_due) == 100
    assert dashboard.completed_late == 100
    assert large == small


def test_the_timeline_runs_a_fixed_number_of_queries(case_worker, team_manager, team_north):
    child = ChildFactory()

    def add_events(n: int) -> None:
        for _ in range(n):
            case = CaseFactory(
                child=child, team=team_north, allocated_to=case_worker, created_by=team_manager, start_date=TODAY
            )
            case.status, case.end_date, case.closure_reason = CaseStatus.CLOSED, TODAY, "Done"
            case.save()
            AssessmentFactory(case=case, completed_date=TODAY, completed_by=case_worker)
            Review.objects.create(
                case=case,
                trigger=ReviewTrigger.SCHEDULED,
                due_date=TODAY,
                completed_date=TODAY,
                completed_by=case_worker,
            )
            Contact.objects.create(
                case=case, contact_type="office", scheduled_at=timezone.now(), recorded_by=case_worker
            )
            plan = Plan.objects.create(case=case, written_by=case_worker)
            PlanTarget.objects.create(plan=plan, what="x", who="me", by_when=TODAY, how_i_will_know="y")
            Flag.objects.create(
                child=child,
                flag_type=FlagType.WEAPONS,
                raised_by=team_manager,
                removed_by=team_manager,
                removed_at=timezone.now(),
                removal_reason="Reviewed",
            )

    add_events(10)
    small = _count_queries(lambda: selectors.child_timeline(user=fresh(case_worker), child=child))
    add_events(90)
    events = []
    large = _count_queries(lambda: events.extend(selectors.child_timeline(user=fresh(case_worker), child=child)))
    assert len(events) == 100 * 8
    assert large == small


@pytest.mark.parametrize("role", ["case_worker", "police_officer"])
def test_child_search_runs_a_fixed_number_of_queries(populate, case_worker, police_officer, role):
    user = {"case_worker": case_worker, "police_officer": police_officer}[role]

    def run(results: list) -> None:
        for result in selectors.child_search(user=fresh(user), query="Smith", limit=200):
            results.append(result)
            list(result.child.aliases.all()), list(result.child.active_flags)

    populate(10)
    few: list = []
    small = _count_queries(lambda: run(few))
    populate(90)
    many: list = []
    large = _count_queries(lambda: run(many))
    assert (len(few), len(many)) == (10, 100)
    assert large == small


# --- The demo data gives every read something to show ------------------------------------------


@pytest.fixture
def demo_users(db):
    from yjs.demo import DEMO_TEAMS, DEMO_USERS

    teams = {slug: TeamFactory(name=name, slug=slug) for slug, name in DEMO_TEAMS.items()}
    return {
        username: UserFactory(username=username, roles=roles, teams=[teams[slug] for slug in slugs])
        for username, (_first, _last, roles, slugs) in DEMO_USERS.items()
    }


def test_the_demo_data_covers_every_case_the_pages_show(demo_users):
    from cases.demo import demo_children, load_cases_demo
    from cases.models import CaseTransfer, ChildSearchKey, Ethnicity, Transition, Victim, VictimContactDetails

    load_cases_demo(scale=1, seed=7, today=TODAY)
    children = demo_children()
    assert children.count() == 300
    assert set(children.values_list("ethnicity", flat=True)) == set(Ethnicity.values)
    ages = {relativedelta(TODAY, dob).years for dob in children.values_list("date_of_birth", flat=True)}
    assert ages <= set(range(10, 18)) and len(ages) == 8
    assert children.filter(surname__contains="-").exists()
    assert children.filter(surname__contains="'").exists()
    assert children.filter(aliases__isnull=False).exists()
    assert children.filter(looked_after=True).exclude(social_worker_email="").exists()
    assert children.filter(education_health_care_plan=True).exists()
    assert children.filter(known_to_yjs=False, cases__isnull=True).exists()
    assert not children.filter(known_to_yjs=True, cases__isnull=True).exists()
    # Every child is searchable, by every one of its names.
    assert ChildSearchKey.objects.values("child").distinct().count() == 300
    assert set(Case.objects.values_list("case_type", flat=True)) == set(CaseType.values)
    assert set(Case.objects.values_list("team__slug", flat=True)) == {"north", "south"}
    assert Case.objects.filter(restricted=True, allocated_to=demo_users["caseworker"]).exists()
    assert Case.objects.filter(restricted=True).exclude(allocated_to=demo_users["caseworker"]).exists()
    assert Case.objects.filter(allocated_to=demo_users["caseworker2"], team__slug="south").exists()
    assert Case.objects.filter(status=CaseStatus.OPEN, allocated_to__isnull=True).exists()
    assessments = Assessment.objects.all()
    for field in ("risk_of_serious_harm", "safety_and_wellbeing"):
        assert set(assessments.exclude(**{field: ""}).values_list(field, flat=True)) == set(Level.values)
    assert set(
        assessments.exclude(likelihood_of_reoffending="").values_list("likelihood_of_reoffending", flat=True)
    ) == {
        "low",
        "medium",
        "high",
    }
    assert selectors.overdue_assessments(assessments, today=TODAY).exists()
    assert selectors.awaiting_countersignature(assessments).exists()
    assert selectors.completed_late_assessments(assessments).exists()
    assert assessments.filter(countersigned_at__isnull=False).exists()
    assert PlanTarget.objects.exists()
    reviews = Review.objects.all()
    assert selectors.reviews_due(reviews, today=TODAY).exists()
    assert set(reviews.values_list("trigger", flat=True)) == set(ReviewTrigger.values)
    assert Contact.objects.filter(attendance=Attendance.DID_NOT_ATTEND, enforcement_step="breach").exists()
    assert Contact.objects.filter(attendance=Attendance.DID_NOT_ATTEND, enforcement_step="warning").exists()
    assert Victim.objects.exists() and VictimContactDetails.objects.count() == Victim.objects.count()
    assert set(Flag.objects.values_list("flag_type", flat=True)) == set(FlagType.values)
    assert Flag.objects.filter(removed_at__isnull=False).exclude(removal_reason="").exists()
    assert selectors.turning_18_soon(Case.objects.all(), today=TODAY).count() >= 2
    assert Transition.objects.exists()
    assert CaseTransfer.objects.filter(accepted_on__isnull=False, case__status=CaseStatus.TRANSFERRED).exists()
    assert CaseTransfer.objects.filter(accepted_on__isnull=True, case__status=CaseStatus.OPEN).exists()
    # What the demo users see.
    assert selectors.caseload(user=fresh(demo_users["caseworker"]), today=TODAY)
    dashboard = selectors.manager_dashboard(user=fresh(demo_users["manager"]), today=TODAY)
    assert dashboard.overdue_assessments and dashboard.awaiting_countersignature and dashboard.reviews_due
    assert dashboard.completed_late and dashboard.turning_18
    assert selectors.child_search(user=fresh(demo_users["caseworker"]), query="Smith")


def test_the_demo_data_is_deterministic_and_loads_once(demo_users):
    from cases.demo import demo_children, load_cases_demo

    load_cases_demo(scale=1, seed=11, today=TODAY)
    first = list(demo_children().order_by("police_local_ids").values_list("surname", "forenames", "date_of_birth"))
    assert "already loaded" in load_cases_demo(scale=1, seed=11, today=TODAY)
    assert demo_children().count() == 300
    load_cases_demo(scale=2, seed=11, today=TODAY)  # adds only the second unit
    assert demo_children().count() == 600
    again = list(
        demo_children().order_by("police_local_ids").values_list("surname", "forenames", "date_of_birth")[:300]
    )
    assert again == first
    Case.objects.all().delete()
    Child.objects.all().delete()
    load_cases_demo(scale=1, seed=11, today=TODAY)
    assert (
        list(demo_children().order_by("police_local_ids").values_list("surname", "forenames", "date_of_birth")) == first
    )
