"""Forms of a case's order, its requirements and their progress, and breach proceedings. The rules
(the order of the case's type, its end agreeing with the case's, the child's age for a requirement,
never more hours than remain) are ``court.services.orders``'; their errors come back onto these
forms' fields."""

from decimal import Decimal

from crispy_forms_gds.layout import Fixed
from django import forms
from django.utils import timezone

from yjs.forms import DATE_EXAMPLE as EXAMPLE
from yjs.forms import GovUKForm, past_date, planned_date, radios, textarea, whole_number
from yjs.validators import long_date

from .. import rules
from ..models import BreachOutcome, Order, OrderOutcome, OrderType, RequirementType
from ..services.orders import LENGTH_MONTHS
from .hearings import court_field

SMALL = 32_767


def hearing_field(hearings) -> forms.ChoiceField:
    """The child's hearings to choose from (optional)."""
    choices = [("", "No hearing recorded")]
    choices += [(str(hearing.pk), str(hearing)) for hearing in hearings]
    return forms.ChoiceField(
        label="Hearing (optional)",
        choices=choices,
        required=False,
        widget=forms.Select,
        error_messages={"invalid_choice": "Select a hearing of this child"},
    )


class HearingForm(GovUKForm):
    """A form with a choice of the child's hearings, given as ``hearings``."""

    def __init__(self, *args, hearings=(), **kwargs):
        self.hearings = {str(hearing.pk): hearing for hearing in hearings}
        super().__init__(*args, **kwargs)
        if "hearing" in self.fields:
            self.fields["hearing"].choices = hearing_field(hearings).choices

    def clean_hearing(self):
        return self.hearings.get(self.cleaned_data.get("hearing") or "")


class OrderForm(HearingForm):
    order_type = radios("Type of order", OrderType.choices, required_message="Select the type of order")
    court = court_field(Order, "Enter the court that made the order")
    made_on = past_date("date the order was made", "Date the order was made")
    length_months = whole_number(
        "length of the order in months", "Length of the order in months", low=LENGTH_MONTHS[0], high=LENGTH_MONTHS[1]
    )
    ends_on = planned_date(
        "date the order ends",
        "Date the order ends (optional)",
        required=False,
        help_text=f"Leave blank for the length after the date it was made. It must agree with the case. {EXAMPLE}",
    )
    hearing = hearing_field(())
    widths = {"length_months": Fixed.THREE}


class OrderEndForm(GovUKForm):
    outcome = radios("How did the order end?", OrderOutcome.choices, required_message="Select how the order ended")
    ended_on = past_date("date the order ended", "Date the order ended")


class RequirementForm(GovUKForm):
    requirement_type = radios(
        "Type of requirement",
        RequirementType.choices,
        required_message="Select the type of requirement",
        help_text="The child's age on the day the order was made decides which requirements are allowed",
    )
    starts_on = planned_date("date the requirement starts", "Date the requirement starts")
    ends_on = planned_date("date the requirement ends", "Date the requirement ends (optional)", required=False)
    hours_ordered = whole_number(
        "hours ordered",
        "Hours ordered (optional)",
        low=1,
        high=SMALL,
        required=False,
        help_text="Unpaid work: from {} to {} hours".format(*rules.UNPAID_WORK_HOURS),
    )
    days_ordered = whole_number(
        "days ordered",
        "Days ordered (optional)",
        low=1,
        high=SMALL,
        required=False,
        help_text="For example, curfew days",
    )
    details = textarea("Details (optional)", help_text="What the court set: the activity, the hours of a curfew, …")
    small_radios = ("requirement_type",)
    widths = {"hours_ordered": Fixed.FIVE, "days_ordered": Fixed.FIVE}


class ProgressForm(GovUKForm):
    done_on = past_date("date the work was done", "Date done")
    hours = forms.DecimalField(
        label="Hours done (optional)",
        required=False,
        min_value=Decimal("0.01"),
        max_digits=5,
        decimal_places=2,
        help_text="For example, 2 or 2.5",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={
            "invalid": "Enter the hours done as a number, like 2 or 2.5",
            "min_value": "The hours done must be more than 0",
            "max_digits": "Enter the hours done as a number, like 2 or 2.5",
            "max_whole_digits": "Enter the hours done as a number, like 2 or 2.5",
            "max_decimal_places": "Enter the hours done to at most 2 decimal places, like 2.5",
        },
    )
    days = whole_number("days done", "Days done (optional)", low=1, high=SMALL, required=False)
    note = textarea("Note (optional)", rows=3)
    widths = {"hours": Fixed.FIVE, "days": Fixed.FIVE}

    def __init__(self, *args, requirement=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what the requirement counts: hours, or days (either when it counts neither).
        if requirement is not None and requirement.days_ordered is not None:
            del self.fields["hours"]
            self.fields["days"].label = "Days done"
        elif requirement is not None and requirement.hours_ordered is not None:
            del self.fields["days"]
            self.fields["hours"].label = "Hours done"
        self.helper = self.make_helper(list(self.fields))


class CompleteForm(GovUKForm):
    completed_on = past_date("date the requirement was completed", "Date completed")


class BreachForm(HearingForm):
    laid_on = past_date("date the breach was laid", "Date the breach was laid before the court")
    reason = textarea(
        "Reason for the breach proceedings", required_message="Enter the reason for the breach proceedings"
    )
    enforcement_contacts = forms.MultipleChoiceField(
        label="Contacts with a warning or breach that led to it (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select contacts of this case that recorded a warning or a breach"},
    )
    hearing = hearing_field(())

    def __init__(self, *args, contacts=(), **kwargs):
        self.contacts = {str(contact.pk): contact for contact in contacts}
        super().__init__(*args, **kwargs)
        field = self.fields["enforcement_contacts"]
        field.choices = [
            (str(contact.pk), f"{contact.get_enforcement_step_display()}: {contact.get_contact_type_display().lower()} "
                              f"of {long_date(timezone.localdate(contact.scheduled_at))} missed")
            for contact in contacts
        ]  # fmt: skip
        if not contacts:
            field.help_text = "No contact of this case has recorded a warning or a breach"

    def clean_enforcement_contacts(self):
        return [self.contacts[pk] for pk in self.cleaned_data.get("enforcement_contacts", [])]


class BreachOutcomeForm(HearingForm):
    outcome = radios("Outcome", BreachOutcome.choices, required_message="Select the outcome of the breach proceedings")
    outcome_on = past_date("date of the outcome", "Date of the outcome")
    hearing = hearing_field(())
