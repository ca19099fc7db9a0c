"""Reads for information requests: scoped by ``intelligence.permissions``, fixed query counts."""

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Case as When_
from django.db.models import FloatField, Func, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from cases.models import Child
from cases.selectors import TimelineEvent
from yjs.models import User
from yjs.selectors import one_or_404
from yjs.working_days import working_days_between, working_hours_between

from . import permissions
from .models import Addendum, InformationRequest, PoliceSystem, RequestStatus, RequestType, SensitiveContext


def police_system_list(*, active_only: bool = True) -> QuerySet[PoliceSystem]:
    systems = PoliceSystem.objects.all()
    return systems.filter(active=True) if active_only else systems


def request_list(*, user: User) -> QuerySet[InformationRequest]:
    """The requests the user may see, with what the API shows of each (people and the case by id;
    the child for the audit trail's description). Pages add names (``with_names``): each join
    more costs planning time on every page."""
    return (
        permissions.visible_requests(user)
        .select_related("child")
        .prefetch_related(
            Prefetch("systems_searched", queryset=PoliceSystem.objects.order_by("position")),
            Prefetch("addenda", queryset=Addendum.objects.select_related("added_by")),
        )
    )


def request_page(*, user: User) -> QuerySet[InformationRequest]:
    """The requests the user may see, for the API's list: the child for the audit trail's
    description, and nothing prefetched (the page's systems and addenda are read for all its
    rows at once by ``yjs.api.listing``)."""
    return permissions.visible_requests(user).select_related("child")


def with_names(requests: QuerySet[InformationRequest]) -> QuerySet[InformationRequest]:
    """Requests with the case's team and the people who asked and supplied."""
    return requests.select_related("case__team", "requested_by", "supplied_by")


def request_get(*, user: User, request_id: int) -> InformationRequest:
    """The request, or 404 when the user may not know it exists."""
    return one_or_404(with_names(request_list(user=user)), request_id, "information request")


