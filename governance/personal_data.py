"""What inspection case audits hold about a child (``yjs.personal_data``): the auditor's notes on
the child's case. The notes go under the retention schedule; the answers stay (the ratings).
Case audits are not part of the subject access export."""

from datetime import date

from cases.models import Child
from yjs.personal_data import PersonalData, register

from .models import AuditedCase, KeyQuestionAnswer


def anonymise(child: Child, today: date) -> dict[str, int]:
    return {"case_audit_notes": KeyQuestionAnswer.objects.filter(audited_case__case__child=child).update(note="")}


register(
    PersonalData(
        app="governance",
        models=(AuditedCase, KeyQuestionAnswer),
        anonymise=anonymise,
    )
)
