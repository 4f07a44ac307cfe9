"""The apps build on each other one way, and no module imports another that imports it back.

`assessments` holds worksheets, answers, scoring and results; `reports` builds on them (the
snapshot at sign-off, the report's display data, the PDF, its tasks and views); `coalitions`
builds on the figures sign-off keeps. Nothing in `assessments` may import `reports`, and nothing
below `coalitions` may import it, at module level or inside a function.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("toolkit", "accounts", "platforms", "assessments", "reports", "coalitions")


def imports_of(path: Path, package: str) -> set[str]:
    """Every project module this file imports, wherever in the file the import is.

    Imports under `if TYPE_CHECKING:` only name types for the checker and never run.
    """
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            node.body = []
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the file's package
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
                names = [f"{module}.{alias.name}" for alias in node.names]
                found |= {module, *names}
            elif node.module:
                found |= {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
    return {name for name in found if name.split(".")[0] in APPS}


def modules() -> dict[str, set[str]]:
    graph = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            package = name if parts[-1] == "__init__" else name.rsplit(".", 1)[0]
            graph[name] = imports_of(path, package)
    # Keep only edges to modules that exist ("from .models import Assessment" names a class).
    return {
        name: {i for i in targets if i in graph and i != name} for name, targets in graph.items()
    }


@pytest.mark.parametrize("lower", ["toolkit", "platforms", "assessments"])
def test_lower_apps_never_import_reports(lower):
    graph = modules()
    offenders = {
        name: sorted(t for t in targets if t.split(".")[0] == "reports")
        for name, targets in graph.items()
        if name.split(".")[0] == lower
    }
    assert not {name: t for name, t in offenders.items() if t}


@pytest.mark.parametrize("lower", ["toolkit", "accounts", "platforms", "assessments", "reports"])
def test_lower_apps_never_import_coalitions(lower):
    """Coalitions read what sign-off keeps; nothing below them knows they exist."""
    graph = modules()
    assert not {
        name: sorted(t for t in targets if t.split(".")[0] == "coalitions")
        for name, targets in graph.items()
        if name.split(".")[0] == lower and any(t.split(".")[0] == "coalitions" for t in targets)
    }


def test_no_module_imports_one_that_imports_it_back():
    graph = modules()
    cycles = set()

    def visit(name, path):
        for target in graph[name]:
            if target in path:
                cycle = path[path.index(target) :]
                cycles.add(tuple(sorted(cycle)))
            elif len(path) < 8:
                visit(target, [*path, target])

    for name in graph:
        if name.startswith(("reports", "coalitions")):
            visit(name, [name])
    assert not cycles


def test_the_app_writes_no_sql_by_hand():
    """Every query goes through the ORM: clarity is worth more than half a millisecond."""
    found = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
                if name in {"raw", "cursor", "RawSQL", "extra"}:  # .raw(), .extra(), cursor()
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")
    assert not found
