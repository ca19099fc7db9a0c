"""Governance forms in GOV.UK style. They check what was typed; the rules live in services."""

from django import forms

from cases.models import Ethnicity, Gender
from yjs.forms import GovUKDateField, GovUKForm, textarea
from yjs.models import Team, User
from yjs.roles import Role

from .inspection import Rating
from .models import ActionStatus, AuditDomain, BoardAgency, Rag, Seniority


class ReportForm(GovUKForm):
    period_start = GovUKDateField(
        noun="start of the period", label="Start of the period", help_text="For example, 1 4 2025"
    )
    period_end = GovUKDateField(noun="end of the period", label="End of the period", help_text="For example, 31 3 2026")
    teams = forms.MultipleChoiceField(
        label="Teams",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave empty for the whole service (head of service only)",
    )

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        teams = teams if teams is not None else Team.objects.all()
        self.fields["teams"].choices = [(str(team.pk), team.name) for team in teams]

    def clean_teams(self):
        return [int(value) for value in self.cleaned_data["teams"]]


class SampleForm(GovUKForm):
    domain = forms.ChoiceField(
        label="Which cases",
        choices=[
            (AuditDomain.COURT, "Court disposals sentenced 6 to 9 months ago"),
            (AuditDomain.OUT_OF_COURT, "Out-of-court disposals decided 3 to 5 months ago"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select which cases to sample"},
    )
    size = forms.IntegerField(
        label="Number of cases",
        min_value=1,
        max_value=200,
        error_messages={"required": "Enter the number of cases", "invalid": "Number of cases must be a whole number"},
    )
    seed = forms.CharField(
        label="Seed (optional)",
        required=False,
        max_length=64,
        help_text="The same seed on the same day draws the same sample",
    )


class KeyQuestionsForm(GovUKForm):
    """One yes/no answer and a note per key question of the case's domain."""

    def __init__(self, *args, questions: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for code, text in questions.items():
            self.fields[f"answer_{code}"] = forms.ChoiceField(
                label=f"{code} {text}",
                choices=[("yes", "Yes"), ("no", "No")],
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"note_{code}"] = textarea(f"Note for {code}", rows=2)

    def service_arguments(self) -> dict:
        return {"answers": self.answers()}

    def answers(self) -> list[tuple[str, bool, str]]:
        data = self.cleaned_data
        return [
            (code, data[f"answer_{code}"] == "yes", data[f"note_{code}"])
            for code in self.questions
            if data.get(f"answer_{code}")
        ]


class JudgementForm(GovUKForm):
    standard = forms.ChoiceField(
        label="Standard",
        choices=[
            ("1.1", "1.1 Governance and leadership"),
            ("1.2", "1.2 Staff"),
            ("1.3", "1.3 Partnerships and services"),
            ("1.4", "1.4 Information and facilities"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select a standard"},
    )
    rating = forms.ChoiceField(
        label="Rating", choices=Rating.choices, widget=forms.RadioSelect, error_messages={"required": "Select a rating"}
    )
    evidence = textarea("Evidence", required_message="Enter the evidence for the rating", rows=5)


class AssessRecommendationForm(GovUKForm):
    rag = forms.ChoiceField(
        label="Self-assessment",
        choices=Rag.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select red, amber or green"},
    )
    evidence_notes = textarea("Evidence", help_text="What shows where the service stands", rows=5)


class ActionForm(GovUKForm):
    """An action of the board, or one taken on an inspection recommendation."""

    description = textarea("Action", required_message="Enter the action", rows=3)
    owner = forms.CharField(label="Owner", max_length=150, error_messages={"required": "Enter who owns the action"})
    due_date = GovUKDateField(noun="due date", label="Due date")


class ImportForm(GovUKForm):
    file = forms.FileField(
        label="Recommendations CSV",
        help_text="Columns: code, source_inspection, year, addressed_to, summary, lines_of_enquiry, evidence_prompts "
        "(separate several lines of enquiry or evidence prompts with |)",
        error_messages={"required": "Select a CSV file"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError("The file must be smaller than 2 MB")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError("The file must be a CSV saved as UTF-8") from error


class PopulationForm(GovUKForm):
    year = forms.IntegerField(
        label="Year",
        min_value=2000,
        max_value=2100,
        error_messages={"required": "Enter the year", "invalid": "Year must be a year such as 2025"},
    )
    ethnicity = forms.ChoiceField(
        label="Ethnicity", choices=Ethnicity.choices, error_messages={"required": "Select the ethnicity"}
    )
    gender = forms.ChoiceField(label="Gender", choices=Gender.choices, error_messages={"required": "Select the gender"})
    children = forms.IntegerField(
        label="Children aged 10 to 17",
        min_value=0,
        error_messages={"required": "Enter the number of children", "invalid": "Enter a whole number"},
    )


class BoardMemberForm(GovUKForm):
    name = forms.CharField(label="Name", max_length=150, error_messages={"required": "Enter the member's name"})
    agency = forms.ChoiceField(label="Agency", choices=BoardAgency.choices)
    role = forms.CharField(label="Role", max_length=150, error_messages={"required": "Enter the member's role"})
    seniority = forms.ChoiceField(label="Seniority", choices=Seniority.choices, widget=forms.RadioSelect)
    interim = forms.BooleanField(label="Interim (not permanent in post)", required=False)
    user = forms.ModelChoiceField(
        label="Their account in this service (optional)",
        help_text="So that they see the board's meetings and the actions they own when they sign in",
        queryset=User.objects.filter(
            is_active=True, groups__name__in=[Role.BOARD_MEMBER, Role.HEAD_OF_SERVICE, Role.TEAM_MANAGER]
        )
        .distinct()
        .order_by("first_name", "last_name", "username"),
        required=False,
        empty_label="No account",
        error_messages={"invalid_choice": "Select an account from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].label_from_instance = lambda account: account.get_full_name() or account.get_username()


class BoardMeetingForm(GovUKForm):
    held_on = GovUKDateField(noun="date of the meeting", label="Date of the meeting")
    present = forms.MultipleChoiceField(label="Members present", required=False, widget=forms.CheckboxSelectMultiple)
    notes = textarea("Notes", rows=3)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(str(m.pk), f"{m.name}, {m.get_agency_display()}") for m in members]

    def clean_present(self):
        return [int(value) for value in self.cleaned_data["present"]]


class ActionStatusForm(GovUKForm):
    status = forms.ChoiceField(label="Status", choices=ActionStatus.choices)
