"""One JavaScript parse per startup module: the import graph's facts read from tree-sitter's
tree (``analyze(scan=True)``) equal the tokenizer's (``jsscan.scan_module``) on every
JavaScript text the tests have: the real-client corpus, the examples and the rule cases.

Where the tree has an error, ``facts.scan`` is None and the tokenizer reads the module (error
recovery may misplace a statement); those texts are listed by the last test, so that a new one
is a decision, not an accident.
"""

from __future__ import annotations

import dataclasses
import json
from functools import lru_cache
from pathlib import Path

import pytest

from wmlint import Linter, Part
from wmlint.analysis.jsparse import analyze
from wmlint.analysis.jsscan import scan_module
from wmlint.inputs import from_bytes
from wmlint.rulekit import module_scans, startup_facts

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
JS_SUFFIXES = (".js", ".mjs", ".cjs")


def _body_texts(label: str, body: bytes) -> list[tuple[str, str]]:
    out = []
    for name, part in (from_bytes(body, label).parts or {}).items():
        if part.text is not None and "javascript" in (part.content_type or ""):
            out.append((f"{label}:{name}", part.text))
    return out


@lru_cache(maxsize=1)
def texts() -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for body in sorted((HERE / "corpus" / "uploads").glob("*.multipart")):
        out += _body_texts(body.name, body.read_bytes())
    for path in sorted((ROOT / "examples").rglob("*")):
        if path.is_file() and "node_modules" not in path.parts:
            if path.suffix in JS_SUFFIXES:
                out.append((str(path.relative_to(ROOT)), path.read_text(encoding="utf-8", errors="replace")))
            elif path.suffix == ".multipart":
                out += _body_texts(str(path.relative_to(ROOT)), path.read_bytes())
    for fixture in sorted((HERE / "rules").glob("*/*.json")):
        doc = json.loads(fixture.read_text(encoding="utf-8"))
        for group in ("bad", "good"):
            for i, case in enumerate(doc.get(group, [])):
                label = f"{fixture.relative_to(HERE)}:{group}[{i}]"
                if "body" in case:
                    out += _body_texts(label, case["body"].encode("utf-8"))
                for name, spec in case.get("parts", {}).items():
                    ctype, text = (spec["type"], spec["text"]) if isinstance(spec, dict) else (None, spec)
                    if ctype is None and name.endswith(JS_SUFFIXES) or ctype is not None and "javascript" in ctype:
                        out.append((f"{label}:{name}", text))
    return tuple(out)


def _differences(text: str) -> dict[str, tuple[object, object]] | None:
    """``{field: (jsscan's, the tree's)}`` where they differ; None when the tree has an error."""
    tree = analyze(text, startup=False, scan=True).scan
    # the startup analysis reads the same facts in its own pass over the tree (one query)
    assert analyze(text, startup=True, scan=True).scan == tree
    if tree is None:
        return None
    tokens = scan_module(text)
    return {f.name: (getattr(tokens, f.name), getattr(tree, f.name)) for f in dataclasses.fields(tokens)
            if getattr(tokens, f.name) != getattr(tree, f.name)}


def test_the_corpus_is_all_here():
    labels = [label for label, _ in texts()]
    assert sum(".multipart:" in x and "/" not in x.split(":")[0] for x in labels) >= 250  # the real-client corpus
    assert any(x.startswith("examples/") for x in labels)
    assert sum(x.startswith("rules/") for x in labels) >= 100


def test_tree_and_tokenizer_read_the_same_imports_and_exports():
    differ = {}
    for label, text in texts():
        diff = _differences(text)
        if diff:
            differ[label] = diff
    assert differ == {}


