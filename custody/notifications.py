"""What happens after custody records are loaded, and the daily digest (DESIGN.md §3).

``records_notify`` runs after each loaded batch (as a task) and after a review-queue match
is resolved. For each record it, once and only once:

- tells the allocated case worker of each open case of the child (a notification listed in the
  application, emailed unless they chose otherwise: ``yjs.notifications``) and opens a review
  task on the case (a significant event: a new arrest);
- tells a looked-after child's social worker, or else the responsible local authority's
  duty inbox (``LocalAuthorityInbox``), whatever the child's home area;
- has a police out-of-court outcome recorded as a police-only decision, whether or not the child
  is known to the YJS (``custody.police_outcomes``; a child not known gets a follow-up).

Who was told is kept (``CustodyNotice``), so a repeated run tells no one twice.

``digest_send`` tells the YJS police officers and team managers (listed in the application,
emailed unless they chose otherwise), on working days, the list of every child in custody since
the last digest: each record is listed by exactly one digest (it points to it), so Monday's
covers the weekend and the day after a bank holiday covers the holiday.

What the application lists names no child (the link leads to the records); the emails, which are
not kept, name them as they always have. Social workers and duty inboxes are addresses outside the
service, not its users: they are emailed directly.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.models import Case, CaseStatus, ReviewTrigger
from yjs.models import NotificationKind, User
from yjs.notifications.services import emailed_of, notify
from yjs.roles import Role
from yjs.working_days import is_working_day

from .models import CustodyNotice, CustodyRecord, DigestRun, LocalAuthorityInbox, NoticeKind
from .police_outcomes import police_only_decisions_record

log = logging.getLogger(__name__)

DIGEST_ROLES = (Role.POLICE_OFFICER, Role.TEAM_MANAGER)
DIGEST_LOCK = 0x6375_7374  # one digest at a time (a PostgreSQL advisory lock key)
DIGEST_LIST_LIMIT = 500  # children listed per group in one email; the page lists them all


@dataclass
class NotifyCounts:
    case_workers_told: int = 0
    reviews_opened: int = 0
    social_workers_told: int = 0
    duty_inboxes_told: int = 0
    police_only_decisions: int = 0
    failures: list[str] = field(default_factory=list)


def _site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _record_url(record: CustodyRecord) -> str:
    return _site_url(reverse("custody:record_detail", args=[record.pk]))


def _when(moment: datetime | None) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y at %H:%M}" if moment else ""


def _render(template: str, context: dict) -> str:
    return render_to_string(template, {**context, "service_name": settings.SERVICE_NAME})


def _send(*, subject: str, template: str, context: dict, to: list[str]) -> None:
    EmailMessage(subject=subject, body=_render(template, context), to=to).send()


def records_notify(*, record_ids) -> NotifyCounts:
    """Tell the people each record concerns, and record police out-of-court outcomes
    (``police_outcomes``); each at most once. A failure to send (or record) one thing is
    logged and the rest still happen."""
    records = list(
        CustodyRecord.objects.filter(pk__in=list(record_ids))
        .select_related("child", "ingest_run__started_by")
        .order_by("detained_at", "id")
    )
    counts = NotifyCounts()
    if records:
        _tell_case_workers(records, counts)
        _tell_social_workers(records, counts)
        counts.police_only_decisions = police_only_decisions_record(records=records)
    return counts


# --- Case workers, with a review task -----------------------------------------------------------


def _arrest_detail(record: CustodyRecord) -> str:
    where = f" at {record.suite}" if record.suite else ""
    reference = f"custody record {record.force_code}/{record.custody_ref}"
    return f"Held in police custody{where} from {_when(record.detained_at)} ({reference})"[:300]


def _tell_case_workers(records: list[CustodyRecord], counts: NotifyCounts) -> None:
    linked = [record for record in records if record.child_id]
    if not linked:
        return
    open_cases: dict[int, list[Case]] = defaultdict(list)
    for case in (
        Case.objects.filter(child_id__in={record.child_id for record in linked}, status=CaseStatus.OPEN)
        .select_related("allocated_to", "child")
        .order_by("id")
    ):
        open_cases[case.child_id].append(case)
    done = set(
        CustodyNotice.objects.filter(record__in=linked, kind=NoticeKind.CASE_WORKER).values_list("record_id", "case_id")
    )
    by_worker: dict[int | None, list[tuple[CustodyRecord, Case]]] = defaultdict(list)
    for record in linked:
        for case in open_cases.get(record.child_id, []):
            if (record.pk, case.pk) not in done:
                by_worker[case.allocated_to_id].append((record, case))

    for items in by_worker.values():
        worker = items[0][1].allocated_to
        told_in_app = worker is not None and worker.is_active
        emailed = told_in_app and bool(emailed_of(people=[worker], kind=NotificationKind.ARREST))
        recipient = worker.email if emailed else ""
        try:
            with transaction.atomic():
                told = []
                for record, case in items:
                    review = case_services.significant_event_record(
                        case=case, trigger=ReviewTrigger.NEW_ARREST, detail=_arrest_detail(record)
                    )
                    CustodyNotice.objects.create(
                        record=record, kind=NoticeKind.CASE_WORKER, case=case, review=review, recipient=recipient
                    )
                    told.append({"record": record, "case": case, "review": review, "url": _record_url(record)})
                if told_in_app:
                    _tell_case_worker(worker, told)
        except IntegrityError:
            continue  # told meanwhile by another run: nothing to do
        except Exception as error:
            log.exception("Custody notification to a case worker failed")
            counts.failures.append(f"case worker {worker.pk if worker else '-'}: {error}")
            continue
        counts.reviews_opened += len(items)
        counts.case_workers_told += 1 if told_in_app else 0


def _tell_case_worker(worker: User, told: list[dict]) -> None:
    """One notification of the batch's arrests of the worker's children, its email sent at once (a
    failure undoes the batch's notices, so a retry tells again). The notification names no child:
    it links to the record, or for several to the worker's custody list from the first arrest."""
    records = [item["record"] for item in told]
    many = len(told) > 1
    if many:
        since = min(timezone.localdate(record.detained_at) for record in records)
        link = f"{reverse('custody:index')}?since={since.isoformat()}"
    else:
        link = reverse("custody:record_detail", args=[records[0].pk])
    notify(
        recipients=[worker],
        kind=NotificationKind.ARREST,
        subject=f"Police custody: {len(told)} children on your caseload were held"
        if many
        else "Police custody: a child on your caseload was held",
        body="A review of the assessment and plan has been added to "
        + ("each case" if many else "the case")
        + " as a significant event (a new arrest).",
        link=link,
        email_subject=f"Police custody: {len(told)} children on your caseload"
        if many
        else f"Police custody: {told[0]['case'].child} was held",
        email_body=_render("custody/email/case_worker.txt", {"worker": worker, "items": told}),
        email_now=True,
    )


# --- Looked-after children: the social worker or the local authority's duty inbox ----------------


def _is_looked_after(record: CustodyRecord) -> bool:
    return bool(record.looked_after or (record.child is not None and record.child.looked_after))


def _responsible_authority(record: CustodyRecord) -> str:
    if record.responsible_local_authority:
        return record.responsible_local_authority
    return record.child.responsible_local_authority if record.child is not None else ""


def social_worker_contact(record: CustodyRecord, inboxes: dict[str, LocalAuthorityInbox]) -> tuple[str, str]:
    """(kind, email) of whom to tell about a looked-after child, or ("", "") if no one is known."""
    child = record.child
    if child is not None and child.social_worker_email:
        return NoticeKind.SOCIAL_WORKER, child.social_worker_email
    inbox = inboxes.get(_responsible_authority(record).strip().lower())
    if inbox is not None:
        return NoticeKind.DUTY_INBOX, inbox.email
    return "", ""


def _tell_social_workers(records: list[CustodyRecord], counts: NotifyCounts) -> None:
    looked_after = [record for record in records if _is_looked_after(record)]
    if not looked_after:
        return
    done = set(
        CustodyNotice.objects.filter(
            record__in=looked_after, kind__in=[NoticeKind.SOCIAL_WORKER, NoticeKind.DUTY_INBOX]
        ).values_list("record_id", flat=True)
    )
    inboxes = {inbox.name.strip().lower(): inbox for inbox in LocalAuthorityInbox.objects.all()}
    by_recipient: dict[tuple[str, str], list[CustodyRecord]] = defaultdict(list)
    for record in looked_after:
        if record.pk in done:
            continue
        kind, email = social_worker_contact(record, inboxes)
        if email:
            by_recipient[(kind, email)].append(record)

    for (kind, email), items in by_recipient.items():
        try:
            with transaction.atomic():
                for record in items:
                    CustodyNotice.objects.create(record=record, kind=kind, recipient=email)
                _send(
                    subject="Police custody: a looked-after child was held"
                    if len(items) == 1
                    else f"Police custody: {len(items)} looked-after children were held",
                    template="custody/email/social_worker.txt",
                    context={
                        "duty_inbox": kind == NoticeKind.DUTY_INBOX,
                        "items": [
                            {
                                "record": record,
                                "authority": _responsible_authority(record),
                                "when": _when(record.detained_at),
                            }
                            for record in items
                        ],
                    },
                    to=[email],
                )
        except IntegrityError:
            continue
        except Exception as error:
            log.exception("Custody notification to a social worker or duty inbox failed")
            counts.failures.append(f"{kind}: {error}")
            continue
        if kind == NoticeKind.SOCIAL_WORKER:
            counts.social_workers_told += 1
        else:
            counts.duty_inboxes_told += 1


# --- The daily digest ---------------------------------------------------------------------------------


class DigestGroup:
    OPEN_CASE = "open_case"
    LOOKED_AFTER = "looked_after"
    NOT_KNOWN = "not_known"

    TITLES = {
        OPEN_CASE: "Children with an open case",
        LOOKED_AFTER: "Looked-after children with no open case",
        NOT_KNOWN: "Children not known to the YJS, or with no open case",
    }


def digest_readers() -> list[User]:
    """The active police officers and team managers, each once."""
    return list(User.objects.filter(groups__name__in=DIGEST_ROLES, is_active=True).distinct().order_by("username"))


def digest_groups(records: list[CustodyRecord]) -> dict[str, list[dict]]:
    """The records by group, each with its open cases and who was told about it."""
    child_ids = {record.child_id for record in records if record.child_id}
    open_cases: dict[int, list[Case]] = defaultdict(list)
    for case in (
        Case.objects.filter(child_id__in=child_ids, status=CaseStatus.OPEN)
        .select_related("team", "allocated_to")
        .order_by("id")
    ):
        open_cases[case.child_id].append(case)
    notices: dict[int, list[CustodyNotice]] = defaultdict(list)
    for notice in CustodyNotice.objects.filter(record__in=records).order_by("id"):
        notices[notice.record_id].append(notice)
    groups: dict[str, list[dict]] = {key: [] for key in DigestGroup.TITLES}
    for record in records:
        cases = open_cases.get(record.child_id, []) if record.child_id else []
        if cases:
            group = DigestGroup.OPEN_CASE
        elif _is_looked_after(record):
            group = DigestGroup.LOOKED_AFTER
        else:
            group = DigestGroup.NOT_KNOWN
        groups[group].append(
            {
                "record": record,
                "cases": cases,
                "notices": notices.get(record.pk, []),
                "when": _when(record.detained_at),
                "url": _record_url(record),
                "authority": _responsible_authority(record),
            }
        )
    return groups


def digest_send(*, now: datetime | None = None) -> DigestRun | None:
    """Send the digest of every record not yet in one, on a working day, once a day. None when
    it is not a working day, today's digest has gone, or there is no police officer or team
    manager to tell. Each reader has it listed in the application (naming no child) and emailed
    unless they chose otherwise; the email is sent inside the transaction, so a failure to send
    leaves the records for the next try."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if not is_working_day(today):
        return None
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [DIGEST_LOCK])
        last = DigestRun.objects.order_by("-up_to", "-id").first()
        if last is not None and timezone.localdate(last.up_to) >= today:
            return None
        readers = digest_readers()
        if not readers:
            log.warning("No police officer or team manager to tell: the custody digest waits")
            return None
        records = list(
            CustodyRecord.objects.select_for_update(of=("self",))
            .filter(digest__isnull=True)
            .select_related("child")
            .order_by("detained_at", "id")
        )
        emailed = sorted(person.email for person in emailed_of(people=readers, kind=NotificationKind.CUSTODY_DIGEST))
        run = DigestRun.objects.create(
            since=last.up_to if last else None, up_to=now, record_count=len(records), recipients=emailed
        )
        CustodyRecord.objects.filter(pk__in=[record.pk for record in records]).update(digest=run)
        groups = digest_groups(records)
        since = f" since {timezone.localtime(last.up_to):%A %-d %B}" if last else ""
        subject = f"Children in police custody{since}: {len(records)}"
        list_url = reverse("custody:index")
        notify(
            recipients=readers,
            kind=NotificationKind.CUSTODY_DIGEST,
            subject=subject,
            body="\n".join(f"{DigestGroup.TITLES[key]}: {len(items)}" for key, items in groups.items()),
            link=f"{list_url}?since={timezone.localdate(last.up_to).isoformat()}" if last else list_url,
            email_body=_render(
                "custody/email/digest.txt",
                {
                    "digest": run,
                    "since": _when(last.up_to) if last else "",
                    "groups": [
                        {
                            "title": DigestGroup.TITLES[key],
                            "items": items[:DIGEST_LIST_LIMIT],
                            "count": len(items),
                            "more": max(len(items) - DIGEST_LIST_LIMIT, 0),
                        }
                        for key, items in groups.items()
                    ],
                    "list_url": _site_url(list_url),
                },
            ),
            email_now=True,
        )
    return run
