"""Forms of the risk and vulnerability meeting's pages: arranging a meeting, its attendees, its
agenda, the decision on each case heard, its actions, and referring a case or declining a referral."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import ConditionalQuestion, ConditionalRadios, Field, Fluid
from django import forms
from django.utils import timezone

from cases.models import Level
from yjs.forms import (
    GovUKForm,
    PersonNameField,
    choose_one,
    person_label,
    planned_date,
    radios,
    team_field,
    text,
    textarea,
)
from yjs.models import Team, User


class MeetingForm(GovUKForm):
    team = team_field()
    held_on = planned_date("date of the meeting", "Date of the meeting")
    chair = forms.ModelChoiceField(
        label="Chair",
        queryset=User.objects.none(),
        empty_label=None,
        error_messages={"required": "Select who chairs the meeting", "invalid_choice": "Select who chairs the meeting"},
    )
    notes = textarea("Notes (optional)", help_text="For example, where the meeting is held")

    def __init__(self, *args, teams, chairs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(pk__in=[team.pk for team in teams]).order_by("name")
        self.fields["chair"].queryset = chairs
        self.fields["chair"].label_from_instance = person_label
        if len(teams) == 1:  # nothing to choose
            self.only_team = teams[0]
            del self.fields["team"]
            self.helper = self.make_helper(list(self.fields))
        else:
            self.only_team = None

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "team": data.get("team") or self.only_team,
            "held_on": data["held_on"],
            "chair": data["chair"],
            "notes": data["notes"].strip(),
        }


class AttendeeForm(GovUKForm):
    name = PersonNameField(label="Name", max_length=150, error_messages={"required": "Enter the attendee's name"})
    agency = text(
        "Agency",
        max_length=150,
        required_message="Enter the attendee's agency",
        help_text="For example, youth justice service, police, children's social care or health",
    )
    role = text("Role (optional)", max_length=150, help_text="For example, chair or social worker")
    widths = {"name": Fluid.ONE_HALF, "agency": Fluid.ONE_HALF, "role": Fluid.ONE_HALF}

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {"name": data["name"].strip(), "agency": data["agency"].strip(), "role": data["role"].strip()}


class HearingForm(GovUKForm):
    """A case for the agenda: one referred to the meeting and still waiting, or any other open case."""

    referred_case = forms.ChoiceField(
        label="Cases referred to the meeting",
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select a case from the list"},
    )
    other_case = forms.ChoiceField(
        label="Another open case of the team",
        required=False,
        help_text="If the case was not referred",
        error_messages={"invalid_choice": "Select a case from the list"},
    )
    error_field = "referred_case"

    def __init__(self, *args, referred=(), others=(), **kwargs):
        """``referred``: (case, its awaiting referrals); ``others``: the team's other open cases."""
        super().__init__(*args, **kwargs)
        self._cases = {str(case.pk): case for case, _ in referred} | {str(case.pk): case for case in others}
        self.fields["referred_case"].choices = [
            Choice(
                str(case.pk),
                f"{case.child.full_name}: {case.get_case_type_display()}",
                hint="; ".join(
                    f"{referral.get_reason_display()}, referred {timezone.localtime(referral.referred_at):%-d %B %Y}"
                    for referral in referrals
                ),
            )
            for case, referrals in referred
        ]
        self.fields["other_case"].choices = [("", "Choose a case")] + [
            (str(case.pk), f"{case.child.full_name}: {case.get_case_type_display()}") for case in others
        ]
        if not referred:
            del self.fields["referred_case"]
            self.error_field = "other_case"
            self.helper = self.make_helper(list(self.fields))

    def clean(self):
        data = super().clean()
        referred, other = data.get("referred_case"), data.get("other_case")
        if self.errors:
            return data
        if referred and other:
            self.add_error("other_case", "Select a referred case or another open case, not both")
        elif not referred and not other:
            message = "Select a case to hear" if "referred_case" in self.fields else "Select the case to hear"
            self.add_error(self.error_field, message)
        else:
            self.error_field = "referred_case" if referred else "other_case"
        return data

    @property
    def service_fields(self) -> dict:
        return {"case": self.error_field}

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {"case": self._cases[data.get("referred_case") or data["other_case"]]}


