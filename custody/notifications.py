"""What happens after custody records are loaded, and the daily digest (DESIGN.md §3).

``records_notify`` runs after each loaded batch (as a task) and after a review-queue match
is resolved. For each record it, once and only once:

- tells the allocated case worker of each open case of the child, by email, and opens a
  review task on the case (a significant event: a new arrest);
- tells a looked-after child's social worker, or else the responsible local authority's
  duty inbox (``LocalAuthorityInbox``), whatever the child's home area;
- turns a police out-of-court outcome (community resolution, youth caution, youth
  conditional caution, no further action) for a matched child into a police-only
  decision in ``oocd``, or notes on the record why it could not.

Who was told is kept (``CustodyNotice``), so a repeated run tells no one twice.

``digest_send`` emails the YJS police officers and team managers, on working days, the
list of every child in custody since the last digest: each record is listed by exactly one
digest (it points to it), so Monday's covers the weekend and the day after a bank holiday
covers the holiday.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.models import Case, CaseStatus, ReviewTrigger
from yjs.models import User
from yjs.roles import Role
from yjs.working_days import is_working_day

from .models import (
    CustodyNotice,
    CustodyOutcome,
    CustodyRecord,
    DigestRun,
    LocalAuthorityInbox,
    MatchStatus,
    NoticeKind,
)

log = logging.getLogger(__name__)

# The police outcomes that are out-of-court disposals (oocd outcome codes of the same name).
POLICE_ONLY_OUTCOMES = (
    CustodyOutcome.COMMUNITY_RESOLUTION,
    CustodyOutcome.YOUTH_CAUTION,
    CustodyOutcome.YOUTH_CONDITIONAL_CAUTION,
    CustodyOutcome.NFA,
)
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


def _send(*, subject: str, template: str, context: dict, to: list[str]) -> None:
    body = render_to_string(template, {**context, "service_name": settings.SERVICE_NAME})
    EmailMessage(subject=subject, body=body, to=to).send()


def records_notify(*, record_ids) -> NotifyCounts:
    """Tell the people each record concerns, and record police out-of-court outcomes; each at
    most once. A failure to send (or record) one thing is logged and the rest still happen."""
    records = list(
        CustodyRecord.objects.filter(pk__in=list(record_ids))
        .select_related("child", "ingest_run__started_by")
        .order_by("detained_at", "id")
    )
    counts = NotifyCounts()
    if records:
        _tell_case_workers(records, counts)
        _tell_social_workers(records, counts)
        _record_police_only_decisions(records, counts)
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
        recipient = worker.email if worker is not None and worker.is_active and worker.email else ""
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
                if recipient:
                    many = len(told) > 1
                    _send(
                        subject=f"Police custody: {len(told)} children on your caseload"
                        if many
                        else f"Police custody: {told[0]['case'].child} was held",
                        template="custody/email/case_worker.txt",
                        context={"worker": worker, "items": told},
                        to=[recipient],
                    )
        except IntegrityError:
            continue  # told meanwhile by another run: nothing to do
        except Exception as error:
            log.exception("Custody notification to a case worker failed")
            counts.failures.append(f"case worker {worker.pk if worker else '-'}: {error}")
            continue
        counts.reviews_opened += len(items)
        counts.case_workers_told += 1 if recipient else 0


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


# --- Police out-of-court outcomes become police-only decisions ----------------------------------


def _police_officers() -> list[User]:
    return list(
        User.objects.filter(groups__name=Role.POLICE_OFFICER, is_active=True)
        .prefetch_related("teams", "groups")
        .order_by("id")
        .distinct()
    )


def _officer_and_team(record: CustodyRecord, officers: list[User], case_teams: list[int]):
    """Who records it: the officer who loaded the file, else a YJS police officer of the child's
    team; on that team (a diversion case opens there), else the officer's first team."""
    loader = record.ingest_run.started_by if record.ingest_run_id and record.ingest_run else None
    preferred = [loader] if loader is not None and loader.is_active and loader.has_role(Role.POLICE_OFFICER) else []
    candidates = preferred + [officer for officer in officers if officer not in preferred]
    for team_id in case_teams:
        for officer in candidates:
            team = next((team for team in officer.teams.all() if team.pk == team_id), None)
            if team is not None:
                return officer, team
    for officer in candidates:
        teams = sorted(officer.teams.all(), key=lambda team: team.pk)
        if teams:
            return officer, teams[0]
    return None, None


