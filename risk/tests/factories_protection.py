"""People and cases for the tests of MAPPA, MARAC, social care status and safeguarding referrals
(h-protection's area); the records themselves are made through ``risk.services.protection``.
The fixtures are in ``fixtures_protection``."""

import datetime

from django.utils import timezone

from cases.tests.factories import CaseFactory
from risk.services import protection as services

TODAY = timezone.localdate()


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def protection_case(*, team, worker, manager=None, restricted: bool = False, child=None):
    return CaseFactory(
        team=team,
        allocated_to=worker,
        restricted=restricted,
        created_by=manager or worker,
        **({"child": child} if child is not None else {}),
    )


def protection_mappa(*, case, by, **overrides):
    values = {"category": 2, "level": 2, "referred_on": days_ago(20), "lead_agency": "Probation"}
    return services.mappa_record(case=case, by=by, **(values | overrides))


def protection_marac(*, case, by, **overrides):
    return services.marac_record(case=case, by=by, **({"referred_on": days_ago(10), "reference": "M-1"} | overrides))


def protection_safeguarding(*, case, by, **overrides):
    values = {"referred_to": "childrens_social_care", "referred_on": days_ago(3), "concern": "Seen with older men"}
    return services.safeguarding_referral_record(case=case, by=by, **(values | overrides))


def protection_social_care(*, child, by, **overrides):
    values = {"status": "child_in_need", "from_date": days_ago(30), "local_authority": "Leeds"}
    return services.social_care_status_record(child=child, by=by, **(values | overrides))
