"""How every figure is rounded: half up (1.25 hours shows as 1.3), the convention of official
statistics, so the board report and the custody figures page show the same mean the same way."""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal


def rounded(value: float | Decimal | None, places: int = 1) -> float | None:
    """``value`` to ``places`` decimal places, halves rounded up (away from zero)."""
    if value is None:
        return None
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def hours(duration: timedelta | None) -> float | None:
    """A duration in hours, to one decimal place."""
    return None if duration is None else rounded(duration.total_seconds() / 3600)
