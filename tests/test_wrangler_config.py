"""wrangler configurations as input: the translation matches what wrangler uploads, findings
point into the file the user wrote, environments follow wrangler's rules, and a
configuration cannot make wmlint read outside its project or echo a secret.

WM015 (invalid-config) and WM016 (not-checked-without-deploy) are exercised here.
"""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from wmlint import Linter
from wmlint.cli import main
from wmlint.inputs import from_bytes, load_path
from wmlint.inputs.wrangler import CONFIG_NAMES, find_redirect, load_wrangler, resolve_env
from wmlint.io import fs
from wmlint.source.configtext import TomlLocator, strip_jsonc

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "corpus"
TODAY = ["--today", "2026-11-30", "--isolated"]

#: What the translation cannot know, by project: values wrangler resolves from the account or
#: from the installed packages at deploy. Every other field must be what wrangler uploaded.
#: Besides these: a binding without its ID (``resolved_at_deploy`` in the project's corpus.json,
#: ``"bindings:NAME"``: wrangler provisions it, or looks it up by name), the assets upload's
#: session token (from the API), and, for a bundled project, every module but the main one
#: (what esbuild emits).
RESOLVED_AT_DEPLOY = {
    "npm-dependency": {"package_dependencies"},  # read from node_modules/*/package.json
    "vite-plugin-build": {"package_dependencies"},
    "hono-vite-build": {"package_dependencies"},  # package.json's devDependencies, with their installed versions
    "reactrouter-build": {"package_dependencies"},
    "sveltekit-build": {"package_dependencies"},
    "nitro-build": {"package_dependencies"},
    "astro-build": {"package_dependencies"},
    "nuxt-build": {"package_dependencies"},
    "workers-sites": {"bindings"},  # wrangler creates the __STATIC_CONTENT namespace and adds its binding
}


def _runs() -> list[tuple[str, str, str | None]]:
    out = []
    for proj in sorted((CORPUS / "projects").iterdir()):
        spec = json.loads((proj / "corpus.json").read_text())
        for run in spec["runs"]:
            state = run.get("state", {})
            args = run["args"]
            if args[0] != "deploy" or "--dispatch-namespace" in args or set(state) - {"dispatch_namespaces"}:
                continue  # a redeploy or an existing Worker: wrangler's metadata depends on the account
            env = args[args.index("--env") + 1] if "--env" in args else None
            out.append((proj.name, run["id"], env))
    return out


def _canon(value: object) -> str:
    return json.dumps(value, sort_keys=True)


@pytest.mark.parametrize("project,run,env", _runs(), ids=[f"{p}--{r}" for p, r, _ in _runs()])
def test_the_translation_is_what_wrangler_uploaded(project, run, env):
    proj = CORPUS / "projects" / project
    redirect = find_redirect(fs.Tree(proj))  # a build's generated configuration is what wrangler deploys
    config = proj / redirect.target if redirect else next(proj / n for n in CONFIG_NAMES if (proj / n).exists())
    body = CORPUS / "uploads" / f"{project}--{run}.multipart"
    upload = from_bytes(body.read_bytes(), str(body))
    uploaded = upload.metadata
    loaded = load_wrangler(config, config.read_bytes(), str(config), env=env)
    translated = loaded.translation.metadata
    allowed = RESOLVED_AT_DEPLOY.get(project, set())
    # a binding whose ID wrangler provisions or looks up at deploy: the translation leaves it out,
    # and says so where the configuration has it (WM016)
    provisioned = {k.split(":", 1)[1] for k in json.loads((proj / "corpus.json").read_text())
                   .get("resolved_at_deploy", []) if k.startswith("bindings:")}
    provisioned &= {b["name"] for b in uploaded.get("bindings", [])}  # this run's (an environment's) bindings
    if provisioned:
        uploaded = {**uploaded, "bindings": [b for b in uploaded["bindings"] if b["name"] not in provisioned]}
        noted = " ".join(note for _, note in loaded.translation.notes)
        assert all(f"binding {name!r} has no" in noted for name in provisioned)
    # the parts, by name and content type: all of them without a bundle; with one, the bundle's
    # other modules (chunks, source maps, what esbuild emits) are known only once it is built
    sent = {name: part.content_type for name, part in upload.parts.items()}
    mine = {name: part.content_type for name, part in (loaded.parts or {}).items()}
    if loaded.translation.no_bundle or loaded.translation.main is None:
        assert mine == sent
    else:
        assert mine.items() <= sent.items() and (translated.get("main_module") or translated.get("body_part")) in mine
    for key in sorted(set(uploaded) | set(translated)):
        if key in allowed:
            continue
        want, got = uploaded.get(key), translated.get(key)
        if key == "bindings":  # wrangler's order depends on its internal maps: compare as sets
            want, got = sorted(map(_canon, want or [])), sorted(map(_canon, got or []))
        elif key == "assets":  # the session token comes from the API; the files are linted on their own
            for side in (want, got):
                side.pop("jwt", None)
                for name in ("_redirects", "_headers"):
                    side.get("config", {}).pop(name, None)
        assert _canon(got) == _canon(want), key


