"""The pages of a case's order (court.views.orders): what they show, their forms with the services'
errors on their fields, 403 and 404, and the audited reads of restricted cases."""

import pytest
from django.urls import reverse

from court.models import BreachProceedings, Order, Requirement, RequirementStatus
from yjs.models import AuditAction, AuditEvent

from .factories_orders import *  # noqa: F403 (the fixtures)
from .factories_orders import TODAY, days_ago, missed_contact, order_case, order_of, supervision, unpaid_work

pytestmark = pytest.mark.django_db


def date_parts(name: str, day) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def signed_in(client, user):
    client.force_login(user)
    return client


# --- The order page -------------------------------------------------------------------------------------


def test_the_order_page_before_the_order_is_recorded(client, yro_case, case_worker):
    response = signed_in(client, case_worker).get(reverse("court:order_detail", args=[yro_case.pk]))
    assert response.status_code == 200
    assert b"is not recorded yet" in response.content
    assert reverse("court:order_record", args=[yro_case.pk]).encode() in response.content


def test_the_order_page_shows_requirements_with_hours_done_and_remaining_and_breaches(
    client, yro, yro_case, case_worker
):
    from court.services import orders as services

    requirement = unpaid_work(yro, by=case_worker, hours=60)
    services.requirement_progress_record(requirement=requirement, by=case_worker, done_on=TODAY, hours=12.5)
    supervision(yro, by=case_worker)
    services.breach_lay(
        order=yro,
        by=case_worker,
        laid_on=TODAY,
        reason="Missed",
        enforcement_contacts=[missed_contact(yro_case, by=case_worker)],
    )
    response = signed_in(client, case_worker).get(reverse("court:order_detail", args=[yro_case.pk]))
    text = response.content.decode()
    assert "Youth rehabilitation order" in text
    assert "60 hours" in text and ">12.5<" in text and ">47.5<" in text
    assert "Supervision" in text and "Not counted" in text
    assert "Awaiting the court" in text and "Warning" in text
    for name in ("court:requirement_add", "court:breach_add", "court:order_end", "court:order_record"):
        assert reverse(name, args=[yro_case.pk]) in text


def test_readers_see_no_actions_and_others_get_404(client, yro, yro_case, head_of_service, south_worker):
    url = reverse("court:order_detail", args=[yro_case.pk])
    response = signed_in(client, head_of_service).get(url)
    assert response.status_code == 200
    assert reverse("court:order_end", args=[yro_case.pk]).encode() not in response.content
    assert signed_in(client, south_worker).get(url).status_code == 404


def test_a_restricted_case_s_order_page_is_an_audited_read(client, restricted_case, team_manager, case_worker):
    order_of(restricted_case, by=team_manager)
    url = reverse("court:order_detail", args=[restricted_case.pk])
    assert signed_in(client, case_worker).get(url).status_code == 404
    assert signed_in(client, team_manager).get(url).status_code == 200
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW_SENSITIVE, object_id=str(restricted_case.pk), detail__via="court_order_page"
    ).exists()


# --- Recording the order ---------------------------------------------------------------------------------


