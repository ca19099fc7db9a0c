"""Forms for the case pages, in GOV.UK Design System style (crispy-forms-gds).

Forms only check what was typed (a date is a real date, a required answer is given);
the rules live in ``cases.services``, whose field errors the views put back onto
these forms (``add_service_errors``).
"""

from datetime import datetime, time

from crispy_forms_gds.layout import Fixed, Fluid
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone

from yjs import forms as yjs_forms
from yjs.models import Team, User
from yjs.roles import Role
from yjs.validators import DateOfBirthBounds, happened_on, planned_for

from .models import (
    Attendance,
    CaseType,
    ContactType,
    EducationStatus,
    EnforcementStep,
    Ethnicity,
    FlagType,
    Gender,
    GravityScore,
    Level,
    ReviewTrigger,
    Victim,
)

YES_NO = [("yes", "Yes"), ("no", "No")]
MAX_PLAN_TARGETS = 5

# Errors a service reports for the whole record (a database constraint) that belong to one
# field: words found in the message, and the field to show it on.
WHOLE_RECORD_ERROR_FIELDS = {
    "PNC ID": "pnc_id",
    "child_pnc_id_unique": "pnc_id",
}


# --- Fields ---------------------------------------------------------------------------


class GovUKDateField(yjs_forms.GovUKDateField):
    """The GOV.UK date input; the case pages' day, month and year keep the browser's autocomplete."""

    part_attrs = {"inputmode": "numeric"}


def yes_no_field(label: str, *, required_message: str, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": required_message},
    )


def radios(label: str, choices, *, required_message: str | None = None, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[choice for choice in choices if choice[0] != ""],
        widget=forms.RadioSelect,
        required=required_message is not None,
        help_text=help_text,
        error_messages={"required": required_message or ""},
    )


# --- Form base ------------------------------------------------------------------------


class GovUKForm(yjs_forms.GovUKForm):
    """The case pages' form base: every textarea four rows; a PNC ID clash shown on the PNC ID."""

    whole_record_fields = WHOLE_RECORD_ERROR_FIELDS
    textarea_rows = 4


# --- Children -----------------------------------------------------------------------------


