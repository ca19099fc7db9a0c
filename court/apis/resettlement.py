"""The court API: resettlement (DESIGN.md §7, §10)."""

urlpatterns: list = []
