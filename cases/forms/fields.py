"""The fields of the case pages."""

from yjs import forms as yjs_forms
from yjs.validators import happened_on

from ..models import GravityScore


class GovUKDateField(yjs_forms.GovUKDateField):
    """The GOV.UK date input; the case pages' day, month and year keep the browser's autocomplete."""

    part_attrs = {"inputmode": "numeric"}


def planned_date(noun: str, label: str, **kwargs) -> GovUKDateField:
    """The date of something that may lie ahead, in the case pages' date input."""
    return yjs_forms.planned_date(noun, label, field=GovUKDateField, **kwargs)


def offence_date_field(*, required: bool = True, help_text: str = yjs_forms.DATE_EXAMPLE) -> GovUKDateField:
    """The date of the offence: it has happened."""
    return GovUKDateField(
        noun="date of the offence",
        label="Date of the offence",
        required=required,
        help_text=help_text,
        bounds=happened_on,
    )


def offence_description_field(*, required_message: str | None = None):
    return yjs_forms.text(
        "Offence", max_length=300, required_message=required_message, help_text="For example, theft from a shop"
    )


def offence_group_field():
    return yjs_forms.text("Home Office offence group (optional)", max_length=100)


def gravity_score_field(label: str, *, required_message: str | None = None, radios=yjs_forms.radios):
    """The Child Gravity Matrix score (shown as small radios)."""
    return radios(label, GravityScore.choices, required_message=required_message, help_text="The 2023 matrix")
