"""Small hand-made data for the board report's figures."""

import datetime

from cases.models import CaseType, Offence
from cases.tests.factories import CaseFactory, ChildFactory
from governance.models import LocalPopulation
from oocd.tests.factories import DecisionFactory, ReferralFactory, outcome


def caution(child, on: datetime.date, *, code: str = "youth_caution", team=None, **kwargs):
    """A police-only decision for the child on the date (a youth caution unless ``code``)."""
    case_kwargs = {"child": child}
    if team is not None:
        case_kwargs["team"] = team
    referral = ReferralFactory(child=child, case=CaseFactory(case_type=CaseType.DIVERSION, **case_kwargs))
    return DecisionFactory(referral=referral, outcome=outcome(code), decided_on=on, **kwargs)


def court_order(child, on: datetime.date, *, case_type=CaseType.REFERRAL_ORDER, **kwargs):
    return CaseFactory(child=child, case_type=case_type, start_date=on, **kwargs)


def offence(case, on: datetime.date) -> Offence:
    return Offence.objects.create(case=case, offence_date=on, description="Theft from a shop")


def population(year: int, rows: dict[tuple[str, str], int]) -> None:
    for (ethnicity, gender), children in rows.items():
        LocalPopulation.objects.create(year=year, ethnicity=ethnicity, gender=gender, children=children)


__all__ = ["ChildFactory", "caution", "court_order", "offence", "population"]
