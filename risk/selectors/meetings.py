"""Reads of the risk and vulnerability meeting (DESIGN.md §9): meetings, the cases they heard and the
decisions, actions, referrals, what is overdue or waiting too long, and the child's timeline.

Each takes ``user`` and shows only the cases whose risk work the user may read
(``permissions.visible_cases``): another team's restricted case stays invisible (404), and a meeting
shows each user only the hearings of cases they may see. Each runs a fixed number of queries however
many rows. Reading a restricted case's risk data is recorded by whoever shows it
(``services.meetings.risk_records_viewed``; the timeline through its events' ``audit_object``).
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cases import permissions as case_permissions
from cases.models import Case, Child
from cases.selectors import CaseEvents, TimelineEvent
from yjs.models import User
from yjs.roles import Role
from yjs.validators import long_date
from yjs.working_days import is_working_day

from .. import permissions
from ..models import Action, Hearing, Meeting, Referral, ReferralStatus
from . import referrals as referral_selectors

# --- Meetings -------------------------------------------------------------------------------------------


def _sees_every_meeting(user: User) -> bool:
    return user.is_superuser or user.has_role(Role.HEAD_OF_SERVICE)


def visible_meetings(user: User) -> QuerySet[Meeting]:
    """The meetings of the user's teams, and any other meeting that heard a case they may see; none
    for those who may not read case records (the police officer, the board, panel members)."""
    if not (user.is_authenticated and user.is_active) or not case_permissions.can_see_case_records(user):
        return Meeting.objects.none()
    if _sees_every_meeting(user):
        return Meeting.objects.all()
    heard = Hearing.objects.filter(meeting=OuterRef("pk"), case__in=permissions.visible_cases(user))
    return Meeting.objects.filter(Q(team__in=list(user.team_ids)) | Q(Exists(heard)))


def _actions() -> QuerySet[Action]:
    return Action.objects.select_related("owner", "done_by")


def visible_hearings(user: User) -> QuerySet[Hearing]:
    """The hearings of cases the user may see, with their case and child and who decided."""
    return Hearing.objects.filter(case__in=permissions.visible_cases(user)).select_related("case__child", "decided_by")


def meeting_list(*, user: User) -> QuerySet[Meeting]:
    """The meetings the user may see, newest first, each with its attendees and ``visible_hearings``:
    the hearings of cases the user may see, with their referrals and actions."""
    hearings = visible_hearings(user).prefetch_related(
        Prefetch("referrals", queryset=Referral.objects.order_by("referred_at", "id")),
        Prefetch("actions", queryset=_actions()),
    )
    return (
        visible_meetings(user)
        .select_related("team", "chair", "recorded_by")
        .prefetch_related("attendees", Prefetch("hearings", queryset=hearings, to_attr="visible_hearings"))
        .order_by("-held_on", "-id")
    )


def meeting_get(*, user: User, meeting_id: int) -> Meeting:
    """The meeting, or 404 when the user may not see it."""
    return get_object_or_404(meeting_list(user=user), pk=meeting_id)


def hearing_list(*, user: User) -> QuerySet[Hearing]:
    """The hearings (cases on a meeting's agenda) the user may see, with their meeting."""
    return visible_hearings(user).select_related("meeting__team")


def hearing_get(*, user: User, hearing_id: int) -> Hearing:
    hearing = (
        hearing_list(user=user)
        .prefetch_related(
            Prefetch("referrals", queryset=Referral.objects.order_by("referred_at", "id")),
            Prefetch("actions", queryset=_actions()),
        )
        .filter(pk=hearing_id)
        .first()
    )
    if hearing is None:
        raise Http404("No such hearing")
    return hearing


def case_risk_decisions(*, user: User, case: Case) -> QuerySet[Hearing]:
    """The meetings' decisions on the case, newest first (none for a user who may not see the case's
    risk work), with each meeting and its actions: what the case page and its plan show."""
    return (
        visible_hearings(user)
        .filter(case=case, decided_at__isnull=False)
        .select_related("meeting__team")
        .prefetch_related(Prefetch("actions", queryset=_actions()))
        .order_by("-meeting__held_on", "-decided_at", "-id")
    )


# --- Actions ------------------------------------------------------------------------------------------


def action_list(*, user: User) -> QuerySet[Action]:
    """The actions on cases the user may see, earliest due first."""
    return (
        Action.objects.filter(case__in=permissions.visible_cases(user))
        .select_related("case__child", "case__team", "hearing__meeting", "owner", "done_by", "recorded_by")
        .order_by("due_on", "id")
    )


def action_get(*, user: User, action_id: int) -> Action:
    return get_object_or_404(action_list(user=user), pk=action_id)


def overdue_actions(*, user: User, today: date) -> QuerySet[Action]:
    """Actions not done whose due date has passed (the manager's dashboard)."""
    return action_list(user=user).filter(done_on__isnull=True, due_on__lt=today)


def is_overdue(action: Action, today: date | None = None) -> bool:
    return action.done_on is None and action.due_on < (today or timezone.localdate())


# --- Referrals ------------------------------------------------------------------------------------------


def referral_list(*, user: User) -> QuerySet[Referral]:
    """The referrals of cases the user may see, oldest first (``selectors.referrals``, the one rule of
    who sees which), with each case's team for the pages."""
    return referral_selectors.referral_list(user=user).select_related("case__team").order_by("referred_at", "id")


def last_day_in_time(today: date, working_days: int) -> date:
    """The last day a referral could be made and already be waiting longer than ``working_days``
    working days on ``today`` (``yjs.working_days``: the day of the referral is not counted)."""
    counted, day = 0, today
    while counted <= working_days:
        counted += is_working_day(day)
        day -= timedelta(days=1)
    return day


def referrals_waiting_too_long(*, user: User, today: date) -> QuerySet[Referral]:
    """Referrals still awaiting a meeting more than ``settings.RISK_MEETING_WITHIN_WORKING_DAYS``
    working days after they were made (the manager's dashboard)."""
    last_day = last_day_in_time(today, settings.RISK_MEETING_WITHIN_WORKING_DAYS)
    made_before = timezone.make_aware(datetime.combine(last_day + timedelta(days=1), time.min))
    return referral_list(user=user).filter(status=ReferralStatus.AWAITING, referred_at__lt=made_before)


# --- The child's timeline ---------------------------------------------------------------------------


def timeline_events(*, user: User, child: Child) -> list[TimelineEvent]:
    """Referrals to the meeting (made, declined), its decisions and actions (set, done) on the child's
    cases the user may see. An event of a restricted case carries the case as its ``audit_object``, so
    the page showing it records the read (``cases.services.timeline_view_record``)."""
    cases = {case.pk: case for case in permissions.visible_cases(user).filter(child=child).select_related("child")}
    if not cases:
        return []
    events = CaseEvents(cases, "risk")
    add = events.add

    referrals = Referral.objects.filter(case__in=list(cases)).select_related("referred_by", "declined_by")
    for referral in referrals:
        how = "Referred by rule" if referral.automatic else "Referred"
        title = f"{how} to the risk and vulnerability meeting: {referral.get_reason_display()}"
        add(referral.referred_at, title, referral.detail, referral.referred_by, referral.case_id)
        if referral.status == ReferralStatus.DECLINED and referral.declined_at:
            title = "Referral to the risk and vulnerability meeting declined"
            add(referral.declined_at, title, referral.decline_reason, referral.declined_by, referral.case_id)
    decided = Hearing.objects.filter(case__in=list(cases), decided_at__isnull=False).select_related(
        "meeting", "decided_by"
    )
    for hearing in decided:
        detail = (
            f"Risk of serious harm {hearing.get_risk_of_serious_harm_display().lower()}, safety and wellbeing "
            f"{hearing.get_safety_and_wellbeing_display().lower()}. {hearing.decision}"
        )
        if hearing.next_review_on:
            detail += f" Next review by {long_date(hearing.next_review_on)}."
        title = f"Risk and vulnerability meeting decision ({long_date(hearing.meeting.held_on)})"
        add(hearing.decided_at, title, detail, hearing.decided_by, hearing.case_id)
    for action in Action.objects.filter(case__in=list(cases)).select_related("owner", "recorded_by", "done_by"):
        owner = action.owner or action.owner_agency
        detail = f"{action.description} (owner: {owner}; due {long_date(action.due_on)})"
        add(action.recorded_at, "Risk meeting action set", detail, action.recorded_by, action.case_id)
        if action.done_on:
            add(action.done_on, "Risk meeting action done", action.description, action.done_by, action.case_id)
    return events.events
