"""The date field of the case pages."""

from yjs import forms as yjs_forms


class GovUKDateField(yjs_forms.GovUKDateField):
    """The GOV.UK date input; the case pages' day, month and year keep the browser's autocomplete."""

    part_attrs = {"inputmode": "numeric"}
