"""Recording a court order case's order, and its end (court.services.orders), and issue #21's
acceptance 1 as far as the order goes: a referral order made today has its initial panel due in 20
working days, bank holidays skipped."""

import datetime

import holidays
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import CaseType
from court.models import Order, OrderOutcome, PanelType, RequirementStatus
from court.services import orders as services
from yjs.models import AuditAction, AuditEvent

from .factories_orders import *  # noqa: F403 (the fixtures)
from .factories_orders import TODAY, days_ago, order_case, order_of, supervision, unpaid_work

pytestmark = pytest.mark.django_db


def twenty_working_days_after(day: datetime.date) -> datetime.date:
    """Counted by hand: weekdays that are not bank holidays in England and Wales."""
    bank = holidays.country_holidays("GB", subdiv="ENG", years=[day.year, day.year + 1])
    counted = 0
    while counted < 20:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5 and day not in bank:
            counted += 1
    return day


# --- Acceptance 1: the initial panel of a referral order ----------------------------------------------


def test_a_referral_order_made_today_has_its_initial_panel_due_in_20_working_days(referral_case, case_worker):
    order = order_of(referral_case, by=case_worker, made_on=TODAY, length_months=6)
    panel = order.panels.get()
    assert panel.panel_type == PanelType.INITIAL
    assert panel.held_on is None
    assert panel.due_on == twenty_working_days_after(TODAY)


def test_the_initial_panel_skips_bank_holidays(team_north, case_worker):
    # Made on Wednesday 1 April 2026: Good Friday (3 April) and Easter Monday (6 April) are not counted.
    made_on = datetime.date(2026, 4, 1)
    case = order_case(
        team=team_north, worker=case_worker, case_type=CaseType.REFERRAL_ORDER, made_days_ago=(TODAY - made_on).days
    )
    order = order_of(case, by=case_worker, made_on=made_on, length_months=6)
    assert order.panels.get().due_on == datetime.date(2026, 5, 1)


def test_other_orders_have_no_panel(yro):
    assert not yro.panels.exists()


# --- Recording the order ------------------------------------------------------------------------------------


def test_an_order_ends_its_length_after_it_was_made_and_the_case_learns_its_end(yro_case, case_worker):
    order = order_of(yro_case, by=case_worker, made_on=days_ago(10), length_months=12)
    assert order.ends_on == days_ago(10).replace(year=days_ago(10).year + 1)
    yro_case.refresh_from_db()
    assert yro_case.order_end_date == order.ends_on
    assert yro_case.court_order == order
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(order.pk)).exists()


def test_an_order_agrees_with_the_case_s_end_date(team_north, case_worker):
    ends = days_ago(10) + datetime.timedelta(days=200)
    case = order_case(team=team_north, worker=case_worker, order_end_date=ends)
    with pytest.raises(ValidationError) as refused:
        order_of(case, by=case_worker, length_months=12)
    assert "ends_on" in refused.value.message_dict
    assert not Order.objects.exists()
    order = order_of(case, by=case_worker, length_months=7, ends_on=ends)
    assert order.ends_on == ends


@pytest.mark.parametrize("case_type", [CaseType.PREVENTION, CaseType.DIVERSION, CaseType.REMAND])
def test_a_case_that_is_not_a_court_order_has_no_order(team_north, case_worker, case_type):
    case = order_case(team=team_north, worker=case_worker, case_type=case_type)
    with pytest.raises(ValidationError) as refused:
        order_of(case, by=case_worker, order_type=CaseType.REFERRAL_ORDER)
    assert "has no court order" in refused.value.message_dict["case"][0]


def test_the_order_is_of_the_case_s_type(yro_case, case_worker):
    with pytest.raises(ValidationError) as refused:
        order_of(yro_case, by=case_worker, order_type="referral_order")
    assert refused.value.message_dict["order_type"] == [
        "Select the case's order: this is a youth rehabilitation order case"
    ]


def test_one_order_a_case(yro, yro_case, case_worker):
    with pytest.raises(ValidationError) as refused:
        order_of(yro_case, by=case_worker)
    assert "already recorded" in refused.value.message_dict["case"][0]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"court": "  "}, "court"),
        ({"made_on": None}, "made_on"),
        ({"made_on": TODAY + datetime.timedelta(days=1)}, "made_on"),
        ({"length_months": 0}, "length_months"),
        ({"length_months": 37}, "length_months"),
        ({"ends_on": days_ago(30)}, "ends_on"),
        ({"order_type": "caution"}, "order_type"),
    ],
)
def test_field_errors(yro_case, case_worker, changes, field):
    with pytest.raises(ValidationError) as refused:
        order_of(yro_case, by=case_worker, **changes)
    assert field in refused.value.message_dict
    assert not Order.objects.exists()


def test_a_hearing_of_another_child_is_refused(yro_case, case_worker, team_north):
    from .factories_orders import hearing_of

    other = order_case(team=team_north, worker=case_worker)
    with pytest.raises(ValidationError) as refused:
        order_of(yro_case, by=case_worker, hearing=hearing_of(other, by=case_worker))
    assert refused.value.message_dict["hearing"] == ["Select a hearing of this child"]
    order = order_of(yro_case, by=case_worker, hearing=hearing_of(yro_case, by=case_worker))
    assert order.hearing.child_id == yro_case.child_id