def test_the_corpus_has_at_least_150_projects_and_140_comparable_deploys():
    assert len([p for p in (CORPUS / "projects").iterdir() if (p / "corpus.json").is_file()]) >= 150
    assert len(_runs()) >= 140


@pytest.mark.parametrize("project", sorted(p.name for p in (CORPUS / "projects").iterdir()))
def test_no_error_on_a_configuration_that_wrangler_deploys(project):
    loaded = load_path(str(CORPUS / "projects" / project))
    found = Linter(today=datetime.date(2026, 11, 30)).lint_loaded(loaded)
    assert [f"{d.code} {d.message}" for d in found if d.severity.value == "error"] == []


@pytest.mark.parametrize("project", sorted(p.name for p in (CORPUS / "projects").iterdir()
                                            if find_redirect(fs.Tree(p)) is not None))
def test_a_configuration_that_a_build_generated_has_no_unexpected_key(project):
    """The framework builds' generated configurations carry keys of the configuration wrangler
    builds (configPath, topLevelName...), which wrangler accepts silently."""
    loaded = load_path(str(CORPUS / "projects" / project))
    found = Linter(today=datetime.date(2026, 11, 30)).lint_loaded(loaded)
    assert [f"{d.code} {d.message}" for d in found if d.code == "WM020"] == []


@pytest.mark.parametrize("target,env", [("examples/wrangler-project", None),
                                        ("tests/fixtures/wrangler/toml-project", None),
                                        ("tests/fixtures/wrangler/toml-project", "staging")])
def test_findings_point_into_the_files_the_user_wrote(target, env, data_regression):
    args = ["check", target, *TODAY, "--output-format", "json", *(["--env", env] if env else [])]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    assert found and all(d["line"] for d in found if d["code"] not in ("WM016",))
    data_regression.check([{k: d[k] for k in ("code", "severity", "file", "line", "column", "pointer", "message")}
                           for d in found])


def test_a_secret_in_vars_is_never_echoed(tmp_path):
    (tmp_path / "wrangler.toml").write_text('main = "w.js"\ncompatibility_date = "2025-06-01"\n[vars]\n'
                                            'AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"\n')
    (tmp_path / "w.js").write_text("export default {};")
    for fmt in ("full", "json", "sarif", "github"):
        result = CliRunner().invoke(main, ["check", str(tmp_path), *TODAY, "--output-format", fmt])
        assert "WM803" in result.output and "wJalrXUtnFEMI" not in result.output, fmt


