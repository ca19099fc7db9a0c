"""risk.views: one module per area (referrals, meetings, protection)."""
