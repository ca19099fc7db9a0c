"""Court work's personal data (``court.personal_data``): every court model about a child registered,
anonymised under the retention schedule keeping what the board counts, exported for subject access
(the volunteers who sat counted, not named), with the audit events of every record exported."""

import datetime
from decimal import Decimal
from html import unescape

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from cases.models import CaseType
from cases.tests.factories import CaseFactory, ChildFactory
from court import personal_data
from court.models import (
    BreachProceedings,
    Contract,
    CustodySpell,
    Hearing,
    HearingType,
    Order,
    OrderOutcome,
    OrderType,
    PanelOutcome,
    PreSentenceReport,
    ReferralPanel,
    ReportReturn,
    ReportStatus,
    Requirement,
    RequirementProgress,
    RequirementType,
    ResettlementPlan,
    Sentence,
    Volunteer,
)
from court.tests.factories import (
    CustodySpellFactory,
    HearingFactory,
    OrderFactory,
    PreSentenceReportFactory,
    ReferralPanelFactory,
    RequirementFactory,
    ResettlementPlanFactory,
    VolunteerFactory,
)
from governance.indicators import Period
from governance.indicators import court as court_figures
from governance.subject_access import TEMPLATE, subject_access_record
from yjs.audit import audit_record
from yjs.models import AuditAction
from yjs.personal_data import REMOVED, registered, registered_models
from yjs.roles import Role
from yjs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
COURT_MODELS = {
    Hearing,
    PreSentenceReport,
    ReportReturn,
    Order,
    Requirement,
    RequirementProgress,
    BreachProceedings,
    ReferralPanel,
    Contract,
    CustodySpell,
    ResettlementPlan,
}


def ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def test_every_court_model_about_a_child_is_registered_and_volunteers_are_not():
    assert registered_models() >= COURT_MODELS
    court = next(entry for entry in registered() if entry.app == "court")
    assert set(court.models) == COURT_MODELS
    assert Volunteer not in registered_models()


@pytest.fixture
def head(team_north, team_south):
    return UserFactory(username="head", roles=[Role.HEAD_OF_SERVICE], teams=[team_north, team_south])


@pytest.fixture
def history(team_north, case_worker, team_manager):
    """A child with every kind of court record, each with words written about them."""
    child = ChildFactory(forenames="Amy", surname="Adams")
    case = CaseFactory(child=child, case_type=CaseType.REFERRAL_ORDER, team=team_north, allocated_to=case_worker)
    HearingFactory(
        child=child, case=case, heard_on=ago(100), hearing_type=HearingType.SENTENCE,
        duty_officer_note="Amy cried in the cells; mother absent", recorded_by=case_worker,
    )  # fmt: skip
    report = PreSentenceReportFactory(
        case=case, author=case_worker, requested_on=ago(130), status=ReportStatus.SUBMITTED,
        proposal=Sentence.REFERRAL_ORDER, proposal_detail="Amy is remorseful and her mother drinks",
        approved_by=team_manager, approved_at=timezone.now(), submitted_on=ago(110),
        sentence_given=Sentence.REFERRAL_ORDER, sentenced_on=ago(100),
    )  # fmt: skip
    ReportReturn.objects.create(
        report=report, returned_by=team_manager, feedback="Say more about the cannabis use",
        resubmitted_at=timezone.now(),
    )  # fmt: skip
    order = OrderFactory(
        case=case, order_type=OrderType.REFERRAL_ORDER, made_on=ago(100), recorded_by=case_worker,
        outcome=OrderOutcome.COMPLETED, ended_on=ago(5),
    )  # fmt: skip
    requirement = RequirementFactory(
        order=order, requirement_type=RequirementType.ACTIVITY, hours_ordered=20,
        details="Boxing club on Tuesdays with her cousin", recorded_by=case_worker,
    )  # fmt: skip
    RequirementProgress.objects.create(
        requirement=requirement, done_on=ago(50), hours=Decimal("3"), note="Late: bus fare", recorded_by=case_worker
    )
    BreachProceedings.objects.create(
        order=order, laid_on=ago(40), reason="Missed appointments while sofa surfing", recorded_by=case_worker
    )
    panel = ReferralPanelFactory(
        order=order, held_on=ago(90), outcome=PanelOutcome.CONTRACT_AGREED, notes="Spoke about her brother",
        recorded_by=case_worker,
    )  # fmt: skip
    panel.volunteers.set([VolunteerFactory(name="Val Volunteer"), VolunteerFactory(name="Vic Volunteer")])
    Contract.objects.create(
        panel=panel, activities="Victim awareness at the youth club", reparation="Litter pick at the park",
        child_signed_on=ago(90),
    )  # fmt: skip
    spell = CustodySpellFactory(
        case=case, custody_from=ago(300), release_on=ago(200), released_on=ago(200),
        licence_conditions="No contact with Jay Smith",
    )  # fmt: skip
    ResettlementPlanFactory(
        spell=spell, accommodation="With her aunt", education="Leeds City College", health="GP in Armley",
        release_address="12 Elm Street", completed_on=ago(220),
    )  # fmt: skip
    return child


