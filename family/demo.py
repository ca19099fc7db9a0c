"""Demo data for the family around the child and the child's needs (DESIGN.md §8, §11), so that the
family and needs pages, the case page's section, the timeline and the board report's needs
indicators have something to show.

For every child with a case: parents and carers (with contact details), brothers and sisters, the
professionals around the child, and for each case a needs record of every kind near its start
and, for a case that ended (or has run for a while), another near its end, so that history shows
and the board report can read what held at the start and at the end of each order. The values
follow what the cases demo recorded about the child (looked after, education status, SEND, EHCP)
and, for the rest, proportions like those a youth justice service sees.

Written in bulk (a few thousand rows); the records keep past "recorded at" times (the day after
their date). Safe to run again: a second run finds family members and adds nothing.
"""

from __future__ import annotations

import random
import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from cases.demo import ADULT_FIRST_NAMES, ADULT_SURNAMES, timestamps_as_given
from cases.models import Case, Child, EducationStatus
from yjs.demo import register_demo_step
from yjs.models import User

from .models import (
    NEEDS_MODELS,
    Accommodation,
    AccommodationType,
    Communication,
    Education,
    EducationType,
    FamilyMember,
    FamilyMemberContactDetails,
    MentalHealth,
    Professional,
    ProfessionalRole,
    Relationship,
    SendPlan,
    SubstanceMisuse,
)

LONDON = ZoneInfo("Europe/London")
SCHOOLS = ["Northfield Academy", "St Anne's High School", "Riverside Pupil Referral Unit", "Castle Vale School"]
COLLEGES = ["City College", "Eastgate Further Education College"]
TRAINING = ["Northern Skills Training", "Brightstart Apprenticeships"]
EMPLOYERS = ["Greenway Garage", "Market Street Café"]
UNSUITABLE = {
    AccommodationType.SOFA_SURFING: "Staying with different friends most nights; no settled address.",
    AccommodationType.BED_AND_BREAKFAST: "Placed in a bed and breakfast by the council after leaving home.",
    AccommodationType.NO_FIXED_ABODE: "Left home after an argument; whereabouts not known most nights.",
    AccommodationType.PARENTS: "Overcrowded and a risk to the child from a parent's partner.",
}
EDUCATION = {
    # education status: (type, providers, hours offered)
    EducationStatus.SCHOOL: (EducationType.MAINSTREAM_SCHOOL, SCHOOLS[:2] + SCHOOLS[3:], 25),
    EducationStatus.ALTERNATIVE_PROVISION: (EducationType.ALTERNATIVE_PROVISION, SCHOOLS[2:3], 15),
    EducationStatus.ELECTIVE_HOME_EDUCATION: (EducationType.HOME_EDUCATION, ["Home"], 10),
    EducationStatus.COLLEGE: (EducationType.COLLEGE, COLLEGES, 16),
    EducationStatus.TRAINING: (EducationType.TRAINING, TRAINING, 30),
    EducationStatus.EMPLOYMENT: (EducationType.EMPLOYMENT, EMPLOYERS, 30),
    EducationStatus.EXCLUDED: (EducationType.ALTERNATIVE_PROVISION, SCHOOLS[2:3], 10),
    EducationStatus.NEET: (EducationType.NONE, [""], 0),
    EducationStatus.UNKNOWN: (EducationType.MAINSTREAM_SCHOOL, SCHOOLS[:2], 25),
}
PROFESSIONALS = [
    (ProfessionalRole.HEALTH, "School nursing service"),
    (ProfessionalRole.CAMHS, "CAMHS North"),
    (ProfessionalRole.OTHER, "Youth service"),
]


def load_family_demo(*, today: date | None = None, seed: int = 2026) -> str:
    """The family demo, once (a second run finds family members and adds nothing)."""
    if FamilyMember.objects.exists():
        return "family demo already loaded"
    workers = {user.username: user for user in User.objects.filter(username__in=["caseworker", "caseworker2"])}
    if len(workers) < 2:
        return "no family demo: load the demo users first"
    today = today or timezone.localdate()
    cases = list(
        Case.objects.filter(child__known_to_yjs=True).select_related("child", "allocated_to").order_by("child_id", "id")
    )
    if not cases:
        return "no family demo: load the cases demo first"
    builder = Builder(random.Random(seed), today, workers["caseworker"])  # noqa: S311 (demo data)
    by_child: dict[int, list[Case]] = {}
    for case in cases:
        by_child.setdefault(case.child_id, []).append(case)
    for child_cases in by_child.values():
        builder.child(child_cases[0].child, child_cases)
    with transaction.atomic(), timestamps_as_given([(model, "recorded_at") for model in builder.models]):
        builder.write()
    return (
        f"family demo: {FamilyMember.objects.count()} family members, {Professional.objects.count()} professionals, "
        f"{sum(model.objects.count() for model in NEEDS_MODELS)} needs records"
    )


def _at(day: date) -> datetime:
    return datetime.combine(day, time(15), tzinfo=LONDON)


