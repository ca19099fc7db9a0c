"""The notification pages' forms: the list's filters and the choice of email by kind."""

from django import forms

from yjs.forms import GovUKForm
from yjs.models import NotificationKind

ALL, UNREAD = "", "unread"


class NotificationFilterForm(GovUKForm):
    """The list's filters (GET): unread only, one kind."""

    show = forms.ChoiceField(
        label="Show", choices=[(ALL, "All notifications"), (UNREAD, "Unread only")], required=False
    )
    kind = forms.ChoiceField(label="Kind", choices=[(ALL, "All kinds"), *NotificationKind.choices], required=False)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {
            "unread": True if self.cleaned_data["show"] == UNREAD else None,
            "kind": self.cleaned_data["kind"],
        }


class EmailPreferencesForm(GovUKForm):
    """Each kind emailed or not: every notification is listed in the application whatever is chosen."""

    email = forms.MultipleChoiceField(
        label="Email me about",
        help_text="Select all that apply. Everything is listed on your notifications page whatever you choose.",
        choices=NotificationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def service_arguments(self) -> dict:
        chosen = set(self.cleaned_data["email"])
        return {"email": {kind: kind in chosen for kind in NotificationKind.values}}
