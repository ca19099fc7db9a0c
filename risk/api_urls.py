"""The risk API under /api/v1/risk/: stable paths (DESIGN.md §7), one list per area."""

from .apis import meetings, protection, referrals

app_name = "risk-api"

urlpatterns = [*referrals.urlpatterns, *meetings.urlpatterns, *protection.urlpatterns]