def test_environments_inherit_what_wrangler_lets_them_inherit():
    raw = {"main": "a.js", "compatibility_date": "2025-01-01", "vars": {"A": "1"},
           "kv_namespaces": [{"binding": "KV", "id": "0" * 32}], "migrations": [{"tag": "v1"}],
           "env": {"dev": {"compatibility_date": "2025-06-01", "r2_buckets": [{"binding": "B", "bucket_name": "b"}],
                           "migrations": [{"tag": "own"}], "keep_vars": True}}}
    data, where = resolve_env(raw, "dev")
    assert data["compatibility_date"] == "2025-06-01" and where["compatibility_date"] == ("env", "dev",
                                                                                          "compatibility_date")
    assert data["main"] == "a.js" and where["main"] == ("main",)  # inherited
    assert "vars" not in data and "kv_namespaces" not in data  # not inherited: repeat them per environment
    # an environment's own migrations replace the top level's (wrangler 4.164.0 reads them with
    # inheritable(); a capture of `wrangler deploy --env` uploads them); keep_vars is top level only
    assert data["migrations"] == [{"tag": "own"}] and "keep_vars" not in data
    with pytest.raises(KeyError):
        resolve_env(raw, "prod")


def test_an_unknown_environment_and_invalid_toml_are_said_where_they_are(tmp_path):
    (tmp_path / "wrangler.toml").write_text('name = "x"\ncompatibility_date = 2025-06-01"\n')
    result = CliRunner().invoke(main, ["check", str(tmp_path / "wrangler.toml"), *TODAY, "--output-format", "concise"])
    assert result.exit_code == 1 and "wrangler.toml:2:" in result.output and "WM015" in result.output
    (tmp_path / "wrangler.toml").write_text('name = "x"\ncompatibility_date = "2025-06-01"\n[env.dev]\n')
    result = CliRunner().invoke(main, ["check", str(tmp_path), *TODAY, "--env", "prod", "--output-format", "concise"])
    # a usage error (issue 26): a typo in --env must not lint the wrong configuration or pass
    assert result.exit_code == 2 and "no [env.prod] section (it has: dev)" in result.output


def test_a_configuration_never_makes_wmlint_read_outside_its_project(tmp_path):
    outside = tmp_path / "outside.js"
    outside.write_text("export const stolen = 'secret source';\n" + "x" * 10)
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "wrangler.jsonc").write_text('{"main": "../outside.js", "compatibility_date": "2025-06-01",'
                                         ' "assets": {"directory": "../"}}')
    loaded = load_path(str(proj))
    assert loaded.parts is None and loaded.companions == []
    (proj / "link.js").symlink_to(outside)
    (proj / "wrangler.jsonc").write_text('{"main": "link.js", "no_bundle": true, "compatibility_date": "2025-06-01"}')
    assert load_path(str(proj)).parts is None


def test_a_lone_redirects_or_headers_file_is_checked_with_its_own_positions(tmp_path):
    (tmp_path / "_redirects").write_text("/a /b 301\n/* /index.html 200\n")
    (tmp_path / "_headers").write_text("/*\n  X-Frame-Options DENY\n")
    result = CliRunner().invoke(main, ["check", str(tmp_path / "_redirects"), str(tmp_path / "_headers"), *TODAY,
                                       "--output-format", "concise"])
    lines = [line for line in result.output.splitlines() if line.startswith(str(tmp_path))]
    assert [line.split(": ")[0].rsplit("/", 1)[1] + " " + line.split(" ")[1] for line in lines] == [
        "_redirects:2:1 WM412", "_headers:1:1 WM425", "_headers:2:3 WM421"]  # in the order given


def test_jsonc_comments_and_trailing_commas_keep_every_offset():
    text = '{\n  // a comment with "quotes" and a ,\n  "a": "http://x", /* block */\n  "b": [1, 2,],\n}'
    plain = strip_jsonc(text)
    assert len(plain) == len(text) and json.loads(plain) == {"a": "http://x", "b": [1, 2]}
    assert plain.index('"http://x"') == text.index('"http://x"')


