"""The house rules a newcomer relies on: data flows one way, and no module imports in a circle."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("resolutions", "tracker")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every project module a file imports, at its top or inside a function."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return {m for m in found if m.split(".")[0] in PACKAGES}


def graph() -> dict[str, set[str]]:
    files = [p for package in PACKAGES for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts]
    modules = {module_name(p): p for p in files}
    return {name: {m for m in imports_of(path) if m in modules and m != name} for name, path in modules.items()}


def test_resolutions_never_imports_tracker():
    offenders = {name: sorted(m for m in deps if m.startswith("tracker"))
                 for name, deps in graph().items() if name.startswith("resolutions")}
    assert {name: deps for name, deps in offenders.items() if deps} == {}


def test_no_circle_of_imports():
    edges = graph()
    state, cycles = {}, []

    def visit(node, path):
        state[node] = "open"
        for dep in sorted(edges.get(node, ())):
            if dep.startswith(node + "."):
                continue  # a package importing its own submodules is no circle
            if state.get(dep) == "open":
                cycles.append(path[path.index(dep):] + [dep])
            elif dep not in state:
                visit(dep, path + [dep])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    cycles = [c for c in cycles if not any(a.startswith(b + ".") or b.startswith(a + ".") for a, b in zip(c, c[1:]))]
    assert cycles == []


# What each part of the tracker may import of the project, beside the standard library and Django.
# Data flows one way: documents -> obligations -> what is made of them -> pages and the API.
PARSER = {"resolutions.parsing"}
DOCUMENTS = PARSER | {"resolutions"}
ALLOWED = {
    "resolutions.parsing": set(),
    "resolutions": PARSER,
    "tracker.lib": {"tracker.celery", "tracker.permissions"},
    "tracker.models": DOCUMENTS | {"tracker.lib"},
    "tracker.obligations": DOCUMENTS | {"tracker.models", "tracker.lib"},
    "tracker.analysis": DOCUMENTS | {"tracker.models", "tracker.obligations"},
    "tracker.reminders": {"tracker.models", "tracker.permissions"},
    "tracker.exports": {"tracker.models", "tracker.obligations"},
    "tracker.following": DOCUMENTS | {"tracker.models", "tracker.obligations", "tracker.analysis", "tracker.reminders"},
}
PAGES = {"tracker.views", "tracker.api", "tracker.urls"}


def part_of(module: str) -> str:
    """The part a module belongs to: its package under tracker/, or the module itself."""
    parts = module.split(".")
    if parts[0] == "resolutions":
        return "resolutions.parsing" if parts[1:2] == ["parsing"] else "resolutions"
    return ".".join(parts[:2])


def test_each_part_imports_only_what_it_is_allowed():
    found = {}
    for module, deps in graph().items():
        part = part_of(module)
        for dep in deps:
            if part_of(dep) != part:
                found.setdefault(part, set()).add(part_of(dep))
    breaches = {part: sorted(found.get(part, set()) - allowed) for part, allowed in ALLOWED.items()}
    assert {part: deps for part, deps in breaches.items() if deps} == {}


def test_only_the_urls_import_the_pages():
    importers = {part_of(module) for module, deps in graph().items()
                 if any(part_of(dep) in PAGES - {"tracker.urls"} for dep in deps)}
    assert importers - PAGES == set()


def test_tracker_holds_at_most_fourteen_modules_beside_its_packages():
    modules = sorted(p.name for p in (ROOT / "tracker").glob("*.py"))
    assert len(modules) <= 14, modules
