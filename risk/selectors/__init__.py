"""risk.selectors: one module per area (referrals, meetings, protection)."""
