"""What the interventions API's views share (besides a case record's pieces, ``cases.apis.case_records``):
the ``case`` input of the cases interventions' users may see, and the audit of reads of restricted
cases' rows, with which each kind of record's ``Rows`` is declared."""

from cases.apis.case_records import case_input, record_kinds
from yjs.api.endpoints import Audit, reads_audited

from .. import permissions
from ..services.common import intervention_records_viewed

visible_case_input = case_input(permissions.visible_cases)


def audited(via: str) -> Audit:
    return reads_audited(intervention_records_viewed, via)


record_kind = record_kinds(audited)
