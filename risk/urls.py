"""The risk pages under /risk/, one list per area."""

from .views import meetings, protection

app_name = "risk"

urlpatterns = [*meetings.urlpatterns, *protection.urlpatterns]