def test_the_toml_locator_finds_keys_in_every_shape():
    text = ('a.b = 1\n"quoted key" = \'lit\'\ns = """multi\nline"""\n'
            'arr = [\n  { x = 1, y = "two" },\n  { x = 3 },\n]\n'
            '[t]\nk = [1, [2, 3]]\n[[aot]]\nv = 1\n[[aot]]\nv = 2\n[aot.sub]\nw = 3\n')
    loc = TomlLocator(text)

    def key(*path):
        ks, ke, vs, ve = loc.spans[path]
        return text[ks:ke], text[vs:ve]

    assert key("a", "b") == ("a.b", "1")
    assert key("quoted key") == ('"quoted key"', "'lit'")
    assert key("s") == ("s", '"""multi\nline"""')
    assert key("arr", 0, "y") == ("y", '"two"') and key("arr", 1, "x") == ("x", "3")
    assert key("t", "k", 1) == ("[2, 3]", "[2, 3]")
    assert key("aot", 1, "v") == ("v", "2") and key("aot", 1, "sub", "w") == ("w", "3")


def test_the_wrangler_project_example_is_the_readme_quick_start():
    readme = (REPO / "README.md").read_text()
    quick = readme.split("## From a fresh clone", 1)[1].split("##", 1)[0]
    assert "wmlint check examples/wrangler-project" in quick
    assert os.path.isfile(REPO / "examples" / "wrangler-project" / "wrangler.jsonc")


def test_a_toml_nested_too_deeply_is_an_invalid_configuration_not_a_crash(tmp_path):
    (tmp_path / "wrangler.toml").write_text("a = " + "[" * 3000 + "]" * 3000 + "\n")
    result = CliRunner().invoke(main, ["check", str(tmp_path), *TODAY, "--output-format", "concise"])
    assert result.exit_code == 1 and "WM015" in result.output and "too deeply" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


# -- wrangler's own decisions, on projects the corpus does not hold (issue 22 §2) ---------------

def _project(tmp_path, config: dict, files: dict[str, str | bytes]):
    (tmp_path / "wrangler.json").write_text(json.dumps({"compatibility_date": "2025-09-01", **config}))
    for rel, content in files.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(content) if isinstance(content, bytes) else p.write_text(content)
    return load_path(str(tmp_path))


@pytest.mark.parametrize("source,service_worker", [
    ("addEventListener('fetch', e => e.respondWith(new Response('x')));", True),
    ("export const helper = 1;\naddEventListener('fetch', () => {});", True),  # named exports only: wrangler warns
    ("const h = { fetch() { return new Response('x'); } };\nexport { h as default };", False),
    ("export default { fetch() { return new Response('x'); } };", False),
])
def test_the_format_is_decided_by_the_entrys_exports(tmp_path, source, service_worker):
    loaded = _project(tmp_path, {"main": "src/w.js"}, {"src/w.js": source})
    assert ("body_part" in loaded.metadata, "main_module" in loaded.metadata) == (service_worker, not service_worker)
    assert next(iter(loaded.parts.values())).content_type == (
        "application/javascript" if service_worker else "application/javascript+module")
    found = Linter(today=datetime.date(2026, 11, 30)).lint_loaded(loaded)
    assert "WM314" not in {d.code for d in found}  # a service worker is not an ES module without a default


