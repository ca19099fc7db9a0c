"""The family and needs API under /api/v1/family/ (DESIGN.md §7)."""

from .apis import urlpatterns

app_name = "family-api"

__all__ = ["app_name", "urlpatterns"]
