"""Police-only decisions: decisions the police took without a panel, reported to managers."""

from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from yjs.pages import GET_AND_POST, paginate, posted, require, submit

from .. import forms, permissions, selectors, services
from .decisions import decision_page
from .section import child_search_step, chosen_child, decision_url, page, referral_url, sees_police_only_decisions


@require_GET
def police_only(request):
    user = request.user
    require(sees_police_only_decisions(user), "Police-only decisions are reported to managers and the police officer.")
    return page(
        request,
        "oocd/police_only.html",
        "police_only",
        page=paginate(request, selectors.police_only_decisions(user=user)),
        can_record=permissions.can_record_decision(user, None),
    )


def _require_police_only_recorder(user) -> None:
    require(
        permissions.can_record_decision(user, None), "Only a police officer records a decision taken without a panel."
    )


@require_http_methods(GET_AND_POST)
def police_only_new(request):
    """A decision the police gave alone, for a child with no referral yet: the referral and decision in one."""
    user = request.user
    _require_police_only_recorder(user)
    back_url = reverse("oocd:police_only")
    if "child" not in request.GET:
        return child_search_step(request, "police_only", back_url, police_only=True)
    child = chosen_child(request)
    form = forms.PoliceOnlyDecisionForm(
        posted(request),
        user=user,
        outcomes=list(selectors.outcome_list()),
        initial={"referring_officer": str(user), "decided_on": timezone.localdate()},
    )
    if done := submit(
        request,
        form,
        services.police_only_decision_record,
        lambda decision: f"Police-only decision recorded: {decision.outcome.name}",
        decision_url,
        child=child,
    ):
        return done
    return page(request, "oocd/police_only_form.html", "police_only", form=form, child=child, back_url=back_url)


@require_http_methods(GET_AND_POST)
def referral_police_only_decision(request, referral_id: int):
    """The police decide a referral without a panel (it is reported as police-only)."""
    user = request.user
    referral = selectors.referral_get(user=user, referral_id=referral_id)
    _require_police_only_recorder(user)
    return decision_page(
        request,
        referral,
        None,
        "police_only",
        decided_on=timezone.localdate(),
        done="Police-only decision recorded",
        back_url=referral_url(referral),
    )
