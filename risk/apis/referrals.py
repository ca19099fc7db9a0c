"""The API of referrals to the risk and vulnerability meeting (h-referrals fills this in)."""

urlpatterns: list = []
