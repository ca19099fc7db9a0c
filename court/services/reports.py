"""Writes of pre-sentence reports (DESIGN.md §10): requested by the court, written by a case
worker, quality-assured by a manager before it goes to the court, then the sentence given.

The steps, each refused with a reason at any other status:

    draft ──send──▶ awaiting approval ──approve──▶ approved ──submit──▶ submitted ──sentence──▶ (sentenced)
                     ▲        │
                 resubmit   return (feedback: a ``ReportReturn``; the author is told)
                     │        ▼
                     └── returned

A report's proposal is written while it is being written or returned. Approving or returning it
is for a manager of the case's team who is not its author (``permissions.can_quality_assure``);
the other steps for those who work on the case. A returned report is submitted to the court only
once resubmitted and approved again.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from cases.services.oversight import oversight_refusal
from yjs.models import NotificationKind, User
from yjs.notifications.services import notify
from yjs.services import audited_create, audited_update, locked, require
from yjs.validators import long_date, not_before, not_in_future, required_not_in_future

from .. import permissions, rules
from ..models import Hearing, PreSentenceReport, ReportReturn, ReportStatus, Sentence

NOT_PERMITTED = "You cannot work on pre-sentence reports for this case."
FEEDBACK_NEEDED = "Enter your feedback: what must change before you can approve the report"
PROPOSAL_NEEDED = "Select the sentence the report proposes"
WRITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


def _status_is(report: PreSentenceReport) -> str:
    return report.get_status_display().lower()


def _refuse_unless(report: PreSentenceReport, *statuses: str, doing: str) -> None:
    """A step taken at the wrong status: refused, saying what the report's status is."""
    if report.status in statuses:
        return
    needed = " or ".join(ReportStatus(status).label.lower() for status in statuses)
    raise ValidationError(
        f"The report cannot be {doing}: it is {_status_is(report)}, and only a report {needed} can be"
    )


def _locked(report: PreSentenceReport) -> PreSentenceReport:
    return locked(report, "case", "case__child", "author", only_its_row=True)


def _require_worker(report_case: Case, by: User) -> None:
    require(permissions.can_record_court_work(by, report_case), NOT_PERMITTED)