WORDS = [
    "cried in the cells",
    "remorseful",
    "cannabis",
    "Boxing club",
    "bus fare",
    "sofa surfing",
    "her brother",
    "Victim awareness",
    "Litter pick",
    "Jay Smith",
    "With her aunt",
    "Leeds City College",
    "GP in Armley",
    "12 Elm Street",
]


def _words_held(child) -> str:
    rows = [
        *Hearing.objects.filter(child=child),
        *PreSentenceReport.objects.filter(case__child=child),
        *ReportReturn.objects.filter(report__case__child=child),
        *Requirement.objects.filter(order__case__child=child),
        *RequirementProgress.objects.filter(requirement__order__case__child=child),
        *BreachProceedings.objects.filter(order__case__child=child),
        *ReferralPanel.objects.filter(order__case__child=child),
        *Contract.objects.filter(panel__order__case__child=child),
        *CustodySpell.objects.filter(case__child=child),
        *ResettlementPlan.objects.filter(spell__case__child=child),
    ]
    return repr([vars(row) for row in rows])


def test_anonymising_removes_what_was_written_and_keeps_the_figures(history):
    period = Period(ago(365), TODAY)
    before = [(f.numerator, f.denominator) for f in court_figures.court_figures(period)]
    held = _words_held(history)
    assert all(word in held for word in WORDS)

    rows = personal_data.anonymise(history, TODAY)

    held = _words_held(history)
    assert [word for word in WORDS if word in held] == []
    assert rows["contracts"] == rows["report_returns"] == rows["breach_proceedings"] == 1
    assert Contract.objects.get().activities == REMOVED
    assert ReportReturn.objects.get().feedback == REMOVED
    order = Order.objects.get()
    assert (order.order_type, order.outcome, order.made_on) == (
        OrderType.REFERRAL_ORDER,
        OrderOutcome.COMPLETED,
        ago(100),
    )
    assert Requirement.objects.get().hours_ordered == 20
    assert RequirementProgress.objects.get().hours == 3
    assert ResettlementPlan.objects.get().completed_on == ago(220)
    assert [(f.numerator, f.denominator) for f in court_figures.court_figures(period)] == before
    # The volunteers are not the child's: kept as they are.
    assert set(Volunteer.objects.values_list("name", flat=True)) == {"Val Volunteer", "Vic Volunteer"}


def test_the_export_holds_the_childs_court_work_without_the_volunteers_names(history, head):
    record = subject_access_record(user=head, child_id=history.pk)
    assert {name: len(record.parts[name]) for name in personal_data.PARTS} == {
        "court_hearings": 1,
        "pre_sentence_reports": 1,
        "court_orders": 1,
        "custody_spells": 1,
    }
    html = unescape(render_to_string(TEMPLATE, {"record": record}))
    assert "Court work and orders" in html
    for word in WORDS:
        assert word in html, word
    assert "with 2 community volunteers" in html
    assert "Val Volunteer" not in html and "Vic Volunteer" not in html
    assert record.counts()["court_orders"] == 1


def test_the_export_lists_the_audit_events_of_the_court_records(history, head, case_worker):
    audit_record(actor=case_worker, action=AuditAction.VIEW_SENSITIVE, obj=Contract.objects.get())
    audit_record(actor=case_worker, action=AuditAction.VIEW_SENSITIVE, obj=ResettlementPlan.objects.get())
    record = subject_access_record(user=head, child_id=history.pk)
    about = {event.content_type.model for event in record.audit_events}
    assert {"contract", "resettlementplan"} <= about
    audited = personal_data.audited(record.parts)
    assert {type(row) for row in audited} == COURT_MODELS


def test_another_teams_restricted_court_work_is_not_exported_to_those_who_may_not_see_it(team_south, police_officer):
    child = ChildFactory()
    case = CaseFactory(child=child, team=team_south, restricted=True, case_type=CaseType.YOUTH_REHABILITATION_ORDER)
    OrderFactory(case=case)
    assert personal_data.export(police_officer, child) == {name: [] for name in personal_data.PARTS}
