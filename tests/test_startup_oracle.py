"""The pinned workerd as the oracle for what a Worker does at startup.

Every case of the startup rules (tests/rules/startup/*.json) says what workerd answers when
it starts the upload: ``"runtime"`` is a piece of the message it refuses the upload with, or
null when it starts it. Each case is loaded into the pinned binary through wmlint's own
runtime check (WM340, `--runtime workerd`), and the static verdict must agree: an error of
the case's rule exactly where workerd refuses. A case that disagrees on purpose says why in
``"disagree"``. Skipped when the pinned workerd is not installed (`cd tests/wrangler && npm ci`).
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from wmlint import Linter, Part

HERE = Path(__file__).resolve().parent
BASE = {"main_module": "w.js", "compatibility_date": "2025-06-01"}
WORKER = "export default { fetch() { return new Response('ok'); } };"
TODAY = datetime.date(2026, 11, 20)  # before the pinned binary's newest compatibility date


def _cases() -> list[tuple[str, str, dict]]:
    out = []
    for path in sorted((HERE / "rules" / "startup").glob("*.json")):
        fx = json.loads(path.read_text(encoding="utf-8"))
        for kind in ("bad", "good"):
            for case in fx[kind]:
                out.append((fx["code"], f"{path.stem}/{kind}: {case['why']}", case))
    out.extend((code, f"handlers/{case['why']}", case) for code, case in HANDLER_CASES)
    return out


#: Handler and entry-point cases of rules outside the startup area (WM313, WM314, WM506).
HANDLER_CASES = [
    ("WM313", {"why": "a service worker that registers no listener",
               "metadata": {"body_part": "w.js", "compatibility_date": "2025-06-01"},
               "parts": {"w.js": {"type": "application/javascript", "text": "const x = 1;"}},
               "runtime": "No event handlers were registered"}),
    ("WM313", {"why": "a service worker with a listener",
               "metadata": {"body_part": "w.js", "compatibility_date": "2025-06-01"},
               "parts": {"w.js": {"type": "application/javascript",
                                  "text": "addEventListener('fetch', (e) => e.respondWith(new Response('ok')));"}},
               "runtime": None}),
    ("WM313", {"why": "a module that exports nothing",
               "parts": {"w.js": "const x = 1;"}, "runtime": None,
               "disagree": "workerd starts it; the API refuses it (10068, 'The uploaded script has no registered "
                           "event handlers'), reported by users in cloudflare/workers-sdk#2767 and #5788"}),
    ("WM314", {"why": "a module that only calls addEventListener",
               "parts": {"w.js": "addEventListener('fetch', (e) => e.respondWith(new Response('ok')));"},
               "runtime": None,
               "disagree": "workerd only warns; the API refuses it (10068), as for a module that exports nothing"}),
    ("WM506", {"why": "a Durable Object class that the main module does not export",
               "meta": {"bindings": [{"type": "durable_object_namespace", "name": "C", "class_name": "Counter"}]},
               "parts": {"w.js": "class Counter {}\n" + WORKER}, "runtime": "Counter"}),
    ("WM506", {"why": "an exported Durable Object class",
               "meta": {"bindings": [{"type": "durable_object_namespace", "name": "C", "class_name": "Counter"}]},
               "parts": {"w.js": "export class Counter {}\n" + WORKER}, "runtime": None}),
]

CASES = _cases()


def _upload(case: dict) -> tuple[dict, dict[str, Part | bytes]]:
    metadata = case["metadata"] if "metadata" in case else {**BASE, **case.get("meta", {})}
    parts: dict[str, Part | bytes] = {}
    for name, spec in case["parts"].items():
        ctype, text = (spec["type"], spec["text"]) if isinstance(spec, dict) else (None, spec)
        parts[name] = Part(name, ctype, text.encode("utf-8")) if ctype else text.encode("utf-8")
    if "metadata" not in case and "w.js" not in parts:
        parts["w.js"] = WORKER.encode("utf-8")
    return metadata, parts


@pytest.fixture(scope="module")
def oracle(workerd_binary):
    return Linter(today=TODAY, options={"runtime-refused": {"workerd": str(workerd_binary), "timeout": 60}})


@pytest.mark.parametrize("code,case", [(c, case) for c, _, case in CASES], ids=[i for _, i, _ in CASES])
def test_static_verdict_agrees_with_workerd(code, case, oracle):
    if "pyodide" in case:
        pytest.skip(f"workerd cannot start a Python Worker here (it downloads Pyodide); the verdict comes from "
                    f"workerd's source, catalog {case['pyodide']}")
    metadata, parts = _upload(case)
    found = oracle.lint(metadata, parts=parts)
    # what workerd refused: WM340's errors, and what it refuses only locally (a warning, since a
    # deploy accepts it: workers-sdk#10626), which is still workerd's answer
    said = [d.message for d in found if d.code == "WM340" and (
        d.severity.value == "error" or "refuses to start the upload locally" in d.message)]
    expected = case["runtime"]
    if expected is None:
        assert said == [], f"workerd refused a case marked as started: {said}"
    else:
        assert any(expected in m for m in said), f"workerd said {said}, expected {expected!r}"
    static_errors = [d.message for d in found if d.code == code and d.severity.value == "error"]
    if "disagree" in case:
        assert [d for d in found if d.code == code], f"{code} is silent on a case it should flag: {case['why']}"
        assert bool(static_errors) != bool(said), "a listed disagreement now agrees: drop it from the list"
        return
    assert bool(static_errors) == bool(said), (static_errors, said)


def test_every_case_says_what_workerd_answers():
    for code, ident, case in CASES:
        assert "runtime" in case, f"{ident}: say what workerd answers (a message, or null)"


def test_every_python_verdict_is_a_catalogued_message():
    """A Python case cannot run here: what it says workerd answers must be a message of the
    refusal catalog row it names (the row pins the line of workerd's source)."""
    catalog = (HERE.parent / "docs" / "refusals.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(): line.split("|")[2] for line in catalog.splitlines() if line.startswith("| R")}
    python = [(ident, case) for _, ident, case in CASES if "pyodide" in case]
    assert python, "the Python entropy cases are gone"
    for ident, case in python:
        assert case["runtime"] is not None, ident
        message = rows[case["pyodide"]]
        fixed = [piece for piece in message.strip().split("…") if piece.strip()]
        assert fixed and all(piece.strip() in case["runtime"] for piece in fixed), (ident, message)


def _gated_cases() -> list[tuple[str, str, list[str]]]:
    """Each gated Node.js module, imported just before and on the date nodejs_compat turns it on."""
    from wmlint.analysis.compat import node_module_gates, turned_on_by

    out = []
    for module, field in sorted(node_module_gates().items()):
        flag, date = turned_on_by(field)
        if date is None or date > TODAY.isoformat():
            out.append((module, "2025-06-01", ["nodejs_compat"]))  # off by date: only the flag turns it on
            out.append((module, "2025-06-01", ["nodejs_compat", flag]))
            continue
        before = (datetime.date.fromisoformat(date) - datetime.timedelta(days=1)).isoformat()
        out.append((module, before, ["nodejs_compat"]))
        out.append((module, date, ["nodejs_compat"]))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("module,date,flags", _gated_cases(), ids=lambda v: v if isinstance(v, str) else "+".join(v))
def test_gated_node_modules_agree_with_workerd(module, date, flags, oracle):
    """The table generated from workerd's source (node.h) against the pinned binary."""
    found = oracle.lint({"main_module": "w.js", "compatibility_date": date, "compatibility_flags": flags},
                        parts={"w.js": f'import * as m from "{module}";\nexport default {{ fetch() {{ return new '
                                        'Response("ok"); } };'})
    refused = [d.message for d in found if d.code == "WM340" and d.severity.value == "error"]
    static = [d.message for d in found if d.code == "WM311"]
    assert bool(static) == bool(refused), (static, refused)
    if refused:
        assert f'No such module "{module}"' in refused[0]
