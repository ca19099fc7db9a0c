"""Input at the edges (issue #17): boundary dates, over-long text and spoofed names answer
400 with GOV.UK field errors on the API and the pages, never 500; the database agrees."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Child, ChildAlias
from cases.tests.factories import ChildFactory
from cases.tests.test_apis import API, client_for, open_case

TODAY = timezone.localdate()
LONG_TEXT = "x" * 100_000


@pytest.fixture
def north_case(team_manager, team_north, case_worker):
    return open_case(team_manager, team_north, allocated_to=case_worker)


def open_case_body(child, team, **changes):
    return {
        "child": child.pk,
        "case_type": "youth_rehabilitation_order",
        "team": team.pk,
        "start_date": str(TODAY),
        **changes,
    }


@pytest.mark.parametrize("start_date", ["9999-12-31", "0001-01-01", "1900-01-01"])
def test_a_case_starting_in_an_implausible_year_is_refused(case_worker, team_north, start_date):
    response = client_for(case_worker).post(
        f"{API}/cases/", open_case_body(ChildFactory(), team_north, start_date=start_date)
    )

    assert response.status_code == 400
    assert list(response.json()) == ["start_date"]
    assert response.json()["start_date"][0].startswith("Start date must be the same as or ")
    assert not Case.objects.exists()


def test_an_order_ending_before_it_starts_is_refused(case_worker, team_north):
    response = client_for(case_worker).post(
        f"{API}/cases/",
        open_case_body(ChildFactory(), team_north, order_end_date=str(TODAY - datetime.timedelta(days=1))),
    )

    assert response.status_code == 400
    assert response.json() == {"order_end_date": ["The order end date must be the same as or after the start date"]}


def test_the_database_refuses_an_order_ending_before_it_starts(team_manager, team_north):
    case = open_case(team_manager, team_north)

    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(order_end_date=case.start_date - datetime.timedelta(days=1))


def test_an_offence_backdated_to_1900_or_in_the_future_is_refused(case_worker, team_north):
    client = client_for(case_worker)
    for offence_date, message in [
        ("1900-01-01", "Offence date must be the same as or after 1 January 2000"),
        (str(TODAY + datetime.timedelta(days=1)), "Offence date must be today or in the past"),
    ]:
        offences = [{"offence_date": offence_date, "description": "Theft"}]
        response = client.post(f"{API}/cases/", open_case_body(ChildFactory(), team_north, offences=offences))

        assert response.status_code == 400
        assert response.json() == {"offences": {"0": {"offence_date": [message]}}}


@pytest.mark.parametrize(
    ("date_of_birth", "message"),
    [
        ("0001-01-01", "Date of birth must be the same as or after 1 January 1900"),
        ("1899-12-31", "Date of birth must be the same as or after 1 January 1900"),
        ("9999-12-31", "Date of birth must be in the past"),
        (str(TODAY), "Date of birth must be in the past"),
    ],
)
def test_a_date_of_birth_makes_a_plausible_child(case_worker, date_of_birth, message):
    response = client_for(case_worker).post(
        f"{API}/children/", {"surname": "A", "forenames": "B", "date_of_birth": date_of_birth}
    )

    assert response.status_code == 400
    assert response.json() == {"date_of_birth": [message]}


def test_free_text_has_a_length_limit(case_worker, north_case):
    client = client_for(case_worker)

    response = client.post(f"{API}/children/", {"surname": "A", "forenames": "B", "date_of_birth": "2011-01-01"})
    child_id = response.json()["id"]
    too_long = client.patch(f"{API}/children/{child_id}/", {"address": LONG_TEXT})
    assert too_long.status_code == 400
    assert too_long.json() == {"address": ["Address must be 10,000 characters or fewer"]}

    flag = client.post(f"{API}/flags/", {"child": child_id, "flag_type": "weapons", "note": LONG_TEXT})
    assert flag.status_code == 400
    assert flag.json() == {"note": ["Note must be 10,000 characters or fewer"]}


def test_names_are_stored_in_nfc_without_invisible_or_direction_characters(case_worker):
    decomposed = "Zoe\u0308"  # e + combining diaeresis
    response = client_for(case_worker).post(
        f"{API}/children/",
        {
            "surname": "Sm\u202eith\u200b",
            "forenames": decomposed,
            "preferred_name": "\ufeffZo\u2066e\u2069",
            "date_of_birth": "2011-01-01",
            "aliases": [{"surname": "Jo\u200dnes", "forenames": "\u200f"}],
        },
    )

    assert response.status_code == 201, response.content
    child = Child.objects.get()
    assert (child.surname, child.forenames, child.preferred_name) == ("Smith", "Zo\u00eb", "Zoe")
    assert list(ChildAlias.objects.values_list("surname", "forenames")) == [("Jones", "")]


def test_a_name_of_invisible_characters_alone_is_a_missing_name(case_worker):
    response = client_for(case_worker).post(
        f"{API}/children/", {"surname": "\u200b\u202e", "forenames": "B", "date_of_birth": "2011-01-01"}
    )

    assert response.status_code == 400
    assert response.json() == {"surname": ["Enter the surname"]}


# --- The pages ----------------------------------------------------------------------------


def date_parts(name: str, day: datetime.date | str) -> dict[str, str]:
    year, month, day_of_month = str(day).split("-")
    return {f"{name}_0": day_of_month, f"{name}_1": month, f"{name}_2": year}


def test_the_page_refuses_a_case_starting_in_9999(client, case_worker, team_north):
    child = ChildFactory()
    client.force_login(case_worker)

    response = client.post(
        reverse("cases:case_open", args=[child.pk]),
        {"case_type": "youth_rehabilitation_order", "team": team_north.pk, **date_parts("start_date", "9999-12-31")},
    )

    assert response.status_code == 200
    assert "Start date must be the same as or before" in response.content.decode()
    assert not Case.objects.exists()


def test_the_child_page_refuses_a_date_of_birth_in_year_1_and_normalises_names(client, case_worker):
    client.force_login(case_worker)
    form = {
        "forenames": "Zoe\u0308",
        "surname": "\u202eSmith",
        "gender": "F",
        "ethnicity": "NS",
        "looked_after": "no",
        "education_status": "unknown",
    }

    refused = client.post(reverse("cases:child_add"), {**form, **date_parts("date_of_birth", "0001-01-01")})
    assert refused.status_code == 200
    assert "Date of birth must be the same as or after 1 January 1900" in refused.content.decode()

    added = client.post(reverse("cases:child_add"), {**form, **date_parts("date_of_birth", "2011-01-01")})
    assert added.status_code == 302, added.context["form"].errors
    assert Child.objects.values_list("forenames", "surname").get() == ("Zo\u00eb", "Smith")


def test_a_page_refuses_over_long_free_text(client, case_worker, north_case):
    client.force_login(case_worker)

    response = client.post(
        reverse("cases:flag_raise", args=[north_case.child_id]), {"flag_type": "weapons", "note": LONG_TEXT}
    )

    assert response.status_code == 200
    assert "The answer must be 10,000 characters or fewer" in response.content.decode()
