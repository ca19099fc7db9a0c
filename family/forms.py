"""Forms for the family around the child and the child's needs. The rules (a reason when the
accommodation is not suitable, hours attended within hours offered, dates not in the future) are
the services'; their errors come back onto these forms' fields."""

from crispy_forms_gds.layout import Fixed
from django import forms

from yjs.forms import DATE_EXAMPLE as EXAMPLE
from yjs.forms import (
    GovUKDateField,
    GovUKForm,
    PersonNameField,
    YesNoForm,
    email,
    initial_yes_no,  # noqa: F401 (the views import it from here)
    past_date,
    phone,
    planned_date,
    radios,
    text,
    textarea,
    yes_no,
)

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
            self.fields["phone"] = phone()
            self.fields["email"] = email("Email address (optional)", max_length=254)
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
    email = email("Email address (optional)", max_length=254)
    from_date = past_date("date they started working with the child", "Working with the child from")
    to_date = planned_date(
        "date they stopped working with the child",
        "Until (optional)",
        required=False,
        help_text=f"Leave blank while they still work with the child. {EXAMPLE}",
    )


# --- Needs records -----------------------------------------------------------------------------------------


def hours_a_week(what: str) -> forms.IntegerField:
    noun = f"hours {what} a week"
    return forms.IntegerField(
        label=f"Hours {what} a week",
        min_value=0,
        max_value=MAX_HOURS_A_WEEK,
        error_messages={
            "required": f"Enter the {noun}",
            "invalid": f"Enter the {noun} as a whole number",
            "min_value": f"Enter the {noun}, from 0 to {MAX_HOURS_A_WEEK}",
            "max_value": f"Enter the {noun}, from 0 to {MAX_HOURS_A_WEEK}",
        },
    )


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
    hours_offered = hours_a_week("offered")
    hours_attended = hours_a_week("attended")
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
