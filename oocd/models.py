"""Out-of-court disposals decided jointly by a panel (DESIGN.md §3 "oocd").

Outcomes are data (``Outcome``): each carries the properties the rules read
(needs an admission, barred after a conviction, has conditions, is statutory),
so a new outcome such as a deferred prosecution needs no change to the rules.
"""

import pgtrigger
from django.db import models
from django.db.models import Q

from cases.models import Case, Child, GravityScore
from intelligence.models import InformationRequest
from yjs.database import append_only, append_only_triggers
from yjs.models import CatalogueEntry, DrawnSample, RecordedByStaff, ends_on_or_after, staff_member


class Outcome(CatalogueEntry):
    name = models.CharField(max_length=150)
    gravity_score = models.PositiveSmallIntegerField(
        choices=GravityScore.choices, help_text="The Child Gravity Matrix score this outcome corresponds to"
    )
    needs_admission = models.BooleanField(default=False)
    barred_after_conviction = models.BooleanField(default=False)
    has_conditions = models.BooleanField(default=False)
    statutory = models.BooleanField(default=False, help_text="Counts towards first-time entrants")


class ReferralSource(models.TextChoices):
    POLICE = "police", "Police"
    COURT = "court", "Sent back by a court"


class Referral(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="oocd_referrals")
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="oocd_referral")
    source = models.CharField(max_length=10, choices=ReferralSource.choices, default=ReferralSource.POLICE)
    referred_at = models.DateTimeField()
    referring_officer = models.CharField(max_length=150)
    gravity_score = models.PositiveSmallIntegerField(choices=GravityScore.choices)
    admitted = models.BooleanField(help_text="The child admitted the offence or accepted responsibility")
    previous_conviction = models.BooleanField(default=False)
    research_request = models.OneToOneField(
        InformationRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="oocd_referral"
    )
    # Before the panel: victims' views (or why not), the child's and the parent or carer's.
    has_victim = models.BooleanField(default=True)
    victim_views = models.TextField(blank=True)
    victim_contacted_at = models.DateTimeField(null=True, blank=True)
    victim_not_contacted_reason = models.TextField(blank=True)
    child_views = models.TextField(blank=True)
    parent_carer_views = models.TextField(blank=True)
    created_by = staff_member()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-referred_at", "-id"]
        indexes = [models.Index(fields=["referred_at"])]

    def __str__(self) -> str:
        return f"Referral of {self.child} ({self.referred_at:%d %b %Y})"


class Panel(models.Model):
    held_on = models.DateField()
    location = models.CharField(max_length=150, blank=True)
    chair = staff_member()
    referrals = models.ManyToManyField(Referral, through="PanelItem", related_name="panels")

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"Panel on {self.held_on:%d %B %Y}"


class PanelItem(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="items")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="panel_items")
    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["panel", "referral"], name="referral_once_per_panel")]

    def __str__(self) -> str:
        return f"{self.referral} at {self.panel}"


class Agency(models.TextChoices):
    POLICE = "police", "Police"
    YJS = "yjs", "Youth justice service"
    CHILDRENS_SOCIAL_CARE = "social_care", "Children's social care"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    VICTIM_SERVICE = "victim_service", "Victim service"
    OTHER = "other", "Other"


class PanelAttendee(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="attendees")
    user = staff_member(optional=True)
    name = models.CharField(max_length=150)
    agency = models.CharField(max_length=20, choices=Agency.choices)
    role = models.CharField(max_length=100)

    class Meta:
        ordering = ["agency", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_agency_display()})"


