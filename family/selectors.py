"""Reads of the family around the child and the child's needs, scoped by ``permissions`` (the
children with a case the user may read: another team's restricted case is not there). Each runs a
fixed number of queries however many rows."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils import timezone

from cases.models import Child
from cases.selectors import TimelineEvent
from yjs.models import User
from yjs.selectors import one_or_404
from yjs.validators import long_date

from . import permissions
from .models import FamilyMember, Professional
from .needs import NEEDS, Need

# --- Lists (the API) --------------------------------------------------------------------------------


def _of_visible_children(model: type[Model], user: User) -> QuerySet:
    return model.objects.filter(child__in=permissions.visible_cases(user).values("child")).select_related(
        "child", "recorded_by"
    )


def family_member_list(*, user: User) -> QuerySet[FamilyMember]:
    return _of_visible_children(FamilyMember, user)


def professional_list(*, user: User) -> QuerySet[Professional]:
    return _of_visible_children(Professional, user)


def needs_list(*, user: User, need: Need) -> QuerySet:
    """Every record of the kind for the children the user may read, the latest first."""
    return _of_visible_children(need.model, user).order_by("-from_date", "-id")


def family_member_get(*, user: User, member_id: int) -> FamilyMember:
    return one_or_404(family_member_list(user=user), member_id, "family member")


def professional_get(*, user: User, professional_id: int) -> Professional:
    return one_or_404(professional_list(user=user), professional_id, "professional")


def needs_get(*, user: User, need: Need, record_id: int):
    return one_or_404(needs_list(user=user, need=need), record_id, f"{need.noun} record")


# --- What held on a day --------------------------------------------------------------------------------


def current(*, need: Need, child: Child, day: date | None = None):
    """The child's record of the kind that held on ``day`` (today): the latest from that day or before."""
    day = day or timezone.localdate()
    return (
        need.model.objects.filter(child=child, from_date__lte=day)
        .select_related("recorded_by")
        .order_by("-from_date", "-id")
        .first()
    )


def history(*, need: Need, child: Child) -> list:
    """Every record of the kind for the child, the latest first (each earlier one superseded)."""
    return list(need.model.objects.filter(child=child).select_related("recorded_by").order_by("-from_date", "-id"))


# --- The child's family and needs page --------------------------------------------------------------


@dataclass
class NeedNow:
    need: Need
    now: Model | None  # the record that holds today
    recorded: int  # how many records of the kind, over time

    @property
    def summary(self) -> str:
        return record_summary(self.need, self.now) if self.now is not None else ""


@dataclass
class ChildFamily:
    child: Child
    members: list[FamilyMember]
    professionals: list[Professional]  # current first, then past
    needs: list[NeedNow]

    @property
    def current_professionals(self) -> list[Professional]:
        return [p for p in self.professionals if p.to_date is None or p.to_date >= timezone.localdate()]


def child_for_family(*, user: User, child_id: int) -> Child:
    """The child, when the user may read its family and needs (404 otherwise)."""
    return one_or_404(permissions.visible_children(user), child_id, "child")


def child_family(*, user: User, child: Child, today: date | None = None) -> ChildFamily:
    """Everything the family and needs page shows; 404 when the user may not read it."""
    if not permissions.can_view_family(user, child):
        raise Http404("No such child")
    today = today or timezone.localdate()
    needs = []
    for need in NEEDS.values():
        records = history(need=need, child=child)
        now = next((record for record in records if record.from_date <= today), None)
        needs.append(NeedNow(need, now, len(records)))
    members = list(FamilyMember.objects.filter(child=child).select_related("recorded_by", "child"))
    professionals = list(Professional.objects.filter(child=child).order_by("role", "-from_date", "id"))
    return ChildFamily(child=child, members=members, professionals=professionals, needs=needs)


# --- The child's timeline -------------------------------------------------------------------------------


def record_summary(need: Need, record) -> str:
    """One line of what a needs record says."""
    if need.slug == "accommodation":
        suitable = "suitable" if record.suitable else f"not suitable: {record.unsuitable_reason}"
        return f"{record.get_accommodation_type_display()}, {suitable}"
    if need.slug == "education":
        text = f"{record.get_education_type_display()}"
        if record.provider:
            text += f" at {record.provider}"
        text += f"; {record.hours_attended} of {record.hours_offered} hours a week attended"
        if record.send_identified:
            text += f"; SEND or ALN identified ({record.get_send_plan_display().lower()})"
        return text
    flags = [(name, getattr(record, name)) for name in need.fields]
    said = [record._meta.get_field(name).verbose_name for name, value in flags if value]
    return ("; ".join(str(text).capitalize() for text in said)) or "No need identified"


def timeline_events(*, user: User, child: Child) -> list[TimelineEvent]:
    """Needs recorded, family members and professionals added, for a child whose family the user may
    read. The events of a child whose visible case is restricted carry that case as their
    ``audit_object``, so the page showing them records the read."""
    cases = list(permissions.visible_cases(user).filter(child=child).select_related("child"))
    if not cases:
        return []
    restricted = next((case for case in cases if case.restricted), None)
    events: list[TimelineEvent] = []

    def add(at, title: str, detail: str, by) -> None:
        events.append(TimelineEvent(at, title, detail, str(by or ""), "family", audit_object=restricted))

    for need in NEEDS.values():
        for record in need.model.objects.filter(child=child).select_related("recorded_by"):
            title = f"{need.title} recorded (from {long_date(record.from_date)})"
            add(record.recorded_at, title, record_summary(need, record), record.recorded_by)
    for member in FamilyMember.objects.filter(child=child).select_related("recorded_by"):
        add(member.recorded_at, "Family member added", f"{member.name}, {member.relationship_text}", member.recorded_by)
    for professional in Professional.objects.filter(child=child).select_related("recorded_by"):
        detail = f"{professional.name}, {professional.role_text}"
        add(professional.recorded_at, "Professional added", detail, professional.recorded_by)
    return events
