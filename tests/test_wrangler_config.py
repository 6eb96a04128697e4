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
from wmlint.inputs.wrangler import CONFIG_NAMES, load_wrangler, resolve_env
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
    config = next(proj / n for n in CONFIG_NAMES if (proj / n).exists())
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


def test_the_corpus_has_at_least_fifty_comparable_deploys():
    assert len(_runs()) >= 50


@pytest.mark.parametrize("project", sorted(p.name for p in (CORPUS / "projects").iterdir()))
def test_no_error_on_a_configuration_that_wrangler_deploys(project):
    loaded = load_path(str(CORPUS / "projects" / project))
    found = Linter(today=datetime.date(2026, 11, 30)).lint_loaded(loaded)
    assert [f"{d.code} {d.message}" for d in found if d.severity.value == "error"] == []


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
                           "migrations": [{"tag": "ignored"}]}}}
    data, where = resolve_env(raw, "dev")
    assert data["compatibility_date"] == "2025-06-01" and where["compatibility_date"] == ("env", "dev",
                                                                                          "compatibility_date")
    assert data["main"] == "a.js" and where["main"] == ("main",)  # inherited
    assert "vars" not in data and "kv_namespaces" not in data  # not inherited: repeat them per environment
    assert data["migrations"] == [{"tag": "v1"}]  # top level only
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