class Decision(RecordedByStaff):
    """The decision on a referral: a panel's, or the police's alone."""

    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="decision")
    panel = models.ForeignKey(Panel, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions")
    police_only = models.BooleanField(default=False, help_text="Given by the police without a joint panel")
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="decisions")
    decided_on = models.DateField()
    rationale = models.TextField()
    dissent = models.TextField(blank=True)
    departure_reason = models.TextField(blank=True, help_text="Why the outcome departs from the gravity score")

    # Youth conditional caution: the warning that failure may lead to prosecution.
    warning_given_at = models.DateTimeField(null=True, blank=True)
    appropriate_adult_name = models.CharField(max_length=150, blank=True)

    # Delivery.
    implications_explained_at = models.DateTimeField(
        null=True, blank=True, help_text="Implications explained to the child and parent or carer"
    )
    delivered_by = staff_member(optional=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    # The current signed document: the file of the latest SignedDocumentVersion, kept here
    # so that the many readers of "is it signed" need no join.
    signed_document = models.FileField(upload_to="oocd/signed/%Y/%m/", blank=True)
    signed_document_type = models.CharField(max_length=40, blank=True)
    victim_informed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        # The list's order (a day has many decisions: id breaks ties), so a page reads only its rows.
        indexes = [models.Index(fields=["decided_on", "id"], name="decision_newest_first")]
        constraints = [
            models.CheckConstraint(
                condition=Q(police_only=True, panel__isnull=True) | Q(police_only=False, panel__isnull=False),
                name="decision_is_a_panels_or_police_only",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outcome} for {self.referral.child}"

    @property
    def signed_document_locked(self) -> bool:
        """Once delivered, the signed document held is evidence: it can no longer be replaced."""
        return bool(self.delivered_at and self.signed_document)

    # Delivered only when every part of delivery is recorded (DESIGN.md §3): these, and the
    # victim told of the outcome when the referral has one. ``is_delivered`` reads them on one
    # decision, ``delivered`` as a filter: the one definition of "a decision is delivered".
    DELIVERY_RECORDED = ("implications_explained_at", "delivered_at", "delivered_by_id", "signed_document")

    @property
    def is_delivered(self) -> bool:
        """Every part of delivery recorded (``DELIVERY_RECORDED``), and the victim told if there is one."""
        recorded = all(getattr(self, part) for part in self.DELIVERY_RECORDED)
        return recorded and bool(self.victim_informed_at or not self.referral.has_victim)

    @classmethod
    def delivered(cls, *, decision: str = "", referral: str = "referral__") -> Q:
        """``is_delivered`` as a filter: on decisions by default; on referrals with
        ``decision="decision__", referral=""`` (the paths from the queried model)."""
        recorded = Q()
        for part in cls.DELIVERY_RECORDED:
            empty = "gt" if isinstance(cls._meta.get_field(part), models.FileField) else "isnull"
            recorded &= Q(**{f"{decision}{part}__{empty}": "" if empty == "gt" else False})
        victim_told = Q(**{f"{decision}victim_informed_at__isnull": False}) | Q(**{f"{referral}has_victim": False})
        return recorded & victim_told


@append_only  # the application's role holds no UPDATE, DELETE or TRUNCATE on it (yjs.database)
# Evidence is never overwritten (DESIGN.md §12): a replacement is a new row, never an edit.
@pgtrigger.register(*append_only_triggers("signed_document_versions", "the signed documents"))
class SignedDocumentVersion(models.Model):
    """One upload of a decision's signed disposal document; the latest is the current one."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="signed_document_versions")
    file = models.FileField(upload_to="oocd/signed/%Y/%m/", max_length=200)
    sha256 = models.CharField(max_length=64, blank=True, help_text="Blank only when the file was already missing")
    size = models.PositiveIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=40)
    # Null only for documents uploaded before versions were kept, whose uploader was not recorded.
    uploaded_by = staff_member(optional=True)
    uploaded_at = models.DateTimeField()
    removed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the file was deleted under the retention schedule"
    )

    class Meta:
        ordering = ["decision_id", "-uploaded_at", "-id"]
        indexes = [models.Index(fields=["decision", "-uploaded_at", "-id"], name="signed_document_newest_first")]

    def __str__(self) -> str:
        return f"Signed document for decision {self.decision_id} ({self.uploaded_at:%d %b %Y %H:%M})"


class ConditionStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    COMPLIED = "complied", "Complied with"
    FAILED = "failed", "Not complied with"


class Condition(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="conditions")
    description = models.TextField()
    end_date = models.DateField()
    status = models.CharField(max_length=20, choices=ConditionStatus.choices, default=ConditionStatus.IN_PROGRESS)
    compliance_notes = models.TextField(blank=True)

    class Meta:
        ordering = ["end_date", "id"]

    def __str__(self) -> str:
        return self.description[:60]


class ConditionFailure(RecordedByStaff):
    """Evidence of a wilful failure to comply, for the prosecution decision."""

    condition = models.ForeignKey(Condition, on_delete=models.PROTECT, related_name="failures")
    occurred_on = models.DateField()
    what_happened = models.TextField()
    reasons_given = models.TextField()
    considered_for_prosecution = models.BooleanField(default=False)
    prosecution_outcome = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["occurred_on", "id"]

    def __str__(self) -> str:
        return f"Failure on {self.occurred_on:%d %b %Y}"


class ScrutinySample(DrawnSample):
    period_start = models.DateField()
    period_end = models.DateField()
    percentage = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-drawn_at"]
        constraints = [
            ends_on_or_after(
                "period_start",
                "period_end",
                name="scrutiny_period_ends_after_it_starts",
                message="The end of the period must be on or after its start",
            ),
        ]

    def __str__(self) -> str:
        return f"Scrutiny sample {self.period_start:%d %b %Y} – {self.period_end:%d %b %Y}"


class ScrutinyItem(models.Model):
    sample = models.ForeignKey(ScrutinySample, on_delete=models.CASCADE, related_name="items")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="+")
    appropriate = models.BooleanField(null=True, blank=True)
    feedback = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["sample", "decision"], name="decision_once_per_sample")]

    def __str__(self) -> str:
        return f"{self.decision} in {self.sample}"


class FollowUpOutcome(models.TextChoices):
    SUPPORT_OFFERED = "support_offered", "Voluntary support offered"
    SUPPORT_ACCEPTED = "support_accepted", "Voluntary support offered and accepted"
    SUPPORT_DECLINED = "support_declined", "Voluntary support offered and declined"
    NOT_NEEDED = "not_needed", "No offer needed (reason given)"
    ALREADY_SUPPORTED = "already_supported", "Already supported by another service"


class FollowUp(models.Model):
    """The YJS's follow-up of a police out-of-court outcome given to a child it did not know
    (DESIGN.md §11): to consider an offer of voluntary support. Open, on the police officer's and
    managers' work lists, until someone records its outcome."""

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="follow_up")
    team = models.ForeignKey("yjs.Team", on_delete=models.PROTECT, related_name="oocd_follow_ups")
    opened_at = models.DateTimeField(auto_now_add=True)
    due_on = models.DateField()
    outcome = models.CharField(max_length=30, choices=FollowUpOutcome.choices, blank=True)
    outcome_note = models.TextField(blank=True)
    outcome_recorded_by = staff_member(optional=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["team", "due_on"], condition=Q(outcome=""), name="follow_up_open_by_team"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="", outcome_recorded_at__isnull=True)
                | (~Q(outcome="") & Q(outcome_recorded_at__isnull=False)),
                name="follow_up_outcome_recorded_with_its_time",
            ),
        ]

    def __str__(self) -> str:
        return f"Follow-up of {self.decision}"

    @property
    def is_open(self) -> bool:
        return not self.outcome
