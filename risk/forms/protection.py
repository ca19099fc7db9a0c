"""Forms for MAPPA, MARAC, social care status and safeguarding referrals. The rules (a plan's
category, a looked-after child's legal basis, dates not in the future, a period's order) are the
services'; their errors come back onto these forms' fields."""

from yjs.forms import DATE_EXAMPLE as EXAMPLE
from yjs.forms import GovUKForm, past_date, planned_date, radios, text, textarea

from ..models import (
    LegalBasis,
    Mappa,
    MappaCategory,
    MappaLevel,
    Marac,
    ProtectionCategory,
    SafeguardingAgency,
    SafeguardingReferral,
    SocialCare,
    SocialCareStatus,
)


class MappaForm(GovUKForm):
    category = radios("MAPPA category", MappaCategory.choices, required_message="Select the MAPPA category")
    level = radios("MAPPA level", MappaLevel.choices, required_message="Select the MAPPA level")
    referred_on = past_date("date of the MAPPA referral", "Date referred to MAPPA")
    managed_from = past_date(
        "date MAPPA management started",
        "MAPPA-managed from (optional)",
        required=False,
        help_text="Leave blank until MAPPA management starts. Recording it refers the case to the team's risk "
        f"and vulnerability meeting. {EXAMPLE}",
    )
    managed_until = planned_date("date MAPPA management ended", "MAPPA-managed until (optional)", required=False)
    next_meeting_on = planned_date("date of the next MAPPA meeting", "Next MAPPA meeting (optional)", required=False)
    lead_agency = text(
        "Lead agency",
        model=Mappa,
        name="lead_agency",
        required_message="Enter the lead agency",
        help_text="For example, Probation, Police or the YJS",
    )

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["category"], data["level"] = int(data["category"]), int(data["level"])
        return data


class MaracForm(GovUKForm):
    referred_on = past_date("date of the MARAC referral", "Date referred to the MARAC")
    reference = text("MARAC reference (optional)", model=Marac, name="reference")
    heard_on = past_date("date the MARAC heard the case", "Date the MARAC heard the case (optional)", required=False)
    outcome = textarea("Outcome (optional)", help_text="What the conference decided, for example a safety plan")


class SafeguardingReferralForm(GovUKForm):
    referred_to = radios(
        "Who was the referral made to?",
        SafeguardingAgency.choices,
        required_message="Select who the referral was made to",
    )
    referred_to_detail = text(
        "Team or person referred to (optional)",
        model=SafeguardingReferral,
        name="referred_to_detail",
        help_text="Needed if you selected other. For example, the MASH or the school's safeguarding lead",
    )
    referred_on = past_date("date of the referral", "Date of the referral")
    concern = textarea("Safeguarding concern", required_message="Enter the safeguarding concern")
    reference = text("Reference (optional)", model=SafeguardingReferral, name="reference")
    outcome = textarea("Outcome (optional)")


class SocialCareStatusForm(GovUKForm):
    status = radios(
        "Children's social care status", SocialCare.choices, required_message="Select the child's social care status"
    )
    protection_category = radios(
        "Category of the child protection plan",
        ProtectionCategory.choices,
        help_text="Only for a child protection plan",
    )
    legal_basis = radios(
        "Legal basis on which the child is looked after",
        LegalBasis.choices,
        help_text="Only for a looked-after child",
    )
    from_date = past_date("date the status started", "Status from")
    local_authority = text("Local authority (optional)", model=SocialCareStatus, name="local_authority")
    social_worker = text("Social worker (optional)", model=SocialCareStatus, name="social_worker")
    small_radios = ("protection_category", "legal_basis")
