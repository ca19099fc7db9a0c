"""Account forms in GOV.UK Design System style (crispy-forms-gds), with GOV.UK error wording."""

import dataclasses
import re
from collections.abc import Callable
from datetime import date, time

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fixed, Fluid, Layout
from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator
from django.utils import timezone

from yjs.validators import (
    DateBounds,
    happened_after_yjs_began,
    max_length_message,
    normalise_name,
    planned_for,
    text_length,
)

from .audit import audit_record
from .models import AuditAction, Team
from .roles import Role
from .sign_in import SIGN_IN_ADDRESS_BLOCKED, USERNAME_MAX_LENGTH, sign_in_address_blocked


def _govuk_helper(form, *fields: str) -> FormHelper:
    """Text inputs 20 characters wide; the page supplies the <form>, its CSRF token and button."""
    for name in fields:
        # GOV.UK pages do not move focus on load: screen reader users would miss the page's start.
        form.fields[name].widget.attrs.pop("autofocus", None)
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*(Field.text(name, field_width=Fixed.TWENTY) for name in fields))
    return helper


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "Your account has been closed. Contact your manager if you still need it",
        "service_account": "This is a service account for other systems. It cannot sign in here",
        "address_blocked": SIGN_IN_ADDRESS_BLOCKED,
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.error_messages["required"] = "Enter your username"
        # AuthenticationForm sets max_length without its validator: a longer username reached the
        # database (django-axes and the audit trail record it) and failed there.
        username.validators.append(
            MaxLengthValidator(USERNAME_MAX_LENGTH, f"Username must be {USERNAME_MAX_LENGTH} characters or fewer")
        )
        username.widget.attrs.update(spellcheck="false", autocomplete="username")
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = _govuk_helper(self, "username", "password")

    def clean(self):
        if self.request is not None and sign_in_address_blocked(self.request):
            raise ValidationError(self.error_messages["address_blocked"], code="address_blocked")
        return super().clean()

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        # A service account (DESIGN §2's API client) uses the API only, with a token.
        if user.has_role(Role.API_CLIENT):
            audit_record(
                actor=None,
                action=AuditAction.LOGIN_FAILED,
                request=self.request,
                actor_username=user.get_username(),
                detail={"reason": "service_account"},
            )
            raise ValidationError(self.error_messages["service_account"], code="service_account")


class ChangePasswordForm(PasswordChangeForm):
    error_messages = {
        "password_incorrect": "Your current password is not right. Enter it again",
        "password_mismatch": "Enter the same new password in both fields",
    }

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        fields = self.fields
        fields["old_password"].label = "Current password"
        fields["old_password"].error_messages["required"] = "Enter your current password"
        fields["new_password1"].label = "New password"
        fields["new_password1"].help_text = " ".join(password_validation.password_validators_help_texts())
        fields["new_password1"].error_messages["required"] = "Enter a new password"
        fields["new_password2"].label = "Confirm new password"
        fields["new_password2"].help_text = ""
        fields["new_password2"].error_messages["required"] = "Enter your new password again"
        self.helper = _govuk_helper(self, "old_password", "new_password1", "new_password2")


# --- The GOV.UK form machinery the apps' forms share -------------------------------------

TIME_PATTERN = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


