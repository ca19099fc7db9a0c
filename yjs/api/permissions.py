"""The API's one gate, ``ApiGate``: the default permission class (settings' ``REST_FRAMEWORK``), which
no API view overrides (the token endpoint, public, is the one exception, and the schema and its docs,
for staff only, are served by drf-spectacular's views).

Each view says who may call it at all with ``rule``, a ``Rule`` built on its app's ``permissions``
module (``SIGNED_IN`` by default in ``yjs.api.base``); what it may do with which row is then decided by
the app's selectors (a row not visible answers 404) and services (a change not allowed answers 403).
A view that declares no rule, such as a plain model viewset, falls back to django-guardian's model and
object permissions (``ObjectPermissions``): deny by default.

DRF imports this module (from settings) while importing ``rest_framework.views``, so DRF's
classes are imported for type checking only."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import Http404
from rest_framework import permissions

from yjs.roles import Role

if TYPE_CHECKING:
    from django.db.models import Model
    from rest_framework.request import Request
    from rest_framework.views import APIView

    from yjs.models import User


def _names_an_object(view: APIView) -> bool:
    lookup = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", None)
    return lookup is not None and lookup in view.kwargs


def _has_all(user: User, perms: list[str], obj: Model) -> bool:
    """Each permission held for every object (model level) or for this one (guardian)."""
    return all(user.has_perm(perm) or user.has_perm(perm, obj) for perm in perms)


class ObjectPermissions(permissions.DjangoObjectPermissions):
    """Deny by default: signed in, and a permission for what is asked, held either
    for the whole model (e.g. through a role group) or for the object (django-guardian).

    Reads need ``view_`` too (DRF's default lets any reader through). A list is not
    refused but filtered (``ObjectPermissionsFilter``), and an object the user may not
    see answers 404, so its existence does not leak. Creating needs the model-level
    ``add_`` permission, as there is no object yet to hold one.
    """

    perms_map = {
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": [],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "POST": ["%(app_label)s.add_%(model_name)s"],
        "PUT": ["%(app_label)s.change_%(model_name)s"],
        "PATCH": ["%(app_label)s.change_%(model_name)s"],
        "DELETE": ["%(app_label)s.delete_%(model_name)s"],
    }

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS or _names_an_object(view):
            # Decided row by row; a view without a queryset must choose its own permissions.
            self._queryset(view)
            return True
        return super().has_permission(request, view)

    def has_object_permission(self, request: Request, view: APIView, obj: Model) -> bool:
        model = self._queryset(view).model
        user = request.user
        if _has_all(user, self.get_required_object_permissions(request.method, model), obj):
            return True
        if request.method in permissions.SAFE_METHODS or not _has_all(
            user, self.get_required_object_permissions("GET", model), obj
        ):
            raise Http404
        return False


class SignedInPerson(permissions.IsAuthenticated):
    """Signed in as a member of staff, not as a service account: a service account (DESIGN §2's API
    client, e.g. the police custody feed) sees only the endpoints its scope allows, documented for
    it in DESIGN §5 and §7, never the schema of the whole API."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return super().has_permission(request, view) and not request.user.has_role(Role.API_CLIENT)


@dataclass(frozen=True)
class Rule:
    """Who may call a view: a check of the user from the app's ``permissions`` module, and what a
    signed-in user it refuses is told (403; DRF's own words when ``refusal`` is empty)."""

    allows: Callable[[User], bool]
    refusal: str | None = None

    def __or__(self, other: Rule) -> Rule:
        return Rule(lambda user: self.allows(user) or other.allows(user))


def _anyone(user: User) -> bool:
    return True


# Signed in; the selectors and services decide the rest.
SIGNED_IN = Rule(_anyone)


def _rule(view: APIView, method: str) -> Rule | None:
    """The view's ``rule``: one ``Rule``, or one per HTTP method where a method not named takes
    ``GET``'s."""
    rule = getattr(view, "rule", None)
    if isinstance(rule, Mapping):
        return rule.get(method, rule["GET"])
    return rule


class ApiGate(ObjectPermissions):
    """Signed in, and allowed by the view's ``rule``; a view without one is decided by
    ``ObjectPermissions`` (model and object permissions)."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        rule = _rule(view, request.method)
        if rule is None:
            return super().has_permission(request, view)
        if not (request.user and request.user.is_authenticated):
            return False
        if rule.allows(request.user):
            return True
        self.message = rule.refusal
        return False

    def has_object_permission(self, request: Request, view: APIView, obj: Model) -> bool:
        if _rule(view, request.method) is None:
            return super().has_object_permission(request, view, obj)
        return True  # the row came from the app's selector, which decided who sees it