def police_queue(*, user: User) -> QuerySet[InformationRequest]:
    """Open requests for the police officer: urgent first, then sensitive, then oldest."""
    urgency = When_(
        When(request_type=RequestType.URGENT, then=Value(0)),
        When(~Q(sensitive_context=SensitiveContext.NONE), then=Value(1)),
        When(request_type=RequestType.PHONE_CONTACT_CHECK, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        with_names(request_list(user=user))
        .filter(status=RequestStatus.OPEN)
        .annotate(urgency=urgency)
        .order_by("urgency", "requested_at", "id")
    )


# --- Rule checks, computed for the audit view and exports ------------------------------


@dataclass(frozen=True)
class RuleCheck:
    code: str
    label: str


RULES = [
    RuleCheck("reason_missing", "Additional request without a written reason"),
    RuleCheck("written_request_late", "Urgent request's written request late or missing"),
    RuleCheck("no_system_searched", "Supplied without a system searched"),
    RuleCheck("nothing_supplied", "Supplied without the information recorded"),
    RuleCheck("oic_not_consulted", "Sensitive request supplied without consulting the officer in the case"),
    RuleCheck("safeguarding_referral_missing", "Safeguarding concern without a referral"),
    RuleCheck("phone_consent_missing", "Phone contact check without the contact's consent"),
    RuleCheck("authorisation_missing", "Repeat social media viewing without an authorisation reference"),
]


def rule_breaches(request: InformationRequest, now: datetime | None = None) -> list[str]:
    """The codes of the rules this request breaks (most are impossible through the services)."""
    now = now or timezone.now()
    breaches = []
    if request.request_type == RequestType.ADDITIONAL and not request.reason.strip():
        breaches.append("reason_missing")
    if request.request_type == RequestType.URGENT and request.written_request_due_at:
        written = request.written_request_at
        if (written and written > request.written_request_due_at) or (
            not written and now > request.written_request_due_at
        ):
            breaches.append("written_request_late")
    if request.is_supplied:
        if not list(request.systems_searched.all()):
            breaches.append("no_system_searched")
        if not request.information_supplied.strip():
            breaches.append("nothing_supplied")
        if request.sensitive_context != SensitiveContext.NONE and not (
            request.oic_consulted_name and request.oic_consulted_at and request.oic_consulted_at <= request.supplied_at
        ):
            breaches.append("oic_not_consulted")
    if request.safeguarding_concern and not request.safeguarding_referral_at:
        breaches.append("safeguarding_referral_missing")
    if request.request_type == RequestType.PHONE_CONTACT_CHECK and not request.contact_consent_recorded_at:
        breaches.append("phone_consent_missing")
    if (
        request.request_type == RequestType.SOCIAL_MEDIA_REVIEW
        and request.repeat_viewing
        and not (request.authorisation_reference.strip())
    ):
        breaches.append("authorisation_missing")
    return breaches


def turnaround_working_hours(request: InformationRequest) -> float | None:
    if not request.supplied_at:
        return None
    return round(working_hours_between(request.requested_at, request.supplied_at), 1)


def requests_in_period(*, user: User, start: date, end: date) -> QuerySet[InformationRequest]:
    """Requests made from ``start`` to ``end`` inclusive (local dates)."""
    tz = timezone.get_current_timezone()
    since = timezone.make_aware(datetime.combine(start, time.min), tz)
    until = timezone.make_aware(datetime.combine(end, time.max), tz)
    return with_names(request_list(user=user)).filter(requested_at__range=(since, until)).order_by("requested_at", "id")


# --- Open to YJS: the list the police flag on their own systems ----------------------


def open_to_yjs(*, user: User) -> QuerySet[Child]:
    """The children with open cases the user may list, each with those cases only (``open_cases``):
    a child also on a case hidden from the user is listed without it."""
    open_cases = permissions.open_to_yjs_cases(user)
    return (
        Child.objects.filter(pk__in=open_cases.values("child"))
        .prefetch_related(
            Prefetch(
                "cases",
                queryset=open_cases.select_related("team", "allocated_to").order_by("start_date"),
                to_attr="open_cases",
            )
        )
        .order_by("surname", "forenames", "id")
    )


# --- The child's timeline ----------------------------------------------------------------


def timeline_events(*, user: User, child: Child) -> list[TimelineEvent]:
    events = []
    requests = with_names(request_list(user=user)).filter(child=child)
    for request in requests:
        events.append(
            TimelineEvent(
                request.requested_at,
                f"Information requested from the police: {request.get_request_type_display()}",
                request.what_requested,
                str(request.requested_by),
                "information_request",
            )
        )
        if request.is_supplied:
            # The answer itself: the page showing the timeline records its reading (audit_object).
            events.append(
                TimelineEvent(
                    request.supplied_at,
                    "Police information supplied",
                    request.information_supplied,
                    str(request.supplied_by),
                    "information_request",
                    audit_object=request,
                )
            )
            for addendum in request.addenda.all():
                events.append(
                    TimelineEvent(
                        addendum.added_at,
                        "Addendum to police information supplied",
                        addendum.text,
                        str(addendum.added_by),
                        "information_request",
                        audit_object=request,
                    )
                )
    return events


# --- Pages: the queue, a requester's own requests and the audit view --------------------


def my_requests(*, user: User) -> QuerySet[InformationRequest]:
    """The requests the user made, newest first."""
    return with_names(request_list(user=user)).filter(requested_by=user).order_by("-requested_at", "-id")


def working_days_open(request: InformationRequest, today: date | None = None) -> int:
    """Working days since the request was made (0 on the day itself)."""
    today = today or timezone.localdate()
    return working_days_between(timezone.localdate(request.requested_at), today)


def written_request_overdue(request: InformationRequest, now: datetime | None = None) -> bool:
    """An urgent request whose written request has not followed in time."""
    now = now or timezone.now()
    return bool(
        request.request_type == RequestType.URGENT
        and request.written_request_at is None
        and request.written_request_due_at
        and now > request.written_request_due_at
    )


def requesters(*, user: User) -> QuerySet[User]:
    """The people who made the requests the user can see (the audit view's filter)."""
    return User.objects.filter(pk__in=permissions.visible_requests(user).values("requested_by")).order_by(
        "first_name", "last_name", "username"
    )


RULE_LABELS = {rule.code: rule.label for rule in RULES}


@dataclass
class AuditRow:
    request: InformationRequest
    breaches: list[RuleCheck]
    turnaround_hours: float | None

    @property
    def supplied(self) -> str:
        """What was supplied, without the text itself: the audit view is no place for mass reading."""
        request = self.request
        if request.is_supplied:
            return "No trace" if request.information_supplied.strip().lower() == "no trace" else "Supplied"
        if request.status == RequestStatus.WITHDRAWN:
            return "Withdrawn"
        return "Open"


def audit_rows(
    *,
    user: User,
    start: date,
    end: date,
    requested_by: int | None = None,
    request_type: str = "",
    breach: str = "",
    now: datetime | None = None,
) -> list[AuditRow]:
    """The audit view: requests made in the period with their rule checks, newest first.

    ``breach`` is a rule code, ``"any"`` for any rule broken, or empty for every request."""
    now = now or timezone.now()
    requests = requests_in_period(user=user, start=start, end=end).order_by("-requested_at", "-id")
    if requested_by:
        requests = requests.filter(requested_by=requested_by)
    if request_type:
        requests = requests.filter(request_type=request_type)
    rows = []
    for request in requests:
        codes = rule_breaches(request, now)
        if breach == "any" and not codes:
            continue
        if breach and breach != "any" and breach not in codes:
            continue
        rows.append(
            AuditRow(
                request=request,
                breaches=[RuleCheck(code, RULE_LABELS[code]) for code in codes],
                turnaround_hours=turnaround_working_hours(request),
            )
        )
    return rows


# --- Turnaround by request type (the API and the board report) ---------------------------


@dataclass(frozen=True)
class TurnaroundRow:
    request_type: str
    label: str
    requests: int  # made in the period
    supplied: int  # of which supplied, so with a turnaround
    median_working_hours: float | None
    p90_working_hours: float | None


def _percentile(ordered: list[float], fraction: float) -> float | None:
    """Linear interpolation between closest ranks (as spreadsheets' PERCENTILE.INC)."""
    if not ordered:
        return None
    position = (len(ordered) - 1) * fraction
    lower, upper = math.floor(position), math.ceil(position)
    return round(ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower), 1)


