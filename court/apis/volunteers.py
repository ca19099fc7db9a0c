"""The court API: volunteers (DESIGN.md §7, §10)."""

urlpatterns: list = []
