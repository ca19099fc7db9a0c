"""Breach proceedings from the enforcement steps in the case's contacts (court.services.orders)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from court.models import BreachOutcome, BreachProceedings, OrderOutcome, RequirementStatus
from court.services import orders as services

from .factories_orders import *  # noqa: F403 (the fixtures)
from .factories_orders import TODAY, days_ago, hearing_of, missed_contact, order_case, supervision

pytestmark = pytest.mark.django_db


def lay(order, by, **overrides):
    values = {"laid_on": days_ago(1), "reason": "Missed three appointments after a warning"}
    return services.breach_lay(order=order, by=by, **(values | overrides))


def test_breach_proceedings_name_the_case_s_enforcement_contacts(yro, yro_case, case_worker):
    warning = missed_contact(yro_case, by=case_worker, step="warning", days=5)
    breach = missed_contact(yro_case, by=case_worker, step="breach", days=2)
    assert list(services.contacts_for_breach(yro_case)) == [breach, warning]
    laid = lay(yro, case_worker, enforcement_contacts=[warning, breach])
    assert set(laid.enforcement_contacts.all()) == {warning, breach}
    assert laid.outcome == ""


def test_contacts_of_another_case_or_without_a_step_are_refused(yro, yro_case, case_worker, team_north):
    other = missed_contact(order_case(team=team_north, worker=case_worker), by=case_worker)
    meeting = missed_contact(yro_case, by=case_worker, step="re_engagement_meeting")
    for contact in (other, meeting):
        with pytest.raises(ValidationError) as refused:
            lay(yro, case_worker, enforcement_contacts=[contact])
        assert refused.value.message_dict["enforcement_contacts"] == [
            "Select contacts of this case that recorded a warning or a breach"
        ]
    assert not BreachProceedings.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"laid_on": None}, "laid_on"),
        ({"laid_on": TODAY + datetime.timedelta(days=1)}, "laid_on"),
        ({"laid_on": days_ago(11)}, "laid_on"),
        ({"reason": " "}, "reason"),
    ],
)
def test_field_errors(yro, case_worker, changes, field):
    with pytest.raises(ValidationError) as refused:
        lay(yro, case_worker, **changes)
    assert field in refused.value.message_dict


def test_revoked_and_resentenced_ends_the_order(yro, yro_case, case_worker):
    requirement = supervision(yro, by=case_worker)
    laid = lay(yro, case_worker)
    hearing = hearing_of(yro_case, by=case_worker, days=0)
    services.breach_outcome_record(
        breach=laid, by=case_worker, outcome=BreachOutcome.REVOKED_RESENTENCED, outcome_on=TODAY, hearing=hearing
    )
    laid.refresh_from_db()
    yro.refresh_from_db()
    requirement.refresh_from_db()
    assert (laid.outcome, laid.outcome_on, laid.hearing) == (BreachOutcome.REVOKED_RESENTENCED, TODAY, hearing)
    assert (yro.outcome, yro.ended_on) == (OrderOutcome.REVOKED_BREACH, TODAY)
    assert requirement.status == RequirementStatus.ENDED_EARLY
    with pytest.raises(ValidationError) as refused:
        services.breach_outcome_record(breach=laid, by=case_worker, outcome=BreachOutcome.FINE, outcome_on=TODAY)
    assert "already recorded" in refused.value.message_dict["outcome"][0]
    with pytest.raises(ValidationError) as refused:
        lay(yro, case_worker)
    assert "ended" in refused.value.message_dict["order"][0]


def test_another_outcome_leaves_the_order_running(yro, case_worker):
    laid = lay(yro, case_worker)
    services.breach_outcome_record(breach=laid, by=case_worker, outcome=BreachOutcome.FINE, outcome_on=TODAY)
    yro.refresh_from_db()
    assert yro.outcome == ""


@pytest.mark.parametrize(
    ("outcome", "outcome_on", "field"),
    [
        ("", TODAY, "outcome"),
        (BreachOutcome.FINE, None, "outcome_on"),
        (BreachOutcome.FINE, days_ago(2), "outcome_on"),
        (BreachOutcome.FINE, TODAY + datetime.timedelta(days=1), "outcome_on"),
    ],
)
def test_outcome_field_errors(yro, case_worker, outcome, outcome_on, field):
    laid = lay(yro, case_worker)
    with pytest.raises(ValidationError) as refused:
        services.breach_outcome_record(breach=laid, by=case_worker, outcome=outcome, outcome_on=outcome_on)
    assert field in refused.value.message_dict


def test_who_may_lay_a_breach_and_record_its_outcome(yro, case_worker, team_manager, head_of_service, south_worker):
    for user in (head_of_service, south_worker):
        with pytest.raises(PermissionDenied):
            lay(yro, user)
    laid = lay(yro, team_manager)
    for user in (head_of_service, south_worker):
        with pytest.raises(PermissionDenied):
            services.breach_outcome_record(breach=laid, by=user, outcome=BreachOutcome.FINE, outcome_on=TODAY)
