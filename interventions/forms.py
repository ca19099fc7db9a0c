"""Forms of the interventions pages. The rules (attended within offered, hours within those
remaining, a victim of the case, dates not in the future) are the services'; their errors come
back onto these forms' fields."""

from crispy_forms_gds.layout import Fixed
from django import forms

from cases.models import Victim
from yjs.forms import DATE_EXAMPLE as EXAMPLE
from yjs.forms import GovUKForm, YesNoForm, past_date, planned_date, radios, text, textarea, whole_number, yes_no

from .models import (
    Intervention,
    InterventionType,
    ReferralOutcome,
    ReparationPlacement,
    RestorativeType,
    VictimPart,
)
from .services.catalogue import MAX_SESSIONS as MAX_PROGRAMME_SESSIONS
from .services.referrals import MAX_SESSIONS
from .services.reparation import MAX_HOURS_ORDERED, MAX_SESSION_HOURS

# --- The catalogue ---------------------------------------------------------------------------------------


class InterventionForm(GovUKForm):
    name = text("Name", model=Intervention, name="name", required_message="Enter the name of the intervention")
    intervention_type = radios(
        "Type of intervention", InterventionType.choices, required_message="Select the type of intervention"
    )
    provider = text(
        "Provider",
        model=Intervention,
        name="provider",
        required_message="Enter who provides the intervention",
        help_text="The YJS itself or the partner who delivers it",
    )
    suitable_for = textarea("Who it suits (optional)", help_text="Ages, needs or orders it suits")
    sessions = whole_number(
        "number of sessions", "Sessions in the programme (optional)", low=1, high=MAX_PROGRAMME_SESSIONS, required=False
    )
    widths = {"sessions": Fixed.THREE}
    small_radios = ("intervention_type",)


class InterventionChangeForm(YesNoForm, InterventionForm):
    active = yes_no(
        "Is it in use?",
        "Select whether the intervention is in use",
        help_text="An intervention not in use takes no new referrals; its referrals are kept",
    )
    yes_no_fields = ("active",)


# --- Referrals ------------------------------------------------------------------------------------------


class ReferralForm(GovUKForm):
    intervention = forms.ModelChoiceField(
        label="Intervention",
        queryset=Intervention.objects.none(),
        empty_label="Select an intervention",
        error_messages={
            "required": "Select the intervention",
            "invalid_choice": "Select an intervention that is in use",
        },
    )
    referred_on = past_date("date of the referral", "Date referred")
    reason = textarea(
        "Why the child is referred (optional)", help_text="The need it meets, from the assessment or plan"
    )

    def __init__(self, *args, interventions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if interventions is not None:
            self.fields["intervention"].queryset = interventions


def sessions_field(noun: str, label: str, help_text: str = "") -> forms.IntegerField:
    return whole_number(noun, label, low=0, high=MAX_SESSIONS, help_text=help_text)


class ReferralProgressForm(GovUKForm):
    referred_on = past_date("date of the referral", "Date referred")
    reason = textarea(
        "Why the child is referred (optional)", help_text="The need it meets, from the assessment or plan"
    )
    started_on = past_date(
        "date the intervention started", "Date it started (optional)", required=False,
        help_text=f"Leave blank until the child starts. {EXAMPLE}",
    )  # fmt: skip
    sessions_offered = sessions_field("sessions offered", "Sessions offered so far")
    sessions_attended = sessions_field("sessions attended", "Sessions attended so far")
    widths = {"sessions_offered": Fixed.THREE, "sessions_attended": Fixed.THREE}

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        if data.get("started_on") is None:
            data.pop("started_on", None)  # not yet started: nothing to record (a recorded start stays)
        return data


class ReferralEndForm(GovUKForm):
    outcome = radios("How did it end?", ReferralOutcome.choices, required_message="Select how the referral ended")
    ended_on = past_date("date the referral ended", "Date it ended")
    sessions_offered = sessions_field("sessions offered", "Sessions offered in all")
    sessions_attended = sessions_field("sessions attended", "Sessions attended in all")
    widths = {"sessions_offered": Fixed.THREE, "sessions_attended": Fixed.THREE}


# --- Reparation ---------------------------------------------------------------------------------------------


class PlacementForm(GovUKForm):
    placement = text(
        "Placement",
        model=ReparationPlacement,
        name="placement",
        required_message="Enter where the reparation takes place",
        help_text="For example, a charity shop or a community garden",
    )
    description = textarea("What the child does (optional)")
    hours_ordered = whole_number("hours ordered", "Hours ordered", low=1, high=MAX_HOURS_ORDERED)
    started_on = past_date("date the placement started", "Date it started")
    widths = {"hours_ordered": Fixed.THREE}


class SessionForm(GovUKForm):
    done_on = past_date("date of the session", "Date of the session")
    hours = forms.DecimalField(
        label="Hours",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        max_digits=4,
        decimal_places=2,
        help_text="For example, 2 or 1.5",
        error_messages={
            "required": "Enter the hours of the session",
            "invalid": "Enter the hours of the session as a number, like 2 or 1.5",
            "max_digits": f"Enter the hours of the session, more than 0 and at most {MAX_SESSION_HOURS}",
            "max_whole_digits": f"Enter the hours of the session, more than 0 and at most {MAX_SESSION_HOURS}",
            "max_decimal_places": "Enter the hours of the session to no more than 2 decimal places",
        },
    )
    note = textarea("Note (optional)")
    widths = {"hours": Fixed.FIVE}


# --- Restorative justice and victim safety plans ---------------------------------------------------------


def victim_field(label: str, *, required: bool, empty_label: str) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=Victim.objects.none(),
        required=required,
        empty_label=empty_label,
        error_messages={
            "required": "Select the victim the plan keeps safe",
            "invalid_choice": "Select a victim of this case",
        },
    )


class VictimsForm(GovUKForm):
    """A form whose victim is one of the case's (``victims``)."""

    def __init__(self, *args, victims=None, **kwargs):
        super().__init__(*args, **kwargs)
        if victims is not None:
            self.fields["victim"].queryset = victims


class RestorativeJusticeForm(VictimsForm):
    restorative_type = radios(
        "Type of restorative justice",
        RestorativeType.choices,
        required_message="Select the type of restorative justice",
    )
    victim = victim_field("Victim (optional)", required=False, empty_label="No particular victim")
    victim_part = radios("The victim's part", VictimPart.choices, required_message="Select the victim's part")
    held_on = past_date("date it took place", "Date it took place (optional)", required=False)
    outcome = textarea("Outcome (optional)", help_text="What was agreed or said: an apology, an agreement, …")


class SafetyPlanForm(VictimsForm):
    victim = victim_field("Victim", required=True, empty_label="Select the victim")
    measures = textarea(
        "Measures",
        required_message="Enter what keeps the victim safe",
        help_text="Exclusion zones, no-contact conditions, who to call, …",
    )
    agreed_on = past_date("date the plan was agreed", "Date agreed")
    review_on = planned_date("review date", "Review on (optional)", required=False)
