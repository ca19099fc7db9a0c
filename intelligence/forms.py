"""Forms for the information request pages, in GOV.UK Design System style (crispy-forms-gds).

Forms check only what was typed (a real date, a time like 14:30); the rules of the 2023
guidance live in ``intelligence.services``, whose field errors the views put back onto
these forms (``add_service_errors``), so the page and the API give the same message.
"""

from datetime import date, datetime, time, timedelta

from crispy_forms_gds.choices import Choice
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone

from cases.models import Case
from yjs import forms as yjs_forms
from yjs.forms import DATE_EXAMPLE, TIME_PATTERN, YES_NO, GovUKDateField, GovUKForm, radios, text, textarea
from yjs.models import User
from yjs.validators import happened_on

from .models import InformationRequest, PhoneCheckOutcome, RequestType, SensitiveContext
from .selectors import RULES, police_system_list

# --- Fields -------------------------------------------------------------------------------


def time_field(label: str, noun: str) -> forms.CharField:
    time_input = forms.CharField(
        label=label,
        required=False,
        max_length=5,
        help_text="Use the 24-hour clock, for example 14:30",
    )
    time_input.noun = noun  # for the error messages: "Enter the time {noun}"
    time_input.widget.attrs.update(
        {
            "class": "govuk-input govuk-input--width-5",
            "inputmode": "numeric",
            "autocomplete": "off",
            "spellcheck": "false",
        }
    )
    return time_input


def parse_time(value: str) -> time | None:
    match = TIME_PATTERN.match(value or "")
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def yes_no(label: str, *, help_text: str = "") -> forms.ChoiceField:
    return radios(label, YES_NO, help_text=help_text)


def happened_date(noun: str, label: str) -> GovUKDateField:
    """The date something was done (optional until the request needs it)."""
    return GovUKDateField(noun=noun, label=label, help_text=DATE_EXAMPLE, required=False, bounds=happened_on)


def safeguarding_referral_fields() -> tuple[forms.Field, ...]:
    """Who the safeguarding referral was made to, its reference, and its date and time."""
    return (
        forms.CharField(label="Who was the referral made to?", max_length=150, required=False),
        forms.CharField(label="Referral reference", max_length=100, required=False),
        happened_date("date of the referral", "Date of the referral"),
        time_field("Time of the referral", "of the referral"),
    )


def _combine(form: GovUKForm, date_name: str, time_name: str) -> datetime | None:
    """A date input and a time field as one aware datetime; errors go on the field at fault."""
    day = form.cleaned_data.get(date_name)
    typed_time = (form.cleaned_data.get(time_name) or "").strip()
    if date_name in form.errors:
        return None
    noun = form.fields[time_name].noun
    if day is None and not typed_time:
        return None
    if day is None:
        form.add_error(date_name, f"Enter the date {noun}")
        return None
    if not typed_time:
        form.add_error(time_name, f"Enter the time {noun}")
        return None
    at = parse_time(typed_time)
    if at is None:
        form.add_error(time_name, "Enter a real time, like 09:15 or 14:30")
        return None
    return timezone.make_aware(datetime.combine(day, at))


# --- Asking the police officer ----------------------------------------------------------------

TYPE_HINTS = {
    RequestType.RISK: "Information about a risk you have identified, for example exploitation, weapons or a threat "
    "to the child.",
    RequestType.ADDITIONAL: "Anything not related to an identified risk. You must give a reason that shows it is "
    "necessary and proportionate for managing the child's case.",
    RequestType.URGENT: "Information needed at once, for example for a pre-sentence report or an urgent safeguarding "
    "incident. It can be answered straight away, but the written request and reason must follow within "
    "{days} working days.",
    RequestType.OOCD_RESEARCH: "Police research on a child referred for an out-of-court disposal decision, including "
    "family, domestic abuse and other force areas.",
    RequestType.PHONE_CONTACT_CHECK: "Whether a phone contact is suitable for a child in custody. The contact must "
    "agree to the checks first.",
    RequestType.BAIL_ADDRESS_CHECK: "Whether a proposed bail address is suitable.",
    RequestType.SOCIAL_MEDIA_REVIEW: "A review of the child's open social media. Viewing it again needs an "
    "authorisation reference.",
    RequestType.RESETTLEMENT_NOTICE: "The release address and licence conditions, sent to the police area before "
    "the child is released.",
}

TYPE_LABELS = {
    RequestType.RISK: "Information about an identified risk",
    RequestType.ADDITIONAL: "Additional information",
    RequestType.URGENT: "Urgent information",
    RequestType.OOCD_RESEARCH: "Police research for an out-of-court disposal",
    RequestType.PHONE_CONTACT_CHECK: "Phone contact check",
    RequestType.BAIL_ADDRESS_CHECK: "Bail address check",
    RequestType.SOCIAL_MEDIA_REVIEW: "Social media review",
    RequestType.RESETTLEMENT_NOTICE: "Resettlement notice",
}


