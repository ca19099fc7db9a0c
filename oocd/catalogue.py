"""The out-of-court outcomes shipped (DESIGN.md §3). More can be added as data."""

# code, name, gravity score, needs admission, barred after a conviction, has conditions, statutory
SHIPPED_OUTCOMES = [
    ("nfa", "No further action", 1, False, False, False, False),
    ("outcome_21", "Outcome 21: further investigation not in the public interest", 1, False, False, False, False),
    ("outcome_22", "Outcome 22: diversionary or educational activity", 2, False, False, False, False),
    ("community_resolution", "Community resolution", 2, True, False, False, False),
    ("youth_caution", "Youth caution", 3, True, False, False, True),
    ("youth_conditional_caution", "Youth conditional caution", 4, True, True, True, True),
    ("charge", "Charge", 5, False, False, False, False),
]


def ensure_shipped_outcomes(outcome_model, using: str = "default") -> None:
    for position, (code, name, gravity, admission, barred, conditions, statutory) in enumerate(SHIPPED_OUTCOMES, 1):
        outcome_model.objects.using(using).get_or_create(
            code=code,
            defaults={
                "name": name,
                "gravity_score": gravity,
                "needs_admission": admission,
                "barred_after_conviction": barred,
                "has_conditions": conditions,
                "statutory": statutory,
                "position": position * 10,
            },
        )
