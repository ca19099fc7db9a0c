"""The family around the child and the child's needs, kept over time (DESIGN.md §11).

- ``FamilyMember``: parents, carers, siblings and other household members, with the relationship,
  parental responsibility and whether they live with the child. Their contact details live apart,
  in ``FamilyMemberContactDetails`` (as a victim's do in ``cases``), so that whoever may read the
  family sees who they are without receiving an address or a phone number: reading those is
  a case worker's, manager's or head of service's, and each read is in the audit trail.
- ``Professional``: the professionals around the child (social worker, school, health, CAMHS, …)
  from a date, until a date.
- Needs records (``NeedsRecord``): accommodation, education, training or employment, speech,
  language and communication, mental health and emotional wellbeing, substance misuse. Each
  holds from its date until the next record of its kind; a change is a new record, never an edit
  of an earlier one, so what held on any day can be read back (the board report's indicators).
"""

from django.db import models
from django.db.models import F, Q

from cases.models import Child
from yjs.models import RecordedByStaff, ends_on_or_after, said_when

# --- Family members ---------------------------------------------------------------------------------


class Relationship(models.TextChoices):
    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    STEP_PARENT = "step_parent", "Step-parent or parent's partner"
    GRANDPARENT = "grandparent", "Grandparent"
    FOSTER_CARER = "foster_carer", "Foster carer"
    KINSHIP_CARER = "kinship_carer", "Kinship carer (family or friend)"
    RESIDENTIAL_CARER = "residential_carer", "Residential care worker"
    SIBLING = "sibling", "Brother or sister"
    HALF_SIBLING = "half_sibling", "Half- or step-brother or sister"
    AUNT_UNCLE = "aunt_uncle", "Aunt or uncle"
    OTHER_RELATIVE = "other_relative", "Other relative"
    OTHER_HOUSEHOLD = "other_household", "Other household member"
    OTHER = "other", "Other"


class FamilyMember(RecordedByStaff):
    """Someone in the child's family or household: who they are to the child."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="family_members")
    name = models.CharField(max_length=150)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    relationship_detail = models.CharField(max_length=100, blank=True, help_text="For another relationship")
    parental_responsibility = models.BooleanField(default=False)
    lives_with_child = models.BooleanField("Lives with the child", default=False)
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-lives_with_child", "name", "id"]
        constraints = [
            said_when(
                "relationship",
                "other",
                "relationship_detail",
                name="family_member_other_relationship_said",
                message="Enter the relationship to the child",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relationship_display().lower()}) – {self.child}"

    @property
    def relationship_text(self) -> str:
        return self.relationship_detail if self.relationship == Relationship.OTHER else self.get_relationship_display()


class FamilyMemberContactDetails(models.Model):
    """A family member's phone, email and address: read only through the family services, audited."""

    member = models.OneToOneField(FamilyMember, on_delete=models.CASCADE, related_name="contact_details")
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Contact details of {self.member.name}"


# --- Professionals around the child ---------------------------------------------------------------


