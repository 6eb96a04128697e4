"""The source graph of a bundled project (issue 23): esbuild's resolution with wrangler's
settings, the graph from ``main``, and the checks that now run on the source files."""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path

import pytest

from wmlint import Linter
from wmlint.analysis import srcgraph
from wmlint.analysis.resolve import Resolver, strip_json_comments
from wmlint.analysis.srcgraph import build_graph
from wmlint.inputs import load_path
from wmlint.io.fs import Tree

TODAY = datetime.date(2026, 11, 30)


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        f = root / name
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(text)
    return root


def resolver(root: Path, **kw) -> Resolver:  # type: ignore[no-untyped-def]
    return Resolver(Tree(root), **kw)


def lint(root: Path) -> list:  # type: ignore[type-arg]
    return Linter(today=TODAY).lint_loaded(load_path(str(root)))


def brief(diags: list) -> list[str]:  # type: ignore[type-arg]
    return [f"{d.severity.value} {d.code} {d.file}:{d.line}:{d.column}" for d in diags]


# -- resolution --------------------------------------------------------------------------------

def test_relative_specifiers_are_probed_as_esbuild_does(tmp_path: Path) -> None:
    write(tmp_path, {"src/a.ts": "", "src/b.tsx": "", "src/dir/index.js": "", "src/c.ts": "", "src/c.js": "",
                     "src/pkgdir/package.json": '{"main": "entry.js"}', "src/pkgdir/entry.js": "",
                     "src/data.json": "{}", "src/only.ts": ""})
    r = resolver(tmp_path)
    assert r.resolve("src/index.ts", "./a").path == "src/a.ts"
    assert r.resolve("src/index.ts", "./b").path == "src/b.tsx"
    assert r.resolve("src/index.ts", "./dir").path == "src/dir/index.js"
    assert r.resolve("src/index.ts", "./c").path == "src/c.ts"  # .ts before .js
    assert r.resolve("src/index.ts", "./c.js").path == "src/c.js"  # the file named exactly
    assert r.resolve("src/index.ts", "./only.js").path == "src/only.ts"  # TypeScript's .js -> .ts
    assert r.resolve("src/index.ts", "./pkgdir").path == "src/pkgdir/entry.js"
    assert r.resolve("src/index.ts", "./data.json").kind == "leaf"
    missing = r.resolve("src/index.ts", "./nope")
    assert (missing.kind, missing.tried) == ("missing", "src/nope")
    assert r.resolve("src/index.ts", "./a.mjs").kind == "missing"  # esbuild does not probe .mjs
    assert r.resolve("src/index.ts", "../../outside").kind == "missing"
    assert r.resolve("src/index.ts", "/etc/passwd").kind == "missing"


def test_builtins_cloudflare_and_module_rules(tmp_path: Path) -> None:
    write(tmp_path, {"src/page.html": "", "src/add.wasm": "", "src/blob.bin": "", "src/q.sql": "", "src/notes.md": "",
                     "node_modules/buffer/package.json": '{"main": "index.js"}', "node_modules/buffer/index.js": ""})
    r = resolver(tmp_path, rules=[{"type": "Text", "globs": ["**/*.md"]}])
    assert r.resolve("src/i.js", "cloudflare:workers").kind == "cloudflare"
    assert r.resolve("src/i.js", "__STATIC_CONTENT_MANIFEST").kind == "cloudflare"
    assert r.resolve("src/i.js", "node:fs").kind == "node"
    assert r.resolve("src/i.js", "path").kind == "node"
    # without v2, a package of a built-in's name wins (esbuild, platform browser); with v2 unenv takes it
    assert r.resolve("src/i.js", "buffer").path == "node_modules/buffer/index.js"
    assert resolver(tmp_path, node_v2=True).resolve("src/i.js", "buffer").kind == "node"
    for spec, mtype in (("./page.html", "Text"), ("./add.wasm", "CompiledWasm"), ("./add.wasm?module", "CompiledWasm"),
                        ("./blob.bin", "Data"), ("./q.sql", "Text"), ("./notes.md", "Text")):
        got = r.resolve("src/i.js", spec)
        assert (got.kind, got.module_type) == ("leaf", mtype), spec


