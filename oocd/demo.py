"""Synthetic out-of-court disposals for the demo and the benchmarks (DESIGN.md §8).

``load_oocd_demo(scale=1)`` adds a unit of about 45 referrals about the children already
in the database (a few are created when there are none): referrals waiting for what the
panel needs, ready for the next panel, withdrawn; joint panels attended by the police and
the YJS; a decision of every outcome in use, decided and delivered (implications explained,
signed document, victim informed); youth conditional cautions complied with, in progress
and breached (with the evidence of the failure and the prosecution decision); police-only
decisions; and a scrutiny sample of the last three months with some findings.

Units are made from a generator seeded by ``seed`` and the unit's number, so a run is
deterministic and a larger ``scale`` only adds the missing units: running it twice never
duplicates anything. Rows are written directly, not through the services, because demo
history needs past times (of decisions, delivery and research supplied) that the services
rightly stamp with "now"; every row is in a state the services could have produced, and
no audit events are made (nobody did this work).
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cases import services as case_services
from cases.demo import timestamps_as_given
from cases.models import (
    COURT_ORDER_TYPES,
    Assessment,
    AssessmentType,
    Case,
    CaseType,
    Child,
    Level,
    Offence,
)
from intelligence.models import InformationRequest, PoliceSystem, RequestStatus, RequestType
from yjs.demo import register_data_set_step, register_demo_step
from yjs.models import Team, User

from .models import (
    Agency,
    Condition,
    ConditionFailure,
    ConditionStatus,
    Decision,
    Outcome,
    Panel,
    PanelAttendee,
    PanelItem,
    Referral,
    ReferralSource,
    ScrutinyItem,
    ScrutinySample,
    SignedDocumentVersion,
)
from .services import RESEARCH_QUESTION, sample_decision_ids

LONDON = ZoneInfo("Europe/London")
DEMO_USERNAMES = ["police", "manager", "caseworker", "caseworker2", "head"]
REFERRALS_PER_UNIT = 45

OFFENCES = [
    ("Theft from a shop", "Theft offences", 2),
    ("Criminal damage to a bus shelter", "Criminal damage and arson", 2),
    ("Possession of cannabis", "Drug offences", 2),
    ("Common assault at school", "Violence against the person", 3),
    ("Public order offence (section 4A)", "Public order offences", 3),
    ("Burglary of a garden shed", "Burglary", 3),
    ("Possession of a bladed article in a public place", "Possession of weapons", 4),
    ("Assault occasioning actual bodily harm", "Violence against the person", 4),
    ("Robbery of a mobile phone", "Robbery", 5),
]
CONDITIONS = [
    "Attend four sessions of the knife crime awareness programme",
    "Write a letter of apology to the victim",
    "Take part in a restorative justice conference",
    "Attend the substance misuse service's education sessions",
    "Complete six hours of reparation at the community garden",
    "Not enter the Arndale shopping centre",
]
RATIONALES = [
    "First contact with the justice system; the child admitted the offence and shows remorse.",
    "The child's needs are best met by the YJS's voluntary support; a formal outcome is not proportionate.",
    "Escalation from a previous diversion; the panel agreed a formal outcome with support.",
    "The offence is serious and the victim was injured; the panel agreed to the gravity score.",
    "Education and family support are in place; the panel weighed the child's speech and language needs.",
]
DEPARTURES = [
    "The child is a young carer and the offence arose from a crisis at home.",
    "Undiagnosed ADHD, now being assessed; the offence was impulsive.",
    "Exploitation concerns: the child was used to carry the item by older peers.",
]
FAILURES = [
    ("Did not attend the second and third sessions of the programme", "Said he forgot and was at a friend's house"),
    ("Entered the shopping centre on a Saturday afternoon", "None given"),
    ("Refused to write the apology letter at the session", "Said the victim started it"),
]
VICTIM_VIEWS = [
    "Would like an apology and for the child to understand the harm caused.",
    "Does not want to meet the child; supports an educational outcome.",
    "Wants the damage repaired; open to a restorative conference.",
]
CHILD_VIEWS = [
    "Sorry for what happened; wants to put it right.",
    "Says friends pressured him; wants help to stay away from them.",
    "Worried about school finding out; willing to do the sessions.",
]
CARER_VIEWS = [
    "Mother is supportive and will make sure the child attends.",
    "Foster carer supports the YJS's recommendation.",
    "Father asks for help with the child's anger at home.",
]
RESEARCH_FINDINGS = [
    "No trace on PNC or local records. Family known: older brother cautioned in 2023.",
    "One previous community resolution (2024). Domestic abuse call-outs at the home address.",
    "No trace.",
    "Named in an intelligence report as associating with older youths involved in drug supply.",
]
# What is recorded before the panel, by the referral's state: assessment completed, research
# supplied, views recorded.
PREPARATION = {
    "awaiting": (False, False, False),
    "withdrawn": (False, False, False),
    "partly": (True, True, False),
    "not_contacted": (True, True, True),
    "ready": (True, True, True),
    "decided": (True, True, True),
    "delivered": (True, True, True),
    "police_only": (False, True, False),
}
FIRST_NAMES = ["Kai", "Leah", "Mason", "Amara", "Tyler", "Zainab", "Connor", "Maya", "Reece", "Chloe", "Rhys", "Aisha"]
SURNAMES = ["Walsh", "Begum", "Kowalski", "Okoro", "Fletcher", "Hussain", "Doyle", "Mensah", "Price", "Ali"]


@dataclass
class Staff:
    police: User
    manager: User
    head: User
    case_worker: dict[int, User]  # by team id
    teams: list[Team]


def load_oocd_demo(*, seed: int = 2026, scale: int = 1, today: date | None = None) -> str:
    """Add ``scale`` units of synthetic out-of-court disposal work (those missing)."""
    staff = _staff()
    if staff is None:
        return "no out-of-court disposals: load the demo users first"
    units_done = Referral.objects.filter(created_by=staff.police).count() // REFERRALS_PER_UNIT
    if units_done >= scale:
        return f"{units_done * REFERRALS_PER_UNIT} demo referrals already loaded"
    today = today or timezone.localdate()
    outcomes = list(Outcome.objects.filter(active=True))
    systems = list(PoliceSystem.objects.filter(code__in=["pnc", "pnd", "local_records", "intelligence"]))
    with transaction.atomic(), timestamps_as_given(_GIVEN_TIMESTAMPS):
        for unit in range(units_done, scale):
            children = _children(staff, needed=REFERRALS_PER_UNIT, today=today, seed=seed + unit)
            UnitBuilder(staff, children, outcomes, systems, unit=unit, seed=seed, today=today).build()
        sample = _scrutiny_sample(staff, seed=seed, today=today)
    added = (scale - units_done) * REFERRALS_PER_UNIT
    return f"{added} demo referrals added ({scale * REFERRALS_PER_UNIT} in all){sample}"


def _staff() -> Staff | None:
    users = {user.username: user for user in User.objects.filter(username__in=DEMO_USERNAMES)}
    teams = list(Team.objects.filter(slug__in=["north", "south"]).order_by("name"))
    if set(users) != set(DEMO_USERNAMES) or not teams:
        return None
    case_worker = {}
    for username in ("caseworker2", "caseworker"):  # North's worker wins a team both are in
        case_worker.update(dict.fromkeys(users[username].team_ids, users[username]))
    return Staff(
        police=users["police"], manager=users["manager"], head=users["head"], case_worker=case_worker, teams=teams
    )


# Fields set automatically on save that demo rows give a past value instead.
_GIVEN_TIMESTAMPS = [
    (Case, "created_at"),
    (Decision, "recorded_at"),
    (ConditionFailure, "recorded_at"),
    (ScrutinySample, "drawn_at"),
]


def _children(staff: Staff, *, needed: int, today: date, seed: int) -> list[Child]:
    """Children aged 10 to 17 throughout the demo's months, not yet referred; made if too few."""
    youngest = today - relativedelta(years=10, days=200)
    oldest = today - relativedelta(years=18) + timedelta(days=1)
    eligible = (
        Child.objects.filter(date_of_birth__lte=youngest, date_of_birth__gte=oldest, oocd_referrals__isnull=True)
        .prefetch_related("cases")
        .order_by("id")
    )
    children = list(eligible[:needed])
    rng = random.Random(seed)  # noqa: S311 (invented data, not secrets)
    while len(children) < needed:
        children.append(_new_child(staff, rng, today))
    return children


