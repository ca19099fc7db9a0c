"""The cases API's input fields (shaped by the models, with GOV.UK messages), output fields and list view."""

from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.db import models
from rest_framework import serializers

from yjs.api.base import ListApi
from yjs.api.endpoints import Rows, Selector, found_in, reads_audited
from yjs.api.fields import (
    VisibleRelatedField,
    boolean_input,
    choice_input,
    date_input,
    datetime_input,
    email_input,
    text_input,
)

from .. import permissions, selectors, services
from ..models import Assessment, Case, Child

# --- Input fields with GOV.UK error messages ----------------------------------------


# The most items of a list field (e.g. a child's police local IDs).
MAX_LIST_LENGTH = 20


def model_input(model: type[models.Model], name: str, label: str | None = None, **overrides) -> serializers.Field:
    """An input field shaped by the model field (length, choices, blank, null) with GOV.UK messages.

    Required unless the model field may be blank or has a default; ``overrides`` win.
    """
    field = model._meta.get_field(name)
    label = label or str(field.verbose_name)
    kwargs: dict[str, Any] = {"required": not field.blank and not field.has_default()}
    if field.null:
        kwargs["allow_null"] = True
    if field.blank and isinstance(field, (models.CharField, models.TextField)):
        kwargs["allow_blank"] = True
    kwargs.update(overrides)
    if field.choices:
        return choice_input(label, kwargs.pop("choices", field.choices), **kwargs)
    if isinstance(field, models.DateTimeField):
        return datetime_input(label, **kwargs)
    if isinstance(field, models.DateField):
        return date_input(label, **kwargs)
    if isinstance(field, models.BooleanField):
        return boolean_input(label, **kwargs)
    if isinstance(field, models.EmailField):
        return email_input(label, max_length=field.max_length, **kwargs)
    if isinstance(field, ArrayField):
        return serializers.ListField(
            child=text_input(label, max_length=field.base_field.max_length),
            max_length=MAX_LIST_LENGTH,
            error_messages={
                "not_a_list": f"Enter the {label} as a list",
                "max_length": f"Enter at most {MAX_LIST_LENGTH} {label}",
            },
            **kwargs,
        )
    if isinstance(field, (models.CharField, models.TextField)):
        return text_input(label, max_length=field.max_length, **kwargs)
    raise TypeError(f"No input field for {model.__name__}.{name}")


def visible_child_input(**kwargs) -> VisibleRelatedField:
    return VisibleRelatedField(model=Child, visible=permissions.visible_children, label="child", **kwargs)


def visible_case_input(**kwargs) -> VisibleRelatedField:
    return VisibleRelatedField(model=Case, visible=permissions.visible_cases, label="case", **kwargs)


def visible_assessment_input(**kwargs) -> VisibleRelatedField:
    return VisibleRelatedField(
        model=Assessment, visible=lambda user: selectors.assessment_list(user=user), label="assessment", **kwargs
    )


# --- Output fields --------------------------------------------------------------------


def name_output(source: str, *, allow_null: bool = False) -> serializers.CharField:
    """A person, team or child by name (``str()``)."""
    return serializers.CharField(source=source, read_only=True, allow_null=allow_null)


def id_output(source: str, *, allow_null: bool = False) -> serializers.IntegerField:
    return serializers.IntegerField(source=source, read_only=True, allow_null=allow_null)


# --- Base views -----------------------------------------------------------------------


class CasesListApi(ListApi):
    # A list of case records names itself here: its rows of restricted cases are audited reads.
    restricted_read_via: str = ""

    def page_read(self, page: list) -> None:
        if self.restricted_read_via:
            services.restricted_case_records_viewed(
                records=page, user=self.request.user, via=self.restricted_read_via, request=self.request
            )


def case_records(rows: Selector, output: type[serializers.Serializer], row: str = "") -> Rows:
    """The endpoints of one kind of case record: found among those the selector ``rows`` gives the user
    (Django's 404 words), a list's or a read's rows of restricted cases audited with ``via=``."""
    return Rows(rows, found_in(rows), output, row, audited=restricted_reads)


def restricted_reads(via: str):
    """An ``audit`` (``yjs.api.endpoints``): the rows of restricted cases a list or a read answers are audited."""
    return reads_audited(services.restricted_case_records_viewed, via)