def test_packages_through_exports_conditions_and_main_fields(tmp_path: Path) -> None:
    write(tmp_path, {
        "node_modules/cond/package.json": json.dumps({"exports": {
            ".": {"types": "./d.ts", "node": "./node.js", "workerd": "./workerd.js", "import": "./esm.js",
                  "default": "./cjs.js"},
            "./sub": {"require": "./sub.cjs", "default": "./sub.mjs"},
            "./feature/*": "./features/*.js",
            "./private": None}}),
        "node_modules/cond/workerd.js": "", "node_modules/cond/sub.cjs": "", "node_modules/cond/sub.mjs": "",
        "node_modules/cond/features/x.js": "",
        "node_modules/@s/mod/package.json": '{"module": "esm/index.js", "main": "cjs/index.js"}',
        "node_modules/@s/mod/esm/index.js": "", "node_modules/@s/mod/lib/deep.js": "",
        "node_modules/br/package.json": '{"browser": "browser.js", "main": "main.js"}',
        "node_modules/br/browser.js": "", "node_modules/br/main.js": "",
        "node_modules/plain/index.js": "",
    })
    r = resolver(tmp_path)
    assert r.resolve("src/i.ts", "cond").path == "node_modules/cond/workerd.js"
    assert r.resolve("src/i.ts", "cond/sub").path == "node_modules/cond/sub.mjs"
    assert r.resolve("src/i.ts", "cond/sub", "require").path == "node_modules/cond/sub.cjs"
    assert r.resolve("src/i.ts", "cond/feature/x").path == "node_modules/cond/features/x.js"
    assert r.resolve("src/i.ts", "cond/private").kind == "ignored"
    assert r.resolve("src/i.ts", "cond/unexported").kind == "missing"
    assert r.resolve("src/i.ts", "@s/mod").path == "node_modules/@s/mod/esm/index.js"
    assert r.resolve("src/i.ts", "@s/mod/lib/deep").path == "node_modules/@s/mod/lib/deep.js"
    assert r.resolve("src/i.ts", "br").path == "node_modules/br/browser.js"
    assert r.resolve("src/i.ts", "plain").path == "node_modules/plain/index.js"
    # package.json "imports" (#name), in the project and in a package, and the old folder exports
    write(tmp_path, {"package.json": '{"imports": {"#db": "./src/db.ts", "#lib/*": "./src/lib/*.ts", "#dep": "plain"}}',
                     "src/db.ts": "", "src/lib/x.ts": "",
                     "node_modules/inner/package.json": '{"imports": {"#u": {"workerd": "./u-workerd.js", "default": "./u.js"}},'
                                                        ' "exports": {"./old/": "./dist/old/"}}',
                     "node_modules/inner/u-workerd.js": "", "node_modules/inner/dist/old/a.js": ""})
    r = resolver(tmp_path)
    assert r.resolve("src/deep/i.ts", "#db").path == "src/db.ts"
    assert r.resolve("src/i.ts", "#lib/x").path == "src/lib/x.ts"
    assert r.resolve("src/i.ts", "#dep").path == "node_modules/plain/index.js"
    assert r.resolve("src/i.ts", "#nope").kind == "missing"
    assert r.resolve("node_modules/inner/index.js", "#u").path == "node_modules/inner/u-workerd.js"
    assert r.resolve("src/i.ts", "inner/old/a.js").path == "node_modules/inner/dist/old/a.js"
    absent = r.resolve("src/i.ts", "hono/jsx")
    assert (absent.kind, absent.package) == ("package", "hono")


def test_tsconfig_paths_base_url_extends_and_the_configured_tsconfig(tmp_path: Path) -> None:
    write(tmp_path, {
        "tsconfig.base.json": '{"compilerOptions": {"baseUrl": ".", "paths": {"@lib/*": ["src/lib/*"], "~": ["src/root.ts"]}}}',
        "tsconfig.json": '{\n  // comments and trailing commas, as tsc allows\n  "extends": "./tsconfig.base.json",\n}',
        "other.json": '{"compilerOptions": {"paths": {"#x": ["./src/x.ts"]}}}',
        "src/lib/db.ts": "", "src/root.ts": "", "src/x.ts": "", "src/util/helpers.ts": "",
    })
    r = resolver(tmp_path)
    assert r.resolve("src/index.ts", "@lib/db").path == "src/lib/db.ts"
    assert r.resolve("src/index.ts", "~").path == "src/root.ts"
    assert r.resolve("src/index.ts", "src/util/helpers").path == "src/util/helpers.ts"  # below baseUrl
    assert r.resolve("src/index.ts", "#x").kind == "package"
    assert resolver(tmp_path, tsconfig="other.json").resolve("src/index.ts", "#x").path == "src/x.ts"


