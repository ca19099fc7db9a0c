"""Rows of the risk and vulnerability meeting for the query-count tests (h-meetings): meetings with
attendees, cases heard with their referrals and decisions, and actions, inserted in bulk."""

import datetime

from risk.models import Action, Attendee, Hearing, Meeting, Referral, ReferralReason

from .world import NOW, TODAY, World


def risk_meeting(world: World) -> Meeting:
    """The world's one North meeting, for its detail's scenarios."""
    if "risk_meeting" not in world.__dict__:
        world.__dict__["risk_meeting"] = _meetings(world, 1)[0]
    return world.__dict__["risk_meeting"]


def _meetings(world: World, n: int) -> list[Meeting]:
    meetings = Meeting.objects.bulk_create(
        Meeting(team=world.north, held_on=TODAY - datetime.timedelta(days=k % 30), chair=world.team_manager,
                recorded_by=world.team_manager)
        for k in range(n)
    )  # fmt: skip
    Attendee.objects.bulk_create(
        Attendee(meeting=meeting, name=name, agency=agency, role="Member")
        for meeting in meetings
        for name, agency in (("PC Hall", "Police"), ("Dr Lee", "Health"))
    )
    return meetings


def _hear(world: World, meetings: list[Meeting], *, restricted: bool = False) -> list[Hearing]:
    """One case heard at each meeting, decided, with two referrals (heard) and two actions."""
    cases = world.cases(len(meetings), restricted=restricted)
    hearings = Hearing.objects.bulk_create(
        Hearing(meeting=meeting, case=case, risk_of_serious_harm="high", safety_and_wellbeing="medium",
                external_controls="Curfew", contingency="Call the police", decision="Keep at high",
                next_review_on=TODAY + datetime.timedelta(days=28), decided_by=world.team_manager, decided_at=NOW)
        for meeting, case in zip(meetings, cases, strict=True)
    )  # fmt: skip
    referrals = Referral.objects.bulk_create(
        Referral(case=hearing.case, reason=reason, automatic=True, trigger=f"perf:{hearing.pk}", referred_at=NOW,
                 status="heard")
        for hearing in hearings
        for reason in (ReferralReason.ROSH, ReferralReason.WEAPONS)
    )  # fmt: skip
    through = Hearing.referrals.through
    by_case = {hearing.case_id: hearing for hearing in hearings}
    through.objects.bulk_create(through(hearing=by_case[r.case_id], referral=r) for r in referrals)
    Action.objects.bulk_create(
        Action(hearing=hearing, case=hearing.case, description="Home visit", due_on=TODAY - datetime.timedelta(days=k),
               recorded_by=world.team_manager, **owner)
        for hearing in hearings
        for k, owner in enumerate(({"owner": world.case_worker}, {"owner_agency": "Police"}))
    )  # fmt: skip
    return hearings


def risk_meetings(world: World, n: int, *, restricted: bool = False) -> None:
    """n meetings, each hearing one case (on restricted cases: each an audited read), with 2n actions."""
    _hear(world, _meetings(world, n), restricted=restricted)


def risk_meeting_hearings(world: World, n: int) -> None:
    """n cases heard at the world's meeting (half on restricted cases)."""
    meeting = risk_meeting(world)
    _hear(world, [meeting] * (n // 2))
    _hear(world, [meeting] * (n - n // 2), restricted=True)


def risk_timeline_rows(world: World, cases: list) -> None:
    """What the child's timeline shows of the meeting for ``cases``: a decided hearing of each, its two
    referrals and two actions (one done), and a declined referral."""
    meetings = _meetings(world, len(cases))
    hearings = Hearing.objects.bulk_create(
        Hearing(meeting=meeting, case=case, risk_of_serious_harm="high", safety_and_wellbeing="high",
                external_controls="Curfew", contingency="Police", decision="Keep at high",
                next_review_on=TODAY, decided_by=world.team_manager, decided_at=NOW)
        for meeting, case in zip(meetings, cases, strict=True)
    )  # fmt: skip
    Referral.objects.bulk_create(
        Referral(case=case, reason=ReferralReason.MANUAL, detail="Worried", referred_at=NOW, status="declined",
                 referred_by=world.case_worker, declined_by=world.team_manager, declined_at=NOW,
                 decline_reason="Managed in the plan")
        for case in cases
    )  # fmt: skip
    Action.objects.bulk_create(
        Action(hearing=hearing, case=hearing.case, description="Visit", due_on=TODAY, recorded_by=world.team_manager,
               owner=world.case_worker, done_on=TODAY if k else None, done_by=world.case_worker if k else None)
        for hearing in hearings
        for k in range(2)
    )  # fmt: skip
