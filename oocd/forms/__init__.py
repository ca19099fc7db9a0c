"""Forms for the out-of-court disposal pages, in GOV.UK Design System style (crispy-forms-gds).

Forms check only what was typed (a real date, a time like 14:30, an answer given); the rules
live in ``oocd.services``, whose field errors the views put back onto these forms
(``add_service_errors``), so the pages and the API give the same messages.
"""

from cases.forms import ChildSearchForm

from .compliance import ComplianceForm, FailureForm, ProsecutionForm
from .decisions import (
    DecisionForm,
    DeliveryForm,
    ImplicationsForm,
    PoliceOnlyDecisionForm,
    SignedDocumentForm,
    VictimInformedForm,
    WarningForm,
)
from .follow_ups import FollowUpOutcomeForm
from .referrals import (
    AttendeeForm,
    ChildViewsForm,
    PanelForm,
    PanelReferralForm,
    ParentCarerViewsForm,
    ReferralForm,
    VictimViewsForm,
)
from .scrutiny import FindingForm, ScrutinyDrawForm

__all__ = [
    "AttendeeForm",
    "ChildSearchForm",
    "ChildViewsForm",
    "ComplianceForm",
    "DecisionForm",
    "DeliveryForm",
    "FailureForm",
    "FindingForm",
    "FollowUpOutcomeForm",
    "ImplicationsForm",
    "PanelForm",
    "PanelReferralForm",
    "ParentCarerViewsForm",
    "PoliceOnlyDecisionForm",
    "ProsecutionForm",
    "ReferralForm",
    "ScrutinyDrawForm",
    "SignedDocumentForm",
    "VictimInformedForm",
    "VictimViewsForm",
    "WarningForm",
]