class Builder:
    """The rows of the family demo, built in memory and written in bulk."""

    models = (FamilyMember, Professional, *NEEDS_MODELS)

    def __init__(self, rng: random.Random, today: date, worker: User):
        self.rng, self.today, self.worker = rng, today, worker
        self.rows: dict[type[Model], list[Model]] = {model: [] for model in self.models}
        self.details: list[tuple[FamilyMember, FamilyMemberContactDetails]] = []

    def write(self) -> None:
        for model, rows in self.rows.items():
            model.objects.bulk_create(rows, batch_size=1000)
        for member, details in self.details:
            details.member = member
        FamilyMemberContactDetails.objects.bulk_create([details for _, details in self.details], batch_size=1000)

    def _add(self, row: Model) -> None:
        self.rows[type(row)].append(row)

    # --- one child ---

    def child(self, child: Child, cases: list[Case]) -> None:
        rng = self.rng
        by = cases[-1].allocated_to or self.worker
        first = min(case.start_date for case in cases)
        self.family(child, by, self._day(first + timedelta(days=rng.randint(2, 10))))
        self.professionals(child, by, first)
        for case in cases:
            self.needs(child, case, by or self.worker)

    def _day(self, day: date) -> date:
        return min(day, self.today)

    def family(self, child: Child, by: User, on: date) -> None:
        rng = self.rng
        surname = child.surname
        looked_after = child.looked_after
        members = [
            (Relationship.MOTHER, f"{rng.choice(ADULT_FIRST_NAMES[:8])} {surname}", True, not looked_after),
            (
                Relationship.FATHER,
                f"{rng.choice(ADULT_FIRST_NAMES[8:])} {rng.choice([surname, *ADULT_SURNAMES])}",
                rng.random() < 0.8,
                not looked_after and rng.random() < 0.45,
            ),
        ]
        for _ in range(rng.choices([0, 1, 2, 3], [20, 40, 30, 10])[0]):
            relationship = rng.choice([Relationship.SIBLING, Relationship.SIBLING, Relationship.HALF_SIBLING])
            members.append(
                (
                    relationship,
                    f"{rng.choice(['Leah', 'Kai', 'Mia', 'Josh', 'Ava', 'Zak'])} {surname}",
                    False,
                    not looked_after,
                )
            )
        if looked_after:
            carer = rng.choice([Relationship.FOSTER_CARER, Relationship.RESIDENTIAL_CARER, Relationship.KINSHIP_CARER])
            members.append((carer, f"{rng.choice(ADULT_FIRST_NAMES)} {rng.choice(ADULT_SURNAMES)}", False, True))
        elif rng.random() < 0.2:
            members.append(
                (Relationship.GRANDPARENT, f"{rng.choice(ADULT_FIRST_NAMES)} {surname}", False, rng.random() < 0.5)
            )
        for relationship, name, responsibility, lives_with in members:
            member = FamilyMember(
                child=child,
                name=name,
                relationship=relationship,
                parental_responsibility=responsibility,
                lives_with_child=lives_with,
                recorded_by=by,
                recorded_at=_at(on),
            )
            self._add(member)
            if relationship not in (Relationship.SIBLING, Relationship.HALF_SIBLING):
                first, last = (re.sub(r"[^a-z]", "", part.lower()) for part in (name.split()[0], surname))
                address = child.address if lives_with and child.address else ""
                self.details.append(
                    (
                        member,
                        FamilyMemberContactDetails(
                            phone=f"07700 9{rng.randint(10000, 99999)}",
                            email=f"{first}.{last}@example.org" if rng.random() < 0.6 else "",
                            address=address,
                        ),
                    )
                )

    def professionals(self, child: Child, by: User, first: date) -> None:
        rng = self.rng
        on = self._day(first + timedelta(days=rng.randint(3, 20)))
        rows = []
        if child.looked_after or child.social_worker_name:
            name = child.social_worker_name or f"{rng.choice(ADULT_FIRST_NAMES)} {rng.choice(ADULT_SURNAMES)}"
            rows.append(
                (ProfessionalRole.SOCIAL_WORKER, name, child.responsible_local_authority or "Children's services")
            )
        education = EDUCATION.get(child.education_status, EDUCATION[EducationStatus.UNKNOWN])
        if education[0] in (EducationType.MAINSTREAM_SCHOOL, EducationType.ALTERNATIVE_PROVISION):
            rows.append(
                (
                    ProfessionalRole.SCHOOL,
                    f"{rng.choice(ADULT_FIRST_NAMES)} {rng.choice(ADULT_SURNAMES)}",
                    rng.choice(education[1]),
                )
            )
        if rng.random() < 0.4:
            role, organisation = rng.choice(PROFESSIONALS)
            rows.append((role, f"{rng.choice(ADULT_FIRST_NAMES)} {rng.choice(ADULT_SURNAMES)}", organisation))
        for role, name, organisation in rows:
            self._add(
                Professional(
                    child=child,
                    role=role,
                    role_detail="Youth worker" if role == ProfessionalRole.OTHER else "",
                    name=name,
                    organisation=organisation,
                    phone=f"0161 496 {rng.randint(1000, 9999)}",
                    from_date=on,
                    recorded_by=by,
                    recorded_at=_at(on),
                )
            )

    def needs(self, child: Child, case: Case, by: User) -> None:
        """A record of each kind near the case's start; near its end (or now) another, if it ran long enough."""
        rng = self.rng
        start = self._day(case.start_date + timedelta(days=rng.randint(1, 12)))
        end = case.end_date or self.today
        profile = Profile(rng, child)
        self.snapshot(child, by, start, profile, later=False)
        if (end - start).days >= 30:
            on = self._day(end - timedelta(days=rng.randint(0, 10)))
            profile.move_on()
            self.snapshot(child, by, max(on, start + timedelta(days=1)), profile, later=True)

    def snapshot(self, child: Child, by: User, on: date, p: Profile, *, later: bool) -> None:
        common = {"child": child, "from_date": on, "recorded_by": by, "recorded_at": _at(on)}
        self._add(
            Accommodation(
                **common,
                accommodation_type=p.accommodation,
                suitable=p.suitable,
                unsuitable_reason="" if p.suitable else UNSUITABLE[p.accommodation],
            )
        )
        self._add(
            Education(
                **common,
                education_type=p.education_type,
                provider=p.provider,
                hours_offered=p.hours_offered,
                hours_attended=p.hours_attended,
                send_identified=p.send,
                send_plan=p.plan,
                notes="Attendance improving since the reintegration plan." if later and p.improving else "",
            )
        )
        self._add(
            Communication(
                **common, screened=p.screened, need_identified=p.slcn, support_in_place=p.slcn and p.slcn_support
            )
        )
        self._add(
            MentalHealth(
                **common, need_identified=p.mental_health, referred=p.mh_referred, receiving_support=p.mh_support
            )
        )
        self._add(
            SubstanceMisuse(
                **common,
                need_identified=p.substances,
                referred=p.sm_referred,
                receiving_intervention=p.sm_intervention,
            )
        )


