"""The risk pages under /risk/, one list per area."""

from .views import meetings, minutes, protection

app_name = "risk"

urlpatterns = [*meetings.urlpatterns, *minutes.urlpatterns, *protection.urlpatterns]
