"""Constant query counts (issue #8): every API list endpoint and every main page runs as many
queries for 100 rows as for 10.

Each scenario adds 10 rows of what its list (or its detail page's nested lists) shows, with the
apps' factories inserted in bulk, counts the queries of a GET as a user who sees those rows, adds
90 more and counts again: the two counts must be equal, and the second answer longer (so the rows
did reach it). A paginated list counts too: with 100 rows its first page must cost the same.

The routes come from the URL resolver: a new API list endpoint (a GET route under /api/v1/ without
path parameters) or a new page fails ``test_every_*_is_covered`` until it has a scenario here (or,
for a page that shows no growing list, a reason in ``NOT_LISTS``).
"""

import datetime
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from cases.models import (
    Child,
    ChildAlias,
    Offence,
    Returned,
    ReviewTrigger,
)
from custody.models import (
    CustodyNotice,
    CustodyRecordChange,
    LocalAuthorityInbox,
    MatchCandidate,
    MatchStatus,
    NoticeKind,
)
from governance.models import (
    AuditedCase,
    BoardAction,
    BoardAttendance,
    BoardMeeting,
    BoardMember,
    KeyQuestionAnswer,
    LocalPopulation,
    Recommendation,
    RecommendationAction,
    RecommendationAssessment,
    StandardJudgement,
)
from intelligence.models import PoliceSystem
from oocd.models import Agency, FollowUp, Outcome, ScrutinyItem
from oocd.tests.factories import (
    ConditionFailureFactory,
    PanelAttendeeFactory,
)
from risk.models import Action as RiskAction
from risk.models import Attendee, Hearing, Meeting
from risk.tests.factories_referrals import RiskReferralFactory
from yjs.api.tokens import api_token_create
from yjs.models import Notification, NotificationKind  # --- my work ---
from yjs.navigation import NAVIGATION
from yjs.roles import Role
from yjs.tests.factories import UserFactory

from .world import NOW, TODAY, World, bulk, each, letters
from .world_meetings import risk_meeting, risk_meeting_hearings, risk_meetings, risk_timeline_rows

pytestmark = pytest.mark.django_db

PAGE_NAMESPACES = ("cases", "intelligence", "oocd", "custody", "governance", "risk")
PAGE_NAMESPACES += ("family",)  # --- family ---

# --- What each list shows -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """``add(world, n)`` adds n rows of what the route lists; ``viewer`` sees them."""

    viewer: str
    add: Callable[[World, int], Any]
    kwargs: Callable[[World], Mapping] = lambda world: {}
    params: Mapping = field(default_factory=dict)
    capped: bool = False  # the list shows at most 10 rows, so the answer does not grow

    def url(self, name: str, world: World) -> str:
        return reverse(name, kwargs=self.kwargs(world))


PERIOD = {"from": (TODAY - datetime.timedelta(days=30)).isoformat(), "to": TODAY.isoformat()}


def _case_page_rows(world: World, n: int) -> None:
    """Everything a case's page lists, n of each."""
    case = world.case
    Offence.objects.bulk_create(Offence(case=case, offence_date=case.start_date, description="Theft") for _ in range(n))
    world.assessments(n, cases=[case] * n)
    world.plans(n, cases=[case] * n)
    world.reviews(n, cases=[case] * n)
    world.contacts(n, cases=[case] * n)
    world.victims(n, cases=[case] * n)
    world.transfers(n, cases=[case] * n)
    world.flags(n, child=case.child, case=case)


def _child_record_rows(world: World, n: int, *, restricted: bool = False) -> None:
    """Everything a child's page and timeline show, from every app, n of each (``restricted``: on
    restricted cases, whose reading the page audits)."""
    child = world.child
    ChildAlias.objects.bulk_create(ChildAlias(child=child, surname=f"Alias{letters(k)}") for k in range(n))
    cases = world.cases(n, child=child, restricted=restricted)
    world.assessments(n, cases=cases, countersigned_by=world.team_manager, countersigned_at=NOW)
    world.plans(n, cases=cases)
    world.reviews(n, cases=cases, completed_date=TODAY, completed_by=world.case_worker, outcome="Reviewed")
    world.contacts(n, cases=cases)
    world.flags(n, child=child, removed_by=world.case_worker, removed_at=NOW, removal_reason="Resolved")
    world.flags(n, child=child)
    world.requests(n, child=child, case=each(cases))
    decisions = world.decisions(
        n, code="youth_conditional_caution", child=child, delivered_by=world.police_officer, delivered_at=NOW
    )
    conditions = world.conditions(n, decisions=decisions)
    bulk(ConditionFailureFactory, n, condition=each(conditions), recorded_by=world.police_officer)
    world.custody_records(n, children=[child] * n)
    risk_timeline_rows(world, cases)  # --- risk: meetings ---
    _interventions_timeline_rows(world, cases)  # --- interventions ---