def _new_child(staff: Staff, rng: random.Random, today: date) -> Child:
    """A child made through the service (there were not enough in the database)."""
    return case_services.child_create(
        by=next(iter(staff.case_worker.values())),
        surname=rng.choice(SURNAMES),
        forenames=rng.choice(FIRST_NAMES),
        date_of_birth=today - relativedelta(years=rng.randint(11, 16), days=rng.randint(0, 300)),
        gender=rng.choice(["M", "F"]),
        ethnicity=rng.choice(["W1", "A2", "B2", "M1", "W9"]),
        known_to_yjs=False,
    )


@dataclass
class Plan:
    """What becomes of one referral."""

    state: str  # awaiting, partly, not_contacted, ready, withdrawn, decided, delivered, police_only
    outcome: Outcome | None = None
    panel: Panel | None = None
    decided_on: date | None = None
    departure: bool = False
    ycc: str = ""  # complied, in_progress, breached


class UnitBuilder:
    """One unit of referrals, panels and decisions from one seeded generator."""

    def __init__(self, staff, children, outcomes, systems, *, unit: int, seed: int, today: date) -> None:
        self.staff, self.outcomes, self.systems, self.today = staff, outcomes, systems, today
        self.rng = random.Random(seed * 1_000_003 + unit + 31)  # noqa: S311 (invented data, not secrets)
        self.now = min(timezone.now(), datetime.combine(today, time(18), tzinfo=LONDON))
        self.unit = unit
        self.children = children
        convicted = Case.objects.filter(child__in=children, case_type__in=COURT_ORDER_TYPES).values_list("child_id")
        self.convicted = {child_id for (child_id,) in convicted}

    # --- the plan of the unit ---

    def build(self) -> None:
        offset = self.unit * 3  # later units' panels fall on other days
        past_panels = [self._panel(self.today - timedelta(days=days + offset)) for days in (84, 56, 35, 21)]
        next_panel = self._panel(self.today + timedelta(days=7 + offset % 7))
        plans = self._plans(past_panels, next_panel)
        clean = [child for child in self.children if child.pk not in self.convicted]
        convicted = [child for child in self.children if child.pk in self.convicted]
        # A youth conditional caution is barred after a conviction: those go to children without one.
        barred = [plan.outcome is not None and plan.outcome.barred_after_conviction for plan in plans]
        while len(clean) < sum(barred):
            convicted.pop()
            clean.append(_new_child(self.staff, self.rng, self.today))
        children = {number: clean.pop(0) for number, is_barred in enumerate(barred) if is_barred}
        rest = clean + convicted
        self.rng.shuffle(rest)
        for number, plan in enumerate(plans):
            self._referral(plan, children.get(number) or rest.pop())

    def _plans(self, past_panels: list[Panel], next_panel: Panel) -> list[Plan]:
        rng = self.rng
        by_code = {outcome.code: outcome for outcome in self.outcomes}
        plans = [Plan("awaiting") for _ in range(4)]
        plans += [Plan("partly") for _ in range(3)]
        plans += [Plan("not_contacted"), Plan("withdrawn")]
        plans += [Plan("ready", panel=next_panel) for _ in range(4)]
        for outcome in self.outcomes:  # every outcome in use, decided and (where it is delivered) delivered
            deliverable = outcome.needs_admission or outcome.code == "outcome_22" or outcome.has_conditions
            for state in ("decided", "delivered") if deliverable else ("decided", "decided"):
                plans.append(Plan(state, outcome=outcome, panel=rng.choice(past_panels)))
        if "youth_conditional_caution" in by_code:
            ycc = by_code["youth_conditional_caution"]
            for ycc_state in ("complied", "complied", "breached", "breached", "in_progress"):
                panel = past_panels[0] if ycc_state == "complied" else rng.choice(past_panels[1:])
                plans.append(Plan("delivered", outcome=ycc, panel=panel, ycc=ycc_state))
        for code in ("youth_caution", "community_resolution", "nfa", "outcome_21", "youth_caution"):
            if code in by_code:
                plans.append(Plan("police_only", outcome=by_code[code]))
        plans += [
            Plan("delivered", outcome=by_code.get("community_resolution", self.outcomes[0]), panel=past_panels[2])
            for _ in range(2)
        ]
        for plan in plans[-4:]:
            plan.departure = True
        while len(plans) < REFERRALS_PER_UNIT:
            plans.append(Plan(rng.choice(["awaiting", "partly", "ready"]), panel=next_panel))
        for plan in plans:
            if plan.state == "ready":
                plan.panel = next_panel
            if plan.outcome is not None:
                plan.decided_on = plan.panel.held_on if plan.panel else self.today - timedelta(days=rng.randint(3, 60))
        return plans[:REFERRALS_PER_UNIT]

    # --- panels ---

    def _panel(self, held_on: date) -> Panel:
        staff, rng = self.staff, self.rng
        panel = Panel.objects.create(held_on=held_on, location="Civic Centre, room 2", chair=staff.manager)
        attendees = [
            PanelAttendee(
                panel=panel, user=staff.police, name=str(staff.police), agency=Agency.POLICE, role="YJS police officer"
            ),
            PanelAttendee(
                panel=panel, user=staff.manager, name=str(staff.manager), agency=Agency.YJS, role="Team manager (chair)"
            ),
        ]
        for agency, name, role in rng.sample(
            [
                (Agency.EDUCATION, "Lucy Hart", "Inclusion officer"),
                (Agency.HEALTH, "Dr Imran Qureshi", "CAMHS practitioner"),
                (Agency.CHILDRENS_SOCIAL_CARE, "Bethan Rees", "Social worker"),
                (Agency.VICTIM_SERVICE, "Ola Adeyemi", "Victim liaison"),
            ],
            k=rng.randint(0, 2),
        ):
            attendees.append(PanelAttendee(panel=panel, name=name, agency=agency, role=role))
        PanelAttendee.objects.bulk_create(attendees)
        return panel

    # --- one referral ---

    def _moment(self, day: date, hours: tuple[int, int] = (9, 17)) -> datetime:
        """A time on the day, in the hours given, never later than (shortly before) now."""
        moment = datetime.combine(day, time(self.rng.randint(hours[0], hours[1] - 1), self.rng.choice([0, 15, 30, 45])))
        return min(moment.replace(tzinfo=LONDON), self.now - timedelta(minutes=30))

    def _referral(self, plan: Plan, child: Child) -> Referral:
        rng, staff = self.rng, self.staff
        if plan.decided_on:
            referred_on = plan.decided_on - timedelta(days=rng.randint(7, 20) if plan.panel else 0)
        elif plan.state == "ready":
            referred_on = self.today - timedelta(days=rng.randint(8, 20))
        else:
            referred_on = self.today - timedelta(days=rng.randint(0, 12))
        referred_at = self._moment(referred_on)
        team = self._team(child)
        outcome = plan.outcome
        gravity = outcome.gravity_score if outcome else rng.choice([2, 2, 3, 3, 4])
        if plan.departure and outcome and gravity < 5:
            gravity += 1
        description, group, _ = rng.choice(
            [offence for offence in OFFENCES if offence[2] <= max(gravity, 2)] or OFFENCES
        )
        admitted = True if (outcome is None or outcome.needs_admission) else rng.random() < 0.5
        case = Case.objects.create(
            child=child,
            case_type=CaseType.DIVERSION,
            team=team,
            allocated_to=staff.case_worker.get(team.pk),
            start_date=referred_on,
            created_by=staff.police,
            created_at=referred_at,
        )
        if not child.known_to_yjs:
            Child.objects.filter(pk=child.pk).update(known_to_yjs=True)
        Offence.objects.create(
            case=case,
            offence_date=referred_on - timedelta(days=rng.randint(1, 14)),
            description=description,
            offence_group=group,
            gravity_score=gravity,
        )
        assessed, researched, views = PREPARATION[plan.state]
        self._assessment(case, referred_on, completed=assessed)
        research = self._research(child, case, referred_at, supplied=researched)
        has_victim = rng.random() < 0.75
        referral = Referral.objects.create(
            child=child,
            case=case,
            source=ReferralSource.POLICE if rng.random() < 0.9 or plan.state == "police_only" else ReferralSource.COURT,
            referred_at=referred_at,
            referring_officer=f"PC {rng.randint(1000, 9999)} {rng.choice(SURNAMES)}",
            gravity_score=gravity,
            admitted=admitted,
            previous_conviction=child.pk in self.convicted,
            research_request=research,
            has_victim=has_victim,
            created_by=staff.police,
            withdrawn_at=self._moment(referred_on + timedelta(days=2)) if plan.state == "withdrawn" else None,
        )
        if views:
            self._views(referral, referred_at, not_contacted=plan.state == "not_contacted")
        if plan.panel is not None:
            PanelItem.objects.create(panel=plan.panel, referral=referral, position=plan.panel.items.count() + 1)
        if outcome is not None:
            self._decision(plan, referral)
        return referral

    def _team(self, child: Child) -> Team:
        """The team of the child's latest case, or either."""
        cases = sorted(child.cases.all(), key=lambda case: case.start_date)
        team = next((team for team in self.staff.teams if cases and team.pk == cases[-1].team_id), None)
        return team or self.rng.choice(self.staff.teams)

    def _assessment(self, case: Case, referred_on: date, *, completed: bool) -> None:
        rng = self.rng
        assessment = Assessment(
            case=case,
            assessment_type=AssessmentType.DIVERSION,
            due_date=case_services.assessment_due_date(referred_on),
        )
        if completed:
            assessment.likelihood_of_reoffending = rng.choice([Level.LOW, Level.LOW, Level.MEDIUM, Level.HIGH])
            assessment.risk_of_serious_harm = rng.choice([Level.LOW, Level.LOW, Level.MEDIUM])
            assessment.safety_and_wellbeing = rng.choice([Level.LOW, Level.MEDIUM, Level.HIGH])
            assessment.child_view = rng.choice(CHILD_VIEWS)
            assessment.self_assessment_captured = True
            assessment.completed_date = min(referred_on + timedelta(days=rng.randint(3, 6)), self.today)
            assessment.completed_by = case.allocated_to or self.staff.manager
        assessment.save()

    def _research(self, child: Child, case: Case, referred_at: datetime, *, supplied: bool) -> InformationRequest:
        rng = self.rng
        request = InformationRequest(
            child=child,
            case=case,
            request_type=RequestType.OOCD_RESEARCH,
            requested_at=referred_at,
            requested_by=self.staff.police,
            what_requested=RESEARCH_QUESTION,
        )
        if supplied:
            request.status = RequestStatus.SUPPLIED
            request.information_supplied = rng.choice(RESEARCH_FINDINGS)
            request.supplied_at = min(
                referred_at + timedelta(hours=rng.randint(4, 60)), self.now - timedelta(minutes=20)
            )
            request.supplied_by = self.staff.police
        request.save()
        if supplied and self.systems:
            request.systems_searched.set(rng.sample(self.systems, k=min(len(self.systems), 2)))
        return request

    def _views(self, referral: Referral, referred_at: datetime, *, not_contacted: bool) -> None:
        """The views before the panel; a victim not contacted (with why) still waits for the carer's views."""
        rng = self.rng
        updates = {"child_views": rng.choice(CHILD_VIEWS)}
        if not not_contacted:
            updates["parent_carer_views"] = rng.choice(CARER_VIEWS)
        if referral.has_victim and not_contacted:
            updates["victim_not_contacted_reason"] = "The victim asked the police not to pass on their details."
        elif referral.has_victim:
            updates["victim_views"] = rng.choice(VICTIM_VIEWS)
            updates["victim_contacted_at"] = min(referred_at + timedelta(days=2), self.now - timedelta(minutes=10))
        Referral.objects.filter(pk=referral.pk).update(**updates)

    # --- the decision and what follows ---

    def _decision(self, plan: Plan, referral: Referral) -> None:
        rng, staff = self.rng, self.staff
        outcome, decided_on = plan.outcome, plan.decided_on
        decision = Decision(
            referral=referral,
            panel=None if plan.state == "police_only" else plan.panel,
            police_only=plan.state == "police_only",
            outcome=outcome,
            decided_on=decided_on,
            rationale=rng.choice(RATIONALES),
            dissent="The education representative favoured no further action." if rng.random() < 0.1 else "",
            departure_reason=rng.choice(DEPARTURES) if outcome.gravity_score != referral.gravity_score else "",
            recorded_by=staff.police if plan.state == "police_only" else staff.manager,
            recorded_at=self._moment(decided_on, (16, 18)),
        )
        delivered = plan.state == "delivered" or (plan.state == "police_only" and rng.random() < 0.6)
        explained = delivered or (plan.state == "decided" and rng.random() < 0.4)
        delivery_day = min(decided_on + timedelta(days=rng.randint(1, 6)), self.today)
        delivered_at = self._moment(delivery_day, (10, 16))
        if explained:
            decision.implications_explained_at = delivered_at - timedelta(minutes=30)
        if delivered:
            decision.delivered_at = delivered_at
            decision.delivered_by = staff.police if rng.random() < 0.6 else referral.case.allocated_to or staff.manager
            if referral.has_victim:
                decision.victim_informed_at = min(delivered_at + timedelta(days=1), self.now - timedelta(minutes=5))
        if outcome.has_conditions and delivered:
            decision.warning_given_at = delivered_at - timedelta(minutes=15)
            age = relativedelta(delivery_day, referral.child.date_of_birth).years
            if age <= 16 or rng.random() < 0.5:
                decision.appropriate_adult_name = (
                    rng.choice(["Mother", "Father", "Foster carer", "Aunt"]) + " of the child"
                )
        decision.save()
        if delivered:
            content = signed_document_pdf(decision)
            version = SignedDocumentVersion(
                decision=decision,
                sha256=hashlib.sha256(content).hexdigest(),
                size=len(content),
                content_type="application/pdf",
                uploaded_by=decision.delivered_by,
                uploaded_at=decision.delivered_at,
            )
            version.file.save(f"decision-{decision.pk}.pdf", ContentFile(content), save=False)
            version.save()
            decision.signed_document, decision.signed_document_type = version.file.name, "application/pdf"
            decision.save(update_fields=["signed_document", "signed_document_type"])
        if outcome.has_conditions:
            self._conditions(plan, decision)

    def _conditions(self, plan: Plan, decision: Decision) -> None:
        rng = self.rng
        latest = decision.decided_on + relativedelta(months=settings.YCC_CONDITION_MAX_MONTHS)
        for description in rng.sample(CONDITIONS, k=rng.randint(1, 3)):
            end_date = min(decision.decided_on + timedelta(days=rng.randint(28, 85)), latest)
            condition = Condition.objects.create(decision=decision, description=description, end_date=end_date)
            if plan.ycc == "complied" and end_date <= self.today:
                condition.status, condition.compliance_notes = ConditionStatus.COMPLIED, "Completed in full."
                condition.save(update_fields=["status", "compliance_notes"])
        if plan.ycc == "breached":
            condition = decision.conditions.first()
            occurred_on = min(decision.decided_on + timedelta(days=rng.randint(10, 20)), self.today)
            what, reasons = rng.choice(FAILURES)
            considered = rng.random() < 0.7
            ConditionFailure.objects.create(
                condition=condition,
                occurred_on=occurred_on,
                what_happened=what,
                reasons_given=reasons,
                considered_for_prosecution=considered,
                prosecution_outcome=(
                    rng.choice(["Charged with the original offence", "Not charged: re-engaged with the programme"])
                    if considered
                    else ""
                ),
                recorded_by=self.staff.police,
                recorded_at=self._moment(occurred_on + timedelta(days=1)),
            )
            condition.status = ConditionStatus.FAILED
            condition.compliance_notes = "Failure recorded for the prosecution decision."
            condition.save(update_fields=["status", "compliance_notes"])


