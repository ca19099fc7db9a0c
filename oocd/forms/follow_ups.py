"""Recording the outcome of a follow-up of a police outcome for a child not known to the YJS."""

from yjs.forms import GovUKForm, textarea

from ..models import FollowUpOutcome
from .fields import radios


class FollowUpOutcomeForm(GovUKForm):
    outcome = radios(
        "What did the YJS decide?", FollowUpOutcome.choices, required_message="Select the outcome of the follow-up"
    )
    note = textarea(
        "Note",
        help_text="Needed when no offer is needed: say why. Otherwise anything the team should know",
        rows=4,
    )