def test_wrangler_alias(tmp_path: Path) -> None:
    """wrangler's alias plugin maps the exact specifier, resolved from the project root."""
    write(tmp_path, {"shims/fetch.js": "", "node_modules/real/index.js": ""})
    r = resolver(tmp_path, alias={"node-fetch": "./shims/fetch", "pkg": "real"})
    assert r.resolve("src/deep/index.ts", "node-fetch").path == "shims/fetch.js"
    assert r.resolve("src/index.ts", "pkg").path == "node_modules/real/index.js"
    assert r.resolve("src/index.ts", "node-fetch/sub").kind == "package"  # only the exact key


def test_jsonc_is_read_without_losing_strings() -> None:
    assert json.loads(strip_json_comments('{"a": "// not a comment", /* c */ "b": [1,], // end\n}')) == \
        {"a": "// not a comment", "b": [1]}


# -- the graph ---------------------------------------------------------------------------------

def graph_of(root: Path, entry: str = "src/index.ts", **kw) -> srcgraph.SourceGraph:  # type: ignore[no-untyped-def]
    tree = Tree(root)
    return build_graph(tree, entry, Resolver(tree, **kw))


def test_type_only_imports_are_erased_and_values_are_followed(tmp_path: Path) -> None:
    write(tmp_path, {"src/index.ts": (
        'import type { A } from "./missing-a";\n'
        'import { type B } from "./missing-b";\n'
        'import { C } from "./types";\n'  # used only as a type: TypeScript drops it
        'import { helper } from "./helper";\n'
        'import * as ns from "./ns";\n'
        'export type { D } from "./missing-d";\n'
        'export { E } from "./e";\n'
        'const x: C = helper(ns.value);\n'
        'export default { fetch: () => new Response(String(x)) };\n'),
        "src/types.ts": "export interface C {}", "src/helper.ts": "export const helper = (v: unknown) => v;",
        "src/ns.ts": "export const value = 1;", "src/e.ts": "export const E = 1;"})
    g = graph_of(tmp_path)
    assert [i.specifier for i in g.modules["src/index.ts"].imports] == ["./helper", "./ns", "./e"]
    assert g.startup == ["src/index.ts", "src/helper.ts", "src/ns.ts", "src/e.ts"]


def test_startup_follows_static_imports_and_module_scope_requires_only(tmp_path: Path) -> None:
    write(tmp_path, {
        "src/index.js": 'import "./eager.js";\nconst lazy = () => import("./lazy.js");\nexport default {};',
        "src/eager.js": 'const a = require("./cjs-top.cjs");\nfunction later() { return require("./cjs-late.cjs"); }\n'
                        'if (a) require("./cjs-cond.cjs");',
        "src/lazy.js": 'import "./only-lazy.js";', "src/only-lazy.js": "",
        "src/cjs-top.cjs": "module.exports = 1;", "src/cjs-late.cjs": "", "src/cjs-cond.cjs": ""})
    g = graph_of(tmp_path, "src/index.js")
    assert g.startup == ["src/index.js", "src/eager.js", "src/cjs-top.cjs"]
    # first-party files reached lazily are still in the graph (the bundler resolves their imports too)
    assert {"src/lazy.js", "src/only-lazy.js", "src/cjs-late.cjs", "src/cjs-cond.cjs"} <= set(g.modules)
    assert g.modules["src/cjs-top.cjs"].commonjs and not g.modules["src/index.js"].commonjs
    assert g.describe_chain("src/cjs-top.cjs") == "src/index.js imports src/eager.js, which imports src/cjs-top.cjs"


def test_packages_are_followed_only_at_startup(tmp_path: Path) -> None:
    write(tmp_path, {
        "src/index.js": 'import "dep";\nexport default {};',
        "node_modules/dep/package.json": '{"main": "index.js"}',
        "node_modules/dep/index.js": 'import "./a.js";\nexport const f = () => import("./lazy.js");',
        "node_modules/dep/a.js": "", "node_modules/dep/lazy.js": 'import "./never.js";'})
    g = graph_of(tmp_path, "src/index.js")
    assert set(g.modules) == {"src/index.js", "node_modules/dep/index.js", "node_modules/dep/a.js"}
    assert g.modules["node_modules/dep/a.js"].package == "dep"


