"""Case records: children, their cases and the work done with them (DESIGN.md §3).

Victims' contact details live in ``VictimContactDetails``, apart from the victim's
link to a case, so that a case worker can see that a case has a victim and what
the victim wants without ever receiving the address or phone number.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from yjs.models import RecordedByStaff, Team, ends_on_or_after, staff_member


class Gender(models.TextChoices):
    MALE = "M", "Male"
    FEMALE = "F", "Female"
    OTHER = "X", "Other or not stated"


class Ethnicity(models.TextChoices):
    """The 18+1 self-defined ethnicity categories used by the police and the YJB."""

    WHITE_BRITISH = "W1", "White: English, Welsh, Scottish, Northern Irish or British"
    WHITE_IRISH = "W2", "White: Irish"
    WHITE_GYPSY_TRAVELLER = "W3", "White: Gypsy or Irish Traveller"
    WHITE_OTHER = "W9", "White: any other White background"
    MIXED_WHITE_BLACK_CARIBBEAN = "M1", "Mixed: White and Black Caribbean"
    MIXED_WHITE_BLACK_AFRICAN = "M2", "Mixed: White and Black African"
    MIXED_WHITE_ASIAN = "M3", "Mixed: White and Asian"
    MIXED_OTHER = "M9", "Mixed: any other Mixed or multiple background"
    ASIAN_INDIAN = "A1", "Asian: Indian"
    ASIAN_PAKISTANI = "A2", "Asian: Pakistani"
    ASIAN_BANGLADESHI = "A3", "Asian: Bangladeshi"
    ASIAN_CHINESE = "A4", "Asian: Chinese"
    ASIAN_OTHER = "A9", "Asian: any other Asian background"
    BLACK_CARIBBEAN = "B1", "Black: Caribbean"
    BLACK_AFRICAN = "B2", "Black: African"
    BLACK_OTHER = "B3", "Black: any other Black, African or Caribbean background"
    OTHER_ARAB = "O1", "Other: Arab"
    OTHER_ANY = "O9", "Other: any other ethnic group"
    NOT_STATED = "NS", "Not stated"


class EducationStatus(models.TextChoices):
    SCHOOL = "school", "In school"
    ALTERNATIVE_PROVISION = "alternative_provision", "Alternative provision"
    ELECTIVE_HOME_EDUCATION = "elective_home_education", "Electively home educated"
    COLLEGE = "college", "At college"
    TRAINING = "training", "In training or an apprenticeship"
    EMPLOYMENT = "employment", "In employment"
    NEET = "neet", "Not in education, employment or training"
    EXCLUDED = "excluded", "Excluded"
    UNKNOWN = "unknown", "Not known"


class Child(models.Model):
    surname = models.CharField(max_length=100)
    forenames = models.CharField(max_length=150)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    gender = models.CharField(max_length=1, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(max_length=2, choices=Ethnicity.choices, default=Ethnicity.NOT_STATED)

    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    home_local_authority = models.CharField(max_length=100, blank=True)

    pnc_id = models.CharField("PNC ID", max_length=20, blank=True)
    police_local_ids = ArrayField(models.CharField(max_length=40), default=list, blank=True)

    looked_after = models.BooleanField(default=False)
    responsible_local_authority = models.CharField(max_length=100, blank=True)
    social_worker_name = models.CharField(max_length=150, blank=True)
    social_worker_email = models.EmailField(blank=True)
    social_worker_phone = models.CharField(max_length=30, blank=True)

    education_status = models.CharField(
        "Education, training or employment", max_length=30, choices=EducationStatus.choices, default="unknown"
    )
    special_educational_needs = models.BooleanField("SEND", default=False)
    education_health_care_plan = models.BooleanField("EHCP", default=False)

    # False for a child created from custody data until a case opens.
    known_to_yjs = models.BooleanField(default=True)
    # Set when the retention schedule anonymised the record (governance.retention).
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "children"
        ordering = ["surname", "forenames"]
        constraints = [
            models.UniqueConstraint(
                fields=["pnc_id"],
                condition=~Q(pnc_id=""),
                name="child_pnc_id_unique",
                violation_error_message="Another child already has this PNC ID",
            ),
        ]
        indexes = [
            models.Index(fields=["date_of_birth"]),
            # The custody ingest re-reads the children changed since its last batch.
            models.Index(fields=["updated_at"]),
            models.Index(fields=["surname", "forenames"]),
            models.Index(fields=["pnc_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.forenames} {self.surname}"

    @property
    def full_name(self) -> str:
        return str(self)


class ChildAlias(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="aliases")
    surname = models.CharField(max_length=100)
    forenames = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name_plural = "child aliases"

    def __str__(self) -> str:
        return f"{self.forenames} {self.surname}".strip()


class ChildSearchKey(models.Model):
    """One search key of a child's name (see cases.search): many rows per child.

    Derived data, written in bulk (a custody extract can bring tens of thousands of new
    children): no database foreign key to check at commit (Django still deletes a child's
    keys with it) and no unique index; ``child_search_keys_refresh`` writes each key once.
    """

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    key = models.CharField(max_length=40)

    class Meta:
        indexes = [models.Index(fields=["key", "child"])]

    def __str__(self) -> str:
        return self.key


class CaseType(models.TextChoices):
    PREVENTION = "prevention", "Prevention"
    DIVERSION = "diversion", "Diversion (out-of-court disposal)"
    REFERRAL_ORDER = "referral_order", "Referral order"
    YOUTH_REHABILITATION_ORDER = "youth_rehabilitation_order", "Youth rehabilitation order"
    DETENTION_AND_TRAINING_ORDER = "detention_and_training_order", "Detention and training order"
    REMAND = "remand", "Remand"
    BAIL_SUPPORT = "bail_support", "Bail support"


COURT_ORDER_TYPES = {
    CaseType.REFERRAL_ORDER,
    CaseType.YOUTH_REHABILITATION_ORDER,
    CaseType.DETENTION_AND_TRAINING_ORDER,
}


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    TRANSFERRED = "transferred", "Transferred to another service"


class Case(models.Model):
    """One episode of YJS work with a child."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="cases")
    case_type = models.CharField(max_length=40, choices=CaseType.choices)
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="cases")
    allocated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="allocated_cases"
    )
    restricted = models.BooleanField(
        default=False, help_text="Only the allocated case worker, their managers and the head of service see it"
    )
    start_date = models.DateField()
    order_end_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = staff_member()

    class Meta:
        ordering = ["-start_date", "-id"]
        indexes = [
            # The default order: a page of a list of cases read from the index, not a sort of all of them.
            models.Index(fields=["-start_date", "-id"], name="case_newest_first"),
            models.Index(fields=["team", "status"]),
            models.Index(fields=["allocated_to", "status"]),
        ]
        constraints = [
            ends_on_or_after("start_date", "end_date", name="case_ends_after_it_starts", open_ended=True),
            ends_on_or_after(
                "start_date",
                "order_end_date",
                name="case_order_ends_after_it_starts",
                open_ended=True,
                message="The order end date must be the same as or after the start date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_case_type_display()} – {self.child}"

    @property
    def is_open(self) -> bool:
        return self.status == CaseStatus.OPEN


class GravityScore(models.IntegerChoices):
    """The 2023 Child Gravity Matrix."""

    NO_FURTHER_ACTION = 1, "1 – no further action"
    INFORMAL = 2, "2 – informal out-of-court disposal"
    YOUTH_CAUTION = 3, "3 – youth caution"
    YOUTH_CONDITIONAL_CAUTION = 4, "4 – youth conditional caution"
    CHARGE = 5, "5 – normally charge"


class Offence(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="offences")
    offence_date = models.DateField()
    description = models.CharField(max_length=300)
    offence_group = models.CharField("Home Office offence group", max_length=100, blank=True)
    gravity_score = models.PositiveSmallIntegerField(
        choices=GravityScore.choices, null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    outcome = models.CharField(max_length=100, blank=True)
    departure_reason = models.TextField(blank=True, help_text="Why the decision departs from the gravity score")

    class Meta:
        ordering = ["offence_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(gravity_score__isnull=True) | Q(gravity_score__gte=1, gravity_score__lte=5),
                name="offence_gravity_score_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return self.description


class AssessmentType(models.TextChoices):
    ASSET_PLUS = "asset_plus", "AssetPlus"
    DIVERSION = "diversion", "Out-of-court disposal diversion assessment"
    PREVENTION = "prevention", "Prevention assessment"


class AssessmentReason(models.TextChoices):
    INITIAL = "initial", "Initial assessment"
    REVIEW = "review", "Review of the assessment"
    SIGNIFICANT_EVENT = "significant_event", "Reassessment after a significant event"


class Level(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    VERY_HIGH = "very_high", "Very high"


class Countersigned(models.Model):
    """A record a manager of the case's team countersigns (``services.assessments``): final once signed."""

    countersigned_by = staff_member(optional=True)
    countersigned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class Assessment(Countersigned):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    assessment_type = models.CharField(max_length=20, choices=AssessmentType.choices)
    reason = models.CharField(max_length=20, choices=AssessmentReason.choices, default=AssessmentReason.INITIAL)
    # The significant-event review that found the assessment no longer holds, when it started this one.
    review = models.ForeignKey("Review", null=True, blank=True, on_delete=models.SET_NULL, related_name="reassessments")
    likelihood_of_reoffending = models.CharField(
        max_length=10, choices=[c for c in Level.choices if c[0] != Level.VERY_HIGH], blank=True
    )
    risk_of_serious_harm = models.CharField(
        "Risk of serious harm to others", max_length=10, choices=Level.choices, blank=True
    )
    safety_and_wellbeing = models.CharField(max_length=10, choices=Level.choices, blank=True)
    child_view = models.TextField("The child's own view", blank=True)
    self_assessment_captured = models.BooleanField(default=False)
    trauma_noted = models.BooleanField("Trauma and adverse experiences noted", default=False)
    social_media_component = models.BooleanField("Social media component to the offence", default=False)
    summary = models.TextField(blank=True)
    due_date = models.DateField()
    completed_date = models.DateField(null=True, blank=True)
    completed_by = staff_member(optional=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-due_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(countersigned_at__isnull=True) | Q(completed_date__isnull=False),
                name="assessment_countersigned_only_when_completed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_assessment_type_display()} for {self.case.child}"


class Plan(Countersigned):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plans")
    assessment = models.ForeignKey(Assessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="plans")
    external_controls = models.TextField("External controls", blank=True)
    contingency = models.TextField("Contingency for risk of harm and safety", blank=True)
    risk_meeting_decisions = models.TextField(blank=True)
    written_by = staff_member()
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-written_at"]

    def __str__(self) -> str:
        return f"Plan for {self.case.child}"


class Returned(models.Model):
    """A manager returned an assessment or a plan to its author with written feedback; the loop
    is kept: who returned it, when and why, and when the author resubmitted it."""

    assessment = models.ForeignKey(Assessment, null=True, blank=True, on_delete=models.CASCADE, related_name="returns")
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.CASCADE, related_name="returns")
    feedback = models.TextField()
    returned_by = staff_member()
    returned_at = models.DateTimeField(auto_now_add=True)
    resubmitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["returned_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(assessment__isnull=False, plan__isnull=True)
                | Q(assessment__isnull=True, plan__isnull=False),
                name="returned_is_an_assessment_or_a_plan",
            ),
            models.CheckConstraint(condition=~Q(feedback=""), name="returned_has_feedback"),
        ]

    def __str__(self) -> str:
        return f"Returned {self.assessment or self.plan}"

    @property
    def is_open(self) -> bool:
        return self.resubmitted_at is None


class PlanTarget(models.Model):
    """One of the child's own targets ("my targets")."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    what = models.TextField()
    who = models.CharField(max_length=200)
    by_when = models.DateField()
    how_i_will_know = models.TextField("How the child will know it is done")
    achieved_at = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["by_when", "id"]

    def __str__(self) -> str:
        return self.what[:60]


class ReviewTrigger(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    NEW_ARREST = "new_arrest", "New arrest (custody data)"
    NEW_INTELLIGENCE = "new_intelligence", "New intelligence"
    THREAT_TO_LIFE = "threat_to_life", "Threat-to-life notice"
    WEAPONS = "weapons", "Weapons flag raised"
    MISSING = "missing", "Missing episode flag raised"
    EXPLOITATION = "exploitation", "Exploitation flag raised"
    OTHER_SIGNIFICANT_EVENT = "other_significant_event", "Other significant event"


class Review(models.Model):
    """A review of the assessment and plan; a significant event opens one as a task."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reviews")
    trigger = models.CharField(max_length=30, choices=ReviewTrigger.choices)
    trigger_detail = models.CharField(max_length=300, blank=True)
    due_date = models.DateField()
    completed_date = models.DateField(null=True, blank=True)
    completed_by = staff_member(optional=True)
    outcome = models.TextField(blank=True)
    # Completing a review says whether the assessment and plan still hold (None before then, and for
    # reviews completed before it was asked); when they do not, a reassessment starts from it.
    assessment_still_holds = models.BooleanField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["due_date"], condition=Q(completed_date__isnull=True), name="review_open_due")]

    def __str__(self) -> str:
        return f"{self.get_trigger_display()} review for {self.case.child}"


class ContactType(models.TextChoices):
    HOME_VISIT = "home_visit", "Home visit"
    OFFICE = "office", "Office appointment"
    COMMUNITY = "community", "Community"
    CUSTODY = "custody", "Custody visit"
    PHONE = "phone", "Phone or video call"


class Attendance(models.TextChoices):
    ATTENDED = "attended", "Attended"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"
    ACCEPTABLE_ABSENCE = "acceptable_absence", "Acceptable absence"
    CANCELLED = "cancelled", "Cancelled"


class EnforcementStep(models.TextChoices):
    NONE = "", "None"
    WARNING = "warning", "Warning"
    RE_ENGAGEMENT_MEETING = "re_engagement_meeting", "Re-engagement meeting"
    BREACH = "breach", "Breach"


class Contact(RecordedByStaff):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    contact_type = models.CharField(max_length=20, choices=ContactType.choices)
    scheduled_at = models.DateTimeField()
    attendance = models.CharField(max_length=20, choices=Attendance.choices, blank=True)
    enforcement_step = models.CharField(max_length=30, choices=EnforcementStep.choices, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-scheduled_at"]

    def __str__(self) -> str:
        return f"{self.get_contact_type_display()} {self.scheduled_at:%d %b %Y}"


class Victim(models.Model):
    """A victim linked to a case: what a case worker may see (wishes, consent, contacts)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="victims")
    display_name = models.CharField(max_length=150, help_text="How the victim is referred to, e.g. 'Victim A'")
    is_organisation = models.BooleanField(default=False)
    consent_to_share = models.BooleanField(default=False)
    contacted_before_decision_at = models.DateTimeField(null=True, blank=True)
    informed_of_outcome_at = models.DateTimeField(null=True, blank=True)
    wishes = models.TextField(blank=True)
    restorative_justice = models.CharField(
        max_length=20,
        choices=[("", "Not discussed"), ("offered", "Offered"), ("declined", "Declined"), ("took_part", "Took part")],
        blank=True,
    )
    at_continuing_risk = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.display_name


class VictimContactDetails(models.Model):
    """A victim's identity and contact details: victim workers only (DESIGN.md §2)."""

    victim = models.OneToOneField(Victim, on_delete=models.CASCADE, related_name="contact_details")
    full_name = models.CharField(max_length=200)
    address = models.TextField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    preferred_contact = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return f"Contact details of {self.victim}"


class FlagType(models.TextChoices):
    CHILD_CRIMINAL_EXPLOITATION = "cce", "Child criminal exploitation risk"
    CHILD_SEXUAL_EXPLOITATION = "cse", "Child sexual exploitation risk"
    MAPPA = "mappa", "MAPPA eligible"
    MISSING_EPISODES = "missing", "Missing episodes"
    THREAT_TO_LIFE = "threat_to_life", "Threat to life"
    WEAPONS = "weapons", "Weapons"
    SELF_HARM = "self_harm", "Self-harm or suicide risk"
    GANG_ASSOCIATION = "gang", "Gang association"


class Flag(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="flags")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="flags")
    flag_type = models.CharField(max_length=20, choices=FlagType.choices)
    note = models.TextField(blank=True)
    raised_by = staff_member()
    raised_at = models.DateTimeField(auto_now_add=True)
    removed_by = staff_member(optional=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(removed_at__isnull=True) | ~Q(removal_reason=""),
                name="flag_removal_needs_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_flag_type_display()} – {self.child}"

    @property
    def is_active(self) -> bool:
        return self.removed_at is None


class TransitionDecision(models.TextChoices):
    TRANSFER_TO_PROBATION = "transfer", "Transfer to the Probation Service"
    RETAIN = "retain", "Retain in the YJS"


class Transition(models.Model):
    """A child turning 18 during an order: the transfer or retain decision."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="transition")
    decision = models.CharField(max_length=20, choices=TransitionDecision.choices)
    reason = models.TextField()
    decided_by = staff_member()
    decided_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.get_decision_display()} – {self.case.child}"


class CaseTransfer(models.Model):
    """Transfer of case responsibility to another service (a move, or a placement away)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers")
    home_service = models.CharField(max_length=150)
    host_service = models.CharField(max_length=150)
    reason = models.TextField()
    requested_by = staff_member()
    requested_at = models.DateTimeField(auto_now_add=True)
    accepted_on = models.DateField(null=True, blank=True)
    accepted_by_name = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Transfer of {self.case} to {self.host_service}"
