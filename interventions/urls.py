"""The interventions pages under /interventions/."""

from .views import urlpatterns

app_name = "interventions"

__all__ = ["app_name", "urlpatterns"]
