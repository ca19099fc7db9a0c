"""Keeping the child and other people safe (DESIGN.md §9).

- Risk and vulnerability meetings (RVM): a case is referred **by rule** (``services.referrals``),
  once per trigger, or by a worker or manager with a reason; a manager may decline a referral
  with a reason. A meeting hears cases, records a decision for each (the levels agreed, external
  controls, contingency, next review) and actions with an owner and a due date.
- MAPPA and MARAC on the case; the child's children's social care status over time; the
  safeguarding referrals a case worker makes from case work.
"""

from django.db import models
from django.db.models import Q

from cases.models import Case, Child, Level
from yjs.models import RecordedByStaff, Team, ends_on_or_after, said_when, staff_member

# --- Referrals to the risk and vulnerability meeting ----------------------------------------------


class ReferralReason(models.TextChoices):
    ROSH = "rosh", "Risk of serious harm rated high or very high"
    SAFETY_WELLBEING = "safety_wellbeing", "Safety and wellbeing rated high or very high"
    THREAT_TO_LIFE = "threat_to_life", "Threat-to-life flag"
    WEAPONS = "weapons", "Weapons flag"
    ARREST = "arrest", "Arrested while risk or safety is medium or above"
    MAPPA = "mappa", "Became MAPPA-managed"
    MANUAL = "manual", "Referred by a worker or manager"


class ReferralStatus(models.TextChoices):
    AWAITING = "awaiting", "Awaiting a meeting"
    HEARD = "heard", "Heard"
    DECLINED = "declined", "Declined"


class Referral(models.Model):
    """A case referred to its team's risk and vulnerability meeting.

    An automatic referral names its trigger (``trigger``: the record that caused it, e.g.
    ``assessment:12``): the database holds one per case, reason and trigger, so a trigger seen
    twice refers once."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="risk_referrals")
    reason = models.CharField(max_length=20, choices=ReferralReason.choices)
    automatic = models.BooleanField(default=False)
    trigger = models.CharField(max_length=60, blank=True)
    detail = models.TextField(blank=True, help_text="What caused the referral, or why a person made it")
    referred_at = models.DateTimeField()
    referred_by = staff_member(optional=True)
    status = models.CharField(max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.AWAITING)
    declined_by = staff_member(optional=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["referred_at", "id"]
        indexes = [models.Index(fields=["status", "referred_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "reason", "trigger"],
                condition=Q(automatic=True),
                name="risk_referral_once_per_trigger",
            ),
            models.CheckConstraint(
                condition=Q(automatic=True) | ~Q(detail=""), name="risk_referral_manual_needs_a_reason"
            ),
            said_when("status", "declined", "decline_reason", name="risk_referral_decline_needs_a_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} – {self.case.child}"


# --- Meetings, the cases they hear, decisions and actions ----------------------------------------


class Meeting(RecordedByStaff):
    """A team's risk and vulnerability meeting."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="risk_meetings")
    held_on = models.DateField()
    chair = staff_member()
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"Risk and vulnerability meeting, {self.team}, {self.held_on:%d %B %Y}"


class Attendee(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(max_length=150)
    agency = models.CharField(max_length=150)
    role = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency})"


class Hearing(models.Model):
    """A case on a meeting's agenda, and once heard, the meeting's decision on it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="hearings")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="risk_hearings")
    referrals = models.ManyToManyField(Referral, blank=True, related_name="hearings")
    risk_of_serious_harm = models.CharField(
        "Risk of serious harm agreed", max_length=10, choices=Level.choices, blank=True
    )
    safety_and_wellbeing = models.CharField(
        "Safety and wellbeing agreed", max_length=10, choices=Level.choices, blank=True
    )
    external_controls = models.TextField(blank=True)
    contingency = models.TextField(blank=True)
    decision = models.TextField("What the meeting decided", blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    decided_by = staff_member(optional=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "case"], name="risk_hearing_once_per_meeting")]

    def __str__(self) -> str:
        return f"{self.case.child} at {self.meeting}"

    @property
    def is_decided(self) -> bool:
        return self.decided_at is not None


class Action(RecordedByStaff):
    """An action a meeting set: owned by a user or a named partner agency, due on a date."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="actions")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="risk_actions")
    description = models.TextField()
    owner = models.ForeignKey("yjs.User", null=True, blank=True, on_delete=models.PROTECT, related_name="risk_actions")
    owner_agency = models.CharField(max_length=150, blank=True)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    done_by = staff_member(optional=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["due_on"], condition=Q(done_on__isnull=True), name="risk_action_open_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=False) | ~Q(owner_agency=""), name="risk_action_has_an_owner"
            ),
        ]

    def __str__(self) -> str:
        return self.description[:60]


# --- MAPPA and MARAC ----------------------------------------------------------------------------


