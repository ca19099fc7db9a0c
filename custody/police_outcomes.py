"""Police out-of-court outcomes become police-only decisions (DESIGN.md §3, §11).

A community resolution, youth caution or youth conditional caution is recorded in ``oocd`` as a
police-only decision, through ``oocd.services``, whether or not the child is known to the YJS (a
child the record created, not known, gets a follow-up there: ``oocd.services_follow_ups``); no
further action is recorded for a matched child only. Otherwise the record notes why it could not
be. Each record once: ``records_notify`` calls it after each loaded batch, with the notifications,
and after a record waiting in the review queue is resolved (until then it has no child).

The custody feed does not carry a youth conditional caution's conditions: the decision is recorded
with one condition saying so, ending at the latest a condition may (``YCC_CONDITION_MAX_MONTHS``):
the police officer notes the conditions with its compliance, and records compliance against it.
"""

from __future__ import annotations

from collections import defaultdict

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cases.models import Case, CaseStatus
from oocd import services as oocd_services
from oocd.models import Outcome
from yjs.models import User
from yjs.roles import Role

from .models import CustodyOutcome, CustodyRecord, MatchStatus

# The police outcomes that are out-of-court disposals (oocd outcome codes of the same name): each
# becomes a police-only decision whatever the child's match (none is lost, DESIGN.md §11).
DISPOSALS = (
    CustodyOutcome.COMMUNITY_RESOLUTION,
    CustodyOutcome.YOUTH_CAUTION,
    CustodyOutcome.YOUTH_CONDITIONAL_CAUTION,
)
# And no further action, recorded for a child matched to one on the system only.
POLICE_ONLY_OUTCOMES = (*DISPOSALS, CustodyOutcome.NFA)
RECORDED_MATCHES = {
    **dict.fromkeys(DISPOSALS, (MatchStatus.MATCHED, MatchStatus.CREATED)),
    CustodyOutcome.NFA: (MatchStatus.MATCHED,),
}


def _police_officers() -> list[User]:
    return list(
        User.objects.filter(groups__name=Role.POLICE_OFFICER, is_active=True)
        .prefetch_related("teams", "groups")
        .order_by("id")
        .distinct()
    )


def _officer_and_team(record: CustodyRecord, officers: list[User], case_teams: list[int]):
    """Who records it: the officer who loaded the file, else a YJS police officer of the child's
    team; on that team (a diversion case opens there), else the officer's first team."""
    loader = record.ingest_run.started_by if record.ingest_run_id and record.ingest_run else None
    preferred = [loader] if loader is not None and loader.is_active and loader.has_role(Role.POLICE_OFFICER) else []
    candidates = preferred + [officer for officer in officers if officer not in preferred]
    for team_id in case_teams:
        for officer in candidates:
            team = next((team for team in officer.teams.all() if team.pk == team_id), None)
            if team is not None:
                return officer, team
    for officer in candidates:
        teams = sorted(officer.teams.all(), key=lambda team: team.pk)
        if teams:
            return officer, teams[0]
    return None, None


def police_only_decisions_record(*, records: list[CustodyRecord]) -> int:
    """Record each record's police out-of-court outcome as a police-only decision, once (or note
    on the record why it cannot be); how many were recorded."""
    due = [
        record
        for record in records
        if record.child_id
        and record.match_status in RECORDED_MATCHES.get(record.outcome, ())
        and record.police_decision_id is None
        and not record.police_decision_note
    ]
    if not due:
        return 0
    outcomes = {outcome.code: outcome for outcome in Outcome.objects.filter(code__in=POLICE_ONLY_OUTCOMES)}
    officers = _police_officers()
    teams_by_child: dict[int, list[int]] = defaultdict(list)
    cases = Case.objects.filter(child_id__in={record.child_id for record in due}).values_list(
        "child_id", "team_id", "status", "start_date"
    )
    # Open cases first, then the latest.
    for child_id, team_id, _, _ in sorted(cases, key=lambda c: (c[2] != CaseStatus.OPEN, -c[3].toordinal())):
        if team_id not in teams_by_child[child_id]:
            teams_by_child[child_id].append(team_id)

    recorded = 0
    for record in due:
        with transaction.atomic():
            locked = CustodyRecord.objects.select_for_update().get(pk=record.pk)
            if locked.police_decision_id or locked.police_decision_note or locked.outcome != record.outcome:
                continue
            outcome = outcomes.get(record.outcome)
            officer, team = _officer_and_team(record, officers, teams_by_child.get(record.child_id, []))
            note = ""
            if outcome is None:
                note = f"No out-of-court outcome '{record.outcome}' is in use"
            elif officer is None:
                note = "There is no YJS police officer with a team to record it"
            else:
                try:
                    with transaction.atomic():
                        locked.police_decision = oocd_services.police_only_decision_record(
                            **_decision_arguments(record, outcome), by=officer, team=team
                        )
                except (ValidationError, PermissionDenied) as error:
                    messages = error.messages if isinstance(error, ValidationError) else [str(error)]
                    note = "; ".join(messages)
            if note:
                locked.police_decision_note = f"Not recorded as a police-only decision: {note}"[:300]
            locked.save(update_fields=["police_decision", "police_decision_note", "updated_at"])
        if locked.police_decision_id:
            recorded += 1
    return recorded


def _decision_arguments(record: CustodyRecord, outcome) -> dict:
    detained_on = timezone.localdate(record.detained_at)
    decided_on = min(timezone.localdate(record.released_at or record.detained_at), timezone.localdate())
    offences = [{"offence_date": detained_on, "description": description[:300]} for description in record.offences]
    where = f"{record.suite}, " if record.suite else ""
    reference = f"{record.force_code}/{record.custody_ref}"
    conditions = []
    if outcome.has_conditions:
        conditions = [
            {
                "description": f"The conditions the police set with the caution (custody record {reference}): not "
                "given in the custody feed: note them with its compliance, from the police's caution record.",
                "end_date": decided_on + relativedelta(months=settings.YCC_CONDITION_MAX_MONTHS),
            }
        ]
    return {
        "child": record.child,
        "referring_officer": f"Custody record {record.force_code}/{record.custody_ref}"[:150],
        "gravity_score": outcome.gravity_score,
        # The police can only give an outcome that needs an admission when the child made one.
        "admitted": outcome.needs_admission,
        "offences": offences or [{"offence_date": detained_on, "description": "Not given in the custody record"}],
        "outcome": outcome,
        "rationale": f"Given by the police in custody ({where}custody record {record.force_code}/"
        f"{record.custody_ref}); recorded from the daily custody feed.",
        "decided_on": decided_on,
        "conditions": conditions,
    }
