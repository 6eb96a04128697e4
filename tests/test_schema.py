"""The generated schema: reproducible, valid, offline, and right about every binding type."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from wmlint.tools import flaggen, schemagen
from wmlint.schemas import DATA_DIR
from wmlint.rulekit.registry import builtin_registry
from wmlint.schema.explain import SchemaValidator

CODES = builtin_registry().keyword_codes()

SCHEMA = json.loads((DATA_DIR / "worker-metadata.schema.json").read_text(encoding="utf-8"))
FLAGS = json.loads((DATA_DIR / "compat-flags.json").read_text(encoding="utf-8"))


def test_regenerating_the_schema_reproduces_the_committed_file(shared):
    spec = (shared / "spec" / "cloudflare-openapi-workers-script-upload.json").read_bytes()
    assert schemagen.generate(spec) == (DATA_DIR / "worker-metadata.schema.json").read_text(encoding="utf-8")


def test_regenerating_the_flag_table_from_the_pinned_workerd_reproduces_the_committed_file(workerd_binary):
    prov = FLAGS["x-wmlint-provenance"]
    text = flaggen.generate_from_binary(workerd_binary.read_bytes(), prov["release"], FLAGS["max_compatibility_date"])
    assert text == (DATA_DIR / "compat-flags.json").read_text(encoding="utf-8")


#: What changed between workerd's source of 2026-08-22 (the extract in ../shared) and the
#: pinned release, field by field; everything else must read the same from both.
CHANGED_SINCE_THE_EXTRACT = {"newModuleRegistry", "enableRequestSignal", "autoGrpcConvert", "pythonWorkers20260817"}


def test_the_binary_reader_agrees_with_the_source_extract(shared, workerd_binary):
    extract = json.loads((shared / "spec" / "workerd-compat-flags.json").read_text(encoding="utf-8"))
    extract = extract["flags"] if isinstance(extract, dict) else extract
    decoded = {r["field"]: r for r in flaggen.records_from_binary(workerd_binary.read_bytes())}
    keys = ("enable_flag", "disable_flag", "enable_date", "enable_all_dates", "experimental", "needed_by_fl",
            "python_snapshot_release")
    compared = 0
    for rec in extract:
        if rec["field"] in CHANGED_SINCE_THE_EXTRACT:
            continue
        got = decoded[rec["field"]]
        assert {k: got[k] for k in keys} == {k: rec[k] for k in keys}, rec["field"]
        assert sorted((sorted(i["fields"]), i["date"]) for i in got["implied_by"]) == \
            sorted((sorted(i["fields"]), i["date"]) for i in rec["implied_by"]), rec["field"]
        compared += 1
    assert compared >= 180
    assert len(decoded) > len(extract)  # the pinned release has flags the August source did not


def test_the_json_extract_still_generates_a_table(shared):
    text = flaggen.generate((shared / "spec" / "workerd-compat-flags.json").read_bytes(), "6552d999c79e", "2026-08-29")
    table = json.loads(text)
    assert table["x-wmlint-provenance"]["commit"] == "6552d999c79e"
    assert any(f.get("enable") == "nodejs_compat" for f in table["fields"])


def test_the_binary_reader_refuses_a_file_without_the_schema():
    with pytest.raises(flaggen.SchemaNotFound):
        flaggen.records_from_binary(b"\0" * 4096 + b"not workerd")


def test_provenance_is_recorded():
    prov = SCHEMA["x-wmlint-provenance"]
    assert prov["commit"] == "004e306af7836c7edd2b39d286c8cdd3d0508702"
    assert re.fullmatch(r"[0-9a-f]{64}", prov["input_sha256"])
    patches = Path(__file__).resolve().parent.parent / "schemas" / "patches"  # the generator's input, not shipped
    assert prov["patches"] == sorted(p.name for p in patches.glob("*.json"))
    fprov = FLAGS["x-wmlint-provenance"]
    assert re.fullmatch(r"1\.\d{8}\.\d+", fprov["release"]) and re.fullmatch(r"[0-9a-f]{64}", fprov["input_sha256"])
    assert fprov["source_date"] == f"{fprov['release'][2:6]}-{fprov['release'][6:8]}-{fprov['release'][8:10]}"


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
    v = SchemaValidator(CODES, schema)
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
    # types that only the clients know (wrangler 4.164.0's upload form), not the spec
    "agent_memory": {"namespace": "agents"}, "analytics": {}, "artifacts": {"namespace": "builds"},
    "k2": {"stream": HEX}, "logfwdr": {"destination": "logs"}, "stream": {}, "unsafe_hello_world": {},
    "worker_loader": {},
}
PAGE_ONLY = {"d1": {"id": ID}}  # the reference page's (and wrangler's) form of a binding, where it differs


@pytest.mark.parametrize("kind", sorted(MINIMAL))
def test_minimal_binding_of_every_type_is_schema_valid(kind):
    assert set(MINIMAL) == set(SCHEMA["$defs"]["workers_binding_item"]["x-wmlint-discriminator"]["mapping"])
    v = SchemaValidator(CODES)
    binding = {"type": kind, "name": "B", **MINIMAL[kind]}
    errors = [d for d in v.iter_findings({"bindings": [binding]}) if d.code not in ("WM110",)]
    assert errors == []
    if kind in PAGE_ONLY:
        page_form = {"type": kind, "name": "B", **PAGE_ONLY[kind]}
        codes = [d.code for d in v.iter_findings({"bindings": [page_form]})]
        assert codes == []  # what wrangler sends on every D1 binding: accepted without noise


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
        diags = linter.lint({"bindings": [binding]})
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


def test_fields_real_clients_send_are_accepted(linter):
    doc = {"main_module": "w.js", "compatibility_date": "2025-06-01", "containers": [{"class_name": "C"}],
           "code_update_strategy": {"mode": "deferred", "max_delay": 300},
           "placement": {"mode": "smart", "hint": "aws:us-east-1"}, "capnp_schema": "./capnp-1.compiled",
           "streaming_tail_consumers": [{"service": "live-tail"}],
           "bindings": [{"type": "worker_loader", "name": "L"}, {"type": "logfwdr", "name": "F", "destination": "x"},
                        {"type": "pipelines", "name": "P", "stream": "events"},
                        {"type": "service", "name": "S", "service": "s", "props": {"tenant": "a"}},
                        {"type": "d1", "name": "DB", "id": ID}, {"type": "analytics_engine", "name": "AE"},
                        {"type": "queue", "name": "Q", "queue_name": "q", "delivery_delay": 60},
                        {"type": "k2", "name": "K", "stream": HEX}, {"type": "analytics", "name": "SQL"}],
           "exports": {"OrderWorkflow": {"type": "workflow", "name": "orders"}}}
    assert linter.lint(doc) == []


def test_code_update_strategy_as_an_object_was_a_type_error_and_is_fine_now(linter):
    # wrangler sends it on every deploy; a guessed patch once typed it as a string (WM103 on every upload)
    doc = {"main_module": "w.js", "compatibility_date": "2025-06-01",
           "code_update_strategy": {"mode": "deferred", "max_delay": 300}}
    assert [d.code for d in linter.lint(doc)] == []


def test_type_messages_name_the_kind_once(linter):
    diags = linter.lint({"main_module": "w.js", "compatibility_date": "2025-06-01", "body_part": {"a": 1}})
    assert [d.message for d in diags if d.code == "WM103"] == ["expected string, got an object"]


@pytest.mark.parametrize("kind, code, severity, words", [
    ("kv_namspace", "WM104", "error", "did you mean 'kv_namespace'?"),
    ("KV_NAMESPACE", "WM104", "error", "did you mean 'kv_namespace'?"),
    ("vpc_networks", "WM104", "error", "did you mean 'vpc_network'?"),
    ("some_beta_binding", "WM111", "warning", "the API may or may not accept it"),
    ("r2_bucket_v2", "WM111", "warning", "in neither the API spec of 2026-08-14 nor wrangler 4.164.0"),
])
def test_unknown_binding_types_are_warnings_and_near_misses_errors(linter, kind, code, severity, words):
    diags = linter.lint({"main_module": "w.js", "compatibility_date": "2025-06-01",
                         "bindings": [{"type": kind, "name": "B"}]})
    assert [(d.code, d.severity.value, d.pointer) for d in diags] == [(code, severity, "/bindings/0/type")]
    assert words in diags[0].message


def test_unknown_export_types_are_warnings(linter):
    diags = linter.lint({"main_module": "w.js", "compatibility_date": "2025-06-01",
                         "exports": {"Thing": {"type": "sandbox"}, "Room": {"type": "durable-objekt"}}})
    assert sorted((d.code, d.pointer) for d in diags) == [("WM104", "/exports/Room/type"), ("WM111", "/exports/Thing/type")]


def test_migrations_and_placement_unions_accept_valid_input(linter):
    single = {"new_tag": "v1", "new_sqlite_classes": ["A"]}
    multi = {"new_tag": "v2", "old_tag": "v1", "steps": [{"renamed_classes": [{"from": "A", "to": "B"}]}]}
    for mig in (single, multi):
        assert linter.lint({"main_module": "w.js", "compatibility_date": "2025-06-01", "migrations": mig}) == []
    for pl in ({"mode": "smart"}, {"region": "aws:us-east-1"}, {"mode": "targeted", "region": "aws:us-east-1"},
               {"mode": "targeted", "target": [{"host": "db.example.com:5432"}]}, {"hostname": "api.example.com"}):
        assert linter.lint({"main_module": "w.js", "compatibility_date": "2025-06-01", "placement": pl}) == [], pl


def test_annotation_limits_count_bytes():
    v = SchemaValidator(CODES)
    ok = {"annotations": {"workers/tag": "é" * 50}}  # 100 bytes
    bad = {"annotations": {"workers/tag": "é" * 51}}  # 102 bytes
    assert [d.code for d in v.iter_findings(ok)] == []
    assert [d.code for d in v.iter_findings(bad)] == ["WM106"]
