"""docs/clients.md lists every metadata field and binding shape that the pinned wrangler can
send; every example in it must lint without an error (the client is the reference)."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest

from wmlint import Linter

DOC = Path(__file__).resolve().parent.parent / "docs" / "clients.md"
BASE = {"main_module": "index.js", "compatibility_date": "2025-09-01"}
BLOBS = {"wasm_module", "text_blob", "data_blob"}


def _rows(section: str) -> list[tuple[str, dict, str]]:
    text = DOC.read_text(encoding="utf-8")
    body = text.split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in body.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and cells[1].startswith("`{"):
            rows.append((cells[0], json.loads(cells[1].strip("`")), cells[2]))
    return rows


FIELDS = _rows("Metadata fields")
BINDINGS = _rows("Binding types")


def test_the_tables_cover_what_wrangler_sends():
    assert len(FIELDS) >= 25 and len(BINDINGS) >= 40
    kinds = {b["type"] for _, b, _ in BINDINGS}
    # every binding type that wrangler 4.164.0's createWorkerUploadForm can build
    assert {"inherit", "plain_text", "json", "secret_text", "kv_namespace", "send_email", "durable_object_namespace",
            "workflow", "queue", "r2_bucket", "d1", "vectorize", "ai_search_namespace", "ai_search", "agent_memory",
            "hyperdrive", "secrets_store_secret", "artifacts", "unsafe_hello_world", "flagship", "ratelimit",
            "vpc_service", "vpc_network", "service", "analytics_engine", "dispatch_namespace", "mtls_certificate",
            "pipelines", "k2", "worker_loader", "logfwdr", "wasm_module", "browser", "analytics", "ai", "images",
            "stream", "media", "version_metadata", "assets", "text_blob", "data_blob"} <= kinds


@pytest.fixture(scope="module")
def doc_linter():
    return Linter(today=datetime.date(2026, 11, 30))


def _check(diags, verdict: str) -> None:
    assert [(d.code, d.message) for d in diags if d.severity.value == "error"] == []
    promised = set(re.findall(r"warning (WM\d{3})", verdict))
    if promised:  # the doc names the warning it gives
        assert {d.code for d in diags} == promised
    elif verdict.startswith("accepted"):  # and "accepted" means no finding at all
        assert [(d.code, d.message) for d in diags] == []


@pytest.mark.parametrize("label, fragment, verdict", FIELDS, ids=[label for label, _, _ in FIELDS])
def test_every_metadata_field_example_is_treated_as_documented(doc_linter, label, fragment, verdict):
    doc = {k: v for k, v in {**BASE, **fragment}.items() if v is not None}
    _check(doc_linter.lint(doc), verdict)


@pytest.mark.parametrize("label, binding, verdict", BINDINGS, ids=[label for label, _, _ in BINDINGS])
def test_every_binding_example_is_treated_as_documented(doc_linter, label, binding, verdict):
    # blob bindings exist for service-worker uploads (WM306 refuses them in a module Worker)
    base = {"body_part": "worker.js", "compatibility_date": "2025-09-01"} if binding["type"] in BLOBS else BASE
    _check(doc_linter.lint({**base, "bindings": [binding]}), verdict)
