"""Forms for the custody pages, in GOV.UK Design System style (crispy-forms-gds).

Forms check what was typed; the rules live in ``custody.services`` and ``custody.ingest``,
whose errors the views put back onto these forms.
"""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Fluid, Size
from django import forms
from django.core.exceptions import ValidationError

from yjs.forms import GovUKForm, upload_field

from .ingest import max_upload_bytes
from .models import CustodyOutcome, LocalAuthorityInbox
from .selectors import STILL_DETAINED

ANY = ""
YES_NO_ANY = [(ANY, "Any"), ("yes", "Yes"), ("no", "No")]


class RecordFilterForm(GovUKForm):
    """The custody list's filters (GET). Dates are typed as YYYY-MM-DD or DD/MM/YYYY."""

    since = forms.DateField(
        label="Detained since",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        help_text="For example, 27/3/2026. Leave empty for the last working day",
        error_messages={"invalid": "Enter the date as a real date, for example 27/3/2026"},
        widget=forms.DateInput(format="%d/%m/%Y"),
    )
    suite = forms.ChoiceField(label="Custody suite", required=False)
    outcome = forms.ChoiceField(label="Outcome", required=False)
    looked_after = forms.ChoiceField(label="Looked-after child", choices=YES_NO_ANY, required=False)
    open_case = forms.ChoiceField(label="Open case with the YJS", choices=YES_NO_ANY, required=False)

    widths = {"since": Fluid.ONE_QUARTER}

    def __init__(self, *args, suites: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suite"].choices = [(ANY, "All suites"), *((suite, suite) for suite in suites)]
        self.fields["outcome"].choices = [
            (ANY, "Any"),
            (STILL_DETAINED, "No outcome yet"),
            *CustodyOutcome.choices,
        ]

    def filters(self) -> dict:
        data = self.cleaned_data

        def yes_no(value: str) -> bool | None:
            return {"yes": True, "no": False}.get(value)

        return {
            "suite": data.get("suite") or "",
            "outcome": data.get("outcome") or "",
            "looked_after": yes_no(data.get("looked_after")),
            "open_case": yes_no(data.get("open_case")),
        }


class UploadForm(GovUKForm):
    file = upload_field(
        "Upload a custody extract",
        required_message="Select a custody extract file",
        help_text="A CSV file in the police extract format, with a header row",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = max_upload_bytes()
        if upload.size > limit:
            raise ValidationError(f"The selected file must be smaller than {limit / (1024 * 1024):g}MB")
        return upload


NEW_CHILD = "new"


class ResolveForm(GovUKForm):
    child = forms.ChoiceField(
        label="Which child is this?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the child, or that none of these is the child"},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        for candidate in candidates:
            child = candidate.child
            facts = [f"born {child.date_of_birth:%-d %B %Y}"]
            if child.pnc_id:
                facts.append(f"PNC ID {child.pnc_id}")
            facts.append(f"name similarity {candidate.score:.0f} out of 100")
            if not child.known_to_yjs:
                facts.append("not known to the YJS")
            choices.append(Choice(str(child.pk), f"{child.forenames} {child.surname}", hint=", ".join(facts)))
        choices.append(
            Choice(
                NEW_CHILD,
                "None of these: create a new child",
                hint="The child will be added as not known to the YJS",
                divider="or",
            )
        )
        self.fields["child"].choices = choices
        self.helper = self.make_helper([Field.radios("child", legend_size=Size.MEDIUM)])

    def service_arguments(self) -> dict:
        value = self.cleaned_data["child"]
        return {"child_id": None if value == NEW_CHILD else int(value)}


class InboxForm(GovUKForm, forms.ModelForm):
    class Meta:
        model = LocalAuthorityInbox
        fields = ["name", "email"]
        error_messages = {
            "name": {"required": "Enter the local authority's name"},
            "email": {
                "required": "Enter the duty inbox's email address",
                "invalid": "Enter an email address in the correct format, like name@example.com",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update(autocomplete="off", spellcheck="false")

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())


class FiguresForm(GovUKForm):
    start = forms.DateField(
        label="From",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"required": "Enter the start date", "invalid": "Enter the start date as a real date"},
        widget=forms.DateInput(format="%d/%m/%Y"),
    )
    end = forms.DateField(
        label="To",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"required": "Enter the end date", "invalid": "Enter the end date as a real date"},
        widget=forms.DateInput(format="%d/%m/%Y"),
    )

    widths = {"start": Fluid.ONE_QUARTER, "end": Fluid.ONE_QUARTER}

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The end date must be the same as or after the start date")
        return data
