"""How many of wmlint's errors the editor schema (`wmlint schema`) also catches.

    python -m wmlint.tools.editorcoverage [--count 3000] [--seed 26]

The documents are mutation examples: every bad case of the rule tests
(``tests/rules/<area>/<rule>.json``), every rule's documented example, the examples'
metadata, and ``--count`` random mutations of them made with the six operators of the
property tests (``tests/test_properties.py``: delete, replace, shuffle, huge, add,
duplicate), from a fixed seed. For each wmlint error about the metadata (not about a part),
the editor schema "catches" it when it reports an error at the same place, below it, or
above it (but not at the document's root, which would catch everything).

Printed: the share for the editor schema as shipped, and for the plain rewrite of the
x-wmlint keywords without the rule refinements, both in total and per code. Not shipped in
the wheel; needs jsonschema, which wmlint already depends on.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
#: what the rule tests add to each case's metadata, and the day they lint on
BASE = {"main_module": "w.js", "compatibility_date": "2025-06-01"}
TODAY = (2026, 11, 30)


def seeds() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(the bad cases of the rule tests and documented examples, every valid-looking seed)."""
    from wmlint.rulekit.registry import builtin_registry
    from wmlint.tools.ruledocs import examples

    bad: list[dict[str, Any]] = []
    for path in sorted((ROOT / "tests" / "rules").glob("*/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for case in data.get("bad", []):  # completed as tests/rules/test_rules.py completes them
            if "body" in case or case.get("parts") or case.get("request"):
                continue
            meta = case["metadata"] if "metadata" in case else {**BASE, **case.get("meta", {})}
            if isinstance(meta, dict):
                bad.append(meta)
    base = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "examples").glob("*/metadata.json"))]
    for rule in builtin_registry():
        for ex in examples(rule):
            if ex is None:
                continue
            try:
                value = json.loads(ex.metadata or "")
            except ValueError:
                continue
            if isinstance(value, dict):
                base.append(value)
    return bad, base


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*path, i))
    return out


def _value(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randrange(8 if depth < 2 else 6)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([True, False])
    if kind == 2:
        return rng.randint(-2**40, 2**40)
    if kind == 3:
        return rng.random() * 1000
    if kind in (4, 5):
        return "".join(rng.choice("abcxyz_/*!:-0123456789") for _ in range(rng.randrange(12)))
    if kind == 6:
        return [_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {rng.choice(["type", "name", "text", "id", "x"]): _value(rng, depth + 1) for _ in range(rng.randrange(4))}


def mutate(doc: dict[str, Any], rng: random.Random, keys: list[str]) -> dict[str, Any]:
    """One to four of the property tests' mutation operators, at random places."""
    doc = copy.deepcopy(doc)
    for _ in range(rng.randint(1, 4)):
        path = rng.choice(_paths(doc))
        parent: Any = doc
        for p in path[:-1]:
            parent = parent[p]
        target = parent[path[-1]] if path else doc
        op = rng.choice(["delete", "replace", "shuffle", "huge", "add", "duplicate"])
        if op == "delete" and path:
            del parent[path[-1]]
        elif op == "replace" and path:
            parent[path[-1]] = _value(rng)
        elif op == "shuffle" and isinstance(target, list):
            rng.shuffle(target)
        elif op == "huge" and path:
            parent[path[-1]] = "x" * rng.choice([0, 1, 5000])
        elif op == "add" and isinstance(target, dict):
            target[rng.choice(keys)] = _value(rng)
        elif op == "duplicate" and isinstance(target, list) and target:
            target.append(copy.deepcopy(target[0]))
    return doc


def _tokens(pointer: str) -> tuple[str, ...]:
    from wmlint.model.diagnostic import split_pointer

    return tuple(split_pointer(pointer))


def caught(pointer: str, editor_paths: set[tuple[str, ...]]) -> bool:
    """An editor error at the same place, below it, or above it; one at the root counts only
    for what wmlint reports at the root or at a top-level key (a root error is about them)."""
    q = _tokens(pointer)
    for p in editor_paths:
        if p == q or (p and q[: len(p)] == p) or (q and p[: len(q)] == q) or (not p and len(q) <= 1):
            return True
    return False


def measure(docs: list[dict[str, Any]], validator: Any) -> tuple[int, int, Counter[str], Counter[str]]:
    from wmlint.engine import Linter

    import datetime

    linter = Linter(today=datetime.date(*TODAY))
    total = hit = 0
    by_code: Counter[str] = Counter()
    hit_by_code: Counter[str] = Counter()
    for doc in docs:
        errors = [d for d in linter.lint(doc) if d.severity.value == "error" and d.part is None]
        if not errors:
            continue
        paths = {tuple(str(x) for x in e.absolute_path) for e in validator.iter_errors(doc)}
        for d in errors:
            total += 1
            by_code[d.code] += 1
            if caught(d.pointer, paths):
                hit += 1
                hit_by_code[d.code] += 1
    return total, hit, by_code, hit_by_code


def main(argv: list[str] | None = None) -> None:
    import jsonschema

    from wmlint.schema.editor import _rewrite, editor_schema
    from wmlint.schemas import DATA_DIR

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=26)
    args = ap.parse_args(argv)
    bad, base = seeds()
    keys = sorted({k for d in base for k in d} | {"type", "name", "text", "json", "class_name", "steps", "config"})
    rng = random.Random(args.seed)
    mutated = [mutate(rng.choice(base + bad), rng, keys) for _ in range(args.count)]
    schema = json.loads((DATA_DIR / "worker-metadata.schema.json").read_text(encoding="utf-8"))
    for label, docs in (("rule-test bad cases", bad), (f"{args.count} random mutations (seed {args.seed})", mutated)):
        missed: dict[str, int] = {}
        for name, sch in (("editor schema", editor_schema(schema)), ("x-wmlint rewrite only", _rewrite(schema))):
            total, hit, by_code, hit_by_code = measure(docs, jsonschema.Draft202012Validator(sch))
            share = f"{100 * hit / total:.1f}%" if total else "n/a"
            print(f"{label}, {name}: {hit} of {total} wmlint errors caught ({share})")
            if not missed:
                missed = {c: by_code[c] - hit_by_code[c] for c in by_code if by_code[c] > hit_by_code[c]}
        print("  missed by the editor schema, by code:", ", ".join(f"{c} {n}" for c, n in sorted(missed.items())))


if __name__ == "__main__":
    main()