class Profile:
    """What holds for one child at a case's start, and how it moves on by its end."""

    def __init__(self, rng: random.Random, child: Child):
        self.rng = rng
        if child.looked_after:
            self.accommodation = rng.choice([AccommodationType.FOSTER_CARE, AccommodationType.CHILDRENS_HOME])
            self.suitable = rng.random() < 0.85
            if not self.suitable:
                self.accommodation = AccommodationType.BED_AND_BREAKFAST
        else:
            self.suitable = rng.random() < 0.75
            self.accommodation = (
                AccommodationType.PARENTS
                if self.suitable
                else rng.choice(
                    [AccommodationType.SOFA_SURFING, AccommodationType.NO_FIXED_ABODE, AccommodationType.PARENTS]
                )
            )
        education = EDUCATION.get(child.education_status, EDUCATION[EducationStatus.UNKNOWN])
        self.education_type, providers, self.hours_offered = education
        self.provider = rng.choice(providers)
        self.rate = rng.choice([0.4, 0.6, 0.8, 1.0])
        self.hours_attended = int(self.hours_offered * self.rate)
        self.improving = False
        self.send = child.special_educational_needs or rng.random() < 0.15
        self.plan = SendPlan.EHCP if child.education_health_care_plan and self.send else SendPlan.NONE
        self.screened = rng.random() < 0.7
        self.slcn = self.screened and rng.random() < 0.35
        self.slcn_support = rng.random() < 0.6
        self.mental_health = rng.random() < 0.4
        self.mh_referred = self.mental_health and rng.random() < 0.8
        self.mh_support = self.mh_referred and rng.random() < 0.6
        self.substances = rng.random() < 0.3
        self.sm_referred = self.substances and rng.random() < 0.75
        self.sm_intervention = self.sm_referred and rng.random() < 0.55

    def move_on(self) -> None:
        """By the end of the order: most unsuitable accommodation resolved, attendance often better,
        support started for some identified needs, a few new plans."""
        rng = self.rng
        if not self.suitable and rng.random() < 0.4:
            self.suitable, self.accommodation = True, AccommodationType.RELATIVES
        if self.hours_offered and self.rate < 1.0 and rng.random() < 0.5:
            self.rate = min(1.0, self.rate + 0.2)
            self.hours_attended = int(self.hours_offered * self.rate)
            self.improving = True
        if self.send and self.plan == SendPlan.NONE and rng.random() < 0.3:
            self.plan = SendPlan.EHCP
        if not self.screened:
            self.screened = rng.random() < 0.6
        if self.mental_health and not self.mh_support and rng.random() < 0.5:
            self.mh_referred = self.mh_support = True
        if self.substances and not self.sm_intervention and rng.random() < 0.4:
            self.sm_referred = self.sm_intervention = True


# Registered with yjs.demo: after every demo that opens cases (cases, out-of-court disposals), before the
# governance demo's board report, which counts the needs at the end of each order.
register_demo_step("family", order=60, load=lambda scale: load_family_demo())
