"""Forms of pre-sentence reports: the court's request, the proposal, a manager's return with
feedback, the submission to the court and the sentence given. The rules (the order of the steps,
dates, who may do what) are the services'; their errors come back onto these forms."""

from django import forms

from yjs.forms import YES_NO, GovUKDateField, GovUKForm, radios, textarea
from yjs.models import User
from yjs.validators import happened_after_yjs_began, long_date

from ..models import Hearing, ReportStatus, Sentence

EXAMPLE = "For example, 27 3 2026"


def past_date(noun: str, label: str, *, required: bool = True) -> GovUKDateField:
    return GovUKDateField(noun=noun, label=label, required=required, help_text=EXAMPLE, bounds=happened_after_yjs_began)


def _person(user: User) -> str:
    return user.get_full_name() or user.get_username()


class ReportCreateForm(GovUKForm):
    requested_on = past_date("date the court asked for the report", "Date the court asked for the report")
    stand_down = radios(
        "Is it a stand-down report?",
        YES_NO,
        required_message="Select yes if the report is written the same day, while the court waits",
        help_text="A stand-down report is written the same day, while the court waits. Any other report is due "
        "a set number of working days after the request",
    )
    hearing = forms.ModelChoiceField(
        label="Hearing that asked for it (optional)",
        queryset=Hearing.objects.none(),
        required=False,
        empty_label="Not recorded",
        error_messages={"invalid_choice": "Select one of the child's hearings"},
    )
    author = forms.ModelChoiceField(
        label="Who will write it? (optional)",
        queryset=User.objects.none(),
        required=False,
        empty_label="Me",
        error_messages={"invalid_choice": "Select someone who works on the case to write the report"},
    )
    small_radios = ("stand_down",)

    def __init__(self, *args, hearings, writers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hearing"].queryset = hearings
        self.fields["hearing"].label_from_instance = lambda hearing: (
            f"{hearing.get_hearing_type_display()} hearing at {hearing.court}, {long_date(hearing.heard_on)}"
        )
        self.fields["author"].queryset = writers
        self.fields["author"].label_from_instance = _person

    def service_arguments(self) -> dict:
        return dict(self.cleaned_data) | {"stand_down": self.cleaned_data["stand_down"] == "yes"}


class ProposalForm(GovUKForm):
    proposal = forms.ChoiceField(
        label="Proposed sentence",
        choices=[("", "Not decided yet"), *Sentence.choices],
        required=False,
    )
    proposal_detail = textarea(
        "The proposal in the report's words (optional)", help_text="For example, the requirements proposed", rows=6
    )


class ReturnForm(GovUKForm):
    feedback = textarea(
        "Feedback for the author",
        required_message="Enter your feedback: what must change before you can approve the report",
        help_text="What must change before you can approve the report",
    )


class SubmitForm(GovUKForm):
    submitted_on = past_date("date the report was submitted", "Date submitted to the court")


class SentenceForm(GovUKForm):
    sentence_given = forms.ChoiceField(
        label="Sentence given",
        choices=[("", "Select the sentence"), *Sentence.choices],
        error_messages={"required": "Select the sentence the court gave"},
    )
    sentenced_on = past_date("date of the sentence", "Date of the sentence")


class ReportFilterForm(forms.Form):
    """The reports list's filter (a GET form)."""

    status = forms.ChoiceField(label="Status", choices=[("", "All"), *ReportStatus.choices], required=False)
