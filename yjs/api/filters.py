"""DRF imports this module (from settings) while importing ``rest_framework.generics``, so DRF's
classes are imported for type checking only."""

from __future__ import annotations

from typing import TYPE_CHECKING

import django_filters
from django import forms
from django_filters.rest_framework import DjangoFilterBackend
from guardian.shortcuts import get_objects_for_user
from rest_framework import filters

if TYPE_CHECKING:
    from django.db.models import Model, QuerySet
    from django_filters.rest_framework import FilterSet
    from rest_framework.request import Request
    from rest_framework.views import APIView


def view_permission(model: type[Model]) -> str:
    return f"{model._meta.app_label}.view_{model._meta.model_name}"


class ObjectPermissionsFilter(filters.BaseFilterBackend):
    """Lists only the rows the user may view: all of them with the model-level
    ``view_`` permission (e.g. through a role group), otherwise those granted one by
    one with django-guardian.

    Views whose visibility is decided by a selector (team scoping) set
    ``filter_backends`` without this one and scope their own queryset.
    """

    def filter_queryset(self, request: Request, queryset: QuerySet, view: APIView) -> QuerySet:
        return get_objects_for_user(request.user, view_permission(queryset.model), queryset, accept_global_perms=True)


class FieldFilterBackend(DjangoFilterBackend):
    """django-filter's backend, which makes no FilterSet and form for a request that names none
    of the view's filters: a list's plain pages (``?page=3``), most requests, skip the 1-2 ms of
    building a form that could only give back the rows it was given."""

    def filter_queryset(self, request: Request, queryset: QuerySet, view: APIView) -> QuerySet:
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and not _names_a_filter(request, filterset_class.base_filters):
            return queryset
        return super().filter_queryset(request, queryset, view)


def _names_a_filter(request: Request, filter_names) -> bool:
    """Whether a query parameter is, or begins with, a filter's name (a range filter's
    parameters add ``_min``/``_after`` and the like)."""
    return any(param.startswith(name) for param in request.query_params for name in filter_names)


class IdFilter(django_filters.NumberFilter):
    """A whole-number id (``?case=12``); anything else is a 400."""

    field_class = forms.IntegerField


def _date_filter(field: str, lookup: str, label: str, name: str) -> django_filters.DateFilter:
    wrong = f"The {name} must be a real date, in the format YYYY-MM-DD"
    return django_filters.DateFilter(
        field_name=field, lookup_expr=lookup, label=label, error_messages={"invalid": wrong}
    )


def add_period_filters(filterset: type[FilterSet], field: str, done: str, *, on: str = "") -> None:
    """``?from=`` and ``?to=`` (YYYY-MM-DD, inclusive) on ``field``, e.g. "Decided on or after";
    ``on="date__"`` for a date and time field. ``from`` is a Python keyword, so they are added by name."""
    filterset.base_filters["from"] = _date_filter(field, f"{on}gte", f"{done} on or after (YYYY-MM-DD)", "start date")
    filterset.base_filters["to"] = _date_filter(field, f"{on}lte", f"{done} on or before (YYYY-MM-DD)", "end date")
