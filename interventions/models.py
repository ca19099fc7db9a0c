"""Interventions and programmes, reparation and restorative justice (DESIGN.md §10).

- ``Intervention``: the catalogue managers keep (name, type, provider, who it suits).
- ``InterventionReferral``: a case's referral to one, its start, sessions offered and attended,
  and how it ended.
- ``ReparationPlacement``: where a child makes amends to the community, hours ordered and done
  (``ReparationSession`` records each session's hours, so the total is never typed over).
- ``RestorativeJustice``: restorative work with a case's victim: its type and the victim's part.
- ``VictimSafetyPlan``: what keeps a case's victim safe, agreed and reviewed.
"""

from django.db import models
from django.db.models import Q

from cases.models import Case, Victim
from yjs.models import RecordedByStaff, ends_on_or_after

# --- The catalogue ---------------------------------------------------------------------------------


class InterventionType(models.TextChoices):
    OFFENDING_BEHAVIOUR = "offending_behaviour", "Offending behaviour programme"
    VICTIM_AWARENESS = "victim_awareness", "Victim awareness"
    WEAPONS = "weapons", "Weapons and knife crime"
    EDUCATION_TRAINING = "education_training", "Education, training and employment"
    HEALTH = "health", "Health and emotional wellbeing"
    SUBSTANCE_MISUSE = "substance_misuse", "Substance misuse"
    EXPLOITATION = "exploitation", "Exploitation and safety"
    PARENTING = "parenting", "Parenting and family"
    MENTORING = "mentoring", "Mentoring and positive activities"
    REPARATION = "reparation", "Reparation"
    OTHER = "other", "Other"


class Intervention(models.Model):
    name = models.CharField(max_length=150)
    intervention_type = models.CharField(max_length=30, choices=InterventionType.choices)
    provider = models.CharField(max_length=150, help_text="The YJS itself or the partner who delivers it")
    suitable_for = models.TextField(blank=True, help_text="Ages, needs or orders it suits")
    sessions = models.PositiveSmallIntegerField("Sessions in the programme", null=True, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["name", "provider"], name="interventions_one_name_a_provider"),
        ]

    def __str__(self) -> str:
        return self.name


# --- A case's referrals ----------------------------------------------------------------------------


class ReferralOutcome(models.TextChoices):
    COMPLETED = "completed", "Completed"
    PARTLY_COMPLETED = "partly_completed", "Partly completed"
    NOT_COMPLETED = "not_completed", "Not completed (did not engage)"
    WITHDRAWN = "withdrawn", "Withdrawn (no longer needed or the case closed)"


class InterventionReferral(RecordedByStaff):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="intervention_referrals")
    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="referrals")
    referred_on = models.DateField()
    reason = models.TextField(blank=True)
    started_on = models.DateField(null=True, blank=True)
    sessions_offered = models.PositiveSmallIntegerField(default=0)
    sessions_attended = models.PositiveSmallIntegerField(default=0)
    ended_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=ReferralOutcome.choices, blank=True)

    class Meta:
        ordering = ["-referred_on", "-id"]
        constraints = [
            ends_on_or_after("referred_on", "started_on", name="interventions_started_after_referred", open_ended=True),
            ends_on_or_after("referred_on", "ended_on", name="interventions_ended_after_referred", open_ended=True),
            models.CheckConstraint(
                condition=Q(sessions_attended__lte=models.F("sessions_offered")),
                name="interventions_attended_at_most_offered",
                violation_error_message="Sessions attended cannot be more than the sessions offered",
            ),
            models.CheckConstraint(
                condition=Q(outcome="", ended_on__isnull=True) | (~Q(outcome="") & Q(ended_on__isnull=False)),
                name="interventions_outcome_dated",
                violation_error_message="A referral's outcome and the date it ended are recorded together",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.intervention} for {self.case.child}"


# --- Reparation ------------------------------------------------------------------------------------


class ReparationPlacement(RecordedByStaff):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reparation_placements")
    placement = models.CharField(max_length=150, help_text="Where: a charity shop, a community garden, …")
    description = models.TextField(blank=True)
    hours_ordered = models.PositiveSmallIntegerField()
    started_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(hours_ordered__gt=0), name="interventions_reparation_hours_ordered"),
            ends_on_or_after("started_on", "completed_on", name="interventions_reparation_done_after", open_ended=True),
        ]

    def __str__(self) -> str:
        return f"Reparation at {self.placement}"


class ReparationSession(RecordedByStaff):
    placement = models.ForeignKey(ReparationPlacement, on_delete=models.CASCADE, related_name="sessions")
    done_on = models.DateField()
    hours = models.DecimalField(max_digits=4, decimal_places=2)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["done_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(hours__gt=0), name="interventions_session_hours")]


# --- Restorative justice and victims' safety -------------------------------------------------------


class RestorativeType(models.TextChoices):
    DIRECT_CONFERENCE = "direct_conference", "Direct (face-to-face) conference"
    SHUTTLE = "shuttle", "Shuttle mediation"
    LETTER = "letter", "Letter of explanation or apology"


class VictimPart(models.TextChoices):
    TOOK_PART = "took_part", "Took part"
    INFORMED = "informed", "Kept informed, did not take part"
    DECLINED = "declined", "Declined"
    NOT_CONTACTABLE = "not_contactable", "Could not be contacted"
    NO_VICTIM_CONSENT = "no_consent", "Did not consent to contact"


class RestorativeJustice(RecordedByStaff):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="restorative_justice")
    victim = models.ForeignKey(Victim, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    restorative_type = models.CharField(max_length=20, choices=RestorativeType.choices)
    victim_part = models.CharField("The victim's part", max_length=20, choices=VictimPart.choices)
    held_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name_plural = "restorative justice"


class VictimSafetyPlan(RecordedByStaff):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="victim_safety_plans")
    victim = models.ForeignKey(Victim, on_delete=models.CASCADE, related_name="safety_plans")
    measures = models.TextField(help_text="What keeps the victim safe: exclusion zones, no-contact conditions, …")
    agreed_on = models.DateField()
    review_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-agreed_on", "-id"]
        constraints = [
            ends_on_or_after("agreed_on", "review_on", name="interventions_safety_review_after", open_ended=True)
        ]
