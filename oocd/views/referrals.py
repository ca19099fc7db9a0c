"""Referrals: the list, a new referral, one referral, and the views gathered before the panel."""

from functools import partial

from django.contrib import messages
from django.db.models import Max
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from cases import permissions as case_permissions
from intelligence import permissions as intelligence_permissions
from yjs.pages import GET_AND_POST, paginate, posted, require, step_page, submit
from yjs.roles import Role

from .. import forms, permissions, selectors, services
from .section import child_search_step, chosen_child, form_step, page, referral_url, require_section


@require_GET
def index(request):
    """Referrals: each with where it is and what the panel still needs."""
    user = request.user
    require_section(user)
    referrals = (
        selectors.referral_list(user=user)
        .annotate(latest_panel_on=Max("panel_items__panel__held_on"))
        .order_by("-referred_at", "-id")
    )
    rows_page = paginate(request, referrals)
    rows = [
        {
            "referral": referral,
            "status": selectors.referral_status(referral),
            "missing": selectors.missing_before_panel(referral),
        }
        for referral in rows_page
    ]
    return page(
        request,
        "oocd/index.html",
        "index",
        page=rows_page,
        rows=rows,
        can_refer=permissions.can_refer(user),
    )


@require_http_methods(GET_AND_POST)
def referral_new(request):
    """Refer a child: find the child first (or come from their page with ``?child=``), then the referral."""
    user = request.user
    require(permissions.can_refer(user), "Only police officers, case workers and team managers make referrals.")
    back_url = reverse("oocd:index")
    if "child" not in request.GET:
        return child_search_step(request, "index", back_url)
    child = chosen_child(request)
    initial = {"referring_officer": str(user)} if user.has_role(Role.POLICE_OFFICER) else {}
    form = forms.ReferralForm(posted(request), user=user, initial=initial)
    if done := submit(
        request,
        form,
        services.referral_create,
        f"{child.full_name} referred. The police research has been requested",
        referral_url,
        child=child,
    ):
        return done
    return page(request, "oocd/referral_form.html", "index", form=form, child=child, back_url=back_url)


@require_GET
def referral_detail(request, referral_id: int):
    user = request.user
    referral = selectors.referral_get(user=user, referral_id=referral_id)
    decision = getattr(referral, "decision", None)
    panel_items = list(referral.panel_items.select_related("panel").order_by("panel__held_on"))
    can_prepare = decision is None and not referral.withdrawn_at and permissions.can_prepare(user, referral)
    return page(
        request,
        "oocd/referral_detail.html",
        "index",
        referral=referral,
        child=referral.child,
        decision=decision,
        status=selectors.referral_status(referral),
        missing=selectors.missing_before_panel(referral),
        panel_items=panel_items,
        # Links only to what the reader may open: a panel member sees the referral, not the
        # child's record or the police research; a case worker not the panel's page.
        visible_panel_ids=set(
            permissions.visible_panels(user)
            .filter(pk__in=[item.panel_id for item in panel_items])
            .values_list("pk", flat=True)
        ),
        sees_child=case_permissions.can_view_child(user, referral.child),
        sees_research=referral.research_request_id is not None
        and intelligence_permissions.visible_requests(user).filter(pk=referral.research_request_id).exists(),
        can_prepare=can_prepare,
        can_record_police_only=decision is None
        and not referral.withdrawn_at
        and permissions.can_record_decision(user, None),
        sees_case=case_permissions.can_see_case_records(user),
    )


# --- Views gathered before the panel ---------------------------------------------------------------


def _views_page(request, referral_id: int, form_class, *, initial, title: str, done: str, intro: str = ""):
    referral = selectors.referral_get(user=request.user, referral_id=referral_id)
    require(permissions.can_prepare(request.user, referral), "You cannot record views for this referral.")
    if getattr(referral, "decision", None) is not None:
        messages.info(request, "The decision has been made: views are recorded before the panel")
        return redirect(referral_url(referral, "views"))
    return form_step(
        request,
        form_class(posted(request), initial=initial(referral)),
        partial(services.referral_views_record, referral=referral),
        done=done,
        back_url=referral_url(referral, "views"),
        title=title,
        caption=f"Referral of {referral.child.full_name}",
        intro=intro,
        button="Save views",
    )


@require_http_methods(GET_AND_POST)
def victim_views(request, referral_id: int):
    def initial(referral):
        if referral.victim_contacted_at and referral.victim_views:
            return {
                "contacted": "yes",
                "contacted_on": timezone.localtime(referral.victim_contacted_at).date(),
                "victim_views": referral.victim_views,
            }
        if referral.victim_not_contacted_reason:
            return {"contacted": "no", "not_contacted_reason": referral.victim_not_contacted_reason}
        return {}

    return _views_page(
        request,
        referral_id,
        forms.VictimViewsForm,
        initial=initial,
        title="The victim's views",
        done="Victim's views saved",
        intro="Under the Victims' Code the victim is asked for their views before the decision is made.",
    )


def _views_in_one_text(name: str, form_class, *, title: str, done: str):
    """The page of the views a referral keeps in one text, its field ``name`` (the page's name too)."""

    def initial(referral):
        return {name: getattr(referral, name)}

    return step_page(name, _views_page, form_class, initial=initial, title=title, done=done)


child_views = _views_in_one_text(
    "child_views", forms.ChildViewsForm, title="The child's views", done="Child's views saved"
)
parent_carer_views = _views_in_one_text(
    "parent_carer_views",
    forms.ParentCarerViewsForm,
    title="The parent or carer's views",
    done="Parent or carer's views saved",
)
