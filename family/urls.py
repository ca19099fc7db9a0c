"""The family and needs pages under /family/."""

from .views import urlpatterns

app_name = "family"

__all__ = ["app_name", "urlpatterns"]
