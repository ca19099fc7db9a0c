"""What the section's pages share: who uses the section, its sub-navigation, its pages and addresses."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from cases import selectors as case_selectors
from yjs.navigation import NAVIGATION
from yjs.pages import FormPage, require, submit

from .. import forms, permissions, selectors


def uses_oocd(user) -> bool:
    """The navigation's readers of the section, and anyone who can refer (case workers)."""
    item = next(item for item in NAVIGATION if item.url_name == "oocd:index")
    return item.visible_to(user) or permissions.can_refer(user)


def sees_police_only_decisions(user) -> bool:
    return permissions.can_run_panel(user) or permissions.sees_every_referral(user)


def sees_compliance(user) -> bool:
    return permissions.can_record_compliance(user) or permissions.sees_every_referral(user)


def require_section(user) -> None:
    require(uses_oocd(user), "Out-of-court disposals are for the YJS, the police and panel members.")


def _sub_navigation(user, current: str) -> list[dict]:
    """The section's sub-navigation, by what the user may do."""
    items = [("index", "Referrals", True), ("panel_list", "Panels", True)]
    items.append(("compliance", "Conditional cautions", sees_compliance(user)))
    items.append(("police_only", "Police-only decisions", sees_police_only_decisions(user)))
    items.append(("follow_up_list", "Follow-ups", permissions.sees_follow_ups(user)))
    items.append(("scrutiny", "Scrutiny", permissions.can_scrutinise(user)))
    return [
        {"url": reverse(f"oocd:{name}"), "label": label, "current": name == current}
        for name, label, shown in items
        if shown
    ]


def page(request, template: str, current: str = "", **context) -> HttpResponse:
    return render(request, template, {"section": _sub_navigation(request.user, current), **context})


def form_page(request, form, *, title: str, back_url: str, button: str, **context) -> HttpResponse:
    return page(request, "oocd/form.html", form=form, title=title, back_url=back_url, button=button, **context)


class SectionFormPage(FormPage):
    """A page of the section that is one form (``oocd/form.html``): see ``FormPage``; ``multipart`` for a file."""

    template_name = "oocd/form.html"
    multipart = False

    def context(self):
        return {
            "section": _sub_navigation(self.request.user, ""),
            **super().context(),
            "button": self.word("button_label"),
            "multipart": self.multipart,
        }


def form_step(request, form, service, *, done: str, back_url: str, **context) -> HttpResponse:
    """A form on the section's form page: the service (given its record and user) records it, then
    back where it came from."""
    return submit(request, form, service, done, back_url) or form_page(request, form, back_url=back_url, **context)


def child_search_step(request, current: str, back_url: str, **context) -> HttpResponse:
    """The first step of recording something for a child: find them (the next step has ``?child=``)."""
    searched = "q" in request.GET
    form = forms.ChildSearchForm(request.GET if searched else None)
    results = None
    if searched and form.is_valid():
        results = case_selectors.child_search(user=request.user, query=form.cleaned_data["q"])
    return page(request, "oocd/referral_child.html", current, form=form, results=results, back_url=back_url, **context)


def chosen_child(request):
    """The child of ``?child=``: 404 when it is not an id, or not a child the user may see."""
    try:
        child_id = int(request.GET["child"])
    except (TypeError, ValueError):
        raise Http404("No such record") from None
    return case_selectors.child_get(user=request.user, child_id=child_id)


def _url(name: str, record, anchor: str) -> str:
    return reverse(f"oocd:{name}", args=[record.pk]) + (f"#{anchor}" if anchor else "")


def referral_url(referral, anchor: str = "") -> str:
    return _url("referral_detail", referral, anchor)


def decision_url(decision, anchor: str = "") -> str:
    return _url("decision_detail", decision, anchor)


def panel_url(panel, anchor: str = "") -> str:
    return _url("panel_detail", panel, anchor)


def compliance_url(condition=None) -> str:
    return reverse("oocd:compliance") + (f"#condition-{condition.pk}" if condition else "")


def missing_by_referral(referrals) -> dict[int, list[str]]:
    return {referral.pk: selectors.missing_before_panel(referral) for referral in referrals}


def present_agencies(panel) -> set[str]:
    return {attendee.agency for attendee in panel.attendees.all()}  # prefetched by panel_list
