"""The package's import arrows point one way: text <- dsl (parse only) <- engine (compile +
evaluate) <- run <- commands, and no two modules of checker/ import each other, even lazily."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "checker"

#: package -> packages it must never import (directly or inside a function)
FORBIDDEN = {
    "checker.text": ("checker.dsl", "checker.engine", "checker.extract", "checker.facts", "checker.run",
                     "checker.parallel", "checker.commands", "checker.report", "checker.cli"),
    "checker.dsl": ("checker.engine", "checker.extract", "checker.facts", "checker.run", "checker.parallel",
                    "checker.commands", "checker.report", "checker.cli"),
    "checker.engine": ("checker.run", "checker.parallel", "checker.commands", "checker.report", "checker.cli"),
    "checker.extract": ("checker.engine", "checker.run", "checker.parallel", "checker.commands", "checker.report"),
    "checker.redline": ("checker.engine", "checker.commands", "checker.cli", "checker.report.emit"),
    "checker.report": ("checker.run", "checker.parallel", "checker.commands", "checker.cli"),
}


def _modules() -> dict[str, Path]:
    out = {}
    for path in ROOT.rglob("*.py"):
        name = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
        out[name.removesuffix(".__init__")] = path
    return out


def _imports(path: Path, known: dict[str, Path]) -> set[str]:
    """checker modules imported anywhere in the file (lazy imports count; TYPE_CHECKING ones do not)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for n in ast.walk(node))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in known else node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return {m for m in found if m in known}


def test_no_import_cycle_among_checker_modules():
    known = _modules()
    graph = {m: _imports(p, known) - {m} for m, p in known.items()}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                cycles.append(stack[stack.index(n):] + [n])
            elif n not in state:
                visit(n)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_layers_point_one_way():
    known = _modules()
    wrong = []
    for module, path in known.items():
        for package, banned in FORBIDDEN.items():
            if module == package or module.startswith(package + "."):
                wrong += [f"{module} imports {imp}" for imp in sorted(_imports(path, known))
                          if imp.startswith(banned)]
    assert not wrong, "\n".join(wrong)