def request_type_choices() -> list[Choice]:
    days = settings.URGENT_WRITTEN_REQUEST_WORKING_DAYS
    return [
        Choice(value, TYPE_LABELS[RequestType(value)], hint=TYPE_HINTS[RequestType(value)].format(days=days))
        for value in RequestType.values
    ]


def sensitive_context_choices() -> list[Choice]:
    choices = [Choice(value, label) for value, label in SensitiveContext.choices if value != SensitiveContext.NONE]
    choices[-1] = Choice(choices[-1].value, choices[-1].label, divider="or")
    return [*choices, Choice(SensitiveContext.NONE, "No, none of these")]


class AskForm(GovUKForm):
    crispy_layout = False
    request_type = forms.ChoiceField(
        label="What kind of request is it?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of request"},
    )
    contact_name = yjs_forms.PersonNameField(label="Contact's full name", max_length=150, required=False)
    contact_phone = forms.CharField(label="Contact's phone number", max_length=30, required=False)
    contact_consent_given = forms.BooleanField(
        label="The contact has agreed to the police checks",
        required=False,
    )
    repeat_viewing = forms.BooleanField(label="This is a repeat viewing of the child's social media", required=False)
    authorisation_reference = forms.CharField(
        label="Authorisation reference",
        max_length=100,
        required=False,
        help_text="Needed for a repeat viewing",
    )
    what_requested = textarea(
        "What information are you asking for?",
        help_text="For an urgent request you can leave this blank and write it afterwards.",
        rows=5,
    )
    reason = textarea(
        "Why do you need it?",
        help_text="Needed for additional information: explain why it is necessary and proportionate for managing "
        "the child's case.",
        rows=5,
    )
    sensitive_context = forms.ChoiceField(
        label="Does the request concern any of these?",
        widget=forms.RadioSelect,
        help_text="If it does, the police officer must consult the officer in the case before sharing anything.",
        error_messages={
            "required": "Select whether the request concerns a live investigation, custody or a serious offence"
        },
    )
    case = forms.ChoiceField(
        label="Which case is it for?",
        required=False,
        help_text="The case's allocated case worker and its team's managers can read the answer.",
    )

    reveals = {
        "request_type": {
            RequestType.PHONE_CONTACT_CHECK.value: ["contact_name", "contact_phone", "contact_consent_given"],
            RequestType.SOCIAL_MEDIA_REVIEW.value: ["repeat_viewing", "authorisation_reference"],
        }
    }

    def __init__(self, *args, cases: list[Case], **kwargs):
        super().__init__(*args, **kwargs)
        self.cases = {str(case.pk): case for case in cases}
        self.fields["request_type"].choices = request_type_choices()
        self.fields["sensitive_context"].choices = sensitive_context_choices()
        self.fields["case"].choices = [("", "Not for a particular case")] + [
            (
                str(case.pk),
                f"{case.get_case_type_display()} ({case.get_status_display().lower()}, "
                f"started {case.start_date:%-d %B %Y})",
            )
            for case in cases
        ]
        self.fields["contact_phone"].widget.input_type = "tel"
        self.fields["contact_phone"].widget.attrs.update(
            {"class": "govuk-input govuk-input--width-20", "autocomplete": "off"}
        )
        self.fields["contact_name"].widget.attrs.update(
            {"class": "govuk-input govuk-!-width-two-thirds", "autocomplete": "off", "spellcheck": "false"}
        )
        self.fields["authorisation_reference"].widget.attrs.update({"class": "govuk-input govuk-input--width-20"})

    def clean_case(self):
        value = self.cleaned_data.get("case") or ""
        return self.cases.get(value)

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        request_type = data["request_type"]
        is_phone_check = request_type == RequestType.PHONE_CONTACT_CHECK
        is_social_media = request_type == RequestType.SOCIAL_MEDIA_REVIEW
        return {
            "request_type": request_type,
            "what_requested": data["what_requested"],
            "reason": data["reason"],
            "sensitive_context": data["sensitive_context"],
            "case": data["case"],
            "contact_name": data["contact_name"] if is_phone_check else "",
            "contact_phone": data["contact_phone"] if is_phone_check else "",
            "contact_consent_given": bool(data["contact_consent_given"]) if is_phone_check else False,
            "repeat_viewing": bool(data["repeat_viewing"]) if is_social_media else False,
            "authorisation_reference": data["authorisation_reference"] if is_social_media else "",
        }


# --- The police officer's answer ------------------------------------------------------------


