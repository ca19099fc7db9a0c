"""The court API: reports (DESIGN.md §7, §10)."""

urlpatterns: list = []
