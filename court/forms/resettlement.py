"""Forms of custody spells and resettlement plans. The rules (which cases, a remand's supervision,
dates in order, what completing a plan needs) are the services'; their errors come back onto these
forms' fields."""

from django import forms

from yjs.forms import YES_NO, GovUKDateField, GovUKForm, radios, textarea
from yjs.validators import happened_after_yjs_began, planned_for

from ..models import CustodySpell, EstablishmentType, SupervisionOnRelease

EXAMPLE = "For example, 27 3 2026"
PLAN_YES_NO = ("accommodation_in_place", "education_in_place", "health_in_place")


def past_date(noun: str, label: str, *, help_text: str = EXAMPLE) -> GovUKDateField:
    return GovUKDateField(noun=noun, label=label, help_text=help_text, bounds=happened_after_yjs_began)


class CustodySpellForm(GovUKForm):
    establishment_type = radios(
        "Type of secure establishment",
        EstablishmentType.choices,
        required_message="Select the type of secure establishment",
    )
    establishment = forms.CharField(
        label="Name of the secure establishment",
        max_length=CustodySpell._meta.get_field("establishment").max_length,
        help_text="For example, HMYOI Wetherby",
        error_messages={"required": "Enter the name of the secure establishment"},
    )
    custody_from = past_date("date custody started", "Date custody started")
    release_on = GovUKDateField(
        noun="expected release date",
        label="Expected release date (optional)",
        required=False,
        help_text=f"The resettlement plan is due a set time before it. {EXAMPLE}",
        bounds=planned_for,
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


def as_booleans(data: dict) -> dict:
    return {key: (value == "yes") if key in PLAN_YES_NO else value for key, value in data.items()}


class ResettlementPlanForm(GovUKForm):
    accommodation_in_place = radios(
        "Is suitable accommodation in place for release?",
        YES_NO,
        required_message="Select yes if suitable accommodation is in place for release",
    )
    accommodation = textarea("Accommodation arrangements", help_text="Where the child will live, and with whom")
    education_in_place = radios(
        "Is education, training or employment in place for release?",
        YES_NO,
        required_message="Select yes if education, training or employment is in place for release",
    )
    education = textarea("Education, training or employment arrangements", help_text="The provider, and the hours")
    health_in_place = radios(
        "Are health services in place for release?",
        YES_NO,
        required_message="Select yes if health services are in place for release",
    )
    health = textarea(
        "Health arrangements", help_text="For example, the GP, and mental health or substance misuse support"
    )
    release_address = textarea(
        "Release address", help_text="Sent to the police area with the release date when the plan is completed"
    )
    small_radios = PLAN_YES_NO

    @classmethod
    def initial_of(cls, plan) -> dict:
        initial = {name: getattr(plan, name) for name in cls.base_fields if name not in PLAN_YES_NO}
        # A plan not yet written has no answers: its radios start unanswered.
        if plan.accommodation or plan.education or plan.health or plan.release_address or plan.completed_on:
            initial |= {name: "yes" if getattr(plan, name) else "no" for name in PLAN_YES_NO}
        return initial

    def service_arguments(self) -> dict:
        return as_booleans(dict(self.cleaned_data))
