"""Filled in by issue #20."""

app_name = "notifications"

urlpatterns = []
