"""The retention schedule (governance.retention, manage.py apply_retention)."""

import datetime
import io
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction
from django.utils import timezone

from cases.models import (
    CaseStatus,
    Child,
    ChildAlias,
    ChildSearchKey,
    Contact,
    ContactType,
    Plan,
    PlanTarget,
    Review,
    ReviewTrigger,
    VictimContactDetails,
)
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
from governance import retention
from governance.indicators import board_figures
from intelligence.models import Addendum, InformationRequest
from intelligence.tests.factories import InformationRequestFactory
from oocd.tests.factories import DecisionFactory, ReferralFactory, minimal_pdf
from yjs.models import AuditAction, AuditEvent
from yjs.roles import Role
from yjs.tests.factories import UserFactory

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
        delivered_at=at(closed_on - datetime.timedelta(days=389), 11),
        delivered_by=police,
        victim_informed_at=at(closed_on - datetime.timedelta(days=388)),
    )
    decision.signed_document.save(f"decision-{decision.pk}.pdf", ContentFile(minimal_pdf()), save=False)
    decision.signed_document_type = "application/pdf"
    decision.save()
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


@pytest.fixture
def people(team_north):
    return {
        "worker": UserFactory(roles=[Role.CASE_WORKER], teams=[team_north]),
        "police": UserFactory(roles=[Role.POLICE_OFFICER], teams=[team_north]),
        "head": UserFactory(username="head", roles=[Role.HEAD_OF_SERVICE], teams=[team_north]),
    }


@pytest.fixture
def history(team_north, people, settings):
    settings.RETENTION_YEARS_AFTER_CLOSURE = 6
    return child_with_history(closed_on=LONG_AGO, team=team_north, worker=people["worker"], police=people["police"])


def every_text_about(child_id: int) -> str:
    """Every stored value of every row about the child, as one string to search for names."""
    child = Child.objects.get(pk=child_id)
    rows = [child, *ChildAlias.objects.filter(child=child), *ChildSearchKey.objects.filter(child=child)]
    for case in child.cases.all():
        rows += [case, *case.offences.all(), *case.assessments.all(), *case.plans.all(), *case.reviews.all()]
        rows += [*case.contacts.all(), *case.victims.all(), *PlanTarget.objects.filter(plan__case=case)]
        rows += list(VictimContactDetails.objects.filter(victim__case=case))
    rows += [*child.flags.all(), *child.information_requests.all(), *Addendum.objects.filter(request__child=child)]
    for referral in child.oocd_referrals.all():
        rows += [referral, referral.decision]
    rows += [*child.custody_records.all(), *CustodyRecordChange.objects.filter(record__child=child)]
    return repr([{key: value for key, value in vars(row).items() if not key.startswith("_")} for row in rows])


def test_a_child_past_the_period_is_anonymised_and_the_board_figures_do_not_change(history, people):
    past_years = {"start": datetime.date(2016, 1, 1), "end": datetime.date(2018, 12, 31)}
    before = board_figures(**past_years, user=people["head"])
    assert any(part in every_text_about(history.child.pk) for part in EVERY_NAME_PART)

    run = retention.retention_apply(by=people["head"], today=TODAY)

    assert run.anonymised == [history.child.pk]
    text = every_text_about(history.child.pk)
    for part in [*EVERY_NAME_PART, "Amy", "Nguyen", "Okonkwo", "dealer", "groomed", "college", "date(2002, 11, 23)"]:
        assert part not in text, part
    child = Child.objects.get(pk=history.child.pk)
    assert str(child) == f"Anonymised child {child.pk}"
    assert child.date_of_birth == datetime.date(2002, 7, 1)
    assert (child.gender, child.ethnicity, child.looked_after, child.special_educational_needs) == (
        "M",
        "B1",
        True,
        True,
    )
    assert not ChildAlias.objects.filter(child=child).exists()
    assert not VictimContactDetails.objects.filter(victim__case__child=child).exists()
    assert child.cases.get(case_type="referral_order").offences.get().offence_group == "Robbery"
    assert board_figures(**past_years, user=people["head"]) == before


