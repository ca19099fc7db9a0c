"""The form of a child's hearing. The rules (an outcome once the hearing has happened, the next
hearing after it, a case of the child's) are the service's; its errors come back onto the fields."""

from django import forms

from cases.models import Case
from yjs.forms import GovUKDateField, GovUKForm, radios, textarea
from yjs.validators import planned_for

from ..models import Hearing, HearingOutcome, HearingType

EXAMPLE = "For example, 27 3 2026"


class HearingForm(GovUKForm):
    case = forms.ModelChoiceField(
        label="Case (optional)",
        queryset=Case.objects.none(),
        required=False,
        empty_label="Not linked to a case",
        help_text="The case the hearing is about, if it is about one of the child's open cases",
        error_messages={"invalid_choice": "Select one of the child's cases"},
    )
    heard_on = GovUKDateField(
        noun="date of the hearing", label="Date of the hearing", help_text=EXAMPLE, bounds=planned_for
    )
    court = forms.CharField(
        label="Court",
        max_length=Hearing._meta.get_field("court").max_length,
        help_text="For example, Leeds Youth Court",
        error_messages={"required": "Enter the court"},
    )
    hearing_type = radios("Type of hearing", HearingType.choices, required_message="Select the type of hearing")
    outcome = forms.ChoiceField(
        label="Outcome (optional)",
        choices=[("", "Not known yet"), *HearingOutcome.choices],
        required=False,
        help_text="Leave as not known yet for a hearing still to happen",
    )
    next_hearing_on = GovUKDateField(
        noun="date of the next hearing",
        label="Date of the next hearing (optional)",
        required=False,
        help_text=EXAMPLE,
        bounds=planned_for,
    )
    duty_officer_note = textarea(
        "Court duty officer's note (optional)",
        help_text="What happened at court, and anything the case worker needs to know",
    )
    small_radios = ("hearing_type",)

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["case"]
        field.queryset = cases
        field.label_from_instance = lambda case: f"{case.get_case_type_display()}, opened {case.start_date:%-d %B %Y}"
