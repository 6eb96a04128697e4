"""Property tests: lint never raises, pointers and positions are real, and the fast schema
path agrees with jsonschema on every document.

CI runs the bounded "ci" profile; ``HYPOTHESIS_PROFILE=long python -m pytest
tests/test_properties.py`` runs 100,000 examples per property.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wmlint import Linter
from wmlint.model.diagnostic import split_pointer
from wmlint.model import make_pointer
from wmlint.rulekit.registry import builtin_registry
from wmlint.rulekit.registry import builtin_registry
from wmlint.schema.gate import SchemaGate
from wmlint.tools.ruledocs import examples

ROOT = Path(__file__).resolve().parent.parent
LINTER = Linter()
GATE = SchemaGate(builtin_registry().keyword_codes())


def _seeds() -> list[dict]:
    docs = [json.loads(p.read_text()) for p in sorted((ROOT / "examples").glob("*/metadata.json"))]
    for rule in builtin_registry():
        for ex in examples(rule):
            try:
                value = json.loads(ex.metadata or "")
            except ValueError:
                continue
            if isinstance(value, dict):
                docs.append(value)
    return docs


SEEDS = _seeds()

scalars = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70),
                    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=20))
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=12), inner, max_size=5)), max_leaves=25)
KEYS = sorted({k for d in SEEDS for k in d} | {"type", "name", "text", "json", "class_name", "steps", "config"})


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*path, i))


@st.composite
def mutated_uploads(draw):
    doc = copy.deepcopy(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        paths = list(_paths(doc))
        path = draw(st.sampled_from(paths))
        parent = doc
        for p in path[:-1]:
            parent = parent[p]
        op = draw(st.sampled_from(["delete", "replace", "shuffle", "huge", "add", "duplicate"]))
        target = parent[path[-1]] if path else doc
        if op == "delete" and path:
            del parent[path[-1]]
        elif op == "replace" and path:
            parent[path[-1]] = draw(json_values)
        elif op == "shuffle" and isinstance(target, list):
            target[:] = draw(st.permutations(target))
        elif op == "huge" and path:
            parent[path[-1]] = "x" * draw(st.sampled_from([0, 1, 5000, 200_000]))
        elif op == "add" and isinstance(target, dict):
            target[draw(st.sampled_from(KEYS))] = draw(json_values)
        elif op == "duplicate" and isinstance(target, list) and target:
            target.append(copy.deepcopy(target[0]))
    return doc


def _resolves(doc, pointer: str) -> bool:
    node = doc
    tokens = split_pointer(pointer)
    for i, tok in enumerate(tokens):
        if isinstance(node, dict) and tok in node:
            node = node[tok]
        elif isinstance(node, list) and tok.isdigit() and int(tok) < len(node):
            node = node[int(tok)]
        else:
            return i == len(tokens) - 1  # the parent of a missing key
    return True


def _check(doc) -> None:
    text = json.dumps(doc, indent=2, ensure_ascii=False)
    lines = text.split("\n")
    found = LINTER.lint(text, file="m.json")
    assert not [d for d in found if d.code in ("WM901", "WM902")], found
    for d in found:
        assert _resolves(doc, d.pointer), (d.code, d.pointer)
        if d.line is not None and d.file == "m.json":
            assert 1 <= d.line <= d.end_line <= len(lines), d
            assert 1 <= d.column <= len(lines[d.line - 1]) + 1, d
            assert 1 <= d.end_column <= len(lines[d.end_line - 1]) + 1, d
    _agree(doc)


def _key(d):
    return (d.code, d.pointer, d.message, d.at_key, d.fix)


def _agree(doc) -> None:
    """The fast path is exact: clean by it <=> jsonschema finds nothing; and where its soft
    variant explains a document itself (warnings only), it says what jsonschema says."""
    reference = sorted(map(_key, GATE.full().iter_findings(doc)), key=repr)
    assert GATE.is_clean(doc) == (not reference), doc
    warnings = GATE._soft(doc)
    assert (warnings == []) == (not reference), doc
    if warnings:
        assert sorted(map(_key, GATE._explain(warnings)), key=repr) == reference, doc
        assert list(map(_key, GATE.iter_findings(doc))) == list(map(_key, GATE._explain(warnings)))


@given(mutated_uploads())
def test_mutated_uploads(doc):
    _check(doc)


@given(json_values)
def test_any_json_value(value):
    if value is None:  # None as metadata is a caller's mistake, not a clean upload
        with pytest.raises(TypeError):
            LINTER.lint(value)
        return
    found = LINTER.lint(value) if not isinstance(value, (str, bytes)) else LINTER.lint(json.dumps(value))
    assert not [d for d in found if d.code in ("WM901", "WM902")]
    if isinstance(value, dict):
        _check(value)


def test_fast_path_compiles_for_the_shipped_schema():
    assert GATE.fast is not None


def test_fast_path_agrees_on_every_seed_and_snapshot_input():
    explained = 0
    for doc in SEEDS:
        _agree(doc)
        explained += bool(GATE._soft(doc))
    assert explained >= 5  # the seeds exercise the soft variant, not only clean and error documents


def test_the_shipped_generated_check_is_current_and_used():
    """wmlint/schema/_generated/metadata_check.py is generated from the shipped schema (regenerate: python -m wmlint.tools.fastcheck --write)."""
    import json

    from wmlint.schema._generated import metadata_check as _metadata_check
    from wmlint.schema.compiler import module_source, schema_fingerprint
    from wmlint.schemas import DATA_DIR

    data = (DATA_DIR / "worker-metadata.schema.json").read_bytes()
    expected = module_source(json.loads(data), schema_fingerprint(data))
    assert (ROOT / "wmlint" / "schema" / "_generated" / "metadata_check.py").read_text() == expected, \
        "stale: run python -m wmlint.tools.fastcheck --write"
    assert GATE.fast is _metadata_check.check


@given(mutated_uploads(), st.integers(0, 3))
def test_locator_agrees_with_the_full_index(doc, indent):
    """Positions are found on demand (Locator); the full scan (JsonIndex) is the reference."""
    from wmlint.source.positions import JsonIndex, Locator

    text = json.dumps(doc, indent=indent or None, ensure_ascii=bool(indent % 2))
    full, lazy = JsonIndex.build(text), Locator(text)
    pointers = [make_pointer(path) for path in _paths(doc)]
    for pointer in pointers + [p + "/missing" for p in pointers[:5]] + ["/0/zz", "/nope"]:
        assert lazy.find(pointer) == _nearest(full, pointer), pointer


def _nearest(index, pointer):
    """The reference answer: the span of ``pointer`` in the full index, or of its nearest existing ancestor."""
    while True:
        if pointer in index.spans:
            return pointer, index.spans[pointer]
        if not pointer:
            return None
        pointer = pointer[: pointer.rfind("/")]
