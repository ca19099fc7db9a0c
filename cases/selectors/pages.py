"""Pages: everything one page shows, in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from yjs.models import User

from .. import permissions
from ..models import (
    Assessment,
    Case,
    CaseTransfer,
    Child,
    Contact,
    Flag,
    Plan,
    Returned,
    Review,
    Transition,
    Victim,
)
from .children import child_get
from .oversight import current_assessment
from .records import case_get, case_list
from .timeline import TimelineEvent, child_timeline


class AssessmentStatus:
    DUE = "due"
    OVERDUE = "overdue"
    COMPLETED = "completed"
    COUNTERSIGNED = "countersigned"
    RETURNED = "returned"  # to its author by a manager, not yet resubmitted


def assessment_status(assessment: Assessment, today: date | None = None, *, returned: bool = False) -> str:
    """``returned``: the assessment has a return not yet answered (the caller knows, from its ``returns``)."""
    if assessment.countersigned_at:
        return AssessmentStatus.COUNTERSIGNED
    if returned and not assessment.completed_date:
        return AssessmentStatus.RETURNED
    if assessment.completed_date:
        return AssessmentStatus.COMPLETED
    if assessment.due_date < (today or timezone.localdate()):
        return AssessmentStatus.OVERDUE
    return AssessmentStatus.DUE


@dataclass
class ChildRecord:
    child: Child
    active_flags: list[Flag]
    cases: list[Case]
    timeline: list[TimelineEvent]
    shows_case_records: bool


def child_record(*, user: User, child_id: int) -> ChildRecord:
    """A child's page: identity, active flags (who raised them), cases and timeline.

    Police officers get identity and flags only (no cases, no timeline of case work)."""
    child = child_get(user=user, child_id=child_id)
    shows_case_records = permissions.can_see_case_records(user)
    flags = list(
        Flag.objects.filter(child=child, removed_at__isnull=True)
        .select_related("raised_by", "case")
        .order_by("-raised_at")
    )
    cases = list(case_list(user=user).filter(child=child).order_by("-start_date", "-id")) if shows_case_records else []
    timeline = child_timeline(user=user, child=child) if shows_case_records else []
    return ChildRecord(
        child=child, active_flags=flags, cases=cases, timeline=timeline, shows_case_records=shows_case_records
    )


@dataclass
class CaseRecord:
    case: Case
    offences: list
    assessments: list[tuple[Assessment, str]]
    plans: list[Plan]
    reviews: list[Review]
    contacts: list[Contact]
    victims: list[Victim]
    transfers: list[CaseTransfer]
    active_flags: list[Flag]
    # The latest completed assessment (DESIGN.md §9: a case holds many; earlier ones stay readable).
    current_assessment: Assessment | None = None
    # The transfer or retain decision for a child turning 18, once recorded.
    transition: Transition | None = None


def transition_due(case: Case, today: date | None = None) -> bool:
    """An open case whose child turns 18 before its order ends (or, with no end date, within the
    warning period): the transfer or retain decision is to be recorded (DESIGN.md §3)."""
    today = today or timezone.localdate()
    if not case.is_open:
        return False
    ends = case.order_end_date or today + relativedelta(months=settings.TRANSITION_WARNING_MONTHS)
    return case.child.date_of_birth + relativedelta(years=18) <= ends


def case_record(*, user: User, case_id: int, today: date | None = None) -> CaseRecord:
    """A case's page, or 404 when the user may not know the case exists.

    Victims come without their contact details: those are read one at a time through
    ``services.victim_contact_details_view``, which audits the read."""
    case = case_get(user=user, case_id=case_id)
    if not permissions.can_see_case_records(user):
        raise Http404("No such case")
    returns = Prefetch("returns", queryset=Returned.objects.select_related("returned_by").order_by("returned_at", "id"))
    assessments = (
        Assessment.objects.filter(case=case)
        .select_related("completed_by", "countersigned_by", "review")
        .prefetch_related(returns)
    )
    return CaseRecord(
        case=case,
        offences=list(case.offences.all()),
        assessments=[
            (a, assessment_status(a, today, returned=any(r.is_open for r in a.returns.all())))
            for a in assessments.order_by("due_date", "id")
        ],
        current_assessment=current_assessment(case),
        plans=list(
            Plan.objects.filter(case=case)
            .select_related("written_by", "countersigned_by", "assessment")
            .prefetch_related("targets", returns)
        ),
        reviews=list(Review.objects.filter(case=case).select_related("completed_by").order_by("-due_date", "-id")),
        contacts=list(Contact.objects.filter(case=case).select_related("recorded_by")),
        victims=list(Victim.objects.filter(case=case)),
        transfers=list(CaseTransfer.objects.filter(case=case).select_related("requested_by")),
        active_flags=list(
            Flag.objects.filter(child_id=case.child_id, removed_at__isnull=True).select_related("raised_by")
        ),
        transition=Transition.objects.filter(case=case).select_related("decided_by").first(),
    )


def allocatable_workers(*, user: User, team_id: int | None = None) -> QuerySet[User]:
    """Case workers and managers of the user's teams (or of one team of theirs): whom a case may be allocated to."""
    teams = user.team_ids if team_id is None else [team_id] if team_id in user.team_ids else []
    return (
        User.objects.filter(teams__in=teams, groups__name__in=["case_worker", "team_manager"], is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
