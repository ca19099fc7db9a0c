"""risk.services: one module per area (referrals, meetings, protection)."""
