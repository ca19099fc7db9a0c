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


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, modules: set[str]) -> set[str]:
    """The project modules ``path`` imports, wherever the import stands (a function's own import
    still makes its module depend on the other), relative imports resolved."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            names = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        for name in names:
            while name and name not in modules:  # `import a.b.c` names a.b.c; `from a import f` names a
                name = name.rpartition(".")[0]
            if name and name != here:
                found.add(name)
    return found


def import_circles() -> list[list[str]]:
    """Each set of modules that import one another round a circle (Tarjan's strongly connected components)."""
    paths = {module_name(path): path for app in LAYERS for path in application_modules(app)}
    graph = {name: sorted(imported_modules(path, set(paths))) for name, path in paths.items()}
    index, low, stack, on_stack, circles = {}, {}, [], set(), []

    def visit(name: str) -> None:
        index[name] = low[name] = len(index)
        stack.append(name)
        on_stack.add(name)
        for other in graph[name]:
            if other not in index:
                visit(other)
                low[name] = min(low[name], low[other])
            elif other in on_stack:
                low[name] = min(low[name], index[other])
        if low[name] == index[name]:
            members = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                members.append(member)
                if member == name:
                    break
            if len(members) > 1:
                circles.append(sorted(members))

    for name in graph:
        if name not in index:
            visit(name)
    return sorted(circles)


# Celery's pair: a service queues its task, and the task calls the service (STYLE.md's "tasks").
TASK_AND_SERVICE = [["custody.ingest", "custody.tasks"], ["governance.services", "governance.tasks"]]


def test_no_import_circle_but_a_task_and_its_service():
    assert [circle for circle in import_circles() if circle not in TASK_AND_SERVICE] == []
