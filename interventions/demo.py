"""Demo data for interventions (DESIGN.md §8, §10), so that the catalogue, each case's interventions
page, the case page's section, the timeline and the board report's "Interventions and reparation" have
something to show.

A catalogue of ten interventions and programmes (one no longer in use); for every other case with a
child known to the YJS, referrals to them in every state (referred, under way, ended with each
outcome, as the case's own dates allow); for referral orders, reparation placements with sessions
(some completed); for cases with victims, restorative justice and, for a victim at continuing risk, a
safety plan. The first open North case of the demo's case worker with a victim has one of each, still
open to record on. Deterministic (a seeded generator over the cases in id order); written in bulk with
past "recorded at" times. Safe to run again: a second run finds referrals and adds nothing.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from cases.demo import timestamps_as_given
from cases.models import Case, CaseStatus, CaseType, Victim
from yjs.demo import register_demo_step
from yjs.models import User

from .models import (
    Intervention,
    InterventionReferral,
    InterventionType,
    ReferralOutcome,
    ReparationPlacement,
    ReparationSession,
    RestorativeJustice,
    RestorativeType,
    VictimPart,
    VictimSafetyPlan,
)

LONDON = ZoneInfo("Europe/London")
# name, type, provider, who it suits, sessions, in use
CATALOGUE = [
    (
        "Knife Crime Awareness",
        InterventionType.WEAPONS,
        "YJS",
        "Children who carried or used a bladed article",
        6,
        True,
    ),
    ("Victim Awareness", InterventionType.VICTIM_AWARENESS, "YJS", "Any order with an identifiable victim", 4, True),
    ("Consequences", InterventionType.OFFENDING_BEHAVIOUR, "YJS", "Ages 12 to 17; first court order", 8, True),
    (
        "Safe Choices",
        InterventionType.EXPLOITATION,
        "Barnardo's",
        "Children at risk of criminal exploitation",
        10,
        True,
    ),
    ("Compass", InterventionType.SUBSTANCE_MISUSE, "Change Grow Live", "Cannabis and alcohol use", 6, True),
    ("Kooth and CAMHS link work", InterventionType.HEALTH, "CAMHS North", "Low mood, anxiety, trauma", None, True),
    (
        "Next Steps",
        InterventionType.EDUCATION_TRAINING,
        "Northern Skills Training",
        "Ages 16 and 17 not in ETE",
        12,
        True,
    ),
    ("Parenting Together", InterventionType.PARENTING, "Family Support Service", "Parents and carers", 8, True),
    (
        "Boxing Clever",
        InterventionType.MENTORING,
        "Eastside Boxing Club",
        "Ages 13 to 17; positive activities",
        10,
        True,
    ),
    (
        "Thinking Skills (old version)",
        InterventionType.OFFENDING_BEHAVIOUR,
        "YJS",
        "Replaced by Consequences",
        12,
        False,
    ),
]
PLACEMENTS = [
    ("Riverside Community Garden", "Weeding, planting and path repairs"),
    ("Hope Street Charity Shop", "Sorting donations and stocking shelves"),
    ("St Mark's Food Bank", "Packing food parcels"),
    ("Canal Towpath Clean-up", "Litter picking with the canal trust volunteers"),
]
REASONS = [
    "Identified in the assessment as a need linked to the offence.",
    "Agreed in the plan with the child and their parent.",
    "To build on the child's interest in sport and routine.",
]


def load_interventions_demo(*, today: date | None = None, seed: int = 2026) -> str:
    """The interventions demo, once (a second run finds referrals and adds nothing)."""
    if InterventionReferral.objects.exists():
        return "interventions demo already loaded"
    worker = User.objects.filter(username="caseworker").first()
    if worker is None:
        return "no interventions demo: load the demo users first"
    today = today or timezone.localdate()
    cases = list(Case.objects.filter(child__known_to_yjs=True).select_related("allocated_to", "team").order_by("id"))
    if not cases:
        return "no interventions demo: load the cases demo first"
    catalogue = _catalogue()
    victims: dict[int, list[Victim]] = {}
    for victim in Victim.objects.filter(case__in=cases).order_by("id"):
        victims.setdefault(victim.case_id, []).append(victim)
    builder = Builder(random.Random(seed), today, worker, [i for i in catalogue if i.active])  # noqa: S311 (demo data)
    showcase = next(
        (
            case
            for case in cases
            if case.status == CaseStatus.OPEN
            and case.team.slug == "north"
            and case.allocated_to_id == worker.pk
            and victims.get(case.pk)
        ),
        None,
    )
    for position, case in enumerate(cases):
        if case == showcase:
            builder.showcase(case, victims[case.pk])
        elif position % 2 == 0:
            builder.case(case, victims.get(case.pk, []))
    with transaction.atomic(), timestamps_as_given([(model, "recorded_at") for model in Builder.models]):
        builder.write()
    return (
        f"interventions demo: {len(catalogue)} interventions, {InterventionReferral.objects.count()} referrals, "
        f"{ReparationPlacement.objects.count()} reparation placements, "
        f"{RestorativeJustice.objects.count()} restorative justice records"
    )


def _catalogue() -> list[Intervention]:
    rows = []
    for name, kind, provider, suits, sessions, active in CATALOGUE:
        intervention, _ = Intervention.objects.get_or_create(
            name=name,
            provider=provider,
            defaults={"intervention_type": kind, "suitable_for": suits, "sessions": sessions, "active": active},
        )
        rows.append(intervention)
    return rows


def _at(day: date) -> datetime:
    return datetime.combine(day, time(16), tzinfo=LONDON)


class Builder:
    """The rows of the interventions demo, built in memory and written in bulk."""

    models = (InterventionReferral, ReparationPlacement, ReparationSession, RestorativeJustice, VictimSafetyPlan)

    def __init__(self, rng: random.Random, today: date, worker: User, catalogue: list[Intervention]):
        self.rng, self.today, self.worker, self.catalogue = rng, today, worker, catalogue
        self.rows: dict[type[Model], list[Model]] = {model: [] for model in self.models}
        self.sessions: list[tuple[ReparationPlacement, ReparationSession]] = []

    def write(self) -> None:
        for model in (InterventionReferral, ReparationPlacement, RestorativeJustice, VictimSafetyPlan):
            model.objects.bulk_create(self.rows[model], batch_size=1000)
        for placement, session in self.sessions:
            session.placement = placement
        ReparationSession.objects.bulk_create([session for _, session in self.sessions], batch_size=1000)

    def _day(self, day: date) -> date:
        return min(day, self.today)

    def _recorded(self, day: date) -> datetime:
        return min(_at(day + timedelta(days=1)), timezone.now())

    def _last_day(self, case: Case) -> date:
        return self._day(case.end_date or self.today)

    # --- one case ---

    def case(self, case: Case, victims: list[Victim]) -> None:
        rng = self.rng
        by = case.allocated_to or self.worker
        for _ in range(rng.choice([1, 1, 2])):
            self.referral(case, by)
        if case.case_type == CaseType.REFERRAL_ORDER and rng.random() < 0.7:
            self.placement(case, by)
        if victims and rng.random() < 0.6:
            self.restorative_justice(case, by, victims[0])
        for victim in victims:
            if victim.at_continuing_risk:
                self.safety_plan(case, by, victim)

    def showcase(self, case: Case, victims: list[Victim]) -> None:
        """One of each, still open to record on: a referral not yet started, one under way, one ended;
        a placement with hours remaining; restorative justice; a safety plan."""
        by = case.allocated_to or self.worker
        self.referral(case, by, state="referred")
        self.referral(case, by, state="under_way")
        self.referral(case, by, state="ended")
        self.placement(case, by, complete=False)
        self.restorative_justice(case, by, victims[0])
        self.safety_plan(case, by, victims[0])

    def referral(self, case: Case, by: User, state: str = "") -> None:
        rng = self.rng
        last = self._last_day(case)
        referred_on = self._day(min(case.start_date + timedelta(days=rng.randint(3, 20)), last))
        intervention = rng.choice(self.catalogue)
        row = InterventionReferral(
            case=case,
            intervention=intervention,
            referred_on=referred_on,
            reason=rng.choice(REASONS),
            recorded_by=by,
            recorded_at=self._recorded(referred_on),
        )
        span = (last - referred_on).days
        if not state:
            if case.end_date is not None:
                state = "ended" if span >= 10 else "referred"
            else:
                state = rng.choice(["referred", "under_way", "under_way", "ended"]) if span >= 30 else "referred"
        planned = intervention.sessions or 6
        if state in ("under_way", "ended") and span >= 2:
            row.started_on = referred_on + timedelta(days=rng.randint(1, min(10, span)))
            weeks = max(0, (last - row.started_on).days // 7)
            row.sessions_offered = max(1, min(planned, weeks + 1))
            row.sessions_attended = rng.randint(max(0, row.sessions_offered - 2), row.sessions_offered)
        if state == "ended" and row.started_on is not None:
            outcome = rng.choices(
                [ReferralOutcome.COMPLETED, ReferralOutcome.PARTLY_COMPLETED, ReferralOutcome.NOT_COMPLETED,
                 ReferralOutcome.WITHDRAWN],
                [60, 15, 15, 10],
            )[0]  # fmt: skip
            if outcome == ReferralOutcome.COMPLETED:
                row.sessions_attended = row.sessions_offered
            row.outcome = outcome
            row.ended_on = self._day(min(row.started_on + timedelta(days=7 * row.sessions_offered), last))
        self.rows[InterventionReferral].append(row)

    def placement(self, case: Case, by: User, complete: bool | None = None) -> None:
        rng = self.rng
        last = self._last_day(case)
        started_on = self._day(min(case.start_date + timedelta(days=rng.randint(7, 21)), last))
        name, description = rng.choice(PLACEMENTS)
        ordered = rng.choice([6, 8, 10, 12, 20])
        placement = ReparationPlacement(
            case=case,
            placement=name,
            description=description,
            hours_ordered=ordered,
            started_on=started_on,
            recorded_by=by,
            recorded_at=self._recorded(started_on),
        )
        done, day = Decimal(0), started_on
        while day <= last and done < ordered:
            hours = min(Decimal(rng.choice(["2", "2.5", "3"])), ordered - done)
            if complete is False and done + hours >= ordered:
                break
            self.sessions.append(
                (
                    placement,
                    ReparationSession(done_on=day, hours=hours, recorded_by=by, recorded_at=self._recorded(day)),
                )
            )
            done += hours
            if done >= ordered:
                placement.completed_on = day
            day += timedelta(days=7)
        self.rows[ReparationPlacement].append(placement)

    def restorative_justice(self, case: Case, by: User, victim: Victim) -> None:
        rng = self.rng
        part = rng.choice(VictimPart.values)
        kind = rng.choice(RestorativeType.values) if part == VictimPart.TOOK_PART else RestorativeType.LETTER
        held_on = self._day(case.start_date + timedelta(days=rng.randint(20, 60)))
        took_place = part in (VictimPart.TOOK_PART, VictimPart.INFORMED)
        self.rows[RestorativeJustice].append(
            RestorativeJustice(
                case=case,
                victim=victim,
                restorative_type=kind,
                victim_part=part,
                held_on=held_on if took_place else None,
                outcome="A letter of apology was written and passed on." if took_place else "",
                recorded_by=by,
                recorded_at=self._recorded(held_on),
            )
        )

    def safety_plan(self, case: Case, by: User, victim: Victim) -> None:
        agreed_on = self._day(case.start_date + timedelta(days=self.rng.randint(2, 10)))
        self.rows[VictimSafetyPlan].append(
            VictimSafetyPlan(
                case=case,
                victim=victim,
                measures="No contact with the victim, directly or through others; not to enter the street where the "
                "victim lives; the victim has the YJS victim worker's number.",
                agreed_on=agreed_on,
                review_on=agreed_on + timedelta(days=90),
                recorded_by=by,
                recorded_at=self._recorded(agreed_on),
            )
        )


register_demo_step("interventions", order=70, load=lambda scale: load_interventions_demo())
