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
    # --- court: hearings ---
    court_hearings: "CourtHearingTargets | None" = None
    # --- court: orders ---
    orders: "OrderTargets | None" = None
    # --- court: resettlement ---
    resettlement: "ResettlementTargets | None" = None
    # --- court: panels ---
    court_panels: "CourtPanelTargets | None" = None


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
    # --- court: hearings ---
    targets.court_hearings = _court_hearings(data, case, restricted_north)
    # --- court: orders ---
    targets.orders = _orders(data)
    # --- court: resettlement ---
    targets.resettlement = _resettlement(data)
    # --- notifications ---
    [targets.notification] = notify(
        recipients=[caseworker], kind=NotificationKind.RETURNED_WORK, subject="Matrix", link=f"/cases/{case.pk}/"
    )
    # --- court: panels ---
    targets.court_panels = _court_panels(data, restricted_north)
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


# --- court: hearings ---
from court.models import Hearing as CourtHearing  # noqa: E402
from court.models import PreSentenceReport  # noqa: E402
from court.services import hearings as court_hearing_services  # noqa: E402
from court.services import reports as court_report_services  # noqa: E402


@dataclass
class CourtHearingTargets:
    """Hearings and pre-sentence reports: on the matrix case, recorded and written by the case worker
    (a report at each status, the manager's to approve or return); on North's restricted case, the
    manager's; and one of each on a South case of South's case worker, so each list holds both teams'."""

    hearing: CourtHearing
    restricted_hearing: CourtHearing
    draft: PreSentenceReport  # with its proposal: it may be sent
    awaiting: PreSentenceReport  # sent for approval
    returned: PreSentenceReport  # returned with feedback
    approved: PreSentenceReport
    submitted: PreSentenceReport  # on time, no sentence yet
    restricted_report: PreSentenceReport  # North's restricted case, written by its manager


def _court_hearings(data: SecurityData, case: Case, restricted_north: Case) -> CourtHearingTargets:
    caseworker, manager, caseworker2 = data.users["caseworker"], data.users["manager"], data.users["caseworker2"]
    today = timezone.localdate()
    week_ago = today - datetime.timedelta(days=7)

    def hearing(of_case, by) -> CourtHearing:
        return court_hearing_services.hearing_record(
            child=of_case.child, case=of_case, by=by, heard_on=week_ago, court="Leeds Youth Court",
            hearing_type="plea", outcome="report_requested", next_hearing_on=today + datetime.timedelta(days=14),
        )  # fmt: skip

    def report(of_case, by, *steps) -> PreSentenceReport:
        made = court_report_services.report_create(
            case=of_case, by=by, requested_on=week_ago, proposal="referral_order"
        )
        for step in steps:
            if step == "send":
                court_report_services.report_send(report=made, by=by)
            elif step == "return":
                court_report_services.report_return(report=made, by=manager, feedback="Say more")
            elif step == "approve":
                court_report_services.report_approve(report=made, by=manager)
            elif step == "submit":
                court_report_services.report_submit(report=made, by=by, submitted_on=today)
        made.refresh_from_db()
        return made

    south = (
        Case.objects.filter(
            team=data.teams["south"], allocated_to=caseworker2, status=CaseStatus.OPEN, restricted=False
        )
        .order_by("pk")
        .first()
    )
    hearing(south, caseworker2)
    court_report_services.report_create(case=south, by=caseworker2, requested_on=week_ago)
    restricted_report = court_report_services.report_create(case=restricted_north, by=manager, requested_on=week_ago)
    return CourtHearingTargets(
        hearing=hearing(case, caseworker),
        restricted_hearing=hearing(restricted_north, manager),
        draft=report(case, caseworker),
        awaiting=report(case, caseworker, "send"),
        returned=report(case, caseworker, "send", "return"),
        approved=report(case, caseworker, "send", "approve"),
        submitted=report(case, caseworker, "send", "approve", "submit"),
        restricted_report=restricted_report,
    )


# --- court: orders ---
from cases.models import Contact  # noqa: E402
from court.models import BreachProceedings, Order, Requirement  # noqa: E402
from court.services import orders as order_services  # noqa: E402