def _epoch(name: str) -> Func:
    """Seconds since the epoch of a stored time (``Extract`` would first turn it into local time)."""
    return Func(name, template="EXTRACT(EPOCH FROM %(expressions)s)::double precision", output_field=FloatField())


def turnaround_by_type(*, user: User, start: date, end: date) -> list[TurnaroundRow]:
    """Median and 90th percentile turnaround, in working hours, of the requests made in the
    period (local dates, inclusive) and supplied; one row per request type, in a fixed order."""
    tz = timezone.get_current_timezone()
    since = timezone.make_aware(datetime.combine(start, time.min), tz)
    until = timezone.make_aware(datetime.combine(end, time.max), tz)
    made: Counter[str] = Counter()
    hours: dict[str, list[float]] = {value: [] for value in RequestType.values}
    # The times as seconds since the epoch: tens of thousands of rows read as floats take a tenth of
    # the time Django's time-zone-aware datetimes do.
    rows = (
        permissions.visible_requests(user)
        .filter(requested_at__range=(since, until))
        .values_list("request_type", _epoch("requested_at"), _epoch("supplied_at"))
    )
    for request_type, requested_at, supplied_at in rows:
        made[request_type] += 1
        if supplied_at is not None:
            hours.setdefault(request_type, []).append(
                working_hours_between(datetime.fromtimestamp(requested_at, tz), datetime.fromtimestamp(supplied_at, tz))
            )
    return [
        TurnaroundRow(
            request_type=value,
            label=label,
            requests=made[value],
            supplied=len(hours[value]),
            median_working_hours=_percentile(sorted(hours[value]), 0.5),
            p90_working_hours=_percentile(sorted(hours[value]), 0.9),
        )
        for value, label in RequestType.choices
    ]