def test_no_bundle_collects_modules_with_wranglers_rules(tmp_path):
    files = {"dist/index.js": 'import "./lib/a.js";\nexport default {};\n', "dist/lib/a.js": "export const a = 1;\n",
             "dist/page.html": "<p/>", "dist/q.sql": "SELECT 1;", "dist/seed.bin": b"\x00\x01",
             "dist/m.wasm": b"\x00asm\x01\x00\x00\x00", "dist/notes.md": "# n", "dist/x.cjs": "module.exports = 1;"}
    loaded = _project(tmp_path, {"main": "dist/index.js", "no_bundle": True}, files)
    # no default rule for JavaScript: without a rule of their own, .js files stay out
    assert {n: p.content_type for n, p in loaded.parts.items()} == {
        "index.js": "application/javascript+module", "page.html": "text/plain", "q.sql": "text/plain",
        "seed.bin": "application/octet-stream", "m.wasm": "application/wasm"}
    rules = [{"type": "ESModule", "globs": ["**/*.js"]}, {"type": "Text", "globs": ["**/*.md"]}]
    loaded = _project(tmp_path, {"main": "dist/index.js", "no_bundle": True, "rules": rules}, {})
    # the first Text rule ends the type: the default Text rule (.html, .sql) is shadowed
    assert set(loaded.parts) == {"index.js", "lib/a.js", "notes.md", "seed.bin", "m.wasm"}
    rules[1]["fallthrough"] = True
    loaded = _project(tmp_path, {"main": "dist/index.js", "no_bundle": True, "rules": rules}, {})
    assert {"notes.md", "page.html", "q.sql"} <= set(loaded.parts)
    loaded = _project(tmp_path, {"main": "dist/index.js", "no_bundle": True, "rules": rules,
                                 "find_additional_modules": False}, {})
    assert set(loaded.parts) == {"index.js"}
    found = Linter(today=datetime.date(2026, 11, 30)).lint_loaded(
        _project(tmp_path, {"main": "dist/index.js", "no_bundle": True, "rules": rules[:1]}, {}))
    assert "WM310" not in {d.code for d in found}  # ./lib/a.js is uploaded


@pytest.mark.parametrize("glob,path,matches", [
    ("**/*.js", "a.js", True), ("**/*.js", "x/y/a.js", True), ("*.js", "x/a.js", False), ("*.js", "a.js", True),
    ("**/*.wasm?module", "a.wasm?module", True), ("**/*.wasm?module", "a.wasmXmodule", False),
    ("src/**", "src/a/b", True), ("a/**/b.txt", "a/b.txt", True), ("a/**/b.txt", "a/x/y/b.txt", True),
    ("a**b", "aXb", True), ("a**b", "a/b", False), ("**.js", "x/a.js", False), ("[ab].js", "a.js", False),
    ("**/*", "a/b/c", True), ("**/*.d.ts", "x/y/b.d.ts", True), ("**/*.html", ".html", True),
    ("**/*.js", "x.js/y", False), ("**/**.js", "x/a.js", True), ("**/**.js", "a/b.jsx", False),
])
def test_module_rule_globs_match_as_wranglers_glob_to_regexp(glob, path, matches):
    from wmlint.inputs.wrangler import _glob_match

    assert _glob_match(glob, path) is matches


def test_a_hostile_glob_takes_no_super_linear_time():
    from wmlint.inputs.wrangler import _glob_match

    # each token keeps at most one set of positions: a quadratic bound, whatever the stars
    assert _glob_match("*a" * 300 + "b", "a" * 3000) is False
    assert _glob_match("**/" * 300 + "x", "a/" * 1000 + "x") is True


def test_python_modules_are_vendored_as_wrangler_uploads_them(tmp_path):
    loaded = _project(tmp_path, {"main": "src/entry.py", "compatibility_flags": ["python_workers"]}, {
        "src/entry.py": "from workers import WorkerEntrypoint\n", "src/util.py": "",
        "python_modules/pkg/__init__.py": "", "python_modules/pkg/c.cpython-312.pyc": b"\x00",
        "python_modules/workers/_bridge.js": "export const b = 1;", "python_modules/other/x.js": "x"})
    assert {n: p.content_type for n, p in loaded.parts.items()} == {
        "entry.py": "text/x-python", "util.py": "text/x-python",
        "python_modules/pkg/__init__.py": "application/octet-stream",
        "python_modules/workers/_bridge.js": "application/javascript+module",
        "python_modules/other/x.js": "application/octet-stream"}


