"""The API of meetings, hearings, decisions and actions (h-meetings fills this in)."""

urlpatterns: list = []
