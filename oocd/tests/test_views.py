"""The out-of-court disposal pages: who sees what, each form's happy path and its errors
(re-rendered with an error summary, never a 500), and query counts that do not grow."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from cases.tests.factories import ChildFactory
from oocd import services
from oocd.models import Agency, Condition, ConditionFailure, ConditionStatus, Decision, Outcome, Panel, Referral
from oocd.tests.factories import minimal_pdf
from yjs.models import AuditAction, AuditEvent
from yjs.roles import Role
from yjs.tests.factories import UserFactory

PDF = minimal_pdf()  # a whole PDF: a header and a trailer alone are refused
ERROR_SUMMARY = "govuk-error-summary"


# --- Set-up ----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def case_worker_south(team_south):
    return UserFactory(username="caseworker2", roles=[Role.CASE_WORKER], teams=[team_south])


@pytest.fixture
def head(team_north, team_south):
    return UserFactory(username="head", roles=[Role.HEAD_OF_SERVICE], teams=[team_north, team_south])


def refer(child, *, team, by, gravity_score=4, admitted=True, has_victim=True, description="Theft from a shop"):
    return services.referral_create(
        child=child,
        by=by,
        team=team,
        referring_officer="PC Ada Hughes 4521",
        gravity_score=gravity_score,
        admitted=admitted,
        has_victim=has_victim,
        offences=[{"description": description, "offence_date": timezone.localdate() - timedelta(days=10)}],
    )


@pytest.fixture
def north_referral(police_officer, team_north):
    child = ChildFactory(forenames="Jayden", surname="Whitfield")
    return refer(child, team=team_north, by=police_officer)


@pytest.fixture
def south_referral(police_officer, team_south):
    child = ChildFactory(forenames="Mia", surname="Whitehouse")
    return refer(child, team=team_south, by=police_officer)


def quorate_panel(manager, police, referrals) -> Panel:
    panel = services.panel_create(
        by=manager, held_on=timezone.localdate(), location="Civic Centre", referrals=referrals
    )
    services.panel_attendee_add(panel=panel, by=manager, name="", agency=Agency.POLICE, role="Police", user=police)
    services.panel_attendee_add(panel=panel, by=manager, name="", agency=Agency.YJS, role="Chair", user=manager)
    return panel


def ycc(referral, *, by, panel=None, ends_in=(30, 60)) -> Decision:
    today = timezone.localdate()
    return services.decision_record(
        referral=referral,
        by=by,
        panel=panel,
        outcome=Outcome.objects.get(code="youth_conditional_caution"),
        rationale="Admitted; needs structure",
        decided_on=today,
        conditions=[
            {"description": f"Condition {number}", "end_date": today + timedelta(days=days)}
            for number, days in enumerate(ends_in, start=1)
        ],
    )


@pytest.fixture
def decision(north_referral, team_manager, police_officer):
    panel = quorate_panel(team_manager, police_officer, [north_referral])
    return ycc(north_referral, by=team_manager, panel=panel)


def date_fields(name: str, day) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def page(client, user, url_name, *args, **query):
    client.force_login(user)
    url = reverse(url_name, args=args)
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return client.get(url)


def html(response) -> str:
    return response.content.decode()


def assert_error(response, message: str) -> None:
    assert response.status_code == 200
    text = html(response)
    assert ERROR_SUMMARY in text
    assert message in text
    assert "<title>Error: " in text


# --- Who sees what ----------------------------------------------------------------------------


def test_the_referrals_list_shows_each_referral_with_what_is_missing(client, police_officer, north_referral):
    response = page(client, police_officer, "oocd:index")
    assert response.status_code == 200
    text = html(response)
    assert "Jayden Whitfield" in text
    assert "Waiting for information" in text
    for missing in ["Diversion assessment", "Police research", "The child&#x27;s views", "parent or carer"]:
        assert missing in text
    assert 'href="/oocd/referrals/new/"' in text
    assert "Refer a child" in text


def test_police_see_every_teams_referrals(client, police_officer, north_referral, south_referral):
    text = html(page(client, police_officer, "oocd:index"))
    assert "Jayden Whitfield" in text and "Mia Whitehouse" in text
    assert page(client, police_officer, "oocd:referral_detail", south_referral.pk).status_code == 200


def test_a_south_case_worker_cannot_see_a_north_referral(client, case_worker_south, north_referral, south_referral):
    text = html(page(client, case_worker_south, "oocd:index"))
    assert "Mia Whitehouse" in text
    assert "Jayden Whitfield" not in text
    assert page(client, case_worker_south, "oocd:referral_detail", north_referral.pk).status_code == 404
    assert page(client, case_worker_south, "oocd:victim_views", north_referral.pk).status_code == 404


def test_a_board_member_sees_no_referral(client, board_member, north_referral, decision):
    assert page(client, board_member, "oocd:index").status_code == 403
    assert page(client, board_member, "oocd:referral_detail", north_referral.pk).status_code == 404
    assert page(client, board_member, "oocd:decision_detail", decision.pk).status_code == 404
    assert page(client, board_member, "oocd:panel_list").status_code == 403
    assert page(client, board_member, "oocd:compliance").status_code == 403
    assert page(client, board_member, "oocd:police_only").status_code == 403
    assert page(client, board_member, "oocd:scrutiny").status_code == 403


def test_the_head_of_service_reads_but_cannot_refer(client, head, north_referral):
    assert page(client, head, "oocd:index").status_code == 200
    assert page(client, head, "oocd:referral_detail", north_referral.pk).status_code == 200
    assert page(client, head, "oocd:referral_new").status_code == 403


def test_the_referral_page_shows_the_summary_missing_items_and_the_research_request(
    client, case_worker, police_officer, north_referral
):
    research = f'href="/intelligence/requests/{north_referral.research_request_id}/"'
    assert research in html(page(client, police_officer, "oocd:referral_detail", north_referral.pk))
    response = page(client, case_worker, "oocd:referral_detail", north_referral.pk)
    text = html(response)
    assert "Referral of Jayden Whitfield" in text
    assert "Theft from a shop" in text
    assert "4 – youth conditional caution" in text
    # The research request is the police officer's and the case is not allocated to this case
    # worker, who may not open it: named, not linked.
    assert "Research request" in text
    assert research not in text
    assert (
        page(client, case_worker, "intelligence:request_detail", north_referral.research_request_id).status_code == 404
    )
    assert "The panel still needs:" in text
    assert reverse("oocd:victim_views", args=[north_referral.pk]) in text
    # A case worker does not record police-only decisions.
    assert "Record a police-only decision" not in text


# --- Referring a child --------------------------------------------------------------------------


def test_the_referrer_finds_the_child_first(client, police_officer, db):
    child = ChildFactory(forenames="Jayden", surname="Whitfield")
    response = page(client, police_officer, "oocd:referral_new", q="Jayden Whitfield")
    assert response.status_code == 200
    assert f'href="?child={child.pk}"' in html(response)


def test_refer_a_child(client, police_officer, team_north):
    child = ChildFactory(forenames="Jayden", surname="Whitfield")
    client.force_login(police_officer)
    url = reverse("oocd:referral_new") + f"?child={child.pk}"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "team": team_north.pk,
            "source": "police",
            "referring_officer": "PC Ada Hughes 4521",
            "offence_description": "Criminal damage to a bus shelter",
            **date_fields("offence_date", timezone.localdate() - timedelta(days=3)),
            "gravity_score": "3",
            "admitted": "yes",
            "has_victim": "no",
        },
    )
    referral = Referral.objects.get(child=child)
    assert response.status_code == 302
    assert response["Location"] == reverse("oocd:referral_detail", args=[referral.pk])
    assert (referral.gravity_score, referral.admitted, referral.has_victim) == (3, True, False)
    assert referral.case.offences.get().description == "Criminal damage to a bus shelter"
    assert referral.research_request is not None
    followed = client.get(response["Location"])
    assert "Jayden Whitfield referred" in html(followed)


def test_a_referral_with_nothing_filled_in_says_what_to_enter(client, police_officer, db):
    child = ChildFactory()
    client.force_login(police_officer)
    response = client.post(reverse("oocd:referral_new") + f"?child={child.pk}", {"referring_officer": ""})
    for message in [
        "Select the team",
        "Enter the referring officer",
        "Enter the offence",
        "Enter the date of the offence",
        "Select the gravity score, from 1 to 5",
        "Select yes if the child admitted the offence or accepted responsibility",
        "Select yes if there is a victim",
    ]:
        assert_error(response, message)
    assert not Referral.objects.exists()


def test_a_case_worker_cannot_refer_a_child_of_another_team(client, case_worker_south, north_referral):
    response = page(client, case_worker_south, "oocd:referral_new", child=north_referral.child_id)
    assert response.status_code == 404


# --- Views before the panel -------------------------------------------------------------------------


def test_record_the_victims_views(client, case_worker, north_referral):
    client.force_login(case_worker)
    url = reverse("oocd:victim_views", args=[north_referral.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"contacted": "yes", **date_fields("contacted_on", timezone.localdate()), "victim_views": "Wants an apology"},
    )
    assert response.status_code == 302
    north_referral.refresh_from_db()
    assert north_referral.victim_views == "Wants an apology"
    assert north_referral.victim_contacted_at is not None

    # Changed to not contacted: the page shows the reason, not the earlier views.
    response = client.post(url, {"contacted": "no", "not_contacted_reason": "Asked not to be contacted again"})
    assert response.status_code == 302
    text = html(client.get(reverse("oocd:referral_detail", args=[north_referral.pk])))
    assert "Not contacted: Asked not to be contacted again" in text
    assert "Wants an apology" not in text


def test_the_victims_views_need_the_date_and_the_views(client, case_worker, north_referral):
    client.force_login(case_worker)
    url = reverse("oocd:victim_views", args=[north_referral.pk])
    response = client.post(url, {"contacted": "yes"})
    assert_error(response, "Enter the date the victim was contacted")
    assert_error(response, "Enter the victim&#x27;s views")
    response = client.post(url, {"contacted": "no"})
    assert_error(response, "Enter why the victim was not contacted")
    response = client.post(url, {})
    assert_error(response, "Select yes if the victim was contacted before the decision")


def test_record_the_childs_and_the_carers_views(client, case_worker, north_referral):
    client.force_login(case_worker)
    response = client.post(reverse("oocd:child_views", args=[north_referral.pk]), {"child_views": "I am sorry"})
    assert response.status_code == 302
    response = client.post(reverse("oocd:parent_carer_views", args=[north_referral.pk]), {"parent_carer_views": ""})
    assert_error(response, "Enter the parent or carer&#x27;s views")
    north_referral.refresh_from_db()
    assert north_referral.child_views == "I am sorry"


# --- Panels ----------------------------------------------------------------------------------------------


def test_set_up_a_panel(client, team_manager, north_referral):
    client.force_login(team_manager)
    url = reverse("oocd:panel_new")
    assert "Jayden Whitfield" in html(client.get(url))
    response = client.post(
        url,
        {**date_fields("held_on", timezone.localdate()), "location": "Civic Centre", "referrals": [north_referral.pk]},
    )
    panel = Panel.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("oocd:panel_detail", args=[panel.pk])
    assert list(panel.referrals.all()) == [north_referral]
    assert panel.chair == team_manager


def test_a_panel_needs_its_date(client, team_manager, north_referral):
    client.force_login(team_manager)
    response = client.post(reverse("oocd:panel_new"), {"held_on_0": "31", "held_on_1": "2", "held_on_2": "2026"})
    assert_error(response, "Date of the panel must be a real date")
    assert not Panel.objects.exists()


def test_a_case_worker_cannot_set_up_a_panel(client, case_worker, db):
    assert page(client, case_worker, "oocd:panel_new").status_code == 403


def test_the_panel_page_warns_until_the_police_and_the_yjs_are_present(
    client, team_manager, police_officer, north_referral
):
    panel = services.panel_create(by=team_manager, held_on=timezone.localdate(), referrals=[north_referral])
    response = page(client, team_manager, "oocd:panel_detail", panel.pk)
    assert "A decision needs both the police and the YJS present" in html(response)
    assert reverse("oocd:panel_decision", args=[panel.pk, north_referral.pk]) in html(response)

    response = client.post(
        reverse("oocd:attendee_add", args=[panel.pk]),
        {"user": police_officer.pk, "agency": "police", "role": "YJS police officer"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("oocd:attendee_add", args=[panel.pk]), {"name": "Sam Okoro", "agency": "yjs", "role": "Case worker"}
    )
    assert response.status_code == 302
    text = html(client.get(reverse("oocd:panel_detail", args=[panel.pk])))
    assert "A decision needs both the police and the YJS present" not in text
    assert "Sam Okoro" in text
    assert escape(str(police_officer)) in text  # a name may have an apostrophe (O'Sullivan)


def test_adding_an_attendee_says_what_is_missing(client, team_manager, north_referral):
    panel = services.panel_create(by=team_manager, held_on=timezone.localdate(), referrals=[north_referral])
    client.force_login(team_manager)
    response = client.post(reverse("oocd:attendee_add", args=[panel.pk]), {"name": "", "role": ""})
    assert_error(response, "Enter the attendee&#x27;s name, or choose them from the list")
    assert_error(response, "Select the attendee&#x27;s agency")
    assert_error(response, "Enter the attendee&#x27;s role")
    assert "Agenda" in html(response)  # the panel page itself, with the form's errors


def decision_post(outcome="youth_conditional_caution", conditions=(30, 60), **extra) -> dict:
    today = timezone.localdate()
    data = {"outcome": outcome, **date_fields("decided_on", today), "rationale": "Admitted, first offence", **extra}
    for number, days in enumerate(conditions, start=1):
        data[f"condition_{number}_description"] = f"Attend {number} sessions"
        data.update(date_fields(f"condition_{number}_end_date", today + timedelta(days=days)))
    return data


def test_a_decision_without_the_police_present_is_refused(client, team_manager, north_referral):
    panel = services.panel_create(by=team_manager, held_on=timezone.localdate(), referrals=[north_referral])
    services.panel_attendee_add(panel=panel, by=team_manager, name="Priya", agency=Agency.YJS, role="Chair")
    client.force_login(team_manager)
    url = reverse("oocd:panel_decision", args=[panel.pk, north_referral.pk])
    assert "A decision needs both the police and the YJS present" in html(client.get(url))
    response = client.post(url, decision_post())
    assert_error(response, "A decision needs both the police and the YJS present at the panel")
    assert not Decision.objects.exists()


def test_the_panel_records_a_youth_conditional_caution(client, team_manager, police_officer, north_referral):
    panel = quorate_panel(team_manager, police_officer, [north_referral])
    client.force_login(team_manager)
    url = reverse("oocd:panel_decision", args=[panel.pk, north_referral.pk])
    text = html(client.get(url))
    assert "Needs the child to admit the offence or accept responsibility." in text
    assert "Not available to a child with a previous conviction." in text
    response = client.post(url, decision_post())
    decision = Decision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("oocd:decision_detail", args=[decision.pk])
    assert decision.panel == panel and not decision.police_only
    assert [c.description for c in decision.conditions.all()] == ["Attend 1 sessions", "Attend 2 sessions"]
    text = html(client.get(response["Location"]))
    assert "Attend 2 sessions" in text
    assert "Not yet delivered" in text
    assert ">Delivered<" not in text


def test_a_condition_ending_more_than_three_months_after_the_caution_is_refused(
    client, team_manager, police_officer, north_referral
):
    panel = quorate_panel(team_manager, police_officer, [north_referral])
    client.force_login(team_manager)
    url = reverse("oocd:panel_decision", args=[panel.pk, north_referral.pk])
    response = client.post(url, decision_post(conditions=(30, 120)))
    assert_error(response, "Condition 2 must end no later than three months after the caution")
    assert 'href="#id_condition_2_end_date_0"' in html(response)
    assert not Decision.objects.exists()


def test_an_outcome_departing_from_the_gravity_score_needs_a_reason(
    client, team_manager, police_officer, north_referral
):
    panel = quorate_panel(team_manager, police_officer, [north_referral])
    client.force_login(team_manager)
    url = reverse("oocd:panel_decision", args=[panel.pk, north_referral.pk])
    response = client.post(url, decision_post(outcome="youth_caution", conditions=()))
    assert_error(response, "Enter why the outcome departs from the gravity score of 4")
    response = client.post(
        url, decision_post(outcome="youth_caution", conditions=(), departure_reason="Good engagement since")
    )
    assert response.status_code == 302
    assert Decision.objects.get().outcome.code == "youth_caution"


def test_a_decision_form_with_nothing_chosen_says_what_to_enter(client, team_manager, police_officer, north_referral):
    panel = quorate_panel(team_manager, police_officer, [north_referral])
    client.force_login(team_manager)
    response = client.post(reverse("oocd:panel_decision", args=[panel.pk, north_referral.pk]), {})
    assert_error(response, "Select the outcome")
    assert_error(response, "Enter the reasons for the decision")


def test_a_referral_not_on_the_agenda_has_no_decision_page(
    client, team_manager, police_officer, north_referral, south_referral
):
    panel = quorate_panel(team_manager, police_officer, [north_referral])
    client.force_login(police_officer)
    assert client.get(reverse("oocd:panel_decision", args=[panel.pk, south_referral.pk])).status_code == 404


# --- Decision, warning and delivery ---------------------------------------------------------------------


def test_the_warning_needs_an_appropriate_adult_for_a_child_of_16_or_under(client, police_officer, decision):
    client.force_login(police_officer)
    url = reverse("oocd:warning_record", args=[decision.pk])
    assert client.get(url).status_code == 200
    now = timezone.localtime()
    data = {**date_fields("given_date", now.date()), "given_time": f"{now:%H:%M}", "appropriate_adult_name": ""}
    assert_error(client.post(url, data), "Enter the appropriate adult present: the child is 16 or under")
    assert_error(client.post(url, {**data, "given_time": "25:00"}), "in the 24-hour clock, like 14:30")
    response = client.post(url, {**data, "appropriate_adult_name": "Mary Whitfield (mother)"})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.appropriate_adult_name == "Mary Whitfield (mother)"


def test_uploading_an_html_file_named_pdf_is_refused_on_the_field(client, police_officer, decision):
    client.force_login(police_officer)
    url = reverse("oocd:document_upload", args=[decision.pk])
    text = html(client.get(url))
    assert 'enctype="multipart/form-data"' in text and 'type="file"' in text
    fake = SimpleUploadedFile("signed.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    response = client.post(url, {"signed_document": fake})
    assert_error(response, "The selected file must be a PDF, JPEG or PNG")
    assert "govuk-file-upload--error" in html(response)
    assert 'href="#id_signed_document"' in html(response)
    decision.refresh_from_db()
    assert not decision.signed_document


def test_uploading_nothing_says_to_select_the_file(client, police_officer, decision):
    client.force_login(police_officer)
    response = client.post(reverse("oocd:document_upload", args=[decision.pk]), {})
    assert_error(response, "Select the signed disposal document")


def test_the_signed_document_downloads_only_for_those_who_see_the_referral(
    client, police_officer, case_worker, case_worker_south, board_member, decision
):
    client.force_login(police_officer)
    document = SimpleUploadedFile("signed.pdf", PDF, content_type="application/pdf")
    response = client.post(reverse("oocd:document_upload", args=[decision.pk]), {"signed_document": document})
    assert response.status_code == 302

    url = reverse("oocd:document_download", args=[decision.pk])
    for outsider in (case_worker_south, board_member):
        client.force_login(outsider)
        assert client.get(url).status_code == 404

    client.force_login(case_worker)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=case_worker, object_id=str(decision.pk)).exists()


def test_delivery_is_shown_part_by_part_and_delivered_only_when_complete(client, police_officer, decision):
    client.force_login(police_officer)
    detail = reverse("oocd:decision_detail", args=[decision.pk])
    now = timezone.localtime() - timedelta(minutes=5)
    stamp = {"time": f"{now:%H:%M}", **{}}

    # Delivery before the implications are explained is refused, with the reason.
    response = client.post(
        reverse("oocd:delivery_record", args=[decision.pk]),
        {**date_fields("delivered_date", now.date()), "delivered_time": stamp["time"]},
    )
    assert_error(response, "Record that the implications were explained to the child and parent or carer")

    steps = [
        ("oocd:implications_record", "explained", {}),
        ("oocd:delivery_record", "delivered", {}),
        ("oocd:victim_informed_record", "informed", {}),
    ]
    for url_name, prefix, extra in steps:
        response = client.post(
            reverse(url_name, args=[decision.pk]),
            {**date_fields(f"{prefix}_date", now.date()), f"{prefix}_time": stamp["time"], **extra},
        )
        assert response.status_code == 302, html(response)
        assert ">Delivered<" not in html(client.get(detail))

    document = SimpleUploadedFile("signed.png", b"not really", content_type="image/png")
    assert_error(
        client.post(reverse("oocd:document_upload", args=[decision.pk]), {"signed_document": document}),
        "The selected file must be a PDF, JPEG or PNG",
    )
    document = SimpleUploadedFile("signed.pdf", PDF, content_type="application/pdf")
    client.post(reverse("oocd:document_upload", args=[decision.pk]), {"signed_document": document})
    text = html(client.get(detail))
    assert ">Delivered<" in text
    assert "Download the signed disposal document" in text


# --- Conditional caution compliance -----------------------------------------------------------------------


def test_the_compliance_view_lists_the_conditions_with_their_end_dates(client, police_officer, decision):
    response = page(client, police_officer, "oocd:compliance")
    assert response.status_code == 200
    text = html(response)
    condition = decision.conditions.first()
    assert "Jayden Whitfield" in text
    assert "Condition 1" in text and "Condition 2" in text
    assert f"{condition.end_date:%-d %b %Y}" in text
    assert reverse("oocd:failure_record", args=[condition.pk]) in text


def test_record_a_failure_then_consider_it_for_prosecution(client, police_officer, decision):
    condition = decision.conditions.first()
    client.force_login(police_officer)
    url = reverse("oocd:failure_record", args=[condition.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {})
    assert_error(response, "Enter the date of the failure")
    assert_error(response, "Enter what happened")
    assert_error(response, "Enter the reasons the child gave, or that none were given")
    response = client.post(
        url,
        {
            **date_fields("occurred_on", timezone.localdate()),
            "what_happened": "Did not attend the session",
            "reasons_given": "Said they forgot",
        },
    )
    assert response.status_code == 302
    failure = ConditionFailure.objects.get()
    condition.refresh_from_db()
    assert condition.status == ConditionStatus.FAILED
    text = html(client.get(reverse("oocd:compliance")))
    assert "Did not attend the session" in text and "Prosecution not yet considered" in text

    url = reverse("oocd:prosecution_record", args=[failure.pk])
    assert_error(client.post(url, {"prosecution_outcome": "  "}), "Enter what was decided about prosecution")
    assert client.post(url, {"prosecution_outcome": "Not prosecuted: re-engaged"}).status_code == 302
    failure.refresh_from_db()
    assert failure.considered_for_prosecution


def test_a_failure_before_the_caution_is_refused(client, police_officer, decision):
    condition = decision.conditions.first()
    client.force_login(police_officer)
    response = client.post(
        reverse("oocd:failure_record", args=[condition.pk]),
        {
            **date_fields("occurred_on", timezone.localdate() - timedelta(days=5)),
            "what_happened": "Missed",
            "reasons_given": "None",
        },
    )
    assert_error(response, "The failure must be on or after the caution")


def test_record_compliance(client, police_officer, decision):
    condition = decision.conditions.first()
    client.force_login(police_officer)
    url = reverse("oocd:compliance_record", args=[condition.pk])
    assert_error(client.post(url, {}), "Select whether the condition was complied with")
    assert client.post(url, {"status": "complied", "notes": "Attended all"}).status_code == 302
    condition.refresh_from_db()
    assert condition.status == ConditionStatus.COMPLIED


def test_a_south_case_worker_cannot_record_on_a_north_condition(client, case_worker_south, decision):
    condition = decision.conditions.first()
    assert page(client, case_worker_south, "oocd:failure_record", condition.pk).status_code == 404
    assert "Jayden Whitfield" not in html(page(client, case_worker_south, "oocd:compliance"))


# --- Police-only decisions ------------------------------------------------------------------------------------


def test_managers_see_police_only_decisions_and_case_workers_do_not(
    client, team_manager, case_worker, police_officer, north_referral
):
    ycc(north_referral, by=police_officer)
    response = page(client, team_manager, "oocd:police_only")
    assert response.status_code == 200
    assert "Jayden Whitfield" in html(response)
    assert "Record a police-only decision" not in html(response)
    assert page(client, case_worker, "oocd:police_only").status_code == 403
    assert page(client, team_manager, "oocd:police_only_new").status_code == 403


def test_the_police_officer_records_a_police_only_decision_for_a_child(client, police_officer, team_north):
    child = ChildFactory(forenames="Leo", surname="Marsh")
    client.force_login(police_officer)
    url = reverse("oocd:police_only_new") + f"?child={child.pk}"
    assert client.get(url).status_code == 200
    data = {
        "team": team_north.pk,
        "referring_officer": "PC Ada Hughes",
        "offence_description": "Possession of cannabis",
        **date_fields("offence_date", timezone.localdate() - timedelta(days=2)),
        "gravity_score": "2",
        "admitted": "yes",
        "has_victim": "no",
        "outcome": "community_resolution",
        **date_fields("decided_on", timezone.localdate()),
        "rationale": "",
    }
    assert_error(client.post(url, data), "Enter the reasons for the decision")
    response = client.post(url, {**data, "rationale": "First offence, admitted"})
    assert response.status_code == 302
    decision = Decision.objects.get(referral__child=child)
    assert decision.police_only and decision.panel is None
    assert "Leo Marsh" in html(client.get(reverse("oocd:police_only")))


def test_the_police_officer_decides_a_referral_without_a_panel(client, police_officer, case_worker, north_referral):
    assert "Record a police-only decision" in html(
        page(client, police_officer, "oocd:referral_detail", north_referral.pk)
    )
    url = reverse("oocd:referral_police_only_decision", args=[north_referral.pk])
    response = client.post(url, decision_post(conditions=(30, 100)))
    assert_error(response, "Condition 2 must end no later than three months after the caution")
    assert client.post(url, decision_post()).status_code == 302
    assert Decision.objects.get().police_only
    assert page(client, case_worker, "oocd:referral_police_only_decision", north_referral.pk).status_code == 403


# --- Scrutiny ----------------------------------------------------------------------------------------------


def test_draw_a_sample_and_record_findings(client, team_manager, police_officer, decision):
    client.force_login(team_manager)
    url = reverse("oocd:scrutiny")
    assert client.get(url).status_code == 200
    today = timezone.localdate()
    response = client.post(
        url,
        {
            **date_fields("period_start", today - timedelta(days=30)),
            **date_fields("period_end", today),
            "percentage": "10",
            "seed": "board-2026",
        },
    )
    assert response.status_code == 302
    sample_page = client.get(response["Location"])
    text = html(sample_page)
    assert "Jayden Whitfield" in text and "Not reviewed" in text
    sample = sample_page.context["sample"]
    item = sample.items.get()
    finding = reverse("oocd:scrutiny_finding", args=[sample.pk, item.pk])
    assert_error(client.post(finding, {}), "Select yes if the decision was appropriate")
    assert_error(
        client.post(finding, {"appropriate": "no", "feedback": ""}),
        "Enter the panel&#x27;s feedback on why the decision was not appropriate",
    )
    assert client.post(finding, {"appropriate": "yes", "feedback": "Proportionate"}).status_code == 302
    item.refresh_from_db()
    assert item.appropriate is True


def test_a_sample_period_must_end_after_it_starts(client, team_manager, db):
    client.force_login(team_manager)
    today = timezone.localdate()
    response = client.post(
        reverse("oocd:scrutiny"),
        {
            **date_fields("period_start", today),
            **date_fields("period_end", today - timedelta(days=1)),
            "percentage": "x",
        },
    )
    assert_error(response, "End of the period must be on or after its start")
    assert_error(response, "Percentage must be a whole number, like 10")


def test_case_workers_cannot_scrutinise(client, case_worker, db):
    assert page(client, case_worker, "oocd:scrutiny").status_code == 403


# --- Query counts -------------------------------------------------------------------------------------------


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_referrals_list_queries_do_not_grow_with_rows(client, police_officer, team_north, team_manager):
    children = ChildFactory.create_batch(100)
    for child in children[:10]:
        refer(child, team=team_north, by=police_officer)
    client.force_login(police_officer)
    url = reverse("oocd:index")
    ten = count_queries(client, url)
    for child in children[10:]:
        refer(child, team=team_north, by=police_officer)
    # Some decided, so the decisions' rows are read too.
    panel = quorate_panel(team_manager, police_officer, list(Referral.objects.all()[:5]))
    for referral in Referral.objects.all()[:5]:
        ycc(referral, by=team_manager, panel=panel)
    assert count_queries(client, url) == ten


def test_the_panels_list_queries_do_not_grow_with_rows(client, police_officer, team_manager, team_north):
    referral = refer(ChildFactory(), team=team_north, by=police_officer)
    for _ in range(10):
        quorate_panel(team_manager, police_officer, [referral])
    client.force_login(team_manager)
    url = reverse("oocd:panel_list")
    ten = count_queries(client, url)
    for _ in range(90):
        quorate_panel(team_manager, police_officer, [referral])
    assert count_queries(client, url) == ten


def test_the_compliance_view_queries_do_not_grow_with_rows(client, police_officer, team_north):
    children = ChildFactory.create_batch(100)
    for child in children[:10]:
        ycc(refer(child, team=team_north, by=police_officer), by=police_officer)
    client.force_login(police_officer)
    url = reverse("oocd:compliance")
    ten = count_queries(client, url)
    for child in children[10:]:
        decision = ycc(refer(child, team=team_north, by=police_officer), by=police_officer)
        condition = decision.conditions.first()
        services.condition_failure_record(
            condition=condition,
            by=police_officer,
            occurred_on=timezone.localdate(),
            what_happened="Missed",
            reasons_given="None",
        )
    assert Condition.objects.filter(status=ConditionStatus.FAILED).count() == 90
    assert count_queries(client, url) == ten
