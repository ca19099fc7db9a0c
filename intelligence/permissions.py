"""Who may see and do what with information requests: the one place these rules live.

- Police officers see every request and are the only ones who supply answers.
- The requester, the allocated case worker of the request's case and the managers of
  that case's team see the request and what was supplied; the head of service reads
  everything. The requester only while they may still see the request's case (or, for
  a request without a case, its child): a case restricted after they asked is closed to
  them as its page is. Nobody else knows a request exists (404).
- Case workers and managers ask for information about children they can see.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from cases import permissions as case_permissions
from cases.models import Case, CaseStatus, Child
from yjs.models import User
from yjs.roles import Role

from .models import InformationRequest


def sees_every_request(user: User) -> bool:
    return user.is_active and (user.is_superuser or user.has_role(Role.POLICE_OFFICER, Role.HEAD_OF_SERVICE))


def request_visibility(user: User) -> Q:
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if sees_every_request(user):
        return Q()
    visible = (Q(requested_by=user) & _case_or_child_visible(user)) | Q(case__allocated_to=user)
    if user.has_role(Role.TEAM_MANAGER):
        visible |= Q(case__team__in=list(user.team_ids))
    return visible


def _case_or_child_visible(user: User) -> Q:
    """Requests whose case the user may see on its page or, without a case, whose child they may
    (a child on no case, or on a case they may see: ``cases.permissions.visible_children``)."""
    seen = case_permissions.visible_cases(user)  # the case rule, read once (one statement for its grants)
    child_seen = ~Q(Exists(Case.objects.filter(child=OuterRef("child")))) | Q(
        Exists(seen.filter(child=OuterRef("child")))
    )
    return Q(case__in=seen.values("pk")) | (Q(case__isnull=True) & child_seen)


def visible_requests(user: User) -> QuerySet[InformationRequest]:
    return InformationRequest.objects.filter(request_visibility(user))


def can_ask(user: User, child: Child) -> bool:
    return user.has_role(Role.CASE_WORKER, Role.TEAM_MANAGER, Role.POLICE_OFFICER) and (
        case_permissions.can_view_child(user, child)
    )


def can_supply(user: User) -> bool:
    return user.is_active and user.has_role(Role.POLICE_OFFICER)


def can_withdraw(user: User, request: InformationRequest) -> bool:
    return request.requested_by_id == user.pk or (
        user.has_role(Role.TEAM_MANAGER) and request.case is not None and (request.case.team_id in user.team_ids)
    )


def can_close(user: User, request: InformationRequest) -> bool:
    """The police officer or the requester closes a supplied request."""
    return can_supply(user) or request.requested_by_id == user.pk


def can_complete_written(user: User, request: InformationRequest) -> bool:
    """The requester (or their manager) makes the written request that follows an urgent one."""
    return request.requested_by_id == user.pk or can_withdraw(user, request)


def can_manage_catalogue(user: User) -> bool:
    """Team managers add police systems (DESIGN.md §7); the head of service reads (§2)."""
    return user.has_role(Role.TEAM_MANAGER)


def can_audit(user: User) -> bool:
    """The audit view and exports: managers, the head of service and police officers."""
    return user.has_role(Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.POLICE_OFFICER)


def can_export_open_to_yjs(user: User) -> bool:
    return user.has_role(Role.POLICE_OFFICER, Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE)


def open_to_yjs_cases(user: User) -> QuerySet[Case]:
    """The open cases the "open to YJS" file lists for the user (DESIGN.md §12): police officers,
    for whom the list is made to flag on their own systems, every one; managers and the head of
    service the cases they may see on a page (a manager's teams, never another team's restricted case)."""
    if not can_export_open_to_yjs(user):
        return Case.objects.none()
    cases = Case.objects.filter(status=CaseStatus.OPEN)
    if user.is_superuser or user.has_role(Role.POLICE_OFFICER):
        return cases
    return cases.filter(case_permissions.case_visibility(user))
