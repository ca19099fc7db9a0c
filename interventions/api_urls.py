"""The interventions API under /api/v1/interventions/ (DESIGN.md §7): the catalogue at its root,
referrals/, reparation/, restorative-justice/, victim-safety-plans/."""

from .apis import urlpatterns

app_name = "interventions-api"

__all__ = ["app_name", "urlpatterns"]