def test_budgets_and_refusals_are_said_not_raised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"src/index.js": 'import "./big.js";\nimport "./link.js";\nexport default {};',
                     "src/big.js": "// " + "x" * 5000, "secret.js": "TOKEN"})
    os.symlink("../../secret.js", tmp_path / "src" / "link.js")  # out of the project (secret.js is above the root)
    monkeypatch.setattr(srcgraph, "MAX_FILE_BYTES", 1000)
    g = graph_of(tmp_path / "src", "index.js")
    assert [p for p, _ in g.skipped] == ["big.js"]
    assert "link.js" not in g.modules
    assert any("not parsed" in n and "big.js" in n for n in srcgraph.graph_notes(g))


def test_a_deeply_nested_file_is_no_problem(tmp_path: Path) -> None:
    write(tmp_path, {"src/index.js": "export default " + "[" * 3000 + 'require("./x.js")' + "]" * 3000 + ";",
                     "src/x.js": ""})
    g = graph_of(tmp_path, "src/index.js")
    assert g.startup[0] == "src/index.js"


# -- the checks on the source, at the source lines ---------------------------------------------

PROJECT = {
    "wrangler.jsonc": '{"name": "p", "main": "src/index.ts", "compatibility_date": "2025-06-01"}',
    "tsconfig.json": '{"compilerOptions": {"paths": {"@/*": ["./src/*"]}}}',
    "src/index.ts": (
        'import { Hono } from "hono";\n'
        'import { db } from "@/db";\n'
        'import { render } from "./rendr";\n'
        'import { Buffer } from "node:buffer";\n'
        'import { parse } from "cjs-dep";\n'
        'import type { Env } from "./env";\n'
        'const app = new Hono<{ Bindings: Env }>();\n'
        'export class Counter {}\n'
        'export default { fetch: () => new Response(render(db, Buffer, parse, app)) } satisfies ExportedHandler;\n'),
    "src/render.ts": "export const render = (...a: unknown[]) => String(a);",
    "src/db.ts": 'export const db = await fetch("https://example.com");\nexport const id: string = crypto.randomUUID();\n',
    "node_modules/hono/package.json": '{"type": "module", "exports": {".": {"import": "./dist/index.js"}}}',
    "node_modules/hono/dist/index.js": 'export class Hono {}\nif (process.env.NODE_ENV !== "production") {}\n'
                                       'const dev = process.env.NODE_ENV;\n',
    "node_modules/cjs-dep/package.json": '{"main": "lib/index.js"}',
    "node_modules/cjs-dep/lib/index.js": 'const u = require("./util");\nexports.parse = u;\n',
    "node_modules/cjs-dep/lib/util.js": "module.exports = setTimeout(() => {}, 10);\n",
}


def test_a_bundled_project_is_checked_at_its_source_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data_regression) -> None:  # type: ignore[no-untyped-def]
    root = write(tmp_path / "p", PROJECT)
    monkeypatch.chdir(tmp_path)
    found = lint(root)
    assert "WM016" not in {d.code for d in found}  # the graph was built: nothing was left to the bundle
    data_regression.check([{"code": d.code, "severity": d.severity.value, "at": f"{d.file}:{d.line}:{d.column}",
                            "message": d.message} for d in found])
    assert brief(found)[:1] == ["error WM330 p/node_modules/cjs-dep/lib/util.js:1:18"]


def test_without_node_modules_packages_are_said_once_and_not_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {k: v for k, v in PROJECT.items() if not k.startswith("node_modules/")}
    root = write(tmp_path / "p", files)
    monkeypatch.chdir(tmp_path)
    found = lint(root)
    notes = [d.message for d in found if d.code == "WM016"]
    assert len(notes) == 1 and "'cjs-dep', 'hono'" in notes[0] and "no node_modules folder" in notes[0]
    assert {d.code for d in found if d.severity.value == "error"} == {"WM310", "WM311", "WM330"}


def test_the_missing_import_has_a_did_you_mean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write(tmp_path / "p", PROJECT)
    monkeypatch.chdir(tmp_path)
    (missing,) = [d for d in lint(root) if d.code == "WM310"]
    assert (missing.file, missing.line, missing.column) == ("p/src/index.ts", 3, 24)
    assert "did you mean './render'?" in missing.message


def test_nodejs_compat_v2_takes_node_imports_and_unenv_polyfills_gated_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = dict(PROJECT)
    files["wrangler.jsonc"] = ('{"name": "p", "main": "src/index.ts", "compatibility_date": "2025-06-01", '
                               '"compatibility_flags": ["nodejs_compat"]}')
    files["src/index.ts"] = 'import fs from "node:fs";\nimport path from "path";\nexport default { fetch: () => new Response(fs + path) };\n'
    root = write(tmp_path / "p", files)
    monkeypatch.chdir(tmp_path)
    # node:fs is gated in workerd until 2025-09-15, but wrangler's unenv preset polyfills it
    assert [d for d in lint(root) if d.code in ("WM310", "WM311")] == []


