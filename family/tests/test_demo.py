"""The family demo (``family.demo``): on the cases demo it gives every child with a case a family, the
professionals around them and needs records over time; with it, no YJB indicator of the board report for
the demo's year says "not recorded yet", and each needs figure has a cohort to count; a second run adds
nothing."""

import time

import pytest
from django.db.models import Count
from django.utils import timezone

from cases.demo import load_cases_demo
from cases.models import Child
from family.demo import load_family_demo
from family.models import NEEDS_MODELS, FamilyMember, FamilyMemberContactDetails, Professional
from governance.demo import _last_full_year, load_governance_demo
from governance.indicators import board_figures
from governance.report import present
from risk.demo import load_risk_demo
from yjs.demo import load_demo_users
from yjs.models import User

pytestmark = pytest.mark.django_db


def test_without_the_demo_users_it_says_so(db):
    """First in the module: before the module's demo data is loaded."""
    assert load_family_demo().startswith("no family demo")
    assert not FamilyMember.objects.exists()


@pytest.fixture(scope="module")
def loaded(module_world):
    def load():
        load_demo_users(password="demo-pass-for-tests-2026")
        load_cases_demo()
        started = time.monotonic()
        summary = load_family_demo()
        seconds = time.monotonic() - started
        load_risk_demo()
        load_governance_demo(generate_report=False)
        return summary, seconds

    yield from module_world(load)


def test_the_demo_loads_quickly(loaded, db):
    summary, seconds = loaded
    assert summary.startswith("family demo:")
    assert seconds < 15, f"the family demo took {seconds:.1f} s"


def test_every_child_with_a_case_has_a_family_and_needs_over_time(loaded, db):
    with_cases = Child.objects.filter(cases__isnull=False, known_to_yjs=True).distinct()
    assert not with_cases.exclude(family_members__isnull=False).exists()
    assert FamilyMemberContactDetails.objects.exists() and Professional.objects.exists()
    for model in NEEDS_MODELS:
        histories = model.objects.values("child").annotate(n=Count("pk")).filter(n__gte=2)
        assert histories.exists(), model
    assert NEEDS_MODELS[0].objects.filter(suitable=False).exists()


def test_no_indicator_is_not_recorded_yet_on_the_demo_data(loaded, db):
    start, end = _last_full_year(timezone.localdate())
    data = {
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "previous": {"start": start.isoformat(), "end": end.isoformat()},
        "sections": board_figures(start=start, end=end, user=User.objects.get(username="head")),
    }
    rows = [row for section in present(data, suppress=False)["sections"] for row in section["rows"]]
    assert not [row[0] for row in rows if "Not recorded yet" in row]
    for figure in data["sections"]["needs"]:
        assert figure["recorded"] and figure["denominator"], figure["code"]
        assert figure["numerator"] is not None, figure["code"]


def test_a_second_run_adds_nothing(loaded, db):
    counted = (FamilyMember, Professional, *NEEDS_MODELS)
    before = {model.__name__: model.objects.count() for model in counted}
    assert load_family_demo() == "family demo already loaded"
    assert {model.__name__: model.objects.count() for model in counted} == before
