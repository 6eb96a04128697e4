"""The schema that `wmlint schema` exports for editors: standard keywords only, it refuses
the binding shapes that wmlint refuses, and never a document that wmlint accepts."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from conftest import EXAMPLES
from test_schema import MINIMAL, PAGE_ONLY
from wmlint import Linter
from wmlint.schema.editor import editor_schema
from wmlint.schemas import DATA_DIR
from wmlint.source.multipart import parse_multipart

HERE = Path(__file__).resolve().parent
SCHEMA = json.loads((DATA_DIR / "worker-metadata.schema.json").read_text(encoding="utf-8"))
EDITOR = editor_schema(SCHEMA)
VALIDATOR = jsonschema.Draft202012Validator(EDITOR)
LINTER = Linter()
#: what every upload has (the bindings, migrations and exports below are about their own shapes)
BASE = {"main_module": "w.js", "compatibility_date": "2025-06-01"}


def _keywords(node):
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            if key in ("properties", "patternProperties", "$defs"):
                for sub in value.values():
                    yield from _keywords(sub)
            elif key not in ("examples", "enum", "const", "default"):
                yield from _keywords(value)
    elif isinstance(node, list):
        for item in node:
            yield from _keywords(item)


def _schema_errors(doc):
    """wmlint's own verdict on the shape: its schema-area (WM1xx) errors."""
    return [d for d in LINTER.lint(doc) if d.code.startswith("WM1") and d.severity.value == "error"]


def _corpus_metadata():
    for path in sorted((HERE / "corpus" / "uploads").glob("*.multipart")):
        parts, _ = parse_multipart(path.read_bytes())
        yield path.name, json.loads(next(p for p in parts if p.name == "metadata").data)


def test_only_standard_keywords_and_a_valid_schema():
    jsonschema.Draft202012Validator.check_schema(EDITOR)
    assert not [k for k in _keywords(EDITOR) if k.startswith("x-")]
    assert "x-wmlint-discriminator" in json.dumps(SCHEMA)  # the input had them: the rewrite did something
    assert EDITOR["$id"] != SCHEMA["$id"] and SCHEMA["$id"] == "urn:wmlint:schema:worker-metadata"  # copy, not edit


def test_every_real_upload_passes():
    uploads = dict(_corpus_metadata())
    assert len(uploads) >= 100
    refused = {name: VALIDATOR.best_match(VALIDATOR.iter_errors(doc)).message
               for name, doc in uploads.items() if not VALIDATOR.is_valid(doc)}
    assert refused == {}


@pytest.mark.parametrize("kind", sorted(MINIMAL))
def test_every_binding_type_minimal_form_passes(kind):
    for extra in (MINIMAL[kind], PAGE_ONLY.get(kind, MINIMAL[kind])):
        doc = {**BASE, "bindings": [{"type": kind, "name": "B", **extra}]}
        assert VALIDATOR.is_valid(doc), VALIDATOR.best_match(VALIDATOR.iter_errors(doc)).message


def _variants(kind):
    base = {"type": kind, "name": "B", **MINIMAL[kind]}
    yield "no-name", {k: v for k, v in base.items() if k != "name"}
    yield "number-name", {**base, "name": 7}
    yield "no-type", {k: v for k, v in base.items() if k != "type"}
    yield "typo-key", {**base, "nmae": "C"}  # a warning in wmlint: must pass in an editor
    for field in MINIMAL[kind]:
        yield f"missing-{field}", {k: v for k, v in base.items() if k != field}
        yield f"number-{field}", {**base, field: 7}


@pytest.mark.parametrize("kind", sorted(MINIMAL))
def test_editor_refuses_exactly_the_binding_shapes_wmlint_refuses(kind):
    """Both directions: an editor error without a wmlint error would be a false error; a
    wmlint shape error that the editor misses is the x-wmlint keyword it ignored."""
    disagree = {}
    for label, binding in _variants(kind):
        doc = {**BASE, "bindings": [binding]}
        wmlint_refuses, editor_refuses = bool(_schema_errors(doc)), not VALIDATOR.is_valid(doc)
        if wmlint_refuses != editor_refuses:
            disagree[label] = {"wmlint": [d.message for d in _schema_errors(doc)], "editor": editor_refuses}
    assert disagree == {}


