"""Reads of MAPPA, MARAC, social care status and safeguarding referrals, scoped by the case
permissions (``risk.permissions.visible_cases``: another team's restricted case is not there)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from cases.models import Case, Child
from cases.permissions import visible_records
from yjs.models import User
from yjs.selectors import one_or_404

from .. import permissions
from ..models import Mappa, Marac, SafeguardingReferral, SocialCareStatus


def mappa_list(*, user: User) -> QuerySet[Mappa]:
    return visible_records(Mappa, user).select_related("case__child", "recorded_by")


def marac_list(*, user: User) -> QuerySet[Marac]:
    return visible_records(Marac, user).select_related("case__child", "recorded_by")


def safeguarding_referral_list(*, user: User) -> QuerySet[SafeguardingReferral]:
    return visible_records(SafeguardingReferral, user).select_related("case__child", "recorded_by")


def social_care_list(*, user: User) -> QuerySet[SocialCareStatus]:
    """The social care history of every child with a case the user may read."""
    return SocialCareStatus.objects.filter(child__in=permissions.visible_cases(user).values("child")).select_related(
        "child", "recorded_by"
    )


def social_care_held_on(statuses: QuerySet[SocialCareStatus], day: date) -> QuerySet[SocialCareStatus]:
    """Of ``statuses``, the one that held on ``day`` for each child (the latest from that day or before)."""
    return statuses.filter(from_date__lte=day).order_by("child_id", "-from_date", "-id").distinct("child_id")


def social_care_status_on(*, child: Child, day: date) -> SocialCareStatus | None:
    """What the child's social care status was on ``day`` (None before the first record)."""
    return (
        SocialCareStatus.objects.filter(child=child, from_date__lte=day)
        .select_related("recorded_by")
        .order_by("-from_date", "-id")
        .first()
    )


def social_care_history(*, child: Child) -> list[SocialCareStatus]:
    """Every status recorded for the child, the latest first."""
    statuses = SocialCareStatus.objects.filter(child=child).select_related("recorded_by")
    return list(statuses.order_by("-from_date", "-id"))


@dataclass
class CaseProtection:
    """A case's public protection and safeguarding records, for its page."""

    case: Case
    mappa: list[Mappa]
    marac: list[Marac]
    safeguarding_referrals: list[SafeguardingReferral]
    social_care_history: list[SocialCareStatus]  # the child's, the latest first
    social_care_now: SocialCareStatus | None

    @property
    def mappa_current(self) -> Mappa | None:
        """The MAPPA management in force: the latest record not ended."""
        return next((mappa for mappa in self.mappa if mappa.managed_until is None), None)


def case_protection(*, user: User, case: Case, today: date | None = None) -> CaseProtection:
    """MAPPA, MARAC, safeguarding referrals and the child's social care history; 404 when the
    user may not read the case's risk work."""
    if not permissions.can_view_risk(user, case):
        raise Http404("No such case")
    history = social_care_history(child=case.child)
    today = today or timezone.localdate()
    return CaseProtection(
        case=case,
        mappa=list(Mappa.objects.filter(case=case).select_related("recorded_by")),
        marac=list(Marac.objects.filter(case=case).select_related("recorded_by")),
        safeguarding_referrals=list(SafeguardingReferral.objects.filter(case=case).select_related("recorded_by")),
        social_care_history=history,
        social_care_now=next((status for status in history if status.from_date <= today), None),
    )


def mappa_get(*, user: User, mappa_id: int) -> Mappa:
    return one_or_404(mappa_list(user=user), mappa_id, "MAPPA record")


def marac_get(*, user: User, marac_id: int) -> Marac:
    return one_or_404(marac_list(user=user), marac_id, "MARAC referral")


def safeguarding_referral_get(*, user: User, referral_id: int) -> SafeguardingReferral:
    return one_or_404(safeguarding_referral_list(user=user), referral_id, "safeguarding referral")


def social_care_get(*, user: User, status_id: int) -> SocialCareStatus:
    return one_or_404(social_care_list(user=user), status_id, "social care status")
