"""The rows the permission matrix names in its URLs: one of each kind, in a known state.

All belong to the North team (the team of ``caseworker`` and ``manager``), so each URL asks
the same question of every role: may you see, or act on, a North record? ``caseworker2`` is
North's counterpart in South. The rows are made through the services (as users would make
them) on top of the demo data, so lists hold both teams' rows as well.
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases import services as case_services
from cases.models import Assessment, Case, CaseStatus, CaseTransfer, CaseType, Child, Flag, Level, Plan, Review, Victim
from custody.models import CustodyRecord, IngestRun, IngestSource, LocalAuthorityInbox, MatchStatus, RunStatus
from family import services as family_services
from family.models import FamilyMember, Professional
from family.needs import NEEDS
from governance.models import AuditDomain, AuditedCase, BoardReport, InspectionSample, Recommendation
from intelligence import services as intelligence_services
from intelligence.models import InformationRequest, RequestType
from oocd import services as oocd_services
from oocd.models import Agency, Condition, ConditionFailure, Decision, Outcome, Panel, Referral, ScrutinyItem
from oocd.models import ScrutinySample as OocdScrutinySample
from oocd.tests.factories import minimal_pdf
from risk.models import Mappa, Marac, ReferralReason, SafeguardingReferral, SocialCareStatus
from risk.models import Referral as RiskReferral
from risk.services import protection as protection_services
from risk.services.referrals import referral_make
from yjs.models import Notification, NotificationKind, Team, User
from yjs.notifications.services import notify
from yjs.roles import Role
from yjs.tests.factories import UserFactory

from .conftest import SecurityData
from .targets_meetings import MeetingTargets, build_meeting_targets


@dataclass
class Targets:
    north: Team
    south: Team
    users: dict[str, User]
    child: Child
    case: Case
    assessment: Assessment  # completed by the case worker, awaiting countersignature
    plan: Plan  # written by the case worker, awaiting countersignature
    review: Review  # open
    victim: Victim
    flag: Flag  # active
    transfer: CaseTransfer  # requested, not yet accepted
    request_open: InformationRequest  # asked by the case worker, not yet answered
    request_supplied: InformationRequest  # answered, with a safeguarding concern not yet referred
    request_answered: InformationRequest  # answered, nothing outstanding: it may be closed
    request_urgent: InformationRequest  # urgent: the written request is still to follow
    referral: Referral  # prepared, on ``panel``, no decision yet
    panel: Panel  # quorate; the panel member attends (and the panel that decided ``decision``)
    decision: Decision  # a youth conditional caution from another panel, explained, document signed
    condition: Condition
    failure: ConditionFailure
    scrutiny_sample: OocdScrutinySample
    scrutiny_item: ScrutinyItem
    custody_record: CustodyRecord  # of a child on the case worker's caseload
    review_record: CustodyRecord  # waiting in the review queue
    run: IngestRun  # succeeded
    failed_run: IngestRun  # failed, with its file kept for a retry
    inbox: LocalAuthorityInbox
    report: BoardReport  # succeeded, with its PDF and CSV
    inspection_sample: InspectionSample
    audited_case: AuditedCase
    recommendation: Recommendation
    # Restricted cases (DESIGN.md §2): North's, allocated to no case worker (its manager sees it, the
    # case worker does not), with a plan, a review, a contact, a victim and a transfer requested; and South's,
    # on which South's case worker asked the police and was answered before the case was restricted
    # and given to another worker (so they may no longer see it, nor its child, who has no other case).
    restricted_north: Case
    restricted_north_transfer: CaseTransfer
    restricted_south: Case
    request_restricted: InformationRequest
    audited_restricted: AuditedCase  # South's restricted case, in the inspection sample
    # --- risk: protection ---
    mappa: Mappa  # on ``case``: referred, not yet managed
    marac: Marac  # on ``case``
    safeguarding_referral: SafeguardingReferral  # on ``case``
    social_care: SocialCareStatus  # ``child``'s
    mappa_restricted: Mappa  # on ``restricted_north``
    # --- risk: referrals ---
    risk_referral: RiskReferral  # automatic (the weapons flag raised on ``case``), awaiting a meeting
    risk_referral_restricted_north: RiskReferral  # made by North's manager on North's restricted case
    risk_referral_restricted_south: RiskReferral  # made by South's manager on South's restricted case
    # --- risk: meetings ---
    risk_meetings: MeetingTargets | None = None
    # --- risk: pages ---
    risk: "RiskPageTargets | None" = None
    # --- family ---
    family: "FamilyTargets | None" = None
    # --- interventions ---
    interventions: "InterventionTargets | None" = None
    # --- police outcomes ---
    follow_up: "FollowUp | None" = None  # North's, open: a youth caution for a child not known to the YJS
    # --- notifications ---
    notification: Notification | None = None  # the case worker's, unread


def build_targets(data: SecurityData) -> Targets:
    users = data.users
    north, south = data.teams["north"], data.teams["south"]
    caseworker, manager, police = users["caseworker"], users["manager"], users["police"]
    today = timezone.localdate()
    now = timezone.now()

    # A 17-year-old on a referral order that runs past their 18th birthday (a transition decision is due).
    born = today - relativedelta(years=17, months=3)
    child = case_services.child_create(
        by=caseworker, surname="Matrix", forenames="Morgan", date_of_birth=born, gender="M", ethnicity="W1"
    )
    case = case_services.case_open(
        child=child,
        by=manager,
        case_type=CaseType.REFERRAL_ORDER,
        team=north,
        start_date=today - datetime.timedelta(days=40),
        allocated_to=caseworker,
        order_end_date=today + relativedelta(months=10),
    )
    assessment = case.assessments.get()
    case_services.assessment_record(
        assessment=assessment,
        by=caseworker,
        completed_date=today,
        likelihood_of_reoffending=Level.MEDIUM,
        risk_of_serious_harm=Level.LOW,
        safety_and_wellbeing=Level.MEDIUM,
    )
    plan = case_services.plan_write(
        case=case,
        by=caseworker,
        assessment=assessment,
        targets=[{"what": "Go to college", "who": "Morgan and Priya", "by_when": today, "how_i_will_know": "Enrolled"}],
    )
    review = case_services.review_schedule(
        case=case, by=caseworker, trigger="scheduled", due_date=today + datetime.timedelta(days=30)
    )
    # The case worker records the victim; only the victim worker records how to reach them.
    victim = case_services.victim_add(case=case, by=caseworker, display_name="Victim M")
    contact_details = {"full_name": "Vic Tim", "address": "1 Lane, Leeds", "phone": "07700 900111"}
    victim = case_services.victim_update(victim=victim, by=users["victimworker"], contact_details=contact_details)
    flag = case_services.flag_raise(child=child, by=caseworker, flag_type="weapons", note="Knife found", case=case)
    transfer = case_services.case_transfer_request(
        case=case, by=manager, home_service="North YJS", host_service="Leeds YJS", reason="Moving to Leeds"
    )

    ask = {"child": child, "case": case, "by": caseworker}
    request_open = intelligence_services.information_request_create(
        request_type=RequestType.RISK, what_requested="Any police contact this month", **ask
    )
    request_supplied = intelligence_services.information_request_create(
        request_type=RequestType.RISK, what_requested="Known associates", **ask
    )
    intelligence_services.information_request_supply(
        request=request_supplied,
        by=police,
        systems=["pnc", "local_records"],
        supplied="Associates with two older males",
        safeguarding_concern=True,
    )
    request_answered = intelligence_services.information_request_create(
        request_type=RequestType.RISK, what_requested="Address history", **ask
    )
    intelligence_services.information_request_supply(
        request=request_answered, by=police, systems=["pnc"], supplied="No trace"
    )
    request_urgent = intelligence_services.information_request_create(
        request_type=RequestType.URGENT, what_requested="Is he in custody?", **ask
    )

    # Out of court: another North child, with no conviction (a court order is one).
    diverted = case_services.child_create(
        by=caseworker, surname="Matrix", forenames="Riley", date_of_birth=born, gender="F", ethnicity="A1"
    )
    offences = [{"offence_date": today - datetime.timedelta(days=20), "description": "Theft from a shop"}]
    referral = oocd_services.referral_create(
        child=diverted, by=police, team=north, referring_officer="PC 1 Hall", gravity_score=3, admitted=True,
        offences=offences,
    )  # fmt: skip
    # The shop is the victim: the victim worker works on the referral (victim views, telling them the outcome).
    case_services.victim_add(case=referral.case, by=caseworker, display_name="Corner shop", is_organisation=True)
    panel = oocd_services.panel_create(by=manager, held_on=today - datetime.timedelta(days=1), referrals=[referral])
    for name, agency in (("PC Sam Patel", Agency.POLICE), ("Grace Okafor", Agency.YJS)):
        oocd_services.panel_attendee_add(panel=panel, by=manager, name=name, agency=agency, role="Panel")
    oocd_services.panel_attendee_add(
        panel=panel, by=manager, name="Pat Panel", agency=Agency.OTHER, role="Panel member", user=users["panel"]
    )

    # A decided referral (a youth conditional caution) with a condition and a failure to comply.
    decided = oocd_services.referral_create(
        child=diverted, by=police, team=north, referring_officer="PC 1 Hall", gravity_score=4, admitted=True,
        offences=offences,
    )  # fmt: skip
    case_services.victim_add(case=decided.case, by=caseworker, display_name="Bus company", is_organisation=True)
    decided_panel = oocd_services.panel_create(by=manager, held_on=today - datetime.timedelta(days=3))
    oocd_services.panel_referral_add(panel=decided_panel, by=manager, referral=decided)
    for name, agency in (("PC Sam Patel", Agency.POLICE), ("Grace Okafor", Agency.YJS)):
        oocd_services.panel_attendee_add(panel=decided_panel, by=manager, name=name, agency=agency, role="Panel")
    oocd_services.panel_attendee_add(
        panel=decided_panel, by=manager, name="Pat Panel", agency=Agency.OTHER, role="Panel member", user=users["panel"]
    )
    decision = oocd_services.decision_record(
        referral=decided,
        by=manager,
        panel=decided_panel,
        outcome=Outcome.objects.get(code="youth_conditional_caution"),
        rationale="Admitted; conditions will address the behaviour",
        decided_on=today - datetime.timedelta(days=3),
        conditions=[{"description": "Attend four sessions", "end_date": today + datetime.timedelta(days=60)}],
    )
    oocd_services.implications_explained_record(
        decision=decision, by=caseworker, explained_at=now - datetime.timedelta(hours=2)
    )
    signed = SimpleUploadedFile("signed.pdf", minimal_pdf(), content_type="application/pdf")
    decision = oocd_services.signed_document_upload(decision=decision, by=police, document=signed)
    condition = decision.conditions.get()
    failure = oocd_services.condition_failure_record(
        condition=condition,
        by=police,
        occurred_on=today - datetime.timedelta(days=1),
        what_happened="Did not attend the second session",
        reasons_given="None given",
    )
    scrutiny_sample = oocd_services.scrutiny_sample_draw(
        by=manager, period_start=today - datetime.timedelta(days=7), period_end=today, percentage=100, seed="matrix"
    )
    scrutiny_item = scrutiny_sample.items.get(decision=decision)

    on_caseload = Case.objects.filter(allocated_to=caseworker, status=CaseStatus.OPEN).values("child")
    custody_record = CustodyRecord.objects.filter(child__in=on_caseload).order_by("pk").first()
    review_record = CustodyRecord.objects.filter(match_status=MatchStatus.REVIEW).order_by("pk").first()
    run = IngestRun.objects.filter(status=RunStatus.SUCCEEDED).order_by("pk").first()
    failed_run = IngestRun.objects.create(
        source=IngestSource.UPLOAD,
        file_name="failed.csv",
        file=ContentFile(b"force_code,custody_ref\n", "failed.csv"),
        status=RunStatus.FAILED,
        message="The worker stopped",
        started_by=police,
    )

    inspection_sample = InspectionSample.objects.create(
        domain=AuditDomain.COURT,
        drawn_on=today,
        window_start=today,
        window_end=today,
        size=1,
        seed="matrix",
        drawn_by=manager,
    )
    audited_case = AuditedCase.objects.create(sample=inspection_sample, case=case, domain=AuditDomain.COURT)

    restricted_north, restricted_north_transfer = _restricted_north(data)
    restricted_south, request_restricted = _restricted_south(data)
    audited_restricted = AuditedCase.objects.create(
        sample=inspection_sample, case=restricted_south, domain=AuditDomain.COURT
    )

    # --- risk: referrals ---
    risk_referrals = _risk_referrals(data, case, restricted_north, restricted_south)

    targets = Targets(
        north=north,
        south=south,
        users=users,
        child=child,
        case=case,
        assessment=assessment,
        plan=plan,
        review=review,
        victim=victim,
        flag=flag,
        transfer=transfer,
        request_open=request_open,
        request_supplied=request_supplied,
        request_answered=request_answered,
        request_urgent=request_urgent,
        referral=referral,
        panel=panel,
        decision=decision,
        condition=condition,
        failure=failure,
        scrutiny_sample=scrutiny_sample,
        scrutiny_item=scrutiny_item,
        custody_record=custody_record,
        review_record=review_record,
        run=run,
        failed_run=failed_run,
        inbox=LocalAuthorityInbox.objects.order_by("pk").first(),
        report=BoardReport.objects.filter(status="succeeded").order_by("pk").first(),
        inspection_sample=inspection_sample,
        audited_case=audited_case,
        recommendation=_recommendation(),
        restricted_north=restricted_north,
        restricted_north_transfer=restricted_north_transfer,
        restricted_south=restricted_south,
        request_restricted=request_restricted,
        audited_restricted=audited_restricted,
        **_protection(data, case, restricted_north),
        **risk_referrals,
    )
    # --- risk: meetings ---
    targets.risk_meetings = build_meeting_targets(
        data, case=case, restricted_case=restricted_north, unheard_case=referral.case
    )
    # --- risk: pages ---
    targets.risk = _risk_pages(data, case, restricted_north)
    # --- family ---
    targets.family = _family(data, child, restricted_north)
    # --- interventions ---
    targets.interventions = _interventions(data, case, victim, restricted_north)
    # --- police outcomes ---
    targets.follow_up = _police_outcome_follow_up(data, "north")
    _police_outcome_follow_up(data, "south")
    # --- notifications ---
    [targets.notification] = notify(
        recipients=[caseworker], kind=NotificationKind.RETURNED_WORK, subject="Matrix", link=f"/cases/{case.pk}/"
    )
    return targets


def _restricted_north(data: SecurityData) -> tuple[Case, CaseTransfer]:
    users, north = data.users, data.teams["north"]
    manager, today = users["manager"], timezone.localdate()
    child = case_services.child_create(
        by=manager, surname="Matrix", forenames="Quinn", date_of_birth=today - relativedelta(years=15), gender="F"
    )
    case = case_services.case_open(
        child=child,
        by=manager,
        case_type=CaseType.REFERRAL_ORDER,
        team=north,
        start_date=today - datetime.timedelta(days=20),
        restricted=True,
    )
    case_services.plan_write(
        case=case,
        by=manager,
        targets=[{"what": "Keep to the curfew", "who": "Quinn", "by_when": today, "how_i_will_know": "No breaches"}],
    )
    case_services.review_schedule(case=case, by=manager, trigger="scheduled", due_date=today)
    case_services.contact_record(
        case=case, by=manager, contact_type="office", scheduled_at=timezone.now() - datetime.timedelta(hours=3),
        attendance="attended",
    )  # fmt: skip
    case_services.victim_add(case=case, by=manager, display_name="Victim Q")
    transfer = case_services.case_transfer_request(
        case=case, by=manager, home_service="North YJS", host_service="York YJS", reason="Placed in York"
    )
    return case, transfer


def _restricted_south(data: SecurityData) -> tuple[Case, InformationRequest]:
    users, south = data.users, data.teams["south"]
    caseworker2, today = users["caseworker2"], timezone.localdate()
    south_manager = UserFactory(username="matrix-south-manager", roles=[Role.TEAM_MANAGER], teams=[south])
    child = case_services.child_create(
        by=caseworker2, surname="Matrix", forenames="Sasha", date_of_birth=today - relativedelta(years=14), gender="M"
    )
    case = case_services.case_open(
        child=child,
        by=caseworker2,
        case_type=CaseType.PREVENTION,
        team=south,
        start_date=today - datetime.timedelta(days=30),
        allocated_to=caseworker2,
    )
    request = intelligence_services.information_request_create(
        child=child, case=case, by=caseworker2, request_type=RequestType.RISK, what_requested="Who is he with?"
    )
    intelligence_services.information_request_supply(
        request=request, by=users["police"], systems=["pnc"], supplied="Seen with an older cousin"
    )
    case_services.case_allocate(case=case, by=south_manager, to=south_manager)
    case = case_services.case_set_restricted(case=case, by=south_manager, restricted=True)
    return case, request


# --- risk: protection ---


def _protection(data: SecurityData, case: Case, restricted_north: Case) -> dict:
    caseworker, manager, today = data.users["caseworker"], data.users["manager"], timezone.localdate()
    week_ago = today - datetime.timedelta(days=7)
    _protection_south(data, week_ago)
    return {
        "mappa": protection_services.mappa_record(
            case=case, by=caseworker, category=2, level=1, referred_on=week_ago, lead_agency="Probation"
        ),
        "marac": protection_services.marac_record(case=case, by=caseworker, referred_on=week_ago, reference="M-1"),
        "safeguarding_referral": protection_services.safeguarding_referral_record(
            case=case, by=caseworker, referred_to="police", referred_on=week_ago, concern="Seen with older men"
        ),
        "social_care": protection_services.social_care_status_record(
            child=case.child, by=caseworker, status="child_in_need", from_date=week_ago
        ),
        "mappa_restricted": protection_services.mappa_record(
            case=restricted_north, by=manager, category=3, level=2, referred_on=week_ago, lead_agency="Police"
        ),
    }


# --- risk: referrals ---


def _risk_referrals(data: SecurityData, case: Case, restricted_north: Case, restricted_south: Case) -> dict:
    """The referral the weapons flag made, one on each team's restricted case, and one on a South
    case of South's case worker (so each team's lists hold referrals)."""
    users, south = data.users, data.teams["south"]
    south_case = Case.objects.filter(team=south, status=CaseStatus.OPEN, restricted=False).order_by("pk").first()
    referral_make(case=south_case, by=users["caseworker2"], detail="Seen with older males, carrying a knife")
    south_manager = User.objects.get(username="matrix-south-manager")
    return {
        "risk_referral": RiskReferral.objects.get(case=case, reason=ReferralReason.WEAPONS),
        "risk_referral_restricted_north": referral_make(
            case=restricted_north, by=users["manager"], detail="Threats from a rival group"
        ),
        "risk_referral_restricted_south": referral_make(
            case=restricted_south, by=south_manager, detail="Threats to his family"
        ),
    }


# --- risk: protection ---


def _protection_south(data: SecurityData, week_ago: datetime.date) -> None:
    """One of each on a South case of South's case worker, so that each list holds both teams' rows."""
    caseworker2 = data.users["caseworker2"]
    south = (
        Case.objects.filter(
            team=data.teams["south"], allocated_to=caseworker2, status=CaseStatus.OPEN, restricted=False
        )
        .order_by("pk")
        .first()
    )
    protection_services.mappa_record(
        case=south, by=caseworker2, category=1, level=1, referred_on=week_ago, lead_agency="Police"
    )
    protection_services.marac_record(case=south, by=caseworker2, referred_on=week_ago)
    protection_services.safeguarding_referral_record(
        case=south, by=caseworker2, referred_to="health", referred_on=week_ago, concern="Not eating"
    )
    protection_services.social_care_status_record(child=south.child, by=caseworker2, status="none", from_date=week_ago)


def _recommendation() -> Recommendation:
    """A shipped recommendation (a data migration loads them; a transactional test's flush empties them)."""
    return Recommendation.objects.order_by("pk").first() or Recommendation.objects.create(
        code="matrix-recommendation",
        source_inspection="A thematic inspection",
        year=2024,
        summary="Every child has a timely assessment",
        lines_of_enquiry="Are assessments timely?",
    )


# --- risk: pages ---


@dataclass
class RiskPageTargets:
    """Referrals awaiting a meeting, made after the meetings of ``risk_meetings`` (so none heard them):
    of the matrix case and of North's restricted case."""

    referral: RiskReferral
    restricted_referral: RiskReferral


def _risk_pages(data: SecurityData, case: Case, restricted_north: Case) -> RiskPageTargets:
    users = data.users
    referral = referral_make(case=case, by=users["caseworker"], detail="Arrested again last night")
    restricted = referral_make(case=restricted_north, by=users["manager"], detail="Threats made")
    return RiskPageTargets(referral=referral, restricted_referral=restricted)


# --- family ---


@dataclass
class FamilyTargets:
    """The matrix child's family, a professional and a needs record of each kind (by slug), recorded by
    the case worker; and a family member of North's restricted case's child, recorded by its manager."""

    member: FamilyMember
    professional: Professional
    needs: dict[str, object]
    restricted_member: FamilyMember


def _family(data: SecurityData, child: Child, restricted_north: Case) -> FamilyTargets:
    caseworker, manager = data.users["caseworker"], data.users["manager"]
    on = timezone.localdate() - datetime.timedelta(days=3)
    member = family_services.family_member_add(
        child=child,
        by=caseworker,
        name="Jo Matrix",
        relationship="mother",
        parental_responsibility=True,
        lives_with_child=True,
        contact_details={"phone": "07700 900001", "email": "", "address": "1 Test Street"},
    )
    professional = family_services.professional_add(
        child=child, by=caseworker, role="school", name="Sam Teacher", organisation="Northfield Academy", from_date=on
    )
    answers = {
        "accommodation": {"accommodation_type": "parents", "suitable": True},
        "education": {
            "education_type": "college",
            "provider": "City College",
            "hours_offered": 16,
            "hours_attended": 12,
        },
        "communication": {"screened": True},
        "mental-health": {"need_identified": True, "referred": True},
        "substance-misuse": {"need_identified": False},
    }
    needs = {slug: NEEDS[slug].record(child=child, by=caseworker, from_date=on, **answers[slug]) for slug in NEEDS}
    restricted_member = family_services.family_member_add(
        child=restricted_north.child, by=manager, name="Lee Quinn", relationship="father"
    )
    return FamilyTargets(member=member, professional=professional, needs=needs, restricted_member=restricted_member)


# --- interventions ---


@dataclass
class InterventionTargets:
    """An intervention of the catalogue in use; on ``case`` (North's, the case worker's, with ``victim``): a
    referral under way, a reparation placement with hours remaining, restorative justice and a victim safety
    plan; and a referral on North's restricted case, made by its manager."""

    intervention: object
    referral: object
    placement: object
    restorative_justice: object
    safety_plan: object
    referral_restricted: object


def _interventions(data: SecurityData, case: Case, victim: Victim, restricted_north: Case) -> InterventionTargets:
    from interventions.services import catalogue, referrals, reparation, victims

    caseworker, manager = data.users["caseworker"], data.users["manager"]
    week_ago = timezone.localdate() - datetime.timedelta(days=7)
    intervention = catalogue.intervention_add(
        by=manager, name="Matrix Programme", intervention_type="offending_behaviour", provider="YJS", sessions=6
    )
    referral = referrals.referral_make(case=case, by=caseworker, intervention=intervention, referred_on=week_ago)
    referrals.referral_update(referral=referral, by=caseworker, started_on=week_ago, sessions_offered=1)
    placement = reparation.reparation_placement_add(
        case=case, by=caseworker, placement="Matrix Garden", hours_ordered=10, started_on=week_ago
    )
    restorative = victims.restorative_justice_record(
        case=case, by=caseworker, restorative_type="letter", victim_part="informed", victim=victim
    )
    plan = victims.victim_safety_plan_record(
        case=case, by=caseworker, victim=victim, measures="No contact", agreed_on=week_ago
    )
    restricted = referrals.referral_make(
        case=restricted_north, by=manager, intervention=intervention, referred_on=week_ago
    )
    return InterventionTargets(intervention, referral, placement, restorative, plan, restricted)


# --- police outcomes ---
from oocd.models import FollowUp  # noqa: E402


def _police_outcome_follow_up(data: SecurityData, team: str) -> "FollowUp":
    """A youth caution the police gave a child not known to the YJS (no case), so with a follow-up
    on ``team`` (North's the matrix's; South's, so that each team's list holds one)."""
    police, today = data.users["police"], timezone.localdate()
    child = Child.objects.create(
        surname="Matrix", forenames=f"Unknown {team}", date_of_birth=today - relativedelta(years=15), known_to_yjs=False
    )
    caution = Outcome.objects.get(code="youth_caution")
    decision = oocd_services.police_only_decision_record(
        child=child, by=police, team=data.teams[team], referring_officer="Custody record WYP/M1",
        gravity_score=caution.gravity_score, admitted=True, outcome=caution, decided_on=today,
        offences=[{"offence_date": today, "description": "Theft from a shop"}], rationale="Given in custody",
    )  # fmt: skip
    return decision.follow_up
