"""Forms for the out-of-court disposal pages, in GOV.UK Design System style (crispy-forms-gds).

Forms check only what was typed (a real date, a time like 14:30, an answer given); the rules
live in ``oocd.services``, whose field errors the views put back onto these forms
(``add_service_errors``), so the pages and the API give the same messages.
"""

from datetime import date, datetime, time

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import ConditionalQuestion, ConditionalRadios, Field, Fixed, Fluid
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import GravityScore
from yjs import forms as yjs_forms
from yjs.models import Team, User
from yjs.validators import happened_after_yjs_began, planned_for

from .models import Agency, ConditionStatus, Outcome, Referral, ReferralSource

YES_NO = [("yes", "Yes"), ("no", "No")]
MAX_CONDITIONS = 5
DATE_HINT = "For example, 27 3 2026"


# --- Fields ---------------------------------------------------------------------------


class GovUKDateField(yjs_forms.GovUKDateField):
    """The GOV.UK date input, with the hint of a date this year."""

    default_help_text = DATE_HINT


GovUKTimeField = yjs_forms.GovUKTimeField


def radios(label: str, choices, *, required_message: str, help_text: str = "", **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[choice for choice in choices if choice[0] != ""],
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": required_message, "invalid_choice": required_message},
        **kwargs,
    )


def textarea(label: str, *, required_message: str | None = None, help_text: str = "", rows: int = 4):
    return forms.CharField(
        label=label,
        required=required_message is not None,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message or ""},
    )


def moment(day: date | None, clock: time | None) -> datetime | None:
    """A date and a time typed on a page, as an aware datetime in the service's time zone."""
    if day is None or clock is None:
        return None
    return timezone.make_aware(datetime.combine(day, clock))


def _now_initial(prefix: str) -> dict:
    now = timezone.localtime()
    return {f"{prefix}_date": now.date(), f"{prefix}_time": f"{now:%H:%M}"}


# --- Form base ------------------------------------------------------------------------


class GovUKForm(yjs_forms.GovUKForm):
    """The out-of-court disposal pages' form base: a check that a date is not in the future."""

    def not_in_future(self, name: str, label: str) -> None:
        value = self.cleaned_data.get(name)
        if isinstance(value, date) and value > timezone.localdate():
            self.add_error(name, f"{label} must be today or in the past")


# --- Referrals ------------------------------------------------------------------------


