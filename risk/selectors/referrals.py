"""Reads of referrals to the risk and vulnerability meeting, scoped by the case permissions
(``risk.permissions.visible_cases``: another team's restricted case is never listed)."""

from django.db.models import QuerySet

from cases.models import Case
from cases.permissions import visible_records
from yjs.models import User

from ..models import Referral


def referral_list(
    *, user: User, case: Case | int | None = None, status: str | None = None, reason: str | None = None
) -> QuerySet[Referral]:
    """The referrals of the cases whose risk work the user may read, oldest first; narrowed to a
    case, a status (``awaiting``, ``heard``, ``declined``) or a reason when given."""
    referrals = visible_records(Referral, user).select_related("case__child", "referred_by", "declined_by")
    if case is not None:
        referrals = referrals.filter(case=case)
    if status:
        referrals = referrals.filter(status=status)
    if reason:
        referrals = referrals.filter(reason=reason)
    return referrals
