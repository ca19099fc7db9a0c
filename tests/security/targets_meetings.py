"""The risk and vulnerability meeting's rows for the permission matrix (h-meetings), made through the
services: North's meeting today hearing the matrix case (with an awaiting referral and an action the
case worker owns) and North's restricted case (with a partner agency's action); South's meeting hearing
a case of South's case worker. ``build_targets`` hangs them on ``Targets.risk_meetings``."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from cases import services as case_services
from cases.models import CaseType
from risk.models import Action, Hearing, Meeting, Referral, ReferralReason
from risk.services import meetings as meeting_services
from yjs.roles import Role
from yjs.tests.factories import UserFactory

from .conftest import SecurityData


@dataclass
class MeetingTargets:
    meeting: Meeting  # North's, held today, chaired by the manager, with an attendee
    hearing: Hearing  # the matrix case (allocated to the case worker, with a victim), not yet decided
    action: Action  # on ``hearing``, owned by the case worker, not done
    restricted_hearing: Hearing  # North's restricted case, decided
    restricted_action: Action  # on ``restricted_hearing``, a partner agency's
    south_meeting: Meeting  # South's, hearing a case of South's case worker, with an action
    unheard_case_id: int  # a North case (with a victim) not on ``meeting``'s agenda


def build_meeting_targets(data: SecurityData, *, case, restricted_case, unheard_case) -> MeetingTargets:
    users, north, south = data.users, data.teams["north"], data.teams["south"]
    manager, caseworker, caseworker2 = users["manager"], users["caseworker"], users["caseworker2"]
    today, now = timezone.localdate(), timezone.now()

    def referral(of_case) -> Referral:
        return Referral.objects.create(
            case=of_case, reason=ReferralReason.ROSH, automatic=True, trigger=f"matrix:{of_case.pk}",
            detail="Risk of serious harm rated high", referred_at=now - datetime.timedelta(days=2),
        )  # fmt: skip

    meeting = meeting_services.meeting_create(team=north, by=manager, held_on=today, chair=manager)
    meeting_services.attendee_add(meeting=meeting, by=manager, name="PC Sam Patel", agency="Police", role="Officer")
    referral(case)
    hearing = meeting_services.hearing_add(meeting=meeting, by=manager, case=case)
    action = meeting_services.action_add(
        hearing=hearing, by=manager, description="Home visit", due_on=today, owner=caseworker
    )
    referral(restricted_case)
    restricted_hearing = meeting_services.hearing_add(meeting=meeting, by=manager, case=restricted_case)
    meeting_services.hearing_decide(
        hearing=restricted_hearing, by=manager, risk_of_serious_harm="very_high", safety_and_wellbeing="high",
        external_controls="Curfew and tag", contingency="Call the police at once", decision="Threat-to-life plan",
        next_review_on=today + datetime.timedelta(days=14),
    )  # fmt: skip
    restricted_action = meeting_services.action_add(
        hearing=restricted_hearing, by=manager, description="Check the address", due_on=today, owner_agency="Police"
    )

    south_manager = UserFactory(username="matrix-south-manager", roles=[Role.TEAM_MANAGER], teams=[south])
    south_child = case_services.child_create(
        by=caseworker2, surname="Matrix", forenames="Sol", date_of_birth=today - relativedelta(years=16), gender="M"
    )
    south_case = case_services.case_open(
        child=south_child, by=caseworker2, case_type=CaseType.PREVENTION, team=south,
        start_date=today - datetime.timedelta(days=10), allocated_to=caseworker2,
    )  # fmt: skip
    south_meeting = meeting_services.meeting_create(team=south, by=south_manager, held_on=today, chair=south_manager)
    south_hearing = meeting_services.hearing_add(meeting=south_meeting, by=south_manager, case=south_case)
    meeting_services.action_add(
        hearing=south_hearing, by=south_manager, description="School meeting", due_on=today, owner_agency="Education"
    )
    return MeetingTargets(
        meeting=meeting,
        hearing=hearing,
        action=action,
        restricted_hearing=restricted_hearing,
        restricted_action=restricted_action,
        south_meeting=south_meeting,
        unheard_case_id=unheard_case.pk,
    )
