"""The notifications API under /api/v1/notifications/ (DESIGN.md §7)."""

from .apis import urlpatterns  # noqa: F401

app_name = "notifications-api"
