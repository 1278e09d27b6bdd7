"""The packages of learning/ import each other one way only: no loop between packages, and the base never
imports a feature (the layers are drawn in docs/architecture.md)."""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import learning

ROOT = Path(learning.__file__).resolve().parent
# Lower layers first; a package may import its own layer (without a loop) or any layer below.
LAYERS = [
    {"config", "db", "clock", "inputs", "paging", "hashing", "extensions", "i18n", "content", "places", "audit"},
    {"households"},
    {"auth", "site"},
    {"learn"},
    {"certificates"},
    {"facilitate"},
    {"reports", "privacy"},
    {"admin", "cli", "models", "__init__"},
]


def _package(path: Path) -> str:
    parts = path.relative_to(ROOT).parts
    return parts[0] if len(parts) > 1 else parts[0].removesuffix(".py")


def import_graph() -> dict[str, dict[str, str]]:
    """package -> {imported package: "file:line" of one such import}, counting imports inside functions too."""
    graph: dict[str, dict[str, str]] = defaultdict(dict)
    for path in sorted(ROOT.rglob("*.py")):
        source = _package(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [f"{node.module}.{a.name}" for a in node.names] if node.module == "learning" else [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                parts = name.split(".")
                if parts[0] == "learning" and len(parts) > 1 and parts[1] != source:
                    graph[source].setdefault(parts[1], f"{path.relative_to(ROOT.parent)}:{node.lineno}")
    return graph


def cycles(graph: dict[str, dict[str, str]]) -> list[list[str]]:
    """The strongly connected groups of more than one package (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_package_imports_another_in_a_loop():
    graph = import_graph()
    loops = cycles(graph)
    details = [f"{a} -> {b} ({graph[a][b]})" for loop in loops for a in loop for b in graph[a] if b in loop]
    assert not loops, "packages import each other: " + "; ".join(details)


def test_the_cycle_check_finds_a_loop():
    assert cycles({"a": {"b": "x"}, "b": {"c": "y"}, "c": {"a": "z"}, "d": {"a": "w"}}) == [["a", "b", "c"]]


def test_every_import_points_down_the_layers():
    layer_of = {name: number for number, layer in enumerate(LAYERS) for name in layer}
    graph = import_graph()
    unknown = sorted(set(graph) - set(layer_of))
    assert not unknown, f"add these packages to LAYERS (and docs/architecture.md): {unknown}"
    upwards = [f"{a} -> {b} ({where})" for a, targets in graph.items() for b, where in targets.items()
               if layer_of.get(b, -1) > layer_of[a]]
    assert not upwards, "imports up the layers: " + "; ".join(upwards)


def test_route_modules_write_only_through_services():
    """A module with routes holds no session.add/delete and no audit call: services do the writing."""
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if ".route(" not in text:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            code = line.split("#", 1)[0]
            if "session.add(" in code or "session.delete(" in code or "record(db" in code \
                    or "from learning.audit import" in code:
                offenders.append(f"{path.relative_to(ROOT.parent)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
