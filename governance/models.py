"""Management board and inspection (DESIGN.md §3 "governance", §6).

Board reports keep their figures (``BoardReport.data``) and the files made from them;
the figures are aggregates only, never a named child.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from cases.models import Case, Ethnicity, Gender
from yjs.models import BackgroundJob, DrawnSample, JobStatus, Team, ends_on_or_after, staff_member

from .inspection import Rating

# --- The management board ----------------------------------------------------------------


class BoardAgency(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    CHILDRENS_SOCIAL_CARE = "social_care", "Children's social care"
    EDUCATION = "education", "Education"
    POLICE = "police", "Police"
    PROBATION = "probation", "Probation Service"
    HEALTH = "health", "Health"
    YJS = "yjs", "Youth justice service"
    COMMUNITY_SAFETY = "community_safety", "Community safety"
    COURTS = "courts", "Courts"
    OTHER = "other", "Other"


class Seniority(models.TextChoices):
    EXECUTIVE = "executive", "Executive (director or chief officer)"
    SENIOR = "senior", "Senior manager"
    MANAGER = "manager", "Manager"
    PRACTITIONER = "practitioner", "Practitioner"


class Board(models.Model):
    name = models.CharField(max_length=150, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BoardMember(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=150)
    agency = models.CharField(max_length=30, choices=BoardAgency.choices)
    role = models.CharField(max_length=150)
    seniority = models.CharField(max_length=20, choices=Seniority.choices)
    interim = models.BooleanField(default=False, help_text="Interim rather than permanent in post")
    active = models.BooleanField(default=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["board", "agency", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_agency_display()})"


class BoardMeeting(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["held_on"])]

    def __str__(self) -> str:
        return f"{self.board} on {self.held_on:%d %B %Y}"


class BoardAttendance(models.Model):
    meeting = models.ForeignKey(BoardMeeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(BoardMember, on_delete=models.CASCADE, related_name="attendance")
    attended = models.BooleanField()
    deputy_name = models.CharField(max_length=150, blank=True, help_text="Who came instead, if anyone")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="board_attendance_once")]

    def __str__(self) -> str:
        return f"{self.member} at {self.meeting}: {'attended' if self.attended else 'absent'}"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class Action(models.Model):
    """An action someone owns, due by a date: the board's, or a team's on a recommendation."""

    description = models.TextField()
    owner = models.CharField(max_length=150)
    due_date = models.DateField()
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN)

    class Meta:
        abstract = True
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.description[:60]


class BoardAction(Action):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="actions")
    meeting = models.ForeignKey(BoardMeeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    completed_on = models.DateField(null=True, blank=True)


# --- Reference data ----------------------------------------------------------------------


class LocalPopulation(models.Model):
    """Children aged 10–17 living in the area, by ethnicity and gender (e.g. ONS estimates)."""

    year = models.PositiveSmallIntegerField()
    ethnicity = models.CharField(max_length=2, choices=Ethnicity.choices)
    gender = models.CharField(max_length=1, choices=Gender.choices)
    children = models.PositiveIntegerField("Children aged 10–17")

    class Meta:
        ordering = ["-year", "ethnicity", "gender"]
        constraints = [
            models.UniqueConstraint(fields=["year", "ethnicity", "gender"], name="local_population_once"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.ethnicity} {self.gender}: {self.children}"


class ReportingPeriod(models.Model):
    name = models.CharField(max_length=100, unique=True)
    start = models.DateField()
    end = models.DateField()

    class Meta:
        ordering = ["-start"]
        constraints = [ends_on_or_after("start", "end", name="period_ends_after_start")]

    def __str__(self) -> str:
        return self.name


# --- Board reports -----------------------------------------------------------------------


ReportStatus = JobStatus  # a board report is a background job (yjs.models)


class BoardReport(BackgroundJob):
    period_start = models.DateField()
    period_end = models.DateField()
    teams = models.ManyToManyField(Team, blank=True, related_name="+", help_text="None: the whole service")
    data = models.JSONField(default=dict, blank=True)
    # Files kept in private storage (MEDIA_ROOT is never served directly): the full figures
    # for staff, and the board's copy with small numbers suppressed.
    pdf = models.FileField(upload_to="governance/reports/", blank=True)
    csv = models.FileField(upload_to="governance/reports/", blank=True)
    board_pdf = models.FileField(upload_to="governance/reports/", blank=True)
    board_csv = models.FileField(upload_to="governance/reports/", blank=True)
    created_by = staff_member()

    class Meta(BackgroundJob.Meta):
        constraints = [
            ends_on_or_after("period_start", "period_end", name="report_period_ends_after_start"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"Board report {self.period_start:%d %b %Y} to {self.period_end:%d %b %Y}"


# --- Inspection readiness: case audits ------------------------------------------------------


class AuditDomain(models.TextChoices):
    COURT = "2", "Court disposals"
    OUT_OF_COURT = "3", "Out-of-court disposals"


class InspectionSample(DrawnSample):
    domain = models.CharField(max_length=1, choices=AuditDomain.choices)
    drawn_on = models.DateField(help_text="The date the sample is drawn as at")
    window_start = models.DateField()
    window_end = models.DateField()
    size = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-drawn_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_domain_display()} sample of {self.drawn_on:%d %B %Y}"


class AuditedCase(models.Model):
    sample = models.ForeignKey(InspectionSample, on_delete=models.CASCADE, related_name="cases")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    domain = models.CharField(max_length=1, choices=AuditDomain.choices)
    stratum = models.CharField(max_length=200, blank=True, help_text="Gender, disposal, RoSH, safety and wellbeing")

    class Meta:
        ordering = ["sample", "id"]
        constraints = [models.UniqueConstraint(fields=["sample", "case"], name="audited_case_once_per_sample")]

    def __str__(self) -> str:
        return f"Audit of case {self.case_id}"


class KeyQuestionAnswer(models.Model):
    audited_case = models.ForeignKey(AuditedCase, on_delete=models.CASCADE, related_name="answers")
    key_question = models.CharField(max_length=10)
    answer = models.BooleanField()
    note = models.TextField(blank=True)
    answered_by = staff_member()
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key_question"]
        constraints = [
            models.UniqueConstraint(fields=["audited_case", "key_question"], name="key_question_answered_once"),
        ]

    def __str__(self) -> str:
        return f"{self.key_question}: {'yes' if self.answer else 'no'}"


class StandardJudgement(models.Model):
    """A domain 1 standard, rated by judgement with its evidence; the latest one counts."""

    standard = models.CharField(max_length=5, choices=[(c, c) for c in ("1.1", "1.2", "1.3", "1.4")])
    rating = models.CharField(max_length=30, choices=Rating.choices)
    evidence = models.TextField()
    judged_by = staff_member()
    judged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["standard", "-judged_at", "-id"]

    def __str__(self) -> str:
        return f"{self.standard}: {self.get_rating_display()}"


# --- Thematic inspection recommendations ------------------------------------------------


class Recommendation(models.Model):
    code = models.SlugField(max_length=40, unique=True)
    source_inspection = models.CharField(max_length=300)
    year = models.PositiveSmallIntegerField()
    addressed_to = models.CharField(max_length=200, blank=True)
    summary = models.TextField()
    lines_of_enquiry = models.TextField(help_text="One per line")
    evidence_prompts = models.TextField(blank=True, help_text="One per line")

    class Meta:
        ordering = ["year", "code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.summary[:60]}"

    @property
    def lines_of_enquiry_list(self) -> list[str]:
        return [line for line in self.lines_of_enquiry.splitlines() if line.strip()]

    @property
    def evidence_prompts_list(self) -> list[str]:
        return [line for line in self.evidence_prompts.splitlines() if line.strip()]


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class RecommendationAssessment(models.Model):
    """A self-assessment of a recommendation for a team (or the whole service); the latest counts."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="assessments")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    rag = models.CharField("RAG status", max_length=10, choices=Rag.choices)
    evidence_notes = models.TextField(blank=True)
    assessed_by = staff_member()
    assessed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.recommendation.code}: {self.get_rag_display()}"


class RecommendationAction(Action):
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="actions")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