def test_record_a_referral_order_through_its_page(client, referral_case, case_worker):
    url = reverse("court:order_record", args=[referral_case.pk])
    client = signed_in(client, case_worker)
    assert client.get(url).status_code == 200
    data = {
        "order_type": "referral_order",
        "court": "Leeds Youth Court",
        "length_months": "6",
        **date_parts("made_on", TODAY),
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("court:order_detail", args=[referral_case.pk])
    order = Order.objects.get(case=referral_case)
    assert order.panels.get().due_on > TODAY


def test_the_order_s_errors_are_on_its_fields(client, yro_case, case_worker):
    url = reverse("court:order_record", args=[yro_case.pk])
    response = signed_in(client, case_worker).post(url, {"order_type": "referral_order", "length_months": "50"})
    form = response.context["form"]
    assert set(form.errors) == {"court", "length_months", "made_on"}
    data = {
        "order_type": "referral_order",
        "court": "Leeds",
        "length_months": "12",
        **date_parts("made_on", days_ago(10)),
    }
    response = client.post(url, data)
    assert response.context["form"].errors == {
        "order_type": ["Select the case's order: this is a youth rehabilitation order case"]
    }
    assert b"There is a problem" in response.content


def test_a_recorded_order_is_corrected_on_the_same_page(client, yro, yro_case, case_worker):
    url = reverse("court:order_record", args=[yro_case.pk])
    client = signed_in(client, case_worker)
    response = client.get(url)
    assert "order_type" not in response.context["form"].fields
    assert response.context["form"].initial["court"] == "Leeds Youth Court"
    data = {"court": "Bradford Youth Court", "length_months": "12", **date_parts("made_on", yro.made_on)}
    data |= date_parts("ends_on", yro.ends_on)
    assert client.post(url, data).status_code == 302
    yro.refresh_from_db()
    assert yro.court == "Bradford Youth Court"


def test_who_may_open_the_forms(client, yro, yro_case, head_of_service, south_worker, case_worker):
    names = ("court:order_record", "court:order_end", "court:requirement_add", "court:breach_add")
    for name in names:
        url = reverse(name, args=[yro_case.pk])
        assert signed_in(client, head_of_service).get(url).status_code == 403
        assert signed_in(client, south_worker).get(url).status_code == 404
        assert signed_in(client, case_worker).get(url).status_code == 200


def test_end_the_order(client, yro, yro_case, case_worker):
    url = reverse("court:order_end", args=[yro_case.pk])
    response = signed_in(client, case_worker).post(url, {"outcome": "completed", **date_parts("ended_on", TODAY)})
    assert response.status_code == 302
    yro.refresh_from_db()
    assert yro.outcome == "completed"


# --- Requirements -----------------------------------------------------------------------------------------


def test_add_a_requirement_and_the_age_refusal_on_its_field(client, team_north, case_worker):
    case = order_case(team=team_north, worker=case_worker, age=15)
    order_of(case, by=case_worker)
    url = reverse("court:requirement_add", args=[case.pk])
    data = {"requirement_type": "unpaid_work", "hours_ordered": "60", **date_parts("starts_on", days_ago(10))}
    response = signed_in(client, case_worker).post(url, data)
    assert response.context["form"].errors["requirement_type"][0].endswith("the child was 15 when the order was made")
    response = client.post(url, data | {"requirement_type": "curfew", "hours_ordered": ""})
    requirement = Requirement.objects.get()
    assert response["Location"] == reverse("court:requirement_detail", args=[requirement.pk])


def test_record_progress_to_completion_on_the_requirement_s_page(client, yro, case_worker, head_of_service):
    requirement = unpaid_work(yro, by=case_worker, hours=40)
    url = reverse("court:requirement_detail", args=[requirement.pk])
    client = signed_in(client, case_worker)
    response = client.get(url)
    assert "days" not in response.context["form"].fields
    response = client.post(url, {"hours": "41", **date_parts("done_on", TODAY)})
    assert response.context["form"].errors == {"hours": ["Only 40 of the 40 hours ordered remain: enter 40 or fewer"]}
    assert client.post(url, {"hours": "25", "note": "Park", **date_parts("done_on", days_ago(1))}).status_code == 302
    response = client.get(url)
    assert (response.context["counted"].done, response.context["counted"].remaining) == ("25", "15")
    assert client.post(url, {"hours": "15", **date_parts("done_on", TODAY)}).status_code == 302
    requirement.refresh_from_db()
    assert requirement.status == RequirementStatus.COMPLETED
    response = client.get(url)
    assert response.context["form"] is None and b"Completed" in response.content
    assert client.post(url, {"hours": "1", **date_parts("done_on", TODAY)}).status_code == 200
    assert signed_in(client, head_of_service).get(url).status_code == 200
    assert client.post(url, {"hours": "1", **date_parts("done_on", TODAY)}).status_code == 403


def test_complete_a_requirement_by_hand(client, yro, case_worker):
    requirement = supervision(yro, by=case_worker)
    client = signed_in(client, case_worker)
    assert (
        reverse("court:requirement_complete", args=[requirement.pk]).encode()
        in client.get(reverse("court:requirement_detail", args=[requirement.pk])).content
    )
    url = reverse("court:requirement_complete", args=[requirement.pk])
    assert client.post(url, date_parts("completed_on", TODAY)).status_code == 302
    requirement.refresh_from_db()
    assert requirement.status == RequirementStatus.COMPLETED


# --- Breaches ---------------------------------------------------------------------------------------------


def test_lay_a_breach_offering_the_case_s_enforcement_contacts(client, yro, yro_case, case_worker, team_north):
    warning = missed_contact(yro_case, by=case_worker)
    missed_contact(order_case(team=team_north, worker=case_worker), by=case_worker)
    url = reverse("court:breach_add", args=[yro_case.pk])
    client = signed_in(client, case_worker)
    offered = client.get(url).context["form"].fields["enforcement_contacts"].choices
    assert [value for value, _ in offered] == [str(warning.pk)]
    data = {
        "reason": "Missed three appointments",
        "enforcement_contacts": [str(warning.pk)],
        **date_parts("laid_on", TODAY),
    }
    response = client.post(url, data)
    breach = BreachProceedings.objects.get()
    assert response["Location"] == reverse("court:breach_detail", args=[breach.pk])
    assert list(breach.enforcement_contacts.all()) == [warning]


def test_record_the_breach_outcome_on_its_page(client, yro, yro_case, case_worker, head_of_service, south_worker):
    from court.services import orders as services

    breach = services.breach_lay(order=yro, by=case_worker, laid_on=TODAY, reason="Missed")
    url = reverse("court:breach_detail", args=[breach.pk])
    assert signed_in(client, south_worker).get(url).status_code == 404
    response = signed_in(client, head_of_service).get(url)
    assert response.status_code == 200 and response.context["form"] is None
    client = signed_in(client, case_worker)
    response = client.post(url, {})
    assert set(response.context["form"].errors) == {"outcome", "outcome_on"}
    response = client.post(url, {"outcome": "revoked_resentenced", **date_parts("outcome_on", TODAY)})
    assert response.status_code == 302
    yro.refresh_from_db()
    assert (yro.outcome, yro.ended_on) == ("revoked_breach", TODAY)


def test_the_case_page_s_section_leads_to_the_order_and_to_recording_one(
    client, yro, yro_case, case_worker, referral_case
):
    """The case page's "Court and orders" section (``court.sections``) links to the order, or offers to record it."""
    client = signed_in(client, case_worker)
    text = client.get(reverse("cases:case_detail", args=[yro_case.pk])).content.decode()
    assert reverse("court:order_detail", args=[yro_case.pk]) in text
    assert reverse("court:requirement_add", args=[yro_case.pk]) in text
    assert "Leeds Youth Court" in text
    text = client.get(reverse("cases:case_detail", args=[referral_case.pk])).content.decode()
    assert "No order recorded yet." in text
    assert reverse("court:order_record", args=[referral_case.pk]) in text
