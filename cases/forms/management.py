"""Forms for managing a case (allocating, restricting, closing it, the decision at 18) and for what is
added to it once open (offences, a new assessment)."""

from crispy_forms_gds.layout import Fixed
from django import forms

from yjs.forms import GovUKForm, person_label, radios, text, textarea
from yjs.models import User

from ..models import AssessmentReason, AssessmentType, Case, TransitionDecision
from .fields import (
    gravity_score_field,
    offence_date_field,
    offence_description_field,
    offence_group_field,
    planned_date,
)

# --- Managing the case -----------------------------------------------------------------------------


class CaseAllocateForm(GovUKForm):
    allocated_to = forms.ModelChoiceField(
        label="Who will work on the case?",
        queryset=User.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Select who the case is allocated to",
            "invalid_choice": "Select a member of the case's team",
        },
    )

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["allocated_to"]
        field.queryset = workers
        field.label_from_instance = person_label

    def service_arguments(self) -> dict:
        return {"to": self.cleaned_data["allocated_to"]}


class CaseRestrictForm(GovUKForm):
    restricted = radios(
        "Should the case be restricted?",
        [
            ("yes", "Yes, restrict it: only the allocated case worker, the team's managers and the head of service"),
            ("no", "No, everyone in the team who works with case records sees it"),
        ],
        required_message="Select yes if the case should be restricted",
    )

    def service_arguments(self) -> dict:
        return {"restricted": self.cleaned_data["restricted"] == "yes"}


class CaseCloseForm(GovUKForm):
    service_fields = {"status": None}

    end_date = planned_date("end date", "End date")
    closure_reason = text(
        "Why is the case closing?",
        model=Case,
        name="closure_reason",
        required_message="Enter why the case is closing",
        help_text="For example, the order was completed",
    )

    def service_arguments(self) -> dict:
        return {"end_date": self.cleaned_data["end_date"], "reason": self.cleaned_data["closure_reason"]}


class TransitionForm(GovUKForm):
    decision = radios("What is the decision?", TransitionDecision.choices, required_message="Select transfer or retain")
    reason = textarea(
        "Why?",
        required_message="Enter the reason for the decision",
        help_text="For example, how long the order has to run after the 18th birthday, and what the child needs",
    )


# --- What is added to an open case -----------------------------------------------------------------------


class OffenceForm(GovUKForm):
    description = offence_description_field(required_message="Enter the offence")
    offence_date = offence_date_field()
    offence_group = offence_group_field()
    gravity_score = gravity_score_field("Child Gravity Matrix score (optional)")
    outcome = forms.CharField(label="Outcome (optional)", max_length=100, required=False)
    departure_reason = textarea(
        "Why does the decision depart from the gravity score? (if it does)",
        help_text="A decision that departs from the score records why",
    )

    small_radios = ("gravity_score",)
    widths = {"outcome": Fixed.TWENTY}

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["gravity_score"] = int(data["gravity_score"]) if data.get("gravity_score") else None
        return data


class AssessmentStartForm(GovUKForm):
    assessment_type = radios(
        "Type of assessment", AssessmentType.choices, required_message="Select the type of assessment"
    )
    reason = radios(
        "Why is it needed?",
        [(value, label) for value, label in AssessmentReason.choices if value != AssessmentReason.SIGNIFICANT_EVENT],
        required_message="Select why the assessment is needed",
        help_text="A reassessment after a significant event starts from the review that found it was needed.",
    )
    due_date = planned_date(
        "due date",
        "Due date (optional)",
        required=False,
        help_text="If you leave it empty, it is due the set number of working days from today",
    )
