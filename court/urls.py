"""Court work's pages under /court/."""

from .views import hearings, orders, panels, reports, resettlement, volunteers

app_name = "court"

urlpatterns = [
    *hearings.urlpatterns,
    *reports.urlpatterns,
    *orders.urlpatterns,
    *panels.urlpatterns,
    *volunteers.urlpatterns,
    *resettlement.urlpatterns,
]
