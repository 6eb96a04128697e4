"""The import graph, script syntax and entrypoint checks, on realistic and tricky inputs."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wmlint import Linter, Part
from wmlint.analysis.jsscan import scan_module

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ["clean-module", "unbundled", "bundled", "python", "service-worker"]
GRAPH_CODES = ("WM310", "WM311", "WM312", "WM313", "WM314", "WM315")


@pytest.mark.parametrize("example", EXAMPLES)
def test_realistic_examples_raise_nothing_from_the_module_checks(example, linter):
    from wmlint.inputs import load_path

    found = linter.lint_loaded(load_path(str(ROOT / "examples" / example)))
    assert [d for d in found if d.code.startswith(GRAPH_CODES) or d.severity.value == "error"] == []


def test_tricky_fixture_only_finds_the_real_import():
    src = (Path(__file__).parent / "fixtures" / "tricky.js").read_text()
    scan = scan_module(src)
    assert [i.specifier for i in scan.imports] == ["./real.js"]
    assert [k for k, _, _ in scan.module_syntax] == ["import", "export"]
    assert scan.has_default_export and scan.fetch_listener is None


def test_tricky_fixture_lints_clean(linter):
    src = (Path(__file__).parent / "fixtures" / "tricky.js").read_bytes()
    found = linter.lint({"main_module": "index.js", "compatibility_date": "2025-06-01"},
                        {"index.js": src, "real.js": b"export default 1;"})
    # no finding about the module graph; the fixture's expressions read three names it never
    # declares (`a / 2`, `total / count`), which workerd refuses as ReferenceErrors (WM332)
    assert [(d.code, d.message.split("'")[1]) for d in found] == [("WM332", "a"), ("WM332", "total"),
                                                                  ("WM332", "count")]


def _lint(files: dict[str, str], meta: dict | None = None, **kw) -> list:
    meta = meta or {"main_module": "index.js", "compatibility_date": "2025-06-01"}
    return Linter(**kw).lint(meta, {n: t.encode() for n, t in files.items()})


def test_missing_static_import_is_an_error_naming_importer_and_specifier():
    found = _lint({"index.js": 'import { a } from "./lib/a.js";\nexport default {};',
                   "lib/b.js": "export const a = 1;"})
    (d,) = [d for d in found if d.code == "WM310"]
    assert d.severity.value == "error" and (d.file, d.line, d.column) == ("index.js", 1, 19)
    assert "'index.js' imports './lib/a.js'" in d.message and "'lib/a.js'" in d.message


def test_dynamic_import_and_unreachable_modules_are_warnings():
    found = _lint({"index.js": 'export default { fetch: () => import("./lazy.js") };',
                   "orphan.js": 'import "./gone.js";'})
    assert sorted((d.code, d.severity.value, d.file) for d in found) == [
        ("WM310", "warning", "index.js"), ("WM310", "warning", "orphan.js")]


def test_relative_resolution_is_a_path_that_cannot_climb_above_the_root():
    found = _lint({"index.js": 'import "./a/b/../c.js"; import "/top.js";\nexport default {};',
                   "a/c.js": "", "top.js": ""})
    assert [d.code for d in found] == []
    # the pinned workerd: Uncaught TypeError: Invalid module specifier "../../../top.js".
    found = _lint({"index.js": 'import "../../../top.js";\nexport default {};', "top.js": ""})
    assert [(d.code, d.severity.value) for d in found] == [("WM310", "error")]
    assert "Invalid module specifier" in found[0].message


def test_missing_extension_gets_a_did_you_mean():
    found = _lint({"index.js": 'import x from "./util";\nexport default {};', "util.js": ""})
    assert "did you mean 'util.js'" in found[0].message


def test_bare_package_and_uploaded_bare_name():
    found = _lint({"index.js": 'import "hono"; import "vendor-lib";\nexport default {};', "vendor-lib": ""})
    assert [("'hono'" in d.message) for d in found if d.code == "WM310"] == [True]


@pytest.mark.parametrize(("spec", "date", "flags", "fires"), [
    ("node:buffer", "2025-06-01", [], True),
    ("node:buffer", "2025-06-01", ["nodejs_compat"], False),
    ("node:buffer", "2026-08-20", [], False),  # nodejs_compat is the default from 2026-08-04
    ("node:async_hooks", "2025-06-01", ["nodejs_als"], False),
    ("buffer", "2025-06-01", ["nodejs_compat"], False),  # implies v2 from 2024-09-23
    ("buffer", "2024-01-01", ["nodejs_compat"], True),
    ("buffer", "2024-01-01", ["nodejs_compat_v2"], False),
    ("cloudflare:sockets", "2025-06-01", [], False),
])
def test_node_builtins_need_node_compat(spec, date, flags, fires):
    meta = {"main_module": "index.js", "compatibility_date": date, "compatibility_flags": flags}
    found = _lint({"index.js": f'import "{spec}";\nexport default {{}};'}, meta, today=None)
    assert [d.code for d in found if d.code in ("WM310", "WM311")] == (["WM311"] if fires else [])


def test_service_worker_with_export_is_an_error_at_the_keyword():
    meta = {"body_part": "worker.js", "compatibility_date": "2025-06-01"}
    parts = {"worker.js": Part("worker.js", "application/javascript",
                               b'// export is fine here\nconst s = "export";\n\nexport const x = 1;\nimport "y";\n')}
    (d,) = [d for d in Linter().lint(meta, parts) if d.code == "WM312"]
    assert (d.line, d.column, d.end_column) == (4, 1, 7) and "and 1 more" in d.message


def test_service_worker_without_module_syntax_is_fine():
    meta = {"body_part": "worker.js", "compatibility_date": "2025-06-01"}
    parts = {"worker.js": Part("worker.js", "application/javascript",
                               b'addEventListener("fetch", e => e.respondWith(fetch(e.request)));\n'
                               b'const o = { import: 1, export: 2 }; o.import; import("./x.js");\n')}
    assert [d.code for d in Linter().lint(meta, parts)] == []


@pytest.mark.parametrize(("src", "codes"), [
    ('import { WorkerEntrypoint } from "cloudflare:workers";\nexport class Api extends WorkerEntrypoint {}', []),
    ("export class Api extends WorkerEntrypoint {}", ["WM332"]),  # not imported: a ReferenceError at startup
    ("class Counter {}\nexport { Counter };", []),
    ('export * from "./other.js";', []),
    ("export const helper = 1;", ["WM313", "WM338"]),  # and a primitive export that workerd refuses locally
    ("const x = 1;", ["WM313"]),
    ('addEventListener("fetch", () => {});', ["WM314"]),
    ('addEventListener("fetch", () => {});\nexport default {};', []),
])
def test_entrypoints(src, codes):
    found = _lint({"index.js": src, "other.js": "export default 1;"})
    assert [d.code for d in found] == codes


def test_python_relative_and_sibling_imports():
    meta = {"main_module": "src/entry.py", "compatibility_date": "2025-06-01", "compatibility_flags": ["python_workers"]}
    files = {"src/entry.py": "import os\nfrom . import util\nfrom .missing import x\nimport helpers\nimport nothere\n"
                             "def f():\n    import inner_missing\ntry:\n    import optional\nexcept ImportError:\n    pass\n",
             "src/util.py": "", "src/helpers.py": ""}
    found = _lint(files, meta)
    assert [(d.code, d.line) for d in found] == [("WM315", 3), ("WM315", 5), ("WM315", 7)]


def test_python_with_requirements_trusts_packages():
    meta = {"main_module": "entry.py", "compatibility_date": "2025-06-01", "compatibility_flags": ["python_workers"]}
    found = _lint({"entry.py": "import fastapi\nfrom .gone import x\n", "requirements.txt": "fastapi\n"}, meta)
    assert [(d.code, d.line) for d in found] == [("WM315", 2)]


def test_positions_inside_a_multipart_body():
    body = (b"--B\r\nContent-Disposition: form-data; name=\"metadata\"\r\n\r\n"
            b'{"main_module": "index.js", "compatibility_date": "2025-06-01"}\r\n'
            b"--B\r\nContent-Disposition: form-data; name=\"index.js\"; filename=\"index.js\"\r\n"
            b"Content-Type: application/javascript+module\r\n\r\n"
            b'// first\nimport "./nope.js";\nexport default {};\r\n--B--\r\n')
    from wmlint.inputs import from_bytes

    (d,) = [d for d in Linter().lint_loaded(from_bytes(body, "upload.multipart")) if d.code == "WM310"]
    assert d.file == "upload.multipart" and (d.line, d.column) == (10, 8)


@pytest.mark.parametrize(("src", "expected"), [
    ("export class Counter {}\nexport default {};", []),
    ("class Counter {}\nexport { Counter };", []),
    ("class C {}\nexport { C as Counter };", []),
    ('export { Counter } from "./other.js";', []),
    ('export * from "./other.js";', []),  # cannot see into it: silent
    ("export default class Counter {}", ["only as the default export"]),
    ("class Counter {}\nexport { Counter as default };", ["only as the default export"]),
    ("class Counter {}\nexport default {};", ["not exported"]),
    ("export const { Counter } = classes;", []),  # destructured: cannot be read, silent
])
def test_durable_object_classes_are_exported(src, expected):
    meta = {"main_module": "index.js", "compatibility_date": "2025-06-01",
            "bindings": [{"type": "durable_object_namespace", "name": "C", "class_name": "Counter"},
                         {"type": "durable_object_namespace", "name": "R", "class_name": "Remote", "script_name": "other"}],
            "migrations": {"new_tag": "v1", "new_sqlite_classes": ["Counter"]}}
    found = [d for d in _lint({"index.js": src, "other.js": "export class Counter {}"}, meta) if d.code == "WM506"]
    assert len(found) == len(expected)
    for d, text in zip(found, expected):
        assert text in d.message and d.pointer == "/bindings/0/class_name" and "new_sqlite_classes/0" in d.message


def test_workflow_class_must_be_exported_and_python_main_is_not_checked():
    meta = {"main_module": "index.js", "compatibility_date": "2025-06-01",
            "bindings": [{"type": "workflow", "name": "FLOW", "workflow_name": "f", "class_name": "Flow"}]}
    found = [d.message for d in _lint({"index.js": "export default {};"}, meta) if d.code == "WM506"]
    assert len(found) == 1 and found[0].startswith("Workflow class 'Flow'")
    meta = {"main_module": "entry.py", "compatibility_date": "2025-06-01", "compatibility_flags": ["python_workers"],
            "bindings": [{"type": "durable_object_namespace", "name": "C", "class_name": "Counter"}]}
    assert not [d for d in _lint({"entry.py": "x = 1\n"}, meta) if d.code == "WM506"]


JS_PIECES = ["import", "export", "default", "from", "class", "(", ")", "{", "}", "[", "]", "/", "*", "`", "${",
             "'", '"', "\\", "\n", " ", ";", ",", ".", "=", "x", "./a.js", "//", "/*", "*/", "addEventListener", "as"]


@given(st.lists(st.sampled_from(JS_PIECES), max_size=60).map("".join) | st.text(max_size=200))
def test_scanner_never_raises_and_spans_are_literals(src):
    scan = scan_module(src)
    for imp in scan.imports:
        assert 0 <= imp.start < imp.end <= len(src)
        assert src[imp.start] in "'\"`"
    for _, start, end in scan.module_syntax:
        assert src[start:end] in ("import", "export")
