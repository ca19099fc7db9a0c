"""Children in police custody, from the daily feed (DESIGN.md §3 "custody", §5)."""

from django.db import models
from django.db.models.functions import Lower

from cases.models import Child
from yjs.database import append_only
from yjs.models import BackgroundJob, JobStatus, staff_member


class CustodyOutcome(models.TextChoices):
    CHARGED_DETAINED = "charged_detained", "Charged and detained"
    CHARGED_BAILED = "charged_bailed", "Charged and bailed"
    BAILED = "bailed", "Bailed"
    RELEASED_UNDER_INVESTIGATION = "released_under_investigation", "Released under investigation"
    NFA = "nfa", "No further action"
    COMMUNITY_RESOLUTION = "community_resolution", "Community resolution"
    YOUTH_CAUTION = "youth_caution", "Youth caution"
    YOUTH_CONDITIONAL_CAUTION = "youth_conditional_caution", "Youth conditional caution"
    VOLUNTARY_ATTENDANCE = "voluntary_attendance", "Voluntary attendance"


class ScreeningStatus(models.TextChoices):
    OFFERED = "offered", "Offered"
    DECLINED = "declined", "Declined"
    COMPLETED = "completed", "Completed"
    UNAVAILABLE = "unavailable", "Unavailable"


class S386Status(models.TextChoices):
    REQUESTED = "requested", "Requested"
    SECURED = "secured", "Secured"
    NOT_SECURED = "not_secured", "Not secured"


class MatchStatus(models.TextChoices):
    MATCHED = "matched", "Matched to a child"
    REVIEW = "review", "Waiting for review"
    CREATED = "created", "New child, not known to the YJS"


