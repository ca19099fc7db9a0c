"""The court API: hearings (DESIGN.md §7, §10)."""

urlpatterns: list = []
