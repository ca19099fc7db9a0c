"""Youth conditional caution compliance forms: conditions complied with, failures and prosecution."""

from yjs.forms import GovUKForm, text, textarea

from ..models import ConditionStatus
from .fields import past_date, radios


class FailureForm(GovUKForm):
    occurred_on = past_date("date of the failure", "Date of the failure")
    what_happened = textarea(
        "What happened?",
        required_message="Enter what happened",
        help_text="The evidence: what the child did or did not do, and how you know",
        rows=5,
    )
    reasons_given = textarea(
        "Reasons the child gave",
        required_message="Enter the reasons the child gave, or that none were given",
        help_text="In their words, or say that they gave none",
    )
    past_fields = {"occurred_on": "Date of the failure"}


class ComplianceForm(GovUKForm):
    status = radios(
        "Has the child complied with the condition?",
        [(ConditionStatus.COMPLIED, "Yes, complied with"), (ConditionStatus.IN_PROGRESS, "Not yet, still in progress")],
        required_message="Select whether the condition was complied with",
        help_text="To record that it was not complied with, record the failure and its evidence",
    )
    notes = textarea("Notes (optional)", help_text="For example, how you know it was done")


class ProsecutionForm(GovUKForm):
    prosecution_outcome = text(
        "What was decided about prosecution?",
        max_length=200,
        required_message="Enter what was decided about prosecution",
        help_text="For example, charged with the original offence, or not prosecuted and why",
    )

    def service_arguments(self) -> dict:
        return {"outcome": self.cleaned_data["prosecution_outcome"]}