def test_a_generated_configuration_is_followed_and_said(tmp_path):
    (tmp_path / "wrangler.jsonc").write_text('{"main": "src/index.ts", "compatibility_date": "2025-09-01"}')
    (tmp_path / ".wrangler" / "deploy").mkdir(parents=True)
    pointer = tmp_path / ".wrangler" / "deploy" / "config.json"
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "wrangler.json").write_text(
        '{"main": "index.js", "no_bundle": true, "compatibility_date": "2025-09-01", "vars": {"BUILT": "yes"}}')
    (tmp_path / "dist" / "index.js").write_text("export default {};")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "index.ts").write_text("export default {};")  # the source the user wrote exists
    for target in (tmp_path, tmp_path / "wrangler.jsonc"):
        pointer.write_text('{\n  // the build wrote this\n  "configPath": "../../dist/wrangler.json"\n}')
        loaded = load_path(str(target))
        assert loaded.metadata["bindings"] == [{"name": "BUILT", "type": "plain_text", "text": "yes"}]
        assert [d.code for d in loaded.diagnostics] == ["WM016"] and "'dist/wrangler.json'" in \
            loaded.diagnostics[0].message
    for text, code in (('{"configPath": "../../missing.json"}', "WM015"), ('{"other": 1}', "WM015"),
                       ("{not json", "WM015"), ('{"configPath": "../../../../etc/passwd"}', "WM016")):
        pointer.write_text(text)
        loaded = load_path(str(tmp_path))
        assert loaded.metadata["main_module"] == "index.js"  # the configuration the user wrote
        assert [d.code for d in loaded.diagnostics] == [code], text


@pytest.mark.parametrize("handling,loops", [("none", False), ("auto-trailing-slash", True)])
def test_redirects_are_linted_with_the_configurations_html_handling(tmp_path, handling, loops):
    loaded = _project(tmp_path, {"main": "w.js", "assets": {"directory": "public", "html_handling": handling}}, {
        "w.js": "export default {};", "public/_redirects": "/ /index.html 200\n"})
    found = Linter(today=datetime.date(2026, 11, 30)).lint_loaded(loaded)
    assert ("WM412" in {d.code for d in found}) is loops


@pytest.mark.parametrize("main,said", [("@astrojs/cloudflare/entrypoints/server", True), ("nitro/runtime", True),
                                       ("src/missing.ts", False), ("./@x/y.js", False)])
def test_a_package_specifier_as_main_is_said_not_failed(tmp_path, main, said):
    (tmp_path / "node_modules" / "nitro").mkdir(parents=True)
    loaded = _project(tmp_path, {"main": main}, {})
    notes = [d.message for d in loaded.diagnostics if d.code == "WM016" and "names a package" in d.message]
    assert bool(notes) is said
    found = Linter(today=datetime.date(2026, 11, 30)).lint_loaded(loaded)
    assert [d.code for d in found if d.severity.value == "error"] == []


def test_a_repository_walk_lints_a_generated_configuration_once(tmp_path):
    from wmlint.inputs.discover import discover

    web = tmp_path / "web"
    (web / ".wrangler" / "deploy").mkdir(parents=True)
    (web / "dist" / "w").mkdir(parents=True)
    (web / "wrangler.jsonc").write_text('{"main": "src/index.ts", "compatibility_date": "2025-09-01"}')
    (web / ".wrangler" / "deploy" / "config.json").write_text('{"configPath": "../../dist/w/wrangler.json"}')
    (web / "dist" / "w" / "wrangler.json").write_text('{"main": "index.js", "compatibility_date": "2025-09-01"}')
    (web / "dist" / "w" / "index.js").write_text("export default {};")
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "wrangler.toml").write_text('main = "a.js"\ncompatibility_date = "2025-09-01"\n')
    # the generated one is linted through the user's configuration, which wrangler redirects
    assert discover(str(tmp_path)) == [str(tmp_path / "api" / "wrangler.toml"), str(web / "wrangler.jsonc")]
    loaded = load_path(str(web / "wrangler.jsonc"))
    assert loaded.metadata["main_module"] == "index.js" and [d.code for d in loaded.diagnostics] == ["WM016"]
