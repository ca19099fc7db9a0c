"""Forms for the family around the child and the child's needs. The rules (a reason when the
accommodation is not suitable, hours attended within hours offered, dates not in the future) are
the services'; their errors come back onto these forms' fields."""

from crispy_forms_gds.layout import Fixed
from django import forms

from yjs.forms import YES_NO, GovUKDateField, GovUKForm, PersonNameField, radios, textarea
from yjs.validators import happened_after_yjs_began, planned_for

from .models import (
    AccommodationType,
    EducationType,
    FamilyMember,
    Professional,
    ProfessionalRole,
    Relationship,
    SendPlan,
)
from .services import MAX_HOURS_A_WEEK

EXAMPLE = "For example, 27 3 2026"
EMAIL_MESSAGE = "Enter an email address in the correct format, like name@example.com"


def past_date(noun: str, label: str, *, required: bool = True, help_text: str = EXAMPLE) -> GovUKDateField:
    return GovUKDateField(
        noun=noun, label=label, required=required, help_text=help_text, bounds=happened_after_yjs_began
    )


def yes_no(label: str, required_message: str, help_text: str = "") -> forms.ChoiceField:
    return radios(label, YES_NO, required_message=required_message, help_text=help_text)


def text(label: str, *, model, name: str, required_message: str | None = None, help_text: str = "") -> forms.CharField:
    field = forms.CharField(
        label=label,
        max_length=model._meta.get_field(name).max_length,
        required=required_message is not None,
        help_text=help_text,
    )
    if required_message:
        field.error_messages["required"] = required_message
    return field


def email(label: str) -> forms.EmailField:
    return forms.EmailField(label=label, required=False, max_length=254, error_messages={"invalid": EMAIL_MESSAGE})


def as_booleans(data: dict, names) -> dict:
    """The form's answers with each yes/no radio as True or False."""
    return {key: (value == "yes") if key in names else value for key, value in data.items()}


def initial_yes_no(record, names) -> dict:
    return {name: "yes" if getattr(record, name) else "no" for name in names}


class YesNoForm(GovUKForm):
    """A form whose yes/no radios reach the service as True or False."""

    yes_no_fields: tuple[str, ...] = ()

    def service_arguments(self) -> dict:
        return as_booleans(dict(self.cleaned_data), self.yes_no_fields)


# --- Family members and professionals -------------------------------------------------------------------