class GovUKDateField(DateInputField):
    """The GOV.UK date input (day, month, year) with errors that name the date."""

    # The hint shown when the field is given none, and the attributes of the day, month and year.
    default_help_text = ""
    part_attrs = {"inputmode": "numeric", "autocomplete": "off"}

    def __init__(self, *, noun: str, bounds: Callable[[str], DateBounds] = DateBounds, **kwargs):
        """``bounds``: the dates that make sense, given the noun (``yjs.validators``: by default
        from 1900 to the planning horizon)."""
        kwargs.setdefault("require_all_fields", False)
        if self.default_help_text:
            kwargs.setdefault("help_text", self.default_help_text)
        super().__init__(**kwargs)
        self.noun = noun
        capital = noun[0].upper() + noun[1:]
        self.error_messages["required"] = f"Enter the {noun}"
        self.error_messages["incomplete"] = f"{capital} must include a day, month and year"
        real = f"{capital} must be a real date"
        for part, sub_field in zip(("day", "month", "year"), self.fields, strict=True):
            sub_field.error_messages["incomplete"] = f"{capital} must include a {part}"
            pattern = r"^\s*\d{4}\s*$" if part == "year" else r"^\s*\d{1,2}\s*$"
            sub_field.validators = [RegexValidator(pattern, real)]
        for sub_widget in self.widget.widgets:
            sub_widget.attrs.update(self.part_attrs)
        self.validators.append(bounds(noun))

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except ValidationError as error:
            raise ValidationError(f"{self.noun[0].upper()}{self.noun[1:]} must be a real date") from error


class PersonNameField(forms.CharField):
    """A person's name: in Unicode NFC, without invisible or direction-changing characters."""

    def to_python(self, value):
        return normalise_name(super().to_python(value))


class GovUKTimeField(forms.Field):
    """A time typed in the 24-hour clock, like 14:30."""

    widget = forms.TextInput

    def __init__(self, *, noun: str, **kwargs):
        kwargs.setdefault("label", "Time")
        kwargs.setdefault("help_text", "Use the 24-hour clock, for example 14:30")
        super().__init__(**kwargs)
        self.noun = noun
        self.error_messages["required"] = f"Enter the {noun}"
        self.widget.attrs.update(inputmode="numeric", autocomplete="off", spellcheck="false", maxlength="5")

    def to_python(self, value):
        text = (value or "").strip()
        if not text:
            return None
        match = TIME_PATTERN.match(text)
        if match and int(match.group(1)) <= 23 and int(match.group(2)) <= 59:
            return time(int(match.group(1)), int(match.group(2)))
        raise ValidationError(f"Enter the {self.noun} in the 24-hour clock, like 14:30")


YES_NO = [("yes", "Yes"), ("no", "No")]
DATE_EXAMPLE = "For example, 27 3 2026"
EMAIL_MESSAGE = "Enter an email address in the correct format, like name@example.com"


def past_date(
    noun: str, label: str, *, required: bool = True, help_text: str = DATE_EXAMPLE, field=GovUKDateField
) -> GovUKDateField:
    """The date something happened (its service refuses a date in the future)."""
    return field(noun=noun, label=label, required=required, help_text=help_text, bounds=happened_after_yjs_began)


def planned_date(
    noun: str, label: str, *, required: bool = True, help_text: str = DATE_EXAMPLE, field=GovUKDateField
) -> GovUKDateField:
    """The date of something that may lie ahead, up to the planning horizon."""
    return field(noun=noun, label=label, required=required, help_text=help_text, bounds=planned_for)


def text(
    label: str,
    *,
    max_length: int | None = None,
    model=None,
    name: str = "",
    required_message: str | None = None,
    help_text: str = "",
    **kwargs,
) -> forms.CharField:
    """One line of text, as long as ``max_length`` or the ``model``'s field ``name``; required when
    there is a message for it."""
    if model is not None:
        max_length = model._meta.get_field(name).max_length
    field = forms.CharField(
        label=label, max_length=max_length, required=required_message is not None, help_text=help_text, **kwargs
    )
    if required_message:
        field.error_messages["required"] = required_message
    return field


def whole_number(noun: str, label: str, *, low: int, high: int, required: bool = True, help_text: str = ""):
    """A whole number from ``low`` to ``high``, in a text input with a numeric keyboard (as GOV.UK asks,
    not type="number")."""
    message = f"Enter the {noun} as a whole number from {low} to {high}"
    return forms.IntegerField(
        label=label,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        min_value=low,
        max_value=high,
        required=required,
        help_text=help_text,
        error_messages={
            "required": f"Enter the {noun}",
            "invalid": message,
            "min_value": message,
            "max_value": message,
        },
    )