def test_anonymising_is_an_audit_event_that_names_no_one(history, people):
    retention.retention_apply(by=people["head"], today=TODAY)

    event = AuditEvent.objects.get(action=AuditAction.ANONYMISE)
    assert event.actor == people["head"]
    assert event.object_id == str(history.child.pk)
    assert event.object_repr == f"Anonymised child {history.child.pk}"
    assert event.detail["retention_years"] == 6
    assert event.detail["last_case_closed"] == LONG_AGO.isoformat()
    assert event.detail["rows"]["information_requests"] == 1
    assert not any(part in repr(event.detail) for part in EVERY_NAME_PART)


def test_a_child_with_an_open_case_is_never_touched(team_north, people, settings):
    settings.RETENTION_YEARS_AFTER_CLOSURE = 6
    kept = child_with_history(
        closed_on=LONG_AGO, team=team_north, worker=people["worker"], police=people["police"], open_case=True
    )
    before = every_text_about(kept.child.pk)

    run = retention.retention_apply(today=TODAY)

    assert run.anonymised == []
    assert run.kept_for_open_cases == [kept.child.pk]
    with pytest.raises(ValidationError, match="open case"):
        retention.child_anonymise(child=kept.child, today=TODAY)
    with pytest.raises(CommandError, match="open case"):
        call_command("apply_retention", child=kept.child.pk, today=TODAY, stdout=io.StringIO())
    assert every_text_about(kept.child.pk) == before
    assert not AuditEvent.objects.filter(action=AuditAction.ANONYMISE).exists()


def test_a_child_whose_case_closed_within_the_period_is_kept(team_north, people, settings):
    settings.RETENTION_YEARS_AFTER_CLOSURE = 6
    recent = child_with_history(
        closed_on=datetime.date(2021, 6, 1), team=team_north, worker=people["worker"], police=people["police"]
    )

    assert retention.retention_apply(today=TODAY).due == []
    with pytest.raises(ValidationError, match="less than 6 years ago"):
        retention.child_anonymise(child=recent.child, today=TODAY)

    settings.RETENTION_YEARS_AFTER_CLOSURE = 4  # the period is a setting
    assert retention.retention_apply(today=TODAY).anonymised == [recent.child.pk]


def test_a_dry_run_changes_nothing(history):
    before = every_text_about(history.child.pk)
    out = io.StringIO()

    call_command("apply_retention", dry_run=True, today=TODAY, stdout=out)

    assert f"Dry run: 1 children would be anonymised (ids {history.child.pk})" in out.getvalue()
    assert every_text_about(history.child.pk) == before
    assert not AuditEvent.objects.filter(action=AuditAction.ANONYMISE).exists()


def test_running_again_changes_nothing_more(history):
    call_command("apply_retention", today=TODAY, stdout=io.StringIO())
    after_first = every_text_about(history.child.pk)
    out = io.StringIO()

    call_command("apply_retention", today=TODAY, stdout=out)

    assert "Anonymised 0 children" in out.getvalue()
    assert every_text_about(history.child.pk) == after_first
    assert AuditEvent.objects.filter(action=AuditAction.ANONYMISE).count() == 1
    retention.child_anonymise(child=history.child, today=TODAY)  # already done: returned unchanged
    assert AuditEvent.objects.filter(action=AuditAction.ANONYMISE).count() == 1


def test_the_command_prints_ids_never_names(history):
    out = io.StringIO()
    call_command("apply_retention", today=TODAY, stdout=out)
    assert f"Anonymised 1 children (ids {history.child.pk})" in out.getvalue()
    assert not any(part in out.getvalue() for part in EVERY_NAME_PART)


def test_the_signed_document_file_is_deleted_once_committed(history, django_capture_on_commit_callbacks):
    decision = history.child.oocd_referrals.get().decision
    storage, name = decision.signed_document.storage, decision.signed_document.name
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        retention.retention_apply(today=TODAY)

    assert not storage.exists(name)
    decision.refresh_from_db()
    assert decision.signed_document.name == retention.REMOVED_DOCUMENT  # still counts as signed


def test_supplied_information_stays_final_for_everyone_else(history, team_north, people):
    other = InformationRequestFactory(supplied=True, information_supplied="No trace")
    retention.retention_apply(today=TODAY)

    history.request.refresh_from_db()
    assert history.request.information_supplied == retention.REMOVED
    with pytest.raises(DatabaseError, match="supplied_request_is_final"), transaction.atomic():
        InformationRequest.objects.filter(pk=other.pk).update(information_supplied="Rewritten")
