"""Forms of pre-sentence reports: the court's request, the proposal, a manager's return with
feedback, the submission to the court and the sentence given. The rules (the order of the steps,
dates, who may do what) are the services'; their errors come back onto these forms."""

from django import forms

from yjs.forms import GovUKForm, YesNoForm, choose_one, past_date, person_label, textarea, yes_no
from yjs.models import User
from yjs.validators import long_date

from ..models import Hearing, ReportStatus, Sentence


class ReportCreateForm(YesNoForm):
    requested_on = past_date("date the court asked for the report", "Date the court asked for the report")
    stand_down = yes_no(
        "Is it a stand-down report?",
        "Select yes if the report is written the same day, while the court waits",
        help_text="A stand-down report is written the same day, while the court waits. Any other report is due "
        "a set number of working days after the request",
    )
    hearing = choose_one(
        "Hearing that asked for it (optional)",
        Hearing,
        empty_label="Not recorded",
        invalid_message="Select one of the child's hearings",
    )
    author = choose_one(
        "Who will write it? (optional)",
        User,
        empty_label="Me",
        invalid_message="Select someone who works on the case to write the report",
    )
    small_radios = yes_no_fields = ("stand_down",)

    def __init__(self, *args, hearings, writers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hearing"].queryset = hearings
        self.fields["hearing"].label_from_instance = lambda hearing: (
            f"{hearing.get_hearing_type_display()} hearing at {hearing.court}, {long_date(hearing.heard_on)}"
        )
        self.fields["author"].queryset = writers
        self.fields["author"].label_from_instance = person_label


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