class ChildSearchForm(GovUKForm):
    q = forms.CharField(
        label="Name, date of birth or PNC ID",
        help_text="For example, Jayden Whitfield, 14/03/2010 or 23/123456A",
        max_length=100,
        error_messages={"required": "Enter a name, date of birth or PNC ID"},
    )
    widths = {"q": Fluid.TWO_THIRDS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(type="search", spellcheck="false", autocomplete="off")


class ChildForm(GovUKForm):
    forenames = yjs_forms.PersonNameField(
        label="First names", max_length=150, error_messages={"required": "Enter the child's first names"}
    )
    surname = yjs_forms.PersonNameField(
        label="Last name", max_length=100, error_messages={"required": "Enter the child's last name"}
    )
    preferred_name = yjs_forms.PersonNameField(label="Preferred name (optional)", max_length=100, required=False)
    date_of_birth = GovUKDateField(
        noun="date of birth", label="Date of birth", help_text="For example, 27 3 2011", bounds=DateOfBirthBounds
    )
    gender = radios("Gender", Gender.choices, required_message="Select the child's gender")
    ethnicity = forms.ChoiceField(
        label="Ethnicity",
        choices=Ethnicity.choices,
        initial=Ethnicity.NOT_STATED,
        help_text="As the child describes it",
    )
    address = forms.CharField(label="Address (optional)", required=False, widget=forms.Textarea)
    postcode = forms.CharField(label="Postcode (optional)", max_length=10, required=False)
    home_local_authority = forms.CharField(label="Home local authority (optional)", max_length=100, required=False)
    pnc_id = forms.CharField(
        label="PNC ID (optional)",
        max_length=20,
        required=False,
        help_text="For example, 23/123456A",
        validators=[
            RegexValidator(r"^\d{2,4}/\d{1,7}[A-Za-z]$", "Enter a PNC ID in the right format, like 23/123456A")
        ],
    )
    looked_after = yes_no_field(
        "Is the child looked after by a local authority?", required_message="Select yes if the child is looked after"
    )
    responsible_local_authority = forms.CharField(
        label="Responsible local authority (if looked after)", max_length=100, required=False
    )
    social_worker_name = yjs_forms.PersonNameField(
        label="Social worker's name (optional)", max_length=150, required=False
    )
    social_worker_email = forms.EmailField(
        label="Social worker's email address (optional)",
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.gov.uk"},
    )
    social_worker_phone = forms.CharField(
        label="Social worker's phone number (optional)", max_length=30, required=False
    )
    education_status = forms.ChoiceField(
        label="Education, training or employment", choices=EducationStatus.choices, initial=EducationStatus.UNKNOWN
    )
    special_educational_needs = forms.BooleanField(
        label="The child has special educational needs (SEND)", required=False
    )
    education_health_care_plan = forms.BooleanField(
        label="The child has an education, health and care plan (EHCP)", required=False
    )

    widths = {
        "forenames": Fluid.TWO_THIRDS,
        "surname": Fluid.TWO_THIRDS,
        "preferred_name": Fluid.ONE_HALF,
        "postcode": Fixed.TEN,
        "pnc_id": Fixed.TEN,
        "social_worker_phone": Fixed.TWENTY,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["surname"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.fields["forenames"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.fields["social_worker_email"].widget.attrs.update(spellcheck="false")
        self.fields["postcode"].widget.attrs.update(autocomplete="off")

    def clean(self):
        data = super().clean()
        if data.get("looked_after") == "yes" and not data.get("responsible_local_authority", "").strip():
            self.add_error("responsible_local_authority", "Enter the local authority responsible for the child")
        return data

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["looked_after"] = data["looked_after"] == "yes"
        data["pnc_id"] = data["pnc_id"].strip().upper()
        data["postcode"] = data["postcode"].strip().upper()
        return data


class FlagRaiseForm(GovUKForm):
    flag_type = radios("Type of flag", FlagType.choices, required_message="Select the type of flag")
    note = forms.CharField(
        label="Why are you raising it?",
        required=False,
        widget=forms.Textarea,
        help_text="What you know, where it came from, and any reference",
    )


class FlagRemoveForm(GovUKForm):
    removal_reason = forms.CharField(
        label="Why is the flag being removed?",
        widget=forms.Textarea,
        error_messages={"required": "Enter why the flag is being removed"},
    )

    def clean_removal_reason(self):
        reason = self.cleaned_data["removal_reason"].strip()
        if not reason:
            raise ValidationError("Enter why the flag is being removed")
        return reason


# --- Opening a case -------------------------------------------------------------------------


class CaseOpenForm(GovUKForm):
    # The services name the offence's fields without the form's "offence_" prefix.
    service_fields = {"description": "offence_description", "offence_date": "offence_date"}

    case_type = radios("Case type", CaseType.choices, required_message="Select the case type")
    team = forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select the team", "invalid_choice": "Select the team"},
    )
    start_date = GovUKDateField(
        noun="start date", label="Start date", help_text="For example, 27 3 2026", bounds=planned_for
    )
    allocated_to = forms.ModelChoiceField(
        label="Allocated case worker (optional)",
        queryset=User.objects.none(),
        required=False,
        empty_label="Not allocated yet",
        error_messages={"invalid_choice": "Select a case worker from the list"},
    )
    restricted = forms.BooleanField(
        label="Restrict this case: only the allocated case worker, the team's managers and the head of service see it",
        required=False,
    )
    order_end_date = GovUKDateField(
        noun="order end date",
        label="Order end date (optional)",
        required=False,
        help_text="For a court order",
        bounds=planned_for,
    )
    offence_description = forms.CharField(
        label="Offence", max_length=300, required=False, help_text="For example, theft from a shop"
    )
    offence_date = GovUKDateField(
        noun="date of the offence", label="Date of the offence", required=False, bounds=happened_on
    )
    offence_group = forms.CharField(label="Home Office offence group (optional)", max_length=100, required=False)
    gravity_score = radios("Child Gravity Matrix score", GravityScore.choices, help_text="The 2023 matrix")

    small_radios = ("gravity_score",)
    offence_fields = ("offence_description", "offence_date", "offence_group", "gravity_score")

    def __init__(self, *args, user: User, workers, **kwargs):
        super().__init__(*args, **kwargs)
        teams = Team.objects.filter(pk__in=user.team_ids)
        self.fields["team"].queryset = teams
        if len(user.team_ids) == 1:
            self.fields["team"].initial = next(iter(user.team_ids))
        self.fields["allocated_to"].queryset = workers
        if user.has_role(Role.CASE_WORKER):
            self.fields["allocated_to"].initial = user.pk
        self.fields["allocated_to"].label_from_instance = lambda worker: str(worker)
        self.case_helper = self.make_helper(
            ["case_type", "team", "start_date", "allocated_to", "restricted", "order_end_date"]
        )
        self.offence_helper = self.make_helper(list(self.offence_fields))

    def clean(self):
        data = super().clean()
        # Every case but prevention starts from an offence; a prevention case may record one.
        needs_offence = bool(data.get("case_type")) and data["case_type"] != CaseType.PREVENTION
        has_offence = bool((data.get("offence_description") or "").strip())
        if needs_offence or has_offence:
            if not has_offence:
                self.add_error("offence_description", "Enter the offence")
            if not data.get("offence_date") and "offence_date" not in self.errors:
                self.add_error("offence_date", "Enter the date of the offence")
        if needs_offence and not data.get("gravity_score"):
            self.add_error("gravity_score", "Select the gravity score")
        offence_date = data.get("offence_date")
        if offence_date and offence_date > timezone.localdate():
            self.add_error("offence_date", "Date of the offence must be today or in the past")
        start, end = data.get("start_date"), data.get("order_end_date")
        if start and end and end < start:
            self.add_error("order_end_date", "Order end date must be after the start date")
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        offences = []
        if (data.get("offence_description") or "").strip():
            offences.append(
                {
                    "description": data["offence_description"].strip(),
                    "offence_date": data["offence_date"],
                    "offence_group": data["offence_group"],
                    "gravity_score": int(data["gravity_score"]) if data.get("gravity_score") else None,
                }
            )
        return {
            "case_type": data["case_type"],
            "team": data["team"],
            "start_date": data["start_date"],
            "allocated_to": data["allocated_to"],
            "restricted": data["restricted"],
            "order_end_date": data["order_end_date"],
            "offences": offences,
        }


# --- Assessments --------------------------------------------------------------------------------


class AssessmentForm(GovUKForm):
    likelihood_of_reoffending = radios(
        "Likelihood of reoffending", [c for c in Level.choices if c[0] != Level.VERY_HIGH]
    )
    risk_of_serious_harm = radios("Risk of serious harm to others", Level.choices)
    safety_and_wellbeing = radios("Safety and wellbeing", Level.choices)
    child_view = forms.CharField(
        label="The child's own view",
        required=False,
        widget=forms.Textarea,
        help_text="In the child's words: what they think about what happened and what would help",
    )
    self_assessment_captured = forms.BooleanField(label="The child completed a self-assessment", required=False)
    trauma_noted = forms.BooleanField(label="Trauma and adverse experiences noted", required=False)
    social_media_component = forms.BooleanField(label="Social media component to the offence", required=False)
    summary = forms.CharField(label="Summary", required=False, widget=forms.Textarea)
    completed_date = GovUKDateField(
        noun="date the assessment was completed",
        label="Date completed",
        required=False,
        help_text="Needed to complete the assessment. For example, 27 3 2026",
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


# --- Plans -----------------------------------------------------------------------------------------


class PlanForm(GovUKForm):
    """The plan, with up to five of the child's own targets ("my targets")."""

    external_controls = forms.CharField(
        label="External controls",
        required=False,
        widget=forms.Textarea,
        help_text="What others will do to manage the risk of harm, for example licence conditions or curfews",
    )
    contingency = forms.CharField(
        label="Contingency",
        required=False,
        widget=forms.Textarea,
        help_text="What will happen if the risk to the child or to others rises",
    )
    risk_meeting_decisions = forms.CharField(
        label="Decisions of risk meetings (optional)", required=False, widget=forms.Textarea
    )
    assessment = forms.ChoiceField(label="Assessment this plan follows (optional)", required=False)

    def __init__(self, *args, assessments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._assessments = {str(a.pk): a for a in assessments}
        self.fields["assessment"].choices = [("", "Not linked to an assessment")] + [
            (str(a.pk), f"{a.get_assessment_type_display()}, due {a.due_date:%-d %B %Y}") for a in assessments
        ]
        for number in range(1, MAX_PLAN_TARGETS + 1):
            self.fields[f"target_{number}_what"] = forms.CharField(
                label="What I will do", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"target_{number}_who"] = forms.CharField(label="Who will help me", required=False)
            self.fields[f"target_{number}_by_when"] = GovUKDateField(
                noun=f"date target {number} is due",
                label="By when",
                required=False,
                help_text="For example, 27 3 2026",
                bounds=planned_for,
            )
            self.fields[f"target_{number}_how_i_will_know"] = forms.CharField(
                label="How I will know it is done", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
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


# --- Reviews and contacts ------------------------------------------------------------------------------


class ReviewScheduleForm(GovUKForm):
    trigger = radios(
        "Why is the review needed?", ReviewTrigger.choices, required_message="Select why the review is needed"
    )
    trigger_detail = forms.CharField(
        label="What happened (optional)", max_length=300, required=False, help_text="For a significant event"
    )
    due_date = GovUKDateField(
        noun="date the review is due", label="Due date", help_text="For example, 27 3 2026", bounds=planned_for
    )


class ReviewCompleteForm(GovUKForm):
    outcome = forms.CharField(
        label="What did the review find and decide?",
        widget=forms.Textarea,
        error_messages={"required": "Enter what the review found and decided"},
    )
    completed_date = GovUKDateField(
        noun="date the review was completed", label="Date completed", help_text="For example, 27 3 2026"
    )

    def clean_completed_date(self):
        value = self.cleaned_data["completed_date"]
        if value and value > timezone.localdate():
            raise ValidationError("Date completed must be today or in the past")
        return value


class ContactForm(GovUKForm):
    service_fields = {"scheduled_at": "contact_date"}

    contact_type = radios("Type of contact", ContactType.choices, required_message="Select the type of contact")
    contact_date = GovUKDateField(
        noun="date of the contact", label="Date", help_text="For example, 27 3 2026", bounds=planned_for
    )
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
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea)

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
    display_name = yjs_forms.PersonNameField(
        label="How the victim is referred to",
        max_length=150,
        help_text="Not their name: for example, Victim A or The shop",
        error_messages={"required": "Enter how the victim is referred to"},
    )
    is_organisation = forms.BooleanField(label="The victim is an organisation, such as a shop", required=False)
    wishes = forms.CharField(label="The victim's wishes", required=False, widget=forms.Textarea)
    consent_to_share = yes_no_field(
        "Has the victim consented to their views being shared?",
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
            self.fields["full_name"] = yjs_forms.PersonNameField(
                label="Full name (optional)", max_length=200, required=False
            )
            self.fields["address"] = forms.CharField(label="Address (optional)", required=False, widget=forms.Textarea)
            self.fields["phone"] = forms.CharField(label="Phone number (optional)", max_length=30, required=False)
            self.fields["email"] = forms.EmailField(
                label="Email address (optional)",
                required=False,
                error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
            )
            self.fields["preferred_contact"] = forms.CharField(
                label="How they prefer to be contacted (optional)", max_length=100, required=False
            )
            self.fields["phone"].widget.attrs.update(type="tel", autocomplete="off")
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


class TransferForm(GovUKForm):
    home_service = forms.CharField(
        label="Home service",
        max_length=150,
        help_text="The youth justice service for the child's home area",
        error_messages={"required": "Enter the home service"},
    )
    host_service = forms.CharField(
        label="Host service",
        max_length=150,
        help_text="The youth justice service taking responsibility",
        error_messages={"required": "Enter the host service"},
    )
    reason = forms.CharField(
        label="Why is the case transferring?",
        widget=forms.Textarea,
        help_text="For example, the child has moved or is placed away from home",
        error_messages={"required": "Enter why the case is transferring"},
    )


class TransferAcceptForm(GovUKForm):
    accepted_on = GovUKDateField(
        noun="date the host service accepted the case", label="Date accepted", help_text="For example, 27 3 2026"
    )
    accepted_by_name = yjs_forms.PersonNameField(
        label="Who accepted it at the host service?",
        max_length=150,
        help_text="Their name and role",
        error_messages={"required": "Enter who accepted the case at the receiving service"},
    )

    def clean_accepted_on(self):
        value = self.cleaned_data["accepted_on"]
        if value and value > timezone.localdate():
            raise ValidationError("Date accepted must be today or in the past")
        return value