@dataclass
class OrderTargets:
    """North's youth rehabilitation order of a 16-year-old allocated to the case worker (with a victim, so
    the victim worker reads it): unpaid work with hours done, a supervision requirement to complete by hand,
    a warning in the contacts and breach proceedings awaiting the court's outcome; a North case of the same
    kind whose order is still to record; North's restricted case's order (its manager's); and a South order
    with a requirement and breach proceedings, so that each team's lists hold rows."""

    case: Case
    order: Order
    unpaid_work: Requirement
    supervision: Requirement
    warning: Contact  # a missed appointment of ``case``, with a warning
    breach: BreachProceedings
    unrecorded_case: Case
    restricted_order: Order


def _order_case(by: User, team: Team, surname: str, *, allocated_to: User | None = None, restricted=False) -> Case:
    today = timezone.localdate()
    child = case_services.child_create(
        by=by, surname=surname, forenames="Orla", date_of_birth=today - relativedelta(years=16, months=4), gender="F"
    )
    case = case_services.case_open(
        child=child,
        by=by,
        case_type=CaseType.YOUTH_REHABILITATION_ORDER,
        team=team,
        start_date=today - datetime.timedelta(days=30),
        allocated_to=allocated_to,
        restricted=restricted,
    )
    return case


def _order_records(case: Case, by: User, *, victim: bool = True) -> tuple:
    today = timezone.localdate()
    if victim:
        case_services.victim_add(case=case, by=by, display_name="Victim O")
    order = order_services.order_record(
        case=case,
        by=by,
        order_type=CaseType.YOUTH_REHABILITATION_ORDER,
        court="Leeds Youth Court",
        made_on=today - datetime.timedelta(days=30),
        length_months=12,
    )
    unpaid = order_services.requirement_add(
        order=order, by=by, requirement_type="unpaid_work", starts_on=order.made_on, hours_ordered=80
    )
    order_services.requirement_progress_record(requirement=unpaid, by=by, done_on=today, hours=6)
    supervision = order_services.requirement_add(
        order=order, by=by, requirement_type="supervision", starts_on=order.made_on
    )
    warning = case_services.contact_record(
        case=case, by=by, contact_type="office", scheduled_at=timezone.now() - datetime.timedelta(days=4),
        attendance="did_not_attend", enforcement_step="warning",
    )  # fmt: skip
    breach = order_services.breach_lay(
        order=order, by=by, laid_on=today, reason="Missed appointments after a warning", enforcement_contacts=[warning]
    )
    return order, unpaid, supervision, warning, breach


def _orders(data: SecurityData) -> OrderTargets:
    users, north, south = data.users, data.teams["north"], data.teams["south"]
    caseworker, manager = users["caseworker"], users["manager"]
    case = _order_case(manager, north, "Orders", allocated_to=caseworker)
    order, unpaid, supervision, warning, breach = _order_records(case, caseworker)
    unrecorded = _order_case(manager, north, "Unrecorded", allocated_to=caseworker)
    case_services.victim_add(case=unrecorded, by=caseworker, display_name="Victim U")
    restricted = _order_case(manager, north, "Restricted", restricted=True)
    restricted_order = _order_records(restricted, manager, victim=False)[0]
    south_case = _order_case(users["caseworker2"], south, "Southern", allocated_to=users["caseworker2"])
    _order_records(south_case, users["caseworker2"])
    return OrderTargets(
        case=case,
        order=order,
        unpaid_work=unpaid,
        supervision=supervision,
        warning=warning,
        breach=breach,
        unrecorded_case=unrecorded,
        restricted_order=restricted_order,
    )


# --- court: resettlement ---
from court.models import CustodySpell, ResettlementPlan  # noqa: E402
from court.services import resettlement as resettlement_services  # noqa: E402


@dataclass
class ResettlementTargets:
    """Detention and training order cases, each with a victim (the victim worker reads them): North's
    (the case worker's) in custody with a resettlement plan answered but not completed; another of North's
    in no custody yet (a spell may be recorded on it); South's in custody; and North's restricted one in
    custody (its managers see it, the case worker does not)."""

    case: Case
    spell: CustodySpell
    plan: ResettlementPlan
    case_free: Case
    restricted_spell: CustodySpell


