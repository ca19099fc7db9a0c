"""A child with something recorded in every app, most of it written about them by name:
for the retention and subject access tests."""

import datetime
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases.models import CaseStatus, Child, ChildAlias, Contact, ContactType, Plan, PlanTarget, Review, ReviewTrigger
from cases.services import child_search_keys_refresh
from cases.tests.factories import (
    AssessmentFactory,
    CaseFactory,
    ChildFactory,
    FlagFactory,
    VictimContactDetailsFactory,
    VictimFactory,
)
from custody.models import CustodyRecord, CustodyRecordChange, MatchStatus
from intelligence.models import Addendum, InformationRequest
from intelligence.tests.factories import InformationRequestFactory
from oocd import services as oocd_services
from oocd.tests.factories import DecisionFactory, ReferralFactory, minimal_pdf

TODAY = datetime.date(2026, 3, 2)
LONG_AGO = datetime.date(2018, 5, 14)  # more than six years before TODAY
NAME = ("Zebedee", "Quillfeather")
EVERY_NAME_PART = [*NAME, "Zeb", "Featherquill", "LS6 2QT", "12 Birch Lane", "18/445566Q", "Mrs Okonkwo-Smith"]


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@dataclass
class History:
    child: Child
    request: InformationRequest
    custody: CustodyRecord


def child_with_history(*, closed_on: datetime.date, team, worker, police, open_case: bool = False) -> History:
    """A child with one closed court order and something in every app, most of it written about them."""
    forenames, surname = NAME
    child = ChildFactory(
        forenames=forenames,
        surname=surname,
        preferred_name="Zeb",
        date_of_birth=datetime.date(2002, 11, 23),
        address="12 Birch Lane, Leeds",
        postcode="LS6 2QT",
        pnc_id="18/445566Q",
        police_local_ids=["WY-99812"],
        looked_after=True,
        responsible_local_authority="Leeds",
        social_worker_name="Mrs Okonkwo-Smith",
        social_worker_email="okonkwo-smith@leeds.example",
        special_educational_needs=True,
        ethnicity="B1",
        gender="M",
    )
    ChildAlias.objects.create(child=child, surname="Featherquill", forenames="Zeb")
    child_search_keys_refresh(child=child)
    case = CaseFactory(
        child=child,
        team=team,
        allocated_to=worker,
        start_date=closed_on - datetime.timedelta(days=300),
        end_date=closed_on,
        status=CaseStatus.CLOSED,
        closure_reason="Order completed; Zebedee moved to his aunt's",
    )
    case.offences.create(
        offence_date=closed_on - datetime.timedelta(days=320),
        description="Robbery of a phone from Zeb's classmate",
        offence_group="Robbery",
        gravity_score=4,
        outcome="Referral order",
    )
    AssessmentFactory(
        case=case,
        due_date=case.start_date + datetime.timedelta(days=20),
        completed_date=case.start_date + datetime.timedelta(days=18),
        likelihood_of_reoffending="medium",
        child_view="Zebedee says he wants to go back to college",
        summary="Zeb lives with his mum at 12 Birch Lane",
    )
    plan = Plan.objects.create(case=case, written_by=worker, contingency="If Zebedee goes missing, call his aunt")
    PlanTarget.objects.create(
        plan=plan, what="Zeb enrols at college", who="Zeb", by_when=closed_on, how_i_will_know="Zeb gets a letter"
    )
    Review.objects.create(
        case=case, trigger=ReviewTrigger.SCHEDULED, due_date=closed_on, outcome="Zebedee is doing well"
    )
    Contact.objects.create(
        case=case,
        contact_type=ContactType.HOME_VISIT,
        scheduled_at=at(closed_on - datetime.timedelta(days=30)),
        attendance="attended",
        notes="Saw Zeb at 12 Birch Lane",
        recorded_by=worker,
    )
    victim = VictimFactory(case=case, display_name="Victim: Amy Nguyen", wishes="Amy wants Zebedee to apologise")
    VictimContactDetailsFactory(victim=victim, full_name="Amy Nguyen", address="3 Oak Road", phone="07700 900456")
    FlagFactory(child=child, raised_by=worker, note="Zebedee was groomed by an older man")
    request = InformationRequestFactory(
        child=child,
        case=case,
        requested_by=worker,
        requested_at=at(closed_on - datetime.timedelta(days=200)),
        what_requested="Is Zebedee Quillfeather known to associate with anyone?",
        supplied=True,
        supplied_by=police,
        information_supplied="Zeb Quillfeather was seen with a known dealer",
    )
    Addendum.objects.create(request=request, text="Zebedee's brother was also seen", added_by=police)
    referral = ReferralFactory(
        child=child,
        case=CaseFactory(
            child=child,
            team=team,
            case_type="diversion",
            start_date=closed_on - datetime.timedelta(days=400),
            end_date=closed_on - datetime.timedelta(days=330),
            status=CaseStatus.CLOSED,
        ),
        referred_at=at(closed_on - datetime.timedelta(days=400)),
        child_views="Zeb says he is sorry",
        parent_carer_views="His mum says Zebedee was led on",
        victim_views="Amy wants an apology",
        victim_contacted_at=at(closed_on - datetime.timedelta(days=395)),
    )
    decision = DecisionFactory(
        referral=referral,
        decided_on=closed_on - datetime.timedelta(days=390),
        rationale="Zebedee admitted it; a caution is proportionate",
        implications_explained_at=at(closed_on - datetime.timedelta(days=389)),
        victim_informed_at=at(closed_on - datetime.timedelta(days=388)),
    )
    # Two versions of the signed document: one replaced before delivery, then the one delivered.
    for name in ("first.pdf", "signed.pdf"):
        oocd_services.signed_document_upload(
            decision=decision, by=police, document=SimpleUploadedFile(name, minimal_pdf(), "application/pdf")
        )
    oocd_services.delivery_record(
        decision=decision, by=police, delivered_at=at(closed_on - datetime.timedelta(days=389), 11)
    )
    custody = CustodyRecord.objects.create(
        force_code="WYP",
        custody_ref=f"CR-{child.pk}",
        detained_at=at(closed_on - datetime.timedelta(days=330), 22),
        released_at=at(closed_on - datetime.timedelta(days=329), 9),
        surname=surname,
        forenames=forenames,
        date_of_birth=child.date_of_birth,
        pnc_id=child.pnc_id,
        postcode=child.postcode,
        offences=["Robbery of a phone"],
        outcome="charged_bailed",
        child=child,
        match_status=MatchStatus.MATCHED,
        row_hash="x",
    )
    CustodyRecordChange.objects.create(
        record=custody, changes={"surname": ["Quilfeather", surname], "outcome": ["", "charged_bailed"]}
    )
    if open_case:
        CaseFactory(child=child, team=team, start_date=TODAY - datetime.timedelta(days=30))
    return History(child=child, request=request, custody=custody)
