"""Pages of the risk and vulnerability meeting and its referrals (h-risk-pages fills this in)."""

urlpatterns: list = []
