"""Pages for court work: reports (DESIGN.md §10)."""

urlpatterns: list = []