def _resettlement(data: SecurityData) -> ResettlementTargets:
    users, today = data.users, timezone.localdate()
    release_on = today + datetime.timedelta(days=60)

    def dto_case(team: str, by: User, forenames: str, **options) -> Case:
        child = case_services.child_create(
            by=by, surname="Matrix", forenames=forenames, date_of_birth=today - relativedelta(years=16), gender="M"
        )
        case = case_services.case_open(
            child=child, by=users["manager"] if team == "north" else by, team=data.teams[team],
            case_type=CaseType.DETENTION_AND_TRAINING_ORDER, start_date=today - datetime.timedelta(days=40),
            order_end_date=today + relativedelta(months=8), **options,
        )  # fmt: skip
        case_services.victim_add(case=case, by=by, display_name=f"Victim {forenames}")
        return case

    def in_custody(case: Case, by: User) -> CustodySpell:
        return resettlement_services.custody_spell_record(
            case=case, by=by, establishment_type="yoi", establishment="HMYOI Wetherby",
            custody_from=today - datetime.timedelta(days=40), release_on=release_on,
            supervision_on_release="notice_of_supervision", licence_conditions="Curfew 7pm to 7am",
        )  # fmt: skip

    caseworker = users["caseworker"]
    case = dto_case("north", caseworker, "Dale", allocated_to=caseworker)
    spell = in_custody(case, caseworker)
    plan = resettlement_services.resettlement_plan_update(
        plan=spell.resettlement_plan, by=caseworker, accommodation="Home", education="College", health="GP",
        release_address="1 Matrix Road, Leeds",
    )  # fmt: skip
    south_worker = users["caseworker2"]
    in_custody(dto_case("south", south_worker, "Sol", allocated_to=south_worker), south_worker)
    restricted = dto_case("north", users["manager"], "Rae", restricted=True)
    return ResettlementTargets(
        case=case,
        spell=spell,
        plan=plan,
        case_free=dto_case("north", caseworker, "Free", allocated_to=caseworker),
        restricted_spell=in_custody(restricted, users["manager"]),
    )


# --- court: panels ---
from court.models import Order, OrderType, ReferralPanel, Volunteer  # noqa: E402
from court.services.panels import panel_schedule_initial  # noqa: E402
from court.services.volunteers import volunteer_add  # noqa: E402


@dataclass
class CourtPanelTargets:
    """Referral orders with their initial panel still to hold: North's (a case of the case worker's with a
    victim, so the victim worker reads it), South's (caseworker2's, with a victim) and North's restricted
    case's; two volunteers who may sit (added by the manager)."""

    case: Case
    panel: ReferralPanel
    south_panel: ReferralPanel
    restricted_panel: ReferralPanel
    volunteers: list[Volunteer]


def _referral_order(case: Case, by: User) -> ReferralPanel:
    """The case's referral order (the one there, if another block made it) and its initial panel."""
    made_on = timezone.localdate() - datetime.timedelta(days=10)
    order, _ = Order.objects.get_or_create(
        case=case,
        defaults={
            "order_type": OrderType.REFERRAL_ORDER,
            "court": "Leeds Youth Court",
            "made_on": made_on,
            "length_months": 6,
            "ends_on": made_on + relativedelta(months=6),
            "recorded_by": by,
        },
    )
    return panel_schedule_initial(order=order)


def _court_panel_case(data: SecurityData, *, team: str, worker: User, forenames: str) -> Case:
    today = timezone.localdate()
    child = case_services.child_create(
        by=worker, surname="Panel", forenames=forenames, date_of_birth=today - relativedelta(years=15), gender="F"
    )
    case = case_services.case_open(
        child=child,
        by=worker,
        case_type=CaseType.REFERRAL_ORDER,
        team=data.teams[team],
        start_date=today - datetime.timedelta(days=10),
        allocated_to=worker,
    )
    case_services.victim_add(case=case, by=worker, display_name=f"Victim {forenames}")
    return case


def _court_panels(data: SecurityData, restricted_north: Case) -> CourtPanelTargets:
    users, today = data.users, timezone.localdate()
    north = _court_panel_case(data, team="north", worker=users["caseworker"], forenames="Nia")
    south = _court_panel_case(data, team="south", worker=users["caseworker2"], forenames="Sol")
    volunteers = [
        volunteer_add(
            by=users["manager"],
            name=name,
            email=f"{name.split()[0].lower()}@volunteers.example",
            vetted_on=today - relativedelta(years=1),
            vetting_expires_on=today + relativedelta(years=2),
            trained_on=today - relativedelta(months=6),
        )
        for name in ("Vera Matrix", "Walt Matrix")
    ]
    return CourtPanelTargets(
        case=north,
        panel=_referral_order(north, users["caseworker"]),
        south_panel=_referral_order(south, users["caseworker2"]),
        restricted_panel=_referral_order(restricted_north, users["manager"]),
        volunteers=volunteers,
    )
