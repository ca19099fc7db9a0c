"""The form of a community panel volunteer. The rules (a DBS check's date and its lapse together,
dates not in the future) are the service's; its errors come back onto these fields."""

from crispy_forms_gds.layout import Fixed

from yjs.forms import DATE_EXAMPLE as EXAMPLE
from yjs.forms import PersonNameField, YesNoForm, email, initial_yes_no, past_date, phone, planned_date, yes_no


class VolunteerForm(YesNoForm):
    name = PersonNameField(label="Full name", max_length=150, error_messages={"required": "Enter the volunteer's name"})
    email = email("Email address (optional)", max_length=254)
    phone = phone(tel=False)
    vetted_on = past_date(
        "date of the DBS check",
        "Date of the DBS check (optional)",
        required=False,
        help_text=f"The enhanced DBS check with a barred list check. {EXAMPLE}",
    )
    vetting_expires_on = planned_date(
        "date the DBS check lapses",
        "Date the DBS check lapses (optional)",
        required=False,
        help_text=f"Needed with the date of the check. The volunteer cannot sit on a panel after it. {EXAMPLE}",
    )
    trained_on = past_date(
        "date panel training was completed", "Date panel training was completed (optional)", required=False
    )
    active = yes_no(
        "Is the volunteer active?",
        "Select yes if the volunteer is active",
        help_text="An inactive volunteer is not offered for panels",
    )
    widths = {"phone": Fixed.TWENTY}
    yes_no_fields = ("active",)


def volunteer_initial(volunteer) -> dict:
    fields = ("name", "email", "phone", "vetted_on", "vetting_expires_on", "trained_on")
    return {name: getattr(volunteer, name) for name in fields} | initial_yes_no(volunteer, ("active",))
