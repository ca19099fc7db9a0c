"""Forms of custody spells and resettlement plans. The rules (which cases, a remand's supervision,
dates in order, what completing a plan needs) are the services'; their errors come back onto these
forms' fields."""

from yjs.forms import DATE_EXAMPLE as EXAMPLE
from yjs.forms import GovUKForm, YesNoForm, initial_yes_no, past_date, planned_date, radios, text, textarea, yes_no

from ..models import CustodySpell, EstablishmentType, SupervisionOnRelease

PLAN_YES_NO = ("accommodation_in_place", "education_in_place", "health_in_place")


class CustodySpellForm(GovUKForm):
    establishment_type = radios(
        "Type of secure establishment",
        EstablishmentType.choices,
        required_message="Select the type of secure establishment",
    )
    establishment = text(
        "Name of the secure establishment",
        model=CustodySpell,
        name="establishment",
        required_message="Enter the name of the secure establishment",
        help_text="For example, HMYOI Wetherby",
    )
    custody_from = past_date("date custody started", "Date custody started")
    release_on = planned_date(
        "expected release date",
        "Expected release date (optional)",
        required=False,
        help_text=f"The resettlement plan is due a set time before it. {EXAMPLE}",
    )
    supervision_on_release = radios(
        "Supervision on release",
        SupervisionOnRelease.choices,
        required_message="Select the supervision on release",
        help_text="A detention and training order: licence or notice of supervision. A remand: none.",
    )
    licence_conditions = textarea(
        "Licence or notice of supervision conditions (optional)",
        help_text="Needed before the resettlement plan is completed, unless the child is on remand",
    )
    small_radios = ("supervision_on_release",)

    @classmethod
    def initial_of(cls, spell: CustodySpell) -> dict:
        return {name: getattr(spell, name) for name in cls.base_fields}


class ReleaseForm(GovUKForm):
    released_on = past_date("date the child was released", "Date released")


class ResettlementPlanForm(YesNoForm):
    accommodation_in_place = yes_no(
        "Is suitable accommodation in place for release?",
        "Select yes if suitable accommodation is in place for release",
    )
    accommodation = textarea("Accommodation arrangements", help_text="Where the child will live, and with whom")
    education_in_place = yes_no(
        "Is education, training or employment in place for release?",
        "Select yes if education, training or employment is in place for release",
    )
    education = textarea("Education, training or employment arrangements", help_text="The provider, and the hours")
    health_in_place = yes_no(
        "Are health services in place for release?",
        "Select yes if health services are in place for release",
    )
    health = textarea(
        "Health arrangements", help_text="For example, the GP, and mental health or substance misuse support"
    )
    release_address = textarea(
        "Release address", help_text="Sent to the police area with the release date when the plan is completed"
    )
    small_radios = yes_no_fields = PLAN_YES_NO

    @classmethod
    def initial_of(cls, plan) -> dict:
        initial = {name: getattr(plan, name) for name in cls.base_fields if name not in PLAN_YES_NO}
        # A plan not yet written has no answers: its radios start unanswered.
        if plan.accommodation or plan.education or plan.health or plan.release_address or plan.completed_on:
            initial |= initial_yes_no(plan, PLAN_YES_NO)
        return initial