class SupplyForm(GovUKForm):
    crispy_layout = False
    systems_searched = forms.MultipleChoiceField(
        label="Which police systems did you search?",
        help_text="Select all that apply.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    information_supplied = textarea(
        "What information are you supplying?",
        help_text="Write what you found. If you found nothing, select ‘No trace’ instead.",
        rows=8,
    )
    no_trace = forms.BooleanField(label="No trace: nothing was found on the systems searched", required=False)
    significant = forms.BooleanField(
        label="This information is significant: the case's assessment and plan need review",
        help_text="For example, a threat to the child or from them, a new offence or new associates. "
        "The case worker gets a review to complete within a few working days.",
        required=False,
    )

    oic_consulted_name = yjs_forms.PersonNameField(
        label="Name of the officer in the case", max_length=150, required=False
    )
    oic_consulted_date = happened_date("date you consulted the officer in the case", "Date you consulted them")
    oic_consulted_time = time_field("Time you consulted them", "you consulted the officer in the case")

    safeguarding_concern = yes_no(
        "Did you find a safeguarding concern about the child or their household?",
        help_text="If you did, make a referral under local safeguarding procedures. You can record it now or later, "
        "but the request cannot be closed until it is recorded.",
    )
    (
        safeguarding_referral_to,
        safeguarding_referral_reference,
        safeguarding_referral_date,
        safeguarding_referral_time,
    ) = safeguarding_referral_fields()

    contact_is_victim = yes_no("Is the contact a victim or potential victim of the child?")
    contact_is_co_offender = yes_no("Did the contact offend with the child?")
    phone_check_outcome = forms.ChoiceField(
        label="Is the contact approved for phone contact?",
        choices=PhoneCheckOutcome.choices,
        widget=forms.RadioSelect,
        required=False,
    )

    repeat_viewing = forms.BooleanField(label="This is a repeat viewing of the child's social media", required=False)
    authorisation_reference = forms.CharField(label="Authorisation reference", max_length=100, required=False)

    service_fields = {
        "oic_consulted_at": "oic_consulted_date",
        "safeguarding_referral_at": "safeguarding_referral_date",
        "contact_not_a_victim": "contact_is_victim",
        "contact_not_a_co_offender": "contact_is_co_offender",
    }
    reveals = {
        "safeguarding_concern": {
            "yes": [
                "safeguarding_referral_to",
                "safeguarding_referral_reference",
                "safeguarding_referral_date",
                "safeguarding_referral_time",
            ]
        }
    }

    def __init__(self, *args, request: InformationRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.fields["systems_searched"].choices = [
            (system.code, system.name) for system in police_system_list().order_by("position", "name")
        ]
        if not self.needs_oic:
            for name in ("oic_consulted_name", "oic_consulted_date", "oic_consulted_time"):
                del self.fields[name]
        if not self.is_phone_check:
            for name in ("contact_is_victim", "contact_is_co_offender", "phone_check_outcome"):
                del self.fields[name]
        if not self.is_social_media:
            del self.fields["repeat_viewing"]
            del self.fields["authorisation_reference"]
        else:
            self.fields["repeat_viewing"].initial = request.repeat_viewing
            self.fields["authorisation_reference"].initial = request.authorisation_reference
        self.fields["safeguarding_referral_to"].widget.attrs.update(autocomplete="off")
        self.fields["safeguarding_referral_reference"].widget.attrs.update(
            {"class": "govuk-input govuk-input--width-20", "autocomplete": "off", "spellcheck": "false"}
        )
        if "authorisation_reference" in self.fields:
            self.fields["authorisation_reference"].widget.attrs.update({"class": "govuk-input govuk-input--width-20"})
        if "oic_consulted_name" in self.fields:
            self.fields["oic_consulted_name"].widget.attrs.update(autocomplete="off", spellcheck="false")

    @property
    def needs_oic(self) -> bool:
        return self.request.sensitive_context != SensitiveContext.NONE

    @property
    def is_phone_check(self) -> bool:
        return self.request.request_type == RequestType.PHONE_CONTACT_CHECK

    @property
    def is_social_media(self) -> bool:
        return self.request.request_type == RequestType.SOCIAL_MEDIA_REVIEW

    def clean(self):
        data = super().clean()
        self.oic_consulted_at = _combine(self, "oic_consulted_date", "oic_consulted_time") if self.needs_oic else None
        self.referral_at = None
        if data.get("safeguarding_concern") == "yes":
            self.referral_at = _combine(self, "safeguarding_referral_date", "safeguarding_referral_time")
            named = (data.get("safeguarding_referral_to") or "").strip() or (
                data.get("safeguarding_referral_reference") or ""
            ).strip()
            if self.referral_at and not named:
                self.add_error("safeguarding_referral_to", "Enter who the safeguarding referral was made to")
        elif not data.get("safeguarding_concern"):
            self.add_error("safeguarding_concern", "Select yes if you found a safeguarding concern")
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        concern = data.get("safeguarding_concern") == "yes"
        arguments = {
            "systems": data["systems_searched"],
            "supplied": data["information_supplied"],
            "no_trace": data["no_trace"],
            "significant": data["significant"],
            "safeguarding_concern": concern,
            "safeguarding_referral_to": data["safeguarding_referral_to"] if concern else "",
            "safeguarding_referral_reference": data["safeguarding_referral_reference"] if concern else "",
            "safeguarding_referral_at": self.referral_at if concern else None,
        }
        if self.needs_oic:
            arguments["oic_consulted_name"] = data["oic_consulted_name"]
            arguments["oic_consulted_at"] = self.oic_consulted_at
        if self.is_phone_check:
            victim, co_offender = data.get("contact_is_victim"), data.get("contact_is_co_offender")
            arguments["contact_not_a_victim"] = None if not victim else victim == "no"
            arguments["contact_not_a_co_offender"] = None if not co_offender else co_offender == "no"
            arguments["phone_check_outcome"] = data.get("phone_check_outcome") or ""
        if self.is_social_media:
            arguments["repeat_viewing"] = bool(data["repeat_viewing"])
            arguments["authorisation_reference"] = data["authorisation_reference"]
        return arguments


class AddendumForm(GovUKForm):
    crispy_layout = False
    text = textarea(
        "Correction or addition",
        help_text="The information already supplied is not changed: this is added after it, with your name and "
        "the time.",
        rows=6,
    )


class SafeguardingReferralForm(GovUKForm):
    crispy_layout = False
    (
        safeguarding_referral_to,
        safeguarding_referral_reference,
        safeguarding_referral_date,
        safeguarding_referral_time,
    ) = safeguarding_referral_fields()

    service_fields = {"safeguarding_referral_at": "safeguarding_referral_date"}

    def clean(self):
        data = super().clean()
        self.referral_at = _combine(self, "safeguarding_referral_date", "safeguarding_referral_time")
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "to": data["safeguarding_referral_to"],
            "reference": data["safeguarding_referral_reference"],
            "made_at": self.referral_at,
        }


