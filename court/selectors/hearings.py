"""Reads of hearings, scoped by the case permissions (``court.permissions``): the hearings of the
children the user may see, except those linked to a case hidden from them (another team's
restricted case)."""

from dataclasses import dataclass, field
from datetime import date
from itertools import groupby

from django.db.models import Q, QuerySet
from django.utils import timezone

from cases.models import Case, Child
from yjs.models import User
from yjs.roles import Role
from yjs.selectors import one_or_404

from .. import permissions
from ..models import Hearing


def hearing_list(*, user: User) -> QuerySet[Hearing]:
    cases = permissions.visible_cases(user)
    return (
        Hearing.objects.filter(child__in=cases.values("child"))
        .filter(Q(case__isnull=True) | Q(case__in=cases.values("pk")))
        .select_related("child", "case__child", "recorded_by")
    )


def hearing_get(*, user: User, hearing_id: int) -> Hearing:
    return one_or_404(hearing_list(user=user), hearing_id, "hearing")


def visible_child(*, user: User, child_id: int) -> Child:
    """The child whose hearings the user may read (404 otherwise)."""
    return one_or_404(permissions.visible_children(user), child_id, "child")


def hearing_cases(*, user: User, child: Child) -> QuerySet[Case]:
    """The child's open cases the user may record court work on: those a hearing may be linked to."""
    if not user.has_role(Role.CASE_WORKER, Role.TEAM_MANAGER):
        return Case.objects.none()
    return permissions.visible_cases(user).filter(child=child, status="open").order_by("-start_date", "-id")


@dataclass
class ChildHearings:
    child: Child
    hearings: list[Hearing]
    next_hearing: Hearing | None  # the latest hearing that set a next hearing today or later


def next_hearing_of(hearings: list[Hearing], today: date | None = None) -> Hearing | None:
    """Of a child's hearings (the latest first), the latest that set a next hearing not yet past."""
    today = today or timezone.localdate()
    return next((h for h in hearings if h.next_hearing_on and h.next_hearing_on >= today), None)


def child_hearings(*, user: User, child: Child) -> ChildHearings:
    hearings = list(hearing_list(user=user).filter(child=child).order_by("-heard_on", "-id"))
    return ChildHearings(child=child, hearings=hearings, next_hearing=next_hearing_of(hearings))


@dataclass
class Court:
    """One court's list for the day: the hearings recorded, and those a previous hearing listed for
    the day with none recorded yet."""

    name: str
    hearings: list[Hearing] = field(default_factory=list)
    listed: list[Hearing] = field(default_factory=list)


def court_list(*, user: User, day: date) -> list[Court]:
    """The court list for ``day``, by court: the hearings of children the user may see heard that
    day, and those an earlier hearing set for that day (its next hearing) not yet recorded."""
    visible = hearing_list(user=user)
    heard = list(visible.filter(heard_on=day).order_by("court", "child__surname", "child__forenames", "id"))
    heard_children = {hearing.child_id for hearing in heard}
    courts: dict[str, Court] = {}
    for name, rows in groupby(heard, key=lambda hearing: hearing.court):
        courts.setdefault(name, Court(name)).hearings.extend(rows)
    seen = set(heard_children)
    for hearing in visible.filter(next_hearing_on=day).order_by("-heard_on", "-id"):
        if hearing.child_id in seen:  # heard that day, or listed by a later hearing already
            continue
        seen.add(hearing.child_id)
        courts.setdefault(hearing.court, Court(hearing.court)).listed.append(hearing)
    return sorted(courts.values(), key=lambda court: court.name.lower())
