"""Who may see and do what with custody records: the one place these rules live (DESIGN.md §2).

- police officers, team managers and the head of service see every custody record;
- case workers see the records of the children on their caseload (an open case allocated
  to them), nothing else;
- police officers and team managers load extracts and resolve the review queue; team
  managers keep the local authorities' duty inboxes; the head of service reads only;
- an API client (the police system's service account) may only push records and files,
  and read back the ingest runs it started.
"""

from django.db.models import Exists, OuterRef, QuerySet

from cases.models import Case, CaseStatus
from yjs.models import User
from yjs.roles import Role

from .models import CustodyRecord, IngestRun

SEES_ALL_ROLES = (Role.POLICE_OFFICER, Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE)


def _active(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def sees_all_records(user: User) -> bool:
    return _active(user) and (user.is_superuser or user.has_role(*SEES_ALL_ROLES))


def can_view_custody(user: User) -> bool:
    """The custody pages: everyone who sees some records."""
    return sees_all_records(user) or (_active(user) and user.has_role(Role.CASE_WORKER))


def visible_records(user: User) -> QuerySet[CustodyRecord]:
    if sees_all_records(user):
        return CustodyRecord.objects.all()
    if not (_active(user) and user.has_role(Role.CASE_WORKER)):
        return CustodyRecord.objects.none()
    on_caseload = Case.objects.filter(child=OuterRef("child"), status=CaseStatus.OPEN, allocated_to=user)
    return CustodyRecord.objects.filter(Exists(on_caseload))


def can_ingest(user: User) -> bool:
    """Upload an extract (page or API) or push rows (API)."""
    return _active(user) and (
        user.is_superuser or user.has_role(Role.POLICE_OFFICER, Role.TEAM_MANAGER, Role.API_CLIENT)
    )


def visible_runs(user: User) -> QuerySet[IngestRun]:
    if sees_all_records(user):
        return IngestRun.objects.all()
    if can_ingest(user):
        return IngestRun.objects.filter(started_by=user)
    return IngestRun.objects.none()


def can_resolve(user: User) -> bool:
    """Link a record in the review queue to a child, or create a new one."""
    return _active(user) and (user.is_superuser or user.has_role(Role.POLICE_OFFICER, Role.TEAM_MANAGER))


def can_manage_inboxes(user: User) -> bool:
    return _active(user) and (user.is_superuser or user.has_role(Role.TEAM_MANAGER))
