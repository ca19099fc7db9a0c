"""Pages for court work: resettlement (DESIGN.md §10)."""

urlpatterns: list = []
