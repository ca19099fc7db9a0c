"""Information requests on a person's work list (``yjs.work``, DESIGN.md §11).

- The police officer: the open requests to answer, by due time.
- The requester: their requests awaiting an answer, the answers to read and close, and the
  written request that must follow an urgent one; a manager, their teams' requests awaiting an
  answer; the head of service, those overdue across the service.

A request is due ``INFORMATION_REQUEST_ANSWER_WORKING_DAYS`` working days after the day it is
made, an urgent one the day it is made. Within ``permissions.visible_requests``; one query a kind.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Case, DateTimeField, F, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone

from cases.work import work_scope
from yjs.models import User
from yjs.work import WorkItem, WorkTally, late_if_made_before, listed, register
from yjs.working_days import add_working_days

from . import permissions
from .models import InformationRequest, RequestStatus, RequestType

KINDS = {
    "request_to_answer": "Information requests to answer",
    "request_awaiting": "Information requests awaiting an answer",
    "request_answered": "Answers from the police to read",
    "written_request": "Written requests to follow urgent ones",
}

Found = list[WorkItem | WorkTally]


def answer_due(request: InformationRequest) -> date:
    made = timezone.localdate(request.requested_at)
    if request.request_type == RequestType.URGENT:
        return made
    return add_working_days(made, settings.INFORMATION_REQUEST_ANSWER_WORKING_DAYS)


def _answer_late(today: date) -> Q:
    """The open requests whose answer is overdue on ``today`` (as ``answer_due`` says)."""
    urgent = Q(request_type=RequestType.URGENT)
    return (urgent & Q(requested_at__lt=late_if_made_before(today, 0))) | (
        ~urgent & Q(requested_at__lt=late_if_made_before(today, settings.INFORMATION_REQUEST_ANSWER_WORKING_DAYS))
    )


def _by_due_time(rows: QuerySet[InformationRequest]) -> QuerySet[InformationRequest]:
    """Earliest due first: an urgent request is due when made, another some days after (counted
    in calendar days here, in working days on the item: close enough to order by)."""
    days = settings.INFORMATION_REQUEST_ANSWER_WORKING_DAYS * 7 // 5
    due = Case(
        When(request_type=RequestType.URGENT, then=F("requested_at")),
        default=F("requested_at") + Value(timedelta(days=days)),
        output_field=DateTimeField(),
    )
    return rows.annotate(due_time=due).order_by("due_time", "id")


def _item(kind: str, label: str, request: InformationRequest, due: date | None) -> WorkItem:
    child = str(request.child)
    return WorkItem(
        kind=kind,
        label=label.format(child=child, what=request.get_request_type_display().lower()),
        link=reverse("intelligence:request_detail", args=[request.pk]),
        due=due,
        case_id=request.case_id,
        child_name=child,
    )


def requests_to_answer(*, user: User, today: date) -> Found:
    """The police officer's: every open request, the earliest due first."""
    if not permissions.can_supply(user):
        return []
    rows = _by_due_time(permissions.visible_requests(user).filter(status=RequestStatus.OPEN).select_related("child"))
    return listed(
        rows,
        kind="request_to_answer",
        overdue=_answer_late(today),
        item=lambda request: _item("request_to_answer", "Answer: {what} about {child}", request, answer_due(request)),
    )


def requests_awaiting_answer(*, user: User, today: date) -> Found:
    """A requester's open requests; a manager's, their teams' too; the head of service's, the
    overdue ones across the service."""
    scope = work_scope(user=user, today=today)
    if scope is None or permissions.can_supply(user):
        return []
    rows = permissions.visible_requests(user).filter(status=RequestStatus.OPEN)
    if scope.service:
        rows = rows.filter(_answer_late(today))
    elif scope.team:
        rows = rows.filter(Q(requested_by=user) | Q(case__team__in=list(user.team_ids)))
    else:
        rows = rows.filter(requested_by=user)
    return listed(
        _by_due_time(rows.select_related("child")),
        kind="request_awaiting",
        overdue=_answer_late(today),
        item=lambda request: _item(
            "request_awaiting", "Waiting for the police: {what} about {child}", request, answer_due(request)
        ),
    )


def requesters_to_do(*, user: User, today: date) -> Found:
    """What a requester does next: read and close the answers supplied, and make the written
    request that follows an urgent one (due ``URGENT_WRITTEN_REQUEST_WORKING_DAYS`` after it)."""
    scope = work_scope(user=user, today=today)
    if scope is None or scope.service:
        return []
    own = permissions.visible_requests(user).filter(requested_by=user).select_related("child")
    answered = own.filter(status=RequestStatus.SUPPLIED).order_by("supplied_at", "id")
    written = (
        own.filter(request_type=RequestType.URGENT, written_request_at__isnull=True)
        .exclude(status=RequestStatus.WITHDRAWN)
        .exclude(written_request_due_at__isnull=True)
        .order_by("written_request_due_at", "id")
    )
    start_of_today = timezone.make_aware(datetime.combine(today, time.min))
    return [
        *listed(
            answered,
            kind="request_answered",
            overdue=None,
            item=lambda request: _item("request_answered", "Read the answer: {what} about {child}", request, None),
        ),
        *listed(
            written,
            kind="written_request",
            overdue=Q(written_request_due_at__lt=start_of_today),
            item=lambda request: _item(
                "written_request",
                "Make the written request that follows the urgent one about {child}",
                request,
                timezone.localdate(request.written_request_due_at),
            ),
        ),
    ]


def register_sources() -> None:
    register(requests_to_answer, {"request_to_answer": KINDS["request_to_answer"]})
    register(requests_awaiting_answer, {"request_awaiting": KINDS["request_awaiting"]})
    register(requesters_to_do, {kind: KINDS[kind] for kind in ("request_answered", "written_request")})