def test_the_examples_agree_with_wmlint():
    for meta in sorted(EXAMPLES.glob("*/metadata.json")):
        doc = json.loads(meta.read_text(encoding="utf-8"))
        errors = [d for d in LINTER.lint(doc) if d.severity.value == "error" and d.part is None]
        assert VALIDATOR.is_valid(doc) or errors, meta  # the editor never refuses what wmlint accepts
    broken = json.loads((EXAMPLES / "broken" / "metadata.json").read_text(encoding="utf-8"))
    paths = {tuple(e.absolute_path) for e in VALIDATOR.iter_errors(broken)}
    assert paths == {("bindings", 0),  # the D1 binding without its database
                     ("bindings", 1, "type"),  # 'kv_namspace', a near miss
                     ("assets", "config", "run_worker_first")}  # 'api/*' without its '/'
    # the flag typo 'nodejs_compt' is left to wmlint: near misses of 200 flags would be megabytes of pattern


def test_migrations_and_exports_are_dispatched_too():
    single = {**BASE, "migrations": {"new_tag": "v1", "new_classes": ["Room"]}}
    steps = {**BASE, "migrations": {"new_tag": "v2", "steps": [{"new_classes": ["Room"]}]}}
    assert VALIDATOR.is_valid(single) and VALIDATOR.is_valid(steps)
    assert not VALIDATOR.is_valid({**BASE, "migrations": {"new_tag": "v1", "new_classes": "Room"}})
    assert not VALIDATOR.is_valid({**BASE, "migrations": {"steps": [{"new_classes": "Room"}]}})
    assert not VALIDATOR.is_valid({**BASE, "exports": {"Room": {"type": "durable-object", "state": 7}}})
    assert VALIDATOR.is_valid({**BASE, "exports": {"Thing": {"type": "not-known-yet"}}})  # wmlint: a warning only


CHECK_JSONSCHEMA = shutil.which("check-jsonschema") or str(Path(sys.executable).with_name("check-jsonschema"))


@pytest.mark.skipif(not Path(CHECK_JSONSCHEMA).is_file(), reason="check-jsonschema is not installed ('.[test]' has it)")
def test_check_jsonschema_with_the_exported_schema(tmp_path):
    """The issue's own test: the exported schema, given to check-jsonschema, fails
    examples/broken on its bindings and passes the clean examples and real uploads."""
    from click.testing import CliRunner

    from wmlint.cli import main

    schema_file = tmp_path / "worker-metadata.schema.json"
    schema_file.write_text(CliRunner().invoke(main, ["schema"]).output, encoding="utf-8")
    clean = [EXAMPLES / name / "metadata.json" for name in ("clean-module", "service-worker", "python", "bundled")]
    for i, (name, doc) in enumerate(_corpus_metadata()):
        if i % 10 == 0:
            (tmp_path / f"{name}.json").write_text(json.dumps(doc), encoding="utf-8")
            clean.append(tmp_path / f"{name}.json")

    def check(*files):
        return subprocess.run([CHECK_JSONSCHEMA, "--schemafile", str(schema_file), *map(str, files)],
                              capture_output=True, text=True, timeout=120)

    ok = check(*clean)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = check(EXAMPLES / "broken" / "metadata.json")
    assert bad.returncode == 1
    assert "$.bindings[0]" in bad.stdout and "database_id" in bad.stdout


# ---- the rule errors that standard keywords express (issue 26, section 5) --------------------

from wmlint.rulekit.registry import builtin_registry  # noqa: E402


def _wmlint_errors(doc):
    return [d for d in LINTER.lint(doc) if d.severity.value == "error" and d.part is None]


def _slips(name):
    yield name.upper()
    for i in range(len(name)):
        yield name[:i] + "x" + name[i + 1:]
        yield name[:i] + name[i + 1:]
        yield name[:i] + "q" + name[i:]
        if i + 1 < len(name):
            yield name[:i] + name[i + 1] + name[i] + name[i + 2:]


def test_near_miss_binding_types_are_refused_and_only_when_wmlint_refuses_them():
    types = sorted(MINIMAL)
    refused = 0
    for kind in types:
        for slip in set(_slips(kind)) - set(types):
            doc = {**BASE, "bindings": [{"type": slip, "name": "B"}]}
            editor = not VALIDATOR.is_valid(doc)
            wmlint = any(d.code == "WM104" for d in _wmlint_errors(doc))
            assert not editor or wmlint, slip  # never an editor error that wmlint does not make
            refused += editor
            if len(kind) >= 5 and slip != kind.upper():
                assert editor, slip  # one edit from a known type of five letters or more
    assert refused > 500
    for far in ("brand_new_binding_kind", "zz", "d2"):  # unknown, not near: wmlint only warns
        assert VALIDATOR.is_valid({**BASE, "bindings": [{"type": far, "name": "B"}]}), far