def email(label: str, **kwargs) -> forms.EmailField:
    """An email address (optional), with GOV.UK's error wording."""
    return forms.EmailField(label=label, required=False, error_messages={"invalid": EMAIL_MESSAGE}, **kwargs)


def phone(label: str = "Phone number (optional)", *, tel: bool = True) -> forms.CharField:
    """A phone number (optional); ``tel``: typed on a phone's keypad, without the browser's autocomplete."""
    field = forms.CharField(label=label, max_length=30, required=False)
    if tel:
        field.widget.attrs.update(type="tel", autocomplete="off")
    return field


def choose_one(
    label: str,
    model,
    *,
    invalid_message: str,
    required_message: str | None = None,
    help_text: str = "",
    **kwargs,
) -> forms.ModelChoiceField:
    """One of the ``model``'s records, from the queryset a form gives it; required when there is a
    message for it."""
    messages = {"invalid_choice": invalid_message}
    if required_message is not None:
        messages["required"] = required_message
    return forms.ModelChoiceField(
        label=label,
        queryset=model.objects.none(),
        required=required_message is not None,
        help_text=help_text,
        error_messages=messages,
        **kwargs,
    )


def team_field(help_text: str = "") -> forms.ModelChoiceField:
    """One of the user's teams, as radios (the form gives the queryset)."""
    return forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        help_text=help_text,
        error_messages={"required": "Select the team", "invalid_choice": "Select the team"},
    )


def person_label(user) -> str:
    """A person as a choice shows them: their full name, or their username."""
    return user.get_full_name() or user.get_username()


def radios(
    label: str, choices, *, required_message: str | None = None, help_text: str = "", **kwargs
) -> forms.ChoiceField:
    """Radios of the choices (an empty choice left out), required when there is a message for it."""
    return forms.ChoiceField(
        label=label,
        choices=[choice for choice in choices if choice[0] != ""],
        widget=forms.RadioSelect,
        required=required_message is not None,
        help_text=help_text,
        error_messages={"required": required_message or ""},
        **kwargs,
    )


def yes_no(label: str, required_message: str | None = None, help_text: str = "") -> forms.ChoiceField:
    """Yes and no radios (a form's ``yes_no_fields`` give the service True or False)."""
    return radios(label, YES_NO, required_message=required_message, help_text=help_text)


def textarea(label: str, *, required_message: str | None = None, help_text: str = "", rows: int = 4):
    """Free text over several lines, required when there is a message for it."""
    return forms.CharField(
        label=label,
        required=required_message is not None,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message or ""},
    )


def upload_field(label: str, *, required_message: str, help_text: str, widget: forms.FileInput) -> forms.FileField:
    """A file to upload, with GOV.UK's error wording."""
    return forms.FileField(
        label=label,
        help_text=help_text,
        widget=widget,
        error_messages={
            "required": required_message,
            "empty": "The selected file is empty",
            "invalid": "The selected file could not be uploaded – try again",
            "missing": required_message,
        },
    )


@dataclasses.dataclass
class RadioItem:
    """One radio or checkbox of a hand-laid-out group, with the fields it reveals."""

    value: str
    label: str
    hint: str
    id: str
    checked: bool
    conditional: list = dataclasses.field(default_factory=list)
    divider: str = ""

    @property
    def conditional_id(self) -> str:
        return f"conditional-{self.id}" if self.conditional else ""


