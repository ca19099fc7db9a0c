"""Notifications in the application (DESIGN.md §11): notify() lists and emails by preference, each
person reads only their own (pages and API; another's is 404), marking read, the header's count,
and the choice of email by kind."""

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from yjs.api.tokens import api_token_create
from yjs.models import Notification, NotificationKind, NotificationPreference
from yjs.notifications.services import notification_preferences_set, notify
from yjs.roles import Role
from yjs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/notifications/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user)}")
    return client


def tell(person, subject="Something happened", kind=NotificationKind.RETURNED_WORK, link="/cases/") -> Notification:
    [notification] = notify(recipients=[person], kind=kind, subject=subject, body="Read it", link=link)
    return notification


def header_count(client) -> str:
    """The header's notifications link, as read aloud."""
    html = client.get(reverse("home")).content.decode()
    link = re.search(r'<a [^>]*id="header-notifications"[^>]*>(.*?)</a>', html, re.S).group(1)
    return " ".join(re.sub(r"<[^>]+>", " ", link).split())


# --- notify() -----------------------------------------------------------------------------------------


def test_notify_lists_for_each_active_person_once_and_emails_by_preference(
    settings, case_worker, team_manager, django_capture_on_commit_callbacks, mailoutbox
):
    inactive = UserFactory(is_active=False)
    no_address = UserFactory(email="")
    NotificationPreference.objects.create(user=team_manager, kind=NotificationKind.RETURNED_WORK, email=False)
    with django_capture_on_commit_callbacks(execute=True):
        told = notify(
            recipients=[case_worker, case_worker, team_manager, inactive, no_address, None],
            kind=NotificationKind.RETURNED_WORK,
            subject="Your plan was returned",
            body="Read the feedback",
            link="/cases/1/",
        )
    assert sorted(n.recipient.username for n in told) == sorted(["caseworker", "manager", no_address.username])
    assert Notification.objects.count() == 3
    [message] = mailoutbox
    assert message.to == [case_worker.email]
    assert message.subject == "Your plan was returned"
    assert message.body == f"Read the feedback\n\n{settings.SITE_URL.rstrip('/')}/cases/1/"
    emailed = dict(Notification.objects.values_list("recipient__username", "emailed_at"))
    assert emailed["caseworker"] is not None and emailed["manager"] is None


def test_notify_emails_only_once_the_transaction_commits(case_worker, mailoutbox):
    tell(case_worker)  # the test's transaction never commits
    assert mailoutbox == []
    assert Notification.objects.filter(recipient=case_worker).count() == 1


def test_an_email_of_its_own_is_sent_at_once_when_asked(case_worker, mailoutbox):
    notify(
        recipients=[case_worker],
        kind=NotificationKind.ARREST,
        subject="Police custody: a child on your caseload was held",
        email_subject="Police custody: Sam Example was held",
        email_body="Dear you",
        email_now=True,
    )
    [message] = mailoutbox
    assert (message.subject, message.body) == ("Police custody: Sam Example was held", "Dear you")
    assert Notification.objects.get().subject == "Police custody: a child on your caseload was held"


# --- The list page, opening one, marking all read --------------------------------------------------


def test_the_list_shows_only_ones_own_newest_first_with_unread_marked(client, case_worker, team_manager):
    first = tell(case_worker, "First")
    tell(case_worker, "Second", kind=NotificationKind.FLAG_RAISED)
    tell(team_manager, "The manager's")
    Notification.objects.filter(pk=first.pk).update(read_at=first.created_at)
    client.force_login(case_worker)
    html = client.get(reverse("notifications:index")).content.decode()
    assert "The manager's" not in html
    assert html.index("Second") < html.index("First")
    assert html.count('govuk-tag--blue">Unread') == 1
    assert "2 notifications" in html

    unread = client.get(reverse("notifications:index"), {"show": "unread"}).content.decode()
    assert "Second" in unread and "First" not in unread
    flags = client.get(reverse("notifications:index"), {"kind": NotificationKind.FLAG_RAISED}).content.decode()
    assert "Second" in flags and "First" not in flags
    assert client.get(reverse("notifications:index"), {"kind": "nonsense"}).status_code == 200


