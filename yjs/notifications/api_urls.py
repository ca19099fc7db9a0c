"""Filled in by issue #20."""

urlpatterns = []