class ChildSearchForm(GovUKForm):
    q = forms.CharField(
        label="Name, date of birth or PNC ID",
        help_text="For example, Jayden Whitfield, 14/03/2010 or 23/123456A",
        max_length=100,
        error_messages={"required": "Enter a name, date of birth or PNC ID"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(type="search", spellcheck="false", autocomplete="off")


REFERRAL_FIELDS = (
    "team",
    "source",
    "referring_officer",
    "offence_description",
    "offence_date",
    "gravity_score",
    "admitted",
    "has_victim",
)


class ReferralForm(GovUKForm):
    team = forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        help_text="The youth justice team that will hold the diversion case",
        error_messages={"required": "Select the team", "invalid_choice": "Select the team"},
    )
    source = radios(
        "Where did the referral come from?",
        ReferralSource.choices,
        required_message="Select where the referral came from",
        initial=ReferralSource.POLICE,
    )
    referring_officer = yjs_forms.PersonNameField(
        label="Referring officer",
        max_length=150,
        help_text="Their name, rank and collar number",
        error_messages={"required": "Enter the referring officer"},
    )
    offence_description = forms.CharField(
        label="Offence",
        max_length=300,
        help_text="For example, theft from a shop",
        error_messages={"required": "Enter the offence"},
    )
    offence_date = GovUKDateField(
        bounds=happened_after_yjs_began, noun="date of the offence", label="Date of the offence"
    )
    gravity_score = radios(
        "Child Gravity Matrix score",
        GravityScore.choices,
        required_message="Select the gravity score, from 1 to 5",
        help_text="The 2023 matrix",
    )
    admitted = radios(
        "Did the child admit the offence or accept responsibility?",
        YES_NO,
        required_message="Select yes if the child admitted the offence or accepted responsibility",
        help_text="Community resolutions and cautions need an admission",
    )
    has_victim = radios("Is there a victim?", YES_NO, required_message="Select yes if there is a victim")

    small_radios = ("gravity_score",)
    service_fields = {
        "description": "offence_description",
        "offences": "offence_description",
        "offence_date": "offence_date",
        "gravity_score": "gravity_score",
        "referring_officer": "referring_officer",
        "source": "source",
        "referred_at": None,
        "team": "team",
    }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        teams = Team.objects.filter(pk__in=user.team_ids).order_by("name")
        self.fields["team"].queryset = teams
        if len(user.team_ids) == 1:
            self.fields["team"].initial = next(iter(user.team_ids))
        self.fields["referring_officer"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.referral_helper = self.make_helper(REFERRAL_FIELDS)

    def clean(self):
        data = super().clean()
        self.not_in_future("offence_date", "Date of the offence")
        return data

    def referral_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "team": data["team"],
            "source": data["source"],
            "referring_officer": data["referring_officer"].strip(),
            "gravity_score": int(data["gravity_score"]),
            "admitted": data["admitted"] == "yes",
            "has_victim": data["has_victim"] == "yes",
            "offences": [{"description": data["offence_description"].strip(), "offence_date": data["offence_date"]}],
        }


class VictimViewsForm(GovUKForm):
    contacted = radios(
        "Was the victim contacted before the decision?",
        YES_NO,
        required_message="Select yes if the victim was contacted before the decision",
    )
    contacted_on = GovUKDateField(
        bounds=happened_after_yjs_began, noun="date the victim was contacted", label="Date contacted", required=False
    )
    victim_views = textarea("The victim's views", help_text="What they said, and what they would like to happen")
    not_contacted_reason = textarea(
        "Why was the victim not contacted?", help_text="For example, they asked not to be contacted"
    )
    service_fields = {"victim_contacted_at": "contacted_on", "victim_not_contacted_reason": "not_contacted_reason"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = self.make_helper(
            [
                ConditionalRadios(
                    "contacted",
                    ConditionalQuestion("Yes", Field("contacted_on"), Field.textarea("victim_views", rows=5)),
                    ConditionalQuestion("No", Field.textarea("not_contacted_reason", rows=3)),
                )
            ]
        )

    def clean(self):
        data = super().clean()
        if data.get("contacted") == "yes":
            if not data.get("contacted_on") and "contacted_on" not in self.errors:
                self.add_error("contacted_on", "Enter the date the victim was contacted")
            self.not_in_future("contacted_on", "Date contacted")
            if not (data.get("victim_views") or "").strip():
                self.add_error("victim_views", "Enter the victim's views")
        elif data.get("contacted") == "no" and not (data.get("not_contacted_reason") or "").strip():
            self.add_error("not_contacted_reason", "Enter why the victim was not contacted")
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        if data["contacted"] == "yes":
            return {
                "victim_views": data["victim_views"],
                "victim_contacted_at": moment(data["contacted_on"], time(0)),
                "victim_not_contacted_reason": "",
            }
        return {"victim_views": "", "victim_not_contacted_reason": data["not_contacted_reason"]}


class ChildViewsForm(GovUKForm):
    child_views = textarea(
        "The child's views",
        required_message="Enter the child's views",
        help_text="In the child's own words: what happened, and what would help",
        rows=6,
    )


class ParentCarerViewsForm(GovUKForm):
    parent_carer_views = textarea(
        "The parent or carer's views",
        required_message="Enter the parent or carer's views",
        help_text="Say who they are, for example the child's mother or foster carer",
        rows=6,
    )


# --- Panels -----------------------------------------------------------------------------


def referral_label(referral: Referral) -> str:
    return (
        f"{referral.child.full_name}, referred {timezone.localtime(referral.referred_at):%-d %B %Y}, "
        f"gravity score {referral.gravity_score}"
    )


class PanelForm(GovUKForm):
    held_on = GovUKDateField(bounds=planned_for, noun="date of the panel", label="Date of the panel")
    location = forms.CharField(label="Location (optional)", max_length=150, required=False)
    referrals = forms.MultipleChoiceField(
        label="Referrals on the agenda",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. Only referrals still waiting for a decision are listed",
        error_messages={"invalid_choice": "Select referrals from the list"},
    )

    def __init__(self, *args, referrals=(), missing: dict[int, list[str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        missing = missing or {}
        self._referrals = {str(referral.pk): referral for referral in referrals}
        self.fields["referrals"].choices = [
            Choice(
                str(referral.pk),
                referral_label(referral),
                hint=("Missing: " + ", ".join(missing[referral.pk]).lower()) if missing.get(referral.pk) else "",
            )
            for referral in referrals
        ]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "held_on": data["held_on"],
            "location": data["location"].strip(),
            "referrals": [self._referrals[pk] for pk in data["referrals"]],
        }


class AttendeeForm(GovUKForm):
    user = forms.ModelChoiceField(
        label="Attendee with an account (optional)",
        queryset=User.objects.none(),
        required=False,
        empty_label="Not a user of this service",
        help_text="Choose them here, or enter their name below",
        error_messages={"invalid_choice": "Select an attendee from the list"},
    )
    name = yjs_forms.PersonNameField(
        label="Name", max_length=150, required=False, help_text="If they do not have an account"
    )
    agency = radios("Agency", Agency.choices, required_message="Select the attendee's agency")
    role = forms.CharField(
        label="Role at the panel",
        max_length=100,
        help_text="For example, chair, YJS police officer or case worker",
        error_messages={"required": "Enter the attendee's role"},
    )
    widths = {"name": Fluid.ONE_HALF, "role": Fluid.ONE_HALF}

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users if users is not None else User.objects.none()
        self.fields["user"].label_from_instance = lambda user: f"{user} ({user.username})"

    def clean(self):
        data = super().clean()
        if not data.get("user") and not (data.get("name") or "").strip():
            self.add_error("name", "Enter the attendee's name, or choose them from the list")
        return data


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
    decided_on = GovUKDateField(
        bounds=happened_after_yjs_began, noun="date of the decision", label="Date of the decision"
    )
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

    def decision_arguments(self) -> dict:
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
        arguments = {**self.referral_arguments(), **self.decision_arguments()}
        del arguments["source"], arguments["dissent"]
        return arguments


class WarningForm(GovUKForm):
    given_date = GovUKDateField(bounds=happened_after_yjs_began, noun="date the warning was given", label="Date")
    given_time = GovUKTimeField(noun="time the warning was given")
    appropriate_adult_name = yjs_forms.PersonNameField(
        label="Appropriate adult present",
        max_length=150,
        required=False,
        help_text="Needed for a child of 16 or under: their name and relationship to the child",
    )
    service_fields = {"warning_given_at": "given_date", "outcome": None}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", _now_initial("given"))
        super().__init__(*args, **kwargs)

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "given_at": moment(data["given_date"], data["given_time"]),
            "appropriate_adult_name": data["appropriate_adult_name"],
        }


class ImplicationsForm(GovUKForm):
    explained_date = GovUKDateField(
        bounds=happened_after_yjs_began, noun="date the implications were explained", label="Date"
    )
    explained_time = GovUKTimeField(noun="time the implications were explained")
    service_fields = {"implications_explained_at": "explained_date"}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", _now_initial("explained"))
        super().__init__(*args, **kwargs)

    def service_arguments(self) -> dict:
        return {"explained_at": moment(self.cleaned_data["explained_date"], self.cleaned_data["explained_time"])}


class DeliveryForm(GovUKForm):
    delivered_date = GovUKDateField(
        bounds=happened_after_yjs_began, noun="date the disposal was delivered", label="Date"
    )
    delivered_time = GovUKTimeField(noun="time the disposal was delivered")
    service_fields = {"delivered_at": "delivered_date", "implications_explained_at": None}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", _now_initial("delivered"))
        super().__init__(*args, **kwargs)

    def service_arguments(self) -> dict:
        return {"delivered_at": moment(self.cleaned_data["delivered_date"], self.cleaned_data["delivered_time"])}


class VictimInformedForm(GovUKForm):
    informed_date = GovUKDateField(
        bounds=happened_after_yjs_began, noun="date the victim was told the outcome", label="Date"
    )
    informed_time = GovUKTimeField(noun="time the victim was told the outcome")
    service_fields = {"victim_informed_at": "informed_date"}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", _now_initial("informed"))
        super().__init__(*args, **kwargs)

    def service_arguments(self) -> dict:
        return {"informed_at": moment(self.cleaned_data["informed_date"], self.cleaned_data["informed_time"])}


class SignedDocumentForm(GovUKForm):
    signed_document = forms.FileField(
        label="Upload the signed disposal document",
        help_text="A PDF, JPEG or PNG, smaller than the size limit",
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
        error_messages={
            "required": "Select the signed disposal document",
            "empty": "The selected file is empty",
            "invalid": "The selected file could not be uploaded – try again",
            "missing": "Select the signed disposal document",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = settings.OOCD_DOCUMENT_MAX_BYTES
        if limit >= 1024 * 1024:
            self.fields["signed_document"].help_text = f"A PDF, JPEG or PNG, smaller than {limit / (1024 * 1024):g}MB"


# --- Youth conditional caution compliance --------------------------------------------------------


class FailureForm(GovUKForm):
    occurred_on = GovUKDateField(
        bounds=happened_after_yjs_began, noun="date of the failure", label="Date of the failure"
    )
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

    def clean(self):
        data = super().clean()
        self.not_in_future("occurred_on", "Date of the failure")
        return data


class ComplianceForm(GovUKForm):
    status = radios(
        "Has the child complied with the condition?",
        [(ConditionStatus.COMPLIED, "Yes, complied with"), (ConditionStatus.IN_PROGRESS, "Not yet, still in progress")],
        required_message="Select whether the condition was complied with",
        help_text="To record that it was not complied with, record the failure and its evidence",
    )
    notes = textarea("Notes (optional)", help_text="For example, how you know it was done")


class ProsecutionForm(GovUKForm):
    prosecution_outcome = forms.CharField(
        label="What was decided about prosecution?",
        max_length=200,
        help_text="For example, charged with the original offence, or not prosecuted and why",
        error_messages={"required": "Enter what was decided about prosecution"},
    )

    def clean_prosecution_outcome(self):
        value = self.cleaned_data["prosecution_outcome"].strip()
        if not value:
            raise ValidationError("Enter what was decided about prosecution")
        return value


# --- Scrutiny -----------------------------------------------------------------------------------


class ScrutinyDrawForm(GovUKForm):
    period_start = GovUKDateField(bounds=planned_for, noun="start of the period", label="Start of the period")
    period_end = GovUKDateField(bounds=planned_for, noun="end of the period", label="End of the period")
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["percentage"].widget = forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})
        self.helper = self.make_helper(list(self.fields))

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "End of the period must be on or after its start")
        return data

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
