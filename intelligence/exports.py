"""Exports of information requests (DESIGN.md §3), through ``yjs.exports`` so every cell is
formula-safe and every export is an audit event.

- The audit: every request made in a period, with the five fields the 2023 guidance asks
  for (date of request, who requested it, what they requested, what police systems were
  searched, what information was supplied), turnaround and one yes/no column per rule
  check of ``selectors.RULES``. CSV and PDF carry the same content.
- Open to YJS: the children with open cases, for the police to flag on their own systems.

Rows are built from a fixed number of queries, however many requests there are.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from yjs.exports import csv_response, pdf_response
from yjs.models import User

from . import permissions, selectors
from .models import InformationRequest

DATETIME_FORMAT = "%Y-%m-%d %H:%M"


def require_audit(user: User) -> None:
    if not permissions.can_audit(user):
        raise PermissionDenied("Only managers, the head of service and police officers can audit requests.")


def _when(value: datetime | None) -> str:
    return timezone.localtime(value).strftime(DATETIME_FORMAT) if value else ""


def _yes_no(value: bool | None) -> str:
    return {True: "yes", False: "no"}.get(value, "")


def _person(user: User | None) -> str:
    return str(user) if user is not None else ""


@dataclass(frozen=True)
class AuditEntry:
    """One request as the audit shows it."""

    request: InformationRequest
    systems: list[str]
    addenda: list[str]
    turnaround: float | None
    breaches: frozenset[str]

    @property
    def rule_checks(self) -> list[tuple[selectors.RuleCheck, bool]]:
        return [(rule, rule.code in self.breaches) for rule in selectors.RULES]

    @property
    def breach_labels(self) -> list[str]:
        return [rule.label for rule, broken in self.rule_checks if broken]


def audit_entries(requests, now: datetime | None = None) -> list[AuditEntry]:
    """``requests`` from ``selectors.request_list`` (related rows already fetched)."""
    now = now or timezone.now()
    return [
        AuditEntry(
            request=request,
            systems=[system.name for system in request.systems_searched.all()],
            addenda=[
                f"{_when(addendum.added_at)} {_person(addendum.added_by)}: {addendum.text}"
                for addendum in request.addenda.all()
            ],
            turnaround=selectors.turnaround_working_hours(request),
            breaches=frozenset(selectors.rule_breaches(request, now=now)),
        )
        for request in requests
    ]


AUDIT_HEADER = [
    "Request id",
    # The minimum record of the 2023 guidance.
    "Date of request",
    "Requested by",
    "What was requested",
    "Police systems searched",
    "Information supplied",
    # Everything else the audit checks.
    "Child",
    "Case id",
    "Type of request",
    "Status",
    "Reason",
    "Sensitive context",
    "Officer in the case consulted",
    "Officer in the case consulted at",
    "Supplied by",
    "Supplied at",
    "Turnaround (working hours)",
    "Addenda",
    "Written request due",
    "Written request made",
    "Safeguarding concern",
    "Safeguarding referral to",
    "Safeguarding referral reference",
    "Safeguarding referral made at",
    "Phone contact check outcome",
    "Authorisation reference",
    *(f"Breach: {rule.label}" for rule in selectors.RULES),
]


def audit_row(entry: AuditEntry) -> list[object]:
    request = entry.request
    return [
        request.pk,
        _when(request.requested_at),
        _person(request.requested_by),
        request.what_requested,
        "; ".join(entry.systems),
        request.information_supplied,
        str(request.child),
        request.case_id or "",
        request.get_request_type_display(),
        request.get_status_display(),
        request.reason,
        request.get_sensitive_context_display(),
        request.oic_consulted_name,
        _when(request.oic_consulted_at),
        _person(request.supplied_by),
        _when(request.supplied_at),
        "" if entry.turnaround is None else entry.turnaround,
        "\n".join(entry.addenda),
        _when(request.written_request_due_at),
        _when(request.written_request_at),
        _yes_no(request.safeguarding_concern),
        request.safeguarding_referral_to,
        request.safeguarding_referral_reference,
        _when(request.safeguarding_referral_at),
        request.get_phone_check_outcome_display(),
        request.authorisation_reference,
        *(_yes_no(broken) for _, broken in entry.rule_checks),
    ]


def _audit_entries_for(user: User, start: date, end: date) -> list[AuditEntry]:
    require_audit(user)
    return audit_entries(selectors.requests_in_period(user=user, start=start, end=end))


def _audit_detail(start: date, end: date, entries: Sequence[AuditEntry]) -> dict:
    return {"from": start.isoformat(), "to": end.isoformat(), "requests": [entry.request.pk for entry in entries]}


def audit_csv_response(*, user: User, start: date, end: date, http_request: HttpRequest | None) -> HttpResponse:
    entries = _audit_entries_for(user, start, end)
    return csv_response(
        filename=f"information-requests-{start:%Y%m%d}-{end:%Y%m%d}.csv",
        header=AUDIT_HEADER,
        rows=[audit_row(entry) for entry in entries],
        user=user,
        request=http_request,
        what="information_request_audit_csv",
        detail=_audit_detail(start, end, entries),
    )


def audit_pdf_response(*, user: User, start: date, end: date, http_request: HttpRequest | None) -> HttpResponse:
    entries = _audit_entries_for(user, start, end)
    breach_counts = [(rule, sum(rule.code in entry.breaches for entry in entries)) for rule in selectors.RULES]
    return pdf_response(
        filename=f"information-requests-{start:%Y%m%d}-{end:%Y%m%d}.pdf",
        template="intelligence/audit_pdf.html",
        context={
            "start": start,
            "end": end,
            "entries": entries,
            "breach_counts": breach_counts,
            "generated_at": timezone.localtime(),
            "generated_by": user,
        },
        user=user,
        request=http_request,
        what="information_request_audit_pdf",
        detail=_audit_detail(start, end, entries),
    )


OPEN_TO_YJS_HEADER = [
    "Child id",
    "Surname",
    "Forenames",
    "Aliases",
    "Date of birth",
    "Gender",
    "PNC ID",
    "Police local IDs",
    "Open cases",
    "Teams",
    "Allocated case workers",
    "Open since",
]


def open_to_yjs_row(child) -> list[object]:
    cases = child.open_cases
    return [
        child.pk,
        child.surname,
        child.forenames,
        "; ".join(str(alias) for alias in child.aliases.all()),
        child.date_of_birth.isoformat(),
        child.get_gender_display(),
        child.pnc_id,
        "; ".join(child.police_local_ids),
        "; ".join(case.get_case_type_display() for case in cases),
        "; ".join(dict.fromkeys(str(case.team) for case in cases)),
        "; ".join(dict.fromkeys(str(case.allocated_to) for case in cases if case.allocated_to)),
        min(case.start_date for case in cases).isoformat() if cases else "",
    ]


def open_to_yjs_csv_response(*, user: User, http_request: HttpRequest | None) -> HttpResponse:
    if not permissions.can_export_open_to_yjs(user):
        raise PermissionDenied("Only police officers and managers can export the children open to the YJS.")
    children = list(selectors.open_to_yjs(user=user).prefetch_related("aliases"))
    return csv_response(
        filename=f"open-to-yjs-{timezone.localdate():%Y%m%d}.csv",
        header=OPEN_TO_YJS_HEADER,
        rows=[open_to_yjs_row(child) for child in children],
        user=user,
        request=http_request,
        what="open_to_yjs_csv",
    )