class WrittenRequestForm(GovUKForm):
    crispy_layout = False
    what_requested = textarea("What information was asked for?", rows=5)
    reason = textarea("Why was it needed urgently?", rows=5)


class PoliceSystemForm(GovUKForm):
    crispy_layout = False
    name = text(
        "Name of the system",
        max_length=100,
        required_message="Enter the name of the system",
        help_text="For example, Regional intelligence database",
    )
    code = text(
        "Code",
        max_length=40,
        required_message="Enter a code for the system",
        help_text="A short code used in exports and the API: lowercase letters, numbers and underscores, for "
        "example regional_intelligence",
        validators=[
            RegexValidator(
                r"^[a-z0-9_-]+$", "Code must only include lowercase letters, numbers, underscores and hyphens"
            )
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(spellcheck="false", autocomplete="off")

    def clean_code(self):
        return self.cleaned_data["code"].strip().lower()

    def add_service_errors(self, error: ValidationError) -> None:
        duplicate = hasattr(error, "error_dict") and any(e.code == "unique" for e in error.error_dict.get("code", []))
        if duplicate:
            self.add_error("code", "A system with this code is already in the catalogue")
            return
        super().add_service_errors(error)


# --- The managers' audit view -------------------------------------------------------------------

ANY_BREACH = "any"


class AuditFilterForm(GovUKForm):
    """The period and filters of the audit view; the period is also that of the downloads."""

    crispy_layout = False
    date_from = GovUKDateField(noun="start date", label="From", help_text="For example, 1 3 2026")
    date_to = GovUKDateField(noun="end date", label="To", help_text="For example, 31 3 2026")
    requested_by = forms.ChoiceField(
        label="Requested by", required=False, error_messages={"invalid_choice": "Select a person from the list"}
    )
    request_type = forms.ChoiceField(
        label="Type", required=False, error_messages={"invalid_choice": "Select a type from the list"}
    )
    breach = forms.ChoiceField(
        label="Rule checks", required=False, error_messages={"invalid_choice": "Select a rule from the list"}
    )
    dates_in_order = (("date_from", "date_to", "The end date must be the same as or after the start date"),)

    def __init__(self, *args, requesters: list[User], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requested_by"].choices = [("", "Anyone")] + [(str(u.pk), str(u)) for u in requesters]
        self.fields["request_type"].choices = [("", "Any type"), *RequestType.choices]
        self.fields["breach"].choices = [
            ("", "All requests"),
            (ANY_BREACH, "Any rule broken"),
            *((rule.code, rule.label) for rule in RULES),
        ]

    @staticmethod
    def default_period(today: date | None = None) -> tuple[date, date]:
        today = today or timezone.localdate()
        return today - timedelta(days=90), today
