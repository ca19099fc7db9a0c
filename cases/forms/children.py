"""Forms about a child: finding them, their record, their flags, and opening a case for them."""

from crispy_forms_gds.layout import Fixed, Fluid
from django import forms
from django.core.validators import RegexValidator

from yjs.forms import YES_NO, GovUKForm, PersonNameField, choose_one, radios, team_field, textarea
from yjs.models import Team, User
from yjs.roles import Role
from yjs.validators import DateOfBirthBounds

from ..models import CaseType, EducationStatus, Ethnicity, FlagType, Gender
from .fields import (
    GovUKDateField,
    gravity_score_field,
    offence_date_field,
    offence_description_field,
    offence_group_field,
    planned_date,
)

# --- Children -----------------------------------------------------------------------------


class ChildSearchForm(GovUKForm):
    q = forms.CharField(
        label="Name, date of birth or PNC ID",
        help_text="For example, Jayden Whitfield, 14/03/2010 or 23/123456A",
        max_length=100,
        error_messages={"required": "Enter a name, date of birth or PNC ID"},
    )
    widths = {"q": Fluid.TWO_THIRDS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(type="search", spellcheck="false", autocomplete="off")


class ChildForm(GovUKForm):
    forenames = PersonNameField(
        label="First names", max_length=150, error_messages={"required": "Enter the child's first names"}
    )
    surname = PersonNameField(
        label="Last name", max_length=100, error_messages={"required": "Enter the child's last name"}
    )
    preferred_name = PersonNameField(label="Preferred name (optional)", max_length=100, required=False)
    date_of_birth = GovUKDateField(
        noun="date of birth", label="Date of birth", help_text="For example, 27 3 2011", bounds=DateOfBirthBounds
    )
    gender = radios("Gender", Gender.choices, required_message="Select the child's gender")
    ethnicity = forms.ChoiceField(
        label="Ethnicity",
        choices=Ethnicity.choices,
        initial=Ethnicity.NOT_STATED,
        help_text="As the child describes it",
    )
    address = textarea("Address (optional)")
    postcode = forms.CharField(label="Postcode (optional)", max_length=10, required=False)
    home_local_authority = forms.CharField(label="Home local authority (optional)", max_length=100, required=False)
    pnc_id = forms.CharField(
        label="PNC ID (optional)",
        max_length=20,
        required=False,
        help_text="For example, 23/123456A",
        validators=[
            RegexValidator(r"^\d{2,4}/\d{1,7}[A-Za-z]$", "Enter a PNC ID in the right format, like 23/123456A")
        ],
    )
    looked_after = radios(
        "Is the child looked after by a local authority?",
        YES_NO,
        required_message="Select yes if the child is looked after",
    )
    responsible_local_authority = forms.CharField(
        label="Responsible local authority (if looked after)", max_length=100, required=False
    )
    social_worker_name = PersonNameField(label="Social worker's name (optional)", max_length=150, required=False)
    social_worker_email = forms.EmailField(
        label="Social worker's email address (optional)",
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.gov.uk"},
    )
    social_worker_phone = forms.CharField(
        label="Social worker's phone number (optional)", max_length=30, required=False
    )
    education_status = forms.ChoiceField(
        label="Education, training or employment", choices=EducationStatus.choices, initial=EducationStatus.UNKNOWN
    )
    special_educational_needs = forms.BooleanField(
        label="The child has special educational needs (SEND)", required=False
    )
    education_health_care_plan = forms.BooleanField(
        label="The child has an education, health and care plan (EHCP)", required=False
    )

    # A PNC ID another child holds is refused by a database constraint: shown on the PNC ID.
    whole_record_fields = {"PNC ID": "pnc_id", "child_pnc_id_unique": "pnc_id"}
    widths = {
        "forenames": Fluid.TWO_THIRDS,
        "surname": Fluid.TWO_THIRDS,
        "preferred_name": Fluid.ONE_HALF,
        "postcode": Fixed.TEN,
        "pnc_id": Fixed.TEN,
        "social_worker_phone": Fixed.TWENTY,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["surname"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.fields["forenames"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.fields["social_worker_email"].widget.attrs.update(spellcheck="false")
        self.fields["postcode"].widget.attrs.update(autocomplete="off")

    def clean(self):
        data = super().clean()
        if data.get("looked_after") == "yes" and not data.get("responsible_local_authority", "").strip():
            self.add_error("responsible_local_authority", "Enter the local authority responsible for the child")
        return data

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["looked_after"] = data["looked_after"] == "yes"
        data["pnc_id"] = data["pnc_id"].strip().upper()
        data["postcode"] = data["postcode"].strip().upper()
        return data


class FlagRaiseForm(GovUKForm):
    flag_type = radios("Type of flag", FlagType.choices, required_message="Select the type of flag")
    note = textarea("Why are you raising it?", help_text="What you know, where it came from, and any reference")


class FlagRemoveForm(GovUKForm):
    removal_reason = textarea("Why is the flag being removed?", required_message="Enter why the flag is being removed")

    def service_arguments(self) -> dict:
        return {"reason": self.cleaned_data["removal_reason"]}


# --- Opening a case -------------------------------------------------------------------------


class CaseOpenForm(GovUKForm):
    # The services name the offence's fields without the form's "offence_" prefix.
    service_fields = {"description": "offence_description", "offence_date": "offence_date"}

    case_type = radios("Case type", CaseType.choices, required_message="Select the case type")
    team = team_field()
    start_date = planned_date("start date", "Start date")
    allocated_to = choose_one(
        "Allocated case worker (optional)",
        User,
        empty_label="Not allocated yet",
        invalid_message="Select a case worker from the list",
    )
    restricted = forms.BooleanField(
        label="Restrict this case: only the allocated case worker, the team's managers and the head of service see it",
        required=False,
    )
    order_end_date = planned_date(
        "order end date", "Order end date (optional)", required=False, help_text="For a court order"
    )
    offence_description = offence_description_field()
    offence_date = offence_date_field(required=False, help_text="")
    offence_group = offence_group_field()
    gravity_score = gravity_score_field("Child Gravity Matrix score")

    small_radios = ("gravity_score",)
    offence_fields = ("offence_description", "offence_date", "offence_group", "gravity_score")

    def __init__(self, *args, user: User, workers, **kwargs):
        super().__init__(*args, **kwargs)
        teams = Team.objects.filter(pk__in=user.team_ids)
        self.fields["team"].queryset = teams
        if len(user.team_ids) == 1:
            self.fields["team"].initial = next(iter(user.team_ids))
        self.fields["allocated_to"].queryset = workers
        if user.has_role(Role.CASE_WORKER):
            self.fields["allocated_to"].initial = user.pk
        self.fields["allocated_to"].label_from_instance = lambda worker: str(worker)
        self.case_helper = self.make_helper(
            ["case_type", "team", "start_date", "allocated_to", "restricted", "order_end_date"]
        )
        self.offence_helper = self.make_helper(list(self.offence_fields))

    def clean(self):
        data = super().clean()
        # Every case but prevention starts from an offence; a prevention case may record one.
        needs_offence = bool(data.get("case_type")) and data["case_type"] != CaseType.PREVENTION
        has_offence = bool((data.get("offence_description") or "").strip())
        if needs_offence or has_offence:
            if not has_offence:
                self.add_error("offence_description", "Enter the offence")
            if not data.get("offence_date") and "offence_date" not in self.errors:
                self.add_error("offence_date", "Enter the date of the offence")
        if needs_offence and not data.get("gravity_score"):
            self.add_error("gravity_score", "Select the gravity score")
        self.not_in_future("offence_date", "Date of the offence")
        self.in_order("start_date", "order_end_date", "Order end date must be after the start date")
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        offences = []
        if (data.get("offence_description") or "").strip():
            offences.append(
                {
                    "description": data["offence_description"].strip(),
                    "offence_date": data["offence_date"],
                    "offence_group": data["offence_group"],
                    "gravity_score": int(data["gravity_score"]) if data.get("gravity_score") else None,
                }
            )
        return {
            "case_type": data["case_type"],
            "team": data["team"],
            "start_date": data["start_date"],
            "allocated_to": data["allocated_to"],
            "restricted": data["restricted"],
            "order_end_date": data["order_end_date"],
            "offences": offences,
        }
