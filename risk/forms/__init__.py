"""risk.forms: one module per area (referrals, meetings, protection)."""
