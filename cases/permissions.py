"""Who may see and do what with case records: the one place these rules live.

Pages, API, selectors and services all ask here (DESIGN.md §2):

- case workers: their teams' cases, a restricted case only when allocated to it;
- team managers: everything in their teams;
- police officers: every child's identity and flags, no case records;
- victim workers: the cases that have victims, in their teams, and the victims;
- head of service: everything, read only;
- board members and API clients: no named child.

A user may also be given a single case through a django-guardian object
permission (``cases.view_case``), e.g. a worker covering a restricted case.
"""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.aggregates import BoolOr
from django.db import connection
from django.db.models import BooleanField, Exists, Model, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models import Case as CaseWhen
from django.db.models.functions import Coalesce
from guardian.models import GroupObjectPermission, UserObjectPermission
from psycopg import sql

from yjs.models import User
from yjs.roles import Role

from .models import Case, CaseStatus, CaseType, Child, Victim

CHILD_CREATOR_ROLES = (Role.CASE_WORKER, Role.TEAM_MANAGER)

# Plain SQL with quoted table names (psycopg's sql module), as text for Django's cursor.
_GUARDIAN_CASE_IDS_SQL = (
    sql.SQL(
        "SELECT p.object_pk FROM {user_permission} p WHERE p.user_id = %(user)s AND p.permission_id = ({view_case}) "
        "UNION SELECT p.object_pk FROM {group_permission} p JOIN {user_groups} ug ON ug.group_id = p.group_id "
        "WHERE ug.user_id = %(user)s AND p.permission_id = ({view_case})"
    )
    .format(
        user_permission=sql.Identifier(UserObjectPermission._meta.db_table),
        group_permission=sql.Identifier(GroupObjectPermission._meta.db_table),
        user_groups=sql.Identifier(User.groups.through._meta.db_table),
        view_case=sql.SQL(
            "SELECT p.id FROM {permission} p JOIN {content_type} t ON t.id = p.content_type_id "
            "WHERE p.codename = 'view_case' AND t.app_label = 'cases' AND t.model = 'case'"
        ).format(
            permission=sql.Identifier(Permission._meta.db_table),
            content_type=sql.Identifier(ContentType._meta.db_table),
        ),
    )
    .as_string()
)


def _guardian_case_ids(user: User) -> list[int]:
    """Cases shared with the user one by one (``cases.view_case``, to them or to a group of theirs),
    as a list: a subquery here would be re-planned into every visibility check (slow at scale).
    One plain statement: it runs on every request that reads a case, and building it through
    the ORM cost more than running it."""
    with connection.cursor() as cursor:
        cursor.execute(_GUARDIAN_CASE_IDS_SQL, {"user": user.pk})
        return [int(pk) for (pk,) in cursor.fetchall()]


def case_visibility(user: User) -> Q:
    """A filter on Case: the cases this user may read."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser or user.has_role(Role.HEAD_OF_SERVICE):
        return Q()
    teams = list(user.team_ids)
    visible = Q(pk__in=_guardian_case_ids(user))
    if user.has_role(Role.TEAM_MANAGER):
        visible |= Q(team__in=teams)
    if user.has_role(Role.CASE_WORKER):
        visible |= Q(team__in=teams, restricted=False) | Q(allocated_to=user)
    if user.has_role(Role.VICTIM_WORKER):
        # Exists rather than a join, so that a case with several victims is one row.
        visible |= Q(Exists(Victim.objects.filter(case=OuterRef("pk"))), team__in=teams, restricted=False)
    return visible


def visible_cases(user: User) -> QuerySet[Case]:
    return Case.objects.filter(case_visibility(user))


def sees_every_child(user: User) -> bool:
    return user.is_superuser or user.has_role(Role.HEAD_OF_SERVICE, Role.POLICE_OFFICER)


def visible_children(user: User) -> QuerySet[Child]:
    """Children this user may see: through a visible case, or not yet on any case."""
    if not user.is_authenticated or not user.is_active:
        return Child.objects.none()
    if sees_every_child(user):
        return Child.objects.all()
    if not user.has_role(Role.CASE_WORKER, Role.TEAM_MANAGER, Role.VICTIM_WORKER):
        return Child.objects.none()
    if user.has_role(Role.CASE_WORKER, Role.TEAM_MANAGER):
        # Visible unless every one of the child's cases is hidden (no case: NULL, visible).
        return Child.objects.filter(Coalesce(_any_case_visible(user), Value(True)))
    # Correlated, so each child probes its own cases by index (not all visible cases).
    return Child.objects.filter(Exists(visible_cases(user).filter(child=OuterRef("pk"))))


def _any_case_visible(user: User) -> Subquery:
    """Per child: whether any of its cases is visible to the user; NULL when it has none.

    One correlated aggregate, probed per child through the cases' child index, so a page of
    children costs a page of probes. (Written as "a visible case exists, or no case does",
    PostgreSQL hashes every visible case and every case before the first row: 40 ms a page
    for a case worker on a large service.)"""
    # CASE WHEN, not the condition itself: SQL's NULL (a case allocated to nobody) would be no answer.
    visible = CaseWhen(When(case_visibility(user), then=Value(True)), default=Value(False), output_field=BooleanField())
    return Subquery(
        Case.objects.filter(child=OuterRef("pk"))
        .order_by()
        .values("child")
        .annotate(seen=BoolOr(visible))
        .values("seen")
    )


def can_view_case(user: User, case: Case) -> bool:
    return visible_cases(user).filter(pk=case.pk).exists()


def can_view_child(user: User, child: Child) -> bool:
    return visible_children(user).filter(pk=child.pk).exists()


def can_see_case_records(user: User) -> bool:
    """Police officers see identities and flags, not assessments, plans or contacts."""
    return user.is_superuser or user.has_role(
        Role.CASE_WORKER, Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.VICTIM_WORKER
    )


def record_visible_cases(user: User) -> QuerySet[Case]:
    """The cases whose records (assessments, plans, family, risk, court work, interventions) the
    user may read: the cases they may see, none for those who see no case records (police, board)."""
    if not can_see_case_records(user):
        return Case.objects.none()
    return visible_cases(user)


def visible_records(model: type[Model], user: User, *, through: str = "case") -> QuerySet:
    """The rows of ``model`` hanging off a case (``through``: the path to it) whose records the user
    may read; none for users who see no case records (police, board)."""
    if not can_see_case_records(user):
        return model.objects.none()
    return model.objects.filter(**{f"{through}__in": visible_cases(user).values("pk")})


def record_visible_children(user: User) -> QuerySet[Child]:
    """The children with a case whose records the user may read."""
    return Child.objects.filter(pk__in=record_visible_cases(user).values("child"))


def can_view_case_records(user: User, case: Case) -> bool:
    """Whether the user may read this case's records."""
    return can_see_case_records(user) and can_view_case(user, case)


