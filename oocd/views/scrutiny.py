"""Scrutiny: samples of decisions drawn for the scrutiny panel, and its findings."""

from datetime import timedelta
from functools import partial

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from yjs.pages import GET_AND_POST, paginate, posted, require, submit

from .. import forms, permissions, selectors, services
from .section import form_step, page


def _require_scrutiny(user) -> None:
    require(
        permissions.can_scrutinise(user),
        "Scrutiny samples are for managers, the head of service and the police officer.",
    )


@require_http_methods(GET_AND_POST)
def scrutiny(request):
    user = request.user
    _require_scrutiny(user)
    today = timezone.localdate()
    start = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    form = forms.ScrutinyDrawForm(
        posted(request),
        initial={"period_start": start, "period_end": today.replace(day=1) - timedelta(days=1), "percentage": 10},
    )
    if done := submit(
        request,
        form,
        services.scrutiny_sample_draw,
        lambda sample: f"Sample drawn: {sample.items.count()} decisions",
        lambda sample: reverse("oocd:scrutiny_sample", kwargs={"sample_id": sample.pk}),
    ):
        return done
    samples = paginate(request, selectors.scrutiny_sample_list(user=user).order_by("-drawn_at", "-id"))
    return page(request, "oocd/scrutiny.html", "scrutiny", form=form, page=samples)


@require_GET
def scrutiny_sample(request, sample_id: int):
    user = request.user
    _require_scrutiny(user)
    sample = selectors.scrutiny_sample_get(user=user, sample_id=sample_id)
    return page(request, "oocd/scrutiny_sample.html", "scrutiny", sample=sample, items=list(sample.items.all()))


@require_http_methods(GET_AND_POST)
def scrutiny_finding(request, sample_id: int, item_id: int):
    user = request.user
    _require_scrutiny(user)
    sample = selectors.scrutiny_sample_get(user=user, sample_id=sample_id)
    item = get_object_or_404(sample.items.select_related("decision__outcome", "decision__referral__child"), pk=item_id)
    initial = {"feedback": item.feedback}
    if item.appropriate is not None:
        initial["appropriate"] = "yes" if item.appropriate else "no"
    decision = item.decision
    return form_step(
        request,
        forms.FindingForm(posted(request), initial=initial),
        partial(services.scrutiny_finding_record, item=item),
        done="Finding recorded",
        back_url=reverse("oocd:scrutiny_sample", args=[sample.pk]) + f"#item-{item.pk}",
        title="Record the scrutiny panel's finding",
        caption=f"{decision.outcome.name} for {decision.referral.child.full_name}, "
        f"decided {decision.decided_on:%-d %B %Y}",
        intro=f"Reasons given: {decision.rationale}",
        button="Save finding",
    )
