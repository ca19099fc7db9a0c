"""The fields the out-of-court disposal forms share, and a form for the moment something was done."""

from datetime import date, datetime, time

from django import forms
from django.utils import timezone

from yjs import forms as yjs_forms

DATE_HINT = "For example, 27 3 2026"


class GovUKDateField(yjs_forms.GovUKDateField):
    """The GOV.UK date input, with the hint of a date this year."""

    default_help_text = DATE_HINT


def radios(label: str, choices, *, required_message: str, **kwargs) -> forms.ChoiceField:
    """Required radios; a value not among the choices has the same message as none."""
    field = yjs_forms.radios(label, choices, required_message=required_message, **kwargs)
    field.error_messages["invalid_choice"] = required_message
    return field


def past_date(noun: str, label: str, **kwargs) -> GovUKDateField:
    """The date something happened (its service refuses a date in the future)."""
    return yjs_forms.past_date(noun, label, field=GovUKDateField, **kwargs)


def planned_date(noun: str, label: str, **kwargs) -> GovUKDateField:
    """The date of something that may lie ahead."""
    return yjs_forms.planned_date(noun, label, field=GovUKDateField, **kwargs)


def moment(day: date | None, clock: time | None) -> datetime | None:
    """A date and a time typed on a page, as an aware datetime in the service's time zone."""
    if day is None or clock is None:
        return None
    return timezone.make_aware(datetime.combine(day, clock))


def moment_fields(what: str) -> tuple[GovUKDateField, yjs_forms.GovUKTimeField]:
    """The date and the time ``what`` happened ("the disposal was delivered")."""
    return (
        past_date(f"date {what}", "Date"),
        yjs_forms.GovUKTimeField(noun=f"time {what}"),
    )


class MomentForm(yjs_forms.GovUKForm):
    """When something was done: its first fields ``<name>_date`` and ``<name>_time`` (from
    ``moment_fields``, initially now), given to the service as ``<name>_at``."""

    def __init__(self, *args, **kwargs):
        self.moment = next(iter(self.base_fields)).removesuffix("_date")
        now = timezone.localtime()
        kwargs.setdefault("initial", {f"{self.moment}_date": now.date(), f"{self.moment}_time": f"{now:%H:%M}"})
        super().__init__(*args, **kwargs)

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {f"{self.moment}_at": moment(data[f"{self.moment}_date"], data[f"{self.moment}_time"])}
