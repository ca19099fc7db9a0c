"""The court API under /api/v1/court/ (DESIGN.md §7): hearings/, reports/ (pre-sentence reports),
orders/, requirements/, referral-panels/, volunteers/ and the custody spells' custody-spells/."""

from .apis import hearings, orders, panels, reports, resettlement, volunteers

app_name = "court-api"

urlpatterns = [
    *hearings.urlpatterns,
    *reports.urlpatterns,
    *orders.urlpatterns,
    *panels.urlpatterns,
    *volunteers.urlpatterns,
    *resettlement.urlpatterns,
]
