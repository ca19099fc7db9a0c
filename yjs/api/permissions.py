from rest_framework import permissions


class ObjectPermissions(permissions.DjangoObjectPermissions):
    """Deny by default: logged in, model permission, and guardian object permission.

    Reads need ``view_`` too (DRF's default lets any reader through), so an object a
    user may not see answers 404 rather than leaking through a GET.
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