class MappaCategory(models.IntegerChoices):
    REGISTERED_SEXUAL_OFFENDER = 1, "Category 1 – registered sexual offender"
    VIOLENT_OFFENDER = 2, "Category 2 – violent offender"
    OTHER_DANGEROUS_OFFENDER = 3, "Category 3 – other dangerous offender"


class MappaLevel(models.IntegerChoices):
    ORDINARY = 1, "Level 1 – ordinary agency management"
    MULTI_AGENCY = 2, "Level 2 – multi-agency management"
    SENIOR_MULTI_AGENCY = 3, "Level 3 – multi-agency management, senior oversight"


class Mappa(RecordedByStaff):
    """A case's MAPPA management (multi-agency public protection arrangements)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="mappa")
    category = models.PositiveSmallIntegerField(choices=MappaCategory.choices)
    level = models.PositiveSmallIntegerField(choices=MappaLevel.choices)
    referred_on = models.DateField()
    managed_from = models.DateField(null=True, blank=True)
    managed_until = models.DateField(null=True, blank=True)
    next_meeting_on = models.DateField(null=True, blank=True)
    lead_agency = models.CharField(max_length=150)

    class Meta:
        ordering = ["-referred_on", "-id"]
        constraints = [
            ends_on_or_after("managed_from", "managed_until", name="mappa_ends_after_it_starts", open_ended=True),
        ]

    def __str__(self) -> str:
        return f"MAPPA {self.get_category_display()}, level {self.level} – {self.case.child}"


class Marac(RecordedByStaff):
    """A referral to a multi-agency risk assessment conference (domestic abuse)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="marac_referrals")
    referred_on = models.DateField()
    reference = models.CharField(max_length=60, blank=True)
    heard_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["-referred_on", "-id"]

    def __str__(self) -> str:
        return f"MARAC referral {self.reference or self.pk} – {self.case.child}"


# --- Children's social care and safeguarding ------------------------------------------------------


class SocialCare(models.TextChoices):
    NONE = "none", "No involvement"
    CHILD_IN_NEED = "child_in_need", "Child in need"
    CHILD_PROTECTION_PLAN = "child_protection_plan", "Child protection plan"
    LOOKED_AFTER = "looked_after", "Looked after"


class ProtectionCategory(models.TextChoices):
    NEGLECT = "neglect", "Neglect"
    PHYSICAL_ABUSE = "physical_abuse", "Physical abuse"
    SEXUAL_ABUSE = "sexual_abuse", "Sexual abuse"
    EMOTIONAL_ABUSE = "emotional_abuse", "Emotional abuse"
    MULTIPLE = "multiple", "Multiple"


class LegalBasis(models.TextChoices):
    SECTION_20 = "s20", "Accommodated by agreement (Children Act 1989 s20)"
    CARE_ORDER = "s31", "Care order (s31)"
    INTERIM_CARE_ORDER = "s38", "Interim care order (s38)"
    EMERGENCY_PROTECTION = "s44", "Emergency protection order (s44)"
    REMAND = "remand", "Remanded to local authority accommodation (LASPO 2012 s104)"
    PLACEMENT_ORDER = "placement_order", "Placement order"


class SocialCareStatus(RecordedByStaff):
    """The child's children's social care status from a date, until the next record's date."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="social_care_statuses")
    status = models.CharField(max_length=30, choices=SocialCare.choices)
    protection_category = models.CharField(max_length=20, choices=ProtectionCategory.choices, blank=True)
    legal_basis = models.CharField(max_length=20, choices=LegalBasis.choices, blank=True)
    from_date = models.DateField()
    local_authority = models.CharField(max_length=150, blank=True)
    social_worker = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-from_date", "-id"]
        constraints = [
            said_when("status", "child_protection_plan", "protection_category", name="social_care_plan_has_a_category"),
            said_when("status", "looked_after", "legal_basis", name="social_care_looked_after_has_a_basis"),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} from {self.from_date:%d %B %Y} – {self.child}"


class SafeguardingAgency(models.TextChoices):
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care (front door or MASH)"
    POLICE = "police", "Police"
    LADO = "lado", "Local authority designated officer (LADO)"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    NATIONAL_REFERRAL_MECHANISM = "nrm", "National Referral Mechanism (modern slavery)"
    OTHER = "other", "Other"


class SafeguardingReferral(RecordedByStaff):
    """A safeguarding referral a case worker made from case work."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="safeguarding_referrals")
    referred_to = models.CharField(max_length=30, choices=SafeguardingAgency.choices)
    referred_to_detail = models.CharField(max_length=200, blank=True)
    referred_on = models.DateField()
    concern = models.TextField()
    reference = models.CharField(max_length=60, blank=True)
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["-referred_on", "-id"]

    def __str__(self) -> str:
        return f"Safeguarding referral to {self.get_referred_to_display()} – {self.case.child}"