def can_view_child_records(user: User, child: Child) -> bool:
    """Whether the user may read the records of one of this child's cases."""
    return record_visible_cases(user).filter(child=child).exists()


def can_keep_team_lists(user: User) -> bool:
    """Keep a service's shared lists (the interventions catalogue, community panel volunteers): team
    managers and the head of service."""
    return user.is_active and (user.is_superuser or user.has_role(Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE))


def can_read_team_lists(user: User) -> bool:
    """Read those lists: whoever may read case records."""
    return user.is_active and can_see_case_records(user)


def can_work_on_case(user: User, case: Case) -> bool:
    """Record assessments, plans, reviews, contacts and victims on a case."""
    if not case.is_open or not user.has_role(Role.CASE_WORKER, Role.TEAM_MANAGER):
        return False
    return can_view_case(user, case)


def can_work_for_child(user: User, child: Child) -> bool:
    """Record what is the child's (their family, needs, hearings): case workers and managers,
    through one of the child's open cases they may work on."""
    if not user.has_role(Role.CASE_WORKER, Role.TEAM_MANAGER):
        return False
    return visible_cases(user).filter(child=child, status=CaseStatus.OPEN).exists()


def can_change_child(user: User) -> bool:
    """Change a child's record (identity, address, looked-after status, social worker): YJS staff who
    add children. Which child: one the user may see (``can_view_child``)."""
    return user.has_role(*CHILD_CREATOR_ROLES)


def can_open_case(user: User, team_id: int, case_type: str | None = None) -> bool:
    """YJS staff open cases for their teams; a police officer's OOCD referral opens a diversion case."""
    if team_id not in user.team_ids:
        return False
    if case_type == CaseType.DIVERSION and user.has_role(Role.POLICE_OFFICER):
        return True
    return user.has_role(Role.CASE_WORKER, Role.TEAM_MANAGER)


def can_manage_case(user: User, case: Case) -> bool:
    """Allocate, restrict, transfer and close: the team's managers."""
    return user.has_role(Role.TEAM_MANAGER) and case.team_id in user.team_ids


def can_record_offences(user: User, case: Case) -> bool:
    """Offences are recorded on an open case by those who work on it."""
    return can_work_on_case(user, case)


def can_countersign(user: User, case: Case, author_id: int | None) -> bool:
    """Managers of the case's team countersign; never their own work."""
    return can_manage_case(user, case) and author_id != user.pk


def can_see_dashboard(user: User) -> bool:
    """The team dashboard (its figures and lists are of the user's own teams)."""
    return user.is_superuser or user.has_role(Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE)


def can_see_victim_contact_details(user: User) -> bool:
    return user.has_role(Role.VICTIM_WORKER)


def can_manage_victims(user: User, case: Case) -> bool:
    return (
        case.is_open
        and (user.has_role(Role.VICTIM_WORKER) or can_work_on_case(user, case))
        and can_view_case(user, case)
    )


def can_ask_police(user: User) -> bool:
    """Whether the child record offers "Ask the police officer" (intelligence.permissions.can_ask
    decides the request itself; cases does not depend on intelligence)."""
    return user.has_role(Role.CASE_WORKER, Role.TEAM_MANAGER)


def can_refer_for_diversion(user: User) -> bool:
    """Whether the child record offers an out-of-court disposal referral (oocd.permissions.can_refer
    decides the referral itself)."""
    return user.has_role(Role.POLICE_OFFICER, Role.CASE_WORKER, Role.TEAM_MANAGER)


def can_raise_flag(user: User) -> bool:
    return user.has_role(Role.CASE_WORKER, Role.TEAM_MANAGER, Role.POLICE_OFFICER)


def can_export_subject_access(user: User) -> bool:
    """Everything held about a child, as a PDF for a subject access request: the head of service
    (DESIGN.md §2 has no data protection officer role; the head of service answers requests)."""
    return user.is_active and (user.is_superuser or user.has_role(Role.HEAD_OF_SERVICE))