def _scrutiny_sample(staff: Staff, *, seed: int, today: date) -> str:
    """One sample of the last three months' decisions (once), with findings on about half of it."""
    start, end = today - relativedelta(months=3), today
    tag = f"demo-{seed}"
    if ScrutinySample.objects.filter(seed=tag).exists():
        return ""
    decisions = list(
        Decision.objects.filter(decided_on__range=(start, end)).order_by("id").values_list("id", "outcome__code")
    )
    if not decisions:
        return ""
    sample = ScrutinySample.objects.create(
        period_start=start,
        period_end=end,
        percentage=20,
        seed=tag,
        drawn_by=staff.head,
        drawn_at=timezone.make_aware(datetime.combine(today - timedelta(days=1), time(10))),
    )
    chosen = sample_decision_ids(decisions, 20, f"{tag}:{start}:{end}")
    items = [ScrutinyItem(sample=sample, decision_id=pk) for pk in chosen]
    for number, item in enumerate(items):
        if number % 2 == 0:
            item.appropriate = number % 6 != 4
            item.feedback = (
                "Consistent with the matrix and well evidenced."
                if item.appropriate
                else "A lower outcome with support would have been proportionate; rationale thin on the child's needs."
            )
    ScrutinyItem.objects.bulk_create(items)
    return f", and a scrutiny sample of {len(items)} decisions"