def test_who_may_record_an_order(yro_case, team_manager, south_worker, head_of_service, police_officer):
    for refused in (south_worker, head_of_service, police_officer):
        with pytest.raises(PermissionDenied):
            order_of(yro_case, by=refused)
    assert order_of(yro_case, by=team_manager).recorded_by == team_manager


def test_a_closed_case_takes_no_order(yro_case, case_worker):
    yro_case.status = "closed"
    yro_case.save()
    with pytest.raises(PermissionDenied):
        order_of(yro_case, by=case_worker)


# --- Correcting it ------------------------------------------------------------------------------------------


def test_an_update_changes_only_what_it_is_given(yro, case_worker):
    services.order_update(order=yro, by=case_worker, court="Bradford Youth Court")
    yro.refresh_from_db()
    assert (yro.court, yro.length_months) == ("Bradford Youth Court", 12)
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(yro.pk)).latest("pk")
    assert event.detail == {"court": ["Leeds Youth Court", "Bradford Youth Court"]}


def test_an_update_cannot_empty_a_field_nor_move_the_end_from_the_case_s(yro, case_worker):
    with pytest.raises(ValidationError) as refused:
        services.order_update(order=yro, by=case_worker, court="", ends_on=yro.ends_on + datetime.timedelta(days=1))
    assert set(refused.value.message_dict) == {"court", "ends_on"}
    with pytest.raises(ValidationError):
        services.order_update(order=yro, by=case_worker, order_type="referral_order")


# --- Its end ------------------------------------------------------------------------------------------------


def test_an_order_ends_with_its_outcome_and_its_active_requirements_end_early(yro, case_worker):
    still = supervision(yro, by=case_worker)
    services.order_end(order=yro, by=case_worker, outcome=OrderOutcome.COMPLETED, ended_on=TODAY)
    yro.refresh_from_db()
    still.refresh_from_db()
    assert (yro.outcome, yro.ended_on) == (OrderOutcome.COMPLETED, TODAY)
    assert still.status == RequirementStatus.ENDED_EARLY
    with pytest.raises(ValidationError) as refused:
        services.order_end(order=yro, by=case_worker, outcome=OrderOutcome.REVOKED_OTHER, ended_on=TODAY)
    assert "already ended" in refused.value.message_dict["outcome"][0]


@pytest.mark.parametrize(
    ("outcome", "ended_on", "field"),
    [
        ("", TODAY, "outcome"),
        ("lapsed", TODAY, "outcome"),
        (OrderOutcome.COMPLETED, None, "ended_on"),
        (OrderOutcome.COMPLETED, TODAY + datetime.timedelta(days=1), "ended_on"),
        (OrderOutcome.COMPLETED, days_ago(11), "ended_on"),
    ],
)
def test_an_end_needs_an_outcome_and_a_date_since_the_order(yro, case_worker, outcome, ended_on, field):
    with pytest.raises(ValidationError) as refused:
        services.order_end(order=yro, by=case_worker, outcome=outcome, ended_on=ended_on)
    assert field in refused.value.message_dict


def test_only_those_who_work_on_the_case_end_its_order(yro, head_of_service, south_worker):
    for user in (head_of_service, south_worker):
        with pytest.raises(PermissionDenied):
            services.order_end(order=yro, by=user, outcome=OrderOutcome.COMPLETED, ended_on=TODAY)


# --- The figures --------------------------------------------------------------------------------------------


def test_unpaid_work_is_refused_on_a_referral_order(referral_case, case_worker):
    order = order_of(referral_case, by=case_worker)
    with pytest.raises(ValidationError) as refused:
        unpaid_work(order, by=case_worker)
    assert refused.value.message_dict["order"] == [
        "Requirements are set by a youth rehabilitation order: this order is a referral order"
    ]


# --- The child's timeline -----------------------------------------------------------------------------------


def test_timeline_events_of_the_order_its_requirements_and_breaches(yro, yro_case, case_worker, south_worker):
    from court.selectors.orders import timeline_events

    requirement = supervision(yro, by=case_worker)
    services.requirement_complete(requirement=requirement, by=case_worker, completed_on=TODAY)
    breach = services.breach_lay(order=yro, by=case_worker, laid_on=TODAY, reason="Missed")
    services.breach_outcome_record(breach=breach, by=case_worker, outcome="revoked_resentenced", outcome_on=TODAY)
    titles = {event.title for event in timeline_events(user=case_worker, child=yro_case.child)}
    assert titles == {
        "Youth rehabilitation order made",
        "Youth rehabilitation order ended: revoked after breach",
        "Requirement: Supervision",
        "Requirement completed: Supervision",
        "Breach proceedings laid",
        "Breach outcome: Order revoked and the child resentenced",
    }
    assert timeline_events(user=south_worker, child=yro_case.child) == []


def test_timeline_events_of_a_restricted_case_carry_it_for_the_audit(restricted_case, team_manager):
    from court.selectors.orders import timeline_events

    order_of(restricted_case, by=team_manager)
    [event] = timeline_events(user=team_manager, child=restricted_case.child)
    assert event.audit_object == restricted_case
