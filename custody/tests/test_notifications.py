"""Who is told about a custody record, police-only decisions, and the daily digest (issue 6,
acceptance 3: records from a Friday evening to the Tuesday after a bank holiday Monday are all in
the next digest, once)."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from rest_framework.test import APIClient

from cases.models import CaseStatus, Review, ReviewTrigger
from cases.tests.factories import CaseFactory, ChildFactory
from custody import ingest
from custody.extract import read_extract, stream_extract
from custody.loading import load_rows
from custody.models import CustodyNotice, CustodyRecord, DigestRun, LocalAuthorityInbox, MatchStatus, NoticeKind
from custody.notifications import digest_send, records_notify
from oocd.models import Decision
from yjs.api.tokens import api_token_create
from yjs.models import Notification, NotificationKind, NotificationPreference, User
from yjs.roles import Role
from yjs.tests.factories import UserFactory

LONDON = ZoneInfo("Europe/London")
HEADER = (
    "force_code,custody_ref,detained_at,surname,forenames,date_of_birth,suite,released_at,outcome,"
    "looked_after,responsible_local_authority,offences"
)


def load(*lines: str) -> list[CustodyRecord]:
    """Rows of the extract format loaded as an ingest would (without queueing notifications)."""
    result = read_extract(("\n".join([HEADER, *lines]) + "\n").encode())
    assert result.errors == []
    counts = load_rows(result.rows)
    return list(CustodyRecord.objects.filter(pk__in=counts.touched_record_ids).order_by("id"))


def notify(records) -> None:
    counts = records_notify(record_ids=[record.pk for record in records])
    assert counts.failures == []


@pytest.fixture
def jayden(team_north, case_worker):
    child = ChildFactory(surname="Whitfield", forenames="Jayden", date_of_birth=date(2010, 5, 1))
    case = CaseFactory(child=child, team=team_north, allocated_to=case_worker)
    return child, case


# --- The allocated case worker, and a review task ------------------------------------------------


@pytest.mark.django_db
def test_the_allocated_case_worker_is_emailed_and_a_review_opens_once(jayden, case_worker, mailoutbox):
    child, case = jayden
    records = load("WYP,C1,2026-03-01T22:10,Whitfield,Jayden,2010-05-01,Leeds District,,,,,Theft")
    assert records[0].child == child

    notify(records)
    notify(records)  # a repeated task tells no one twice

    [review] = Review.objects.filter(case=case)
    assert review.trigger == ReviewTrigger.NEW_ARREST
    assert "Leeds District" in review.trigger_detail
    [message] = mailoutbox
    assert message.to == [case_worker.email]
    assert message.subject == "Police custody: Jayden Whitfield was held"
    assert "A child on your caseload was held in police custody" in message.body
    assert f"/custody/records/{records[0].pk}/" in message.body
    [notice] = CustodyNotice.objects.all()
    assert (notice.kind, notice.case, notice.review, notice.recipient) == (
        NoticeKind.CASE_WORKER,
        case,
        review,
        case_worker.email,
    )


@pytest.mark.django_db
def test_an_unallocated_open_case_still_gets_its_review_and_a_closed_case_gets_nothing(team_north, mailoutbox):
    child = ChildFactory(surname="Okafor", forenames="Chidi", date_of_birth=date(2010, 5, 1))
    open_case = CaseFactory(child=child, team=team_north, allocated_to=None)
    closed = CaseFactory(
        child=child, team=team_north, status=CaseStatus.CLOSED, start_date=date(2025, 1, 1), end_date=date(2026, 1, 1)
    )
    notify(load("WYP,C1,2026-03-01T22:10,Okafor,Chidi,2010-05-01,,,,,,"))
    assert Review.objects.filter(case=open_case).count() == 1
    assert not Review.objects.filter(case=closed).exists()
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_failed_email_records_nothing_and_a_retry_sends_it(jayden, settings, mailoutbox):
    _, case = jayden
    records = load("WYP,C1,2026-03-01T22:10,Whitfield,Jayden,2010-05-01,,,,,,")
    settings.EMAIL_BACKEND = "custody.tests.test_notifications.SmtpDown"
    counts = records_notify(record_ids=[records[0].pk])
    assert len(counts.failures) == 1
    assert not Review.objects.exists()
    assert not CustodyNotice.objects.exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    notify(records)
    assert Review.objects.filter(case=case).count() == 1
    assert len(mailoutbox) == 1


class SmtpDown(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server not answering")


# --- Looked-after children ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_looked_after_childs_social_worker_is_told_whatever_the_home_area(mailoutbox):
    ChildFactory(
        surname="Begum",
        forenames="Amira",
        date_of_birth=date(2011, 2, 3),
        home_local_authority="Manchester",
        looked_after=True,
        responsible_local_authority="Leeds",
        social_worker_email="sw.jones@leeds.gov.uk.example",
    )
    records = load("GMP,M7,2026-03-01T22:10,Begum,Amira,2011-02-03,Manchester Central,,,,,")
    notify(records)
    notify(records)
    [message] = mailoutbox
    assert message.to == ["sw.jones@leeds.gov.uk.example"]
    assert "Amira Begum, born 3 February 2011" in message.body
    assert CustodyNotice.objects.get().kind == NoticeKind.SOCIAL_WORKER


@pytest.mark.django_db
def test_without_a_social_worker_the_responsible_authoritys_duty_inbox_is_told(mailoutbox):
    LocalAuthorityInbox.objects.create(name="Bradford", email="duty@bradford.gov.uk.example")
    records = load(
        "WYP,C1,2026-03-01T22:10,Nowak,Kasia,2011-02-03,,,,Y,bradford,",
        "WYP,C2,2026-03-01T23:10,Evans,Tom,2011-03-03,,,,Y,Calderdale,",
        "WYP,C3,2026-03-01T23:30,Hughes,Ella,2011-04-03,,,,N,,",
    )
    notify(records)
    [message] = mailoutbox
    assert message.to == ["duty@bradford.gov.uk.example"]
    assert "We do not have the social worker's details" in message.body
    assert "Kasia Nowak" in message.body and "Tom Evans" not in message.body
    notice = CustodyNotice.objects.get()
    assert (notice.record.custody_ref, notice.kind) == ("C1", NoticeKind.DUTY_INBOX)


# --- Police out-of-court outcomes become police-only decisions -------------------------------------


@pytest.mark.django_db
def test_a_police_community_resolution_for_a_matched_child_is_a_police_only_decision_once(jayden, police_officer):
    child, _ = jayden
    records = load(
        "WYP,C1,2026-03-01T22:10,Whitfield,Jayden,2010-05-01,Leeds District,2026-03-02T03:00,"
        "community_resolution,,,Criminal damage"
    )
    notify(records)
    notify(records)

    [decision] = Decision.objects.all()
    assert decision.police_only and decision.panel is None
    assert decision.outcome.code == "community_resolution"
    assert decision.decided_on == date(2026, 3, 2)
    assert decision.referral.child == child
    assert decision.referral.admitted is True
    assert list(decision.referral.case.offences.values_list("description", flat=True)) == ["Criminal damage"]
    assert decision.recorded_by == police_officer
    record = CustodyRecord.objects.get()
    assert record.police_decision == decision


@pytest.mark.django_db
def test_an_outcome_arriving_in_a_later_file_becomes_a_decision_then(jayden, police_officer):
    notify(load("WYP,C1,2026-03-01T22:10,Whitfield,Jayden,2010-05-01,,,,,,"))
    assert not Decision.objects.exists()
    notify(load("WYP,C1,2026-03-01T22:10,Whitfield,Jayden,2010-05-01,,2026-03-02T03:00,nfa,,,"))
    decision = Decision.objects.get()
    assert (decision.outcome.code, decision.referral.admitted) == ("nfa", False)


@pytest.mark.django_db
def test_a_decision_for_a_child_not_known_but_none_yet_for_one_waiting_for_review(police_officer):
    """(Issue 20: no police outcome lost; more in test_police_outcomes.py.)"""
    ChildFactory(surname="Whitfield", forenames="Jayden", date_of_birth=date(2010, 5, 1))
    ChildFactory(surname="Whitfeld", forenames="Jaden", date_of_birth=date(2010, 5, 1))
    records = load(
        "WYP,C1,2026-03-01T22:10,Stranger,Sam,2011-05-01,,2026-03-02T03:00,youth_caution,,,",
        "WYP,C2,2026-03-01T22:10,Whitfeild,Jayden,2010-05-01,,2026-03-02T03:00,youth_caution,,,",
    )
    assert [record.match_status for record in records] == [MatchStatus.CREATED, MatchStatus.REVIEW]
    notify(records)
    decision = Decision.objects.get()
    assert decision.referral.child == records[0].child
    assert decision.follow_up.is_open


# --- The daily digest -----------------------------------------------------------------------------


def at(day: int, month: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=LONDON)


def row(ref: str, surname: str, detained: datetime, **extra) -> str:
    looked_after = extra.get("looked_after", "")
    authority = extra.get("authority", "")
    return (
        f"WYP,{ref},{detained:%Y-%m-%dT%H:%M},{surname},Sam,2010-06-0{1 + len(ref) % 9},,,,{looked_after},{authority},"
    )


@pytest.fixture
def digest_readers(team_north, team_south):
    police = UserFactory(username="police", roles=[Role.POLICE_OFFICER], teams=[team_north, team_south])
    manager = UserFactory(username="manager", roles=[Role.TEAM_MANAGER], teams=[team_north])
    UserFactory(username="caseworker", roles=[Role.CASE_WORKER], teams=[team_north])
    return [police.email, manager.email]


@pytest.mark.django_db
def test_the_digest_after_a_bank_holiday_weekend_lists_everything_since_friday_once(digest_readers, mailoutbox):
    # Friday 28 August 2026; Monday 31 August is the summer bank holiday; Tuesday 1 September.
    load(row("A1", "Thursday", at(27, 8, 23, 40)))  # in Friday morning's file
    friday = digest_send(now=at(28, 8, 7, 30))
    assert friday.record_count == 1

    load(row("B1", "Fridayevening", at(28, 8, 19, 5)), row("C1", "Saturdaynight", at(29, 8, 1, 15)))  # Saturday's file
    assert digest_send(now=at(29, 8, 7, 30)) is None  # Saturday: no digest
    load(row("D1", "Sunday", at(29, 8, 14, 0)))  # Sunday's file
    assert digest_send(now=at(30, 8, 7, 30)) is None  # Sunday
    load(row("E1", "Bankholiday", at(31, 8, 10, 0)))  # Monday's file, a bank holiday
    assert digest_send(now=at(31, 8, 7, 30)) is None
    load(row("F1", "Tuesdaymorning", at(1, 9, 2, 0)), row("C1", "Saturdaynight", at(29, 8, 1, 15)))  # C1 again
    tuesday = digest_send(now=at(1, 9, 7, 30))
    assert digest_send(now=at(1, 9, 12, 0)) is None  # one a day
    load(row("G1", "Tuesdaylater", at(1, 9, 9, 0)))
    wednesday = digest_send(now=at(2, 9, 7, 30))

    listed = dict(CustodyRecord.objects.values_list("custody_ref", "digest"))
    assert listed == {
        "A1": friday.pk,
        "B1": tuesday.pk,
        "C1": tuesday.pk,
        "D1": tuesday.pk,
        "E1": tuesday.pk,
        "F1": tuesday.pk,
        "G1": wednesday.pk,
    }
    assert (tuesday.since, tuesday.up_to, tuesday.record_count) == (at(28, 8, 7, 30), at(1, 9, 7, 30), 5)
    assert DigestRun.objects.count() == 3

    # One email to each reader (no one sees another's address), three digests.
    assert len(mailoutbox) == 6
    assert all(len(message.to) == 1 for message in mailoutbox)
    digests = {}
    for message in mailoutbox:
        digests.setdefault((message.subject, message.body), []).append(message.to[0])
    assert len(digests) == 3
    assert all(sorted(readers) == sorted(digest_readers) for readers in digests.values())
    bodies = [body for _, body in digests]
    for surname in ["Thursday", "Fridayevening", "Saturdaynight", "Sunday", "Bankholiday", "Tuesdaymorning"]:
        assert sum(body.count(f"Sam {surname},") for body in bodies) == 1, surname
    assert [subject for subject, _ in digests][1] == "Children in police custody since Friday 28 August: 5"


@pytest.mark.django_db
def test_the_digest_groups_children_by_open_case_looked_after_and_not_known(digest_readers, team_north, mailoutbox):
    known = ChildFactory(surname="Opencase", forenames="Sam", date_of_birth=date(2010, 6, 3))
    CaseFactory(child=known, team=team_north)
    load(
        row("A1", "Opencase", at(27, 8, 22)),
        row("B1", "Lookedafter", at(27, 8, 22), looked_after="Y", authority="Leeds"),
        row("C1", "Stranger", at(27, 8, 22)),
    )
    digest_send(now=at(28, 8, 7, 30))
    body = mailoutbox[0].body
    open_case = body.index("== Children with an open case (1) ==")
    looked_after = body.index("== Looked-after children with no open case (1) ==")
    not_known = body.index("== Children not known to the YJS, or with no open case (1) ==")
    assert open_case < body.index("Sam Opencase") < looked_after < body.index("Sam Lookedafter") < not_known
    assert not_known < body.index("Sam Stranger")
    assert "no social worker or duty inbox known" in body


@pytest.mark.django_db
def test_the_digest_waits_while_there_is_no_one_to_tell(mailoutbox):
    UserFactory(username="police", roles=[Role.POLICE_OFFICER], is_active=False)
    UserFactory(username="caseworker", roles=[Role.CASE_WORKER])
    load(row("A1", "Waiting", at(27, 8, 22)))
    assert digest_send(now=at(28, 8, 7, 30)) is None
    assert CustodyRecord.objects.get().digest is None
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_notifications_are_queued_after_each_batch_and_sent_inline_when_the_broker_is_down(
    jayden, monkeypatch, django_capture_on_commit_callbacks, mailoutbox
):
    from kombu.exceptions import OperationalError

    from custody import tasks

    queued = []
    monkeypatch.setattr(tasks.records_notify_task, "apply_async", lambda args, **kw: queued.append(args[0]))
    result = stream_extract(f"{HEADER}\nWYP,C1,2026-03-01T22:10,Whitfield,Jayden,2010-05-01,,,,,,\n".encode())
    run = ingest.ingest_rows(rows=[], by=None)  # a run to load into
    with django_capture_on_commit_callbacks(execute=True):
        ingest.load_checked(run, result)
    assert queued == [list(CustodyRecord.objects.values_list("pk", flat=True))]
    assert mailoutbox == []

    def broker_down(args, **kwargs):
        raise OperationalError("Error 111 connecting to localhost:6379. Connection refused.")

    monkeypatch.setattr(tasks.records_notify_task, "apply_async", broker_down)
    result = stream_extract(f"{HEADER}\nWYP,C2,2026-03-05T22:10,Whitfield,Jayden,2010-05-01,,,,,,\n".encode())
    with django_capture_on_commit_callbacks(execute=True):
        ingest.load_checked(run, result)
    assert len(mailoutbox) == 1  # told at once instead


# --- Listed in the application (issue #20, acceptance 3) --------------------------------------------


def header_count(client) -> str:
    """The header's notifications link, as read aloud."""
    html = client.get(reverse("home")).content.decode()
    link = re.search(r'<a [^>]*id="header-notifications"[^>]*>(.*?)</a>', html, re.S).group(1)
    return " ".join(re.sub(r"<[^>]+>", " ", link).split())


