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
        doc = {"bindings": [{"type": kind, "name": "B", **extra}]}
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
        doc = {"bindings": [binding]}
        wmlint_refuses, editor_refuses = bool(_schema_errors(doc)), not VALIDATOR.is_valid(doc)
        if wmlint_refuses != editor_refuses:
            disagree[label] = {"wmlint": [d.message for d in _schema_errors(doc)], "editor": editor_refuses}
    assert disagree == {}


def test_the_examples_agree_with_wmlint():
    for meta in sorted(EXAMPLES.glob("*/metadata.json")):
        doc = json.loads(meta.read_text(encoding="utf-8"))
        assert bool(_schema_errors(doc)) == (not VALIDATOR.is_valid(doc)), meta
    broken = json.loads((EXAMPLES / "broken" / "metadata.json").read_text(encoding="utf-8"))
    paths = {tuple(e.absolute_path) for e in VALIDATOR.iter_errors(broken)}
    assert paths == {("bindings", 0)}  # the D1 binding without its database


def test_migrations_and_exports_are_dispatched_too():
    single = {"migrations": {"new_tag": "v1", "new_classes": ["Room"]}}
    steps = {"migrations": {"new_tag": "v2", "steps": [{"new_classes": ["Room"]}]}}
    assert VALIDATOR.is_valid(single) and VALIDATOR.is_valid(steps)
    assert not VALIDATOR.is_valid({"migrations": {"new_tag": "v1", "new_classes": "Room"}})
    assert not VALIDATOR.is_valid({"migrations": {"steps": [{"new_classes": "Room"}]}})
    assert not VALIDATOR.is_valid({"exports": {"Room": {"type": "durable-object", "state": 7}}})
    assert VALIDATOR.is_valid({"exports": {"Thing": {"type": "not-known-yet"}}})  # wmlint: a warning only


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
