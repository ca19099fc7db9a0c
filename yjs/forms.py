"""Account forms in GOV.UK Design System style (crispy-forms-gds), with GOV.UK error wording."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fixed, Layout
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm


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
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["username"].widget.attrs.update(spellcheck="false", autocomplete="username")
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = _govuk_helper(self, "username", "password")


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
