"""The child's timeline: everything that happened with the child that the user may see."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from yjs.models import User

from .. import permissions
from ..models import (
    Assessment,
    Case,
    Child,
    Contact,
    Flag,
    Plan,
    Returned,
    Review,
)
from .records import case_list


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime | date
    title: str
    detail: str
    by: str
    kind: str
    # A record whose reading the event shows (e.g. supplied police information): a page
    # showing the event records the view (services.timeline_view_record).
    audit_object: object = None

    @property
    def sort_key(self) -> datetime:
        if isinstance(self.at, datetime):
            return self.at
        return timezone.make_aware(datetime(self.at.year, self.at.month, self.at.day))


class CaseEvents:
    """A timeline source's events (of ``kind``) on the child's ``cases`` the user may see, as it adds
    them: an event of a restricted case carries the case as its ``audit_object``, so the page showing
    it records the read."""

    def __init__(self, cases: dict[int, Case], kind: str) -> None:
        self.restricted = {pk: case for pk, case in cases.items() if case.restricted}
        self.kind = kind
        self.events: list[TimelineEvent] = []

    def add(self, at, title: str, detail: str, by, case_id: int) -> None:
        audit = self.restricted.get(case_id)
        self.events.append(TimelineEvent(at, title, detail, str(by or ""), self.kind, audit_object=audit))


# Other apps add their events to a child's timeline (information requests, custody,
# out-of-court disposals) with ``add_timeline_source``, a function ``(user=, child=) -> list[TimelineEvent]``,
# from their AppConfig.ready, since cases does not depend on them.
TIMELINE_SOURCES: list = []


def add_timeline_source(source) -> None:
    """Add an app's events to every child's timeline (once, however often ``ready`` runs)."""
    if source not in TIMELINE_SOURCES:
        TIMELINE_SOURCES.append(source)


def child_timeline(*, user: User, child: Child) -> list[TimelineEvent]:
    """Everything that happened with the child that the user may see, newest first."""
    if not permissions.can_view_child(user, child):
        raise Http404("No such child")  # its flags would otherwise show
    cases = case_list(user=user).filter(child=child)
    events: list[TimelineEvent] = []
    # What the timeline shows of a restricted case is a read of that case, as its page is:
    # the page records it (``services.timeline_view_record``) through the events' audit_object.
    restricted: dict[int, Case] = {case.pk: case for case in cases if case.restricted}

    def add(at: datetime | date, title: str, detail: str, by: str, kind: str, case_id: int | None = None) -> None:
        events.append(TimelineEvent(at, title, detail, by, kind, audit_object=restricted.get(case_id)))

    for case in cases:
        kind = case.get_case_type_display()
        add(case.start_date, f"{kind} case opened", f"Team {case.team}", str(case.allocated_to or ""), "case", case.pk)
        if case.end_date:
            status = case.get_status_display().lower()
            add(case.end_date, f"{kind} case {status}", case.closure_reason, "", "case", case.pk)
    if permissions.can_see_case_records(user):
        case_ids = cases.values("pk")
        for a in Assessment.objects.filter(case__in=case_ids).select_related("completed_by", "countersigned_by"):
            kind = a.get_assessment_type_display()
            if a.completed_date:
                ratings = (
                    f"Reoffending {a.likelihood_of_reoffending or '–'}, harm {a.risk_of_serious_harm or '–'}, "
                    f"safety {a.safety_and_wellbeing or '–'}"
                )
                add(a.completed_date, f"{kind} completed", ratings, str(a.completed_by or ""), "assessment", a.case_id)
            if a.countersigned_at:
                add(a.countersigned_at, f"{kind} countersigned", "", str(a.countersigned_by), "assessment", a.case_id)
        for plan in Plan.objects.filter(case__in=case_ids).select_related("written_by").annotate(n=Count("targets")):
            add(plan.written_at, "Plan written", f"{plan.n} targets", str(plan.written_by), "plan", plan.case_id)
        # The oversight loop: each return with its feedback, and the resubmission.
        returns = Returned.objects.filter(Q(assessment__case__in=case_ids) | Q(plan__case__in=case_ids))
        for returned in returns.select_related("returned_by", "assessment", "plan"):
            record = returned.assessment or returned.plan
            kind = "assessment" if returned.assessment_id else "plan"
            what = returned.assessment.get_assessment_type_display() if returned.assessment_id else "Plan"
            by = str(returned.returned_by)
            add(returned.returned_at, f"{what} returned to its author", returned.feedback, by, kind, record.case_id)
            if returned.resubmitted_at:
                add(returned.resubmitted_at, f"{what} resubmitted", "", "", kind, record.case_id)
        completed_reviews = Review.objects.filter(case__in=case_ids, completed_date__isnull=False)
        for review in completed_reviews.select_related("completed_by"):
            title = f"{review.get_trigger_display()} review completed"
            add(review.completed_date, title, review.outcome, str(review.completed_by or ""), "review", review.case_id)
        for contact in Contact.objects.filter(case__in=case_ids).select_related("recorded_by"):
            attendance = contact.get_attendance_display() if contact.attendance else "Planned"
            title = contact.get_contact_type_display()
            add(contact.scheduled_at, title, attendance, str(contact.recorded_by), "contact", contact.case_id)
    for flag in Flag.objects.filter(child=child).select_related("raised_by", "removed_by"):
        kind = flag.get_flag_type_display()
        add(flag.raised_at, f"Flag raised: {kind}", flag.note, str(flag.raised_by), "flag")
        if flag.removed_at:
            add(flag.removed_at, f"Flag removed: {kind}", flag.removal_reason, str(flag.removed_by), "flag")
    for source in TIMELINE_SOURCES:
        events.extend(source(user=user, child=child))
    events.sort(key=lambda event: event.sort_key, reverse=True)
    return events
