"""The rules that refer a case to its team's meeting, listening to case work (``cases.events``);
registered by ``RiskConfig.ready`` (h-referrals fills this in)."""


def register() -> None:
    pass
