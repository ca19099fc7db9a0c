"""The catalogue of interventions and programmes that managers keep (DESIGN.md §10): added, changed
and set inactive (an intervention referred to is never deleted; an inactive one takes no new referral)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from yjs.models import User
from yjs.services import audited_create, locked, only_known_fields, require, stripped

from .. import permissions
from ..models import Intervention, InterventionType
from .common import save_changes

NOT_PERMITTED = "Only team managers and the head of service can keep the catalogue of interventions."
MAX_SESSIONS = 200
FIELDS = {"name", "intervention_type", "provider", "suitable_for", "sessions", "active"}


def _errors(intervention: Intervention) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not intervention.name:
        errors["name"] = "Enter the name of the intervention"
    if intervention.intervention_type not in InterventionType.values:
        errors["intervention_type"] = "Select the type of intervention"
    if not intervention.provider:
        errors["provider"] = "Enter who provides the intervention"
    sessions = intervention.sessions
    if sessions is not None and not 1 <= sessions <= MAX_SESSIONS:
        errors["sessions"] = f"Enter the number of sessions from 1 to {MAX_SESSIONS}, or leave it blank"
    if intervention.name and intervention.provider:
        same = Intervention.objects.filter(name__iexact=intervention.name, provider__iexact=intervention.provider)
        if same.exclude(pk=intervention.pk).exists():
            errors["name"] = "The catalogue already has an intervention of this name from this provider"
    return errors


def _cleaned(fields: dict[str, Any]) -> dict[str, Any]:
    for name in ("name", "provider", "suitable_for"):
        if name in fields:
            fields[name] = stripped(fields[name])
    return fields


@transaction.atomic
def intervention_add(
    *,
    by: User,
    name: str,
    intervention_type: str,
    provider: str,
    suitable_for: str = "",
    sessions: int | None = None,
) -> Intervention:
    """Add an intervention or programme to the catalogue (in use from now)."""
    require(permissions.can_keep_catalogue(by), NOT_PERMITTED)
    fields = _cleaned(
        {"name": name, "provider": provider, "suitable_for": suitable_for, "intervention_type": intervention_type}
    )
    intervention = Intervention(**fields, sessions=sessions, active=True)
    return audited_create(intervention, by=by, errors=_errors)


@transaction.atomic
def intervention_update(*, intervention: Intervention, by: User, **fields: Any) -> Intervention:
    """Change an intervention's details, or set it inactive (no new referrals) or in use again."""
    require(permissions.can_keep_catalogue(by), NOT_PERMITTED)
    intervention = locked(intervention)
    only_known_fields(fields, FIELDS)
    if "active" in fields and fields["active"] is None:
        raise ValidationError({"active": "Select whether the intervention is in use"})
    save_changes(intervention, by=by, fields=_cleaned(fields), errors=_errors)
    return intervention
