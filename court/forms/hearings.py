"""The form of a child's hearing. The rules (an outcome once the hearing has happened, the next
hearing after it, a case of the child's) are the service's; its errors come back onto the fields."""

from django import forms

from cases.models import Case
from yjs.forms import GovUKForm, choose_one, planned_date, radios, text, textarea

from ..models import Hearing, HearingOutcome, HearingType


def court_field(model, required_message: str) -> forms.CharField:
    """The court (of a hearing, an order): as long as the model's ``court``."""
    return text(
        "Court",
        model=model,
        name="court",
        required_message=required_message,
        help_text="For example, Leeds Youth Court",
    )


class HearingForm(GovUKForm):
    case = choose_one(
        "Case (optional)",
        Case,
        empty_label="Not linked to a case",
        help_text="The case the hearing is about, if it is about one of the child's open cases",
        invalid_message="Select one of the child's cases",
    )
    heard_on = planned_date("date of the hearing", "Date of the hearing")
    court = court_field(Hearing, "Enter the court")
    hearing_type = radios("Type of hearing", HearingType.choices, required_message="Select the type of hearing")
    outcome = forms.ChoiceField(
        label="Outcome (optional)",
        choices=[("", "Not known yet"), *HearingOutcome.choices],
        required=False,
        help_text="Leave as not known yet for a hearing still to happen",
    )
    next_hearing_on = planned_date("date of the next hearing", "Date of the next hearing (optional)", required=False)
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
