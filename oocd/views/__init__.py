"""Out-of-court disposal pages, by the section's parts: referrals, panels, decisions and their
delivery, conditional caution compliance, police-only decisions and scrutiny. Thin: read through
``selectors``, ask ``permissions`` what to offer, write through ``services`` and put their field
errors back on the form (200, never 500)."""