@pytest.mark.django_db
def test_an_arrest_is_listed_for_the_case_worker_counted_in_the_header_and_emailed_only_by_choice(
    jayden, case_worker, team_north, client, mailoutbox
):
    child, _ = jayden
    colleague = UserFactory(username="colleague", roles=[Role.CASE_WORKER], teams=[team_north])
    CaseFactory(child=child, team=team_north, allocated_to=colleague)  # a second open case of the child
    NotificationPreference.objects.create(user=case_worker, kind=NotificationKind.ARREST, email=False)
    client.force_login(case_worker)
    assert header_count(client) == "Notifications"

    run = ingest.ingest_rows(
        rows=[
            {
                "force_code": "WYP",
                "custody_ref": "C1",
                "detained_at": "2026-03-01T22:10",
                "surname": "Whitfield",
                "forenames": "Jayden",
                "date_of_birth": "2010-05-01",
            }
        ],
        by=None,
        notify=ingest.NOTIFY_INLINE,
    )
    record = CustodyRecord.objects.get(ingest_run=run)
    assert record.child == child

    # The case worker who chose no email of arrests has none, the colleague has theirs.
    [message] = mailoutbox
    assert message.to == [colleague.email]
    assert message.subject == "Police custody: Jayden Whitfield was held"

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=case_worker)}")
    [listed] = api.get("/api/v1/notifications/", {"read": "false"}).json()["results"]
    assert (listed["kind"], listed["read"], listed["link"]) == ("arrest", False, f"/custody/records/{record.pk}/")
    assert listed["subject"] == "Police custody: a child on your caseload was held"
    assert "Jayden" not in str(listed) and "Whitfield" not in str(listed)  # what is kept names no child
    assert Notification.objects.get(recipient=case_worker).emailed_at is None
    assert header_count(client) == "Notifications 1 unread"
    assert client.get(listed["link"]).status_code == 200  # the case worker may open the record

    assert api.post(f"/api/v1/notifications/{listed['id']}/read/").status_code == 200
    assert header_count(client) == "Notifications"
    assert api.get("/api/v1/notifications/", {"read": "false"}).json()["results"] == []
    assert CustodyNotice.objects.get(case__allocated_to=case_worker).recipient == ""


