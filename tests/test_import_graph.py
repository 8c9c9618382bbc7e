"""No import cycle in either app: the module-level import graph of `treatments` and `galleries`, read statically.

An import runs when its module is first imported if it sits at the top level of the module (under `if`, `try` or
`with` too) or in a class body; an import inside a function runs only when the function is called, so it does
not count. `if TYPE_CHECKING:` blocks never run. A cycle fails the test, named module by module, e.g.
"galleries.filters → galleries.models → galleries.pages → galleries.filters".
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("treatments", "galleries")


def module_names(root, packages):
    """Dotted module name → source file, for every module of the given top-level packages."""
    found = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def import_time_statements(body):
    """The statements of a module or class body that run when it is imported, imports included, recursively."""
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            yield from import_time_statements(node.orelse)
            continue
        yield node
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            children = getattr(node, field, None) or []
            yield from import_time_statements(children)


def _is_type_checking(test):
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imported_modules(name, path, known):
    """The modules of `known` that importing `name` imports at once (parent packages of each target included)."""
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    targets = set()
    for node in import_time_statements(ast.parse(path.read_text(), filename=str(path)).body):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node.module, node.level, package)
            targets.add(base)
            # `from package import module` imports the module; `from module import name` only the module.
            targets.update(f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in known)
    edges = set()
    for target in targets:
        parts = target.split(".")
        for end in range(1, len(parts) + 1):
            candidate = ".".join(parts[:end])
            # A module's own packages are already being imported when it runs: no edge back to them.
            if candidate in known and candidate != name and not name.startswith(f"{candidate}."):
                edges.add(candidate)
    return edges


def _absolute(module, level, package):
    if not level:
        return module
    base = package.split(".")[: len(package.split(".")) - (level - 1)]
    return ".".join([*base, module] if module else base)


def import_graph(root, packages):
    known = module_names(root, packages)
    return {name: imported_modules(name, path, known) for name, path in known.items()}


def cycles(graph):
    """One shortest cycle per strongly connected group of modules, each as a list that ends where it starts."""
    found = []
    for group in _strongly_connected(graph):
        if len(group) > 1 or any(name in graph[name] for name in group):
            found.append(_shortest_cycle(graph, group))
    return sorted(found)


def _strongly_connected(graph):
    """Tarjan's algorithm, iterative so a deep graph cannot hit the recursion limit."""
    index, low, on_stack, stack, groups = {}, {}, set(), [], []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.add(member)
                        if member == node:
                            break
                    groups.append(group)
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return groups


def _shortest_cycle(graph, group):
    best = None
    for start in sorted(group):
        paths = {start: [start]}
        queue = [start]
        while queue:
            node = queue.pop(0)
            for child in sorted(graph[node] & group):
                if child == start:
                    cycle = [*paths[node], start]
                    if best is None or len(cycle) < len(best):
                        best = cycle
                    queue = []
                    break
                if child not in paths:
                    paths[child] = [*paths[node], child]
                    queue.append(child)
    return best


def describe(cycle):
    return " → ".join(cycle)


def test_neither_app_has_an_import_cycle():
    found = cycles(import_graph(ROOT, APPS))
    assert not found, "Import cycles:\n" + "\n".join(describe(cycle) for cycle in found)


def test_treatments_never_imports_galleries():
    """`galleries` may depend on `treatments`, never the reverse (a site may install treatments alone); imports
    inside functions count here too, since they fail just the same when galleries is not installed."""
    known = module_names(ROOT, APPS)
    reaching = []
    for name, path in known.items():
        if name.startswith("treatments"):
            for node in ast.walk(ast.parse(path.read_text())):
                modules = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                if isinstance(node, ast.ImportFrom) and not node.level:
                    modules = [node.module]
                reaching += [f"{name} imports {module}" for module in modules if module.split(".")[0] == "galleries"]
    assert not reaching, "\n".join(reaching)


def write_package(root, files):
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)


def test_names_a_cycle_of_module_level_imports(tmp_path):
    write_package(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/filters.py": "from .models import Case\n",
            "app/models.py": "from . import pages\n",
            "app/pages.py": "from app.filters import CaseFilter\n",
        },
    )
    found = cycles(import_graph(tmp_path, ["app"]))
    assert [describe(cycle) for cycle in found] == ["app.filters → app.models → app.pages → app.filters"]


def test_counts_class_bodies_and_guarded_imports(tmp_path):
    write_package(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/a.py": "class A:\n    from app import b\n",
            "app/b.py": "try:\n    import app.a\nexcept ImportError:\n    pass\n",
        },
    )
    assert [describe(cycle) for cycle in cycles(import_graph(tmp_path, ["app"]))] == ["app.a → app.b → app.a"]


@pytest.mark.parametrize(
    "b_source",
    [
        "def later():\n    from app import a\n",
        "class B:\n    def later(self):\n        import app.a\n",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from app import a\n",
    ],
    ids=["function", "method", "type-checking"],
)
def test_imports_that_run_later_do_not_count(tmp_path, b_source):
    write_package(tmp_path, {"app/__init__.py": "", "app/a.py": "from app import b\n", "app/b.py": b_source})
    assert cycles(import_graph(tmp_path, ["app"])) == []


def test_a_package_importing_its_own_modules_is_no_cycle(tmp_path):
    write_package(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models/__init__.py": "from .cases import Case\nfrom .consent import Consent\n",
            "app/models/cases.py": "from .consent import Consent\n",
            "app/models/consent.py": "",
        },
    )
    assert cycles(import_graph(tmp_path, ["app"])) == []


def test_importing_a_module_imports_its_package_too(tmp_path):
    write_package(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/api/__init__.py": "from app import models\n",
            "app/api/records.py": "",
            "app/models.py": "from app.api.records import Record\n",
        },
    )
    assert [describe(cycle) for cycle in cycles(import_graph(tmp_path, ["app"]))] == ["app.api → app.models → app.api"]
