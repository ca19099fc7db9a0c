"""Input at the edges (issue #17): boundary dates, over-long text and spoofed names answer 400
with GOV.UK field errors, never 500; the database agrees that a period ends after it starts."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from cases.tests.factories import ChildFactory
from oocd.models import Decision, Panel, Referral, ScrutinySample
from oocd.tests.factories import API, client_for, quorate_panel_via_services, referral_via_services
from oocd.tests.test_apis import LAST_WEEK, decision_input, error, referral_input

LONG_TEXT = "x" * 100_000
EARLIEST = "1 January 2000"


@pytest.fixture
def police(police_officer):
    return client_for(police_officer)


@pytest.fixture
def manager(team_manager):
    return client_for(team_manager)


@pytest.fixture
def referral(police_officer, team_north):
    return referral_via_services(by=police_officer, team=team_north)


@pytest.fixture
def panel(team_manager, referral):
    return quorate_panel_via_services(by=team_manager, referrals=[referral])


@pytest.mark.parametrize(
    ("offence_date", "message"),
    [
        ("0001-01-01", "Date of the offence must be the same as or after 1 January 2000"),
        ("1900-01-01", "Date of the offence must be the same as or after 1 January 2000"),
        ("9999-12-31", "The date of the offence must be today or in the past"),
    ],
)
def test_a_referral_for_an_offence_in_an_implausible_year_is_refused(police, team_north, offence_date, message):
    offences = [{"offence_date": offence_date, "description": "Theft"}]

    response = police.post(
        f"{API}/referrals/", referral_input(ChildFactory(), team_north, offences=offences), format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"offences": {"0": {"offence_date": [message]}}}
    assert not Referral.objects.exists()


@pytest.mark.parametrize("referred_at", ["0001-01-01T00:00:00Z", "1900-01-01T00:00:00Z", "9999-12-31T23:59:59-05:00"])
def test_a_referral_dated_in_an_implausible_year_is_refused(police, team_north, referred_at):
    response = police.post(
        f"{API}/referrals/", referral_input(ChildFactory(), team_north, referred_at=referred_at), format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["referred_at"]


def test_names_are_normalised_and_free_text_limited(police, team_north):
    too_long = police.post(
        f"{API}/referrals/",
        referral_input(ChildFactory(), team_north, referring_officer="PC 1 " + LONG_TEXT),
        format="json",
    )
    assert error(too_long, "referring_officer") == "Referring officer must be 150 characters or fewer"

    response = police.post(
        f"{API}/referrals/",
        referral_input(ChildFactory(), team_north, referring_officer="PC 4521 \u202eHall\u200b"),
        format="json",
    )
    assert response.status_code == 201, response.content
    assert Referral.objects.get().referring_officer == "PC 4521 Hall"


def test_a_decision_dated_in_year_1_or_with_over_long_reasons_is_refused(police, panel, referral):
    for change, field, message in [
        (
            {"decided_on": "0001-01-01"},
            "decided_on",
            "Date of the decision must be the same as or after 1 January 2000",
        ),
        ({"rationale": LONG_TEXT}, "rationale", "Reasons for the decision must be 10,000 characters or fewer"),
    ]:
        response = police.post(f"{API}/decisions/", decision_input(referral, panel=panel.pk, **change), format="json")
        assert error(response, field) == message
    assert not Decision.objects.exists()


def test_a_panel_in_9999_is_refused(manager):
    response = manager.post(f"{API}/panels/", {"held_on": "9999-12-31"}, format="json")

    assert error(response, "held_on").startswith("Date of the panel must be the same as or before ")
    assert not Panel.objects.exists()


def test_the_database_refuses_a_scrutiny_period_ending_before_it_starts(team_manager):
    with pytest.raises(IntegrityError), transaction.atomic():
        ScrutinySample.objects.create(
            period_start=LAST_WEEK,
            period_end=LAST_WEEK - datetime.timedelta(days=1),
            percentage=10,
            drawn_by=team_manager,
        )
