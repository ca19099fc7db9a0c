"""Referral forms: the referral, the views gathered before the panel, and the panel itself."""

from datetime import time

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import ConditionalQuestion, ConditionalRadios, Field, Fluid
from django import forms
from django.utils import timezone

from cases.forms.fields import gravity_score_field, offence_description_field
from yjs.forms import YES_NO, GovUKForm, PersonNameField, choose_one, team_field, text, textarea
from yjs.models import Team, User

from ..models import Agency, Referral, ReferralSource
from .fields import moment, past_date, planned_date, radios

REFERRAL_FIELDS = (
    "team",
    "source",
    "referring_officer",
    "offence_description",
    "offence_date",
    "gravity_score",
    "admitted",
    "has_victim",
)


class ReferralForm(GovUKForm):
    team = team_field(help_text="The youth justice team that will hold the diversion case")
    source = radios(
        "Where did the referral come from?",
        ReferralSource.choices,
        required_message="Select where the referral came from",
        initial=ReferralSource.POLICE,
    )
    referring_officer = PersonNameField(
        label="Referring officer",
        max_length=150,
        help_text="Their name, rank and collar number",
        error_messages={"required": "Enter the referring officer"},
    )
    offence_description = offence_description_field(required_message="Enter the offence")
    offence_date = past_date("date of the offence", "Date of the offence")
    gravity_score = gravity_score_field(
        "Child Gravity Matrix score", required_message="Select the gravity score, from 1 to 5", radios=radios
    )
    admitted = radios(
        "Did the child admit the offence or accept responsibility?",
        YES_NO,
        required_message="Select yes if the child admitted the offence or accepted responsibility",
        help_text="Community resolutions and cautions need an admission",
    )
    has_victim = radios("Is there a victim?", YES_NO, required_message="Select yes if there is a victim")

    small_radios = ("gravity_score",)
    past_fields = {"offence_date": "Date of the offence"}
    service_fields = {
        "description": "offence_description",
        "offences": "offence_description",
        "offence_date": "offence_date",
        "gravity_score": "gravity_score",
        "referring_officer": "referring_officer",
        "source": "source",
        "referred_at": None,
        "team": "team",
    }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        teams = Team.objects.filter(pk__in=user.team_ids).order_by("name")
        self.fields["team"].queryset = teams
        if len(user.team_ids) == 1:
            self.fields["team"].initial = next(iter(user.team_ids))
        self.fields["referring_officer"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.referral_helper = self.make_helper(REFERRAL_FIELDS)

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "team": data["team"],
            "source": data["source"],
            "referring_officer": data["referring_officer"].strip(),
            "gravity_score": int(data["gravity_score"]),
            "admitted": data["admitted"] == "yes",
            "has_victim": data["has_victim"] == "yes",
            "offences": [{"description": data["offence_description"].strip(), "offence_date": data["offence_date"]}],
        }


