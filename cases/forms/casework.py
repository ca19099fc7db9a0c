"""Forms for the work on a case: assessments, plans, reviews, contacts, victims and transfers."""

from datetime import datetime, time

from crispy_forms_gds.layout import Fixed
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from yjs.forms import DATE_EXAMPLE, YES_NO, GovUKForm, PersonNameField, email, phone, radios, text, textarea

from ..models import Attendance, ContactType, EnforcementStep, Level, ReviewTrigger, Victim
from .fields import GovUKDateField, planned_date

MAX_PLAN_TARGETS = 5

# --- Assessments --------------------------------------------------------------------------------


class AssessmentForm(GovUKForm):
    likelihood_of_reoffending = radios(
        "Likelihood of reoffending", [c for c in Level.choices if c[0] != Level.VERY_HIGH]
    )
    risk_of_serious_harm = radios("Risk of serious harm to others", Level.choices)
    safety_and_wellbeing = radios("Safety and wellbeing", Level.choices)
    child_view = textarea(
        "The child's own view",
        help_text="In the child's words: what they think about what happened and what would help",
    )
    self_assessment_captured = forms.BooleanField(label="The child completed a self-assessment", required=False)
    trauma_noted = forms.BooleanField(label="Trauma and adverse experiences noted", required=False)
    social_media_component = forms.BooleanField(label="Social media component to the offence", required=False)
    summary = textarea("Summary")
    completed_date = GovUKDateField(
        noun="date the assessment was completed",
        label="Date completed",
        required=False,
        help_text=f"Needed to complete the assessment. {DATE_EXAMPLE}",
    )

    def __init__(self, *args, completing: bool = False, completed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # A completed assessment keeps its completion date and author when it is corrected.
        self.completing = completing and not completed
        if completed:
            del self.fields["completed_date"]
            self.helper = self.make_helper(list(self.fields))

    def clean(self):
        data = super().clean()
        if self.completing and not data.get("completed_date") and "completed_date" not in self.errors:
            self.add_error("completed_date", "Enter the date the assessment was completed")
        return data

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["completed_date"] = data.get("completed_date") if self.completing else None
        return data


# --- Oversight: countersign or return ----------------------------------------------------------------


class CountersignOrReturnForm(GovUKForm):
    """The manager's choice, made by the button pressed: countersign, or return to the author with
    feedback (required to return)."""

    COUNTERSIGN, RETURN = "countersign", "return"

    feedback = textarea(
        "Feedback for the case worker (needed to return it)",
        help_text="What must change before you can countersign it. The case worker sees this on their list.",
        rows=6,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.choice = (self.data.get("action") if self.is_bound else None) or self.COUNTERSIGN

    @property
    def returning(self) -> bool:
        return self.choice == self.RETURN

    def clean(self):
        data = super().clean()
        if self.returning and not (data.get("feedback") or "").strip() and "feedback" not in self.errors:
            self.add_error("feedback", "Enter your feedback: what must change before you can countersign it")
        return data

    def service_arguments(self) -> dict:
        return {"feedback": self.cleaned_data["feedback"]} if self.returning else {}


# --- Plans -----------------------------------------------------------------------------------------


class PlanForm(GovUKForm):
    """The plan, with up to five of the child's own targets ("my targets")."""

    external_controls = textarea(
        "External controls",
        help_text="What others will do to manage the risk of harm, for example licence conditions or curfews",
    )
    contingency = textarea("Contingency", help_text="What will happen if the risk to the child or to others rises")
    risk_meeting_decisions = textarea("Decisions of risk meetings (optional)")
    assessment = forms.ChoiceField(label="Assessment this plan follows (optional)", required=False)

    def __init__(self, *args, assessments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._assessments = {str(a.pk): a for a in assessments}
        self.fields["assessment"].choices = [("", "Not linked to an assessment")] + [
            (str(a.pk), f"{a.get_assessment_type_display()}, due {a.due_date:%-d %B %Y}") for a in assessments
        ]
        for number in range(1, MAX_PLAN_TARGETS + 1):
            self.fields[f"target_{number}_what"] = textarea("What I will do")
            self.fields[f"target_{number}_who"] = forms.CharField(label="Who will help me", required=False)
            self.fields[f"target_{number}_by_when"] = planned_date(
                f"date target {number} is due", "By when", required=False
            )
            self.fields[f"target_{number}_how_i_will_know"] = textarea("How I will know it is done")
        self.helper = self.make_helper(["external_controls", "contingency", "risk_meeting_decisions", "assessment"])
        self.target_rows = [
            {
                "number": number,
                "helper": self.make_helper([f"target_{number}_{part}" for part in TARGET_PARTS]),
                "open": number == 1 or self._target_typed(number),
            }
            for number in range(1, MAX_PLAN_TARGETS + 1)
        ]

    def _target_typed(self, number: int) -> bool:
        for part in TARGET_PARTS:
            value = self[f"target_{number}_{part}"].value()
            if any(value) if isinstance(value, (list, tuple)) else value:
                return True
        return False

    def clean(self):
        data = super().clean()
        filled = 0
        for number in range(1, MAX_PLAN_TARGETS + 1):
            values = {part: data.get(f"target_{number}_{part}") for part in TARGET_PARTS}
            typed = any(values.values()) or any(f"target_{number}_{part}" in self.errors for part in ("by_when",))
            if not typed:
                continue
            filled += 1
            messages = {
                "what": f"Enter what the child will do for target {number}",
                "who": f"Enter who will help with target {number}",
                "by_when": f"Enter the date target {number} is due",
                "how_i_will_know": f"Enter how the child will know target {number} is done",
            }
            for part, message in messages.items():
                name = f"target_{number}_{part}"
                if not values[part] and name not in self.errors:
                    self.add_error(name, message)
        if not filled:
            self.add_error("target_1_what", "Enter at least one target written with the child")
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        targets = []
        for number in range(1, MAX_PLAN_TARGETS + 1):
            if data.get(f"target_{number}_what"):
                targets.append({part: data[f"target_{number}_{part}"] for part in TARGET_PARTS})
        return {
            "targets": targets,
            "external_controls": data["external_controls"],
            "contingency": data["contingency"],
            "risk_meeting_decisions": data["risk_meeting_decisions"],
            "assessment": self._assessments.get(data.get("assessment") or ""),
        }

    @property
    def service_fields(self) -> dict[str, str]:
        """The service names target fields ``targets[1].what``; this form, ``target_1_what``."""
        mapping = {"targets": "target_1_what"}
        for number in range(1, MAX_PLAN_TARGETS + 1):
            for part in TARGET_PARTS:
                mapping[f"targets[{number}].{part}"] = f"target_{number}_{part}"
        return mapping


TARGET_PARTS = ("what", "who", "by_when", "how_i_will_know")


class PlanResubmitForm(GovUKForm):
    """The author answers a manager's feedback on a returned plan and resubmits it."""

    external_controls = textarea(
        "External controls",
        help_text="What others will do to manage the risk of harm, for example licence conditions or curfews",
    )
    contingency = textarea("Contingency", help_text="What will happen if the risk to the child or to others rises")


# --- Reviews and contacts ------------------------------------------------------------------------------


class ReviewScheduleForm(GovUKForm):
    trigger = radios(
        "Why is the review needed?", ReviewTrigger.choices, required_message="Select why the review is needed"
    )
    trigger_detail = forms.CharField(
        label="What happened (optional)", max_length=300, required=False, help_text="For a significant event"
    )
    due_date = planned_date("date the review is due", "Due date")


class ReviewCompleteForm(GovUKForm):
    outcome = textarea(
        "What did the review find and decide?", required_message="Enter what the review found and decided"
    )
    # Required by the service for a significant-event review of a case with a current assessment.
    assessment_still_holds = radios(
        "Do the assessment and plan still hold?",
        [("yes", "Yes"), ("no", "No, the child needs to be reassessed")],
        help_text="If not, a new assessment starts from this review.",
    )
    completed_date = GovUKDateField(
        noun="date the review was completed", label="Date completed", help_text=DATE_EXAMPLE
    )
    past_fields = {"completed_date": "Date completed"}

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        answer = data.pop("assessment_still_holds", "")
        data["assessment_still_holds"] = {"yes": True, "no": False}.get(answer)
        return data


class ContactForm(GovUKForm):
    service_fields = {"scheduled_at": "contact_date"}

    contact_type = radios("Type of contact", ContactType.choices, required_message="Select the type of contact")
    contact_date = planned_date("date of the contact", "Date")
    contact_time = forms.CharField(
        label="Time",
        max_length=8,
        help_text="Use the 24-hour clock, for example 14:30",
        error_messages={"required": "Enter the time of the contact"},
    )
    attendance = radios(
        "Attendance",
        [("planned", "Not happened yet"), *Attendance.choices],
        required_message="Select whether the child attended",
    )
    enforcement_step = radios(
        "Enforcement step",
        [("none", "None"), *[c for c in EnforcementStep.choices if c[0]]],
        required_message="Select the enforcement step, or none",
        help_text="Only after a missed appointment",
    )
    notes = textarea("Notes (optional)")

    widths = {"contact_time": Fixed.FIVE}

    def clean_contact_time(self):
        text = self.cleaned_data["contact_time"].strip().replace(".", ":")
        try:
            return datetime.strptime(text, "%H:%M").time()
        except ValueError:
            raise ValidationError("Enter the time in the 24-hour clock, like 14:30") from None

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        when = datetime.combine(data["contact_date"], data["contact_time"] or time(0))
        return {
            "contact_type": data["contact_type"],
            "scheduled_at": timezone.make_aware(when),
            "attendance": "" if data["attendance"] == "planned" else data["attendance"],
            "enforcement_step": "" if data["enforcement_step"] == "none" else data["enforcement_step"],
            "notes": data["notes"],
        }


# --- Victims ----------------------------------------------------------------------------------------------


RESTORATIVE_JUSTICE_CHOICES = Victim._meta.get_field("restorative_justice").choices


class VictimForm(GovUKForm):
    display_name = PersonNameField(
        label="How the victim is referred to",
        max_length=150,
        help_text="Not their name: for example, Victim A or The shop",
        error_messages={"required": "Enter how the victim is referred to"},
    )
    is_organisation = forms.BooleanField(label="The victim is an organisation, such as a shop", required=False)
    wishes = textarea("The victim's wishes")
    consent_to_share = radios(
        "Has the victim consented to their views being shared?",
        YES_NO,
        required_message="Select yes if the victim consented to sharing",
    )
    restorative_justice = radios(
        "Restorative justice",
        [("not_discussed", "Not discussed"), *[c for c in RESTORATIVE_JUSTICE_CHOICES if c[0]]],
        required_message="Select where restorative justice is up to",
    )
    at_continuing_risk = forms.BooleanField(label="The victim is at continuing risk", required=False)

    contact_fields = ("full_name", "address", "phone", "email", "preferred_contact")

    def __init__(self, *args, with_contact_details: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.with_contact_details = with_contact_details
        if with_contact_details:
            self.fields["full_name"] = PersonNameField(label="Full name (optional)", max_length=200, required=False)
            self.fields["address"] = textarea("Address (optional)")
            self.fields["phone"] = phone()
            self.fields["email"] = email("Email address (optional)")
            self.fields["preferred_contact"] = forms.CharField(
                label="How they prefer to be contacted (optional)", max_length=100, required=False
            )
            self.fields["full_name"].widget.attrs.update(autocomplete="off")
        self.helper = self.make_helper(
            [
                "display_name",
                "is_organisation",
                "wishes",
                "consent_to_share",
                "restorative_justice",
                "at_continuing_risk",
            ]
        )
        self.contact_helper = self.make_helper(list(self.contact_fields)) if with_contact_details else None

    def clean(self):
        data = super().clean()
        if self.with_contact_details:
            typed = any((data.get(name) or "").strip() for name in self.contact_fields if name != "full_name")
            if typed and not (data.get("full_name") or "").strip():
                self.add_error("full_name", "Enter the victim's full name to record their contact details")
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        arguments = {
            "display_name": data["display_name"].strip(),
            "is_organisation": data["is_organisation"],
            "wishes": data["wishes"],
            "consent_to_share": data["consent_to_share"] == "yes",
            "restorative_justice": ""
            if data["restorative_justice"] == "not_discussed"
            else data["restorative_justice"],
            "at_continuing_risk": data["at_continuing_risk"],
        }
        if self.with_contact_details and (data.get("full_name") or "").strip():
            arguments["contact_details"] = {name: (data.get(name) or "").strip() for name in self.contact_fields}
        return arguments


# --- Transfers -------------------------------------------------------------------------------------------------


def service_field(which: str, help_text: str) -> forms.CharField:
    """The home or the host youth justice service of a transfer."""
    return text(
        f"{which.capitalize()} service",
        max_length=150,
        required_message=f"Enter the {which} service",
        help_text=help_text,
    )


class TransferForm(GovUKForm):
    home_service = service_field("home", "The youth justice service for the child's home area")
    host_service = service_field("host", "The youth justice service taking responsibility")
    reason = textarea(
        "Why is the case transferring?",
        required_message="Enter why the case is transferring",
        help_text="For example, the child has moved or is placed away from home",
    )


class TransferAcceptForm(GovUKForm):
    accepted_on = GovUKDateField(
        noun="date the host service accepted the case", label="Date accepted", help_text=DATE_EXAMPLE
    )
    accepted_by_name = PersonNameField(
        label="Who accepted it at the host service?",
        max_length=150,
        help_text="Their name and role",
        error_messages={"required": "Enter who accepted the case at the receiving service"},
    )
    past_fields = {"accepted_on": "Date accepted"}
