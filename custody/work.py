"""Custody on a person's work list (``yjs.work``, DESIGN.md §11): the children held in police custody
since the last digest (the records no digest has listed yet): every child for the police officer, the
children of their teams' open cases for a manager. One query. (A case worker hears of their own
children's arrests by notification: ``yjs.work.since_you_last_looked``.)
"""

from datetime import date

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseStatus
from yjs.models import User
from yjs.roles import Role
from yjs.validators import long_date
from yjs.work import WorkItem, WorkTally, listed, register

from . import permissions
from .models import CustodyRecord

KINDS = {"in_custody": "Children in custody since the last digest"}


def in_custody_since_the_digest(*, user: User, today: date) -> list[WorkItem | WorkTally]:
    if not permissions.sees_all_records(user) or user.has_role(Role.HEAD_OF_SERVICE):
        return []
    rows = CustodyRecord.objects.filter(digest__isnull=True)
    if not (user.is_superuser or user.has_role(Role.POLICE_OFFICER)):
        team_case = Case.objects.filter(child=OuterRef("child"), status=CaseStatus.OPEN, team__in=list(user.team_ids))
        rows = rows.filter(Exists(team_case))
    rows = rows.only("forenames", "surname", "suite", "detained_at", "child_id").order_by("-detained_at", "-id")

    def item(record: CustodyRecord) -> WorkItem:
        name = f"{record.forenames} {record.surname}"
        where = f" at {record.suite}" if record.suite else ""
        held = timezone.localtime(record.detained_at)
        return WorkItem(
            kind="in_custody",
            label=f"{name} held{where} on {long_date(held.date())} at {held:%H:%M}",
            link=reverse("custody:record_detail", args=[record.pk]),
            child_name=name,
        )

    return listed(rows, kind="in_custody", overdue=None, item=item)


def register_sources() -> None:
    register(in_custody_since_the_digest, KINDS, news=True)