def test_a_require_that_the_bundler_bundles_is_not_a_startup_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write(tmp_path / "p", {
        "wrangler.toml": 'name = "p"\nmain = "src/index.js"\ncompatibility_date = "2025-06-01"\n',
        "src/index.js": 'const cfg = require("./config.json");\nconst os = require("node:os");\nexport default {};\n',
        "src/config.json": "{}"})
    monkeypatch.chdir(tmp_path)
    found = [d for d in lint(root) if d.code == "WM333"]
    assert [(d.line, "node:os" in d.message) for d in found] == [(2, True)]


def test_reexported_durable_object_classes_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write(tmp_path / "p", {
        "wrangler.jsonc": json.dumps({"name": "p", "main": "src/index.ts", "compatibility_date": "2025-06-01",
                                      "durable_objects": {"bindings": [{"name": "C", "class_name": "Counter"}]},
                                      "migrations": [{"tag": "v1", "new_sqlite_classes": ["Counter"]}]}),
        "src/index.ts": 'export { Counter } from "./counter";\nexport default { fetch: () => new Response() };\n',
        "src/counter.ts": 'import { DurableObject } from "cloudflare:workers";\nexport class Counter extends DurableObject {}\n'})
    monkeypatch.chdir(tmp_path)
    assert [d.code for d in lint(root) if d.severity.value == "error"] == []


# -- agreement with what wrangler bundled, on the real-client corpus ---------------------------

CORPUS = Path(__file__).resolve().parent / "corpus"
CHECKED = {"WM310", "WM311", "WM330", "WM331", "WM332", "WM333"}


def _bundled_projects() -> list[str]:
    out = []
    for p in sorted((CORPUS / "projects").iterdir()):
        if (p / "corpus.json").is_file() and load_path(str(p)).project is not None:
            out.append(p.name)
    return out


@pytest.mark.parametrize("project", _bundled_projects())
def test_the_graph_holds_what_wrangler_bundled(project: str) -> None:
    """The project's own sources in the source map wrangler uploaded are the graph's modules
    (wrangler's unenv polyfills live outside the project), and the checks agree."""
    from wmlint.inputs import from_bytes

    loaded = load_path(str(CORPUS / "projects" / project))
    assert loaded.project is not None
    body = sorted((CORPUS / "uploads").glob(f"{project}--*.multipart"))[0]
    upload = from_bytes(body.read_bytes(), body.name)
    maps = [json.loads(p.data) for n, p in (upload.parts or {}).items() if n.endswith(".map")]
    assert maps, "every bundled project of the corpus uploads its source map"
    bundled = {s for m in maps for s in m["sources"] if not s.startswith("../")}
    linter = Linter(today=TODAY)
    source_findings = linter.lint_loaded(loaded)
    built = srcgraph.build_project(loaded.project, node_v2=True)
    assert built is not None
    if "body_part" in (loaded.metadata or {}):  # a service worker's script stands in as it is (its blobs are parts)
        assert any(d.code == "WM017" for d in source_findings)
    else:
        assert not any(d.code == "WM017" for d in source_findings)
    # wrangler names a source relative to the directory it ran in (the project); the graph names a
    # module relative to the configuration's directory, which a build's deploy redirect moves
    # (Nitro's .output/server/wrangler.json)
    config_dir = Path(loaded.project.root).resolve().relative_to((CORPUS / "projects" / project).resolve())
    assert {(config_dir / m).as_posix() for m in built.graph.modules} == bundled
    body_codes = {d.code for d in linter.lint(body.read_bytes(), file=body.name) if d.code in CHECKED}
    assert {d.code for d in source_findings if d.code in CHECKED} == body_codes


