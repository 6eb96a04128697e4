"""The runtime tier (`--runtime workerd`, WM340) is exact: no error on any upload a real client
sends, every stubbed binding type behaves like a binding, and findings point into the part
the user wrote even when the runtime's top stack frame is its own code."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from wmlint import Linter
from wmlint.analysis.runtime import _live_classes, parse_messages

HERE = Path(__file__).resolve().parent
UPLOADS = sorted((HERE / "corpus" / "uploads").glob("*.multipart"))
HANDLER = b'export default { fetch() { return new Response("ok"); } };\n'

#: what workerd 2026-11-17 printed for `Buffer.from(null)` at module scope (nodejs_compat)
INTERNAL_TOP_FRAME = """service upload: Uncaught TypeError: The first argument must be of type string
  at node-internal:internal_buffer:134:11 in _from
  at node-internal:internal_buffer:145:12 in from
  at w.js:4:18
"""


def test_every_frame_is_kept_and_where_stays_the_top_one():
    [msg] = parse_messages(INTERNAL_TOP_FRAME)
    assert msg.where == ("node-internal:internal_buffer", 134, 11)
    assert msg.frames == (("node-internal:internal_buffer", 134, 11), ("node-internal:internal_buffer", 145, 12),
                          ("w.js", 4, 18))


def test_migrations_are_replayed_before_classes_are_declared():
    steps = {"steps": [{"new_classes": ["Session", "Legacy"]}, {"deleted_classes": ["Legacy"]},
                       {"new_sqlite_classes": ["Audit"]}, {"deleted_classes": ["Audit"]},
                       {"renamed_classes": [{"from": "Session", "to": "Visit"}]},
                       {"new_sqlite_classes": ["Store"]}]}
    assert _live_classes(steps) == {"Visit": False, "Store": True}
    assert _live_classes({"new_classes": ["A"]}) == {"A": False}
    assert _live_classes(None) == {} and _live_classes({"steps": ["junk", {"deleted_classes": [1]}]}) == {}


@pytest.fixture(scope="module")
def runtime(workerd_binary) -> Linter:
    return Linter(today=datetime.date(2026, 11, 30), options={"runtime-refused": {"workerd": str(workerd_binary),
                                                                                  "timeout": 60}})


def _wm340(linter: Linter, meta: dict, parts: dict) -> list:
    return [d for d in linter.lint(meta, parts=parts) if d.code == "WM340"]


@pytest.mark.slow
def test_a_finding_points_at_the_first_frame_in_an_uploaded_part(runtime):
    src = b'import { Buffer } from "node:buffer";\n' + HANDLER + b"\nconst b = Buffer.from(null);\n"
    [d] = _wm340(runtime, {"main_module": "w.js", "compatibility_date": "2025-06-01",
                           "compatibility_flags": ["nodejs_compat"]}, {"w.js": src})
    assert (d.file, d.line, d.column) == ("w.js", 4, 18) and "node-internal" not in d.message


@pytest.mark.slow
def test_a_secrets_store_binding_answers_get_in_a_handler_and_is_io_at_startup(runtime):
    meta = {"main_module": "w.js", "compatibility_date": "2025-06-01",
            "bindings": [{"type": "secrets_store_secret", "name": "API_KEY", "store_id": "a" * 32, "secret_name": "k"}]}
    in_handler = b"export default { async fetch(req, env) { return new Response(await env.API_KEY.get()); } };\n"
    assert _wm340(runtime, meta, {"w.js": in_handler}) == []
    at_startup = b'import { env } from "cloudflare:workers";\nconst key = await env.API_KEY.get();\n' + HANDLER
    [d] = _wm340(runtime, meta, {"w.js": at_startup})
    assert "Disallowed operation called within global scope" in d.message and "is not a function" not in d.message


@pytest.mark.slow
def test_the_workers_sites_manifest_is_provided_as_the_api_provides_it(runtime):
    src = b'import manifest from "__STATIC_CONTENT_MANIFEST";\nconst assets = JSON.parse(manifest);\n' + HANDLER
    assert _wm340(runtime, {"main_module": "w.js", "compatibility_date": "2025-06-01"}, {"w.js": src}) == []


@pytest.mark.slow
def test_an_assets_only_upload_is_not_started(runtime):
    assert _wm340(runtime, {"compatibility_date": "2025-06-01", "assets": {"jwt": "x" * 20}}, {}) == []


@pytest.mark.slow
@pytest.mark.parametrize("path", UPLOADS, ids=lambda p: p.stem)
def test_no_real_client_upload_is_refused_by_the_runtime_tier(path, runtime):
    errors = [d.message for d in runtime.lint(path.read_bytes(), file=path.name)
              if d.code == "WM340" and d.severity.value == "error"]
    assert errors == []
