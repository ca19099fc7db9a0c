"""Pages of the risk and vulnerability meeting: everything one page (or one section of a case's
page or the manager's dashboard) shows, in a fixed number of queries, scoped by
``risk.permissions.visible_cases`` through the meetings' selectors (``selectors.meetings``)."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from cases.models import Assessment, Case, CaseStatus
from cases.selectors import of_worker
from yjs.models import Team, User
from yjs.roles import Role
from yjs.selectors import one_or_404
from yjs.working_days import working_days_between

from .. import permissions
from ..models import Action, Hearing, Meeting, Referral, ReferralStatus
from . import meetings

# --- A meeting's page --------------------------------------------------------------------------------


@dataclass
class MeetingPage:
    meeting: Meeting
    attendees: list
    hearings: list[Hearing]  # of the cases the user may see, each with its referrals and actions
    hidden_hearings: int  # cases on the agenda the user may not see


def meeting_page(*, user: User, meeting_id: int) -> MeetingPage:
    meeting = meetings.meeting_get(user=user, meeting_id=meeting_id)
    hearings = list(meeting.visible_hearings)  # prefetched, with their referrals and actions
    return MeetingPage(
        meeting=meeting,
        attendees=list(meeting.attendees.all()),
        hearings=hearings,
        hidden_hearings=Hearing.objects.filter(meeting=meeting).count() - len(hearings),
    )


def meeting_rows(*, user: User) -> QuerySet[Meeting]:
    """The meetings the user may see, newest first, each with its team, chair and the hearings the user may see."""
    return meetings.meeting_list(user=user)


def hearing_get(*, user: User, meeting: Meeting, hearing_id: int) -> Hearing:
    """A case on the meeting's agenda, of a case the user may see (404 otherwise)."""
    hearing = meetings.hearing_get(user=user, hearing_id=hearing_id)
    if hearing.meeting_id != meeting.pk:
        raise Http404("No such case on the agenda")
    return hearing


def action_get(*, user: User, action_id: int) -> Action:
    return meetings.action_get(user=user, action_id=action_id)


def runnable_teams(*, user: User) -> list[Team]:
    """The teams whose meetings the user runs (their managers, DESIGN.md §2)."""
    teams = Team.objects.filter(pk__in=user.team_ids).order_by("name")
    return [team for team in teams if permissions.can_run_meeting(user, team)]


