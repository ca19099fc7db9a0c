"""Pages for court work: volunteers (DESIGN.md §10)."""

urlpatterns: list = []
