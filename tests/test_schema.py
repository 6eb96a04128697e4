"""The generated schema: reproducible, valid, offline, and right about every binding type."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest

from wmlint import flaggen, schemagen
from wmlint.schemas import DATA_DIR
from wmlint.validate import SchemaValidator

SCHEMA = json.loads((DATA_DIR / "worker-metadata.schema.json").read_text(encoding="utf-8"))
FLAGS = json.loads((DATA_DIR / "compat-flags.json").read_text(encoding="utf-8"))


def test_regenerating_the_schema_reproduces_the_committed_file(shared):
    spec = (shared / "spec" / "cloudflare-openapi-workers-script-upload.json").read_bytes()
    assert schemagen.generate(spec) == (DATA_DIR / "worker-metadata.schema.json").read_text(encoding="utf-8")


def test_regenerating_the_flag_table_reproduces_the_committed_file(shared):
    src = (shared / "spec" / "workerd-compat-flags.json").read_bytes()
    prov = FLAGS["x-wmlint-provenance"]
    text = flaggen.generate(src, prov["commit"], FLAGS["max_compatibility_date"])
    assert text == (DATA_DIR / "compat-flags.json").read_text(encoding="utf-8")


def test_provenance_is_recorded():
    prov = SCHEMA["x-wmlint-provenance"]
    assert prov["commit"] == "004e306af7836c7edd2b39d286c8cdd3d0508702"
    assert re.fullmatch(r"[0-9a-f]{64}", prov["input_sha256"])
    assert prov["patches"] == sorted(p.name for p in (DATA_DIR / "patches").glob("*.json"))
    assert re.fullmatch(r"[0-9a-f]{40}", FLAGS["x-wmlint-provenance"]["commit"])


def test_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def _walk(node, path=""):
    if isinstance(node, dict):
        yield path, node
        for k, v in node.items():
            yield from _walk(v, f"{path}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk(v, f"{path}/{i}")


def test_no_remote_refs_and_every_pattern_compiles():
    refs = [(p, n["$ref"]) for p, n in _walk(SCHEMA) if isinstance(n.get("$ref"), str)]
    assert refs, "the schema should use local $refs"
    assert all(r.startswith("#/$defs/") for _, r in refs), [r for r in refs if not r[1].startswith("#/")]
    for p, node in _walk(SCHEMA):
        if isinstance(node.get("pattern"), str):
            re.compile(node["pattern"])
    mapping = SCHEMA["$defs"]["workers_binding_item"]["x-wmlint-discriminator"]["mapping"]
    assert all(v.startswith("#/$defs/") for v in mapping.values())


def test_a_remote_ref_is_refused_not_fetched():
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "urn:test",
              "properties": {"a": {"$ref": "https://example.com/x.json"}}}
    v = SchemaValidator(schema)
    with pytest.raises(Exception) as info:
        list(v.iter_findings({"a": 1}))
    assert "example.com" in str(info.value)


ID = "5c1c1c6e-7f0e-4b7e-9a3d-2d8a1f0b9c11"
HEX = "0f2ac74b498b48028cb68387c421e279"
MINIMAL = {
    "ai": {}, "ai_search": {"instance_name": "docs"}, "ai_search_namespace": {"namespace": "default"},
    "analytics_engine": {"dataset": "events"}, "assets": {}, "browser": {}, "d1": {"database_id": ID},
    "data_blob": {"part": "data.bin"}, "dispatch_namespace": {"namespace": "customers"},
    "durable_object_namespace": {"class_name": "Room"}, "flagship": {"app_id": "app"}, "hyperdrive": {"id": HEX},
    "images": {}, "inherit": {}, "json": {"json": {"a": [1, 2]}}, "kv_namespace": {"namespace_id": HEX},
    "media": {}, "messaging": {"namespace": "ns"}, "mtls_certificate": {"certificate_id": ID},
    "pipelines": {"pipeline": "events"}, "plain_text": {"text": "x"}, "queue": {"queue_name": "jobs"},
    "r2_bucket": {"bucket_name": "files"}, "ratelimit": {"namespace_id": "1001", "simple": {"limit": 10, "period": 60}},
    "secret_key": {"format": "raw", "algorithm": {"name": "HMAC"}, "usages": ["sign"], "key_base64": "c2VjcmV0"},
    "secret_text": {"text": "s"}, "secrets_store_secret": {"store_id": HEX, "secret_name": "token"},
    "send_email": {}, "service": {"service": "auth"}, "text_blob": {"part": "t.txt"},
    "vectorize": {"index_name": "idx"}, "version_metadata": {}, "vpc_network": {"network_id": "cf1:network"},
    "vpc_service": {"service_id": ID}, "wasm_module": {"part": "m.wasm"},
    "workflow": {"workflow_name": "orders"},
}
PAGE_ONLY = {"d1": {"id": ID}}  # the reference page's form of a binding, where it differs


@pytest.mark.parametrize("kind", sorted(MINIMAL))
def test_minimal_binding_of_every_type_is_schema_valid(kind):
    assert set(MINIMAL) == set(SCHEMA["$defs"]["workers_binding_item"]["x-wmlint-discriminator"]["mapping"])
    v = SchemaValidator()
    binding = {"type": kind, "name": "B", **MINIMAL[kind]}
    errors = [d for d, _ in v.iter_findings({"bindings": [binding]}) if d.code not in ("WM110",)]
    assert errors == []
    if kind in PAGE_ONLY:
        page_form = {"type": kind, "name": "B", **PAGE_ONLY[kind]}
        codes = [d.code for d, _ in v.iter_findings({"bindings": [page_form]})]
        assert codes == ["WM110"]  # accepted, with a deprecation warning


@pytest.mark.parametrize("kind", sorted(MINIMAL))
def test_broken_variants_of_every_binding_type(kind, data_regression, linter):
    base = {"type": kind, "name": "B", **MINIMAL[kind]}
    variants = {
        "no-name": {k: v for k, v in base.items() if k != "name"},
        "typo-key": {**base, "nmae": "C"},
        "number-name": {**base, "name": 7},
    }
    required = [k for k in MINIMAL[kind] if k not in ("algorithm", "usages", "simple")][:1]
    if required:
        variants["missing-" + required[0]] = {k: v for k, v in base.items() if k != required[0]}
    out = {}
    for label, binding in variants.items():
        diags = linter.lint({"bindings": [binding]}, select=None) if False else linter.lint({"bindings": [binding]})
        out[label] = [f"{d.code} {d.severity.value} {d.pointer}: {d.message}" for d in diags if d.code.startswith("WM1")]
    data_regression.check(out)


def test_d1_without_id_gives_exactly_one_error(linter):
    text = '{"main_module": "w.js", "compatibility_date": "2025-06-01", "bindings": [{"type":"d1","name":"DB"}]}'
    diags = linter.lint(text)
    assert [(d.code, d.pointer, d.severity.value) for d in diags] == [("WM101", "/bindings/0", "error")]
    assert "database_id" in diags[0].message and "kv_namespace" not in diags[0].message
    assert (diags[0].line, diags[0].column) == (1, text.index('{"type"') + 1)


def test_unknown_binding_type_gives_one_error_with_did_you_mean(linter):
    diags = linter.lint({"main_module": "w.js", "compatibility_date": "2025-06-01",
                         "bindings": [{"type": "kv_namspace", "name": "K", "namespace_id": HEX}]})
    assert [(d.code, d.pointer) for d in diags] == [("WM104", "/bindings/0/type")]
    assert "did you mean 'kv_namespace'?" in diags[0].message


def test_fields_real_clients_send_are_warnings_never_errors(linter):
    doc = {"main_module": "w.js", "compatibility_date": "2025-06-01", "containers": [{"class_name": "C"}],
           "code_update_strategy": "immediate", "placement": {"mode": "smart", "hint": "aws:us-east-1"},
           "annotations": {"workers/alias": "staging"},
           "bindings": [{"type": "worker_loader", "name": "L"}, {"type": "logfwdr", "name": "F", "destination": "x"},
                        {"type": "pipelines", "name": "P", "stream": "events"}]}
    diags = linter.lint(doc)
    assert diags and all(d.severity.value != "error" for d in diags), diags
    assert {d.code for d in diags} <= {"WM111", "WM102", "WM706"}


def test_migrations_and_placement_unions_accept_valid_input(linter):
    single = {"new_tag": "v1", "new_sqlite_classes": ["A"]}
    multi = {"new_tag": "v2", "old_tag": "v1", "steps": [{"renamed_classes": [{"from": "A", "to": "B"}]}]}
    for mig in (single, multi):
        assert linter.lint({"main_module": "w.js", "compatibility_date": "2025-06-01", "migrations": mig}) == []
    for pl in ({"mode": "smart"}, {"region": "aws:us-east-1"}, {"mode": "targeted", "region": "aws:us-east-1"},
               {"mode": "targeted", "target": [{"host": "db.example.com:5432"}]}, {"hostname": "api.example.com"}):
        assert linter.lint({"main_module": "w.js", "compatibility_date": "2025-06-01", "placement": pl}) == [], pl


def test_annotation_limits_count_bytes():
    v = SchemaValidator()
    ok = {"annotations": {"workers/tag": "é" * 50}}  # 100 bytes
    bad = {"annotations": {"workers/tag": "é" * 51}}  # 102 bytes
    assert [d.code for d, _ in v.iter_findings(ok)] == []
    assert [d.code for d, _ in v.iter_findings(bad)] == ["WM106"]
