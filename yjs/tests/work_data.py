"""Hand-made work for every role (``yjs.work``), with what each person must see of it: the unit tests
of each source, the API's and the browser tests' (``tests/browser/test_my_work.py``) share it.

Teams North and South. Sam (case worker, North) holds Amy's case and Ben's restricted one (and a
closed case); Kim (case worker, North) holds Cal's restricted case, which Sam may not see; Dan's case
is South's. The manager runs North; the police officer serves both teams; the head of service sees
all; the board member sits on the board.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.utils import timezone

from cases.models import CaseStatus, Plan, PlanTarget, Returned, Review, ReviewTrigger
from cases.tests.factories import AssessmentFactory, CaseFactory, ChildFactory
from custody.models import CustodyRecord, DigestRun, MatchStatus
from governance.models import ActionStatus, Board, BoardAction, BoardMeeting, BoardMember
from intelligence.models import RequestType
from intelligence.tests.factories import InformationRequestFactory
from oocd.models import FollowUp
from oocd.tests.factories import DecisionFactory, PanelFactory, PanelItemFactory, ReferralFactory
from risk.models import Action, Hearing, Meeting, Referral, ReferralReason
from yjs.models import Notification, NotificationKind, User
from yjs.roles import Role
from yjs.tests.factories import TeamFactory, UserFactory

DAY = datetime.timedelta(days=1)

# What each person's work must count: kind → (items, of which overdue).
EXPECTED = {
    "caseworker": {
        "assessment": (2, 1),
        "review": (1, 0),
        "plan_target": (1, 1),
        "returned": (1, 0),
        "risk_action": (1, 0),
        "request_awaiting": (2, 2),
        "request_answered": (1, 0),
        "written_request": (1, 1),
        "panel_date": (1, 0),
        "arrest": (1, 0),
        "flag_raised": (1, 0),
    },
    "manager": {
        "assessment": (3, 2),
        "review": (1, 0),
        "plan_target": (1, 1),
        "returned": (1, 0),
        "countersignature": (2, 0),
        "risk_action": (2, 1),
        "risk_referral": (1, 1),
        "request_awaiting": (3, 2),
        "panel_date": (1, 0),
        "follow_up": (1, 1),
        "in_custody": (1, 0),
    },
    "police": {
        "request_to_answer": (3, 2),
        "panel_this_week": (1, 0),
        "follow_up": (2, 1),
        "in_custody": (2, 0),
    },
    "head": {
        "assessment": (3, 3),
        "risk_action": (1, 1),
        "risk_referral": (1, 1),
        "request_awaiting": (2, 2),
        "follow_up": (2, 1),
    },
    "board": {"board_meeting": (1, 0), "board_action": (1, 1)},
}


@dataclass
class WorkWorld:
    users: dict[str, User]
    cases: dict[str, object] = field(default_factory=dict)


def _person(username: str, first_name: str, roles: list[Role], teams: list) -> User:
    return UserFactory(username=username, first_name=first_name, last_name="Tester", roles=roles, teams=teams)


def make_work_world() -> WorkWorld:
    """Every kind of item, for each role, some overdue, some not anyone's to see."""
    for role in Role:  # a transactional test's flush empties the migration-made groups
        Group.objects.get_or_create(name=role)
    today, now = timezone.localdate(), timezone.now()
    north, south = TeamFactory(name="North", slug="north"), TeamFactory(name="South", slug="south")
    users = {
        "caseworker": _person("caseworker", "Sam", [Role.CASE_WORKER], [north]),
        "colleague": _person("colleague", "Kim", [Role.CASE_WORKER], [north]),
        "southworker": _person("southworker", "Lee", [Role.CASE_WORKER], [south]),
        "manager": _person("manager", "Priya", [Role.TEAM_MANAGER], [north]),
        "police": _person("police", "Pat", [Role.POLICE_OFFICER], [north, south]),
        "head": _person("head", "Hana", [Role.HEAD_OF_SERVICE], [north, south]),
        "board": _person("board", "Bo", [Role.BOARD_MEMBER], []),
    }
    sam, kim, manager = users["caseworker"], users["colleague"], users["manager"]

    def case(forenames: str, surname: str, worker: User, team=north, **fields):
        child = ChildFactory(forenames=forenames, surname=surname)
        return CaseFactory(child=child, team=team, allocated_to=worker, created_by=worker, **fields)

    amy = case("Amy", "Adams", sam)
    ben = case("Ben", "Brown", sam, restricted=True)
    cal = case("Cal", "Cole", kim, restricted=True)
    dan = case("Dan", "Dale", users["southworker"], team=south)
    closed = case("Col", "Closed", sam, status=CaseStatus.CLOSED, end_date=today)
    world = WorkWorld(users, {"amy": amy, "ben": ben, "cal": cal, "dan": dan})

    # Assessments: Sam 2 (1 overdue); the manager 3 (2); the head of service's overdue 3.
    AssessmentFactory(case=amy, due_date=today - 2 * DAY)
    AssessmentFactory(case=ben, due_date=today + 5 * DAY)
    AssessmentFactory(case=amy, due_date=today + 30 * DAY)  # beyond the window
    AssessmentFactory(case=cal, due_date=today - DAY)
    AssessmentFactory(case=dan, due_date=today - 3 * DAY)
    AssessmentFactory(case=closed, due_date=today - 5 * DAY)
    # Completed, waiting for the manager's countersignature.
    AssessmentFactory(case=amy, due_date=today - 9 * DAY, completed_date=today - 8 * DAY, completed_by=sam)

    Review.objects.create(case=amy, trigger=ReviewTrigger.SCHEDULED, due_date=today + 3 * DAY)
    Review.objects.create(case=dan, trigger=ReviewTrigger.SCHEDULED, due_date=today + 3 * DAY)

    # Two plans of Amy's: the older one's targets are not current; the newer one was returned.
    older = Plan.objects.create(case=amy, written_by=sam)
    newer = Plan.objects.create(case=amy, written_by=sam)
    Plan.objects.filter(pk=older.pk).update(written_at=now - 20 * DAY)
    PlanTarget.objects.create(plan=older, what="Old target", who="Amy", by_when=today, how_i_will_know="-")
    PlanTarget.objects.create(
        plan=newer, what="Go to college three days a week", who="Amy", by_when=today - DAY, how_i_will_know="Register"
    )
    PlanTarget.objects.create(
        plan=newer, what="Achieved already", who="Amy", by_when=today, how_i_will_know="-", achieved_at=today
    )
    Returned.objects.create(plan=newer, returned_by=manager, feedback="Say who is at risk and when")

    # Risk: Sam owns one action; Kim one overdue on Cal's case; Amy's referral waits for weeks.
    meeting = Meeting.objects.create(team=north, held_on=today - 7 * DAY, chair=manager, recorded_by=manager)
    for hearing_case, owner, due in ((amy, sam, today + 2 * DAY), (cal, kim, today - DAY)):
        hearing = Hearing.objects.create(meeting=meeting, case=hearing_case)
        Action.objects.create(
            hearing=hearing, case=hearing_case, description="Joint home visit", owner=owner, due_on=due,
            recorded_by=manager,
        )  # fmt: skip
    Action.objects.create(
        hearing=hearing, case=cal, description="Done already", owner=kim, due_on=today - DAY, done_on=today,
        recorded_by=manager,
    )  # fmt: skip
    Referral.objects.create(case=amy, reason=ReferralReason.MANUAL, detail="Worried", referred_at=now - 30 * DAY)

    # Information requests.
    InformationRequestFactory(child=amy.child, case=amy, requested_by=sam, requested_at=now - 10 * DAY)
    InformationRequestFactory(child=amy.child, case=amy, requested_by=sam, supplied=True)
    InformationRequestFactory(
        child=cal.child, case=cal, requested_by=kim, request_type=RequestType.URGENT, requested_at=now,
        written_request_due_at=now + 2 * DAY,
    )  # fmt: skip
    InformationRequestFactory(
        child=ben.child, case=ben, requested_by=sam, request_type=RequestType.URGENT, requested_at=now - DAY,
        written_request_due_at=now - DAY,
    )  # fmt: skip

    # Out-of-court: Eve's referral (Sam's) goes to a panel in three days; another panel is weeks away.
    eve = ChildFactory(forenames="Eve", surname="Ellis")
    referral = ReferralFactory(
        child=eve, case__team=north, case__allocated_to=sam, case__created_by=sam, created_by=users["police"]
    )
    PanelItemFactory(panel=PanelFactory(held_on=today + 3 * DAY, chair=manager), referral=referral)
    PanelFactory(held_on=today + 20 * DAY, chair=manager)
    # Police outcomes for children not known: one North (overdue), one South, one done.
    for team, due, outcome in ((north, today - DAY, ""), (south, today + 5 * DAY, ""), (north, today, "not_needed")):
        decision = DecisionFactory(referral__case__team=team, referral__created_by=users["police"])
        FollowUp.objects.create(
            decision=decision, team=team, due_on=due, outcome=outcome,
            outcome_recorded_at=now if outcome else None,
        )  # fmt: skip

    # Custody: Amy held last night and a child not matched, neither in a digest yet; one in a digest.
    digest = DigestRun.objects.create(up_to=now - DAY)
    for number, child, in_digest in ((1, amy.child, None), (2, None, None), (3, dan.child, digest)):
        CustodyRecord.objects.create(
            force_code="WYP", custody_ref=f"WORK{number}", suite="Leeds Elland Road", detained_at=now - 3 * DAY / 24,
            surname=child.surname if child else "Unknown", forenames=child.forenames if child else "Jo",
            date_of_birth=datetime.date(2010, 1, 1), child=child,
            match_status=MatchStatus.MATCHED if child else MatchStatus.REVIEW, row_hash="0" * 64, digest=in_digest,
        )  # fmt: skip

    # Notifications: Sam's unread arrest and flag (and a read arrest); Kim's arrest.
    for recipient, kind, read in (
        (sam, NotificationKind.ARREST, None),
        (sam, NotificationKind.FLAG_RAISED, None),
        (sam, NotificationKind.ARREST, now),
        (kim, NotificationKind.ARREST, None),
    ):
        Notification.objects.create(
            recipient=recipient, kind=kind, subject=f"{kind.label}: Amy Adams", link=f"/cases/{amy.pk}/", read_at=read
        )

    # The board: a meeting to come and one past; an open action overdue and a done one.
    board = Board.objects.create(name="Youth justice management board")
    BoardMember.objects.create(
        board=board, name="Bo Tester", agency="police", role="Chief Inspector", seniority="senior", user=users["board"]
    )
    BoardMeeting.objects.create(board=board, held_on=today + 10 * DAY)
    BoardMeeting.objects.create(board=board, held_on=today - 30 * DAY)
    BoardAction.objects.create(board=board, description="Report on ETE hours", owner="Bo Tester", due_date=today - DAY)
    BoardAction.objects.create(
        board=board, description="Done", owner="Bo Tester", due_date=today - DAY, status=ActionStatus.DONE
    )
    return world
