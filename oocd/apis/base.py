"""The out-of-court disposals API's input fields and list view."""

from rest_framework import serializers

from yjs.api.base import ListApi
from yjs.api.fields import VisibleRelatedField, empty_messages
from yjs.api.filters import FieldFilterBackend
from yjs.models import Team

from .. import permissions
from ..models import Outcome, Referral

# --- Input fields with GOV.UK error messages ----------------------------------------------


def visible_referral_input(**kwargs) -> VisibleRelatedField:
    return VisibleRelatedField(model=Referral, visible=permissions.visible_referrals, label="referral", **kwargs)


def own_team_input(**kwargs) -> VisibleRelatedField:
    return VisibleRelatedField(
        model=Team, visible=lambda user: Team.objects.filter(pk__in=user.team_ids), label="team", **kwargs
    )


class CodeRelatedField(serializers.SlugRelatedField):
    """A row by its code. DRF looks the code up as sent: one PostgreSQL cannot take as text (a NUL,
    half a surrogate pair) made the query fail with a 500 (found by the API fuzzing)."""

    def to_internal_value(self, data):
        if isinstance(data, str) and ("\x00" in data or (not data.isascii() and not _encodes(data))):
            self.fail("invalid")
        return super().to_internal_value(data)


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def outcome_input(**kwargs) -> serializers.SlugRelatedField:
    messages = empty_messages("Select", "outcome") | {
        "does_not_exist": "Select a valid outcome",
        "invalid": "Select a valid outcome",
    }
    return CodeRelatedField(slug_field="code", queryset=Outcome.objects.all(), error_messages=messages, **kwargs)


class OocdListApi(ListApi):
    """A paginated, filterable list of what a selector returns for the user. ``queryset`` is
    a hint for the schema and filters; the rows always come from ``get_queryset``."""

    filter_backends = [FieldFilterBackend]
