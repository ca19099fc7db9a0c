"""The form of a community panel volunteer. The rules (a DBS check's date and its lapse together,
dates not in the future) are the service's; its errors come back onto these fields."""

from crispy_forms_gds.layout import Fixed
from django import forms

from yjs.forms import YES_NO, GovUKDateField, GovUKForm, PersonNameField, radios
from yjs.validators import happened_after_yjs_began, planned_for

EXAMPLE = "For example, 27 3 2026"
EMAIL_MESSAGE = "Enter an email address in the correct format, like name@example.com"


class VolunteerForm(GovUKForm):
    name = PersonNameField(label="Full name", max_length=150, error_messages={"required": "Enter the volunteer's name"})
    email = forms.EmailField(
        label="Email address (optional)", required=False, max_length=254, error_messages={"invalid": EMAIL_MESSAGE}
    )
    phone = forms.CharField(label="Phone number (optional)", required=False, max_length=30)
    vetted_on = GovUKDateField(
        noun="date of the DBS check",
        label="Date of the DBS check (optional)",
        required=False,
        help_text=f"The enhanced DBS check with a barred list check. {EXAMPLE}",
        bounds=happened_after_yjs_began,
    )
    vetting_expires_on = GovUKDateField(
        noun="date the DBS check lapses",
        label="Date the DBS check lapses (optional)",
        required=False,
        help_text=f"Needed with the date of the check. The volunteer cannot sit on a panel after it. {EXAMPLE}",
        bounds=planned_for,
    )
    trained_on = GovUKDateField(
        noun="date panel training was completed",
        label="Date panel training was completed (optional)",
        required=False,
        help_text=EXAMPLE,
        bounds=happened_after_yjs_began,
    )
    active = radios(
        "Is the volunteer active?",
        YES_NO,
        required_message="Select yes if the volunteer is active",
        help_text="An inactive volunteer is not offered for panels",
    )
    widths = {"phone": Fixed.TWENTY}

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["active"] = data["active"] == "yes"
        return data


def volunteer_initial(volunteer) -> dict:
    return {
        "name": volunteer.name,
        "email": volunteer.email,
        "phone": volunteer.phone,
        "vetted_on": volunteer.vetted_on,
        "vetting_expires_on": volunteer.vetting_expires_on,
        "trained_on": volunteer.trained_on,
        "active": "yes" if volunteer.active else "no",
    }
