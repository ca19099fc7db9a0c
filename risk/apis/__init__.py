"""risk.apis: one module per area (referrals, meetings, protection)."""