def signed_document_pdf(decision: Decision) -> bytes:
    """A small, well-formed one-page PDF standing in for the signed disposal form."""
    text = f"Signed out-of-court disposal {decision.pk}: {decision.outcome.name}".encode("latin-1", "replace")
    stream = b"BT /F1 14 Tf 72 760 Td (" + text.replace(b"(", b"[").replace(b")", b"]") + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(pdf)


# --- History at scale (benchmarks) -----------------------------------------------------------

HISTORY_OUTCOME_WEIGHTS = {
    "nfa": 6,
    "outcome_21": 8,
    "outcome_22": 30,
    "community_resolution": 24,
    "youth_caution": 14,
    "youth_conditional_caution": 8,
    "charge": 6,
}
HISTORY_POLICE_ONLY = ["community_resolution", "youth_caution", "nfa", "outcome_21"]
HISTORY_POLICE_ONLY_SHARE = 0.12
HISTORY_WITHDRAWN_SHARE = 0.03
HISTORY_CHUNK = 2_000
HISTORY_DOCUMENT = "oocd/signed/demo/history-signed-document.pdf"


def load_oocd_history(*, decisions: int, seed: int = 2026, today: date | None = None) -> str:
    """Referrals and decisions in bulk (COPY) until there are ``decisions`` decisions, on the diversion
    cases of the last two years that have no referral yet (made by ``cases.demo``): each with its
    police research supplied, views, the weekly joint panel (or a police-only decision), delivery with
    one shared signed document, and youth conditional cautions' conditions, some failed. Referrals
    whose panel is still to come wait for it; a few are withdrawn. Safe to run again."""
    from django.core.files.storage import default_storage

    from cases.demo import _copy, _copy_values

    staff = _staff()
    if staff is None:
        return "no out-of-court history: load the demo users first"
    needed = decisions - Decision.objects.count()
    if needed <= 0:
        return f"{Decision.objects.count():,} out-of-court decisions already loaded"
    today = today or timezone.localdate()
    outcomes = {outcome.code: outcome for outcome in Outcome.objects.filter(active=True)}
    systems = list(PoliceSystem.objects.filter(code__in=["pnc", "pnd", "local_records", "intelligence"]))
    convicted = set(Case.objects.filter(case_type__in=COURT_ORDER_TYPES).values_list("child_id", flat=True))
    cases = (
        Case.objects.filter(
            case_type=CaseType.DIVERSION,
            oocd_referral__isnull=True,
            start_date__range=(today - timedelta(days=730), today - timedelta(days=3)),
        )
        .order_by("id")
        .values_list("id", "child_id", "allocated_to_id", "start_date")
    )
    if not default_storage.exists(HISTORY_DOCUMENT):
        stand_in = Decision(pk=0, outcome=Outcome(name="demo history"))
        default_storage.save(HISTORY_DOCUMENT, ContentFile(signed_document_pdf(stand_in)))
    with default_storage.open(HISTORY_DOCUMENT, "rb") as stored:
        content = stored.read()
    builder = _HistoryBuilder(staff, outcomes, systems, convicted, seed=seed, today=today)
    builder.document = (hashlib.sha256(content).hexdigest(), len(content))
    rows = list(cases[: int(needed * 1.15) + 100])
    made = 0
    for first in range(0, len(rows), HISTORY_CHUNK):
        if made >= needed:
            break
        with transaction.atomic(), timestamps_as_given(_GIVEN_TIMESTAMPS):
            batch = builder.build(rows[first : first + HISTORY_CHUNK], limit=needed - made)
            for model, items in batch.items():
                if model == "systems":  # the requests have their ids by now
                    through = InformationRequest.systems_searched.through
                    pairs = [(request.pk, system.pk) for request, system in items]
                    _copy_values(through, ["informationrequest_id", "policesystem_id"], pairs)
                else:
                    _copy(model, items)
            made += len(batch[Decision])
    return f"{made:,} out-of-court decisions added ({Decision.objects.count():,} in all)"


