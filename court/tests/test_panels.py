"""Referral order panels' services and selectors (DESIGN.md §10; issue #21, acceptance 1): the initial
panel due in 20 working days, quorate panels of two volunteers who may sit and a YJS member of the
case's team, the outcomes each type allows, the contract, the next panel, and the figures."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError

from court import rules
from court.models import Contract, Order, PanelType
from court.selectors import panels as selectors
from court.services.panels import panel_hold, panel_schedule, panel_schedule_initial
from yjs.models import AuditEvent
from yjs.working_days import is_working_day

from .factories_panels import TODAY, ReferralPanelFactory, VolunteerFactory, days_ago, referral_order
from .fixtures_panels import *  # noqa: F403

pytestmark = pytest.mark.django_db

CONTRACT = {
    "activities": "Two sessions a week with the YJS; a victim awareness course",
    "reparation": "Ten hours at the community garden",
    "child_signed_on": days_ago(1),
    "parent_not_required": True,
}


def hold(panel, by, volunteers, member, outcome="contract_agreed", held_on=None, **extra):
    extra.setdefault("contract", CONTRACT if outcome == "contract_agreed" else None)
    return panel_hold(
        panel=panel,
        by=by,
        held_on=held_on or days_ago(2),
        volunteers=volunteers,
        yjs_member=member,
        outcome=outcome,
        notes="Morgan spoke about the offence",
        **extra,
    )


def errors_of(call) -> dict:
    with pytest.raises(ValidationError) as raised:
        call()
    return raised.value.message_dict


# --- Acceptance 1 ------------------------------------------------------------------------------------------


def test_a_referral_order_made_today_has_its_initial_panel_due_in_20_working_days(north_case, case_worker):
    order, panel = referral_order(case=north_case, made_on=TODAY)
    assert panel.panel_type == PanelType.INITIAL
    assert panel.due_on == rules.initial_panel_due(TODAY)
    working = [
        TODAY + datetime.timedelta(days=k) for k in range(1, (panel.due_on - TODAY).days + 1)
        if is_working_day(TODAY + datetime.timedelta(days=k))
    ]  # fmt: skip
    assert len(working) == 20 and working[-1] == panel.due_on
    # It shows on the worker's list of panels (and on their work: court/tests/test_work.py).
    assert list(selectors.panels_waiting(user=case_worker)) == [panel]
    # Scheduled once.
    assert panel_schedule_initial(order=order) == panel


def test_bank_holidays_are_skipped(north_case):
    # 2026-12-18 (a Friday): 25 and 28 December and 1 January are bank holidays.
    _, panel = referral_order(case=north_case, made_on=datetime.date(2026, 12, 18))
    assert panel.due_on == datetime.date(2027, 1, 20)


def test_a_panel_with_one_volunteer_is_refused_not_quorate(north_order, case_worker, two_volunteers):
    _, panel = north_order
    errors = errors_of(lambda: hold(panel, case_worker, two_volunteers[:1], case_worker))
    assert errors == {"volunteers": ["A panel needs two community volunteers: with fewer it is not quorate"]}
    panel.refresh_from_db()
    assert panel.held_on is None and not Contract.objects.exists()
    # The same volunteer twice is still one.
    errors = errors_of(lambda: hold(panel, case_worker, [two_volunteers[0]] * 2, case_worker))
    assert "not quorate" in errors["volunteers"][0]
    errors = errors_of(lambda: hold(panel, case_worker, [*two_volunteers, VolunteerFactory()], case_worker))
    assert errors["volunteers"] == ["A panel has two community volunteers: select two"]


def test_after_the_initial_panel_a_progress_panel_is_due_within_three_months(north_order, case_worker, two_volunteers):
    order, panel = north_order
    held_on = days_ago(2)
    hold(panel, case_worker, two_volunteers, case_worker, held_on=held_on)
    panel.refresh_from_db()
    assert (panel.held_on, panel.outcome, panel.recorded_by) == (held_on, "contract_agreed", case_worker)
    assert sorted(panel.volunteers.values_list("name", flat=True)) == ["Ann Able", "Ben Baker"]
    assert panel.contract.reparation == CONTRACT["reparation"] and panel.contract.parent_not_required
    progress = order.panels.get(held_on__isnull=True)
    assert progress.panel_type == PanelType.PROGRESS
    assert progress.due_on == rules.progress_panel_due(held_on) == held_on + relativedelta(months=3)
    assert progress.due_on <= held_on + relativedelta(months=3)
    assert list(selectors.panels_waiting(user=case_worker)) == [progress]
    actions = set(
        AuditEvent.objects.filter(object_id__in=[panel.pk, panel.contract.pk]).values_list("action", flat=True)
    )
    assert actions == {"update", "create"}


# --- Volunteers who may sit -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"vetted_on": days_ago(800), "vetting_expires_on": days_ago(5)}, "their DBS check lapsed on"),
        ({"trained_on": None}, "they have not completed panel training"),
        ({"active": False}, "is no longer an active volunteer"),
        ({"vetted_on": None, "vetting_expires_on": None}, "no DBS check is recorded"),
    ],
)
def test_a_volunteer_who_may_not_sit_is_refused_by_name(north_order, case_worker, fields, reason):
    _, panel = north_order
    sitting = VolunteerFactory(name="Cara Cole", **fields)
    errors = errors_of(lambda: hold(panel, case_worker, [VolunteerFactory(), sitting], case_worker))
    [message] = errors["volunteers"]
    assert message.startswith("Cara Cole") and reason in message


def test_vetting_is_judged_on_the_day_the_panel_was_held(north_order, case_worker):
    _, panel = north_order
    lapsed_since = VolunteerFactory(vetted_on=days_ago(800), vetting_expires_on=days_ago(1))
    hold(panel, case_worker, [VolunteerFactory(), lapsed_since], case_worker, held_on=days_ago(3))
    panel.refresh_from_db()
    assert panel.held_on == days_ago(3)


# --- Field errors ------------------------------------------------------------------------------------------


def test_field_errors(north_order, case_worker, team_manager, south_worker, two_volunteers):
    _, panel = north_order
    errors = errors_of(
        lambda: panel_hold(
            panel=panel, by=case_worker, held_on=None, volunteers=[], yjs_member=None, outcome="completed"
        )
    )
    assert errors == {
        "held_on": ["Enter the date the panel was held"],
        "volunteers": ["A panel needs two community volunteers: with fewer it is not quorate"],
        "yjs_member": ["Select the YJS member of the panel"],
        "outcome": [
            "An initial panel's outcome is one of: contract agreed, no contract agreed: referred back to court, "
            "adjourned"
        ],
    }
    tomorrow = TODAY + datetime.timedelta(days=1)
    errors = errors_of(lambda: hold(panel, case_worker, two_volunteers, south_worker, held_on=tomorrow))
    assert errors["held_on"] == ["The date the panel was held must be today or in the past"]
    assert errors["yjs_member"] == ["Select a case worker or manager of the case's team as the YJS member"]
    errors = errors_of(lambda: hold(panel, case_worker, two_volunteers, team_manager, held_on=days_ago(60)))
    assert errors["held_on"][0].startswith(
        "The date the panel was held must be the same as or after the order was made"
    )


def test_the_contract(north_order, case_worker, two_volunteers):
    _, panel = north_order
    errors = errors_of(lambda: hold(panel, case_worker, two_volunteers, case_worker, contract=None))
    assert errors == {"contract": ["Record the contract agreed at the panel"]}
    errors = errors_of(lambda: hold(panel, case_worker, two_volunteers, case_worker, contract={"activities": " "}))
    assert errors == {
        "contract.activities": ["Enter the activities the contract agrees"],
        "contract.reparation": ["Enter the reparation the contract agrees"],
        "contract.child_signed_on": ["Enter the date the child signed the contract"],
        "contract.parent_signed_on": [
            "Enter the date the parent or carer signed the contract, or say no parent or carer signature is needed"
        ],
    }
    both = {**CONTRACT, "parent_signed_on": days_ago(1)}
    errors = errors_of(lambda: hold(panel, case_worker, two_volunteers, case_worker, contract=both))
    assert list(errors) == ["contract.parent_signed_on"]
    early = {**CONTRACT, "child_signed_on": days_ago(9)}
    errors = errors_of(lambda: hold(panel, case_worker, two_volunteers, case_worker, contract=early))
    assert errors["contract.child_signed_on"] == [
        "The date the child signed the contract must be the same as or after the panel was held"
    ]
    no_contract = errors_of(
        lambda: hold(panel, case_worker, two_volunteers, case_worker, outcome="no_contract", contract=CONTRACT)
    )
    assert no_contract == {"contract": ["A contract is recorded only when the panel agrees or varies one"]}
    signed = {**CONTRACT, "parent_not_required": False, "parent_signed_on": days_ago(2)}
    hold(panel, case_worker, two_volunteers, case_worker, contract=signed)
    assert Contract.objects.get(panel=panel).parent_signed_on == days_ago(2)


@pytest.mark.parametrize(
    ("panel_type", "allowed", "refused"),
    [
        ("initial", ["contract_agreed", "no_contract", "adjourned"], ["progress_satisfactory", "completed"]),
        ("progress", ["progress_satisfactory", "contract_varied", "referred_back", "adjourned"], ["completed"]),
        ("final", ["completed", "referred_back"], ["adjourned", "contract_agreed"]),
    ],
)
def test_the_outcomes_each_type_allows(north_case, case_worker, panel_type, allowed, refused):
    order, _ = referral_order(case=north_case)
    volunteers = [VolunteerFactory(), VolunteerFactory()]
    for outcome in refused:
        panel = ReferralPanelFactory(order=order, panel_type=panel_type, due_on=TODAY)
        assert "outcome" in errors_of(
            lambda panel=panel, o=outcome: hold(panel, case_worker, volunteers, case_worker, o)
        )
    for outcome in allowed:
        panel = ReferralPanelFactory(order=order, panel_type=panel_type, due_on=TODAY)
        hold(panel, case_worker, volunteers, case_worker, outcome)


def test_an_adjourned_panel_schedules_another_of_the_same_type(north_order, case_worker, two_volunteers):
    order, panel = north_order
    hold(panel, case_worker, two_volunteers, case_worker, outcome="adjourned")
    again = order.panels.get(held_on__isnull=True)
    assert (again.panel_type, again.due_on) == ("initial", panel.due_on)


@pytest.mark.parametrize("outcome", ["no_contract"])
def test_no_panel_follows_an_ending_outcome(north_order, case_worker, two_volunteers, outcome):
    order, panel = north_order
    hold(panel, case_worker, two_volunteers, case_worker, outcome=outcome)
    assert not order.panels.filter(held_on__isnull=True).exists()


def test_progress_panels_until_the_final_panel(north_order, case_worker, two_volunteers):
    order, initial = north_order
    hold(initial, case_worker, two_volunteers, case_worker, held_on=days_ago(30))
    progress = order.panels.get(held_on__isnull=True)
    hold(progress, case_worker, two_volunteers, case_worker, "progress_satisfactory", held_on=days_ago(1))
    second = order.panels.get(held_on__isnull=True)
    assert (second.panel_type, second.due_on) == ("progress", rules.progress_panel_due(days_ago(1)))
    # The worker schedules the final panel before the next progress panel is due.
    final = panel_schedule(order=order, by=case_worker, panel_type="final", due_on=TODAY + datetime.timedelta(days=20))
    hold(second, case_worker, two_volunteers, case_worker, "contract_varied", held_on=TODAY)
    assert list(order.panels.filter(held_on__isnull=True)) == [final]
    hold(final, case_worker, two_volunteers, case_worker, "completed", held_on=TODAY)
    assert not order.panels.filter(held_on__isnull=True).exists()


def test_referred_back_ends_the_panels(north_order, case_worker, two_volunteers):
    order, initial = north_order
    hold(initial, case_worker, two_volunteers, case_worker, held_on=days_ago(30))
    progress = order.panels.get(held_on__isnull=True)
    hold(progress, case_worker, two_volunteers, case_worker, "referred_back")
    assert not order.panels.filter(held_on__isnull=True).exists()


def test_a_panel_is_held_once(north_order, case_worker, two_volunteers):
    _, panel = north_order
    hold(panel, case_worker, two_volunteers, case_worker)
    errors = errors_of(lambda: hold(panel, case_worker, two_volunteers, case_worker))
    assert errors == {"held_on": ["This panel has already been recorded as held"]}


# --- Scheduling a final or extension panel ------------------------------------------------------------------


def test_scheduling(north_order, case_worker):
    order, _ = north_order
    due = TODAY + datetime.timedelta(days=40)
    extension = panel_schedule(order=order, by=case_worker, panel_type="extension", due_on=due)
    assert (extension.panel_type, extension.due_on) == ("extension", due)
    assert AuditEvent.objects.filter(object_id=str(extension.pk), action="create").exists()
    errors = errors_of(lambda: panel_schedule(order=order, by=case_worker, panel_type="progress", due_on=None))
    assert errors == {
        "panel_type": ["Select a final panel or an extension or variation panel"],
        "due_on": ["Enter the date the panel is due"],
    }
    panel_schedule(order=order, by=case_worker, panel_type="final", due_on=due)
    errors = errors_of(lambda: panel_schedule(order=order, by=case_worker, panel_type="final", due_on=due))
    assert errors == {"panel_type": ["A final panel is already scheduled"]}
    Order.objects.filter(pk=order.pk).update(outcome="completed", ended_on=TODAY)
    order.refresh_from_db()
    errors = errors_of(lambda: panel_schedule(order=order, by=case_worker, panel_type="extension", due_on=due))
    assert errors == {"order": ["The order has ended: no more panels are held"]}


# --- Permissions ---------------------------------------------------------------------------------------------


def test_who_may_record_panels(north_order, restricted_order, case_worker, team_manager, south_worker,
                               head_of_service, victim_worker, police_officer, two_volunteers):  # fmt: skip
    _, panel = north_order
    for outsider in (south_worker, head_of_service, victim_worker, police_officer):
        with pytest.raises(PermissionDenied):
            hold(panel, outsider, two_volunteers, case_worker)
        with pytest.raises(PermissionDenied):
            panel_schedule(order=panel.order, by=outsider, panel_type="final", due_on=TODAY)
    _, restricted = restricted_order
    with pytest.raises(PermissionDenied):
        hold(restricted, case_worker, two_volunteers, team_manager)
    hold(restricted, team_manager, two_volunteers, team_manager)
    hold(panel, team_manager, two_volunteers, case_worker)


# --- Work lists and figures --------------------------------------------------------------------------------


def test_the_lists_of_panels_waiting(north_order, south_order, restricted_order, case_worker, team_manager,
                                     south_worker, head_of_service):  # fmt: skip
    _, north = north_order
    _, south = south_order
    _, restricted = restricted_order
    assert list(selectors.panels_waiting(user=case_worker)) == [north]
    assert set(selectors.panels_waiting(user=team_manager)) == {north, restricted}
    assert list(selectors.panels_waiting(user=south_worker)) == [south]
    assert set(selectors.panels_waiting(user=head_of_service)) == {north, south, restricted}
    overdue = ReferralPanelFactory(order=north.order, due_on=days_ago(35))
    assert list(selectors.panels_waiting(user=case_worker)) == [overdue, north]
    assert selectors.panel_get(user=team_manager, panel_id=restricted.pk) == restricted
    with pytest.raises(Exception, match="No such panel"):
        selectors.panel_get(user=case_worker, panel_id=restricted.pk)


def _case_like(case):
    from cases.tests.factories import CaseFactory

    return CaseFactory(team=case.team, allocated_to=case.allocated_to, created_by=case.created_by)
