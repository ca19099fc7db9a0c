"""Forms of referral order panels: scheduling a final or extension panel, and recording a panel held
with its volunteers, YJS member, outcome and contract. The rules (quorate, who may sit, the outcomes
a type allows, the contract) are the service's; its errors come back onto these fields."""

from django import forms

from yjs.forms import GovUKForm, choose_one, past_date, person_label, planned_date, radios, textarea
from yjs.models import User

from ..models import PanelOutcome, PanelType, Volunteer
from ..selectors.volunteers import vetting_status
from ..services.panels import CONTRACT_ALLOWED, CONTRACT_FIELDS, OUTCOMES, SCHEDULED_BY_HAND


class PanelScheduleForm(GovUKForm):
    panel_type = radios(
        "Which panel?",
        [(value, PanelType(value).label) for value in SCHEDULED_BY_HAND],
        required_message="Select a final panel or an extension or variation panel",
        help_text="Initial and progress panels are scheduled for you: the initial panel with the order, a progress "
        "panel each time one is held.",
    )
    due_on = planned_date("date the panel is due", "Due on")


def _volunteer(volunteer: Volunteer) -> str:
    status = vetting_status(volunteer)
    if status.lapsed:
        return f"{volunteer.name} (DBS check lapsed)"
    if not status.may_sit:
        return f"{volunteer.name} (cannot sit today)"
    return volunteer.name


class PanelHeldForm(GovUKForm):
    held_on = past_date("date the panel was held", "Date held")
    volunteers = forms.ModelMultipleChoiceField(
        label="Community panel volunteers",
        queryset=Volunteer.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select the two volunteers who sat on the panel",
        error_messages={"invalid_choice": "Select a valid volunteer", "invalid_pk_value": "Select a valid volunteer"},
    )
    yjs_member = choose_one(
        "YJS member",
        User,
        empty_label="Choose the YJS member",
        help_text="A case worker or manager of the case's team",
        required_message="Select the YJS member of the panel",
        invalid_message="Select the YJS member of the panel from the list",
    )
    outcome = radios("Outcome", PanelOutcome.choices, required_message="Select the panel's outcome")
    notes = textarea("Notes (optional)", help_text="What the panel discussed and decided")
    activities = textarea("Activities (optional unless a contract is agreed)", help_text="What the child agrees to do")
    reparation = textarea("Reparation (optional unless a contract is agreed)")
    child_signed_on = past_date("date the child signed the contract", "Date the child signed", required=False)
    parent_signed_on = past_date(
        "date the parent or carer signed the contract", "Date the parent or carer signed", required=False
    )
    parent_not_required = forms.BooleanField(label="No parent or carer signature is needed", required=False)

    service_fields = {
        "contract": "activities",
        **{f"contract.{name}": name for name in CONTRACT_FIELDS},
    }

    def __init__(self, *args, panel, volunteers, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.panel = panel
        self.fields["volunteers"].queryset = volunteers
        self.fields["volunteers"].label_from_instance = _volunteer
        self.fields["yjs_member"].queryset = members
        self.fields["yjs_member"].label_from_instance = person_label
        allowed = OUTCOMES[panel.panel_type]
        self.fields["outcome"].choices = [(value, PanelOutcome(value).label) for value in allowed]
        self.records_contract = bool(CONTRACT_ALLOWED.intersection(allowed))
        if not self.records_contract:
            for name in CONTRACT_FIELDS:
                del self.fields[name]
        self.helper = self.make_helper(list(self.fields))

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        contract = {name: data.pop(name) for name in CONTRACT_FIELDS if name in data}
        given = any(value for value in contract.values())
        wanted = data["outcome"] in CONTRACT_ALLOWED and (given or data["outcome"] == PanelOutcome.CONTRACT_AGREED)
        return {
            "held_on": data["held_on"],
            "volunteers": list(data["volunteers"]),
            "yjs_member": data["yjs_member"],
            "outcome": data["outcome"],
            "notes": data["notes"].strip(),
            "contract": contract if wanted else None,
        }
