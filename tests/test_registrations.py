"""What the apps above ``cases`` add to the lists below them, from their ``AppConfig.ready``: the
child's timeline's sources, the case page's, plan page's and dashboard's sections, the listeners to
case work's events and the sources of a person's work. Each goes through one function that adds it
once, so running ``ready`` again (as a second import of the app registry does) shows nothing twice.
"""

import pytest
from django.apps import apps

from cases import events, sections
from cases.selectors import TIMELINE_SOURCES
from tests.test_layers import LAYERS
from yjs.work import WORK_SOURCES

REGISTRIES = {
    "timeline sources": TIMELINE_SOURCES,
    "case page sections": sections.CASE_PAGE_SECTIONS,
    "plan page sections": sections.PLAN_PAGE_SECTIONS,
    "dashboard lists": sections.DASHBOARD_SECTIONS,
    "listeners to completed assessments": events.ASSESSMENT_COMPLETED,
    "listeners to raised flags": events.FLAG_RAISED,
    "listeners to significant events": events.SIGNIFICANT_EVENT,
    "sources of a person's work": WORK_SOURCES,
}


@pytest.fixture
def registries_restored():
    before = {name: list(entries) for name, entries in REGISTRIES.items()}
    yield
    for name, entries in REGISTRIES.items():
        entries[:] = before[name]


def test_every_app_registers_what_it_adds():
    # Without the apps above cases, the pages would show none of their sections.
    assert all(REGISTRIES.values()), [name for name, entries in REGISTRIES.items() if not entries]


@pytest.mark.usefixtures("registries_restored")
def test_running_every_apps_ready_again_adds_nothing_twice():
    before = {name: list(entries) for name, entries in REGISTRIES.items()}

    for app in LAYERS:  # ours, not Django's or a library's
        apps.get_app_config(app).ready()

    assert {name: list(entries) for name, entries in REGISTRIES.items()} == before
