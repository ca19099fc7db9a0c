"""Demo data for court work and orders (DESIGN.md §8, §10), so that the court pages, the case page's
section, the timeline, the work lists and the board report's court figures have something to show.

On the cases demo's court order cases (a few of each kind, whatever the scale: the first by id of
each team, the demo case worker's first):

- an order for each (type, court, made on the case's start, length and end from the case), and for
  closed ones an outcome (most completed, some revoked after breach);
- youth rehabilitation orders' requirements: supervision on each, a curfew, and unpaid work with
  progress on a child 16 or over when the order was made (``rules.requirement_refusal`` agrees);
  one breach laid;
- referral orders' panels: on the case worker's newest, an initial panel due within days; on the
  others, the initial panel held (two volunteers and the case worker) with its contract and a
  progress panel due; six volunteers, one whose vetting has lapsed;
- the court list today (hearings of several children), a past sentence hearing for each order;
- pre-sentence reports: one awaiting the manager's approval, one returned with feedback, one being
  written, and submitted ones over the past year with proposals and sentences (for concordance);
- on the case worker's detention and training order, a custody spell with release in 10 working days
  and its resettlement plan not completed (overdue on their list); on others, a completed plan.

Deterministic (chosen by id, dated from today), written directly (no audit events: nobody did this
work), quick at any scale. Safe to run again: a second run finds the demo volunteers and adds nothing.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from cases.models import Case, CaseStatus, CaseType
from yjs.demo import register_demo_step
from yjs.models import User
from yjs.working_days import add_working_days, subtract_working_days

from . import rules
from .models import (
    BreachProceedings,
    Contract,
    CustodySpell,
    EstablishmentType,
    Hearing,
    HearingOutcome,
    HearingType,
    Order,
    OrderOutcome,
    PanelOutcome,
    PanelType,
    PreSentenceReport,
    ReferralPanel,
    ReportReturn,
    ReportStatus,
    Requirement,
    RequirementProgress,
    RequirementStatus,
    RequirementType,
    ResettlementPlan,
    Sentence,
    SupervisionOnRelease,
    Volunteer,
)

COURTS = ["Leeds Youth Court", "Bradford and Keighley Youth Court"]
VOLUNTEER_DOMAIN = "@panel.example"
VOLUNTEERS = [
    # name, years vetted ago, lapsed
    ("Margaret Holt", 1, False),
    ("Imran Siddiqui", 2, False),
    ("Patricia Lawson", 1, False),
    ("Desmond Clarke", 2, False),
    ("Chloe Whitaker", 0, False),
    ("Gordon Pryce", 4, True),  # vetting lapsed: may not sit
]
DEMO_STAFF = ["caseworker", "caseworker2", "manager", "head"]
ORDERS_OF_EACH_TYPE = 6  # open cases of each court order type, a team
CLOSED_ORDERS = 8  # closed court order cases given an outcome, a team


def load_court_demo(*, today: date | None = None) -> str:
    """The court demo, once (a second run finds the demo volunteers and adds nothing)."""
    if Volunteer.objects.filter(email__endswith=VOLUNTEER_DOMAIN).exists():
        return "court demo already loaded"
    users = {user.username: user for user in User.objects.filter(username__in=DEMO_STAFF)}
    if len(users) < len(DEMO_STAFF):
        return "no court demo: load the demo users first"
    today = today or timezone.localdate()
    builder = Builder(today, users)
    with transaction.atomic():
        if not builder.build():
            transaction.set_rollback(True)
            return "no court demo: load the cases demo first"
    return (
        f"court demo: {Order.objects.count()} orders, {Requirement.objects.count()} requirements, "
        f"{ReferralPanel.objects.count()} panels, {Hearing.objects.count()} hearings, "
        f"{PreSentenceReport.objects.count()} reports, {CustodySpell.objects.count()} custody spells"
    )


class Builder:
    def __init__(self, today: date, users: dict[str, User]):
        self.today, self.users = today, users
        self.worker = users["caseworker"]
        self.volunteers: list[Volunteer] = []

    def by(self, case: Case) -> User:
        """Who did the work on a case: its worker, or else the team's demo case worker."""
        return case.allocated_to or self.users["caseworker" if case.team.slug == "north" else "caseworker2"]

    def _cases(self, case_type: str, *, open_: bool, limit: int) -> list[Case]:
        cases = Case.objects.filter(case_type=case_type, restricted=False).select_related("child", "team")
        cases = cases.filter(status=CaseStatus.OPEN) if open_ else cases.filter(status=CaseStatus.CLOSED)
        chosen: list[Case] = []
        for team in ("north", "south"):
            of_team = cases.filter(team__slug=team)
            # The demo case worker's own first, so that their work list has something of each kind.
            mine = list(of_team.filter(allocated_to__username="caseworker").order_by("-start_date", "id")[:2])
            rest = list(of_team.exclude(pk__in=[c.pk for c in mine]).order_by("id")[: limit - len(mine)])
            chosen += mine + rest
        return chosen

    def build(self) -> bool:
        referral = self._cases(CaseType.REFERRAL_ORDER, open_=True, limit=ORDERS_OF_EACH_TYPE)
        yro = self._cases(CaseType.YOUTH_REHABILITATION_ORDER, open_=True, limit=ORDERS_OF_EACH_TYPE)
        dto = self._cases(CaseType.DETENTION_AND_TRAINING_ORDER, open_=True, limit=ORDERS_OF_EACH_TYPE)
        if not (referral or yro or dto):
            return False
        self.volunteers = self._volunteers()
        closed = [
            case
            for case_type in (CaseType.REFERRAL_ORDER, CaseType.YOUTH_REHABILITATION_ORDER)
            for case in self._cases(case_type, open_=False, limit=CLOSED_ORDERS // 2)
        ]
        closed_dto = self._cases(CaseType.DETENTION_AND_TRAINING_ORDER, open_=False, limit=CLOSED_ORDERS // 4)
        closed += closed_dto
        orders = {case.pk: self._order(case, number) for number, case in enumerate(referral + yro + dto + closed)}
        self._referral_orders([orders[case.pk] for case in referral])
        self._youth_rehabilitation_orders([orders[case.pk] for case in yro])
        self._custody([orders[case.pk] for case in dto])
        self._released([orders[case.pk] for case in closed_dto])
        self._ended([orders[case.pk] for case in closed])
        self._court_list_today(referral + yro + dto)
        self._reports(referral + yro + dto + closed)
        return True

    # --- Volunteers ---------------------------------------------------------------------------------

    def _volunteers(self) -> list[Volunteer]:
        made = []
        for number, (name, years, lapsed) in enumerate(VOLUNTEERS):
            vetted = self.today - relativedelta(years=years, days=30 + number)
            expires = vetted + relativedelta(years=3)
            if lapsed:
                expires = self.today - timedelta(days=20)
            made.append(
                Volunteer(
                    name=name,
                    email=name.lower().replace(" ", ".") + VOLUNTEER_DOMAIN,
                    phone=f"07700 900{number:03d}",
                    vetted_on=vetted,
                    vetting_expires_on=expires,
                    trained_on=vetted + timedelta(days=21),
                )
            )
        return Volunteer.objects.bulk_create(made)

    # --- Orders -------------------------------------------------------------------------------------

    def _order(self, case: Case, number: int) -> Order:
        made_on = case.start_date
        ends_on = case.order_end_date or made_on + relativedelta(months=12)
        months = (ends_on.year - made_on.year) * 12 + ends_on.month - made_on.month
        order = Order.objects.create(
            case=case,
            order_type=case.case_type,
            court=COURTS[number % len(COURTS)],
            made_on=made_on,
            length_months=min(max(months, 1), 36),
            ends_on=max(ends_on, made_on),
            recorded_by=self.by(case),
        )
        Hearing.objects.create(
            child=case.child,
            case=case,
            heard_on=made_on,
            court=order.court,
            hearing_type=HearingType.SENTENCE,
            outcome=HearingOutcome.SENTENCED,
            recorded_by=order.recorded_by,
        )
        return order

    def _ended(self, orders: list[Order]) -> None:
        for number, order in enumerate(orders):
            ended_on = order.case.end_date or self.today
            ended_on = max(ended_on, order.made_on)
            outcome = OrderOutcome.REVOKED_BREACH if number % 4 == 3 else OrderOutcome.COMPLETED
            Order.objects.filter(pk=order.pk).update(outcome=outcome, ended_on=ended_on)
            self._unpaid_work_done(order, ended_on=ended_on, whole=outcome == OrderOutcome.COMPLETED)
            if outcome == OrderOutcome.REVOKED_BREACH:
                BreachProceedings.objects.create(
                    order=order,
                    laid_on=max(ended_on - timedelta(days=21), order.made_on),
                    reason="Three unacceptable absences in twelve months after warning letters.",
                    recorded_by=order.recorded_by,
                )

    def _unpaid_work_done(self, order: Order, *, ended_on: date, whole: bool) -> None:
        """An ended youth rehabilitation order of a child 16 or over: its unpaid work, done (or, on an
        order revoked, ended early with hours left)."""
        child = order.case.child
        if order.order_type != CaseType.YOUTH_REHABILITATION_ORDER or rules.requirement_refusal(
            RequirementType.UNPAID_WORK, date_of_birth=child.date_of_birth, made_on=order.made_on
        ):
            return
        requirement = Requirement.objects.create(
            order=order,
            requirement_type=RequirementType.UNPAID_WORK,
            starts_on=order.made_on,
            hours_ordered=40,
            status=RequirementStatus.COMPLETED if whole else RequirementStatus.ENDED_EARLY,
            completed_on=ended_on,
            recorded_by=order.recorded_by,
        )
        RequirementProgress.objects.bulk_create(
            RequirementProgress(
                requirement=requirement, done_on=ended_on, hours=Decimal(8), recorded_by=order.recorded_by
            )
            for _ in range(5 if whole else 3)
        )

    def _referral_orders(self, orders: list[Order]) -> None:
        """The case worker's newest: an initial panel due within days; the others: the initial panel
        held with its contract, and a progress panel due."""
        sitting = [volunteer for volunteer in self.volunteers if volunteer.may_sit_on(self.today)]
        for number, order in enumerate(orders):
            if number == 0:
                made_on = max(order.made_on, subtract_working_days(self.today, 16))
                Order.objects.filter(pk=order.pk).update(made_on=made_on, ends_on=max(order.ends_on, made_on))
                ReferralPanel.objects.create(
                    order=order, panel_type=PanelType.INITIAL, due_on=rules.initial_panel_due(made_on)
                )
                continue
            due = rules.initial_panel_due(order.made_on)
            held_on = min(subtract_working_days(due, number % 3), self.today)
            panel = ReferralPanel.objects.create(
                order=order,
                panel_type=PanelType.INITIAL,
                due_on=due,
                held_on=held_on,
                yjs_member=order.recorded_by,
                outcome=PanelOutcome.CONTRACT_AGREED,
                notes="The child spoke about the offence and what they would do differently.",
                recorded_by=order.recorded_by,
            )
            panel.volunteers.set([sitting[number % len(sitting)], sitting[(number + 1) % len(sitting)]])
            Contract.objects.create(
                panel=panel,
                activities="Weekly supervision; victim awareness sessions; attend college three days a week.",
                reparation="Ten hours at the community garden.",
                child_signed_on=held_on,
                parent_signed_on=held_on,
            )
            ReferralPanel.objects.create(
                order=order, panel_type=PanelType.PROGRESS, due_on=rules.progress_panel_due(held_on)
            )

    def _youth_rehabilitation_orders(self, orders: list[Order]) -> None:
        unpaid_given = False
        for number, order in enumerate(orders):
            by = order.recorded_by
            Requirement.objects.create(
                order=order, requirement_type=RequirementType.SUPERVISION, starts_on=order.made_on, recorded_by=by
            )
            if number % 2:
                Requirement.objects.create(
                    order=order,
                    requirement_type=RequirementType.CURFEW,
                    starts_on=order.made_on,
                    ends_on=order.made_on + timedelta(days=90),
                    days_ordered=90,
                    details="7pm to 7am at home, electronically monitored.",
                    status=RequirementStatus.COMPLETED
                    if order.made_on + timedelta(days=90) < self.today
                    else RequirementStatus.ACTIVE,
                    completed_on=order.made_on + timedelta(days=90)
                    if order.made_on + timedelta(days=90) < self.today
                    else None,
                    recorded_by=by,
                )
            allowed = not rules.requirement_refusal(
                RequirementType.UNPAID_WORK, date_of_birth=order.case.child.date_of_birth, made_on=order.made_on
            )
            if allowed and not unpaid_given:
                unpaid_given = True
                unpaid = Requirement.objects.create(
                    order=order,
                    requirement_type=RequirementType.UNPAID_WORK,
                    starts_on=order.made_on,
                    hours_ordered=80,
                    details="Community payback at the food bank, Saturdays.",
                    recorded_by=by,
                )
                sessions = [
                    RequirementProgress(
                        requirement=unpaid,
                        done_on=max(self.today - timedelta(days=7 * week), order.made_on),
                        hours=Decimal("6.5"),
                        note="Sorted donations.",
                        recorded_by=by,
                    )
                    for week in range(1, 7)
                ]
                RequirementProgress.objects.bulk_create(sessions)
        if len(orders) > 1:
            order = orders[1]
            BreachProceedings.objects.create(
                order=order,
                laid_on=max(self.today - timedelta(days=10), order.made_on),
                reason="Missed three supervision appointments after two warnings.",
                recorded_by=order.recorded_by,
            )

    def _custody(self, orders: list[Order]) -> None:
        """The first (the case worker's, if they have one): release in 10 working days, the plan not
        completed (overdue); others: released with a completed plan, or release months away."""
        for number, order in enumerate(orders):
            if number == 0:
                release_on = add_working_days(self.today, 10)
            elif number % 2:
                release_on = self.today - timedelta(days=20 * number)
            else:
                release_on = self.today + timedelta(days=90 + 10 * number)
            custody_from = min(order.made_on, release_on - timedelta(days=30))
            released = release_on < self.today
            spell = CustodySpell.objects.create(
                case=order.case,
                establishment_type=EstablishmentType.YOI if number % 3 else EstablishmentType.STC,
                establishment="HMYOI Wetherby" if number % 3 else "Oakhill Secure Training Centre",
                custody_from=custody_from,
                release_on=release_on,
                released_on=release_on if released else None,
                supervision_on_release=SupervisionOnRelease.LICENCE,
                licence_conditions="Live at the approved address; meet the YJS worker weekly.",
                recorded_by=order.recorded_by,
            )
            due = rules.resettlement_plan_due(release_on)
            ResettlementPlan.objects.create(
                spell=spell,
                due_on=due,
                accommodation_in_place=released,
                accommodation="With his grandmother" if released else "",
                education_in_place=released,
                education="College place from the week after release" if released else "",
                health_in_place=released,
                completed_on=due if released else None,
                completed_by=order.recorded_by if released else None,
            )

    def _released(self, orders: list[Order]) -> None:
        """Ended detention and training orders: released on licence, most with their plan completed in time."""
        for number, order in enumerate(orders):
            last = order.case.end_date or self.today - timedelta(days=1)
            released_on = max(min(order.made_on + timedelta(days=120), last), order.made_on)
            spell = CustodySpell.objects.create(
                case=order.case,
                establishment_type=EstablishmentType.SCH if number % 2 else EstablishmentType.YOI,
                establishment="Aldine House" if number % 2 else "HMYOI Wetherby",
                custody_from=order.made_on,
                release_on=released_on,
                released_on=released_on,
                supervision_on_release=SupervisionOnRelease.LICENCE,
                recorded_by=order.recorded_by,
            )
            due = rules.resettlement_plan_due(released_on)
            completed_on = released_on + timedelta(days=3) if number % 3 == 2 else max(due, order.made_on)
            ResettlementPlan.objects.create(
                spell=spell,
                due_on=due,
                accommodation_in_place=True,
                accommodation="With his mother",
                education_in_place=number % 2 == 0,
                health_in_place=True,
                completed_on=completed_on,
                completed_by=order.recorded_by,
            )

    # --- Hearings and reports -----------------------------------------------------------------------

    def _court_list_today(self, cases: list[Case]) -> None:
        """Today's court list: a few children's hearings (and the next listed for some)."""
        kinds = [HearingType.FIRST_APPEARANCE, HearingType.PLEA, HearingType.REVIEW, HearingType.BREACH]
        for number, case in enumerate(cases[:4]):
            Hearing.objects.create(
                child=case.child,
                case=case,
                heard_on=self.today,
                court=COURTS[number % 2],
                hearing_type=kinds[number],
                outcome=HearingOutcome.ADJOURNED if number % 2 else "",
                next_hearing_on=self.today + timedelta(days=14) if number % 2 else None,
                duty_officer_note="Parent present; the child understood the proceedings.",
                recorded_by=self.by(case),
            )

    def _reports(self, cases: list[Case]) -> None:
        """Reports with the case worker (being written, awaiting approval, returned) and submitted ones
        over the past year with their proposals and sentences."""
        manager = self.users["manager"]
        north = [case for case in cases if case.team.slug == "north" and case.status == CaseStatus.OPEN]
        pending = [
            (ReportStatus.DRAFT, 2),
            (ReportStatus.AWAITING_APPROVAL, 9),
            (ReportStatus.RETURNED, 12),
        ]
        for (status, days_ago), case in zip(pending, north, strict=False):
            requested = self.today - timedelta(days=days_ago)
            report = PreSentenceReport.objects.create(
                case=case,
                requested_on=requested,
                due_on=rules.report_due(requested, stand_down=False),
                author=self.worker,
                status=status,
                proposal=Sentence.REFERRAL_ORDER if status != ReportStatus.DRAFT else "",
                proposal_detail="A referral order of nine months, with reparation." if status != "draft" else "",
                sent_for_approval_at=timezone.now() if status != ReportStatus.DRAFT else None,
                created_by=self.worker,
            )
            if status == ReportStatus.RETURNED:
                ReportReturn.objects.create(
                    report=report,
                    returned_by=manager,
                    feedback="Say more about the risk to the victim and how the proposal addresses it.",
                )
        sentences = [
            Sentence.REFERRAL_ORDER,
            Sentence.YOUTH_REHABILITATION_ORDER,
            Sentence.DETENTION_AND_TRAINING_ORDER,
        ]
        for number, case in enumerate(cases):
            requested = max(case.start_date - timedelta(days=28), self.today - timedelta(days=400))
            due = rules.report_due(requested, stand_down=False)
            submitted = due - timedelta(days=1) if number % 5 else due + timedelta(days=2)
            proposal = sentences[number % 3]
            given = proposal if number % 4 else sentences[(number + 1) % 3]
            sentenced = max(submitted + timedelta(days=3), case.start_date)
            # The demo has no South manager: the head of service approves South's reports.
            approver = manager if case.team.slug == "north" else self.users["head"]
            PreSentenceReport.objects.create(
                case=case,
                requested_on=requested,
                due_on=due,
                author=self.by(case),
                status=ReportStatus.SUBMITTED,
                proposal=proposal,
                proposal_detail="The proposal and the plan behind it.",
                approved_by=approver,
                approved_at=timezone.now(),
                submitted_on=submitted,
                sentence_given=given,
                sentenced_on=sentenced,
                created_by=self.by(case),
            )


# Registered with yjs.demo: after the cases (whose court order cases it works on) and the other apps'
# demos, before the governance demo's board report, which counts court work.
register_demo_step("court", order=70, load=lambda scale: load_court_demo())
