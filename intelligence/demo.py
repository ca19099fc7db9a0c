"""Synthetic information requests for the demo and the benchmarks (DESIGN.md §8).

``load_intelligence_demo(scale=1)`` adds about 60 requests, of every type and in every
state, about the cases already in the database (run the cases demo first): open,
supplied, closed with a safeguarding referral, withdrawn, urgent with the written request
in time, late or still awaited, sensitive with the officer in the case consulted, phone
contact checks approved and not approved, repeat social media reviews with their
authorisation, corrections as addenda, and a few breaches for the audit to find.

Requests are made in units of 60, each from its own generator seeded by ``seed`` and the
unit's number, so a run is deterministic and a larger scale only adds the missing units:
running it twice never duplicates anything. Without the demo users or any case it does
nothing. Rows are written directly (``bulk_create``), not through the services, because
demo history needs past times of supply, which the services rightly stamp with "now";
every row is in a state the services could have produced, and no audit events are made
(nobody did this work).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from cases.models import Case, CaseStatus, CaseType
from yjs.demo import register_data_set_step, register_demo_step
from yjs.models import User
from yjs.working_days import add_working_days, is_working_day

from .models import (
    Addendum,
    InformationRequest,
    PhoneCheckOutcome,
    PoliceSystem,
    RequestStatus,
    RequestType,
    SensitiveContext,
)
from .services import NO_TRACE, written_request_due

REQUESTS_PER_UNIT = 60
# The cases some kinds of request are about.
PREFERRED_CASE_TYPES = {
    RequestType.OOCD_RESEARCH: {CaseType.DIVERSION, CaseType.PREVENTION},
    RequestType.RESETTLEMENT_NOTICE: {CaseType.DETENTION_AND_TRAINING_ORDER},
    RequestType.PHONE_CONTACT_CHECK: {CaseType.DETENTION_AND_TRAINING_ORDER, CaseType.REMAND},
    RequestType.BAIL_ADDRESS_CHECK: {CaseType.REMAND, CaseType.BAIL_SUPPORT},
}
DEMO_USERNAMES = ["caseworker", "caseworker2", "manager", "police"]

# Each unit starts with one request of every one of these, then draws from SCENARIO_WEIGHTS.
SCENARIOS = [
    "open",
    "open_sensitive",
    "supplied",
    "supplied_no_trace",
    "closed",
    "additional",
    "urgent_written_in_time",
    "urgent_written_late",
    "urgent_written_awaited",
    "urgent_written_overdue",
    "oocd_research",
    "safeguarding_referred_closed",
    "safeguarding_awaiting_referral",
    "sensitive_oic_consulted",
    "phone_check_approved",
    "phone_check_not_approved",
    "phone_check_open",
    "bail_address_check",
    "social_media_first",
    "social_media_repeat",
    "resettlement_notice",
    "withdrawn",
    "addendum",
]
SCENARIO_WEIGHTS = {
    "open": 6,
    "supplied": 10,
    "supplied_no_trace": 4,
    "closed": 12,
    "additional": 4,
    "urgent_written_in_time": 3,
    "urgent_written_late": 1,
    "oocd_research": 4,
    "safeguarding_referred_closed": 2,
    "sensitive_oic_consulted": 3,
    "phone_check_approved": 1,
    "phone_check_not_approved": 1,
    "bail_address_check": 2,
    "social_media_first": 1,
    "resettlement_notice": 1,
    "withdrawn": 2,
    "addendum": 2,
}

ASKED = {
    RequestType.RISK: [
        "Any weapons markers or intelligence about carrying a knife",
        "Recent police contact: arrests, stop and search, missing episodes",
        "Known associates linked to county lines activity",
        "Any intelligence about threats towards the child",
        "Domestic abuse call-outs to the home address in the last year",
    ],
    RequestType.ADDITIONAL: [
        "Address history for the last two years",
        "Whether the mother's new partner is known to the police",
        "Outcome of the incident at school reported last month",
    ],
    RequestType.URGENT: [
        "Is it safe for staff to visit the home address this afternoon?",
        "Any warning markers for the address before today's home visit",
        "Whereabouts information: the child has been reported missing",
    ],
    RequestType.OOCD_RESEARCH: [
        "Police research for the out-of-court disposal panel: offending, family, domestic abuse, other forces",
        "Previous outcomes and intelligence for the joint decision-making panel",
    ],
    RequestType.BAIL_ADDRESS_CHECK: [
        "Suitability of the proposed bail address at the grandmother's",
        "Bail address check: aunt's address, any residents known to the police",
    ],
    RequestType.SOCIAL_MEDIA_REVIEW: [
        "Review of the child's open social media for drill videos naming rivals",
        "Open-source check of accounts linked to the offence",
    ],
    RequestType.RESETTLEMENT_NOTICE: [
        "Release address and licence conditions for the police area before release",
    ],
}

REASONS = [
    "Needed to plan a joint home visit safely",
    "Relevant to the risk of serious harm assessment due this week",
    "The child disclosed a new relationship that may be exploitative",
    "Needed for the pre-sentence report",
]

SUPPLIED = [
    "Stopped and searched in March: nothing found. Named in two intelligence reports as an associate of an "
    "organised crime group member.",
    "Arrested last month for possession of a bladed article; released under investigation.",
    "Address has a warning marker for a dog; no recent calls.",
    "Two domestic incidents recorded at the address, most recent eight months ago; no arrests.",
    "Reported missing twice this year, found each time within 24 hours in another force area.",
    "Intelligence suggests the child is being exploited to carry drugs; passed to the exploitation team.",
]

CONTACTS = ["Mary Jones (aunt)", "Kevin Walsh (uncle)", "Sandra Okoro (grandmother)", "Leah Byrne (family friend)"]
OFFICERS = ["DC Patel", "DS Hughes", "DC O'Brien", "DC Clarke", "DS Ahmed", "DC Nowak"]
PARTNERS = ["Children's social care (MASH)", "Adult social care", "Early help hub"]
CORRECTIONS = [
    "Correction: the arrest was in April, not March.",
    "Further information: the investigation has now concluded with no further action.",
    "Addition: a second address is linked to the child in the intelligence report.",
]


@dataclass
class Staff:
    case_worker: dict[int, User]  # by team id
    manager: User
    police: User
    manager_team_ids: frozenset[int]


def demo_requests_count(staff: Staff) -> int:
    requesters = [*staff.case_worker.values(), staff.manager]
    return InformationRequest.objects.filter(requested_by__in=requesters).count()


def load_intelligence_demo(*, seed: int = 2026, scale: int = 1, now: datetime | None = None) -> str:
    """Add ``scale`` units of 60 synthetic information requests (those missing)."""
    staff = _staff()
    cases = list(Case.objects.select_related("child", "team", "allocated_to").order_by("id")[: max(300, 300 * scale)])
    if staff is None or not cases:
        return "no information requests: load the demo users and cases first"
    units_done = demo_requests_count(staff) // REQUESTS_PER_UNIT
    if units_done >= scale:
        return f"{units_done * REQUESTS_PER_UNIT} demo information requests already loaded"
    now = now or timezone.now()
    systems = {system.code: system for system in PoliceSystem.objects.all()}
    with transaction.atomic(), _addenda_dated_as_given():
        for unit in range(units_done, scale):
            UnitBuilder(staff, cases, systems, unit=unit, seed=seed, now=now).write()
    added = (scale - units_done) * REQUESTS_PER_UNIT
    return f"{added} demo information requests added ({scale * REQUESTS_PER_UNIT} in all)"


def _staff() -> Staff | None:
    users = {user.username: user for user in User.objects.filter(username__in=DEMO_USERNAMES)}
    if set(users) != set(DEMO_USERNAMES):
        return None
    case_worker = {}
    for username in ("caseworker2", "caseworker"):  # North's worker wins a team both are in
        case_worker.update(dict.fromkeys(users[username].team_ids, users[username]))
    return Staff(
        case_worker=case_worker,
        manager=users["manager"],
        police=users["police"],
        manager_team_ids=users["manager"].team_ids,
    )


@contextmanager
def _addenda_dated_as_given() -> Iterator[None]:
    field = Addendum._meta.get_field("added_at")
    field.auto_now_add = False
    try:
        yield
    finally:
        field.auto_now_add = True


class UnitBuilder:
    """One unit of requests from one seeded generator."""

    def __init__(self, staff: Staff, cases: list[Case], systems, *, unit: int, seed: int, now: datetime) -> None:
        self.staff, self.systems, self.now = staff, systems, now
        self.rng = random.Random(seed * 1_000_003 + unit + 7)  # noqa: S311 (invented data, not secrets)
        self.open_cases = [case for case in cases if case.status == CaseStatus.OPEN] or cases
        self.cases = cases
        self.requests: list[InformationRequest] = []
        self.searched: list[list[str]] = []
        self.addenda: list[tuple[int, Addendum]] = []

    # --- choosing ---

    def scenarios(self) -> list[str]:
        names, weights = list(SCENARIO_WEIGHTS), list(SCENARIO_WEIGHTS.values())
        extra = self.rng.choices(names, weights, k=REQUESTS_PER_UNIT - len(SCENARIOS))
        return [*SCENARIOS, *extra]

    def case_for(self, request_type: str) -> Case:
        preferred = PREFERRED_CASE_TYPES.get(request_type)
        fitting = [case for case in self.open_cases if preferred and case.case_type in preferred]
        return self.rng.choice(fitting or self.open_cases)

    def requester(self, case: Case) -> User:
        staff = self.staff
        if case.team_id in staff.manager_team_ids and self.rng.random() < 0.15:
            return staff.manager
        if case.allocated_to_id and case.allocated_to in staff.case_worker.values():
            return case.allocated_to
        return staff.case_worker.get(case.team_id) or self.rng.choice(list(staff.case_worker.values()))

    def moment(self, days_ago: tuple[int, int]) -> datetime:
        """A time in working hours, between the given numbers of days ago."""
        today = timezone.localdate(self.now)
        day = today - timedelta(days=self.rng.randint(*days_ago))
        while not is_working_day(day):
            day -= timedelta(days=1)
        when = timezone.make_aware(datetime.combine(day, time(self.rng.randint(9, 16), self.rng.choice([0, 15, 30]))))
        return min(when, self.now - timedelta(minutes=30))

    def later(self, start: datetime, hours: tuple[float, float]) -> datetime:
        return min(start + timedelta(hours=self.rng.uniform(*hours)), self.now - timedelta(minutes=5))

    # --- building ---

    def write(self) -> None:
        for scenario in self.scenarios():
            getattr(self, f"build_{scenario}")()
        InformationRequest.objects.bulk_create(self.requests)
        through = InformationRequest.systems_searched.through
        through.objects.bulk_create(
            through(informationrequest_id=request.pk, policesystem_id=self.systems[code].pk)
            for request, codes in zip(self.requests, self.searched, strict=True)
            for code in codes
            if code in self.systems
        )
        for index, addendum in self.addenda:
            addendum.request = self.requests[index]
        Addendum.objects.bulk_create(addendum for _, addendum in self.addenda)

    def new(self, request_type: str, *, days_ago=(1, 90), **fields) -> InformationRequest:
        rng = self.rng
        case = self.case_for(request_type)
        requested_at = self.moment(days_ago)
        request = InformationRequest(
            child=case.child,
            case=case,
            request_type=request_type,
            requested_at=requested_at,
            requested_by=self.requester(case),
            what_requested=rng.choice(ASKED.get(request_type, ASKED[RequestType.RISK])),
            reason=rng.choice(REASONS) if request_type == RequestType.ADDITIONAL or rng.random() < 0.3 else "",
        )
        for name, value in fields.items():
            setattr(request, name, value)
        self.requests.append(request)
        self.searched.append([])
        return request

    def supply(self, request: InformationRequest, codes=None, text=None, hours=(0.5, 30)) -> InformationRequest:
        rng = self.rng
        if request.sensitive_context != SensitiveContext.NONE:
            request.oic_consulted_name = rng.choice(OFFICERS)
            request.oic_consulted_at = self.later(request.requested_at, (0.2, 2))
            start = request.oic_consulted_at
        else:
            start = request.requested_at
        request.supplied_at = self.later(start, hours)
        request.supplied_by = self.staff.police
        request.information_supplied = text or rng.choice(SUPPLIED)
        request.status = RequestStatus.SUPPLIED
        self.searched[-1] = codes or rng.sample(["pnc", "pnd", "local_records", "intelligence", "custody"], 2)
        return request

    def close(self, request: InformationRequest) -> InformationRequest:
        request.status = RequestStatus.CLOSED
        request.closed_at = self.later(request.safeguarding_referral_at or request.supplied_at, (1, 48))
        return request

    def build_open(self) -> None:
        self.new(RequestType.RISK, days_ago=(0, 3))

    def build_open_sensitive(self) -> None:
        self.new(RequestType.RISK, days_ago=(0, 2), sensitive_context=SensitiveContext.LIVE_INVESTIGATION)

    def build_supplied(self) -> None:
        self.supply(self.new(RequestType.RISK))

    def build_supplied_no_trace(self) -> None:
        self.supply(self.new(RequestType.RISK), text=NO_TRACE)

    def build_closed(self) -> None:
        self.close(self.supply(self.new(self.rng.choice([RequestType.RISK, RequestType.ADDITIONAL]))))

    def build_additional(self) -> None:
        self.supply(self.new(RequestType.ADDITIONAL))

    def _urgent(self, days_ago=(10, 90)) -> InformationRequest:
        request = self.new(RequestType.URGENT, days_ago=days_ago)
        request.written_request_due_at = written_request_due(request.requested_at)
        self.supply(request, hours=(0.2, 2))
        return request

    def build_urgent_written_in_time(self) -> None:
        request = self._urgent()
        request.reason = request.reason or self.rng.choice(REASONS)
        request.written_request_at = self.later(request.supplied_at, (1, 20))
        request.written_request_at = min(request.written_request_at, request.written_request_due_at)

    def build_urgent_written_late(self) -> None:
        request = self._urgent(days_ago=(20, 90))
        request.reason = request.reason or self.rng.choice(REASONS)
        request.written_request_at = request.written_request_due_at + timedelta(days=self.rng.randint(1, 5))

    def build_urgent_written_awaited(self) -> None:
        request = self._urgent(days_ago=(0, 0))
        request.what_requested = request.reason = ""

    def build_urgent_written_overdue(self) -> None:
        request = self._urgent(days_ago=(10, 30))
        request.what_requested = request.reason = ""

    def build_oocd_research(self) -> None:
        request = self.new(RequestType.OOCD_RESEARCH)
        self.supply(request, codes=["pnc", "local_records", "intelligence", "pnd"], hours=(4, 60))

    def _safeguarding(self) -> InformationRequest:
        request = self.new(RequestType.OOCD_RESEARCH, days_ago=(5, 90))
        self.supply(request, codes=["pnc", "local_records", "intelligence"])
        request.safeguarding_concern = True
        return request

    def build_safeguarding_referred_closed(self) -> None:
        request = self._safeguarding()
        request.safeguarding_referral_to = self.rng.choice(PARTNERS)
        request.safeguarding_referral_reference = f"MASH-{request.requested_at:%Y}-{self.rng.randint(1000, 9999)}"
        request.safeguarding_referral_at = self.later(request.supplied_at, (0.5, 6))
        self.close(request)

    def build_safeguarding_awaiting_referral(self) -> None:
        self._safeguarding()

    def build_sensitive_oic_consulted(self) -> None:
        context = self.rng.choice(
            [SensitiveContext.LIVE_INVESTIGATION, SensitiveContext.CHILD_IN_CUSTODY, SensitiveContext.SERIOUS_OFFENCE]
        )
        self.supply(self.new(RequestType.RISK, sensitive_context=context))

    def _phone_check(self, days_ago=(1, 90)) -> InformationRequest:
        request = self.new(
            RequestType.PHONE_CONTACT_CHECK,
            days_ago=days_ago,
            contact_name=self.rng.choice(CONTACTS),
            contact_phone=f"07700 900{self.rng.randint(0, 999):03d}",
            what_requested="Suitability of a phone contact for the child in custody",
        )
        request.contact_consent_recorded_at = request.requested_at
        return request

    def build_phone_check_approved(self) -> None:
        request = self.supply(self._phone_check(), codes=["pnc", "local_records"], text="Not known: suitable")
        request.contact_not_a_victim = request.contact_not_a_co_offender = True
        request.phone_check_outcome = PhoneCheckOutcome.APPROVED

    def build_phone_check_not_approved(self) -> None:
        request = self.supply(
            self._phone_check(), codes=["pnc", "local_records"], text="Named as a co-accused in the index offence"
        )
        request.contact_not_a_victim, request.contact_not_a_co_offender = True, False
        request.phone_check_outcome = PhoneCheckOutcome.NOT_APPROVED

    def build_phone_check_open(self) -> None:
        self._phone_check(days_ago=(0, 2))

    def build_bail_address_check(self) -> None:
        self.supply(self.new(RequestType.BAIL_ADDRESS_CHECK), codes=["pnc", "local_records", "command_and_control"])

    def build_social_media_first(self) -> None:
        self.supply(self.new(RequestType.SOCIAL_MEDIA_REVIEW), codes=["social_media"])

    def build_social_media_repeat(self) -> None:
        request = self.new(
            RequestType.SOCIAL_MEDIA_REVIEW,
            repeat_viewing=True,
            authorisation_reference=f"AUTH-{self.rng.randint(100, 999)}",
        )
        self.supply(request, codes=["social_media"])

    def build_resettlement_notice(self) -> None:
        request = self.new(RequestType.RESETTLEMENT_NOTICE)
        release = add_working_days(timezone.localdate(request.requested_at), 10)
        request.what_requested = (
            f"Release on {release:%d %B %Y} to the approved address; licence conditions: curfew 19:00–07:00, "
            "no contact with the co-defendants, report to the YJS weekly"
        )
        self.close(self.supply(request, codes=["local_records"], text="Noted on local systems; area team informed"))

    def build_withdrawn(self) -> None:
        request = self.new(RequestType.RISK)
        request.status = RequestStatus.WITHDRAWN
        request.closed_at = self.later(request.requested_at, (0.5, 8))

    def build_addendum(self) -> None:
        request = self.supply(self.new(RequestType.RISK, days_ago=(10, 90)))
        added_at = self.later(request.supplied_at, (24, 120))
        addendum = Addendum(text=self.rng.choice(CORRECTIONS), added_by=self.staff.police, added_at=added_at)
        self.addenda.append((len(self.requests) - 1, addendum))


# --- At scale (benchmarks) ---------------------------------------------------------------------

UNITS_PER_TRANSACTION = 50


def load_intelligence_history(*, requests: int, seed: int = 2026, now: datetime | None = None) -> str:
    """The units of ``load_intelligence_demo`` up to ``requests`` requests, about every open case
    rather than the first few hundred: the same scenarios and generators, with the cases each
    kind of request is about found once rather than per request (50,000 requests in about a minute)."""
    staff = _staff()
    if staff is None:
        return "no information requests: load the demo users and cases first"
    units = -(-requests // REQUESTS_PER_UNIT)
    units_done = demo_requests_count(staff) // REQUESTS_PER_UNIT
    if units_done >= units:
        return f"{units_done * REQUESTS_PER_UNIT:,} demo information requests already loaded"
    open_cases = list(
        Case.objects.filter(status=CaseStatus.OPEN)
        .select_related("child")
        .only("id", "child__id", "team_id", "allocated_to_id", "status", "case_type")
        .order_by("id")
    )
    if not open_cases:
        return "no information requests: load the demo cases first"
    now = now or timezone.now()
    systems = {system.code: system for system in PoliceSystem.objects.all()}
    fitting = {
        request_type: [case for case in open_cases if case.case_type in types]
        for request_type, types in PREFERRED_CASE_TYPES.items()
    }
    for first in range(units_done, units, UNITS_PER_TRANSACTION):
        with transaction.atomic(), _addenda_dated_as_given():
            for unit in range(first, min(first + UNITS_PER_TRANSACTION, units)):
                _QuickUnitBuilder(staff, open_cases, fitting, systems, unit=unit, seed=seed, now=now).write()
    added = (units - units_done) * REQUESTS_PER_UNIT
    return f"{added:,} demo information requests added ({units * REQUESTS_PER_UNIT:,} in all)"


class _QuickUnitBuilder(UnitBuilder):
    """``UnitBuilder`` drawing the same random choices from lists made once for every unit."""

    def __init__(self, staff: Staff, open_cases: list[Case], fitting: dict, systems, *, unit, seed, now) -> None:
        self.staff, self.systems, self.now = staff, systems, now
        self.rng = random.Random(seed * 1_000_003 + unit + 7)  # noqa: S311 (invented data, not secrets)
        self.open_cases = self.cases = open_cases
        self.fitting = fitting
        self.workers = {user.pk: user for user in staff.case_worker.values()}
        self.requests, self.searched, self.addenda = [], [], []

    def case_for(self, request_type: str) -> Case:
        return self.rng.choice(self.fitting.get(request_type) or self.open_cases)

    def requester(self, case: Case) -> User:
        staff = self.staff
        if case.team_id in staff.manager_team_ids and self.rng.random() < 0.15:
            return staff.manager
        if case.allocated_to_id in self.workers:
            return self.workers[case.allocated_to_id]
        return staff.case_worker.get(case.team_id) or self.rng.choice(list(staff.case_worker.values()))


# --- Registered with yjs.demo ------------------------------------------------------------------

HISTORY_REQUESTS_PER_UNIT = 100


def _load_history(scale: int) -> str:
    """make_demo_data's requests: 100 a unit, besides the police research of each out-of-court referral."""
    return load_intelligence_history(requests=HISTORY_REQUESTS_PER_UNIT * scale)


register_demo_step("intelligence", order=20, load=lambda scale: load_intelligence_demo(scale=scale))
# After the out-of-court history in the data set (the order its figures were measured in).
register_data_set_step(
    "information requests",
    order=35,
    load=_load_history,
    counts={"information_requests": "intelligence.InformationRequest"},
)
