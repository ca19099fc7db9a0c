"""The interventions pages (DESIGN.md §10)."""

urlpatterns: list = []
