"""Demo data for keeping the child and other people safe (DESIGN.md §8, §9), so that every risk
page, the manager's dashboard and the board report's risk figures have something to show.

``load_risk_demo()`` works on the open cases the cases demo made, through the real services
wherever a person could have done the work (``cases.services``, ``risk.services``):

- assessments rated high or very high, whose completion refers the case to its team's risk and
  vulnerability meeting by rule; a manual referral in each team; referrals in every state:
  awaiting (two on the next meeting's agenda, two waiting longer than the set working days),
  heard, and one declined by the manager with a reason;
- three meetings a team (two held, one to come), with attendees, the cases heard, a decision on
  each and actions: some done, some overdue, some not due yet;
- MAPPA and MARAC cases, children's social care statuses with their history, safeguarding referrals;
- a threat-to-life flag (a significant event: a referral and a review), and a review completed.

Work a manager returned, and resubmitted, is the cases demo's (``cases.demo.load_returned_work_demo``).

The services stamp "now"; a demo needs history, so the dates of referrals, decisions and returns
are then moved into the past (as the other apps' demos write past times). The demo has no South
manager (the head of service countersigns South's work): South's meetings, which only a manager of
the team may run, are written directly, chaired by the head of service, as the service would.

Safe to run again: a second run finds its meetings and adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from cases import services as case_services
from cases.models import (
    AssessmentReason,
    AssessmentType,
    Case,
    CaseStatus,
    CaseType,
    FlagType,
    Level,
    Review,
    ReviewTrigger,
)
from yjs.demo import register_demo_step
from yjs.models import Team, User
from yjs.working_days import add_working_days

from . import permissions
from .models import (
    Action,
    Attendee,
    Hearing,
    Meeting,
    Referral,
    ReferralReason,
    ReferralStatus,
)
from .services import meetings as meeting_services
from .services import protection as protection_services
from .services import referrals as referral_services

LONDON = ZoneInfo("Europe/London")
# The standing agenda every demo meeting records: how a second run knows the demo is loaded.
AGENDA = "Standing agenda: new referrals, cases due for review, actions from the last meeting."
ATTENDEES = [
    ("Dan Hughes", "Police", "YJS police officer"),
    ("Claire Thompson", "Children's social care", "Team manager, safeguarding and family support"),
    ("Andrew Walker", "Education", "Designated safeguarding lead"),
    ("Dr Nadia Begum", "Health", "CAMHS clinician"),
]
DECISIONS = [
    (
        "Risk to others is from peers in the area where he was stabbed at. Police to share intelligence weekly.",
        "Curfew 7pm to 7am on the order; no contact with named peers; school transport arranged.",
        "If he is missing after 7pm: police reported missing at once, social care out-of-hours told, "
        "safety plan reviewed within 24 hours.",
    ),
    (
        "Exploitation concerns confirmed by the NRM referral; disruption plan with the police.",
        "Mobile phone checked at each visit; placement away from the county line area agreed with social care.",
        "Any sighting in the area: police to attend, return home interview within 72 hours, strategy meeting.",
    ),
    (
        "Domestic abuse at home: the child is at risk and has assaulted his mother. MARAC referral made.",
        "Mother's safety plan through the IDVA; the child stays with his grandmother during the week.",
        "If he returns home against the plan: police welfare check, social care strategy discussion.",
    ),
]
ACTIONS = [
    ("Share the safety plan with the school's designated safeguarding lead", "Education"),
    ("Joint home visit with the social worker to review the living arrangements", None),
    ("Refer to the exploitation panel and to the National Referral Mechanism", None),
    ("Police to share local intelligence on the peer group before the next meeting", "Police"),
]
SOCIAL_CARE_HISTORY = [
    # (days ago, status, protection category, legal basis)
    [(400, "child_in_need", "", ""), (120, "child_protection_plan", "neglect", "")],
    [(300, "child_protection_plan", "emotional_abuse", ""), (60, "looked_after", "", "s20")],
    [(500, "child_in_need", "", ""), (200, "none", "", "")],
]


@dataclass
class Staff:
    manager: User
    head: User
    police: User
    case_worker: dict[int, User]  # by team id


def load_risk_demo(*, today: date | None = None) -> str:
    """The risk demo, once (a second run finds its meetings and adds nothing)."""
    if Meeting.objects.filter(notes=AGENDA).exists():
        return "risk demo already loaded"
    staff = _staff()
    teams = list(Team.objects.filter(slug__in=["north", "south"]).order_by("name"))
    if staff is None or len(teams) < 2:
        return "no risk demo: load the demo users first"
    today = today or timezone.localdate()
    with transaction.atomic():
        built = [TeamDemo(staff, team, today).build() for team in teams]
        if not all(built):
            transaction.set_rollback(True)
            return "no risk demo: load the cases demo first"
    return (
        f"risk demo: {Referral.objects.count()} referrals, {Meeting.objects.count()} meetings, "
        f"{Action.objects.count()} actions"
    )


def _staff() -> Staff | None:
    names = ["manager", "head", "police", "caseworker", "caseworker2"]
    users = {user.username: user for user in User.objects.filter(username__in=names)}
    if set(users) != set(names):
        return None
    case_worker = {}
    for username in ("caseworker2", "caseworker"):
        case_worker.update(dict.fromkeys(users[username].team_ids, users[username]))
    return Staff(manager=users["manager"], head=users["head"], police=users["police"], case_worker=case_worker)


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LONDON)


def _weekday(day: date, step: int = -1) -> date:
    """The day itself if a working day, else the nearest one before (or after, ``step=1``)."""
    while day.weekday() >= 5:
        day += timedelta(days=step)
    return day


def _working_days_before(day: date, days: int) -> date:
    """A working day ``days`` working days before ``day``."""
    back = day
    while add_working_days(back, days) > day or back.weekday() >= 5:
        back -= timedelta(days=1)
    return back


class TeamDemo:
    """One team's risk work."""

    CASES_NEEDED = 14

    def __init__(self, staff: Staff, team: Team, today: date):
        self.staff, self.team, self.today = staff, team, today
        self.worker = staff.case_worker[team.pk]
        # Only a manager of the team may run its meeting: the demo's is North's.
        self.chair = staff.manager if permissions.can_run_meeting(staff.manager, team) else None
        self.cases: list[Case] = []

    def build(self) -> bool:
        self.cases = self._cases()
        if len(self.cases) < self.CASES_NEEDED:
            return False
        today, within = self.today, settings.RISK_MEETING_WITHIN_WORKING_DAYS
        held = [_weekday(today - timedelta(days=35)), _weekday(today - timedelta(days=14))]
        upcoming = _weekday(today + timedelta(days=7), step=1)
        cases = iter(self.cases)

        # Heard at the first meeting, in time; at the second, one late and one manual referral.
        first = [self.rated(next(cases), _working_days_before(held[0], n)) for n in (3, 6)]
        late = self.rated(next(cases), _working_days_before(held[1], within + 6), safety=True)
        manual = self.manual(next(cases), _working_days_before(held[1], 2))
        # Awaiting: two waiting longer than the set working days, two on the next meeting's agenda.
        for n in (within + 4, within + 9):
            self.rated(next(cases), _working_days_before(today, n), safety=n % 2 == 0)
        agenda = [self.rated(next(cases), _working_days_before(today, n)) for n in (1, 2)]
        agenda.append(self.manual(next(cases), _working_days_before(today, 3)))
        if self.chair is not None:  # declining is a manager's decision
            declined = self.rated(next(cases), _working_days_before(today, 8))
            referral_services.referral_decline(
                referral=declined,
                by=self.staff.manager,
                reason="Already managed at MAPPA level 2, which meets next week: the risk is heard there.",
            )
            Referral.objects.filter(pk=declined.pk).update(declined_at=_at(_working_days_before(today, 6), 15))

        self.meeting(held[0], first, actions_done=True)
        self.meeting(held[1], [late, manual], actions_done=False)
        self.meeting(upcoming, agenda, decide=False)

        self.protection(next(cases), next(cases), next(cases))
        self.significant_event(next(cases))
        return True

    # --- cases and referrals ---

    def _cases(self) -> list[Case]:
        """Open cases of the team the case worker works on, not yet referred, oldest first."""
        referred = Referral.objects.filter(case=OuterRef("pk"))
        return list(
            Case.objects.filter(
                team=self.team,
                status=CaseStatus.OPEN,
                restricted=False,
                end_date__isnull=True,
                start_date__lte=self.today - timedelta(days=90),
            )
            .exclude(case_type=CaseType.PREVENTION)
            .exclude(Exists(referred))
            .select_related("child", "team")
            .order_by("id")[: self.CASES_NEEDED + 2]
        )

    def rated(self, case: Case, on: date, *, safety: bool = False) -> Referral:
        """A reassessment completed on ``on`` rating one of the two high or very high: the case is
        referred by rule (``cases.events.ASSESSMENT_COMPLETED``)."""
        assessment = case_services.assessment_create(
            case=case,
            by=self.worker,
            assessment_type=AssessmentType.ASSET_PLUS,
            due_date=on,
            reason=AssessmentReason.REVIEW,
        )
        levels = {"risk_of_serious_harm": Level.MEDIUM, "safety_and_wellbeing": Level.MEDIUM}
        levels["safety_and_wellbeing" if safety else "risk_of_serious_harm"] = (
            Level.VERY_HIGH if case.pk % 3 == 0 else Level.HIGH
        )
        assessment = case_services.assessment_record(
            assessment=assessment,
            by=self.worker,
            completed_date=on,
            likelihood_of_reoffending=Level.HIGH,
            summary="Reassessed after concerns raised by the school and the police.",
            **levels,
        )
        reason = ReferralReason.SAFETY_WELLBEING if safety else ReferralReason.ROSH
        referral = Referral.objects.filter(case=case, reason=reason, automatic=True).order_by("-id").first()
        if referral is None:
            raise RuntimeError(f"Completing assessment {assessment.pk} rated high did not refer its case")
        Referral.objects.filter(pk=referral.pk).update(referred_at=_at(on, 16))
        referral.refresh_from_db()
        return referral

    def manual(self, case: Case, on: date) -> Referral:
        referral = referral_services.referral_make(
            case=case,
            by=self.worker,
            detail="Seen with older males linked to county lines; mother reports he has money she cannot explain.",
        )
        Referral.objects.filter(pk=referral.pk).update(referred_at=_at(on, 11))
        referral.refresh_from_db()
        return referral

    # --- meetings ---

    def meeting(self, held_on: date, referrals: list[Referral], *, decide: bool = True, actions_done=False) -> None:
        if self.chair is None:
            return self.meeting_written(held_on, referrals, decide=decide, actions_done=actions_done)
        by = self.chair
        meeting = meeting_services.meeting_create(team=self.team, by=by, held_on=held_on, chair=by, notes=AGENDA)
        for name, agency, role in ATTENDEES:
            meeting_services.attendee_add(meeting=meeting, by=by, name=name, agency=agency, role=role)
        for number, referral in enumerate(referrals):
            hearing = meeting_services.hearing_add(meeting=meeting, by=by, case=referral.case)
            if not decide:
                continue
            summary, controls, contingency = DECISIONS[number % len(DECISIONS)]
            meeting_services.hearing_decide(
                hearing=hearing,
                by=by,
                risk_of_serious_harm=Level.HIGH,
                safety_and_wellbeing=Level.HIGH if number % 2 else Level.MEDIUM,
                external_controls=controls,
                contingency=contingency,
                decision=summary,
                next_review_on=held_on + timedelta(days=42),
            )
            Hearing.objects.filter(pk=hearing.pk).update(decided_at=_at(held_on, 15))
            for description, agency, due_on, done in self.actions(held_on, number, actions_done):
                action = meeting_services.action_add(
                    hearing=hearing,
                    by=by,
                    description=description,
                    due_on=due_on,
                    owner=None if agency else self.worker,
                    owner_agency=agency or "",
                )
                if done is not None:
                    meeting_services.action_complete(action=action, by=by if agency else self.worker, done_on=done)
        return None

    def actions(self, held_on: date, number: int, earlier: bool) -> list[tuple]:
        """(description, partner agency or None, due on, done on or None): at the earlier meeting one
        done and one overdue; at the later one, one overdue and one not due yet."""
        first, second = ACTIONS[number % 2], ACTIONS[2 + number % 2]
        if earlier:
            return [
                (*first, held_on + timedelta(days=7), held_on + timedelta(days=5)),
                (*second, held_on + timedelta(days=10), None),
            ]
        return [
            (*first, held_on + timedelta(days=5), None),
            (*second, self.today + timedelta(days=14), None),
        ]

    def meeting_written(self, held_on: date, referrals: list[Referral], *, decide: bool, actions_done: bool) -> None:
        """A meeting of a team with no manager in the demo, written as ``services.meetings`` would."""
        chair = self.staff.head
        meeting = Meeting.objects.create(team=self.team, held_on=held_on, chair=chair, notes=AGENDA, recorded_by=chair)
        Attendee.objects.bulk_create(
            Attendee(meeting=meeting, name=name, agency=agency, role=role) for name, agency, role in ATTENDEES
        )
        for number, referral in enumerate(referrals):
            hearing = Hearing.objects.create(meeting=meeting, case=referral.case)
            hearing.referrals.add(referral)
            if not decide:
                continue
            summary, controls, contingency = DECISIONS[number % len(DECISIONS)]
            Hearing.objects.filter(pk=hearing.pk).update(
                risk_of_serious_harm=Level.HIGH,
                safety_and_wellbeing=Level.HIGH if number % 2 else Level.MEDIUM,
                external_controls=controls,
                contingency=contingency,
                decision=summary,
                next_review_on=held_on + timedelta(days=42),
                decided_by=chair,
                decided_at=_at(held_on, 15),
            )
            Referral.objects.filter(pk=referral.pk).update(status=ReferralStatus.HEARD)
            for description, agency, due_on, done in self.actions(held_on, number, actions_done):
                Action.objects.create(
                    hearing=hearing,
                    case=referral.case,
                    description=description,
                    owner=None if agency else self.worker,
                    owner_agency=agency or "",
                    due_on=due_on,
                    done_on=done,
                    done_by=(chair if agency else self.worker) if done else None,
                    recorded_by=chair,
                )

    # --- MAPPA, MARAC, social care, safeguarding ---

    def protection(self, mappa_case: Case, marac_case: Case, social_care_case: Case) -> None:
        today, worker = self.today, self.worker
        protection_services.mappa_record(
            case=mappa_case,
            by=worker,
            category=2,
            level=2,
            referred_on=today - timedelta(days=60),
            managed_from=today - timedelta(days=45),
            next_meeting_on=today + timedelta(days=20),
            lead_agency="Youth justice service",
        )
        protection_services.marac_record(
            case=marac_case,
            by=worker,
            referred_on=today - timedelta(days=50),
            reference=f"MARAC-{today.year}-{marac_case.pk:04d}",
            heard_on=today - timedelta(days=30),
            outcome="Safety plan for the mother through the IDVA; the child stays with his grandmother in the week.",
        )
        history = SOCIAL_CARE_HISTORY[self.team.pk % len(SOCIAL_CARE_HISTORY)]
        for days, status, category, basis in history:
            protection_services.social_care_status_record(
                child=social_care_case.child,
                by=worker,
                status=status,
                protection_category=category,
                legal_basis=basis,
                from_date=today - timedelta(days=days),
                local_authority="Leeds",
                social_worker="" if status == "none" else "Karen Robinson",
            )
        protection_services.safeguarding_referral_record(
            case=marac_case,
            by=worker,
            referred_to="childrens_social_care",
            referred_on=today - timedelta(days=52),
            concern="Disclosed at the office that his mother's partner hit him and his mother at the weekend.",
            reference=f"MASH-{marac_case.pk:06d}",
            outcome="Strategy discussion held; section 47 enquiry started.",
        )
        protection_services.safeguarding_referral_record(
            case=social_care_case,
            by=worker,
            referred_to="nrm",
            referred_on=today - timedelta(days=20),
            concern="Found in another county with drugs and cash: child criminal exploitation.",
        )

    # --- significant events and oversight ---

    def significant_event(self, case: Case) -> None:
        """A threat-to-life notice: a flag that refers the case and opens a review; an earlier
        significant-event review of the team completed."""
        case_services.flag_raise(
            child=case.child,
            by=self.worker,
            flag_type=FlagType.THREAT_TO_LIFE,
            note="Osman warning served by the police: credible threat from a rival group.",
            case=case,
        )
        review = (
            Review.objects.filter(case__team=self.team, completed_date__isnull=True, case__status=CaseStatus.OPEN)
            .exclude(trigger=ReviewTrigger.SCHEDULED)
            .exclude(case__restricted=True)
            .order_by("id")
            .first()
        )
        if review is not None:
            case_services.review_complete(
                review=review,
                by=self.worker,
                outcome="Assessment reviewed with the child and his mother: the risk is managed by the current plan.",
                assessment_still_holds=True,
            )


register_demo_step("risk", order=50, load=lambda scale: load_risk_demo())