class GovUKForm(forms.Form):
    """Fields laid out in GOV.UK style; errors link to their fields and take a service's errors.

    Every page form of every app is one of these (a model form too: ``class F(GovUKForm, forms.ModelForm)``);
    the differences between forms are attributes.
    """

    # Text input widths by field name (the default: two thirds of the column).
    widths: dict[str, object] = {}
    # Radio fields shown as small radios.
    small_radios: tuple[str, ...] = ()
    # A service's error key, and the field here that shows it (None: the top of the form).
    service_fields: dict[str, str | None] = {}
    # Errors a service reports for the whole record (a database constraint) that belong to one
    # field: words found in the message, and the field to show it on.
    whole_record_fields: dict[str, str] = {}
    # False for forms laid out by hand in their templates (no crispy-forms helper): their inputs
    # carry the GOV.UK classes themselves.
    crispy_layout = True
    # Radio fields whose choices reveal further fields: {field: {choice value: [field names]}}.
    reveals: dict[str, dict[str, list[str]]] = {}
    # Dates that must be today or in the past: {field: the label its error names}.
    past_fields: dict[str, str] = {}
    # Pairs of dates in order: (the first, the last, the error on the last when it is before the first).
    dates_in_order: tuple[tuple[str, str, str], ...] = ()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self._limit_lengths()
        if self.crispy_layout:
            self.helper = self.make_helper(list(self.fields))
        else:
            self._govuk_classes()

    def _govuk_classes(self) -> None:
        for bound in self:
            widget = bound.field.widget
            if isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("class", "govuk-textarea")
            if isinstance(widget, forms.TextInput) and not isinstance(bound.field, DateInputField):
                widget.attrs.setdefault("class", "govuk-input")

    def add_error(self, field, error):
        super().add_error(field, error)
        if self.crispy_layout:
            return
        # GOV.UK styles a textarea in error by its own modifier class.
        for name in self.errors:
            if name in self.fields and isinstance(self.fields[name].widget, forms.Textarea):
                self.fields[name].widget.attrs["class"] = "govuk-textarea govuk-textarea--error"

    def not_in_future(self, name: str, label: str) -> None:
        """An error on a date that is after today: "{label} must be today or in the past"."""
        value = self.cleaned_data.get(name)
        if isinstance(value, date) and value > timezone.localdate():
            self.add_error(name, f"{label} must be today or in the past")

    def in_order(self, start: str, end: str, message: str) -> None:
        """An error on the ``end`` date when it is before the ``start`` date."""
        first, last = self.cleaned_data.get(start), self.cleaned_data.get(end)
        if first and last and last < first:
            self.add_error(end, message)

    def clean(self):
        data = super().clean()
        for name, label in self.past_fields.items():
            self.not_in_future(name, label)
        for start, end, message in self.dates_in_order:
            self.in_order(start, end, message)
        return data

    def full_clean(self):
        self._limit_lengths()  # again, for the fields a form adds after this class's __init__
        super().full_clean()

    def _limit_lengths(self) -> None:
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField) and "max_length" not in field.error_messages:
                self._limit_length(name, field)

    @staticmethod
    def _limit_length(name: str, field: forms.CharField) -> None:
        """Every text field has a length limit (free text: ``FREE_TEXT_MAX_LENGTH``), told in GOV.UK words."""
        label = re.sub(r"\s*\(.*\)\s*$", "", str(field.label or name.replace("_", " ")))
        if label.endswith("?"):  # a question: "Why is the case closing?"
            label = "the answer"
        if field.max_length is None:
            limit = text_length(label)
            field.max_length = limit.limit_value
            field.validators.append(limit)
            field.widget.attrs.update(field.widget_attrs(field.widget))
        field.error_messages["max_length"] = max_length_message(label, field.max_length)

    def make_helper(self, names) -> FormHelper:
        """A layout of the named fields (or of ready-made layout objects), in the page's own <form>."""
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        helper.layout = Layout(*(self.layout_field(name) if isinstance(name, str) else name for name in names))
        return helper

    def layout_field(self, name: str):
        """The crispy-forms-gds field for the field's widget."""
        field = self.fields[name]
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            return Field.checkboxes(name)
        if isinstance(widget, forms.RadioSelect):
            return Field.radios(name, small=name in self.small_radios)
        if isinstance(widget, forms.CheckboxInput):
            return Field.checkbox(name)
        if isinstance(widget, (forms.MultiWidget, forms.FileInput)):
            return Field(name)
        if isinstance(widget, forms.Textarea):
            return Field.textarea(name, rows=widget.attrs.get("rows", 4))
        if isinstance(widget, forms.Select):
            return Field.select(name)
        if isinstance(field, GovUKTimeField):
            return Field.text(name, field_width=Fixed.FIVE)
        return Field.text(name, field_width=self.widths.get(name, Fluid.TWO_THIRDS))

    def anchor(self, name: str) -> str:
        """The id the error summary links to: the first radio or checkbox, the day of a date, or the input."""
        bound = self[name]
        widget = self.fields[name].widget
        if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
            return f"id_{bound.html_name}_1"
        if isinstance(widget, forms.MultiWidget):
            return f"{bound.auto_id}_0"
        return bound.id_for_label or bound.auto_id

    @property
    def error_links(self) -> list[tuple[str, str]]:
        """The error summary's (anchor, message) pairs: the form's own errors first."""
        links = []
        first = next(iter(self.fields), None)
        for error in self.non_field_errors():
            links.append((self.anchor(first) if first else "main-content", error))
        for name in self.fields:
            for error in self[name].errors:
                links.append((self.anchor(name), error))
        return links

    def add_service_errors(self, error: ValidationError) -> None:
        """Put a service's ValidationError onto the form: on its field where the field is here."""
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                self._add_once(None, message)
            return
        for key, messages in error.message_dict.items():
            name = self.service_fields.get(key, key)
            for message in messages:
                self._add_once(name if name in self.fields else None, message)

    @property
    def radio_groups(self) -> dict[str, list[RadioItem]]:
        """Each radio field's items, for a template that lays the radios out by hand."""
        return {
            name: self.radio_items(name)
            for name, field in self.fields.items()
            if isinstance(field.widget, forms.RadioSelect)
        }

    def radio_items(self, name: str) -> list[RadioItem]:
        """The choices of a radio field, each with the fields it reveals when chosen."""
        reveals = self.reveals.get(name, {})
        bound = self[name]
        value = bound.value()
        chosen = {str(v) for v in value} if isinstance(value, (list, tuple)) else {str(value)}
        return [
            RadioItem(
                value=str(choice[0]),
                label=str(choice[1]),
                hint=getattr(choice, "hint", ""),
                id=f"{bound.auto_id}_{position}",
                checked=str(choice[0]) in chosen,
                conditional=[self[n] for n in reveals.get(str(choice[0]), []) if n in self.fields],
                divider=getattr(choice, "divider", ""),
            )
            for position, choice in enumerate(self.fields[name].choices, start=1)
        ]

    def _add_once(self, name: str | None, message: str) -> None:
        if name is None:
            for words, field in self.whole_record_fields.items():
                if words in message and field in self.fields:
                    name = field
                    break
        key = name or forms.forms.NON_FIELD_ERRORS
        if message not in self.errors.get(key, []):
            self.add_error(name, message)


class YesNoForm(GovUKForm):
    """A form whose yes/no radios (``yes_no_fields``) reach the service as True or False."""

    yes_no_fields: tuple[str, ...] = ()

    def service_arguments(self) -> dict:
        return as_booleans(dict(self.cleaned_data), self.yes_no_fields)


def as_booleans(data: dict, names) -> dict:
    """The answers with each yes/no radio of ``names`` as True or False."""
    return {key: (value == "yes") if key in names else value for key, value in data.items()}


def initial_yes_no(record, names) -> dict:
    """The record's booleans of ``names`` as the answers of yes/no radios."""
    return {name: "yes" if getattr(record, name) else "no" for name in names}


def attempt(form: GovUKForm, service, **arguments):
    """Call a service; its ValidationError becomes errors on the form (the page answers 200).

    The service's result (True when it returns nothing) on success; None when it refused.
    """
    try:
        return service(**arguments) or True
    except ValidationError as error:
        form.add_service_errors(error)
        return None
