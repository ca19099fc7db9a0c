"""The shape of the code (README "Layout"): each app imports only the apps below it, and no
application module is longer than a newcomer can hold in their head."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# From the bottom up: an app may import the apps before it in this list, never one after it.
LAYERS = ["yjs", "cases", "family", "risk", "intelligence", "oocd", "custody", "court", "interventions", "governance"]
LONGEST_MODULE = 600


def application_modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if not {"tests", "migrations"} & set(path.relative_to(ROOT).parts):
            yield path


def imported_apps(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return [(line, name) for line, name in found if name.split(".")[0] in LAYERS]


def test_every_installed_project_app_has_its_layer():
    from django.conf import settings

    project_apps = [app for app in settings.INSTALLED_APPS if (ROOT / app / "apps.py").exists()]
    assert sorted(project_apps) == sorted(LAYERS)


@pytest.mark.parametrize("app", LAYERS)
def test_an_app_imports_only_the_apps_below_it(app):
    allowed = set(LAYERS[: LAYERS.index(app) + 1])
    upward = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in application_modules(app)
        for line, name in imported_apps(path)
        if name.split(".")[0] not in allowed
    ]
    assert upward == []


@pytest.mark.parametrize("app", LAYERS)
def test_no_application_module_is_longer_than_600_lines(app):
    long = {
        str(path.relative_to(ROOT)): lines
        for path in application_modules(app)
        if (lines := len(path.read_text().splitlines())) > LONGEST_MODULE and path.name != "demo.py"
    }
    assert long == {}