class _HistoryBuilder:
    def __init__(self, staff: Staff, outcomes: dict, systems: list, convicted: set, *, seed: int, today: date):
        self.staff, self.outcomes, self.systems, self.convicted, self.today = staff, outcomes, systems, convicted, today
        self.document: tuple[str, int] = ("", 0)  # the shared signed document's SHA-256 and size
        self.rng = random.Random(seed * 1_000_003 + 97)  # noqa: S311 (invented data, not secrets)
        self.now = min(timezone.now(), datetime.combine(today, time(18), tzinfo=LONDON))
        self.panels = {panel.held_on: panel for panel in Panel.objects.all()}
        self.positions = {
            row["panel__held_on"]: row["n"]
            for row in PanelItem.objects.values("panel__held_on").annotate(n=Max("position"))
        }
        codes = [code for code in HISTORY_OUTCOME_WEIGHTS if code in outcomes]
        extra = [code for code in outcomes if code not in HISTORY_OUTCOME_WEIGHTS]
        self.codes = codes + extra
        self.weights = [HISTORY_OUTCOME_WEIGHTS[code] for code in codes] + [2] * len(extra)

    def _moment(self, day: date, hours: tuple[int, int] = (9, 17)) -> datetime:
        moment = datetime.combine(day, time(self.rng.randint(hours[0], hours[1] - 1), self.rng.choice([0, 15, 30, 45])))
        return min(moment.replace(tzinfo=LONDON), self.now - timedelta(minutes=30))

    def _panel(self, held_on: date, batch: dict) -> Panel:
        panel = self.panels.get(held_on)
        if panel is None:
            staff = self.staff
            panel = self.panels[held_on] = Panel(held_on=held_on, location="Civic Centre, room 2", chair=staff.manager)
            batch[Panel].append(panel)
            for user, agency, role in (
                (staff.police, Agency.POLICE, "YJS police officer"),
                (staff.manager, Agency.YJS, "Team manager (chair)"),
            ):
                batch[PanelAttendee].append(
                    PanelAttendee(panel=panel, user=user, name=str(user), agency=agency, role=role)
                )
        return panel

    def build(self, rows: list[tuple], *, limit: int) -> dict:
        rng, staff = self.rng, self.staff
        batch: dict = {
            model: []
            for model in (
                Panel,
                PanelAttendee,
                InformationRequest,
                "systems",
                Referral,
                PanelItem,
                Decision,
                SignedDocumentVersion,
                Condition,
                ConditionFailure,
            )
        }
        for case_id, child_id, allocated_to_id, start in rows:
            if len(batch[Decision]) >= limit:
                break
            referred_at = self._moment(start)
            police_only = rng.random() < HISTORY_POLICE_ONLY_SHARE
            if police_only:
                code = rng.choice([code for code in HISTORY_POLICE_ONLY if code in self.outcomes] or self.codes)
                decided_on, panel = min(start + timedelta(days=rng.randint(0, 5)), self.today), None
            else:
                code = rng.choices(self.codes, self.weights)[0]
                held_on = start + timedelta(days=7 + (2 - start.weekday()) % 7)  # the Wednesday after a week
                panel = self._panel(held_on, batch)
                decided_on = held_on if held_on <= self.today else None
            outcome = self.outcomes[code]
            if outcome.barred_after_conviction and child_id in self.convicted:
                outcome = self.outcomes.get("youth_caution", outcome)
            research = InformationRequest(
                child_id=child_id,
                case_id=case_id,
                request_type=RequestType.OOCD_RESEARCH,
                requested_at=referred_at,
                requested_by=staff.police,
                what_requested=RESEARCH_QUESTION,
                status=RequestStatus.SUPPLIED,
                information_supplied=rng.choice(RESEARCH_FINDINGS),
                supplied_at=min(referred_at + timedelta(hours=rng.randint(4, 60)), self.now - timedelta(minutes=20)),
                supplied_by=staff.police,
            )
            batch[InformationRequest].append(research)
            has_victim = rng.random() < 0.75
            gravity = outcome.gravity_score if rng.random() < 0.85 else min(5, max(1, outcome.gravity_score + 1))
            referral = Referral(
                child_id=child_id,
                case_id=case_id,
                source=ReferralSource.POLICE if police_only or rng.random() < 0.9 else ReferralSource.COURT,
                referred_at=referred_at,
                referring_officer=f"PC {rng.randint(1000, 9999)} {rng.choice(SURNAMES)}",
                gravity_score=gravity,
                admitted=True if outcome.needs_admission else rng.random() < 0.5,
                previous_conviction=child_id in self.convicted,
                research_request=research,
                has_victim=has_victim,
                child_views=rng.choice(CHILD_VIEWS),
                parent_carer_views=rng.choice(CARER_VIEWS),
                victim_views=rng.choice(VICTIM_VIEWS) if has_victim else "",
                victim_contacted_at=referred_at + timedelta(days=2) if has_victim else None,
                created_by=staff.police,
            )
            if not police_only and rng.random() < HISTORY_WITHDRAWN_SHARE:
                referral.withdrawn_at = self._moment(start + timedelta(days=2))
                decided_on = None
            batch[Referral].append(referral)
            if panel is not None and referral.withdrawn_at is None:
                self.positions[panel.held_on] = position = self.positions.get(panel.held_on, 0) + 1
                batch[PanelItem].append(PanelItem(panel=panel, referral=referral, position=position))
            if decided_on is None:
                continue
            batch["systems"] += [(research, system) for system in self._systems()]
            self._decision(batch, referral, outcome, panel, decided_on, allocated_to_id)
        return batch

    def _systems(self) -> list:
        return self.rng.sample(self.systems, k=min(len(self.systems), 2))

    def _decision(self, batch, referral, outcome, panel, decided_on, allocated_to_id) -> None:
        rng, staff = self.rng, self.staff
        decision = Decision(
            referral=referral,
            panel=panel,
            police_only=panel is None,
            outcome=outcome,
            decided_on=decided_on,
            rationale=rng.choice(RATIONALES),
            dissent="The education representative favoured no further action." if rng.random() < 0.1 else "",
            departure_reason=rng.choice(DEPARTURES) if outcome.gravity_score != referral.gravity_score else "",
            recorded_by=staff.police if panel is None else staff.manager,
            recorded_at=self._moment(decided_on, (16, 18)),
        )
        deliverable = outcome.needs_admission or outcome.code == "outcome_22" or outcome.has_conditions
        delivery_day = min(decided_on + timedelta(days=rng.randint(1, 6)), self.today)
        if deliverable and rng.random() < 0.85 and delivery_day < self.today:
            delivered_at = self._moment(delivery_day, (10, 16))
            decision.implications_explained_at = delivered_at - timedelta(minutes=30)
            decision.delivered_at = delivered_at
            decision.delivered_by_id = staff.police.pk if rng.random() < 0.6 else allocated_to_id or staff.manager.pk
            decision.signed_document = HISTORY_DOCUMENT
            decision.signed_document_type = "application/pdf"
            sha256, size = self.document
            batch[SignedDocumentVersion].append(
                SignedDocumentVersion(
                    decision=decision,
                    file=HISTORY_DOCUMENT,
                    sha256=sha256,
                    size=size,
                    content_type="application/pdf",
                    uploaded_by_id=decision.delivered_by_id,
                    uploaded_at=delivered_at,
                )
            )
            if referral.has_victim and rng.random() < 0.9:
                decision.victim_informed_at = min(delivered_at + timedelta(days=1), self.now - timedelta(minutes=5))
            if outcome.has_conditions:
                decision.warning_given_at = delivered_at - timedelta(minutes=15)
                decision.appropriate_adult_name = (
                    rng.choice(["Mother", "Father", "Foster carer", "Aunt"]) + " of the child"
                )
        batch[Decision].append(decision)
        if not outcome.has_conditions:
            return
        latest = decided_on + relativedelta(months=settings.YCC_CONDITION_MAX_MONTHS)
        breached = rng.random() < 0.15
        for number, description in enumerate(rng.sample(CONDITIONS, k=rng.randint(1, 3))):
            end_date = min(decided_on + timedelta(days=rng.randint(28, 85)), latest)
            condition = Condition(decision=decision, description=description, end_date=end_date)
            if breached and number == 0:
                condition.status = ConditionStatus.FAILED
                condition.compliance_notes = "Failure recorded for the prosecution decision."
                occurred_on = min(decided_on + timedelta(days=rng.randint(10, 20)), self.today)
                what, reasons = rng.choice(FAILURES)
                considered = rng.random() < 0.7
                batch[ConditionFailure].append(
                    ConditionFailure(
                        condition=condition,
                        occurred_on=occurred_on,
                        what_happened=what,
                        reasons_given=reasons,
                        considered_for_prosecution=considered,
                        prosecution_outcome="Charged with the original offence" if considered else "",
                        recorded_by=staff.police,
                        recorded_at=self._moment(min(occurred_on + timedelta(days=1), self.today)),
                    )
                )
            elif end_date < self.today:
                condition.status, condition.compliance_notes = ConditionStatus.COMPLIED, "Completed in full."
            batch[Condition].append(condition)


# --- Registered with yjs.demo ------------------------------------------------------------------

HISTORY_DECISIONS_PER_UNIT = 67  # make_demo_data: decisions a unit

register_demo_step("oocd", order=30, load=lambda scale: load_oocd_demo(scale=scale))
register_data_set_step(
    "out-of-court disposals",
    order=30,
    load=lambda scale: load_oocd_history(decisions=HISTORY_DECISIONS_PER_UNIT * scale),
    counts={"oocd_decisions": "oocd.Decision"},
)
