"""Decision forms: the panel's or the police's decision, and its delivery."""

from crispy_forms_gds.choices import Choice
from django import forms
from django.conf import settings

from yjs.forms import GovUKForm, PersonNameField, textarea, upload_field
from yjs.validators import planned_for

from ..models import Outcome, ReferralSource
from .fields import GovUKDateField, MomentForm, moment_fields, past_date
from .referrals import REFERRAL_FIELDS, ReferralForm

MAX_CONDITIONS = 5


# --- Decisions ------------------------------------------------------------------------------


def outcome_hint(outcome: Outcome) -> str:
    parts = [f"Gravity score {outcome.gravity_score}."]
    if outcome.needs_admission:
        parts.append("Needs the child to admit the offence or accept responsibility.")
    else:
        parts.append("No admission needed.")
    if outcome.barred_after_conviction:
        parts.append("Not available to a child with a previous conviction.")
    if outcome.has_conditions:
        parts.append(
            f"Has conditions, each ending no later than {settings.YCC_CONDITION_MAX_MONTHS} months after the caution."
        )
    return " ".join(parts)


def condition_error_fields() -> dict[str, str]:
    """The services name conditions ``conditions[1].end_date``; these forms, ``condition_1_end_date``."""
    mapping = {"conditions": "condition_1_description"}
    for number in range(1, MAX_CONDITIONS + 1):
        mapping[f"conditions[{number}].description"] = f"condition_{number}_description"
        mapping[f"conditions[{number}].end_date"] = f"condition_{number}_end_date"
    return mapping


DECISION_FIELDS = ("outcome", "decided_on", "rationale", "dissent", "departure_reason")


class DecisionForm(GovUKForm):
    """An outcome, its reasons and, for a youth conditional caution, up to five conditions."""

    outcome = forms.ChoiceField(
        label="Outcome",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome", "invalid_choice": "Select the outcome"},
    )
    decided_on = past_date("date of the decision", "Date of the decision")
    rationale = textarea(
        "Reasons for the decision",
        required_message="Enter the reasons for the decision",
        help_text="Why this outcome is proportionate for this child",
        rows=5,
    )
    dissent = textarea("Dissent (optional)", help_text="Who disagreed with the decision, and why")
    departure_reason = textarea(
        "Why does the outcome depart from the gravity score? (optional)",
        help_text="Needed when the outcome is not the one the gravity score suggests",
    )

    service_fields = {
        "outcome": "outcome",
        "rationale": "rationale",
        "decided_on": "decided_on",
        "departure_reason": "departure_reason",
        "panel": None,
        "referral": None,
        **condition_error_fields(),
    }

    def __init__(self, *args, outcomes=(), gravity_score: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._outcomes = {outcome.code: outcome for outcome in outcomes}
        self.fields["outcome"].choices = [
            Choice(outcome.code, outcome.name, hint=outcome_hint(outcome)) for outcome in outcomes
        ]
        if gravity_score:
            self.fields[
                "departure_reason"
            ].help_text = f"Needed when the outcome is not the one the gravity score of {gravity_score} suggests"
        for number in range(1, MAX_CONDITIONS + 1):
            self.fields[f"condition_{number}_description"] = forms.CharField(
                label="What the child must do", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"condition_{number}_end_date"] = GovUKDateField(
                noun=f"end date of condition {number}", label="End date", required=False, bounds=planned_for
            )
        self.decision_helper = self.make_helper(DECISION_FIELDS)
        self.condition_rows = [
            {
                "number": number,
                "helper": self.make_helper([f"condition_{number}_description", f"condition_{number}_end_date"]),
                "open": number <= 2 or self._condition_typed(number),
            }
            for number in range(1, MAX_CONDITIONS + 1)
        ]

    @property
    def more_conditions_open(self) -> bool:
        return any(row["open"] for row in self.condition_rows[2:])

    def _condition_typed(self, number: int) -> bool:
        for part in ("description", "end_date"):
            value = self[f"condition_{number}_{part}"].value()
            if any(value) if isinstance(value, (list, tuple)) else (value or "").strip():
                return True
        return False

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        conditions = []
        for number in range(1, MAX_CONDITIONS + 1):
            description = (data.get(f"condition_{number}_description") or "").strip()
            end_date = data.get(f"condition_{number}_end_date")
            if description or end_date:
                conditions.append({"description": description, "end_date": end_date})
        return {
            "outcome": self._outcomes[data["outcome"]],
            "decided_on": data["decided_on"],
            "rationale": data["rationale"],
            "dissent": data["dissent"],
            "departure_reason": data["departure_reason"],
            "conditions": conditions,
        }


class PoliceOnlyDecisionForm(ReferralForm, DecisionForm):
    """A decision the police took alone: the referral's details and the decision, together."""

    service_fields = {**ReferralForm.service_fields, **DecisionForm.service_fields}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The police's own referral, decided by the police alone: no other source, no panel to dissent.
        del self.fields["source"], self.fields["dissent"]
        self.referral_helper = self.make_helper([name for name in REFERRAL_FIELDS if name != "source"])
        self.decision_helper = self.make_helper([name for name in DECISION_FIELDS if name != "dissent"])

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        data.setdefault("source", ReferralSource.POLICE)
        data.setdefault("dissent", "")
        arguments = {**ReferralForm.service_arguments(self), **DecisionForm.service_arguments(self)}
        del arguments["source"], arguments["dissent"]
        return arguments


class WarningForm(MomentForm):
    given_date, given_time = moment_fields("the warning was given")
    appropriate_adult_name = PersonNameField(
        label="Appropriate adult present",
        max_length=150,
        required=False,
        help_text="Needed for a child of 16 or under: their name and relationship to the child",
    )
    service_fields = {"warning_given_at": "given_date", "outcome": None}

    def service_arguments(self) -> dict:
        return {**super().service_arguments(), "appropriate_adult_name": self.cleaned_data["appropriate_adult_name"]}


class ImplicationsForm(MomentForm):
    explained_date, explained_time = moment_fields("the implications were explained")
    service_fields = {"implications_explained_at": "explained_date"}


class DeliveryForm(MomentForm):
    delivered_date, delivered_time = moment_fields("the disposal was delivered")
    service_fields = {"delivered_at": "delivered_date", "implications_explained_at": None}


class VictimInformedForm(MomentForm):
    informed_date, informed_time = moment_fields("the victim was told the outcome")
    service_fields = {"victim_informed_at": "informed_date"}


class SignedDocumentForm(GovUKForm):
    signed_document = upload_field(
        "Upload the signed disposal document",
        required_message="Select the signed disposal document",
        help_text="A PDF, JPEG or PNG, smaller than the size limit",
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = settings.OOCD_DOCUMENT_MAX_BYTES
        if limit >= 1024 * 1024:
            self.fields["signed_document"].help_text = f"A PDF, JPEG or PNG, smaller than {limit / (1024 * 1024):g}MB"

    def service_arguments(self) -> dict:
        return {"document": self.cleaned_data["signed_document"]}
