"""The notification pages under /notifications/ (DESIGN.md §11)."""

from .views import urlpatterns  # noqa: F401

app_name = "notifications"
