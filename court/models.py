"""Court work and the delivery of court orders (DESIGN.md §10).

- ``Hearing``: a child's appearance in court (the team's court list for a day), its outcome and
  the next hearing, with the court duty officer's note.
- ``PreSentenceReport``: asked for by the court, due a number of working days later (or the same
  day, a "stand-down" report), written by a case worker, quality-assured by a manager before it is
  submitted (approved, or returned with feedback and resubmitted: ``ReportReturn`` keeps each loop),
  its proposal and the sentence given (concordance).
- ``Order``: the order a court order case delivers (type, made on, length, ends on, court), its
  outcome; ``Requirement``: a youth rehabilitation order's requirements from the statutory list,
  each with its dates, hours or days ordered and ``RequirementProgress`` towards them;
  ``BreachProceedings``: laid before the court after the enforcement steps in the case's contacts.
- Referral orders: ``Volunteer`` (community panel members, vetted and trained), ``ReferralPanel``
  (two volunteers and a YJS member; initial, progress, final) and the initial panel's ``Contract``.
- Custody and resettlement: ``CustodySpell`` (a detention and training order's or a remand's time
  in a secure establishment, release and licence) and its ``ResettlementPlan``.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from cases.models import Case, Child, Contact
from yjs.models import RecordedByStaff, ends_on_or_after, staff_member

# --- Hearings --------------------------------------------------------------------------------------


class HearingType(models.TextChoices):
    FIRST_APPEARANCE = "first_appearance", "First appearance"
    PLEA = "plea", "Plea"
    TRIAL = "trial", "Trial"
    SENTENCE = "sentence", "Sentence"
    BREACH = "breach", "Breach"
    REVIEW = "review", "Review"


class HearingOutcome(models.TextChoices):
    ADJOURNED = "adjourned", "Adjourned"
    BAIL = "bail", "Remanded on bail"
    BAIL_WITH_SUPPORT = "bail_with_support", "Remanded on bail with bail support"
    REMAND_LOCAL_AUTHORITY = "remand_local_authority", "Remanded to local authority accommodation"
    REMAND_YOUTH_DETENTION = "remand_youth_detention", "Remanded to youth detention accommodation"
    REPORT_REQUESTED = "report_requested", "Pre-sentence report requested"
    SENTENCED = "sentenced", "Sentenced"
    NOT_GUILTY = "not_guilty", "Found not guilty or dismissed"
    WITHDRAWN = "withdrawn", "Withdrawn or discontinued"
    ORDER_CONTINUES = "order_continues", "Order to continue"


class Hearing(RecordedByStaff):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="hearings")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="hearings")
    heard_on = models.DateField()
    court = models.CharField(max_length=150)
    hearing_type = models.CharField(max_length=20, choices=HearingType.choices)
    outcome = models.CharField(max_length=30, choices=HearingOutcome.choices, blank=True)
    next_hearing_on = models.DateField(null=True, blank=True)
    duty_officer_note = models.TextField("Court duty officer's note", blank=True)

    class Meta:
        ordering = ["-heard_on", "-id"]
        indexes = [models.Index(fields=["heard_on", "court"], name="court_hearing_list")]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_hearing_on__isnull=True) | Q(next_hearing_on__gt=models.F("heard_on")),
                name="court_next_hearing_after_hearing",
                violation_error_message="The next hearing must be after this one",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_hearing_type_display()} at {self.court}, {self.heard_on:%d %b %Y}"


# --- Pre-sentence reports --------------------------------------------------------------------------


class Sentence(models.TextChoices):
    """What a report proposes and what the court gives (concordance compares the two)."""

    ABSOLUTE_DISCHARGE = "absolute_discharge", "Absolute discharge"
    CONDITIONAL_DISCHARGE = "conditional_discharge", "Conditional discharge"
    FINE = "fine", "Fine"
    REFERRAL_ORDER = "referral_order", "Referral order"
    YOUTH_REHABILITATION_ORDER = "youth_rehabilitation_order", "Youth rehabilitation order"
    YRO_ISS = "yro_iss", "Youth rehabilitation order with intensive supervision and surveillance"
    DETENTION_AND_TRAINING_ORDER = "detention_and_training_order", "Detention and training order"
    LONG_TERM_DETENTION = "long_term_detention", "Detention under section 250 (long-term detention)"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Being written"
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting a manager's approval"
    RETURNED = "returned", "Returned by a manager"
    APPROVED = "approved", "Approved"
    SUBMITTED = "submitted", "Submitted to the court"


class PreSentenceReport(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pre_sentence_reports")
    hearing = models.ForeignKey(Hearing, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")
    requested_on = models.DateField()
    stand_down = models.BooleanField("Stand-down report (written the same day)", default=False)
    due_on = models.DateField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pre_sentence_reports")
    status = models.CharField(max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    proposal = models.CharField(max_length=30, choices=Sentence.choices, blank=True)
    proposal_detail = models.TextField("The proposal in the report's words", blank=True)
    sent_for_approval_at = models.DateTimeField(null=True, blank=True)
    approved_by = staff_member(optional=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    submitted_on = models.DateField("Submitted to the court on", null=True, blank=True)
    sentence_given = models.CharField(max_length=30, choices=Sentence.choices, blank=True)
    sentenced_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = staff_member()

    class Meta:
        ordering = ["-requested_on", "-id"]
        indexes = [models.Index(fields=["status", "due_on"], name="court_report_due")]
        constraints = [
            ends_on_or_after("requested_on", "due_on", name="court_report_due_after_requested"),
            models.CheckConstraint(
                condition=Q(submitted_on__isnull=True) | Q(approved_at__isnull=False),
                name="court_report_submitted_only_when_approved",
                violation_error_message="A report is submitted to the court only once a manager has approved it",
            ),
            models.CheckConstraint(
                condition=Q(sentence_given="") | Q(sentenced_on__isnull=False),
                name="court_report_sentence_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"Pre-sentence report for {self.case.child}"

    @property
    def concordant(self) -> bool | None:
        """The sentence matches the proposal (None until both are known)."""
        if not self.proposal or not self.sentence_given:
            return None
        return self.proposal == self.sentence_given

    @property
    def on_time(self) -> bool | None:
        if self.submitted_on is None:
            return None
        return self.submitted_on <= self.due_on


class ReportReturn(models.Model):
    """A manager returned a report to its author with feedback; resubmitted when sent again."""

    report = models.ForeignKey(PreSentenceReport, on_delete=models.CASCADE, related_name="returns")
    returned_by = staff_member()
    returned_at = models.DateTimeField(auto_now_add=True)
    feedback = models.TextField()
    resubmitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-returned_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report"], condition=Q(resubmitted_at__isnull=True), name="court_report_one_open_return"
            ),
        ]

    def __str__(self) -> str:
        return f"Returned {self.returned_at:%d %b %Y}"


# --- Orders and requirements -----------------------------------------------------------------------


class OrderType(models.TextChoices):
    REFERRAL_ORDER = "referral_order", "Referral order"
    YOUTH_REHABILITATION_ORDER = "youth_rehabilitation_order", "Youth rehabilitation order"
    DETENTION_AND_TRAINING_ORDER = "detention_and_training_order", "Detention and training order"


class OrderOutcome(models.TextChoices):
    COMPLETED = "completed", "Completed successfully"
    REVOKED_BREACH = "revoked_breach", "Revoked after breach"
    REVOKED_NEW_OFFENCE = "revoked_new_offence", "Revoked on a further offence"
    REVOKED_OTHER = "revoked_other", "Revoked for another reason (e.g. good progress)"


class Order(models.Model):
    """The order a court order case delivers: one a case."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="court_order")
    order_type = models.CharField(max_length=40, choices=OrderType.choices)
    court = models.CharField(max_length=150)
    made_on = models.DateField()
    length_months = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(36)])
    ends_on = models.DateField()
    hearing = models.ForeignKey(Hearing, null=True, blank=True, on_delete=models.SET_NULL, related_name="orders")
    outcome = models.CharField(max_length=30, choices=OrderOutcome.choices, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    recorded_by = staff_member()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-made_on", "-id"]
        constraints = [
            ends_on_or_after("made_on", "ends_on", name="court_order_ends_after_made"),
            ends_on_or_after("made_on", "ended_on", name="court_order_ended_after_made", open_ended=True),
            models.CheckConstraint(
                condition=Q(outcome="", ended_on__isnull=True) | (~Q(outcome="") & Q(ended_on__isnull=False)),
                name="court_order_outcome_dated",
                violation_error_message="An order's outcome and the date it ended are recorded together",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_order_type_display()} made {self.made_on:%d %b %Y}"


class RequirementType(models.TextChoices):
    """A youth rehabilitation order's requirements (Sentencing Act 2020, Schedule 6)."""

    SUPERVISION = "supervision", "Supervision"
    ACTIVITY = "activity", "Activity"
    CURFEW = "curfew", "Curfew"
    ELECTRONIC_MONITORING = "electronic_monitoring", "Electronic monitoring"
    EXCLUSION = "exclusion", "Exclusion"
    PROHIBITED_ACTIVITY = "prohibited_activity", "Prohibited activity"
    UNPAID_WORK = "unpaid_work", "Unpaid work (16 and 17 only)"
    PROGRAMME = "programme", "Programme"
    ATTENDANCE_CENTRE = "attendance_centre", "Attendance centre"
    EDUCATION = "education", "Education"
    RESIDENCE = "residence", "Residence"
    LOCAL_AUTHORITY_RESIDENCE = "local_authority_residence", "Local authority residence"
    MENTAL_HEALTH_TREATMENT = "mental_health_treatment", "Mental health treatment"
    DRUG_TREATMENT = "drug_treatment", "Drug treatment"
    DRUG_TESTING = "drug_testing", "Drug testing"
    INTOXICATING_SUBSTANCE_TREATMENT = "intoxicating_substance_treatment", "Intoxicating substance treatment"
    INTENSIVE_SUPERVISION_AND_SURVEILLANCE = (
        "intensive_supervision_and_surveillance",
        "Intensive supervision and surveillance",
    )
    FOSTERING = "fostering", "Fostering"


class RequirementStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"
    ENDED_EARLY = "ended_early", "Ended before completion"


class Requirement(RecordedByStaff):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="requirements")
    requirement_type = models.CharField(max_length=40, choices=RequirementType.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    hours_ordered = models.PositiveSmallIntegerField(null=True, blank=True)
    days_ordered = models.PositiveSmallIntegerField(null=True, blank=True)
    details = models.TextField(blank=True, help_text="What the court set: the activity, the hours of a curfew, …")
    status = models.CharField(max_length=20, choices=RequirementStatus.choices, default=RequirementStatus.ACTIVE)
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [ends_on_or_after("starts_on", "ends_on", name="court_requirement_ends_after", open_ended=True)]

    def __str__(self) -> str:
        return self.get_requirement_type_display()


class RequirementProgress(RecordedByStaff):
    """Hours or days done towards a requirement on a day (unpaid work, attendance centre, activity)."""

    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="progress")
    done_on = models.DateField()
    hours = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    days = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["done_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__isnull=False) | Q(days__isnull=False), name="court_progress_hours_or_days"
            ),
            models.CheckConstraint(condition=Q(hours__isnull=True) | Q(hours__gt=0), name="court_progress_hours_done"),
        ]


