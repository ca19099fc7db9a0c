"""Pages for court work: panels (DESIGN.md §10)."""

urlpatterns: list = []
