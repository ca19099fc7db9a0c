from rest_framework import filters


class ObjectPermissionsFilter(filters.BaseFilterBackend):
    """Lists only the rows the user holds ``view_`` on (via django-guardian).

    Views whose visibility is decided by a selector (team scoping) set
    ``filter_backends`` without this one and scope their own queryset.
    """

    def filter_queryset(self, request, queryset, view):
        from guardian.shortcuts import get_objects_for_user

        model = queryset.model
        perm = f"{model._meta.app_label}.view_{model._meta.model_name}"
        return get_objects_for_user(request.user, perm, queryset, accept_global_perms=True)
