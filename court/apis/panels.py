"""The court API: panels (DESIGN.md §7, §10)."""

urlpatterns: list = []
