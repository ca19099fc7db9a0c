from django.conf import settings

from .navigation import navigation_for


def service(request) -> dict:
    return {
        "service_name": settings.SERVICE_NAME,
        "navigation": navigation_for(request.user, request.path) if hasattr(request, "user") else [],
    }