class BreachOutcome(models.TextChoices):
    ORDER_CONTINUES = "order_continues", "Order continues unchanged"
    FINE = "fine", "Fined, order continues"
    REQUIREMENTS_AMENDED = "requirements_amended", "Requirements amended"
    REVOKED_RESENTENCED = "revoked_resentenced", "Order revoked and the child resentenced"
    WITHDRAWN = "withdrawn", "Proceedings withdrawn"


class BreachProceedings(RecordedByStaff):
    """Breach proceedings laid before the court, after the enforcement steps in the contacts."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="breaches")
    laid_on = models.DateField()
    enforcement_contacts = models.ManyToManyField(Contact, blank=True, related_name="+")
    reason = models.TextField()
    hearing = models.ForeignKey(Hearing, null=True, blank=True, on_delete=models.SET_NULL, related_name="breaches")
    outcome = models.CharField(max_length=30, choices=BreachOutcome.choices, blank=True)
    outcome_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-laid_on", "-id"]
        verbose_name_plural = "breach proceedings"
        constraints = [ends_on_or_after("laid_on", "outcome_on", name="court_breach_outcome_after", open_ended=True)]


# --- Referral orders: volunteers, panels, contracts ------------------------------------------------


class Volunteer(models.Model):
    """A community panel member. Sits on a panel only while vetted (the check not lapsed) and trained."""

    name = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    vetted_on = models.DateField("DBS check on", null=True, blank=True)
    vetting_expires_on = models.DateField("DBS check lapses on", null=True, blank=True)
    trained_on = models.DateField("Panel training completed on", null=True, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [ends_on_or_after("vetted_on", "vetting_expires_on", name="court_volunteer_vetting_lapses_after")]

    def __str__(self) -> str:
        return self.name

    def may_sit_on(self, day) -> bool:
        return bool(
            self.active
            and self.trained_on
            and self.trained_on <= day
            and self.vetted_on
            and self.vetted_on <= day
            and self.vetting_expires_on
            and day <= self.vetting_expires_on
        )


class PanelType(models.TextChoices):
    INITIAL = "initial", "Initial panel"
    PROGRESS = "progress", "Progress panel"
    FINAL = "final", "Final panel"
    EXTENSION = "extension", "Extension or variation panel"


class PanelOutcome(models.TextChoices):
    CONTRACT_AGREED = "contract_agreed", "Contract agreed"
    NO_CONTRACT = "no_contract", "No contract agreed: referred back to court"
    PROGRESS_SATISFACTORY = "progress_satisfactory", "Progress satisfactory"
    CONTRACT_VARIED = "contract_varied", "Contract varied"
    REFERRED_BACK = "referred_back", "Referred back to court"
    COMPLETED = "completed", "Order completed"
    ADJOURNED = "adjourned", "Adjourned"


class ReferralPanel(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="panels")
    panel_type = models.CharField(max_length=20, choices=PanelType.choices)
    due_on = models.DateField()
    held_on = models.DateField(null=True, blank=True)
    volunteers = models.ManyToManyField(Volunteer, blank=True, related_name="panels")
    yjs_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="referral_panels"
    )
    outcome = models.CharField(max_length=30, choices=PanelOutcome.choices, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = staff_member(optional=True)
    recorded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["held_on", "due_on"], name="court_panel_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(held_on__isnull=True, outcome="") | Q(held_on__isnull=False) & ~Q(outcome=""),
                name="court_panel_outcome_when_held",
                violation_error_message="A panel's outcome is recorded with the date it was held",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_panel_type_display()} due {self.due_on:%d %b %Y}"


class Contract(models.Model):
    """The contract agreed at an initial panel (or varied at a later one)."""

    panel = models.OneToOneField(ReferralPanel, on_delete=models.CASCADE, related_name="contract")
    activities = models.TextField()
    reparation = models.TextField()
    child_signed_on = models.DateField(null=True, blank=True)
    parent_signed_on = models.DateField("Parent or carer signed on", null=True, blank=True)
    parent_not_required = models.BooleanField(
        "No parent or carer signature (the panel decided the child signs alone)", default=False
    )

    def __str__(self) -> str:
        return f"Contract of {self.panel}"


# --- Custody and resettlement ----------------------------------------------------------------------


class EstablishmentType(models.TextChoices):
    YOI = "yoi", "Young offender institution (YOI)"
    STC = "stc", "Secure training centre (STC)"
    SCH = "sch", "Secure children's home (SCH)"
    SECURE_SCHOOL = "secure_school", "Secure school"


class SupervisionOnRelease(models.TextChoices):
    LICENCE = "licence", "Licence"
    NOTICE_OF_SUPERVISION = "notice_of_supervision", "Notice of supervision"
    NONE = "none", "None (a remand)"


class CustodySpell(RecordedByStaff):
    """A detention and training order's or a remand's time in a secure establishment."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="custody_spells")
    establishment_type = models.CharField(max_length=20, choices=EstablishmentType.choices)
    establishment = models.CharField(max_length=150)
    custody_from = models.DateField()
    release_on = models.DateField("Expected release on", null=True, blank=True)
    released_on = models.DateField(null=True, blank=True)
    supervision_on_release = models.CharField(max_length=30, choices=SupervisionOnRelease.choices)
    licence_conditions = models.TextField("Licence or notice of supervision conditions", blank=True)

    class Meta:
        ordering = ["-custody_from", "-id"]
        indexes = [models.Index(fields=["released_on", "release_on"], name="court_custody_release")]
        constraints = [
            ends_on_or_after("custody_from", "release_on", name="court_custody_release_after", open_ended=True),
            ends_on_or_after("custody_from", "released_on", name="court_custody_released_after", open_ended=True),
        ]

    def __str__(self) -> str:
        return f"{self.establishment} from {self.custody_from:%d %b %Y}"


class ResettlementPlan(models.Model):
    """What is in place at release; completing it sends the police area a resettlement notice."""

    spell = models.OneToOneField(CustodySpell, on_delete=models.CASCADE, related_name="resettlement_plan")
    due_on = models.DateField()
    accommodation_in_place = models.BooleanField(default=False)
    accommodation = models.TextField(blank=True)
    education_in_place = models.BooleanField("Education, training or employment in place", default=False)
    education = models.TextField("Education, training or employment", blank=True)
    health_in_place = models.BooleanField(default=False)
    health = models.TextField(blank=True)
    release_address = models.TextField(blank=True)
    completed_on = models.DateField(null=True, blank=True)
    completed_by = staff_member(optional=True)
    notice = models.ForeignKey(
        "intelligence.InformationRequest", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["completed_on", "due_on"], name="court_resettlement_due")]

    def __str__(self) -> str:
        return f"Resettlement plan due {self.due_on:%d %b %Y}"
