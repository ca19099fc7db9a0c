"""Reads of custody spells and resettlement plans, within the cases whose court work the user may
read (``permissions.visible_cases``: another team's restricted case is not there). The plans due on
a person's work are ``court.work``'s, the plans in place at release ``governance.indicators.court``'s."""

from dataclasses import dataclass
from datetime import date

from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, QuerySet, Value, When

from cases.models import Case as CaseModel
from cases.permissions import visible_records
from yjs.models import User
from yjs.roles import Role
from yjs.selectors import one_or_404

from .. import permissions
from ..models import CustodySpell, ResettlementPlan


def custody_spell_list(*, user: User) -> QuerySet[CustodySpell]:
    return visible_records(CustodySpell, user).select_related("case__child", "recorded_by", "resettlement_plan")


def custody_spell_get(*, user: User, spell_id: int) -> CustodySpell:
    return one_or_404(custody_spell_list(user=user), spell_id, "custody spell")


def resettlement_plan_list(*, user: User) -> QuerySet[ResettlementPlan]:
    return visible_records(ResettlementPlan, user, through="spell__case").select_related(
        "spell__case__child", "completed_by"
    )


def resettlement_plan_get(*, user: User, plan_id: int) -> ResettlementPlan:
    return one_or_404(resettlement_plan_list(user=user), plan_id, "resettlement plan")


# --- Work lists and figures --------------------------------------------------------------------------


# --- The resettlement page -----------------------------------------------------------------------------


def own_cases(user: User) -> QuerySet[CaseModel]:
    """The user's cases for the resettlement list: a case worker's allocated ones, a manager's
    teams', everything the head of service may read."""
    cases = permissions.visible_cases(user)
    if user.is_superuser or user.has_role(Role.HEAD_OF_SERVICE):
        return cases
    mine = Q(allocated_to=user)
    if user.has_role(Role.TEAM_MANAGER):
        mine |= Q(team__in=list(user.team_ids))
    return cases.filter(mine)


@dataclass(frozen=True)
class InCustody:
    spell: CustodySpell
    plan: ResettlementPlan | None
    overdue: bool

    @property
    def state(self) -> str:
        if self.plan is None:
            return "No expected release date"
        if self.plan.completed_on:
            return "Completed"
        return "Overdue" if self.overdue else "Not completed"


def children_in_custody(*, user: User, today: date) -> QuerySet[CustodySpell]:
    """The spells not released of the user's cases (``own_cases``), each annotated ``plan_overdue``:
    the overdue plans first, then by expected release (unknown last)."""
    overdue = Exists(ResettlementPlan.objects.filter(spell=OuterRef("pk"), completed_on__isnull=True, due_on__lt=today))
    return (
        CustodySpell.objects.filter(case__in=own_cases(user).values("pk"), released_on__isnull=True)
        .annotate(plan_overdue=Case(When(overdue, then=Value(True)), default=Value(False), output_field=BooleanField()))
        .select_related("case__child", "case__team", "case__allocated_to", "resettlement_plan")
        .order_by("-plan_overdue", F("release_on").asc(nulls_last=True), "pk")
    )


def in_custody_rows(spells: list[CustodySpell]) -> list[InCustody]:
    return [
        InCustody(spell=spell, plan=getattr(spell, "resettlement_plan", None), overdue=spell.plan_overdue)
        for spell in spells
    ]