@pytest.mark.parametrize(("rules", "refused"), [
    (["/api/*"], False), (["/api/*", "!/api/health"], False), (["/*"], False),
    (["api/*"], True), (["!api/health", "/x"], True), ([], True), (["!/api/*"], True),
    (["/" + "a" * 100], True), (["/a"] * 101, True),
])
def test_run_worker_first_grammar(rules, refused):
    doc = {**BASE, "assets": {"config": {"run_worker_first": rules}}, "bindings": [{"type": "assets", "name": "A"}]}
    assert (not VALIDATOR.is_valid(doc)) is refused
    assert bool([d for d in _wmlint_errors(doc) if d.code == "WM401"]) is refused


def test_compatibility_flags_are_offered_with_descriptions_and_the_refusable_refused():
    from wmlint.analysis.compat import table

    flags = table().flags
    offered = {c["const"]: c["description"] for c in EDITOR["$defs"]["workers_compatibility_flag"]["anyOf"]
               if "const" in c}
    assert set(offered) == set(flags) and all(len(text) > 10 for text in offered.values())
    for name, flag in flags.items():
        doc = {**BASE, "compatibility_flags": [name]}
        if flag.experimental and flag.enable:
            assert not VALIDATOR.is_valid(doc) and any(d.code == "WM604" for d in _wmlint_errors(doc)), name
        else:
            assert VALIDATOR.is_valid(doc), name
    pair = next((n, f.other) for n, f in sorted(flags.items()) if f.enable and f.other and not f.experimental)
    cases = {"repeated": ["nodejs_compat", "nodejs_compat"], "contradicts": list(pair),
             "prefix": ["experimental:nodejs_compat"]}
    for label, given in cases.items():
        doc = {**BASE, "compatibility_flags": given}
        assert not VALIDATOR.is_valid(doc) and _wmlint_errors(doc), label
    newer = {**BASE, "compatibility_flags": ["a_flag_from_next_week"]}
    assert VALIDATOR.is_valid(newer) and not _wmlint_errors(newer)  # wmlint warns: the table may be older


@pytest.mark.parametrize(("doc", "refused"), [
    ({"main_module": "w.js", "body_part": "w.js"}, True),
    ({"compatibility_date": "2025-06-01"}, True),
    ({"assets": {"jwt": "x"}, "compatibility_date": "2025-06-01"}, False),  # assets only: no entry point needed
    ({"main_module": "w.js", "compatibility_date": "2025-6-1"}, True),
    ({"main_module": "w.js", "compatibility_date": "2025-06-01T00:00:00Z"}, True),
    ({"main_module": "w.js", "bindings": [{"type": "kv_namespace", "name": "", "namespace_id": "0" * 32}]}, True),
])
def test_entry_point_date_shape_and_empty_names(doc, refused):
    assert (not VALIDATOR.is_valid(doc)) is refused
    if refused:
        assert _wmlint_errors(doc)


def test_the_editor_catches_most_errors_on_mutations_and_never_one_wmlint_does_not_make():
    """The measured share (`python -m wmlint.tools.editorcoverage`) on a smaller sample: the
    editor schema catches more than the plain rewrite of the x-wmlint keywords did, and every
    document it refuses has a wmlint error."""
    import random

    from wmlint.schema.editor import _rewrite
    from wmlint.tools import editorcoverage as ec

    bad, base = ec.seeds()
    keys = sorted({k for d in base for k in d} | {"type", "name"})
    rng = random.Random(26)
    docs = [ec.mutate(rng.choice(base + bad), rng, keys) for _ in range(400)]
    total, hit, _, _ = ec.measure(docs, VALIDATOR)
    plain = jsonschema.Draft202012Validator(_rewrite(SCHEMA))
    _, before, _, _ = ec.measure(docs, plain)
    assert total > 200 and hit / total > 0.7 and hit > before
    import datetime

    dated = Linter(today=datetime.date(*ec.TODAY))
    for doc in docs:  # what the refinements refuse (an export that is a number is the rewrite's own matter)
        if not VALIDATOR.is_valid(doc) and plain.is_valid(doc):
            assert [d for d in dated.lint(doc) if d.severity.value == "error"], doc