class VictimViewsForm(GovUKForm):
    contacted = radios(
        "Was the victim contacted before the decision?",
        YES_NO,
        required_message="Select yes if the victim was contacted before the decision",
    )
    contacted_on = past_date("date the victim was contacted", "Date contacted", required=False)
    victim_views = textarea("The victim's views", help_text="What they said, and what they would like to happen")
    not_contacted_reason = textarea(
        "Why was the victim not contacted?", help_text="For example, they asked not to be contacted"
    )
    service_fields = {"victim_contacted_at": "contacted_on", "victim_not_contacted_reason": "not_contacted_reason"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = self.make_helper(
            [
                ConditionalRadios(
                    "contacted",
                    ConditionalQuestion("Yes", Field("contacted_on"), Field.textarea("victim_views", rows=5)),
                    ConditionalQuestion("No", Field.textarea("not_contacted_reason", rows=3)),
                )
            ]
        )

    def clean(self):
        data = super().clean()
        if data.get("contacted") == "yes":
            if not data.get("contacted_on") and "contacted_on" not in self.errors:
                self.add_error("contacted_on", "Enter the date the victim was contacted")
            self.not_in_future("contacted_on", "Date contacted")
            if not (data.get("victim_views") or "").strip():
                self.add_error("victim_views", "Enter the victim's views")
        elif data.get("contacted") == "no" and not (data.get("not_contacted_reason") or "").strip():
            self.add_error("not_contacted_reason", "Enter why the victim was not contacted")
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        if data["contacted"] == "yes":
            return {
                "victim_views": data["victim_views"],
                "victim_contacted_at": moment(data["contacted_on"], time(0)),
                "victim_not_contacted_reason": "",
            }
        return {"victim_views": "", "victim_not_contacted_reason": data["not_contacted_reason"]}


def views_field(whose: str, help_text: str) -> forms.CharField:
    """Someone's views before the panel (``whose``: "the child's"), required."""
    return textarea(
        f"{whose[0].upper()}{whose[1:]} views", required_message=f"Enter {whose} views", help_text=help_text, rows=6
    )


class ChildViewsForm(GovUKForm):
    child_views = views_field("the child's", "In the child's own words: what happened, and what would help")


class ParentCarerViewsForm(GovUKForm):
    parent_carer_views = views_field(
        "the parent or carer's", "Say who they are, for example the child's mother or foster carer"
    )


# --- Panels -----------------------------------------------------------------------------


def referral_label(referral: Referral) -> str:
    return (
        f"{referral.child.full_name}, referred {timezone.localtime(referral.referred_at):%-d %B %Y}, "
        f"gravity score {referral.gravity_score}"
    )


def referral_choices(referrals, missing: dict[int, list[str]] | None = None) -> list[Choice]:
    """Referrals to choose for a panel's agenda, each with what is still missing before the panel."""
    missing = missing or {}
    return [
        Choice(
            str(referral.pk),
            referral_label(referral),
            hint=("Missing: " + ", ".join(missing[referral.pk]).lower()) if missing.get(referral.pk) else "",
        )
        for referral in referrals
    ]


class ReferralsForm(GovUKForm):
    """A form choosing among ``referrals`` (each with what is still missing) in its field ``referrals_field``."""

    referrals_field = "referrals"

    def __init__(self, *args, referrals=(), missing: dict[int, list[str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._referrals = {str(referral.pk): referral for referral in referrals}
        self.fields[self.referrals_field].choices = referral_choices(referrals, missing)


class PanelForm(ReferralsForm):
    held_on = planned_date("date of the panel", "Date of the panel")
    location = text("Location (optional)", max_length=150)
    referrals = forms.MultipleChoiceField(
        label="Referrals on the agenda",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. Only referrals still waiting for a decision are listed",
        error_messages={"invalid_choice": "Select referrals from the list"},
    )

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "held_on": data["held_on"],
            "location": data["location"].strip(),
            "referrals": [self._referrals[pk] for pk in data["referrals"]],
        }


class PanelReferralForm(ReferralsForm):
    """A referral waiting for a decision, put on the agenda of a panel already set up."""

    referral = forms.ChoiceField(
        label="Which referral should the panel hear?",
        widget=forms.RadioSelect,
        help_text="Only referrals still waiting for a decision, and not yet on this agenda, are listed",
        error_messages={"required": "Select the referral to add to the agenda"},
    )

    referrals_field = "referral"

    def service_arguments(self) -> dict:
        return {"referral": self._referrals[self.cleaned_data["referral"]]}


class AttendeeForm(GovUKForm):
    user = choose_one(
        "Attendee with an account (optional)",
        User,
        empty_label="Not a user of this service",
        help_text="Choose them here, or enter their name below",
        invalid_message="Select an attendee from the list",
    )
    name = PersonNameField(label="Name", max_length=150, required=False, help_text="If they do not have an account")
    agency = radios("Agency", Agency.choices, required_message="Select the attendee's agency")
    role = text(
        "Role at the panel",
        max_length=100,
        required_message="Enter the attendee's role",
        help_text="For example, chair, YJS police officer or case worker",
    )
    widths = {"name": Fluid.ONE_HALF, "role": Fluid.ONE_HALF}

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users if users is not None else User.objects.none()
        self.fields["user"].label_from_instance = lambda user: f"{user} ({user.username})"

    def clean(self):
        data = super().clean()
        if not data.get("user") and not (data.get("name") or "").strip():
            self.add_error("name", "Enter the attendee's name, or choose them from the list")
        return data