class ProfessionalRole(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    SCHOOL = "school", "School or college"
    HEALTH = "health", "Health (GP, school nurse, paediatrician)"
    CAMHS = "camhs", "Child and adolescent mental health services (CAMHS)"
    OTHER = "other", "Other"


class Professional(RecordedByStaff):
    """A professional working with the child, from a date (until a date)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="professionals")
    role = models.CharField(max_length=20, choices=ProfessionalRole.choices)
    role_detail = models.CharField(max_length=100, blank=True, help_text="For another role")
    name = models.CharField(max_length=150)
    organisation = models.CharField(max_length=150, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    from_date = models.DateField()
    to_date = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["role", "-from_date", "id"]
        constraints = [
            ends_on_or_after(
                "from_date",
                "to_date",
                name="professional_ends_after_it_starts",
                open_ended=True,
                message="The date they stopped must be the same as or after the date they started",
            ),
            said_when(
                "role",
                "other",
                "role_detail",
                name="professional_other_role_said",
                message="Enter the professional's role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.role_text} – {self.child}"

    @property
    def role_text(self) -> str:
        return self.role_detail if self.role == ProfessionalRole.OTHER else self.get_role_display()


# --- Needs records, kept over time -----------------------------------------------------------------


class NeedsRecord(RecordedByStaff):
    """What held for the child from ``from_date`` until the next record of the same kind."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="%(class)s_records")
    from_date = models.DateField("Date this applies from")
    notes = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["-from_date", "-id"]


class AccommodationType(models.TextChoices):
    PARENTS = "parents", "With parents or a parent"
    RELATIVES = "relatives", "With relatives or friends"
    FOSTER_CARE = "foster_care", "Foster care"
    CHILDRENS_HOME = "childrens_home", "Children's home"
    SUPPORTED = "supported", "Supported or semi-independent accommodation"
    INDEPENDENT = "independent", "Independent living"
    SECURE = "secure", "Secure estate (custody or secure children's home)"
    BED_AND_BREAKFAST = "bed_and_breakfast", "Bed and breakfast"
    SOFA_SURFING = "sofa_surfing", "Sofa surfing"
    NO_FIXED_ABODE = "no_fixed_abode", "No fixed abode"
    OTHER = "other", "Other"


class Accommodation(NeedsRecord):
    accommodation_type = models.CharField(max_length=20, choices=AccommodationType.choices)
    suitable = models.BooleanField()
    unsuitable_reason = models.TextField("Why it is not suitable", blank=True)

    class Meta(NeedsRecord.Meta):
        indexes = [models.Index(fields=["child", "-from_date", "-id"], name="family_accommodation_latest")]
        constraints = [
            models.CheckConstraint(
                condition=Q(suitable=True) | ~Q(unsuitable_reason=""),
                name="family_accommodation_unsuitable_says_why",
                violation_error_message="Enter why the accommodation is not suitable",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_accommodation_type_display()} from {self.from_date:%d %B %Y} – {self.child}"


class EducationType(models.TextChoices):
    MAINSTREAM_SCHOOL = "mainstream_school", "Mainstream school"
    SPECIAL_SCHOOL = "special_school", "Special school"
    ALTERNATIVE_PROVISION = "alternative_provision", "Alternative provision or pupil referral unit"
    COLLEGE = "college", "College or further education"
    TRAINING = "training", "Training or apprenticeship"
    EMPLOYMENT = "employment", "Employment"
    HOME_EDUCATION = "home_education", "Electively home educated"
    NONE = "none", "Not in education, training or employment"


class SendPlan(models.TextChoices):
    NONE = "none", "No plan"
    EHCP = "ehcp", "Education, health and care plan (EHCP)"
    IDP = "idp", "Individual development plan (Wales)"
    OTHER = "other", "Another formal plan"


class Education(NeedsRecord):
    """Education, training or employment: the provider, hours a week offered and attended, and
    special educational needs and disabilities (SEND; additional learning needs, ALN, in Wales)."""

    provider = models.CharField(max_length=150, blank=True)
    education_type = models.CharField("Type", max_length=30, choices=EducationType.choices)
    hours_offered = models.PositiveSmallIntegerField("Hours offered a week", default=0)
    hours_attended = models.PositiveSmallIntegerField("Hours attended a week", default=0)
    send_identified = models.BooleanField("SEND or ALN identified", default=False)
    send_plan = models.CharField("SEND or ALN plan", max_length=10, choices=SendPlan.choices, default=SendPlan.NONE)

    class Meta(NeedsRecord.Meta):
        indexes = [models.Index(fields=["child", "-from_date", "-id"], name="family_education_latest")]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_attended__lte=F("hours_offered")),
                name="family_education_attended_within_offered",
                violation_error_message="The hours attended cannot be more than the hours offered",
            ),
            models.CheckConstraint(condition=Q(hours_offered__lte=60), name="family_education_hours_in_a_week"),
            models.CheckConstraint(
                condition=Q(send_identified=True) | Q(send_plan="none"),
                name="family_education_plan_needs_send",
                violation_error_message="A SEND or ALN plan needs SEND or ALN identified",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_education_type_display()} from {self.from_date:%d %B %Y} – {self.child}"

    @property
    def has_plan(self) -> bool:
        return self.send_plan != SendPlan.NONE


class Communication(NeedsRecord):
    """Speech, language and communication needs (SLCN)."""

    screened = models.BooleanField(default=False)
    need_identified = models.BooleanField(default=False)
    support_in_place = models.BooleanField(default=False)

    class Meta(NeedsRecord.Meta):
        indexes = [models.Index(fields=["child", "-from_date", "-id"], name="family_communication_latest")]
        constraints = [
            models.CheckConstraint(
                condition=Q(need_identified=False) | Q(screened=True),
                name="family_communication_need_after_screening",
                violation_error_message="A need is identified by screening: say the child was screened",
            ),
        ]

    def __str__(self) -> str:
        return f"Speech, language and communication from {self.from_date:%d %B %Y} – {self.child}"


class MentalHealth(NeedsRecord):
    """Mental health and emotional wellbeing."""

    need_identified = models.BooleanField(default=False)
    referred = models.BooleanField(default=False)
    receiving_support = models.BooleanField("Receiving support or intervention", default=False)

    class Meta(NeedsRecord.Meta):
        indexes = [models.Index(fields=["child", "-from_date", "-id"], name="family_mental_health_latest")]

    def __str__(self) -> str:
        return f"Mental health and emotional wellbeing from {self.from_date:%d %B %Y} – {self.child}"


class SubstanceMisuse(NeedsRecord):
    need_identified = models.BooleanField(default=False)
    referred = models.BooleanField(default=False)
    receiving_intervention = models.BooleanField(default=False)

    class Meta(NeedsRecord.Meta):
        indexes = [models.Index(fields=["child", "-from_date", "-id"], name="family_substance_misuse_latest")]

    def __str__(self) -> str:
        return f"Substance misuse from {self.from_date:%d %B %Y} – {self.child}"


NEEDS_MODELS = (Accommodation, Education, Communication, MentalHealth, SubstanceMisuse)
