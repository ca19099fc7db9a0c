"""Input at the edges (issue #17): a body too large, boundary dates and names, wherever they come."""

import datetime
import json
from urllib.parse import urlencode

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.tests.test_apis import API, client_for
from yjs.validators import DateBounds, DateOfBirthBounds, happened_on, normalise_name, planned_for

LIMIT = 10_000


@pytest.fixture
def small_limit(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = LIMIT


def test_an_api_json_body_too_large_answers_a_json_400(small_limit, case_worker):
    body = json.dumps({"surname": "x" * LIMIT, "forenames": "B", "date_of_birth": "2011-01-01"})

    response = client_for(case_worker).generic("POST", f"{API}/children/", body, content_type="application/json")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "The request body is too large. Send at most 9.8\xa0KB."}


def test_an_api_form_or_multipart_body_too_large_answers_a_json_400(small_limit, case_worker):
    client = client_for(case_worker)
    form = {"surname": "x" * LIMIT, "forenames": "B", "date_of_birth": "2011-01-01"}

    for response in (
        client.post(f"{API}/children/", form, format="multipart"),
        client.generic("POST", f"{API}/children/", urlencode(form), "application/x-www-form-urlencoded"),
    ):
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        assert "too large" in response.json()["detail"]


def test_a_page_body_too_large_keeps_the_normal_400_page(small_limit, client, case_worker):
    client.force_login(case_worker)

    response = client.post(reverse("cases:child_add"), {"surname": "x" * LIMIT})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_a_body_within_the_limit_is_read_as_before(small_limit, case_worker):
    body = {"surname": "Smith", "forenames": "B", "date_of_birth": "2011-01-01"}

    assert client_for(case_worker).post(f"{API}/children/", body).status_code == 201


# --- The validators -------------------------------------------------------------------------


def test_date_bounds():
    today = timezone.localdate()
    for validator, day in [
        (DateBounds("date"), datetime.date(1899, 12, 31)),
        (DateBounds("date"), datetime.date(9999, 12, 31)),
        (happened_on("date of the offence"), datetime.date(1999, 12, 31)),
        (happened_on("date of the offence"), today + datetime.timedelta(days=1)),
        (planned_for("due date"), today.replace(year=today.year + 11)),
        (DateOfBirthBounds(), today),
        (DateOfBirthBounds(), datetime.date(1, 1, 1)),
    ]:
        with pytest.raises(ValidationError):
            validator(day)
    for validator, day in [
        (DateBounds("date"), datetime.date(1900, 1, 1)),
        (happened_on("date of the offence"), today),
        (planned_for("due date"), today.replace(year=today.year + 9)),
        (DateOfBirthBounds(), today - datetime.timedelta(days=1)),
    ]:
        validator(day)


def test_a_datetime_near_the_last_date_there_is_is_refused_not_crashed():
    with pytest.raises(ValidationError):
        west_of_greenwich = datetime.timezone(datetime.timedelta(hours=-5))
        DateBounds("time")(datetime.datetime(9999, 12, 31, 23, 59, tzinfo=west_of_greenwich))


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Zoe\u0308", "Zo\u00eb"),
        ("\u202eevoli", "evoli"),
        ("Ali\u200b\u200c\u200d\u200e\u200f", "Ali"),
        ("\u2066Ali\u2069\ufeff", "Ali"),
        ("  Ali  ", "Ali"),
        ("", ""),
    ],
)
def test_names_are_normalised(typed, stored):
    assert normalise_name(typed) == stored


def test_a_page_number_past_any_offset_postgresql_counts_is_not_found(case_worker):
    client = client_for(case_worker)

    for page in ("2917949855743405056", str(2**70)):
        response = client.get(f"{API}/cases/", {"page": page, "page_size": "500"})
        assert response.status_code == 404
