"""The interventions API (DESIGN.md §7, §10)."""

urlpatterns: list = []