def _record_police_only_decisions(records: list[CustodyRecord], counts: NotifyCounts) -> None:
    from oocd import services as oocd_services
    from oocd.models import Outcome

    due = [
        record
        for record in records
        if record.outcome in POLICE_ONLY_OUTCOMES
        and record.child_id
        and record.match_status == MatchStatus.MATCHED
        and record.police_decision_id is None
        and not record.police_decision_note
    ]
    if not due:
        return
    outcomes = {outcome.code: outcome for outcome in Outcome.objects.filter(code__in=POLICE_ONLY_OUTCOMES)}
    officers = _police_officers()
    teams_by_child: dict[int, list[int]] = defaultdict(list)
    cases = Case.objects.filter(child_id__in={record.child_id for record in due}).values_list(
        "child_id", "team_id", "status", "start_date"
    )
    # Open cases first, then the latest.
    for child_id, team_id, _, _ in sorted(cases, key=lambda c: (c[2] != CaseStatus.OPEN, -c[3].toordinal())):
        if team_id not in teams_by_child[child_id]:
            teams_by_child[child_id].append(team_id)

    for record in due:
        with transaction.atomic():
            locked = CustodyRecord.objects.select_for_update().get(pk=record.pk)
            if locked.police_decision_id or locked.police_decision_note or locked.outcome != record.outcome:
                continue
            outcome = outcomes.get(record.outcome)
            officer, team = _officer_and_team(record, officers, teams_by_child.get(record.child_id, []))
            note = ""
            if outcome is None:
                note = f"No out-of-court outcome '{record.outcome}' is in use"
            elif officer is None:
                note = "There is no YJS police officer with a team to record it"
            else:
                try:
                    with transaction.atomic():
                        locked.police_decision = oocd_services.police_only_decision_record(
                            **_decision_arguments(record, outcome), by=officer, team=team
                        )
                except (ValidationError, PermissionDenied) as error:
                    messages = error.messages if isinstance(error, ValidationError) else [str(error)]
                    note = "; ".join(messages)
            if note:
                locked.police_decision_note = f"Not recorded as a police-only decision: {note}"[:300]
            locked.save(update_fields=["police_decision", "police_decision_note", "updated_at"])
        if locked.police_decision_id:
            counts.police_only_decisions += 1


def _decision_arguments(record: CustodyRecord, outcome) -> dict:
    detained_on = timezone.localdate(record.detained_at)
    decided_on = min(timezone.localdate(record.released_at or record.detained_at), timezone.localdate())
    offences = [{"offence_date": detained_on, "description": description[:300]} for description in record.offences]
    where = f"{record.suite}, " if record.suite else ""
    return {
        "child": record.child,
        "referring_officer": f"Custody record {record.force_code}/{record.custody_ref}"[:150],
        "gravity_score": outcome.gravity_score,
        # The police can only give an outcome that needs an admission when the child made one.
        "admitted": outcome.needs_admission,
        "offences": offences or [{"offence_date": detained_on, "description": "Not given in the custody record"}],
        "outcome": outcome,
        "rationale": f"Given by the police in custody ({where}custody record {record.force_code}/"
        f"{record.custody_ref}); recorded from the daily custody feed.",
        "decided_on": decided_on,
    }


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


def digest_recipients() -> list[str]:
    return list(
        User.objects.filter(groups__name__in=DIGEST_ROLES, is_active=True)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )


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
    it is not a working day, today's digest has gone, or nobody has an email address."""
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
        recipients = digest_recipients()
        if not recipients:
            log.warning("No police officer or team manager has an email address: the custody digest waits")
            return None
        records = list(
            CustodyRecord.objects.select_for_update(of=("self",))
            .filter(digest__isnull=True)
            .select_related("child")
            .order_by("detained_at", "id")
        )
        run = DigestRun.objects.create(
            since=last.up_to if last else None, up_to=now, record_count=len(records), recipients=recipients
        )
        CustodyRecord.objects.filter(pk__in=[record.pk for record in records]).update(digest=run)
        groups = digest_groups(records)
        since = f" since {timezone.localtime(last.up_to):%A %-d %B}" if last else ""
        _send(
            subject=f"Children in police custody{since}: {len(records)}",
            template="custody/email/digest.txt",
            context={
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
                "list_url": _site_url(reverse("custody:index")),
            },
            to=recipients,
        )
    return run