@pytest.mark.django_db
def test_several_arrests_in_a_batch_are_one_notification_linking_to_the_workers_custody_list(jayden, case_worker):
    _, case = jayden
    other = ChildFactory(surname="Okafor", forenames="Chidi", date_of_birth=date(2010, 6, 1))
    CaseFactory(child=other, team=case.team, allocated_to=case_worker)
    notify(
        load(
            "WYP,C1,2026-03-02T22:10,Whitfield,Jayden,2010-05-01,,,,,,",
            "WYP,C2,2026-03-01T21:00,Okafor,Chidi,2010-06-01,,,,,,",
        )
    )
    [notification] = Notification.objects.filter(recipient=case_worker)
    assert notification.subject == "Police custody: 2 children on your caseload were held"
    assert notification.link == "/custody/?since=2026-03-01"


@pytest.mark.django_db
def test_the_digest_is_listed_for_each_reader_naming_no_child_and_emailed_by_choice(digest_readers, mailoutbox):
    police, manager = User.objects.get(username="police"), User.objects.get(username="manager")
    no_address = UserFactory(username="police2", roles=[Role.POLICE_OFFICER], email="")
    NotificationPreference.objects.create(user=manager, kind=NotificationKind.CUSTODY_DIGEST, email=False)
    load(row("A1", "Listed", at(27, 8, 22)))
    run = digest_send(now=at(28, 8, 7, 30))

    assert [message.to for message in mailoutbox] == [[police.email]]
    assert run.recipients == [police.email]
    listed = Notification.objects.filter(kind=NotificationKind.CUSTODY_DIGEST)
    assert sorted(listed.values_list("recipient__username", flat=True)) == ["manager", "police", no_address.username]
    notification = listed.first()
    assert notification.subject == "Children in police custody: 1"
    assert "Children not known to the YJS, or with no open case: 1" in notification.body
    assert "Listed" not in notification.subject + notification.body
    assert notification.link == "/custody/"


@pytest.mark.django_db
def test_a_reader_without_an_email_address_still_has_the_digest_listed(mailoutbox):
    police = UserFactory(username="police", roles=[Role.POLICE_OFFICER], email="")
    load(row("A1", "Waiting", at(27, 8, 22)))
    run = digest_send(now=at(28, 8, 7, 30))
    assert run is not None and run.recipients == []
    assert CustodyRecord.objects.get().digest == run
    assert mailoutbox == []
    assert Notification.objects.get().recipient == police