def _proposal_errors(proposal: str | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if proposal and proposal not in Sentence.values:
        errors["proposal"] = "Select a sentence from the list"
    return errors


# --- Requested, written ----------------------------------------------------------------------------


@transaction.atomic
def report_create(
    *,
    case: Case,
    by: User,
    requested_on: date,
    stand_down: bool = False,
    hearing: Hearing | None = None,
    author: User | None = None,
    proposal: str = "",
    proposal_detail: str = "",
) -> PreSentenceReport:
    """The court asked for a report: due ``rules.report_due`` (the same day for a stand-down report);
    written by ``author`` (the requester unless another who works on the case is named)."""
    _require_worker(case, by)
    author = author or by
    errors = _proposal_errors(proposal)
    required_not_in_future(requested_on, "requested_on", errors, "date the court asked for the report")
    if hearing is not None and hearing.child_id != case.child_id:
        errors["hearing"] = "Select one of the child's hearings"
    if author.pk != by.pk and not permissions.can_record_court_work(author, case):
        errors["author"] = "Select someone who works on the case to write the report"
    if errors:
        raise ValidationError(errors)
    report = PreSentenceReport(
        case=case,
        hearing=hearing,
        requested_on=requested_on,
        stand_down=bool(stand_down),
        due_on=rules.report_due(requested_on, stand_down=bool(stand_down)),
        author=author,
        proposal=proposal or "",
        proposal_detail=(proposal_detail or "").strip(),
        created_by=by,
    )
    return audited_create(report, by=by, detail={"case": case.pk, "due_on": str(report.due_on)})


@transaction.atomic
def report_update(
    *, report: PreSentenceReport, by: User, proposal: str | None = None, proposal_detail: str | None = None
) -> PreSentenceReport:
    """Write the report's proposal (while it is being written or returned); ``None`` keeps a part as it was."""
    report = _locked(report)
    _require_worker(report.case, by)
    _refuse_unless(report, *WRITABLE, doing="changed")
    return _write_proposal(report, by=by, proposal=proposal, proposal_detail=proposal_detail)


def _write_proposal(
    report: PreSentenceReport, *, by: User, proposal: str | None, proposal_detail: str | None, **also
) -> PreSentenceReport:
    if errors := _proposal_errors(proposal):
        raise ValidationError(errors)
    changes = dict(also)
    if proposal is not None:
        changes["proposal"] = proposal
    if proposal_detail is not None:
        changes["proposal_detail"] = proposal_detail.strip()
    if not changes:
        return report
    detail = {
        name: [str(getattr(report, name)), str(value)]
        for name, value in changes.items()
        if getattr(report, name) != value
    }
    return audited_update(report, by=by, detail=detail, **changes)


def _require_proposal(report: PreSentenceReport) -> None:
    if not report.proposal:
        raise ValidationError({"proposal": PROPOSAL_NEEDED})


@transaction.atomic
def report_send(*, report: PreSentenceReport, by: User) -> PreSentenceReport:
    """Send the written report to a manager for approval (a returned one is resubmitted instead)."""
    report = _locked(report)
    _require_worker(report.case, by)
    if report.status == ReportStatus.RETURNED:
        raise ValidationError("The report was returned by a manager: resubmit it once you have answered the feedback")
    _refuse_unless(report, ReportStatus.DRAFT, doing="sent for approval")
    _require_proposal(report)
    return audited_update(
        report,
        by=by,
        detail={"status": [report.status, ReportStatus.AWAITING_APPROVAL]},
        status=ReportStatus.AWAITING_APPROVAL,
        sent_for_approval_at=timezone.now(),
    )


# --- Quality assurance -------------------------------------------------------------------------------


def _require_manager(report: PreSentenceReport, by: User, verb: str) -> None:
    require(
        permissions.can_quality_assure(by, report.case, report.author_id),
        oversight_refusal(by, report.case, report.author_id, verb=verb, noun="pre-sentence report"),
    )


@transaction.atomic
def report_approve(*, report: PreSentenceReport, by: User) -> PreSentenceReport:
    """A manager of the case's team, not the author, approves the report for the court."""
    report = _locked(report)
    _require_manager(report, by, "approve")
    _refuse_unless(report, ReportStatus.AWAITING_APPROVAL, doing="approved")
    return audited_update(
        report,
        by=by,
        detail={"status": [report.status, ReportStatus.APPROVED]},
        status=ReportStatus.APPROVED,
        approved_by=by,
        approved_at=timezone.now(),
    )


@transaction.atomic
def report_return(*, report: PreSentenceReport, by: User, feedback: str) -> ReportReturn:
    """A manager returns the report to its author with written feedback; the author is told."""
    report = _locked(report)
    _require_manager(report, by, "return")
    _refuse_unless(report, ReportStatus.AWAITING_APPROVAL, doing="returned")
    feedback = (feedback or "").strip()
    if not feedback:
        raise ValidationError({"feedback": FEEDBACK_NEEDED})
    returned = audited_create(
        ReportReturn(report=report, returned_by=by, feedback=feedback), by=by, detail={"report": report.pk}
    )
    audited_update(
        report, by=by, detail={"status": [report.status, ReportStatus.RETURNED]}, status=ReportStatus.RETURNED
    )
    _returned_notify(report=report, by=by)
    return returned


def _returned_notify(*, report: PreSentenceReport, by: User) -> None:
    """The author is told, with a link to the report (the feedback is read there); a notification
    names no child."""
    notify(
        recipients=[report.author] if report.author_id != by.pk else [],
        kind=NotificationKind.RETURNED_WORK,
        subject=f"Your pre-sentence report was returned by {by}",
        body="Read the feedback, change the report and resubmit it for approval. "
        f"It is due on {long_date(report.due_on)}.",
        link=reverse("court:report_detail", args=[report.pk]),
    )


@transaction.atomic
def report_resubmit(
    *, report: PreSentenceReport, by: User, proposal: str | None = None, proposal_detail: str | None = None
) -> PreSentenceReport:
    """The author (or another who works on the case) answers the feedback and sends the report for
    approval again: the return is closed (``resubmitted_at``)."""
    report = _locked(report)
    _require_worker(report.case, by)
    _refuse_unless(report, ReportStatus.RETURNED, doing="resubmitted")
    now = timezone.now()
    report = _write_proposal(
        report,
        by=by,
        proposal=proposal,
        proposal_detail=proposal_detail,
        status=ReportStatus.AWAITING_APPROVAL,
        sent_for_approval_at=now,
    )
    _require_proposal(report)
    open_return = report.returns.select_for_update().filter(resubmitted_at__isnull=True).first()
    if open_return is not None:
        audited_update(open_return, by=by, detail={"resubmitted": True}, resubmitted_at=now)
    return report


# --- The court -------------------------------------------------------------------------------------


@transaction.atomic
def report_submit(*, report: PreSentenceReport, by: User, submitted_on: date | None = None) -> PreSentenceReport:
    """The approved report goes to the court (``submitted_on``: today unless given)."""
    report = _locked(report)
    _require_worker(report.case, by)
    if report.status == ReportStatus.SUBMITTED:
        raise ValidationError(f"The report was already submitted to the court, on {long_date(report.submitted_on)}")
    if report.status != ReportStatus.APPROVED:
        raise ValidationError(
            f"The report cannot be submitted to the court: it is {_status_is(report)}, and only a report a "
            "manager has approved can be"
        )
    submitted_on = submitted_on or timezone.localdate()
    errors: dict[str, str] = {}
    not_in_future(submitted_on, "submitted_on", errors, "date the report was submitted")
    not_before(
        submitted_on,
        report.requested_on,
        "submitted_on",
        errors,
        "date the report was submitted",
        f"the date the court asked for it ({long_date(report.requested_on)})",
    )
    if errors:
        raise ValidationError(errors)
    return audited_update(
        report,
        by=by,
        detail={"status": [report.status, ReportStatus.SUBMITTED], "submitted_on": str(submitted_on)},
        status=ReportStatus.SUBMITTED,
        submitted_on=submitted_on,
    )


@transaction.atomic
def report_sentence(
    *, report: PreSentenceReport, by: User, sentence_given: str, sentenced_on: date
) -> PreSentenceReport:
    """The sentence the court gave, once the report was submitted (recorded again to correct it)."""
    report = _locked(report)
    _require_worker(report.case, by)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(
            f"The sentence is recorded once the report has been submitted to the court: it is {_status_is(report)}"
        )
    errors: dict[str, str] = {}
    if sentence_given not in Sentence.values:
        errors["sentence_given"] = "Select the sentence the court gave"
    required_not_in_future(sentenced_on, "sentenced_on", errors, "date of the sentence")
    not_before(
        sentenced_on,
        report.submitted_on,
        "sentenced_on",
        errors,
        "date of the sentence",
        f"the date the report was submitted ({long_date(report.submitted_on)})",
    )
    if errors:
        raise ValidationError(errors)
    detail = {"sentence_given": [report.sentence_given, sentence_given], "sentenced_on": str(sentenced_on)}
    return audited_update(report, by=by, detail=detail, sentence_given=sentence_given, sentenced_on=sentenced_on)
