import pgtrigger
from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.utils.functional import cached_property
from psycopg import sql

from .database import append_only, append_only_triggers
from .roles import Role


class Team(models.Model):
    """A team of the youth justice service (e.g. North, South)."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of staff or a service account. Roles are groups (see ``Role``)."""

    teams = models.ManyToManyField(Team, related_name="members", blank=True)
    job_title = models.CharField(max_length=150, blank=True)
    agency = models.CharField(max_length=150, blank=True, help_text="e.g. YJS, police, health")

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def set_password(self, raw_password: str | None) -> None:
        super().set_password(raw_password)
        # Read by yjs.signals after the save: a new password revokes the user's API tokens.
        self._password_changed = True

    def set_unusable_password(self) -> None:
        super().set_unusable_password()
        self._password_changed = True

    @cached_property
    def access(self) -> tuple[frozenset[str], frozenset[int]]:
        """The user's roles (their groups' names) and teams' ids, read once for the request in one
        statement: every permission check of every page and API call starts from them. An API
        request reads them with its token (``yjs.api.authentication``)."""
        if self.pk is None:
            return frozenset(), frozenset()
        with connection.cursor() as cursor:
            cursor.execute(_ACCESS_SQL, [self.pk, self.pk])
            roles, team_ids = cursor.fetchone()
        return frozenset(roles), frozenset(team_ids)

    @property
    def roles(self) -> frozenset[str]:
        return self.access[0]

    def has_role(self, *roles: Role) -> bool:
        return not self.roles.isdisjoint(roles)

    @property
    def team_ids(self) -> frozenset[int]:
        return self.access[1]


def access_columns(user_id: sql.Composable) -> sql.Composed:
    """The user's roles and team ids as two array columns (``roles``, ``team_ids``) of a statement,
    for the user whose id is ``user_id`` (a placeholder, or a column of the statement)."""
    return sql.SQL(
        "ARRAY(SELECT g.name FROM {group} g JOIN {user_groups} ug ON ug.group_id = g.id "
        "WHERE ug.user_id = {user_id}) AS roles, "
        "ARRAY(SELECT ut.team_id FROM {user_teams} ut WHERE ut.user_id = {user_id}) AS team_ids"
    ).format(
        group=sql.Identifier(Group._meta.db_table),
        user_groups=sql.Identifier(User.groups.through._meta.db_table),
        user_teams=sql.Identifier(User.teams.through._meta.db_table),
        user_id=user_id,
    )


# Plain SQL with quoted table names (psycopg's sql module), as text for Django's cursor.
_ACCESS_SQL = sql.SQL("SELECT {}").format(access_columns(sql.Placeholder())).as_string()


class AuditAction(models.TextChoices):
    CREATE = "create", "Created"
    UPDATE = "update", "Updated"
    DELETE = "delete", "Deleted"
    VIEW_SENSITIVE = "view_sensitive", "Viewed sensitive information"
    EXPORT = "export", "Exported"
    LOGIN = "login", "Signed in"
    LOGOUT = "logout", "Signed out"
    LOGIN_FAILED = "login_failed", "Sign-in failed"
    LOCKED_OUT = "locked_out", "Account locked after failed sign-ins"
    ANONYMISE = "anonymise", "Anonymised under the retention schedule"


@append_only  # the application's role holds no UPDATE, DELETE or TRUNCATE on it (yjs.database)
# Append-only: history cannot be rewritten by the application or by hand.
@pgtrigger.register(*append_only_triggers("audit", "the audit trail"))
class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # PROTECT: an account with history is deactivated, never deleted.
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_username = models.CharField(max_length=150, blank=True, help_text="As typed, for failed sign-ins")
    action = models.CharField(max_length=40, choices=AuditAction.choices, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_repr}"


# --- What the apps' models share ------------------------------------------------------------


def staff_member(*, optional: bool = False) -> models.ForeignKey:
    """The member of staff who did something to a record (wrote, countersigned, delivered it).
    PROTECT: an account with history is deactivated, never deleted; no reverse accessor."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, null=optional, blank=optional, on_delete=models.PROTECT, related_name="+"
    )


def ends_on_or_after(
    start: str, end: str, *, name: str, open_ended: bool = False, message: str | None = None
) -> models.CheckConstraint:
    """The database's own check that a period ends on or after it starts (``open_ended``: or
    has no end yet): a case, an order, a reporting period, a sample's period."""
    condition = models.Q(**{f"{end}__gte": models.F(start)})
    if open_ended:
        condition = models.Q(**{f"{end}__isnull": True}) | condition
    return models.CheckConstraint(condition=condition, name=name, violation_error_message=message)


def said_when(field: str, value: str, said: str, *, name: str, message: str | None = None) -> models.CheckConstraint:
    """The database's own check that a record whose ``field`` is ``value`` says more in ``said``
    (a relationship of "other" names it, a declined referral gives its reason)."""
    return models.CheckConstraint(
        condition=~models.Q(**{field: value}) | ~models.Q(**{said: ""}), name=name, violation_error_message=message
    )


class CatalogueEntry(models.Model):
    """An entry of a catalogue that managers keep (police systems, out-of-court outcomes): known by
    its code, listed by its position, and set inactive rather than deleted once records use it."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)
    active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class BackgroundJob(models.Model):
    """Work a Celery task does while a page follows it (a board report, a custody ingest):
    queued, running with its progress, then succeeded or failed with a message."""

    status = models.CharField(max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]


class DrawnSample(models.Model):
    """A random sample of records drawn for scrutiny or inspection: reproducible from its seed,
    with who drew it and when."""

    seed = models.CharField(max_length=64)
    drawn_by = staff_member()
    drawn_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class RecordedByStaff(models.Model):
    """A record a member of staff made: who, and when (PROTECT: an account with records is
    deactivated, never deleted)."""

    recorded_by = staff_member()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class NotificationKind(models.TextChoices):
    """What a person may be told of: each is listed in the application, and emailed unless the person
    chose not to (``NotificationPreference``)."""

    ARREST = "arrest", "A child you work with was held in police custody"
    POLICE_INFORMATION = "police_information", "Police information supplied about a child you work with"
    FLAG_RAISED = "flag_raised", "A flag raised on a child you work with"
    SOCIAL_CARE_ARREST = "social_care_arrest", "A looked-after child held in police custody"
    CUSTODY_DIGEST = "custody_digest", "The daily list of children in police custody"
    RETURNED_WORK = "returned_work", "Work returned to you by a manager"
    OVERDUE_ACTION = "overdue_action", "A risk meeting action overdue"
    POLICE_OUTCOME_FOLLOW_UP = "police_outcome_follow_up", "A police outcome for a child not known to the YJS"


class Notification(models.Model):
    """One thing told to one person: listed in the application (read or not), and emailed when they
    want email of its kind. ``link`` is the path of the page it is about."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40, choices=NotificationKind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_newest_first"),
            models.Index(fields=["recipient"], condition=models.Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self) -> str:
        return self.subject


class NotificationPreference(models.Model):
    """A person's choice of email for one kind of notification (no row: email). The application
    lists every notification whatever the choice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=40, choices=NotificationKind.choices)
    email = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {'email' if self.email else 'no email'}"
