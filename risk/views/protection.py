"""Pages of MAPPA, MARAC, social care status and safeguarding referrals (h-protection fills this in)."""

urlpatterns: list = []
