"""The house's shape: data flows one way through the stages, no import cycle, no name used twice.

Layers, lowest first (docs/architecture.md): leaf modules (civarchive/*.py that are not
below) < spec < scan < check < report | bind | organize < pipeline < the command line.
Every import counts, at module level or inside a function (a lazy import is still an
arrow), and nothing imports the package root, which imports upwards itself. An import for
type checkers only (``if TYPE_CHECKING:``) never runs: it counts for the layers, not for
cycles.
"""

from __future__ import annotations

import ast
import functools
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "civarchive"

RANKS = {
    "spec": 1,
    "scan": 2,
    "check": 3,
    "report": 4,
    "bind": 4,
    "organize": 4,
    "pipeline": 5,
    "cli": 6,
    "cli_common": 6,
    "cli_errors": 6,
    "cli_organize": 6,
    "cli_process": 6,
    "__main__": 7,
}


@functools.cache
def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _resolve(target: str, modules: dict[str, Path]) -> str | None:
    parts = target.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in modules:
            return candidate
    return None


def _typing_only(tree: ast.Module) -> set[int]:
    """The ids of the import nodes under ``if TYPE_CHECKING:``."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
            found |= {id(n) for part in node.body for n in ast.walk(part)}
    return found


def _imports(modules: dict[str, Path], *, runtime: bool = False) -> dict[str, set[str]]:
    """module -> the civarchive modules it imports (anywhere in its text; with ``runtime``,
    not those only type checkers read)."""
    edges: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _typing_only(tree) if runtime else set()
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parts, *([node.module] if node.module else [])])
                targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
            for target in targets:
                if not target.startswith("civarchive"):
                    continue
                found = _resolve(target, modules)
                if found is not None and found != name:
                    edges[name].add(found)
                    break
    return edges


def _stage(module: str) -> str:
    return module.split(".")[1]


def _rank(module: str) -> int:
    return RANKS.get(_stage(module), 0)


def test_no_import_goes_up_a_layer_or_to_the_root() -> None:
    edges = _imports(_modules())
    upward = []
    for source, targets in sorted(edges.items()):
        if source == "civarchive":
            continue  # the root offers the pipeline: it is above everything
        for target in sorted(targets):
            if target == "civarchive":
                upward.append(f"{source} -> the package root")
            elif _rank(target) > _rank(source) or (
                _rank(target) == _rank(source) == RANKS["report"]
                and _stage(target) != _stage(source)
            ):
                upward.append(f"{source} -> {target}")
    assert upward == []


def test_no_import_cycle() -> None:
    edges = _imports(_modules(), runtime=True)
    cycles: list[list[str]] = []
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(_modules()):
        if module not in index:
            visit(module)
    assert cycles == []


def test_no_two_public_functions_share_a_name() -> None:
    """A name means one thing. The report renderers are the exception the registry wants:
    one ``render(report)`` per format module (report/__init__.py maps formats to them)."""
    where: dict[str, list[str]] = defaultdict(list)
    for name, path in _modules().items():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                where[node.name].append(name)
    shared = {
        function: sorted(modules)
        for function, modules in where.items()
        if len(modules) > 1
        and not (function == "render" and all(m.startswith("civarchive.report") for m in modules))
    }
    assert shared == {}


def test_no_test_reaches_into_a_private_name() -> None:
    """Tests use what the package offers: ``from civarchive.x import _y`` would pin an
    implementation detail (the contract is the public name)."""
    private = []
    for path in sorted(PACKAGE.parent.joinpath("tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("civarchive"):
                private += [
                    f"{path.name}: {node.module}.{alias.name}"
                    for alias in node.names
                    if alias.name.startswith("_") and not alias.name.startswith("__")
                ]
    assert private == []
