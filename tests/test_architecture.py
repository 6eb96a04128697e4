"""The architecture, enforced: which layer may import which, no import cycles, and a code
table that agrees with the rule files. docs/architecture.md draws the same picture."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PKG = REPO / "wmlint"

#: What each layer may import of wmlint, besides itself. The one place this is written down;
#: the layers go from the bottom (model) to the top (cli). `schemas` is data (JSON files).
ALLOWED: dict[str, set[str]] = {
    "model": set(),
    "io": set(),
    "source": {"model"},
    "analysis": {"model", "io", "schemas"},
    "inputs": {"model", "io", "source", "analysis"},
    "schema": {"model", "io", "analysis", "schemas"},
    "rulekit": {"model", "analysis"},
    "rules": {"rulekit", "model", "analysis"},
    "engine": {"model", "io", "source", "analysis", "inputs", "schema", "rulekit"},
    "config": {"model", "io", "source", "analysis", "schema", "schemas"},
    "output": {"model", "io", "_version"},
    "cli": {"model", "io", "source", "analysis", "inputs", "schema", "rulekit", "engine", "config", "output", "_version",
            "schemas", "server"},
    # the language server: a shell like the CLI, over the same library (it never imports the CLI)
    "server": {"model", "io", "source", "analysis", "inputs", "schema", "rulekit", "engine", "config", "output",
               "_version", "schemas"},
    "tools": {"model", "io", "source", "analysis", "inputs", "schema", "rulekit", "engine", "schemas", "rules"},
}
#: The package's own entry points may import anything.
TOP = {"__init__", "__main__", "_version"}


def _modules() -> dict[str, Path]:
    found = {}
    for path in [*PKG.rglob("*.py"), *(REPO / "rules").rglob("*.py")]:
        if "__pycache__" in path.parts:
            continue
        rel = path.relative_to(REPO).with_suffix("")
        parts = list(rel.parts)
        if parts[0] == "rules":
            parts = ["wmlint", *parts]
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(module: str, path: Path) -> set[str]:
    """Every wmlint module this one imports, at any depth (functions and TYPE_CHECKING included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("wmlint"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("wmlint"):
                continue
            for alias in node.names:  # `from wmlint.x import y` may import the module wmlint.x.y
                out.add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in MODULES else target)
    return out


GRAPH = {m: _imports(m, p) for m, p in MODULES.items()}


def test_every_module_belongs_to_a_known_layer():
    layers = {_layer(m) for m in MODULES}
    assert layers <= set(ALLOWED) | TOP | {"schemas"}, layers - set(ALLOWED) - TOP


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_a_layer_imports_only_what_it_may(layer):
    bad = []
    for module, targets in GRAPH.items():
        if _layer(module) != layer:
            continue
        for target in targets:
            other = _layer(target)
            if other != layer and other not in ALLOWED[layer]:
                bad.append(f"{module} imports {target} ({layer} -> {other})")
    assert bad == []


def test_no_import_cycles():
    order: list[str] = []
    state: dict[str, int] = {}
    cycles = []

    def visit(m: str, stack: list[str]) -> None:
        state[m] = 1
        for t in sorted(GRAPH.get(m, ())):
            if t not in GRAPH or t == m or m.startswith(t + "."):
                continue  # a package's own submodules importing their package's __init__ is not a cycle
            if state.get(t) == 1:
                cycles.append(" -> ".join(stack[stack.index(t):] + [t]) if t in stack else f"{m} -> {t}")
            elif t not in state:
                visit(t, [*stack, t])
        state[m] = 2
        order.append(m)

    for m in sorted(GRAPH):
        if m not in state:
            visit(m, [m])
    assert cycles == []


def test_the_layer_rules_catch_a_violation():
    # the check itself can fail: an import from model up into engine is reported
    fake = ast.parse("from wmlint.engine import Linter\n")
    target = fake.body[0].module  # type: ignore[attr-defined]
    assert _layer("wmlint.model.upload") == "model" and _layer(target) not in ALLOWED["model"]


def test_the_code_table_and_the_rule_files_agree():
    from wmlint.rulekit.codes import CODES
    from wmlint.rulekit.registry import builtin_registry, rule_module

    files = {f"{p.parent.name}/{p.stem}" for p in (REPO / "rules").glob("*/*.py") if p.stem != "__init__"}
    table = {f"{area}/{name.replace('-', '_')}" for area, name in CODES.values()}
    assert files == table, (files ^ table)
    for cls in builtin_registry():
        area, name = CODES[cls.code]
        assert cls.__module__ == rule_module(area, name) and cls.name == name and cls.area() == area
    for path in (REPO / "rules").glob("*/*.py"):
        assert len(re.findall(r"^    code = ", path.read_text(), flags=re.M)) <= 1, f"{path}: one rule per file"


def test_a_rule_file_imports_from_the_rulekit_only():
    for module, targets in GRAPH.items():
        if _layer(module) == "rules":
            assert all(t == "wmlint.rulekit" or t.startswith("wmlint.rules") for t in targets), (module, targets)


def test_the_rules_binding_types_are_the_schemas():
    import json

    from wmlint.rulekit import BINDING_TYPES
    from wmlint.schemas import DATA_DIR

    schema = json.loads((DATA_DIR / "worker-metadata.schema.json").read_text(encoding="utf-8"))
    assert BINDING_TYPES == set(schema["$defs"]["workers_binding_item"]["x-wmlint-discriminator"]["mapping"])


def test_a_run_imports_only_the_rules_it_runs():
    """The code table lets the engine import a rule's module only when the rule is enabled (or
    when a finding of its code needs its name): a clean run of one rule imports one rule file."""
    import subprocess
    import sys

    script = ("import sys, datetime\nfrom wmlint import Linter\n"
              "Linter(select=['WM202'], today=datetime.date(2026, 1, 1)).lint("
              "{'main_module': 'w.js', 'compatibility_date': '2025-06-01'})\n"
              "print(sorted(m for m in sys.modules if m.startswith('wmlint.rules.') and m.count('.') == 3))\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True).stdout
    assert out.strip() == "['wmlint.rules.bindings.duplicate_binding_name']"


def test_the_javascript_parser_loads_only_for_javascript_parts():
    """tree-sitter is imported when an upload has JavaScript parts to analyse, never for
    metadata alone or for an upload whose parts are not JavaScript."""
    import subprocess
    import sys

    script = ("import sys, datetime\nfrom wmlint import Linter\nL = Linter(today=datetime.date(2026, 1, 1))\n"
              "L.lint({'main_module': 'w.js', 'compatibility_date': '2025-06-01'})\n"
              "L.lint({'main_module': 'w.py', 'compatibility_date': '2025-06-01', 'compatibility_flags': ['python_workers']},"
              " parts={'w.py': b'from workers import WorkerEntrypoint'})\n"
              "print('tree_sitter' in sys.modules)\n"
              "L.lint({'main_module': 'w.js', 'compatibility_date': '2025-06-01'}, parts={'w.js': b'export default {}'})\n"
              "print('tree_sitter' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True).stdout
    assert out.split() == ["False", "True"]