def test_classes_exported_through_star_reexports_are_seen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = {"name": "p", "main": "src/index.ts", "compatibility_date": "2025-06-01",
              "durable_objects": {"bindings": [{"name": "C", "class_name": "Counter"},
                                               {"name": "R", "class_name": "Room"}]},
              "migrations": [{"tag": "v1", "new_sqlite_classes": ["Counter", "Room"]}]}
    root = write(tmp_path / "p", {
        "wrangler.jsonc": json.dumps(config),
        "src/index.ts": 'export * from "./objects";\nexport default { fetch: () => new Response() };\n',
        "src/objects/index.ts": 'export * from "./counter";\n',
        "src/objects/counter.ts": 'import { DurableObject } from "cloudflare:workers";\n'
                                  "export class Counter extends DurableObject {}\n"})
    monkeypatch.chdir(tmp_path)
    found = [d for d in lint(root) if d.code == "WM506"]
    # Counter is exported through two `export *`; Room is exported nowhere
    assert [("'Room'" in d.message, "'Counter'" in d.message) for d in found] == [(True, False)]


def test_hostile_specifiers_and_names_are_quoted_not_echoed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write(tmp_path / "p", {
        "wrangler.toml": 'name = "p"\nmain = "src/index.js"\ncompatibility_date = "2025-06-01"\n',
        "src/index.js": 'import "./\\u001b[31mred";\nimport "\\u202egnp\\u0007";\nexport default {};\n'})
    monkeypatch.chdir(tmp_path)
    found = lint(root)
    assert {d.code for d in found} >= {"WM310", "WM016"}
    for d in found:
        assert "\x1b" not in d.message and "\u202e" not in d.message and "\x07" not in d.message, d.message


def test_the_default_export_shape_is_checked_on_the_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write(tmp_path / "p", {
        "wrangler.toml": 'name = "p"\nmain = "src/worker.ts"\ncompatibility_date = "2025-06-01"\n',
        "src/worker.ts": "const handler: ExportedHandler = Object.create(null);\nexport default handler;\n"})
    monkeypatch.chdir(tmp_path)
    assert [(d.code, d.file, d.line) for d in lint(root) if d.severity.value == "error"] == \
        [("WM336", "p/src/worker.ts", 2)]


@pytest.mark.parametrize("files", [
    {"src/index.ts": b"\xff\xfe\x00garbage\x00" * 100},
    {"src/index.ts": "import x from './a\n" * 50 + "export default {"},
    {"src/index.ts": 'import "dep";\nexport default {};', "node_modules/dep/package.json": '{"exports": ' + "[" * 5000 + "]" * 5000 + "}"},
    {"src/index.ts": 'import "dep";\nexport default {};', "node_modules/dep/package.json": '{"exports": {"./*": 7, ".": [null, 3, {"import": {"import": {}}}]}}'},
    {"src/index.ts": 'import "dep";\nexport default {};', "node_modules/dep/package.json": '[1, 2]', "node_modules/dep/index.js": ""},
    {"src/index.ts": 'import "@/x";\nexport default {};', "tsconfig.json": '{"extends": "./tsconfig.json", "compilerOptions": {"paths": {"@/*": 5, "*": ["*", 3]}}}'},
    {"src/index.ts": 'import "@/x";\nexport default {};', "tsconfig.json": '"just a string"'},
    {"src/index.ts": 'import "#a";\nexport default {};', "package.json": '{"imports": {"#a": "#a", "#b": "./b"}}'},
    {"src/index.ts": 'import a from "./a";\nimport b from "./b";\nexport default {a, b};', "src/a.ts": 'import "./b"; export default 1', "src/b.ts": 'import "./a"; export default 2'},
], ids=["binary", "unterminated", "deep-exports", "odd-exports", "manifest-not-object", "tsconfig-cycle", "tsconfig-string", "imports-cycle", "import-cycle"])
def test_hostile_projects_never_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict) -> None:  # type: ignore[type-arg]
    root = tmp_path / "p"
    for name, content in files.items():
        f = root / name
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(content if isinstance(content, bytes) else content.encode())
    (root / "wrangler.toml").write_text('name = "p"\nmain = "src/index.ts"\ncompatibility_date = "2025-06-01"\n')
    (root / "src" / "loop").symlink_to(".")  # a symlink loop in the tree
    monkeypatch.chdir(tmp_path)
    found = lint(root)
    assert not [d for d in found if d.code == "WM901"]


def test_a_symlinked_entry_out_of_the_project_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "secret.ts").write_text("export const token = crypto.randomUUID();\n")
    root = write(tmp_path / "p", {"wrangler.toml": 'name = "p"\nmain = "src/index.ts"\ncompatibility_date = "2025-06-01"\n',
                                  "src/ok.ts": ""})
    (root / "src" / "index.ts").symlink_to(tmp_path / "secret.ts")
    monkeypatch.chdir(tmp_path)
    assert not [d for d in lint(root) if d.code == "WM330"]