#: Shapes the corpus may not have, each written to catch one difference between the readers.
EDGES = [
    'import a, { b as c, "d e" as f } from "./a.js"; import "./side.js"; import * as ns from \'node:fs\';',
    'const m = import(/* webpackChunkName: "x" */ "./lazy.js"); import(`./tpl.js`); import(`./${x}.js`);',
    'import("./opts.js", { with: { type: "json" } }); import("a" + b); x.import("no"); import.meta.url;',
    'export default class extends Base {}',
    'export default class Named {}',
    'export default Foo;',
    'export default Foo\nexport const x = 1',
    'export default async function f() {}',
    'export default { fetch() {} }',
    'export { a as default, b, c as "str name" }; const a = 1, b = 2, c = 3;',
    'export { "quoted" as q } from "./q.js"; export * as "spaced name" from "./s.js";',
    'import { "a-b" as ab } from "./ab.js"; import {} from "./none.js"; export {} from "./none2.js";',
    'export { x } from "./x.js"; export * from "./all.js"; export * as ns from "./ns.js";',
    'export const a = 1, b = 2; export let { c, d } = o; export var e; export function* g() {}',
    'export async function h() {} export class K extends WorkerEntrypoint {}',
    'class A {} const B = class C {}; function f() { class D {} } (class extends A {}); { class E {} }',
    'const s = `${ class F {} }`; const o = { g: class G {} };',
    'addEventListener("fetch", e => e.respondWith(new Response("ok")));',
    'self.addEventListener(/* c */ `fetch`, h); addEventListener("scheduled", s);',
    'f(() => addEventListener("fetch", h)); addEventListener("fetch", h2);',
    '#!/usr/bin/env node\nimport x from "./x.js"; const r = /import "no"/; const d = a / b / c;',
    'const t = "import \\"no\\" from \'x\'"; // import "comment"\n/* export default 1 */ export {};',
    'import json from "./d.json" with { type: "json" }; export * from "./\\u0061.js";',
    'label: { export_ = 1 } const obj = { import: 1, export: 2 }; obj.export = 3;',
    'if (a) /re/.test(b); export const ok = /import("x")/;',
    'const ü = "é"; import ß from "./ß.js"; export { ü };',
]


@pytest.mark.parametrize("text", EDGES)
def test_tree_and_tokenizer_agree_on_edge_cases(text):
    assert _differences(text) == {}


def _upload(metadata: dict, parts: dict[str, str]):
    from wmlint.model.upload import Upload

    mtype = "application/javascript+module"
    return Upload(metadata, {n: Part(n, mtype if metadata.get("main_module") else "application/javascript",
                                     t.encode("utf-8")) for n, t in parts.items()})


def test_a_startup_module_is_read_from_its_one_parse_and_a_lazy_one_by_the_tokenizer():
    upload = _upload({"main_module": "w.js", "compatibility_date": "2025-06-01"}, {
        "w.js": 'import { a } from "./a.js";\nexport default { fetch() { return import("./lazy.js"); } };',
        "a.js": "export const a = 1;",
        "lazy.js": 'import "./also-lazy.js"; export const z = 1;',
        "also-lazy.js": "export {};",
        "broken.js": "export const = ;",
    })
    scans = module_scans(upload)
    parsed = {m.name: m.facts for m in startup_facts(upload)}
    assert sorted(parsed) == ["a.js", "w.js"]
    for name in ("w.js", "a.js"):
        assert scans[name] is parsed[name].scan  # the same object: no second reading
    assert [(i.specifier, i.kind) for i in scans["w.js"].imports] == [("./a.js", "import"), ("./lazy.js", "dynamic")]
    for name in ("lazy.js", "also-lazy.js", "broken.js"):  # never parsed: the tokenizer's reading
        assert scans[name] == scan_module(upload.parts[name].text)
    assert scans["lazy.js"].imports[0].specifier == "./also-lazy.js"


def test_a_startup_module_whose_tree_has_an_error_is_read_by_the_tokenizer():
    text = 'import { a } from "./a.js";\nexport const = ;\nexport default {};'
    upload = _upload({"main_module": "w.js", "compatibility_date": "2025-06-01"},
                     {"w.js": text, "a.js": "export const a = 1;"})
    scans = module_scans(upload)
    (main,) = [m for m in startup_facts(upload) if m.name == "w.js"]
    assert main.facts.scan is None and main.facts.syntax
    assert scans["w.js"] == scan_module(text)
    assert "a.js" in {m.name for m in startup_facts(upload)}  # the closure still follows its imports


def test_a_service_worker_is_read_from_its_parse_and_adds_no_startup_module():
    from wmlint.rulekit import startup_modules

    text = 'addEventListener("fetch", (e) => e.respondWith(new Response("ok")));'
    upload = _upload({"body_part": "sw.js", "compatibility_date": "2025-06-01"}, {"sw.js": text})
    assert upload.is_service_worker
    scans = module_scans(upload)
    assert scans["sw.js"] is startup_facts(upload)[0].facts.scan
    assert scans["sw.js"].fetch_listener == (0, len('addEventListener("fetch"'))
    assert startup_modules(upload) == set()