def team_members(*, teams) -> QuerySet[User]:
    """The case workers and managers of the teams: who may chair a meeting or own an action."""
    return (
        User.objects.filter(teams__in=teams, groups__name__in=[Role.CASE_WORKER, Role.TEAM_MANAGER], is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def team_managers(*, teams) -> QuerySet[User]:
    return team_members(teams=teams).filter(groups__name=Role.TEAM_MANAGER)


@dataclass
class AgendaChoices:
    referred: list[tuple[Case, list[Referral]]]  # cases with referrals awaiting a meeting, oldest first
    others: list[Case]  # the team's other open cases


def agenda_choices(*, user: User, meeting: Meeting) -> AgendaChoices:
    """The cases that may be added to the meeting's agenda: not on it yet, of its team, visible to the user."""
    on_agenda = Hearing.objects.filter(meeting=meeting).values("case")
    awaiting = (
        meetings.referral_list(user=user)
        .filter(status=ReferralStatus.AWAITING, case__team=meeting.team)
        .exclude(case__in=on_agenda)
        .select_related("case__child")
        .order_by("referred_at", "id")
    )
    referred: dict[int, tuple[Case, list[Referral]]] = {}
    for referral in awaiting:
        referred.setdefault(referral.case_id, (referral.case, []))[1].append(referral)
    others = (
        permissions.visible_cases(user)
        .filter(team=meeting.team, status=CaseStatus.OPEN)
        .exclude(pk__in=on_agenda)
        .exclude(pk__in=list(referred))
        .select_related("child")
        .order_by("child__surname", "child__forenames", "id")
    )
    return AgendaChoices(referred=list(referred.values()), others=list(others))


def latest_assessment(*, case: Case) -> Assessment | None:
    """The case's current assessment: its latest completed one (DESIGN.md §9)."""
    return (
        Assessment.objects.filter(case=case, completed_date__isnull=False)
        .select_related("completed_by")
        .order_by("-completed_date", "-id")
        .first()
    )


# --- Referrals -----------------------------------------------------------------------------------


@dataclass
class AwaitingRow:
    referral: Referral
    working_days: int
    late: bool


@dataclass
class ReferralsPage:
    awaiting: list[AwaitingRow]
    declined: list[Referral]
    heard: list[Referral]


SHOWN_CLOSED_REFERRALS = 50


def _age(referral: Referral, today: date) -> AwaitingRow:
    days = working_days_between(timezone.localdate(referral.referred_at), today)
    return AwaitingRow(referral, days, days > settings.RISK_MEETING_WITHIN_WORKING_DAYS)


def referrals_page(*, user: User, today: date) -> ReferralsPage:
    """Awaiting referrals, oldest first, with their age in working days; the latest declined and heard."""
    rows = meetings.referral_list(user=user)
    awaiting = rows.filter(status=ReferralStatus.AWAITING).order_by("referred_at", "id")
    declined = rows.filter(status=ReferralStatus.DECLINED).order_by("-declined_at", "-id")
    heard = rows.filter(status=ReferralStatus.HEARD).order_by("-referred_at", "-id")
    return ReferralsPage(
        awaiting=[_age(referral, today) for referral in awaiting],
        declined=list(declined[:SHOWN_CLOSED_REFERRALS]),
        heard=list(heard[:SHOWN_CLOSED_REFERRALS]),
    )


def referral_get(*, user: User, referral_id: int) -> Referral:
    return one_or_404(meetings.referral_list(user=user), referral_id, "referral")


# --- A case's risk work, on its page and its plan's ------------------------------------------------------


@dataclass
class CaseRisk:
    referrals: list[AwaitingRow]  # every referral of the case, newest first (age counts for those awaiting)
    decisions: list[Hearing]  # the meetings' decisions, newest first
    open_actions: list[Action]


def case_risk(*, case: Case, today: date) -> CaseRisk:
    """The risk work of a case the caller has found the user may see (the case's page: ``cases.selectors.
    case_record``), without asking again which cases that is."""
    referrals = Referral.objects.filter(case=case).select_related("referred_by", "declined_by")
    decisions = (
        Hearing.objects.filter(case=case, decided_at__isnull=False)
        .select_related("meeting__team", "decided_by")
        .order_by("-meeting__held_on", "-decided_at", "-id")
    )
    actions = (
        Action.objects.filter(case=case, done_on__isnull=True)
        .select_related("owner", "hearing__meeting")
        .order_by("due_on", "id")
    )
    return CaseRisk(
        referrals=[_age(referral, today) for referral in referrals.order_by("-referred_at", "-id")],
        decisions=list(decisions),
        open_actions=list(actions),
    )


def latest_decision(*, user: User, case: Case) -> Hearing | None:
    return meetings.case_risk_decisions(user=user, case=case).prefetch_related(None).first()


# --- The manager's dashboard -----------------------------------------------------------------------------


def _of_own_teams(rows, user: User, worker: int | None):
    """The dashboard is of the user's own teams (as the rest of it), filtered by the case's worker."""
    return of_worker(rows.filter(case__team__in=user.team_ids), worker)


def waiting_too_long(*, user: User, today: date, worker: int | None = None, kind: str = "") -> QuerySet[Referral]:
    """Referrals waiting too long for a meeting (``kind``: their reason), the longest waiting first."""
    rows = _of_own_teams(meetings.referrals_waiting_too_long(user=user, today=today), user, worker)
    return rows.filter(reason=kind) if kind else rows


def waiting_rows(referrals: list[Referral], *, today: date, **_) -> list[AwaitingRow]:
    """Each referral with the working days it has waited."""
    return [_age(referral, today) for referral in referrals]


def actions_overdue(*, user: User, today: date, worker: int | None = None, kind: str = "") -> QuerySet[Action]:
    """Actions of the meetings past their due date and not done, the longest overdue first."""
    return _of_own_teams(meetings.overdue_actions(user=user, today=today), user, worker)
