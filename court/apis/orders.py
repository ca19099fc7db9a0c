"""The court API: orders (DESIGN.md §7, §10)."""

urlpatterns: list = []
