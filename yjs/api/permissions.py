"""DRF imports this module (from settings) while importing ``rest_framework.views``, so DRF's
classes are imported for type checking only."""

from __future__ import annotations

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
