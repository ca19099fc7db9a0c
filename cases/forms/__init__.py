"""Forms for the case pages, in GOV.UK Design System style (crispy-forms-gds).

Forms only check what was typed (a date is a real date, a required answer is given);
the rules live in ``cases.services``, whose field errors the views put back onto
these forms (``add_service_errors``).
"""

from .casework import (
    AssessmentForm,
    ContactForm,
    CountersignOrReturnForm,
    PlanForm,
    PlanResubmitForm,
    ReviewCompleteForm,
    ReviewScheduleForm,
    TransferAcceptForm,
    TransferForm,
    VictimForm,
)
from .children import CaseOpenForm, ChildForm, ChildSearchForm, FlagRaiseForm, FlagRemoveForm
from .management import (
    AssessmentStartForm,
    CaseAllocateForm,
    CaseCloseForm,
    CaseRestrictForm,
    OffenceForm,
    TransitionForm,
)

__all__ = [
    "AssessmentForm",
    "AssessmentStartForm",
    "CaseAllocateForm",
    "CaseCloseForm",
    "CaseOpenForm",
    "CaseRestrictForm",
    "ChildForm",
    "ChildSearchForm",
    "ContactForm",
    "CountersignOrReturnForm",
    "FlagRaiseForm",
    "FlagRemoveForm",
    "OffenceForm",
    "PlanForm",
    "PlanResubmitForm",
    "ReviewCompleteForm",
    "ReviewScheduleForm",
    "TransferAcceptForm",
    "TransferForm",
    "TransitionForm",
    "VictimForm",
]