class FamilyMemberForm(YesNoForm):
    name = PersonNameField(
        label="Full name", max_length=150, error_messages={"required": "Enter the family member's name"}
    )
    relationship = radios(
        "Relationship to the child",
        Relationship.choices,
        required_message="Select the family member's relationship to the child",
    )
    relationship_detail = text(
        "Relationship (if other)",
        model=FamilyMember,
        name="relationship_detail",
        help_text="Needed if you selected other. For example, godparent",
    )
    parental_responsibility = yes_no(
        "Do they have parental responsibility?", "Select yes if they have parental responsibility"
    )
    lives_with_child = yes_no("Do they live with the child?", "Select yes if they live with the child")
    notes = textarea("Notes (optional)")
    yes_no_fields = ("parental_responsibility", "lives_with_child")
    contact_fields = ("phone", "email", "address")

    def __init__(self, *args, with_contact_details: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.with_contact_details = with_contact_details
        if with_contact_details:
            self.fields["phone"] = forms.CharField(label="Phone number (optional)", max_length=30, required=False)
            self.fields["phone"].widget.attrs.update(type="tel", autocomplete="off")
            self.fields["email"] = email("Email address (optional)")
            self.fields["address"] = textarea("Address (optional)")
            self.helper = self.make_helper(list(self.fields))

    def service_arguments(self) -> dict:
        data = super().service_arguments()
        details = {name: (data.pop(name, "") or "").strip() for name in self.contact_fields}
        if self.with_contact_details:
            data["contact_details"] = details
        return data


class ProfessionalForm(GovUKForm):
    role = radios("Role", ProfessionalRole.choices, required_message="Select the professional's role")
    role_detail = text(
        "Role (if other)",
        model=Professional,
        name="role_detail",
        help_text="Needed if you selected other. For example, youth worker or sports coach",
    )
    name = PersonNameField(label="Name", max_length=150, error_messages={"required": "Enter the professional's name"})
    organisation = text("Organisation (optional)", model=Professional, name="organisation")
    phone = text("Phone number (optional)", model=Professional, name="phone")
    email = email("Email address (optional)")
    from_date = past_date("date they started working with the child", "Working with the child from")
    to_date = GovUKDateField(
        noun="date they stopped working with the child",
        label="Until (optional)",
        required=False,
        help_text=f"Leave blank while they still work with the child. {EXAMPLE}",
        bounds=planned_for,
    )


# --- Needs records -----------------------------------------------------------------------------------------


def from_date() -> GovUKDateField:
    return past_date(
        "date this applies from", "Applies from", help_text=f"The earlier record holds until then. {EXAMPLE}"
    )


class AccommodationForm(YesNoForm):
    from_date = from_date()
    accommodation_type = radios(
        "Where does the child live?", AccommodationType.choices, required_message="Select the type of accommodation"
    )
    suitable = yes_no("Is the accommodation suitable?", "Select whether the accommodation is suitable")
    unsuitable_reason = textarea("Why is it not suitable?", help_text="Needed if the accommodation is not suitable")
    notes = textarea("Notes (optional)")
    yes_no_fields = ("suitable",)


class EducationForm(YesNoForm):
    from_date = from_date()
    education_type = radios(
        "Education, training or employment",
        EducationType.choices,
        required_message="Select the type of education, training or employment",
    )
    provider = forms.CharField(
        label="School, college, training provider or employer",
        max_length=150,
        required=False,
        help_text="Needed unless the child is not in education, training or employment",
    )
    hours_offered = forms.IntegerField(
        label="Hours offered a week",
        min_value=0,
        max_value=MAX_HOURS_A_WEEK,
        error_messages={
            "required": "Enter the hours offered a week",
            "invalid": "Enter the hours offered a week as a whole number",
            "min_value": f"Enter the hours offered a week, from 0 to {MAX_HOURS_A_WEEK}",
            "max_value": f"Enter the hours offered a week, from 0 to {MAX_HOURS_A_WEEK}",
        },
    )
    hours_attended = forms.IntegerField(
        label="Hours attended a week",
        min_value=0,
        max_value=MAX_HOURS_A_WEEK,
        error_messages={
            "required": "Enter the hours attended a week",
            "invalid": "Enter the hours attended a week as a whole number",
            "min_value": f"Enter the hours attended a week, from 0 to {MAX_HOURS_A_WEEK}",
            "max_value": f"Enter the hours attended a week, from 0 to {MAX_HOURS_A_WEEK}",
        },
    )
    send_identified = yes_no(
        "Are special educational needs or disabilities (SEND, or ALN in Wales) identified?",
        "Select yes if SEND or ALN are identified",
    )
    send_plan = radios("SEND or ALN plan", SendPlan.choices, required_message="Select the SEND or ALN plan")
    notes = textarea("Notes (optional)")
    yes_no_fields = ("send_identified",)
    widths = {"hours_offered": Fixed.THREE, "hours_attended": Fixed.THREE}


class CommunicationForm(YesNoForm):
    from_date = from_date()
    screened = yes_no(
        "Has the child been screened for speech, language and communication needs?",
        "Select yes if the child has been screened",
    )
    need_identified = yes_no("Is a need identified?", "Select yes if a need is identified")
    support_in_place = yes_no("Is support in place?", "Select yes if support is in place")
    notes = textarea("Notes (optional)")
    yes_no_fields = ("screened", "need_identified", "support_in_place")


class MentalHealthForm(YesNoForm):
    from_date = from_date()
    need_identified = yes_no(
        "Is a mental health or emotional wellbeing need identified?", "Select yes if a need is identified"
    )
    referred = yes_no("Has the child been referred for support?", "Select yes if the child has been referred")
    receiving_support = yes_no(
        "Is the child receiving support or an intervention?", "Select yes if the child is receiving support"
    )
    notes = textarea("Notes (optional)")
    yes_no_fields = ("need_identified", "referred", "receiving_support")


class SubstanceMisuseForm(YesNoForm):
    from_date = from_date()
    need_identified = yes_no("Is a substance misuse need identified?", "Select yes if a need is identified")
    referred = yes_no("Has the child been referred for help?", "Select yes if the child has been referred")
    receiving_intervention = yes_no(
        "Is the child receiving an intervention?", "Select yes if the child is receiving an intervention"
    )
    notes = textarea("Notes (optional)")
    yes_no_fields = ("need_identified", "referred", "receiving_intervention")


NEEDS_FORMS = {
    "accommodation": AccommodationForm,
    "education": EducationForm,
    "communication": CommunicationForm,
    "mental-health": MentalHealthForm,
    "substance-misuse": SubstanceMisuseForm,
}
