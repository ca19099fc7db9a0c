"""Panels: the list, setting one up, its page and attendees, and the decisions on its agenda."""

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yjs.pages import GET_AND_POST, paginate, posted, require, submit

from .. import forms, permissions, selectors, services
from ..models import Agency
from .decisions import decision_page
from .section import form_page, missing_by_referral, page, panel_url, present_agencies, require_section


@require_GET
def panel_list(request):
    user = request.user
    require_section(user)
    panels = paginate(request, selectors.panel_list(user=user).order_by("-held_on", "-id"))
    rows = [{"panel": panel, "quorate": {Agency.POLICE, Agency.YJS} <= present_agencies(panel)} for panel in panels]
    return page(
        request,
        "oocd/panel_list.html",
        "panel_list",
        page=panels,
        rows=rows,
        can_run_panel=permissions.can_run_panel(user),
        today=timezone.localdate(),
    )


@require_http_methods(GET_AND_POST)
def panel_new(request):
    user = request.user
    require(permissions.can_run_panel(user), "Only a team manager or police officer can set up a panel.")
    referrals = list(
        selectors.referral_list(user=user)
        .filter(decision__isnull=True, withdrawn_at__isnull=True)
        .order_by("referred_at", "id")
    )
    form = forms.PanelForm(
        posted(request),
        referrals=referrals,
        missing=missing_by_referral(referrals),
        initial={"held_on": timezone.localdate()},
    )
    if done := submit(
        request,
        form,
        services.panel_create,
        lambda panel: f"Panel set up for {panel.held_on:%-d %B %Y}. Add who is attending",
        panel_url,
    ):
        return done
    return form_page(
        request,
        form,
        title="Set up a panel",
        back_url=reverse("oocd:panel_list"),
        button="Set up panel",
        intro="You will chair the panel. You can add attendees once it is set up.",
    )


def _panel_page(request, panel, attendee_form=None) -> HttpResponse:
    user = request.user
    present = present_agencies(panel)
    items = selectors.panel_agenda(user=user, panel=panel)
    can_run = permissions.can_run_panel(user)
    can_decide = permissions.can_record_decision(user, panel)
    agenda = [
        {
            "item": item,
            "referral": item.referral,
            "decision": getattr(item.referral, "decision", None),
            "missing": selectors.missing_before_panel(item.referral),
        }
        for item in items
    ]
    if attendee_form is None and can_run:
        attendee_form = forms.AttendeeForm(users=selectors.panel_attendee_candidates())
    return page(
        request,
        "oocd/panel_detail.html",
        "panel_list",
        panel=panel,
        agenda=agenda,
        hidden_items=panel.referral_count - len(items),
        police_present=Agency.POLICE in present,
        yjs_present=Agency.YJS in present,
        can_run_panel=can_run,
        can_record_decision=can_decide,
        form=attendee_form,
    )


@require_GET
def panel_detail(request, panel_id: int):
    return _panel_page(request, selectors.panel_get(user=request.user, panel_id=panel_id))


@require_POST
def attendee_add(request, panel_id: int):
    user = request.user
    panel = selectors.panel_get(user=user, panel_id=panel_id)
    require(permissions.can_run_panel(user), "Only a team manager or police officer can add attendees.")
    form = forms.AttendeeForm(request.POST, users=selectors.panel_attendee_candidates())
    if done := submit(
        request,
        form,
        services.panel_attendee_add,
        lambda attendee: f"{attendee.name} added to the attendees",
        panel_url(panel, "attendees"),
        panel=panel,
    ):
        return done
    return _panel_page(request, panel, attendee_form=form)


@require_http_methods(GET_AND_POST)
def panel_referral_add(request, panel_id: int):
    """Put a referral waiting for a decision on the agenda of a panel already set up."""
    user = request.user
    panel = selectors.panel_get(user=user, panel_id=panel_id)
    require(permissions.can_run_panel(user), "Only a team manager or police officer can change a panel's agenda.")
    referrals = list(
        selectors.referral_list(user=user)
        .filter(decision__isnull=True, withdrawn_at__isnull=True)
        .exclude(panel_items__panel=panel)
        .order_by("referred_at", "id")
    )
    form = forms.PanelReferralForm(posted(request), referrals=referrals, missing=missing_by_referral(referrals))
    back_url = panel_url(panel, "agenda")
    added = "Referral added to the agenda"
    if done := submit(request, form, services.panel_referral_add, added, back_url, panel=panel):
        return done
    return form_page(
        request,
        form,
        title=f"Add a referral to the panel on {panel.held_on:%-d %B %Y}",
        back_url=back_url,
        button="Add to the agenda",
    )


@require_http_methods(GET_AND_POST)
def panel_decision(request, panel_id: int, referral_id: int):
    """The chair records the panel's decision on one referral of its agenda."""
    user = request.user
    panel = selectors.panel_get(user=user, panel_id=panel_id)
    referral = selectors.referral_get(user=user, referral_id=referral_id)
    if not panel.items.filter(referral=referral).exists():
        raise Http404("The referral is not on this panel's agenda")
    require(
        permissions.can_record_decision(user, panel),
        "Only the chair, a team manager or a police officer records the decision.",
    )
    return decision_page(
        request,
        referral,
        panel,
        "panel_list",
        decided_on=min(panel.held_on, timezone.localdate()),
        done="Decision recorded",
        back_url=panel_url(panel, f"referral-{referral.pk}"),
    )
