"""JSON errors for the API, in DRF's field-level shape."""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


class AccountLocked(exceptions.APIException):
    """The account is locked after repeated failed sign-ins (django-axes)."""

    # As the sign-in page answers, so a client sees the same status either way.
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_detail = "This account is locked after too many failed sign-in attempts. Try again later."
    default_code = "account_locked"

    def __init__(self, *, wait: float | None = None) -> None:
        super().__init__()
        self.wait = wait


def field_errors(exc: DjangoValidationError) -> dict[str, Any]:
    """A Django ``ValidationError`` as ``{"field": ["message"], "non_field_errors": [...]}``."""
    errors = as_serializer_error(exc)
    if NON_FIELD_ERRORS in errors:
        errors.setdefault(api_settings.NON_FIELD_ERRORS_KEY, []).extend(errors.pop(NON_FIELD_ERRORS))
    return errors


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus Django ``ValidationError`` from services as a 400."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(field_errors(exc))
    return drf_exception_handler(exc, context)
