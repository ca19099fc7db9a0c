"""Telling people of what happened to the children they work with (DESIGN.md §11, through
``yjs.notifications``): the worker allocated to each of the child's open cases, each once, and no
one else, so that nobody learns of a restricted case's child through a notification. A
notification names no child (it is kept, and the child may later be anonymised): its link leads to
the page about them, which those told may see."""

from django.urls import reverse

from yjs.models import NotificationKind, User
from yjs.notifications.services import notify

from ..models import Case, CaseStatus, Child, Flag, Returned


def child_workers(*, child: Child, but: User | None = None) -> list[User]:
    """The active workers allocated to the child's open cases, each once (``but`` left out: the
    person who did what they are told of)."""
    cases = (
        Case.objects.filter(child=child, status=CaseStatus.OPEN, allocated_to__is_active=True)
        .select_related("allocated_to")
        .order_by("id")
    )
    workers = {case.allocated_to_id: case.allocated_to for case in cases}
    workers.pop(but.pk if but is not None else None, None)
    return list(workers.values())


def flag_raised_notify(*, flag: Flag, by: User) -> None:
    notify(
        recipients=child_workers(child=flag.child, but=by),
        kind=NotificationKind.FLAG_RAISED,
        subject=f"Flag raised on a child on your caseload: {flag.get_flag_type_display()}",
        body="Read the flag on the child's record, and whether their assessment and plan need a review.",
        link=reverse("cases:child_detail", args=[flag.child_id]) + "#flags",
    )


def returned_notify(*, returned: Returned, author: User | None, noun: str) -> None:
    """The author of a returned assessment or plan is told, with a link to change and resubmit it
    (the feedback is read there)."""
    record = returned.assessment if noun == "assessment" else returned.plan
    if noun == "assessment":
        link = reverse("cases:assessment_record", args=[record.case_id, record.pk])
    else:
        link = reverse("cases:plan_resubmit", args=[record.case_id, record.pk])
    notify(
        recipients=[author] if author is not None and author.pk != returned.returned_by_id else [],
        kind=NotificationKind.RETURNED_WORK,
        subject=f"Your {noun} was returned by {returned.returned_by}",
        body=f"Read the feedback, change the {noun} and resubmit it for countersigning.",
        link=link,
    )
