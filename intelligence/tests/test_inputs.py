"""Input at the edges (issue #17): a request backdated to 1900 or dated in 9999, over-long text
and spoofed names answer 400 with GOV.UK field errors, never 500."""

import pytest
from django.utils import timezone

from intelligence.models import InformationRequest, RequestType
from intelligence.tests.test_apis import URL, case, child, client_for, create, open_request, supply  # noqa: F401

LONG_TEXT = "x" * 100_000


@pytest.mark.parametrize(
    ("requested_at", "message"),
    [
        ("1900-01-01T10:00:00Z", "Date of the request must be the same as or after 1 January 2000"),
        # Year 1 in London's time zone is before year 1: no real date at all.
        ("0001-01-01T00:00:00Z", "Date of the request must be a real date and time, in the format YYYY-MM-DDTHH:MM"),
        ("9999-12-31T23:59:59Z", "Date of the request must be today or in the past"),
    ],
)
def test_a_request_dated_in_an_implausible_year_is_refused(
    client_for,  # noqa: F811
    case_worker,
    child,  # noqa: F811
    case,  # noqa: F811
    requested_at,
    message,
):
    response = create(client_for(case_worker), child, case, request_type=RequestType.URGENT, requested_at=requested_at)

    assert response.status_code == 400
    assert response.json() == {"requested_at": [message]}
    assert not InformationRequest.objects.exists()


def test_supplied_information_has_a_length_limit(client_for, police_officer, open_request):  # noqa: F811
    response = supply(client_for(police_officer), open_request, information_supplied=LONG_TEXT)

    assert response.status_code == 400
    assert response.json() == {"information_supplied": ["Information supplied must be 10,000 characters or fewer"]}


def test_a_supply_dated_in_the_future_or_before_2000_is_refused(client_for, police_officer, open_request):  # noqa: F811
    future = str(timezone.now().replace(year=timezone.now().year + 1).isoformat())
    for when in ["1999-12-31T10:00:00Z", future]:
        response = supply(
            client_for(police_officer),
            open_request,
            safeguarding_concern=True,
            safeguarding_referral_to="Children's social care",
            safeguarding_referral_at=when,
        )
        assert response.status_code == 400
        assert list(response.json()) == ["safeguarding_referral_at"]


def test_the_contacts_name_is_normalised(client_for, case_worker, child, case):  # noqa: F811
    response = create(
        client_for(case_worker),
        child,
        case,
        request_type=RequestType.PHONE_CONTACT_CHECK,
        contact_name="Mary\u200b Jo\u202ees",
        contact_phone="07700 900456",
        contact_consent_given=True,
    )

    assert response.status_code == 201, response.content
    assert InformationRequest.objects.get().contact_name == "Mary Joes"