class CustodyRecord(models.Model):
    force_code = models.CharField(max_length=10)
    custody_ref = models.CharField(max_length=40)
    suite = models.CharField(max_length=100, blank=True)
    detained_at = models.DateTimeField()
    charged_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)

    # The child as recorded by the police.
    surname = models.CharField(max_length=100)
    forenames = models.CharField(max_length=150)
    date_of_birth = models.DateField()
    gender = models.CharField(max_length=1, blank=True)
    ethnicity = models.CharField(max_length=2, blank=True)
    pnc_id = models.CharField(max_length=20, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    home_local_authority = models.CharField(max_length=100, blank=True)
    looked_after = models.BooleanField(null=True, blank=True)
    responsible_local_authority = models.CharField(max_length=100, blank=True)

    offences = models.JSONField(default=list, blank=True)
    outcome = models.CharField(max_length=40, choices=CustodyOutcome.choices, blank=True)
    aa_requested_at = models.DateTimeField("Appropriate adult requested", null=True, blank=True)
    aa_arrived_at = models.DateTimeField("Appropriate adult arrived", null=True, blank=True)
    ld_screening = models.CharField(
        "Liaison and diversion screening", max_length=20, choices=ScreeningStatus.choices, blank=True
    )
    s38_6 = models.CharField("PACE s38(6) transfer", max_length=20, choices=S386Status.choices, blank=True)

    child = models.ForeignKey(Child, null=True, blank=True, on_delete=models.PROTECT, related_name="custody_records")
    match_status = models.CharField(max_length=20, choices=MatchStatus.choices)
    match_score = models.FloatField(null=True, blank=True)
    # A digest of the row's values: a re-ingested identical row is "unchanged".
    row_hash = models.CharField(max_length=64)
    first_seen_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    ingest_run = models.ForeignKey("IngestRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    # What happened next (custody.notifications): the digest that listed the record, and the
    # police-only decision its out-of-court outcome became (or why it could not be recorded).
    digest = models.ForeignKey("DigestRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="records")
    police_decision = models.OneToOneField(
        "oocd.Decision", null=True, blank=True, on_delete=models.SET_NULL, related_name="custody_record"
    )
    police_decision_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-detained_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["force_code", "custody_ref"], name="custody_record_unique_per_force"),
        ]
        indexes = [
            # With what the board report's custody figures read, so a year of them is counted from
            # the index alone (an index-only scan: twice as fast over 500,000 records).
            models.Index(
                fields=["detained_at"],
                include=["id", "released_at", "charged_at", "aa_requested_at", "aa_arrived_at", "outcome", "s38_6"],
                name="custody_record_detained_idx",
            ),
            models.Index(fields=["first_seen_at"]),
            # The list's suite filter: the few suites found from the index (custody.selectors.suites).
            models.Index(fields=["suite"], name="custody_record_suite_idx"),
            # The review queue (oldest first) and the list's "waiting for review" filter (newest
            # first): only the few records waiting are indexed, not every record's status.
            models.Index(
                fields=["detained_at", "id"],
                condition=models.Q(match_status="review"),
                name="custody_record_review_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.force_code}/{self.custody_ref} {self.forenames} {self.surname}"

    # Derived figures (DESIGN.md §3): never typed.
    @property
    def hours_detained(self) -> float | None:
        if not self.released_at:
            return None
        return round((self.released_at - self.detained_at).total_seconds() / 3600, 1)

    @property
    def appropriate_adult_wait_hours(self) -> float | None:
        if not (self.aa_requested_at and self.aa_arrived_at):
            return None
        return round((self.aa_arrived_at - self.aa_requested_at).total_seconds() / 3600, 1)

    @property
    def hours_held_after_charge(self) -> float | None:
        if not (self.charged_at and self.released_at):
            return None
        return round((self.released_at - self.charged_at).total_seconds() / 3600, 1)


@append_only
class CustodyRecordChange(models.Model):
    """The history of a record: what a later row changed."""

    record = models.ForeignKey(CustodyRecord, on_delete=models.CASCADE, related_name="changes")
    changed_at = models.DateTimeField(auto_now_add=True)
    ingest_run = models.ForeignKey("IngestRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    changes = models.JSONField(help_text='{"field": [old, new]}')

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"Change to {self.record}"


class MatchCandidate(models.Model):
    """A possible child for a record waiting in the review queue."""

    record = models.ForeignKey(CustodyRecord, on_delete=models.CASCADE, related_name="candidates")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()

    class Meta:
        ordering = ["-score"]
        constraints = [models.UniqueConstraint(fields=["record", "child"], name="match_candidate_unique")]

    def __str__(self) -> str:
        return f"{self.child} for {self.record} ({self.score:.0f})"


RunStatus = JobStatus  # an ingest run is a background job (yjs.models)


class IngestSource(models.TextChoices):
    DROP_FOLDER = "drop_folder", "Drop folder"
    UPLOAD = "upload", "Upload"
    API = "api", "API"


class IngestRun(BackgroundJob):
    source = models.CharField(max_length=20, choices=IngestSource.choices)
    file_name = models.CharField(max_length=255, blank=True)
    file = models.FileField(upload_to="custody/uploads/%Y/%m/", blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0, help_text="Adults: counted, not errors")
    rejected = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True, help_text='[{"line": n, "reason": "..."}]')
    # Rows of a record given again later in the same file: the record is loaded once, from its
    # last row; with the other counts, every row read is counted once.
    repeated = models.PositiveIntegerField(default=0, help_text="Rows repeating a record given earlier in the file")
    repeated_rows = models.JSONField(
        default=list, blank=True, help_text='[{"line": n, "repeats": the line of the record\'s first row}]'
    )
    started_by = staff_member(optional=True)
    # Saved with every batch's progress: a running run that stops being updated was interrupted.
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Ingest {self.file_name or self.get_source_display()} ({self.get_status_display()})"


class LocalAuthorityInbox(models.Model):
    """A local authority's children's services duty inbox, kept by managers: told when a
    looked-after child is in custody and the child's own social worker is not known."""

    name = models.CharField(
        "Local authority", max_length=100, help_text="As the police write the responsible local authority, e.g. Leeds"
    )
    email = models.EmailField("Duty inbox email address")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="local_authority_inbox_name_unique",
                violation_error_message="There is already a duty inbox for this local authority",
            )
        ]

    def __str__(self) -> str:
        return self.name


class DigestRun(models.Model):
    """One daily digest email: the records it listed point to it, so each is listed once."""

    since = models.DateTimeField(null=True, blank=True, help_text="The previous digest's time")
    up_to = models.DateTimeField()
    sent_at = models.DateTimeField(auto_now_add=True)
    record_count = models.PositiveIntegerField(default=0)
    recipients = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-up_to", "-id"]

    def __str__(self) -> str:
        return f"Custody digest up to {self.up_to:%Y-%m-%d %H:%M}"


class NoticeKind(models.TextChoices):
    CASE_WORKER = "case_worker", "Allocated case worker, with a review task"
    SOCIAL_WORKER = "social_worker", "Looked-after child's social worker"
    DUTY_INBOX = "duty_inbox", "Local authority duty inbox"


class CustodyNotice(models.Model):
    """Who was told about a record, and when: each told once (DESIGN.md §3 notifications)."""

    record = models.ForeignKey(CustodyRecord, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    review = models.ForeignKey("cases.Review", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recipient = models.EmailField(blank=True, help_text="Empty: no one to email (e.g. an unallocated case)")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "kind", "case"], name="custody_notice_once", nulls_distinct=False
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} told about {self.record}"
