"""Pages for court work: orders (DESIGN.md §10)."""

urlpatterns: list = []
