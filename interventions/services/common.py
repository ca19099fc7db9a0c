"""What the interventions services share: saving a checked change, and auditing reads of
restricted cases' records."""

from collections.abc import Iterable
from typing import Any

from cases.services import restricted_case_records_viewed
from yjs.models import User
from yjs.services import audited_change

# Set the fields on the record, check them (the area's field errors, then the model's own), save
# only those fields and audit the diff.
save_changes = audited_change


def intervention_records_viewed(*, records: Iterable[Any], user: User, via: str, request=None) -> int:
    """Showing a case's interventions records (each with its ``case``) of a restricted case is a
    sensitive view of that case: one audit event per restricted case, in one statement."""
    return restricted_case_records_viewed(records=records, user=user, via=via, request=request)