def _dashboard_rows(world: World, n: int) -> None:
    """Overdue, awaiting countersignature, reviews due, children turning 18, case workers."""
    turning_18 = TODAY - datetime.timedelta(days=365 * 18 - 20)
    cases = world.cases(n, child=None)
    Child.objects.filter(pk__in=[case.child_id for case in cases]).update(date_of_birth=turning_18)
    world.assessments(n, cases=cases, completed_date=None, completed_by=None, due_date=TODAY - datetime.timedelta(3))
    world.assessments(n, cases=cases)
    world.reviews(n, cases=cases)
    for worker in UserFactory.create_batch(n // 10, roles=[Role.CASE_WORKER], teams=[world.north]):
        world.cases(1, allocated_to=worker)


def _caseload_rows(world: World, n: int) -> None:
    cases = world.cases(n)
    world.assessments(n, cases=cases, completed_date=None, completed_by=None, due_date=TODAY - datetime.timedelta(1))
    world.reviews(n, cases=cases)
    world.flags(n, cases=cases)


def _hargreaves(world: World, n: int) -> None:
    world.children(n, searchable=True, surname="Hargreaves")


def _panel_rows(world: World, n: int) -> None:
    """Attendees and agenda items of one panel, decided and not."""
    panel = world.panel
    bulk(PanelAttendeeFactory, n, panel=panel, agency=Agency.HEALTH)
    referrals = world.referrals(n)
    world.agenda(panel, referrals)
    world.decisions(n // 2, referrals=referrals[: n // 2], panel=panel, police_only=False)


def _panels(world: World, n: int) -> None:
    panels = world.panels(n)
    referrals = world.referrals(n)
    for panel, referral in zip(panels, referrals, strict=True):
        world.agenda(panel, [referral])


def _referral_panels(world: World, n: int) -> None:
    """The panels a referral went to (adjourned, then decided)."""
    for panel in world.panels(n):
        world.agenda(panel, [world.referral])


def _conditions(world: World, n: int) -> None:
    conditions = world.conditions(n, decisions=[world.decision] * n)
    bulk(ConditionFailureFactory, n, condition=each(conditions), recorded_by=world.police_officer)


def _conditional_cautions(world: World, n: int) -> None:
    decisions = world.decisions(n, code="youth_conditional_caution")
    world.conditions(n, decisions=decisions)


def _scrutiny_items(world: World, n: int) -> None:
    ScrutinyItem.objects.bulk_create(
        ScrutinyItem(sample=world.scrutiny_sample, decision=decision) for decision in world.decisions(n)
    )


def _record_detail_rows(world: World, n: int) -> None:
    """A record's history, candidates, notices and the child's open cases."""
    record = world.custody_record
    run = world.ingest_run
    CustodyRecordChange.objects.bulk_create(
        CustodyRecordChange(record=record, ingest_run=run, changes={"outcome": ["", "bailed"]}) for _ in range(n)
    )
    world.candidates(record, n)
    cases = world.cases(n, child=record.child)
    reviews = world.reviews(n, cases=cases, trigger=ReviewTrigger.NEW_ARREST)
    CustodyNotice.objects.bulk_create(
        CustodyNotice(record=record, kind=NoticeKind.CASE_WORKER, case=case, review=review, recipient="cw@yjs.example")
        for case, review in zip(cases, reviews, strict=True)
    )


def _review_queue(world: World, n: int) -> None:
    records = world.custody_records(n, match_status=MatchStatus.REVIEW, children=world.children(n))
    MatchCandidate.objects.bulk_create(
        MatchCandidate(record=record, child=child, score=score)
        for record in records
        for child, score in zip(world.children(2), (90, 85), strict=True)
    )


def _run_errors(world: World, n: int) -> None:
    run = world.ingest_run
    run.errors += [{"line": len(run.errors) + k + 2, "reason": "Enter the date of birth"} for k in range(n)]
    run.save(update_fields=["errors"])


def _population(world: World, n: int) -> None:
    """The latest year fills first (the page shows one year), then earlier ones."""
    from cases.models import Ethnicity, Gender

    taken = set(LocalPopulation.objects.values_list("year", "ethnicity", "gender"))
    combinations = (
        (year, ethnicity, gender)
        for year in range(2025, 2000, -1)
        for ethnicity in Ethnicity.values
        for gender in Gender.values
        if (year, ethnicity, gender) not in taken
    )
    LocalPopulation.objects.bulk_create(
        LocalPopulation(year=year, ethnicity=ethnicity, gender=gender, children=1000)
        for year, ethnicity, gender in itertools.islice(combinations, n)
    )


def _board(world: World, n: int) -> None:
    """Members, meetings with their attendance, and actions."""
    board = world.board
    members = BoardMember.objects.bulk_create(
        BoardMember(board=board, name=f"Member {k}", agency="police", role="Chief", seniority="executive")
        for k in range(n)
    )
    meetings = list(BoardMeeting.objects.filter(board=board)) or BoardMeeting.objects.bulk_create(
        BoardMeeting(board=board, held_on=TODAY - datetime.timedelta(days=30 * k)) for k in range(8)
    )
    BoardAttendance.objects.bulk_create(
        BoardAttendance(meeting=meeting, member=member, attended=True) for meeting in meetings for member in members
    )
    BoardAction.objects.bulk_create(
        BoardAction(board=board, meeting=meetings[0], description="Act", owner="Chair", due_date=TODAY)
        for _ in range(n)
    )


def _inspection(world: World, n: int) -> None:
    world.inspection_samples(n)
    StandardJudgement.objects.bulk_create(
        StandardJudgement(standard="1.1", rating="good", evidence="Minutes", judged_by=world.head_of_service)
        for _ in range(n)
    )


def _audited_cases(world: World, n: int) -> None:
    audited = AuditedCase.objects.bulk_create(
        AuditedCase(sample=world.inspection_sample, case=case, domain="2") for case in world.cases(n)
    )
    KeyQuestionAnswer.objects.bulk_create(
        KeyQuestionAnswer(audited_case=case, key_question=f"2.1.{k}", answer=True, answered_by=world.team_manager)
        for case in audited
        for k in (1, 2)
    )


def _recommendations(world: World, n: int) -> None:
    start = next(world.serial) * 1000
    recommendations = Recommendation.objects.bulk_create(
        Recommendation(
            code=f"perf-{start + k}", source_inspection="Thematic", year=2025, summary="S", lines_of_enquiry="L"
        )
        for k in range(n)
    )
    RecommendationAssessment.objects.bulk_create(
        RecommendationAssessment(recommendation=r, rag="amber", assessed_by=world.team_manager) for r in recommendations
    )
    RecommendationAction.objects.bulk_create(
        RecommendationAction(recommendation=r, description="Act", owner="Me", due_date=TODAY) for r in recommendations
    )


def _recommendation_rows(world: World, n: int) -> None:
    recommendation = world.recommendation
    RecommendationAssessment.objects.bulk_create(
        RecommendationAssessment(
            recommendation=recommendation, team=world.north, rag="green", assessed_by=world.team_manager
        )
        for _ in range(n)
    )
    RecommendationAction.objects.bulk_create(
        RecommendationAction(
            recommendation=recommendation, team=world.north, description="Act", owner="Me", due_date=TODAY
        )
        for _ in range(n)
    )


def _police_systems(world: World, n: int) -> None:
    start = next(world.serial) * 1000
    PoliceSystem.objects.bulk_create(PoliceSystem(code=f"system-{start + k}", name=f"System {k}") for k in range(n))


def _inboxes(world: World, n: int) -> None:
    start = next(world.serial) * 1000
    LocalAuthorityInbox.objects.bulk_create(
        LocalAuthorityInbox(name=f"Authority {start + k}", email="duty@la.example") for k in range(n)
    )


def _statutory_outcomes(world: World, n: int) -> None:
    world.decisions(n, decided_on=TODAY - datetime.timedelta(days=3))


def _on(**attributes: str) -> Callable[[World], dict]:
    """The URL's keyword arguments: ``record_id="custody_record"`` is the world's custody record's id."""
    return lambda world: {kwarg: getattr(world, attribute).pk for kwarg, attribute in attributes.items()}


def rows(method: str, **fields) -> Callable[[World, int], Any]:
    """``add`` calling one of the world's builders, e.g. ``rows("cases", offences=2)``."""
    return lambda world, n: getattr(world, method)(n, **fields)


# The same lists behind an API route and a page.
SEARCH = Scenario("case_worker", _hargreaves, params={"search": "Hargreaves"})
REQUESTS = [Scenario("case_worker", rows("requests"))]
ADDENDA = [Scenario("case_worker", lambda w, n: w.addenda([w.request] * n), kwargs=_on(request_id="request"))]
PANELS = [Scenario("team_manager", _panels)]
PANEL = [Scenario("team_manager", _panel_rows, kwargs=_on(panel_id="panel"))]
CONDITIONS = [Scenario("police_officer", _conditions, kwargs=_on(decision_id="decision"))]
SCRUTINY_SAMPLES = [Scenario("team_manager", rows("scrutiny_samples"))]
SCRUTINY_ITEMS = [Scenario("team_manager", _scrutiny_items, kwargs=_on(sample_id="scrutiny_sample"))]
CUSTODY_RECORDS = [
    Scenario("police_officer", rows("custody_records")),
    Scenario("case_worker", rows("custody_records")),
]
RECORD_DETAIL = [Scenario("police_officer", _record_detail_rows, kwargs=_on(record_id="custody_record"))]
REVIEW_QUEUE = [Scenario("police_officer", _review_queue)]
INGEST_RUNS = [Scenario("police_officer", rows("ingest_runs"))]
POLICE_SYSTEMS = [Scenario("team_manager", _police_systems)]


def _child_with_flags_and_aliases(world: World, n: int) -> None:
    world.flags(n, child=world.child)
    ChildAlias.objects.bulk_create(ChildAlias(child=world.child, surname=f"Alias{letters(k)}") for k in range(n))


def _outcomes(world: World, n: int) -> None:
    Outcome.objects.bulk_create(
        Outcome(code=f"local-{next(world.serial)}", name="Local outcome", gravity_score=2) for _ in range(n)
    )


def _referral_offences(world: World, n: int) -> None:
    case = world.referral.case
    Offence.objects.bulk_create(Offence(case=case, offence_date=TODAY, description="Theft") for _ in range(n))


# --- risk: protection ---


def _protection_rows(model_name: str, *, restricted: bool = False) -> Callable[[World, int], Any]:
    """n MAPPA records, MARAC referrals, safeguarding referrals or social care statuses, each on a
    case of its own (``restricted``: whose reading the list audits)."""
    from risk.models import Mappa, Marac, SafeguardingReferral, SocialCareStatus

    def add(world: World, n: int) -> None:
        cases = world.cases(n, restricted=restricted)
        by = world.case_worker
        made = {
            "mappa": lambda case: Mappa(
                case=case, category=2, level=2, referred_on=TODAY, lead_agency="Police", recorded_by=by
            ),
            "marac": lambda case: Marac(case=case, referred_on=TODAY, reference="M-1", recorded_by=by),
            "safeguarding": lambda case: SafeguardingReferral(
                case=case, referred_to="police", referred_on=TODAY, concern="Exploited", recorded_by=by
            ),
            "social_care": lambda case: SocialCareStatus(
                child_id=case.child_id, status="child_in_need", from_date=TODAY, recorded_by=by
            ),
        }[model_name]
        made(cases[0]).__class__.objects.bulk_create(made(case) for case in cases)

    return add


# --- risk: referrals ---
def _risk_referrals(world: World, n: int, *, restricted: bool = False) -> None:
    """n cases, each referred automatically (awaiting) and by a person (declined by a manager)."""
    cases = world.cases(n, restricted=restricted)
    bulk(RiskReferralFactory, n, case=each(cases))
    bulk(
        RiskReferralFactory,
        n,
        case=each(cases),
        reason="manual",
        automatic=False,
        trigger="",
        referred_by=world.case_worker,
        status="declined",
        declined_by=world.team_manager,
        declined_at=NOW,
        decline_reason="Managed within the plan",
    )


# Every GET route under /api/v1/ without path parameters (test_every_api_list_endpoint_is_covered),
# and the detail routes whose answers nest lists.
API: dict[str, list[Scenario]] = {
    "api:cases-api:child-list": [
        Scenario("case_worker", rows("flags")),
        Scenario("police_officer", rows("flags")),
        SEARCH,
    ],
    "api:cases-api:child-detail": [
        Scenario("case_worker", _child_with_flags_and_aliases, kwargs=_on(child_id="child"))
    ],
    "api:cases-api:case-list": [
        Scenario("team_manager", rows("cases", offences=2)),
        # Restricted cases listed: each is an audited read, all written in one statement.
        Scenario("team_manager", rows("cases", offences=2, restricted=True), params={"restricted": "true"}),
    ],
    "api:cases-api:assessment-list": [
        Scenario("team_manager", rows("assessments")),
        Scenario("team_manager", lambda w, n: w.assessments(n, cases=w.cases(n, restricted=True))),
    ],
    "api:cases-api:victim-list": [Scenario("case_worker", rows("victims")), Scenario("victim_worker", rows("victims"))],
    "api:cases-api:plan-list": [Scenario("team_manager", rows("plans"))],
    "api:cases-api:review-list": [
        Scenario("team_manager", lambda w, n: w.reviews(n, completed_date=TODAY, completed_by=w.case_worker))
    ],
    "api:cases-api:contact-list": [
        Scenario("case_worker", rows("contacts")),
        Scenario("case_worker", lambda w, n: w.contacts(n, cases=w.cases(n, restricted=True))),
    ],
    "api:cases-api:flag-list": [
        Scenario(
            "police_officer", lambda w, n: w.flags(n, removed_by=w.team_manager, removed_at=NOW, removal_reason="Gone")
        )
    ],
    "api:cases-api:transfer-list": [Scenario("team_manager", rows("transfers"))],
    "api:intelligence-api:request-list": [
        *REQUESTS,
        Scenario("police_officer", rows("requests")),
        Scenario("team_manager", rows("requests")),
    ],
    "api:intelligence-api:request-detail": ADDENDA,
    "api:intelligence-api:system-list": POLICE_SYSTEMS,
    "api:intelligence-api:audit-csv": [Scenario("team_manager", rows("requests"), params=PERIOD)],
    "api:intelligence-api:audit-pdf": [Scenario("team_manager", rows("requests"), params=PERIOD)],
    "api:intelligence-api:open-to-yjs-csv": [Scenario("police_officer", rows("cases"))],
    "api:intelligence-api:turnaround": [Scenario("team_manager", rows("requests"), params=PERIOD)],
    "api:oocd-api:outcome-list": [Scenario("police_officer", _outcomes)],
    "api:oocd-api:referral-list": [
        Scenario("police_officer", rows("referrals")),
        Scenario("team_manager", rows("decisions")),
    ],
    "api:oocd-api:referral-detail": [
        Scenario("police_officer", _referral_offences, kwargs=_on(referral_id="referral"))
    ],
    "api:oocd-api:panel-list": PANELS,
    "api:oocd-api:panel-detail": PANEL,
    "api:oocd-api:decision-list": [
        Scenario("police_officer", _conditional_cautions),
        Scenario("case_worker", rows("decisions")),
    ],
    "api:oocd-api:decision-detail": CONDITIONS,
    "api:oocd-api:scrutiny-sample-list": SCRUTINY_SAMPLES,
    "api:oocd-api:scrutiny-sample-detail": SCRUTINY_ITEMS,
    "api:oocd-api:first-time-entrants": [Scenario("team_manager", _statutory_outcomes, params=PERIOD)],
    "api:custody-api:records": CUSTODY_RECORDS,
    "api:custody-api:record-detail": RECORD_DETAIL,
    "api:custody-api:review-queue": REVIEW_QUEUE,
    "api:custody-api:ingest-runs": INGEST_RUNS,
    "api:governance-api:reports": [
        Scenario("team_manager", rows("board_reports")),
        Scenario("board_member", rows("board_reports")),
    ],
    # --- risk: protection ---
    "api:risk-api:mappa-list": [
        Scenario("case_worker", _protection_rows("mappa")),
        Scenario("case_worker", _protection_rows("mappa", restricted=True)),
    ],
    "api:risk-api:marac-list": [Scenario("case_worker", _protection_rows("marac", restricted=True))],
    "api:risk-api:safeguarding-referral-list": [
        Scenario("case_worker", _protection_rows("safeguarding", restricted=True))
    ],
    "api:risk-api:social-care-list": [
        Scenario("case_worker", _protection_rows("social_care")),
        Scenario("case_worker", _protection_rows("social_care", restricted=True)),
        Scenario("case_worker", _protection_rows("social_care"), params={"on": TODAY.isoformat()}),
    ],
    # --- risk: meetings ---
    "api:risk-api:meeting-list": [
        Scenario("team_manager", risk_meetings),
        Scenario("team_manager", lambda w, n: risk_meetings(w, n, restricted=True)),
        Scenario("case_worker", risk_meetings),
    ],
    "api:risk-api:meeting-detail": [
        Scenario("team_manager", risk_meeting_hearings, kwargs=lambda w: {"meeting_id": risk_meeting(w).pk})
    ],
    "api:risk-api:action-list": [
        Scenario("team_manager", risk_meetings),
        Scenario("team_manager", lambda w, n: risk_meetings(w, n, restricted=True), params={"overdue": "true"}),
        Scenario("case_worker", risk_meetings),
    ],
    # --- risk: referrals ---
    "api:risk-api:referral-list": [
        Scenario("case_worker", _risk_referrals),
        Scenario("team_manager", _risk_referrals, params={"status": "declined"}),
        # Restricted cases' referrals listed: each case an audited read, all written in one statement.
        Scenario("team_manager", lambda w, n: _risk_referrals(w, n, restricted=True)),
    ],
}

# The service navigation's pages (yjs/navigation.py), the pages they lead to, and detail pages.
PAGES: dict[str, list[Scenario]] = {
    # Cases
    "cases:index": [Scenario("case_worker", _caseload_rows)],
    "cases:dashboard": [Scenario("team_manager", _dashboard_rows), Scenario("head_of_service", _dashboard_rows)],
    "cases:child_search": [Scenario("case_worker", _hargreaves, params={"q": "Hargreaves"})],
    "cases:child_detail": [
        Scenario("case_worker", _child_record_rows, kwargs=_on(child_id="child")),
        Scenario("police_officer", _child_record_rows, kwargs=_on(child_id="child")),
        Scenario("team_manager", lambda w, n: _child_record_rows(w, n, restricted=True), kwargs=_on(child_id="child")),
    ],
    "cases:case_detail": [
        Scenario("case_worker", _case_page_rows, kwargs=_on(case_id="case")),
        Scenario("team_manager", _case_page_rows, kwargs=_on(case_id="case")),
        Scenario("victim_worker", _case_page_rows, kwargs=_on(case_id="case")),
    ],
    # Information requests
    "intelligence:index": REQUESTS,
    "intelligence:queue": [Scenario("police_officer", rows("requests", supplied=False))],
    "intelligence:my_requests": REQUESTS,
    "intelligence:request_detail": ADDENDA,
    "intelligence:audit": [Scenario("team_manager", rows("requests")), Scenario("police_officer", rows("requests"))],
    "intelligence:systems": POLICE_SYSTEMS,
    # Out-of-court disposals
    "oocd:index": [Scenario("police_officer", rows("referrals")), *PANELS],
    "oocd:referral_new": [Scenario("police_officer", _hargreaves, params={"q": "Hargreaves"})],
    "oocd:referral_detail": [Scenario("police_officer", _referral_panels, kwargs=_on(referral_id="referral"))],
    "oocd:panel_list": PANELS,
    "oocd:panel_new": [Scenario("team_manager", rows("referrals"))],
    "oocd:panel_detail": [*PANEL, Scenario("panel_member", _panel_rows, kwargs=_on(panel_id="panel"))],
    "oocd:decision_detail": CONDITIONS,
    "oocd:compliance": [Scenario("police_officer", _conditional_cautions)],
    "oocd:police_only": [Scenario("police_officer", rows("decisions"))],
    "oocd:police_only_new": [Scenario("police_officer", _hargreaves, params={"q": "Hargreaves"})],
    "oocd:scrutiny": SCRUTINY_SAMPLES,
    "oocd:scrutiny_sample": SCRUTINY_ITEMS,
    # Custody
    "custody:index": CUSTODY_RECORDS,
    "custody:record_detail": RECORD_DETAIL,
    "custody:review_queue": REVIEW_QUEUE,
    "custody:review_resolve": [
        Scenario("police_officer", lambda w, n: w.candidates(w.review_record, n), kwargs=_on(record_id="review_record"))
    ],
    "custody:runs": INGEST_RUNS,
    "custody:run_detail": [Scenario("police_officer", _run_errors, kwargs=_on(run_id="ingest_run"))],
    "custody:inboxes": [Scenario("team_manager", _inboxes)],
    "custody:figures": [Scenario("police_officer", rows("custody_records"))],
    # Board and inspection
    "governance:index": [  # the latest 10 finished reports
        Scenario("team_manager", rows("board_reports"), capped=True),
        Scenario("board_member", rows("board_reports"), capped=True),
    ],
    "governance:reports": [Scenario("team_manager", rows("board_reports"))],
    "governance:board": [Scenario("team_manager", _board)],
    "governance:population": [Scenario("team_manager", _population)],
    "governance:inspection": [Scenario("team_manager", _inspection)],
    "governance:sample_detail": [Scenario("team_manager", _audited_cases, kwargs=_on(sample_id="inspection_sample"))],
    "governance:recommendations": [Scenario("team_manager", _recommendations)],
    "governance:recommendation_detail": [
        Scenario("team_manager", _recommendation_rows, kwargs=lambda w: {"code": w.recommendation.code})
    ],
}

# Pages that show no list growing with the data: forms of a fixed size, POST-only actions, files.
FORM = "a form of a fixed size"
POST_ONLY = "answers POST only"
FILE = "a file download, not a page"
NOT_LISTS: dict[str, str] = {
    "home": "the service navigation, whose queries are tested in yjs/tests/test_pages.py",
    "cases:child_add": FORM,
    "cases:flag_raise": FORM,
    "cases:flag_remove": FORM,
    "cases:case_open": FORM,
    "cases:assessment_record": FORM,
    "cases:assessment_countersign": FORM,
    "cases:plan_write": FORM,
    "cases:review_schedule": FORM,
    "cases:review_complete": FORM,
    "cases:contact_record": FORM,
    "cases:victim_add": FORM,
    "cases:case_transfer": FORM,
    "cases:transfer_accept": FORM,
    "cases:transfer_pack": FILE,
    "intelligence:ask": FORM,
    "intelligence:supply": FORM,
    "intelligence:addendum_add": FORM,
    "intelligence:safeguarding_referral": FORM,
    "intelligence:complete_written": FORM,
    "intelligence:close": POST_ONLY,
    "intelligence:withdraw": POST_ONLY,
    "oocd:victim_views": FORM,
    "oocd:child_views": FORM,
    "oocd:parent_carer_views": FORM,
    "oocd:referral_police_only_decision": FORM,
    "oocd:attendee_add": POST_ONLY,
    "oocd:panel_decision": FORM,
    "oocd:warning_record": FORM,
    "oocd:implications_record": FORM,
    "oocd:document_download": FILE,
    "oocd:document_version_download": FILE,
    "oocd:document_upload": FORM,
    "oocd:delivery_record": FORM,
    "oocd:victim_informed_record": FORM,
    "oocd:failure_record": FORM,
    "oocd:compliance_record": FORM,
    "oocd:prosecution_record": FORM,
    "oocd:scrutiny_finding": FORM,
    "custody:upload": FORM,
    "custody:run_retry": POST_ONLY,
    "custody:inbox_edit": FORM,
    "governance:report_detail": "a report's stored figures (JSON), no rows",
    "governance:report_download": FILE,
    "governance:subject_access_export": FILE,
    "governance:sample_new": FORM,
    "governance:audited_case": FORM,
    "governance:judgement_new": FORM,
    "governance:recommendations_import": FORM,
    # --- risk: protection ---
    "risk:mappa_record": FORM,
    "risk:mappa_update": FORM,
    "risk:marac_record": FORM,
    "risk:marac_update": FORM,
    "risk:safeguarding_referral_record": FORM,
    "risk:safeguarding_referral_update": FORM,
    "risk:social_care_record": FORM,
    # --- risk: meetings ---
    "risk:meeting_minutes": FILE,
    # --- risk: oversight ---
    "cases:plan_countersign": FORM,
    "cases:plan_resubmit": FORM,
}


# --- risk: pages ------------------------------------------------------------------------------------------


def _risk_hearings(world: World, meeting: Meeting, cases: list, *, decided: bool) -> list[Hearing]:
    decision = {
        "risk_of_serious_harm": "high",
        "safety_and_wellbeing": "medium",
        "external_controls": "Curfew",
        "contingency": "Tell the police",
        "decision": "Keep under review",
        "next_review_on": TODAY,
        "decided_by": world.team_manager,
        "decided_at": NOW,
    }
    hearings = Hearing.objects.bulk_create(
        Hearing(meeting=meeting, case=case, **(decision if decided else {})) for case in cases
    )
    referrals = bulk(RiskReferralFactory, len(cases), case=each(cases), status="heard" if decided else "awaiting")
    Hearing.referrals.through.objects.bulk_create(
        Hearing.referrals.through(hearing=hearing, referral=referral)
        for hearing, referral in zip(hearings, referrals, strict=True)
    )
    RiskAction.objects.bulk_create(
        RiskAction(
            hearing=hearing, case=hearing.case, description="Visit", owner=world.case_worker, due_on=TODAY,
            recorded_by=world.team_manager,
        )
        for hearing in hearings
    )  # fmt: skip
    return hearings


def _risk_meeting_rows(world: World, n: int) -> None:
    """Attendees and cases heard at one meeting, half of them decided, each with a referral and an action."""
    meeting = risk_meeting(world)
    Attendee.objects.bulk_create(Attendee(meeting=meeting, name=f"Person {k}", agency="Police") for k in range(n))
    cases = world.cases(n)
    _risk_hearings(world, meeting, cases[: n // 2], decided=True)
    _risk_hearings(world, meeting, cases[n // 2 :], decided=False)


def _risk_referral_page_rows(world: World, n: int) -> None:
    """Referrals awaiting a meeting (some for weeks), declined and heard."""
    cases = world.cases(n)
    bulk(RiskReferralFactory, n, case=each(cases), referred_at=NOW - datetime.timedelta(days=30))
    bulk(RiskReferralFactory, n, case=each(cases), reason="weapons")
    bulk(RiskReferralFactory, n, case=each(cases), reason="threat_to_life", status="heard")
    bulk(
        RiskReferralFactory, n, case=each(cases), reason="safety_wellbeing", status="declined",
        declined_by=world.team_manager, declined_at=NOW, decline_reason="Heard at MAPPA",
    )  # fmt: skip


def _risk_agenda_choices(world: World, n: int) -> None:
    """The cases a manager may put on the agenda: referred and waiting, or open."""
    risk_meeting(world)
    bulk(RiskReferralFactory, n, case=each(world.cases(n)))
    world.cases(n)


def _case_risk_rows(world: World, n: int) -> None:
    """The case page's risk section: the meetings' decisions on the case, its referrals, its open actions."""
    meetings = Meeting.objects.bulk_create(
        Meeting(team=world.north, held_on=TODAY, chair=world.team_manager, recorded_by=world.team_manager)
        for _ in range(n)
    )
    for meeting in meetings:
        _risk_hearings(world, meeting, [world.case], decided=True)


def _dashboard_risk_rows(world: World, n: int) -> None:
    """Referrals waiting too long and overdue actions."""
    cases = world.cases(n)
    bulk(RiskReferralFactory, n, case=each(cases), referred_at=NOW - datetime.timedelta(days=30))
    hearings = _risk_hearings(world, risk_meeting(world), cases, decided=True)
    RiskAction.objects.filter(hearing__in=hearings).update(due_on=TODAY - datetime.timedelta(days=2))


RISK_MEETING = lambda world: {"meeting_id": risk_meeting(world).pk}  # noqa: E731
PAGES.update(
    {
        "risk:meeting_list": [
            Scenario("team_manager", risk_meetings),
            Scenario("team_manager", lambda w, n: risk_meetings(w, n, restricted=True)),
            Scenario("case_worker", risk_meetings),
        ],
        "risk:meeting_detail": [
            Scenario("team_manager", _risk_meeting_rows, kwargs=RISK_MEETING),
            Scenario("case_worker", _risk_meeting_rows, kwargs=RISK_MEETING),
            Scenario("head_of_service", _risk_meeting_rows, kwargs=RISK_MEETING),
        ],
        "risk:hearing_add": [Scenario("team_manager", _risk_agenda_choices, kwargs=RISK_MEETING)],
        "risk:referral_list": [
            Scenario("team_manager", _risk_referral_page_rows),
            Scenario("case_worker", _risk_referral_page_rows),
        ],
    }
)
PAGES["cases:case_detail"] = [
    *PAGES["cases:case_detail"],
    Scenario("case_worker", _case_risk_rows, kwargs=_on(case_id="case")),
]
PAGES["cases:dashboard"] = [*PAGES["cases:dashboard"], Scenario("team_manager", _dashboard_risk_rows)]
NOT_LISTS.update(
    {
        "risk:meeting_new": FORM,
        "risk:attendee_add": POST_ONLY,
        "risk:hearing_decide": FORM,
        "risk:action_add": "a form whose owners are the team's members (its staff, not its records)",
        "risk:action_complete": POST_ONLY,
        "risk:referral_make": FORM,
        "risk:referral_decline": FORM,
    }
)


# --- risk: oversight ---
def _returned_work(world: World, n: int) -> None:
    """Assessments and plans a manager returned to the case worker, with feedback (on their list)."""
    cases = world.cases(n)
    assessments = world.assessments(n, cases=cases, completed_date=None)
    plans = world.plans(n, cases=cases)
    Returned.objects.bulk_create(
        [Returned(assessment=a, returned_by=world.team_manager, feedback="Say who is at risk") for a in assessments]
        + [Returned(plan=p, returned_by=world.team_manager, feedback="Make it concrete") for p in plans]
    )


API["api:cases-api:assessment-list"].append(Scenario("team_manager", _returned_work))
API["api:cases-api:plan-list"].append(Scenario("team_manager", _returned_work))
PAGES["cases:index"].append(Scenario("case_worker", _returned_work))
PAGES["cases:case_detail"].append(
    Scenario("case_worker", lambda w, n: _returned_work_on(w, n), kwargs=_on(case_id="case"))
)


def _returned_work_on(world: World, n: int) -> None:
    """The case page: n assessments and n plans of one case, each returned with feedback."""
    case = world.case
    assessments = world.assessments(n, cases=[case] * n, completed_date=None)
    plans = world.plans(n, cases=[case] * n)
    Returned.objects.bulk_create(
        [Returned(assessment=a, returned_by=world.team_manager, feedback="Say who is at risk") for a in assessments]
        + [Returned(plan=p, returned_by=world.team_manager, feedback="Make it concrete") for p in plans]
    )


# --- browser pages ---
def _board_member_rows(world: World, n: int) -> None:
    """The board's meetings (the latest 12 shown) with the board member's attendance, and actions they own."""
    board = world.board
    me = BoardMember.objects.filter(board=board, user=world.users["board_member"]).first()
    if me is None:
        me = BoardMember.objects.create(
            board=board, name="Board Me", agency="courts", role="Clerk", seniority="senior",
            user=world.users["board_member"],
        )  # fmt: skip
    first = BoardMeeting.objects.filter(board=board).count()
    meetings = BoardMeeting.objects.bulk_create(
        BoardMeeting(board=board, held_on=TODAY - datetime.timedelta(days=7 * (first + k))) for k in range(n)
    )
    BoardAttendance.objects.bulk_create(BoardAttendance(meeting=m, member=me, attended=True) for m in meetings)
    BoardAction.objects.bulk_create(
        BoardAction(board=board, description="Act", owner="Board Me", due_date=TODAY) for _ in range(n)
    )


PAGES.update(
    {
        "governance:board_meetings": [Scenario("board_member", _board_member_rows)],
        "oocd:panel_referral_add": [Scenario("team_manager", rows("referrals"), kwargs=_on(panel_id="panel"))],
    }
)
NOT_LISTS.update(
    {
        "cases:child_edit": FORM,
        "cases:case_allocate": "a form whose choices are the team's members (its staff, not its records)",
        "cases:case_restrict": FORM,
        "cases:case_close": FORM,
        "cases:transition_decide": FORM,
        "cases:offence_record": FORM,
        "cases:assessment_start": FORM,
        "cases:victim_edit": FORM,
    }
)


# --- notifications ---
PAGE_NAMESPACES = (*PAGE_NAMESPACES, "notifications")


def _notifications(world: World, n: int) -> None:
    """The case worker's notifications, of two kinds, half of them read (and one of the manager's)."""
    kinds = [NotificationKind.RETURNED_WORK, NotificationKind.ARREST]
    Notification.objects.bulk_create(
        Notification(
            recipient=world.case_worker,
            kind=kinds[k % 2],
            subject=f"Notification {k}",
            body="Read it",
            link="/cases/",
            read_at=NOW if k % 4 == 0 else None,
        )
        for k in range(n)
    )
    Notification.objects.create(recipient=world.team_manager, kind=kinds[0], subject="The manager's")


API["api:notifications-api:notification-list"] = [
    Scenario("case_worker", _notifications),
    Scenario("case_worker", _notifications, params={"read": "false", "kind": "arrest"}),
]
# The kinds of notification, each with its choice: a fixed list.
API["api:notifications-api:notification-preferences"] = [Scenario("case_worker", lambda world, n: None, capped=True)]
PAGES["notifications:index"] = [
    Scenario("case_worker", _notifications),
    Scenario("case_worker", _notifications, params={"show": "unread", "kind": "arrest"}),
]
NOT_LISTS.update(
    {
        "notifications:notification_open": "a redirect to the notification's page",
        "notifications:read_all": POST_ONLY,
        "notifications:preferences": FORM,
    }
)


# --- my work ---
def _my_work_rows(world: World, n: int) -> None:
    """n of each kind of item on the work lists: the case worker's cases (assessments overdue and
    to countersign, reviews, plan targets, risk actions and referrals, requests asked and answered,
    panels), follow-ups, custody records no digest has listed, notifications, the board's work."""
    cases = world.cases(n)
    world.assessments(n, cases=cases, completed_date=None, completed_by=None, due_date=TODAY - datetime.timedelta(1))
    world.assessments(n, cases=cases)
    world.reviews(n, cases=cases)
    world.plans(n, cases=cases)
    _risk_hearings(world, risk_meeting(world), cases, decided=True)
    bulk(RiskReferralFactory, n, case=each(cases), referred_at=NOW - datetime.timedelta(days=30))
    world.requests(n, supplied=False)
    world.requests(n)
    for panel, referral in zip(world.panels(n, held_on=TODAY + datetime.timedelta(2)), world.referrals(n), strict=True):
        world.agenda(panel, [referral])
    FollowUp.objects.bulk_create(
        FollowUp(decision=decision, team=world.north, due_on=TODAY) for decision in world.decisions(n)
    )
    world.custody_records(n, children=[case.child for case in cases])
    Notification.objects.bulk_create(
        Notification(recipient=world.case_worker, kind=NotificationKind.ARREST, subject="Arrested", link="/")
        for _ in range(n)
    )
    BoardMeeting.objects.bulk_create(
        BoardMeeting(board=world.board, held_on=TODAY + datetime.timedelta(days=k + 1)) for k in range(n)
    )
    BoardAction.objects.bulk_create(
        BoardAction(board=world.board, description="Report", owner="Chair", due_date=TODAY) for _ in range(n)
    )


NOT_LISTS.pop("home")
PAGES["home"] = [
    Scenario(role, _my_work_rows)
    for role in ("case_worker", "team_manager", "police_officer", "head_of_service", "board_member")
]
API["api:my-work"] = [Scenario("case_worker", _my_work_rows), Scenario("team_manager", _my_work_rows)]


# --- dashboard ---
# The dashboard is a summary (its counts and charts grow with rows, its queries must not); each list
# has a page of its own, paged and filtered, which audits the restricted cases it shows.
def _late_work_weeks(world: World, n: int) -> None:
    """Late assessments and reviews spread over the chart's twelve weeks, on cases open since before them."""
    start = TODAY - datetime.timedelta(weeks=14)
    cases = world.cases(n, start_date=start)
    for weeks_ago in range(12):
        due = TODAY - datetime.timedelta(weeks=weeks_ago, days=1)
        world.assessments(n, cases=cases, completed_date=None, completed_by=None, due_date=due)
        world.reviews(n, cases=cases, due_date=due)


def _dashboard_restricted_rows(world: World, n: int) -> None:
    _dashboard_rows(world, n)
    cases = world.cases(n, restricted=True, allocated_to=None)
    world.assessments(n, cases=cases, completed_date=None, completed_by=None, due_date=TODAY - datetime.timedelta(3))


def _dashboard_list(slug: str) -> Callable[[World], dict]:
    return lambda world: {"slug": slug}


PAGES["cases:dashboard"] += [Scenario("team_manager", _late_work_weeks)]
PAGES["cases:dashboard_list"] = [
    *(
        Scenario(viewer, _dashboard_rows, kwargs=_dashboard_list(slug))
        for slug in ("late-assessments", "countersign", "reviews", "turning-18")
        for viewer in ("team_manager", "head_of_service")
    ),
    Scenario("team_manager", _dashboard_restricted_rows, kwargs=_dashboard_list("late-assessments")),
    Scenario(
        "team_manager",
        _dashboard_restricted_rows,
        kwargs=_dashboard_list("late-assessments"),
        params={"worker": "0", "kind": "asset_plus", "page": "2"},  # filtered: unallocated AssetPlus, page 2
    ),
    Scenario("team_manager", _dashboard_risk_rows, kwargs=_dashboard_list("risk-referrals-waiting")),
    Scenario("team_manager", _dashboard_risk_rows, kwargs=_dashboard_list("risk-actions-overdue")),
]


# --- police outcomes ---
def _follow_ups(world: World, n: int, *, child=None) -> None:
    """Follow-ups of police-only youth cautions on North cases, half open, half with an outcome."""
    from oocd.models import FollowUp

    decisions = world.decisions(n, child=child)
    FollowUp.objects.bulk_create(
        FollowUp(
            decision=decision,
            team=world.north,
            due_on=TODAY + datetime.timedelta(days=k % 7),
            **({"outcome": "support_offered", "outcome_recorded_by": world.team_manager, "outcome_recorded_at": NOW}
               if k % 2 else {}),
        )
        for k, decision in enumerate(decisions)
    )  # fmt: skip


API["api:oocd-api:follow-up-list"] = [
    Scenario("police_officer", _follow_ups),
    Scenario("team_manager", _follow_ups, params={"open": "true"}),
    Scenario("case_worker", _follow_ups, params={"open": "false"}),
]
PAGES["oocd:follow_up_list"] = [Scenario("police_officer", _follow_ups), Scenario("team_manager", _follow_ups)]
NOT_LISTS["oocd:follow_up_outcome"] = FORM


# --- court: wiring ---
# The case page's "Court and orders" section, the child's timeline and the work lists: court rows
# of every kind, n of each (the pages' own scenarios above count the rest).
def _wiring_order(case):
    from court.models import Order, OrderType

    order = Order.objects.filter(case=case).first()
    if order is None:
        order = Order.objects.create(
            case=case, order_type=OrderType.REFERRAL_ORDER, court="Leeds Youth Court", made_on=TODAY,
            length_months=12, ends_on=TODAY + datetime.timedelta(days=365), recorded_by=case.created_by,
        )  # fmt: skip
    return order


def _court_rows(world: World, n: int, *, cases=None) -> None:
    """On each case (or n of world.case): an order with a requirement and its progress, a breach, panels
    held and due, a hearing, reports (one awaiting approval) and a custody spell with its plan."""
    from court.models import BreachProceedings, RequirementProgress, ResettlementPlan
    from court.tests.factories import (
        CustodySpellFactory,
        HearingFactory,
        PreSentenceReportFactory,
        ReferralPanelFactory,
        RequirementFactory,
    )

    cases = cases if cases is not None else [world.case] * n
    orders = [_wiring_order(case) for case in dict.fromkeys(cases)]
    orders = [orders[0]] * n if len(orders) == 1 else orders
    by = world.case_worker
    requirements = bulk(RequirementFactory, n, order=each(orders), hours_ordered=60, recorded_by=by)
    RequirementProgress.objects.bulk_create(
        RequirementProgress(requirement=r, done_on=TODAY, hours=3, recorded_by=by) for r in requirements
    )
    BreachProceedings.objects.bulk_create(
        BreachProceedings(order=o, laid_on=TODAY, reason="Missed", recorded_by=by) for o in orders
    )
    bulk(ReferralPanelFactory, n, order=each(orders), due_on=TODAY)
    bulk(ReferralPanelFactory, n, order=each(orders), due_on=TODAY, held_on=TODAY, outcome="contract_agreed")
    bulk(HearingFactory, n, child=each(c.child for c in cases), case=each(cases), recorded_by=by)
    bulk(PreSentenceReportFactory, n, case=each(cases), author=by, created_by=by, due_on=TODAY)
    bulk(PreSentenceReportFactory, n, case=each(cases), author=by, created_by=by, due_on=TODAY,
         status="awaiting_approval")  # fmt: skip
    spells = bulk(CustodySpellFactory, n, case=each(cases), recorded_by=by, release_on=TODAY + datetime.timedelta(5))
    ResettlementPlan.objects.bulk_create(ResettlementPlan(spell=spell, due_on=TODAY) for spell in spells)


PAGES["cases:case_detail"].append(Scenario("case_worker", _court_rows, kwargs=_on(case_id="case")))
PAGES["cases:child_detail"].append(
    Scenario(
        "case_worker",
        lambda w, n: _court_rows(w, n, cases=w.cases(n, child=w.child)),
        kwargs=_on(child_id="child"),
    )
)
PAGES["home"] += [
    Scenario(role, lambda w, n: _court_rows(w, n, cases=w.cases(n))) for role in ("case_worker", "team_manager")
]
API["api:my-work"].append(Scenario("team_manager", lambda w, n: _court_rows(w, n, cases=w.cases(n))))


# --- Discovering routes -------------------------------------------------------------------------------


# --- family ---


def _family_rows(world: World, n: int, *, child=None, restricted: bool = False) -> None:
    """n family members (with contact details), professionals and records of each need: of one child
    (``child``), or each of n children with a case of their own (``restricted``: whose reading is audited)."""
    from family.models import NEEDS_MODELS, FamilyMember, FamilyMemberContactDetails, Professional

    children = [child] * n if child is not None else [case.child for case in world.cases(n, restricted=restricted)]
    by = world.case_worker
    members = FamilyMember.objects.bulk_create(
        FamilyMember(child=c, name=f"Parent {letters(k)}", relationship="mother", recorded_by=by)
        for k, c in enumerate(children)
    )
    FamilyMemberContactDetails.objects.bulk_create(
        FamilyMemberContactDetails(member=member, phone="07700 900000") for member in members
    )
    Professional.objects.bulk_create(
        Professional(child=c, role="school", name="Teacher", from_date=TODAY, recorded_by=by) for c in children
    )
    for model in NEEDS_MODELS:
        fields = {"accommodation_type": "parents", "suitable": True} if model.__name__ == "Accommodation" else {}
        if model.__name__ == "Education":
            fields = {"education_type": "college", "provider": "City College", "hours_offered": 16}
        model.objects.bulk_create(model(child=c, from_date=TODAY, recorded_by=by, **fields) for c in children)


def _family_lists(restricted: bool = False) -> list[Scenario]:
    viewer = "team_manager" if restricted else "case_worker"
    return [Scenario(viewer, lambda w, n: _family_rows(w, n, restricted=restricted))]


FAMILY_CHILD = _on(child_id="child")
for _name in (
    "member",
    "professional",
    "accommodation",
    "education",
    "communication",
    "mental-health",
    "substance-misuse",
):
    API[f"api:family-api:{_name}-list"] = [*_family_lists(), *_family_lists(restricted=True)]
PAGES.update(
    {
        "family:family_page": [
            Scenario("case_worker", lambda w, n: _family_rows(w, n, child=w.case.child), kwargs=FAMILY_CHILD),
            Scenario("head_of_service", lambda w, n: _family_rows(w, n, child=w.case.child), kwargs=FAMILY_CHILD),
        ],
        "family:need_history": [
            Scenario(
                "case_worker",
                lambda w, n: _family_rows(w, n, child=w.case.child),
                kwargs=lambda w: {"child_id": w.case.child_id, "need": "education"},
            )
        ],
    }
)
NOT_LISTS.update(
    {
        "family:family_member_add": FORM,
        "family:family_member_change": FORM,
        "family:professional_add": FORM,
        "family:professional_change": FORM,
        "family:need_record": FORM,
    }
)


# --- court: hearings ---
PAGE_NAMESPACES += ("court",)


def _court_hearings(world: World, n: int, *, child=None, restricted: bool = False, day=TODAY) -> None:
    """n hearings heard on ``day`` (each on a case of its own, or all of ``child``), with a duty
    officer's note and a next hearing; and n more that listed ``day`` as the next hearing."""
    from court.models import Hearing as CourtHearing

    cases = world.cases(n, restricted=restricted, **({"child": child} if child is not None else {}))
    CourtHearing.objects.bulk_create(
        CourtHearing(
            child_id=case.child_id, case=case, heard_on=day, court=f"Court {letters(k % 3)}", hearing_type="plea",
            outcome="adjourned" if day <= TODAY else "", next_hearing_on=day + datetime.timedelta(days=14),
            duty_officer_note="Bail continued", recorded_by=world.case_worker,
        )
        for k, case in enumerate(cases)
    )  # fmt: skip
    listed = world.cases(n, restricted=restricted, **({"child": child} if child is not None else {}))
    CourtHearing.objects.bulk_create(
        CourtHearing(
            child_id=case.child_id, heard_on=day - datetime.timedelta(days=7), court="Court listed",
            hearing_type="first_appearance", outcome="adjourned", next_hearing_on=day, recorded_by=world.case_worker,
        )
        for case in listed
    )  # fmt: skip


def _court_reports(world: World, n: int, *, restricted: bool = False, author=None) -> list:
    """n pre-sentence reports on cases of their own: a third awaiting approval, a third returned (with
    their feedback), a third approved and submitted with the sentence given."""
    from court.models import PreSentenceReport, ReportReturn

    author = author or world.case_worker
    cases = world.cases(n, restricted=restricted)
    statuses = ("awaiting_approval", "returned", "submitted")
    reports = PreSentenceReport.objects.bulk_create(
        PreSentenceReport(
            case=case, author=author, created_by=author, requested_on=TODAY - datetime.timedelta(days=20),
            due_on=TODAY, status=statuses[k % 3], proposal="referral_order",
            **({"approved_by": world.team_manager, "approved_at": NOW, "submitted_on": TODAY,
                "sentence_given": "fine", "sentenced_on": TODAY} if k % 3 == 2 else {}),
        )
        for k, case in enumerate(cases)
    )  # fmt: skip
    ReportReturn.objects.bulk_create(
        ReportReturn(report=report, returned_by=world.team_manager, feedback="Say more")
        for report in reports
        if report.status == "returned"
    )
    return reports


def _court_report(world: World):
    """The report whose page is measured (made the first time it is asked for)."""
    if "court_report" not in world.__dict__:
        world.court_report = _court_reports(world, 1)[0]
    return world.court_report


def _court_report_returns(world: World, n: int) -> None:
    """n returns of one report, each resubmitted (the report's page lists them all)."""
    from court.models import ReportReturn

    ReportReturn.objects.bulk_create(
        ReportReturn(report=_court_report(world), returned_by=world.team_manager, feedback=f"Loop {k}",
                     resubmitted_at=NOW)
        for k in range(n)
    )  # fmt: skip


API["api:court-api:hearing-list"] = [
    Scenario("case_worker", _court_hearings),
    Scenario("team_manager", lambda w, n: _court_hearings(w, n, restricted=True), params={"on": TODAY.isoformat()}),
]
API["api:court-api:report-list"] = [
    Scenario("case_worker", _court_reports),
    Scenario("team_manager", lambda w, n: _court_reports(w, n, restricted=True), params={"status": "returned"}),
]
PAGES.update(
    {
        "court:hearing_list": [
            Scenario("case_worker", _court_hearings),
            Scenario("team_manager", lambda w, n: _court_hearings(w, n, restricted=True)),
        ],
        "court:child_hearings": [
            Scenario("case_worker", lambda w, n: _court_hearings(w, n, child=w.child), kwargs=_on(child_id="child")),
        ],
        "court:report_list": [
            Scenario("case_worker", _court_reports),
            Scenario("team_manager", lambda w, n: _court_reports(w, n, restricted=True)),
        ],
        "court:report_detail": [
            Scenario("case_worker", _court_report_returns, kwargs=lambda w: {"pk": _court_report(w).pk})
        ],
    }
)
NOT_LISTS.update({"court:hearing_add": FORM, "court:hearing_edit": FORM, "court:report_add": FORM})


# --- court: orders ---
PAGE_NAMESPACES += ("court",)
YRO = "youth_rehabilitation_order"


def _court_orders(world: World, n: int, *, restricted: bool = False, cases=None) -> list:
    """n youth rehabilitation orders, each of a case of its own (``restricted``: whose reading is audited)."""
    from court.models import Order

    cases = cases or world.cases(n, case_type=YRO, restricted=restricted)
    return Order.objects.bulk_create(
        Order(case=case, order_type=YRO, court="Leeds Youth Court", made_on=TODAY - datetime.timedelta(days=30),
              length_months=12, ends_on=TODAY + datetime.timedelta(days=335), recorded_by=world.case_worker)
        for case in cases
    )  # fmt: skip


def _court_order(world: World):
    """One youth rehabilitation order of the world, for its pages (made once)."""
    if "court_order" not in world.__dict__:
        world.__dict__["court_order"] = _court_orders(world, 1)[0]
    return world.__dict__["court_order"]


def _court_requirements(world: World, n: int, *, orders=None, restricted: bool = False) -> list:
    """n unpaid work requirements (on n orders, or on ``orders``), each with two progress entries."""
    from court.models import Requirement

    orders = orders or _court_orders(world, n, restricted=restricted)
    requirements = Requirement.objects.bulk_create(
        Requirement(order=order, requirement_type="unpaid_work", starts_on=order.made_on, hours_ordered=80,
                    recorded_by=world.case_worker)
        for order in orders
    )  # fmt: skip
    _court_progress(world, requirements * 2)
    return requirements


def _court_progress(world: World, requirements) -> None:
    from court.models import RequirementProgress

    RequirementProgress.objects.bulk_create(
        RequirementProgress(requirement=requirement, done_on=TODAY, hours=2, note="Park", recorded_by=world.case_worker)
        for requirement in requirements
    )


def _court_contacts(world: World, cases) -> list:
    from cases.models import Contact

    return Contact.objects.bulk_create(
        Contact(case=case, contact_type="office", scheduled_at=NOW, attendance="did_not_attend",
                enforcement_step="warning", recorded_by=world.case_worker)
        for case in cases
    )  # fmt: skip


def _court_breaches(world: World, n: int, *, orders=None, restricted: bool = False) -> list:
    """n breach proceedings (on n orders, or on ``orders``), each naming an enforcement contact of its case."""
    from court.models import BreachProceedings

    orders = orders or _court_orders(world, n, restricted=restricted)
    breaches = BreachProceedings.objects.bulk_create(
        BreachProceedings(order=order, laid_on=TODAY, reason="Missed", recorded_by=world.case_worker)
        for order in orders
    )
    contacts = _court_contacts(world, [order.case for order in orders])
    BreachProceedings.enforcement_contacts.through.objects.bulk_create(
        BreachProceedings.enforcement_contacts.through(breachproceedings=breach, contact=contact)
        for breach, contact in zip(breaches, contacts, strict=True)
    )
    return breaches


def _court_order_page_rows(world: World, n: int) -> None:
    order = _court_order(world)
    _court_requirements(world, n, orders=[order] * n)
    _court_breaches(world, n, orders=[order] * n)


def _court_requirement(world: World):
    if "court_requirement" not in world.__dict__:
        world.__dict__["court_requirement"] = _court_requirements(world, 1, orders=[_court_order(world)])[0]
    return world.__dict__["court_requirement"]


def _court_breach(world: World):
    if "court_breach" not in world.__dict__:
        world.__dict__["court_breach"] = _court_breaches(world, 1, orders=[_court_order(world)])[0]
    return world.__dict__["court_breach"]


def _court_breach_contacts(world: World, n: int) -> None:
    """n more enforcement contacts named by the world's breach proceedings."""
    from court.models import BreachProceedings

    breach = _court_breach(world)
    contacts = _court_contacts(world, [breach.order.case] * n)
    breach.enforcement_contacts.add(*contacts)
    assert BreachProceedings.objects.filter(pk=breach.pk).exists()


ON_COURT_ORDER = lambda world: {"case_id": _court_order(world).case_id}  # noqa: E731
API.update(
    {
        "api:court-api:order-list": [
            Scenario("case_worker", _court_orders),
            Scenario("team_manager", lambda w, n: _court_orders(w, n, restricted=True)),
        ],
        "api:court-api:requirement-list": [
            Scenario("case_worker", _court_requirements),
            Scenario("team_manager", lambda w, n: _court_requirements(w, n, restricted=True)),
        ],
        "api:court-api:requirement-detail": [
            Scenario(
                "case_worker",
                lambda w, n: _court_progress(w, [_court_requirement(w)] * n),
                kwargs=lambda w: {"requirement_id": _court_requirement(w).pk},
            )
        ],
        "api:court-api:breach-list": [
            Scenario("case_worker", _court_breaches),
            Scenario("team_manager", lambda w, n: _court_breaches(w, n, restricted=True)),
        ],
        "api:court-api:breach-detail": [
            Scenario("case_worker", _court_breach_contacts, kwargs=lambda w: {"breach_id": _court_breach(w).pk})
        ],
    }
)
PAGES.update(
    {
        "court:order_detail": [
            Scenario("case_worker", _court_order_page_rows, kwargs=ON_COURT_ORDER),
            Scenario("head_of_service", _court_order_page_rows, kwargs=ON_COURT_ORDER),
        ],
        "court:requirement_detail": [
            Scenario(
                "case_worker",
                lambda w, n: _court_progress(w, [_court_requirement(w)] * n),
                kwargs=lambda w: {"pk": _court_requirement(w).pk},
            )
        ],
        "court:breach_detail": [
            Scenario("case_worker", _court_breach_contacts, kwargs=lambda w: {"pk": _court_breach(w).pk})
        ],
        # The contacts with a warning or breach offered to choose.
        "court:breach_add": [
            Scenario("case_worker", lambda w, n: _court_contacts(w, [_court_order(w).case] * n), kwargs=ON_COURT_ORDER)
        ],
    }
)
NOT_LISTS.update(
    {
        "court:order_record": FORM,  # (its hearings to choose from: the child's latest 50)
        "court:order_end": FORM,
        "court:requirement_add": FORM,
        "court:requirement_complete": FORM,
    }
)


# --- court: resettlement ---
PAGE_NAMESPACES += ("court",)


def _custody_spells(world: World, n: int, *, restricted: bool = False, case=None) -> None:
    """n custody spells, each with its resettlement plan (a third overdue, a third completed): each on a
    detention and training order case of its own (``restricted``: whose reading is audited), or all on ``case``."""
    from cases.models import CaseType
    from court.models import CustodySpell, ResettlementPlan

    if case is None:
        cases = world.cases(n, case_type=CaseType.DETENTION_AND_TRAINING_ORDER, restricted=restricted)
    else:
        cases = [case] * n
    spells = CustodySpell.objects.bulk_create(
        CustodySpell(
            case=case, establishment_type="yoi", establishment="HMYOI Wetherby", custody_from=TODAY,
            release_on=TODAY + datetime.timedelta(days=10 + k), supervision_on_release="licence",
            licence_conditions="Curfew", recorded_by=world.case_worker,
        )
        for k, case in enumerate(cases)
    )  # fmt: skip
    ResettlementPlan.objects.bulk_create(
        ResettlementPlan(
            spell=spell, due_on=TODAY + datetime.timedelta(days=k % 3 - 1),
            **({"completed_on": TODAY, "completed_by": world.case_worker} if k % 3 == 2 else {}),
        )
        for k, spell in enumerate(spells)
    )  # fmt: skip


def _custody_case(world: World):
    """The world's detention and training order case, whose page shows its custody spells."""
    from cases.models import CaseType

    if "custody_case" not in world.__dict__:
        [world.__dict__["custody_case"]] = world.cases(1, case_type=CaseType.DETENTION_AND_TRAINING_ORDER)
    return world.__dict__["custody_case"]


_RESETTLEMENT_LISTS = [
    Scenario("case_worker", _custody_spells),
    Scenario("team_manager", lambda w, n: _custody_spells(w, n, restricted=True)),
]
API["api:court-api:custody-spell-list"] = _RESETTLEMENT_LISTS
API["api:court-api:resettlement-plan-list"] = _RESETTLEMENT_LISTS
PAGES["court:resettlement_list"] = [
    Scenario("case_worker", _custody_spells),
    Scenario("team_manager", lambda w, n: _custody_spells(w, n, restricted=True)),
    Scenario("head_of_service", _custody_spells),
]
PAGES["cases:case_detail"].append(
    Scenario(
        "case_worker",
        lambda w, n: _custody_spells(w, n, case=_custody_case(w)),
        kwargs=lambda w: {"case_id": _custody_case(w).pk},
    )
)
NOT_LISTS.update(
    {
        "court:custody_spell_add": FORM,
        "court:custody_spell_detail": "a custody spell and its forms (its plan's state, no list)",
        "court:resettlement_plan": FORM,
    }
)


# --- court: panels ---
PAGE_NAMESPACES += ("court",)


def _court_volunteers(world: World, n: int) -> list:
    from court.tests.factories_panels import VolunteerFactory

    return bulk(VolunteerFactory, n, name=each(f"Volunteer {letters(next(world.serial))}" for _ in range(n)))


def _panel_orders(world: World, cases) -> list:
    from court.tests.factories_panels import ReferralOrderFactory

    return bulk(ReferralOrderFactory, len(cases), case=each(cases), recorded_by=world.case_worker)


def _court_panels(world: World, n: int, *, restricted: bool = False) -> None:
    """n referral orders, each with its initial panel held (two volunteers, a contract) and a progress panel due."""
    from court.models import Contract, ReferralPanel

    volunteers = _court_volunteers(world, 2)
    orders = _panel_orders(world, world.cases(n, restricted=restricted))
    held = ReferralPanel.objects.bulk_create(
        ReferralPanel(order=order, panel_type="initial", due_on=TODAY, held_on=TODAY, outcome="contract_agreed",
                      yjs_member=world.case_worker, recorded_by=world.case_worker, recorded_at=NOW)
        for order in orders
    )  # fmt: skip
    ReferralPanel.volunteers.through.objects.bulk_create(
        ReferralPanel.volunteers.through(referralpanel=panel, volunteer=volunteer)
        for panel in held
        for volunteer in volunteers
    )
    Contract.objects.bulk_create(
        Contract(panel=panel, activities="Sessions", reparation="Gardening", child_signed_on=TODAY) for panel in held
    )
    ReferralPanel.objects.bulk_create(
        ReferralPanel(order=order, panel_type="progress", due_on=TODAY + datetime.timedelta(days=k % 90))
        for k, order in enumerate(orders)
    )


def _court_panel(world: World):
    """A panel still to hold, of a North order of the case worker's (made once per world)."""
    if "court_panel" not in world.__dict__:
        from court.services.panels import panel_schedule_initial

        [order] = _panel_orders(world, world.cases(1))
        world.__dict__["court_panel"] = panel_schedule_initial(order=order)
    return world.__dict__["court_panel"]


def _court_panel_page_rows(world: World, n: int) -> None:
    """The panel's order's other panels, and the volunteers its form offers."""
    from court.models import ReferralPanel

    panel = _court_panel(world)
    ReferralPanel.objects.bulk_create(
        ReferralPanel(order_id=panel.order_id, panel_type="extension", due_on=TODAY + datetime.timedelta(days=k))
        for k in range(n)
    )
    _court_volunteers(world, n)


API["api:court-api:referral-panel-list"] = [
    Scenario("case_worker", _court_panels),
    Scenario("team_manager", lambda w, n: _court_panels(w, n, restricted=True), params={"held": "true"}),
]
API["api:court-api:volunteer-list"] = [
    Scenario("team_manager", _court_volunteers),
    Scenario("case_worker", _court_volunteers),
]
PAGES["court:panel_list"] = [
    Scenario("case_worker", _court_panels),
    Scenario("team_manager", lambda w, n: _court_panels(w, n, restricted=True)),
]
PAGES["court:panel_detail"] = [
    Scenario("case_worker", _court_panel_page_rows, kwargs=lambda w: {"pk": _court_panel(w).pk})
]
PAGES["court:volunteer_list"] = [
    Scenario("team_manager", _court_volunteers),
    Scenario("case_worker", _court_volunteers),
]
NOT_LISTS.update({"court:panel_schedule": FORM, "court:volunteer_add": FORM, "court:volunteer_edit": FORM})


# --- interventions ---
PAGE_NAMESPACES += ("interventions",)


def _interventions_rows(world: World, n: int, *, cases=None, restricted: bool = False) -> None:
    """n of each interventions record: a referral, a reparation placement with two sessions, restorative
    justice with a victim and a safety plan, each on a case of its own (or on ``cases``; ``restricted``:
    cases whose reading the list audits)."""
    from cases.models import Victim
    from interventions.models import (
        Intervention,
        InterventionReferral,
        ReparationPlacement,
        ReparationSession,
        RestorativeJustice,
        VictimSafetyPlan,
    )

    cases = cases if cases is not None else world.cases(n, restricted=restricted)
    by = world.case_worker
    serial = next(world.serial)
    interventions = Intervention.objects.bulk_create(
        Intervention(name=f"Programme {serial} {letters(k)}", intervention_type="weapons", provider="YJS")
        for k in range(len(cases))
    )
    InterventionReferral.objects.bulk_create(
        InterventionReferral(case=case, intervention=intervention, referred_on=TODAY, recorded_by=by)
        for case, intervention in zip(cases, interventions, strict=True)
    )
    placements = ReparationPlacement.objects.bulk_create(
        ReparationPlacement(case=case, placement="Garden", hours_ordered=10, started_on=TODAY, recorded_by=by)
        for case in cases
    )
    ReparationSession.objects.bulk_create(
        ReparationSession(placement=placement, done_on=TODAY, hours=2, recorded_by=by)
        for placement in placements
        for _ in range(2)
    )
    victims = Victim.objects.bulk_create(Victim(case=case, display_name="Victim A") for case in cases)
    RestorativeJustice.objects.bulk_create(
        RestorativeJustice(case=victim.case, victim=victim, restorative_type="letter", victim_part="informed",
                           held_on=TODAY, recorded_by=by)
        for victim in victims
    )  # fmt: skip
    VictimSafetyPlan.objects.bulk_create(
        VictimSafetyPlan(case=victim.case, victim=victim, measures="No contact", agreed_on=TODAY, recorded_by=by)
        for victim in victims
    )


def _interventions_catalogue(world: World, n: int) -> None:
    from interventions.tests.factories import InterventionFactory

    serial = next(world.serial)
    bulk(InterventionFactory, n, name=each(f"Catalogue {serial} {letters(k)}" for k in range(n)))


def _interventions_timeline_rows(world: World, cases: list) -> None:
    """The child's timeline: the interventions records of each of its cases."""
    _interventions_rows(world, len(cases), cases=cases)


def _interventions_lists() -> list[Scenario]:
    return [
        Scenario("case_worker", _interventions_rows),
        Scenario("team_manager", lambda w, n: _interventions_rows(w, n, restricted=True)),
    ]


API.update(
    {
        "api:interventions-api:intervention-list": [
            Scenario("case_worker", _interventions_catalogue),
            Scenario("team_manager", _interventions_catalogue, params={"active": "true"}),
        ],
        "api:interventions-api:referral-list": _interventions_lists(),
        "api:interventions-api:reparation-list": _interventions_lists(),
        "api:interventions-api:restorative-justice-list": _interventions_lists(),
        "api:interventions-api:victim-safety-plan-list": _interventions_lists(),
    }
)
PAGES.update(
    {
        "interventions:catalogue": [Scenario("team_manager", _interventions_catalogue)],
        "interventions:case_interventions": [
            Scenario(
                "case_worker",
                lambda w, n: _interventions_rows(w, n, cases=[w.case] * n),
                kwargs=_on(case_id="case"),
            )
        ],
    }
)
NOT_LISTS.update(
    {
        "interventions:intervention_add": FORM,
        "interventions:intervention_change": FORM,
        "interventions:referral_make": FORM,
        "interventions:referral_progress": FORM,
        "interventions:referral_end": FORM,
        "interventions:placement_add": FORM,
        "interventions:placement_change": FORM,
        "interventions:session_record": FORM,
        "interventions:restorative_justice_record": FORM,
        "interventions:restorative_justice_update": FORM,
        "interventions:safety_plan_record": FORM,
        "interventions:safety_plan_update": FORM,
    }
)


def _routes(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, URLPattern]]:
    """(namespaced name, route, pattern) of every named URL under ``resolver``."""
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
            yield from _routes(pattern, route, inner or namespace)
        elif pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), route, pattern


def _serves_get(pattern: URLPattern) -> bool:
    view_class = getattr(pattern.callback, "view_class", None) or getattr(pattern.callback, "cls", None)
    return view_class is not None and hasattr(view_class, "get")


def api_list_routes() -> set[str]:
    """GET routes under /api/v1/ without path parameters: lists, searches, exports and aggregates."""
    return {
        name
        for name, route, pattern in _routes(get_resolver())
        if route.startswith("api/v1/") and "<" not in route and _serves_get(pattern)
    }


def page_routes() -> set[str]:
    return {name for name, _, _ in _routes(get_resolver()) if name == "home" or name.split(":")[0] in PAGE_NAMESPACES}


def test_every_api_list_endpoint_is_covered():
    routes = api_list_routes()
    assert "api:cases-api:child-list" in routes  # the discovery itself works
    assert routes - API.keys() == set(), "API list endpoints without a query-count scenario"


def test_every_page_is_covered_or_shows_no_list():
    pages = page_routes()
    assert {item.url_name for item in NAVIGATION} <= PAGES.keys() | {"home"}
    assert pages - PAGES.keys() - NOT_LISTS.keys() == set(), "pages without a query-count scenario"
    assert PAGES.keys() - pages == set(), "scenarios for pages that no longer exist"
    assert PAGES.keys() & NOT_LISTS.keys() == set()


# --- Counting ----------------------------------------------------------------------------------------------


@dataclass
class Measured:
    queries: list[str]
    body: bytes


def _measure(client, url: str, params: Mapping) -> Measured:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200, (url, response.status_code, body[:500])
    return Measured([query["sql"] for query in captured], body)


def _shape(sql: str) -> str:
    """The query without its values: ids, literals, IN lists, savepoint names."""
    sql = re.sub(r'"s\d+_x\d+"', '"savepoint"', sql)
    sql = re.sub(r"'[^']*'|\b\d+\b", "?", sql)
    return re.sub(r"\(\?(, \?)*\)", "(…)", sql)


def _growth(ten: list[str], hundred: list[str]) -> str:
    """The query shapes run more often with 100 rows than with 10: the N+1s."""
    grown = Counter(map(_shape, hundred))
    grown.subtract(Counter(map(_shape, ten)))
    lines = [f"  {count:+d}× {sql[:400]}" for sql, count in grown.most_common() if count]
    return "\n".join(lines)


def _check(client, url: str, scenario: Scenario, world: World) -> None:
    params = scenario.params
    scenario.add(world, 10)
    client.get(url, params)  # once first: per-process caches (content types, sessions) are filled
    ten = _measure(client, url, params)
    scenario.add(world, 90)
    hundred = _measure(client, url, params)
    if not scenario.capped:
        assert len(hundred.body) > len(ten.body), f"{url}: the rows added do not reach the answer"
    assert len(hundred.queries) == len(ten.queries), (
        f"{url} as {scenario.viewer}: {len(ten.queries)} queries for 10 rows, {len(hundred.queries)} for 100\n"
        + _growth(ten.queries, hundred.queries)
    )
    print(f"QUERIES {url} as {scenario.viewer}: {len(ten.queries)}")  # shown with -s, for the record


def _cases(scenarios: dict[str, list[Scenario]]) -> list:
    return [
        pytest.param(name, scenario, id=f"{name.removeprefix('api:')}-{scenario.viewer}")
        for name, listed in scenarios.items()
        for scenario in listed
    ]


def _api_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user)}")
    return client


@pytest.mark.parametrize(("name", "scenario"), _cases(API))
def test_api_list_queries_do_not_grow_with_rows(world, name, scenario):
    _check(_api_client(world.users[scenario.viewer]), scenario.url(name, world), scenario, world)


@pytest.mark.parametrize(("name", "scenario"), _cases(PAGES))
def test_page_queries_do_not_grow_with_rows(world, name, scenario, client):
    client.force_login(world.users[scenario.viewer])
    _check(client, scenario.url(name, world), scenario, world)