class DecisionForm(GovUKForm):
    risk_of_serious_harm = radios(
        "Risk of serious harm to others",
        Level.choices,
        required_message="Select the risk of serious harm the meeting agreed",
    )
    safety_and_wellbeing = radios(
        "Safety and wellbeing",
        Level.choices,
        required_message="Select the safety and wellbeing level the meeting agreed",
    )
    external_controls = textarea(
        "External controls",
        help_text="What others will do to manage the risk, for example licence conditions, curfews or exclusion "
        "zones. Needed when either level is high or very high",
    )
    contingency = textarea(
        "Contingency",
        help_text="What will happen, and who will do it, if the risk to the child or to others rises. Needed when "
        "either level is high or very high",
    )
    decision = textarea("What the meeting decided", required_message="Enter what the meeting decided", rows=5)
    next_review_on = planned_date("date of the next review", "Date of the next review")
    small_radios = ("risk_of_serious_harm", "safety_and_wellbeing")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("risk_of_serious_harm", "safety_and_wellbeing"):
            self.fields[name].error_messages["invalid_choice"] = self.fields[name].error_messages["required"]


OWNED_BY_STAFF = "staff"
OWNED_BY_AGENCY = "agency"


class ActionForm(GovUKForm):
    description = textarea("Action", required_message="Enter what needs to be done", help_text="What is to be done")
    owned_by = radios(
        "Who owns the action?",
        [(OWNED_BY_STAFF, "A member of the team"), (OWNED_BY_AGENCY, "A partner agency")],
        required_message="Select who owns the action",
    )
    owner = choose_one(
        "Member of the team",
        User,
        empty_label="Choose a member of the team",
        invalid_message="Select a member of the team from the list",
    )
    owner_agency = text("Partner agency", max_length=150, help_text="For example, children's social care")
    due_on = planned_date("date the action is due", "Due date")

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owned_by"].error_messages["invalid_choice"] = "Select who owns the action"
        self.fields["owner"].queryset = members if members is not None else User.objects.none()
        self.fields["owner"].label_from_instance = person_label
        self.helper = self.make_helper(
            [
                Field.textarea("description", rows=3),
                ConditionalRadios(
                    "owned_by",
                    ConditionalQuestion("A member of the team", Field.select("owner")),
                    ConditionalQuestion("A partner agency", Field.text("owner_agency", field_width=Fluid.TWO_THIRDS)),
                ),
                Field("due_on"),
            ]
        )

    def clean(self):
        data = super().clean()
        if data.get("owned_by") == OWNED_BY_STAFF and not data.get("owner") and "owner" not in self.errors:
            self.add_error("owner", "Select the member of the team who owns the action")
        if data.get("owned_by") == OWNED_BY_AGENCY and not (data.get("owner_agency") or "").strip():
            self.add_error("owner_agency", "Enter the partner agency that owns the action")
        return data

    @property
    def service_fields(self) -> dict:
        """The service names the owner, whoever it is: its error goes on the field chosen."""
        by_agency = self.cleaned_data.get("owned_by") == OWNED_BY_AGENCY
        return {"owner": "owner_agency" if by_agency else "owner"}

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        by_staff = data["owned_by"] == OWNED_BY_STAFF
        return {
            "description": data["description"].strip(),
            "due_on": data["due_on"],
            "owner": data["owner"] if by_staff else None,
            "owner_agency": "" if by_staff else data["owner_agency"].strip(),
        }


class ReferralForm(GovUKForm):
    detail = textarea(
        "Why are you referring the case?",
        required_message="Enter the reason for the referral",
        help_text="What has happened, and what you are worried about",
        rows=5,
    )


class DeclineForm(GovUKForm):
    reason = textarea(
        "Why does the case not need the meeting?",
        required_message="Enter the reason for declining the referral",
        help_text="The case worker and the case's record will show this",
        rows=5,
    )
