"""Pages for court work: hearings (DESIGN.md §10)."""

urlpatterns: list = []
