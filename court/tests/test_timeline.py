"""Court work where the case is read: the child's timeline (``court.timeline``) and the case page's
section "Court and orders" (``court.sections``), within what the user may see, in bounded queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseType
from cases.selectors import child_timeline
from cases.tests.factories import CaseFactory, ChildFactory
from court.models import (
    BreachOutcome,
    BreachProceedings,
    HearingOutcome,
    HearingType,
    OrderOutcome,
    OrderType,
    PanelOutcome,
    PanelType,
    ReportStatus,
    RequirementProgress,
    RequirementStatus,
    RequirementType,
    Sentence,
)
from court.sections import case_court_section
from court.tests.factories import (
    CustodySpellFactory,
    HearingFactory,
    OrderFactory,
    PreSentenceReportFactory,
    ReferralPanelFactory,
    RequirementFactory,
    ResettlementPlanFactory,
)
from yjs.models import AuditAction, AuditEvent
from yjs.roles import Role
from yjs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


@pytest.fixture
def child():
    return ChildFactory(forenames="Amy", surname="Adams")


@pytest.fixture
def yro(child, team_north, case_worker, team_manager):
    """A youth rehabilitation order case with a hearing, a report, its order, requirements (unpaid work
    with progress), a breach, and a DTO spell with a resettlement plan."""
    case = CaseFactory(
        child=child, case_type=CaseType.YOUTH_REHABILITATION_ORDER, team=team_north, allocated_to=case_worker
    )
    hearing = HearingFactory(
        child=child,
        case=case,
        heard_on=ago(60),
        hearing_type=HearingType.SENTENCE,
        outcome=HearingOutcome.SENTENCED,
        recorded_by=case_worker,
    )
    HearingFactory(child=child, case=case, heard_on=TODAY + 7 * DAY, hearing_type=HearingType.REVIEW)
    PreSentenceReportFactory(
        case=case,
        hearing=hearing,
        author=case_worker,
        requested_on=ago(80),
        status=ReportStatus.SUBMITTED,
        proposal=Sentence.YOUTH_REHABILITATION_ORDER,
        approved_by=team_manager,
        approved_at=timezone.now(),
        submitted_on=ago(62),
        sentence_given=Sentence.YOUTH_REHABILITATION_ORDER,
        sentenced_on=ago(60),
    )
    order = OrderFactory(
        case=case, order_type=OrderType.YOUTH_REHABILITATION_ORDER, made_on=ago(60), recorded_by=case_worker
    )
    unpaid = RequirementFactory(
        order=order, requirement_type=RequirementType.UNPAID_WORK, hours_ordered=60, recorded_by=case_worker
    )
    RequirementProgress.objects.create(
        requirement=unpaid, done_on=ago(10), hours=Decimal("6.5"), recorded_by=case_worker
    )
    RequirementProgress.objects.create(requirement=unpaid, done_on=ago(3), hours=Decimal("4"), recorded_by=case_worker)
    RequirementFactory(
        order=order,
        requirement_type=RequirementType.CURFEW,
        days_ordered=30,
        status=RequirementStatus.COMPLETED,
        completed_on=ago(30),
        recorded_by=case_worker,
    )
    BreachProceedings.objects.create(
        order=order,
        laid_on=ago(20),
        reason="Missed three appointments",
        outcome=BreachOutcome.FINE,
        outcome_on=ago(5),
        recorded_by=case_worker,
    )
    spell = CustodySpellFactory(case=case, custody_from=ago(50), release_on=ago(5), released_on=ago(5))
    ResettlementPlanFactory(spell=spell, completed_on=ago(30), completed_by=case_worker)
    return case


@pytest.fixture
def referral(child, team_north, case_worker):
    case = CaseFactory(child=child, case_type=CaseType.REFERRAL_ORDER, team=team_north, allocated_to=case_worker)
    order = OrderFactory(case=case, order_type=OrderType.REFERRAL_ORDER, made_on=ago(100), recorded_by=case_worker)
    ReferralPanelFactory(order=order, held_on=ago(80), outcome=PanelOutcome.CONTRACT_AGREED, recorded_by=case_worker)
    ReferralPanelFactory(order=order, panel_type=PanelType.PROGRESS, due_on=ago(2))
    order.outcome, order.ended_on = OrderOutcome.COMPLETED, ago(1)
    order.save()
    return case


# --- The timeline ---------------------------------------------------------------------------------------


def titles(user, child) -> set[str]:
    return {event.title for event in child_timeline(user=user, child=child) if event.kind == "court"}


def test_the_timeline_shows_each_step_of_court_work(yro, referral, child, case_worker):
    assert titles(case_worker, child) == {
        "Sentence hearing at Leeds Youth Court",
        "Review hearing at Leeds Youth Court",
        "Pre-sentence report requested",
        "Pre-sentence report submitted to the court",
        "Sentenced",
        "Youth rehabilitation order made",
        "Referral order made",
        "Referral order ended",
        "Unpaid work (16 and 17 only) requirement started",
        "Curfew requirement started",
        "Curfew requirement completed",
        "Breach proceedings laid",
        "Breach proceedings decided",
        "Referral order initial panel held",
        "Into custody",
        "Released from custody",
    }
    sentenced = next(e for e in child_timeline(user=case_worker, child=child) if e.title == "Sentenced")
    assert sentenced.detail == "Youth rehabilitation order (as the report proposed)"


def test_the_police_officer_sees_no_court_work_on_the_timeline(yro, child, police_officer):
    assert titles(police_officer, child) == set()


def test_another_teams_restricted_case_stays_off_the_timeline(child, case_worker, team_south):
    other = CaseFactory(child=child, team=team_south, restricted=True, case_type=CaseType.REFERRAL_ORDER)
    HearingFactory(child=child, case=other, hearing_type=HearingType.PLEA)
    OrderFactory(case=other, order_type=OrderType.REFERRAL_ORDER)
    mine = CaseFactory(child=child, team=case_worker.teams.first(), allocated_to=case_worker)
    HearingFactory(child=child, case=None, hearing_type=HearingType.FIRST_APPEARANCE)
    assert mine.pk
    assert titles(case_worker, child) == {"First appearance hearing at Leeds Youth Court"}


def test_a_restricted_cases_court_events_carry_the_case_for_the_audit(child, team_manager, team_north):
    case = CaseFactory(child=child, team=team_north, restricted=True, case_type=CaseType.YOUTH_REHABILITATION_ORDER)
    OrderFactory(case=case)
    events = [e for e in child_timeline(user=team_manager, child=child) if e.kind == "court"]
    assert events and all(event.audit_object == case for event in events)


def test_the_timeline_reads_court_work_in_bounded_queries(yro, referral, child, case_worker):
    from court.timeline import timeline_events

    with CaptureQueriesContext(connection) as captured:
        timeline_events(user=case_worker, child=child)
    assert len(captured) <= 10, [query["sql"][:150] for query in captured]


# --- The case page's section --------------------------------------------------------------------------


def test_the_case_page_shows_the_order_requirements_hearings_reports_and_custody(yro, client, case_worker):
    client.force_login(case_worker)
    html = client.get(reverse("cases:case_detail", args=[yro.pk])).content.decode()
    assert 'id="court"' in html and "Court and orders" in html
    assert "Youth rehabilitation order</a>, 12 months" in html
    assert "10.5 of 60 hours" in html
    assert "0 of 30 days" in html
    assert "Laid " in html and "fined, order continues" in html
    assert "Sentence, " in html  # the last hearing
    assert "Review, " in html  # the next one
    assert "Submitted to the court" in html
    assert "HMYOI Wetherby" in html and "Completed " in html


def test_the_referral_orders_panels_show_the_next_due(referral, client, case_worker):
    client.force_login(case_worker)
    html = client.get(reverse("cases:case_detail", args=[referral.pk])).content.decode()
    assert "1 held; next: " in html and "progress panel</a> due" in html
    assert "Overdue" in html
    assert "Completed successfully" in html


def test_a_case_with_no_court_work_has_no_section(client, case_worker, team_north):
    case = CaseFactory(case_type=CaseType.PREVENTION, team=team_north, allocated_to=case_worker)
    client.force_login(case_worker)
    html = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Court and orders" not in html
    court_order = CaseFactory(case_type=CaseType.REFERRAL_ORDER, team=team_north, allocated_to=case_worker)
    html = client.get(reverse("cases:case_detail", args=[court_order.pk])).content.decode()
    assert "Court and orders" in html and "No order recorded yet." in html


def test_the_section_is_not_for_those_who_may_not_read_case_records(yro, police_officer):
    assert case_court_section(user=police_officer, case=yro) is None


def test_the_section_reads_in_nine_queries_whatever_the_rows(yro, case_worker):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            case_court_section(user=case_worker, case=yro)
        return len(captured)

    count()  # the user's roles, read once
    before = count()
    order = yro.court_order
    for _ in range(5):
        requirement = RequirementFactory(order=order, hours_ordered=10, recorded_by=case_worker)
        RequirementProgress.objects.create(requirement=requirement, done_on=TODAY, hours=2, recorded_by=case_worker)
        PreSentenceReportFactory(case=yro, author=case_worker)
        CustodySpellFactory(case=yro)
        HearingFactory(child=yro.child, case=yro, heard_on=ago(1))
    assert count() == before <= 9  # eight reads and whether the user may record court work


def test_a_restricted_case_page_is_still_an_audited_read(client, team_manager, team_north):
    case = CaseFactory(case_type=CaseType.REFERRAL_ORDER, team=team_north, restricted=True)
    OrderFactory(case=case)
    client.force_login(team_manager)
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 200
    assert AuditEvent.objects.filter(actor=team_manager, action=AuditAction.VIEW_SENSITIVE).exists()
    assert UserFactory(roles=[Role.BOARD_MEMBER])  # (the board sees no case page: the case app's own tests)