def test_the_list_is_paged(client, case_worker):
    for number in range(55):
        tell(case_worker, f"Notification {number}")
    client.force_login(case_worker)
    html = client.get(reverse("notifications:index")).content.decode()
    assert "55 notifications" in html and "Notification 54" in html and "Notification 0<" not in html
    assert "Notification 0<" in client.get(reverse("notifications:index"), {"page": 2}).content.decode()


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client, case_worker):
    notification = tell(case_worker, link="/cases/12/#flags")
    client.force_login(case_worker)
    response = client.get(reverse("notifications:notification_open", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == "/cases/12/#flags"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_another_persons_notification_is_not_found_and_stays_unread(client, case_worker, team_manager):
    notification = tell(team_manager)
    client.force_login(case_worker)
    assert client.get(reverse("notifications:notification_open", args=[notification.pk])).status_code == 404
    assert client_for(case_worker).post(f"{API}{notification.pk}/read/").status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_a_link_elsewhere_is_never_followed(client, case_worker):
    notification = tell(case_worker, link="//evil.example/")
    client.force_login(case_worker)
    response = client.get(reverse("notifications:notification_open", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:index")


def test_mark_all_read_needs_a_post_with_its_csrf_token(case_worker, team_manager):
    from django.test import Client

    tell(case_worker)
    tell(case_worker)
    theirs = tell(team_manager)
    client = Client(enforce_csrf_checks=True)
    client.force_login(case_worker)
    assert client.get(reverse("notifications:read_all")).status_code == 405
    assert client.post(reverse("notifications:read_all")).status_code == 403  # no CSRF token
    assert Notification.objects.filter(read_at__isnull=True).count() == 3

    html = client.get(reverse("notifications:index")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(reverse("notifications:read_all"), {"csrfmiddlewaretoken": token}, follow=True)
    assert "2 notifications marked as read" in response.content.decode()
    assert not Notification.objects.filter(recipient=case_worker, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


# --- The header's count -------------------------------------------------------------------------------


def test_the_header_counts_the_unread_on_every_page(client, case_worker):
    client.force_login(case_worker)
    assert header_count(client) == "Notifications"
    first = tell(case_worker)
    tell(case_worker)
    tell(UserFactory())
    assert header_count(client) == "Notifications 2 unread"
    client.get(reverse("notifications:notification_open", args=[first.pk]))
    assert header_count(client) == "Notifications 1 unread"
    html = client.get(reverse("cases:index")).content.decode()
    assert 'href="/notifications/" id="header-notifications">Notifications' in html


def test_the_header_count_is_one_query(client, case_worker, django_assert_num_queries):
    from django.template import Context, Template
    from django.test import RequestFactory

    from yjs.context_processors import service

    tell(case_worker)
    request = RequestFactory().get("/")
    request.user = case_worker
    context = service(request)
    with django_assert_num_queries(1) as captured:
        rendered = Template("{{ unread_notifications.count }} {{ unread_notifications.count }}").render(
            Context(context)
        )
    assert rendered == "1 1"
    assert 'read_at" IS NULL' in captured.captured_queries[0]["sql"]


# --- Email preferences ---------------------------------------------------------------------------------


def checkboxes(client) -> dict[str, bool]:
    """The preferences page's checkboxes: each kind, ticked or not."""
    html = client.get(reverse("notifications:preferences")).content.decode()
    boxes = re.findall(r'<input[^>]*type="checkbox"[^>]*>', html)
    return {re.search(r'value="([^"]+)"', box).group(1): " checked" in box for box in boxes}


def test_the_preferences_page_saves_each_kind_with_email_or_not(client, case_worker):
    client.force_login(case_worker)
    boxes = checkboxes(client)
    assert len(boxes) == len(NotificationKind.values)
    assert all(boxes.values())  # everything is emailed until chosen otherwise

    wanted = [NotificationKind.ARREST, NotificationKind.RETURNED_WORK]
    response = client.post(reverse("notifications:preferences"), {"email": wanted})
    assert response.status_code == 302
    chosen = dict(NotificationPreference.objects.filter(user=case_worker).values_list("kind", "email"))
    assert chosen == {kind: kind in wanted for kind in NotificationKind.values}
    assert [kind for kind, ticked in checkboxes(client).items() if ticked] == wanted

    client.post(reverse("notifications:preferences"), {})  # nothing ticked: listed only
    assert not NotificationPreference.objects.filter(user=case_worker, email=True).exists()


def test_the_preferences_service_refuses_an_unknown_kind(case_worker):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        notification_preferences_set(by=case_worker, email={"gossip": False})
    assert not NotificationPreference.objects.exists()


# --- The API ---------------------------------------------------------------------------------------


def test_the_api_lists_ones_own_with_read_and_filters_unread(case_worker, team_manager):
    read = tell(case_worker, "Read one")
    unread = tell(case_worker, "Unread one", link="/custody/records/3/")
    tell(team_manager, "Not yours")
    api = client_for(case_worker)
    api.post(f"{API}{read.pk}/read/")

    rows = api.get(API).json()["results"]
    assert [row["subject"] for row in rows] == ["Unread one", "Read one"]
    assert set(rows[0]) >= {"id", "kind", "subject", "body", "link", "created_at", "read"}
    assert (rows[0]["id"], rows[0]["read"], rows[0]["link"]) == (unread.pk, False, "/custody/records/3/")
    assert rows[1]["read"] is True
    assert [row["id"] for row in api.get(API, {"read": "false"}).json()["results"]] == [unread.pk]
    assert [row["id"] for row in api.get(API, {"read": "true"}).json()["results"]] == [read.pk]
    assert api.get(API, {"kind": "gossip"}).status_code == 400


def test_the_api_marks_one_and_all_read(case_worker, team_manager):
    one, _, _ = tell(case_worker), tell(case_worker), tell(case_worker)
    theirs = tell(team_manager)
    api = client_for(case_worker)
    response = api.post(f"{API}{one.pk}/read/")
    assert response.status_code == 200 and response.json()["read"] is True
    assert api.post(f"{API}{one.pk}/read/").status_code == 200  # again: nothing changes
    response = api.post(f"{API}read-all/")
    assert response.json() == {"marked_read": 2, "unread": 0}
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_api_reads_and_sets_email_preferences(case_worker):
    api = client_for(case_worker)
    preferences = api.get(f"{API}preferences/").json()["preferences"]
    assert [row["kind"] for row in preferences] == NotificationKind.values
    assert all(row["email"] for row in preferences)

    response = api.put(
        f"{API}preferences/", {"preferences": [{"kind": "custody_digest", "email": False}]}, format="json"
    )
    assert response.status_code == 200
    assert {row["kind"]: row["email"] for row in response.json()["preferences"]}["custody_digest"] is False
    assert NotificationPreference.objects.get(user=case_worker).kind == "custody_digest"

    for body in (
        {"preferences": [{"kind": "gossip", "email": False}]},
        {"preferences": [{"kind": "arrest", "email": False}, {"kind": "arrest", "email": True}]},
        {"preferences": [{"kind": "arrest"}]},
        {},
    ):
        response = api.put(f"{API}preferences/", body, format="json")
        assert response.status_code == 400, body
    assert NotificationPreference.objects.filter(user=case_worker).count() == 1


def test_a_service_account_has_no_notifications(client):
    feed = UserFactory(roles=[Role.API_CLIENT])
    assert client_for(feed).get(API).status_code == 403
    assert APIClient().get(API).status_code == 401
    client.force_login(feed)
    assert client.get(reverse("notifications:index")).status_code == 403
