"""Writes for children: their records, aliases and search keys, and the flags raised on them."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from yjs.audit import audit_record
from yjs.models import AuditAction, User
from yjs.services import audited_create, audited_update, changes_to, only_known_fields, require, validate

from .. import events, permissions
from ..models import Case, CaseStatus, Child, ChildAlias, ChildSearchKey, Flag, FlagType, ReviewTrigger
from ..search import name_keys
from .notices import flag_raised_notify
from .reviews import significant_event_record

CHILD_FIELDS = {
    "surname",
    "forenames",
    "preferred_name",
    "date_of_birth",
    "gender",
    "ethnicity",
    "address",
    "postcode",
    "home_local_authority",
    "pnc_id",
    "police_local_ids",
    "looked_after",
    "responsible_local_authority",
    "social_worker_name",
    "social_worker_email",
    "social_worker_phone",
    "education_status",
    "special_educational_needs",
    "education_health_care_plan",
}


def child_search_keys_refresh(*, child: Child) -> None:
    names = [child.surname, child.forenames, child.preferred_name]
    for alias in child.aliases.all():
        names += [alias.surname, alias.forenames]
    keys = name_keys(names)
    with transaction.atomic():
        # One refresh of a child's keys at a time, so each key is written once.
        Child.objects.select_for_update().filter(pk=child.pk).values_list("pk").first()
        stored = ChildSearchKey.objects.filter(child=child)
        stored.exclude(key__in=keys).delete()
        have = set(stored.values_list("key", flat=True))
        ChildSearchKey.objects.bulk_create([ChildSearchKey(child=child, key=key) for key in sorted(keys - have)])


def child_search_keys_build(*, child_ids: list[int]) -> int:
    """The search keys of many children at once (children written in bulk, e.g. those a
    custody extract brings), replacing any they had; how many keys were written."""
    from yjs.bulk import copy_rows

    names: dict[int, list[str]] = {}
    for child_id, surname, forenames, preferred_name in Child.objects.filter(pk__in=child_ids).values_list(
        "pk", "surname", "forenames", "preferred_name"
    ):
        names[child_id] = [surname, forenames, preferred_name]
    for child_id, surname, forenames in ChildAlias.objects.filter(child__in=child_ids).values_list(
        "child_id", "surname", "forenames"
    ):
        names[child_id] += [surname, forenames]
    with transaction.atomic():
        locked = list(
            Child.objects.select_for_update().filter(pk__in=names).order_by("pk").values_list("pk", flat=True)
        )
        ChildSearchKey.objects.filter(child__in=locked).delete()
        # In key order: the (key, child) index takes them page by page rather than all over.
        keys = sorted((key, child_id) for child_id in locked for key in name_keys(names[child_id]))
        copy_rows(ChildSearchKey, ["key", "child_id"], keys)
    return len(keys)


def _check_age(date_of_birth: date) -> None:
    if date_of_birth and date_of_birth > timezone.localdate():
        raise ValidationError({"date_of_birth": "Date of birth must be in the past"})


@transaction.atomic
def child_create(*, by: User, aliases: list[dict[str, str]] | None = None, **fields: Any) -> Child:
    require(by.has_role(*permissions.CHILD_CREATOR_ROLES))
    only_known_fields(fields, CHILD_FIELDS | {"known_to_yjs"})
    child = Child(**fields)
    _check_age(child.date_of_birth)
    validate(child)
    child.save()
    for alias in aliases or []:
        child.aliases.create(surname=alias.get("surname", ""), forenames=alias.get("forenames", ""))
    child_search_keys_refresh(child=child)
    audit_record(actor=by, action=AuditAction.CREATE, obj=child)
    return child


@transaction.atomic
def child_update(*, child: Child, by: User, **changes: Any) -> Child:
    require(permissions.can_change_child(by) and permissions.can_view_child(by, child))
    only_known_fields(changes, CHILD_FIELDS)
    diff = changes_to(child, changes)
    for field, value in changes.items():
        setattr(child, field, value)
    _check_age(child.date_of_birth)
    validate(child)
    child.save()
    if {"surname", "forenames", "preferred_name"} & set(diff):
        child_search_keys_refresh(child=child)
    if diff:
        audit_record(actor=by, action=AuditAction.UPDATE, obj=child, detail=diff)
    return child


@transaction.atomic
def child_alias_add(*, child: Child, by: User, surname: str, forenames: str = "") -> ChildAlias:
    require(permissions.can_view_child(by, child) and by.has_role(*permissions.CHILD_CREATOR_ROLES))
    if not surname.strip():
        raise ValidationError({"surname": "Enter the alias surname"})
    alias = child.aliases.create(surname=surname.strip(), forenames=forenames.strip())
    child_search_keys_refresh(child=child)
    audit_record(actor=by, action=AuditAction.UPDATE, obj=child, detail={"alias_added": str(alias)})
    return alias


# Flags that are a significant event: raising one opens a review of each open case it concerns.
SIGNIFICANT_FLAGS = {
    FlagType.THREAT_TO_LIFE: ReviewTrigger.THREAT_TO_LIFE,
    FlagType.WEAPONS: ReviewTrigger.WEAPONS,
    FlagType.MISSING_EPISODES: ReviewTrigger.MISSING,
    FlagType.CHILD_CRIMINAL_EXPLOITATION: ReviewTrigger.EXPLOITATION,
    FlagType.CHILD_SEXUAL_EXPLOITATION: ReviewTrigger.EXPLOITATION,
}


@transaction.atomic
def flag_raise(*, child: Child, by: User, flag_type: str, note: str = "", case: Case | None = None) -> Flag:
    """Raise a flag on a child (or one of their cases). A threat-to-life, weapons, missing or
    exploitation flag is a significant event: it opens a review of the flag's case, or of each of
    the child's open cases. The workers allocated to the child's open cases are told (``notices``).
    The apps above act on the flag (``cases.events.FLAG_RAISED``)."""
    require(permissions.can_raise_flag(by) and permissions.can_view_child(by, child))
    if case is not None and case.child_id != child.pk:
        raise ValidationError({"case": "Choose a case of this child"})
    flag = Flag(child=child, case=case, flag_type=flag_type, note=note, raised_by=by)
    flag = audited_create(flag, by=by, detail={"flag_type": flag_type})
    trigger = SIGNIFICANT_FLAGS.get(flag_type)
    if trigger is not None:
        cases = [case] if case is not None else child.cases.filter(status=CaseStatus.OPEN).order_by("id")
        detail = f"{flag.get_flag_type_display()} flag raised" + (f": {note.strip()}" if note.strip() else "")
        for each in cases:
            if each.is_open:
                significant_event_record(case=each, trigger=trigger, detail=detail[:300])
    flag_raised_notify(flag=flag, by=by)
    events.announce(events.FLAG_RAISED, flag)
    return flag


@transaction.atomic
def flag_remove(*, flag: Flag, by: User, reason: str) -> Flag:
    require(permissions.can_raise_flag(by) and permissions.can_view_child(by, flag.child))
    if not (reason or "").strip():
        raise ValidationError({"removal_reason": "Enter why the flag is being removed"})
    if flag.removed_at:
        raise ValidationError("The flag has already been removed")
    reason = reason.strip()
    return audited_update(
        flag, by=by, detail={"removed": reason}, removed_by=by, removed_at=timezone.now(), removal_reason=reason
    )
