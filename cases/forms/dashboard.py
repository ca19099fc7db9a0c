"""The filters of a list of the manager's dashboard (GET): whose cases, and what kind of record."""

from collections.abc import Sequence

from django import forms

from yjs.forms import GovUKForm

from ..selectors import UNALLOCATED


def worker_name(worker: dict) -> str:
    """A worker of ``selectors.caseload_per_worker``, by name (their username when they have none)."""
    return f"{worker['first_name']} {worker['last_name']}".strip() or worker["username"]


class DashboardFilterForm(GovUKForm):
    worker = forms.TypedChoiceField(
        label="Case worker",
        help_text="The worker the case is allocated to",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Select a case worker from the list"},
    )
    kind = forms.ChoiceField(required=False, error_messages={"invalid_choice": "Select a type from the list"})

    def __init__(self, *args, workers: list[dict], kinds: Sequence[tuple[str, str]], kind_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = [
            ("", "Anyone"),
            (str(UNALLOCATED), "Not allocated"),
            *((str(worker["id"]), worker_name(worker)) for worker in workers),
        ]
        if kinds:
            self.fields["kind"].label = kind_label
            self.fields["kind"].choices = [("", "Any"), *kinds]
        else:
            del self.fields["kind"]
        self.helper = self.make_helper(list(self.fields))

    def filters(self) -> dict:
        """The list selector's ``worker`` and ``kind``; none when the form is not valid."""
        if not self.is_valid():
            return {"worker": None, "kind": ""}
        return {"worker": self.cleaned_data["worker"], "kind": self.cleaned_data.get("kind", "")}

    @property
    def filtered(self) -> bool:
        chosen = self.filters()
        return chosen["worker"] is not None or bool(chosen["kind"])
