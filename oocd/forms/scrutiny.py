"""Scrutiny panel forms: drawing a sample of decisions and recording a finding."""

from crispy_forms_gds.layout import Fixed
from django import forms

from yjs.forms import YES_NO, GovUKForm, textarea

from .fields import planned_date, radios


class ScrutinyDrawForm(GovUKForm):
    period_start = planned_date("start of the period", "Start of the period")
    period_end = planned_date("end of the period", "End of the period")
    percentage = forms.IntegerField(
        label="Percentage of decisions to sample",
        min_value=1,
        max_value=100,
        help_text="At least one decision of each outcome is included",
        error_messages={
            "required": "Enter the percentage of decisions to sample",
            "invalid": "Percentage must be a whole number, like 10",
            "min_value": "Enter a percentage from 1 to 100",
            "max_value": "Enter a percentage from 1 to 100",
        },
    )
    seed = forms.CharField(
        label="Seed (optional)",
        max_length=64,
        required=False,
        help_text="Drawing again with the same period and seed gives the same sample",
    )
    widths = {"percentage": Fixed.THREE, "seed": Fixed.TWENTY}
    dates_in_order = (("period_start", "period_end", "End of the period must be on or after its start"),)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["percentage"].widget = forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})
        self.helper = self.make_helper(list(self.fields))

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "period_start": data["period_start"],
            "period_end": data["period_end"],
            "percentage": data["percentage"],
            "seed": (data["seed"] or "").strip() or "scrutiny",
        }


class FindingForm(GovUKForm):
    appropriate = radios(
        "Was the decision appropriate?", YES_NO, required_message="Select yes if the decision was appropriate"
    )
    feedback = textarea(
        "Feedback", help_text="Needed when the decision was not appropriate: what should have been done", rows=5
    )

    def service_arguments(self) -> dict:
        return {"appropriate": self.cleaned_data["appropriate"] == "yes", "feedback": self.cleaned_data["feedback"]}
