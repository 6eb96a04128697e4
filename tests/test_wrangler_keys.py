"""The wrangler configuration's own keys (WM020-WM027): the generated schema, its provenance,
every section at every depth, positions in TOML and JSONC, fixes, and hostile input."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from wmlint.analysis.wrangler_config import check_config, environment_keys, render_path, schema, top_level_keys
from wmlint.engine import Linter
from wmlint.inputs import load_path
from wmlint.output.fixes import apply_fixes
from wmlint.schemas import DATA_DIR
from wmlint.tools import wranglerschemagen

REPO = Path(__file__).resolve().parent.parent
WRANGLER = REPO / "tests" / "wrangler" / "node_modules" / "wrangler"
LINTER = Linter(today=dt.date(2026, 1, 1))


def _lint(tmp_path: Path, name: str, text: str, env: str | None = None) -> list:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return LINTER.lint_loaded(load_path(str(tmp_path / name), env=env))


def _codes(problems: list) -> list[tuple[str, str]]:
    return [(p.code, render_path(p.path)) for p in problems]


def test_the_schema_is_generated_from_the_pinned_wrangler() -> None:
    prov = schema()["x-wmlint-provenance"]
    pinned = json.loads((REPO / "tests" / "wrangler" / "package.json").read_text())["dependencies"]["wrangler"]
    assert prov["wrangler_version"] == pinned
    assert prov["generator"] == "wmlint.tools.wranglerschemagen"
    if not (WRANGLER / "config-schema.json").is_file():
        pytest.skip("the pinned wrangler is not installed (cd tests/wrangler && npm ci)")
    fresh = wranglerschemagen.generate(WRANGLER)
    assert fresh == (DATA_DIR / "wrangler-config.schema.json").read_text(encoding="utf-8"), \
        "regenerate: python -m wmlint.tools.wranglerschemagen tests/wrangler/node_modules/wrangler " \
        "-o schemas/wrangler-config.schema.json"


def test_the_generator_reads_wranglers_severities_and_removed_fields() -> None:
    gen = schema()
    assert gen["x-wmlint-severities"] == {"unexpected_field": "warning", "wrong_type": "error"}
    removed = {(r["field"], r["severity"]) for r in gen["x-wmlint-removed"]}
    assert {("node_compat", "error"), ("legacy_env", "error"), ("site.entry-point", "warning")} <= removed


def test_the_generator_reads_a_javascript_call_with_strings_and_templates() -> None:
    cli = ('function deprecated(diagnostics, config2, fieldPath, message, remove, title = "Deprecation", '
           'type = "warning") {}\n'
           'deprecated(\n diagnostics,\n rawEnv,\n // @ts-expect-error gone\n "old_key",\n'
           ' `The "old_key" field (a, b) is gone. Use ${"x"} instead.`,\n true,\n "Removed",\n "error"\n);\n'
           'if ("legacy_thing" in rawConfig) {\n diagnostics.errors.push(\n dedent`\n The "legacy_thing" field is '
           'no longer supported. More.\n `\n );\n}\n')
    got = wranglerschemagen.removed_fields(cli)
    assert got[0]["field"] == "legacy_thing" and got[0]["severity"] == "error"
    assert got[1] == {"field": "old_key", "level": "environment", "severity": "error", "title": "Removed",
                      "message": ""}
    with pytest.raises(ValueError):
        wranglerschemagen.removed_fields("nothing here")


def test_the_keys_of_the_configuration_wrangler_builds_are_not_unexpected() -> None:
    """A build's generated configuration (the Vite plugin's, Astro's, React Router's) carries
    ``configPath``, ``topLevelName``...: wrangler's top-level check lets them through, so does wmlint;
    anywhere else they are still unexpected, and a misspelling of one is still caught."""
    accepted = schema()["x-wmlint-top-level-accepted"]
    assert {"configPath", "userConfigPath", "topLevelName", "definedEnvironments"} <= set(accepted)
    assert not set(accepted) & set(top_level_keys())
    raw = {"name": "w", "configPath": "/tmp/w/wrangler.jsonc", "userConfigPath": "/tmp/w/wrangler.jsonc",
           "topLevelName": "w", "definedEnvironments": [], "targetEnvironment": "staging",
           "topLevelNam": "w", "observability": {"configPath": "x"}, "env": {"staging": {"topLevelName": "w"}}}
    assert [c for c in _codes(check_config(raw)) if c[0] != "WM028"] == [
        ("WM020", "topLevelNam"), ("WM020", "observability.configPath"), ("WM020", "env.staging.topLevelName")]


def test_the_generator_reads_the_keys_of_the_configuration_wrangler_builds() -> None:
    cli = ('function normalizeAndValidateConfig(rawConfig, configPath) {\n  const config2 = {\n    configPath,\n'
           '    topLevelName: isRedirected ? rawConfig.topLevelName : rawConfig.name,\n'
           '    dev: normalizeDev(diagnostics, rawConfig.dev ?? {}, { a: 1, "b,c": `x}` }),\n    ...activeEnv,\n'
           '    name: rawConfig.name\n  };\n  validateAdditionalProperties(\n    diagnostics,\n    "top-level",\n'
           '    Object.keys(rawConfig),\n    [...Object.keys(config2), "env", "$schema"]\n  );\n}\n')
    assert wranglerschemagen.top_level_accepted(cli, {"name", "dev", "env"}) == ["$schema", "configPath", "topLevelName"]
    with pytest.raises(ValueError):
        wranglerschemagen.top_level_accepted("function normalizeAndValidateConfig() {}", set())


def test_every_depth_and_every_environment_is_checked() -> None:
    raw = {"name": "w", "nam": 1, "observability": {"logs": {"enabled": True, "invocation_log": False}},
           "queues": {"consumers": [{"queue": "q", "max_batch_sise": 3}]},
           "env": {"staging": {"kv_namespaces": [{"binding": "KV", "idd": "x"}]},
                   "prod": {"durable_objects": {"bindings": [{"name": "D", "class_name": 5}]}}}}
    assert [c for c in _codes(check_config(raw)) if c[0] != "WM028"] == [
        ("WM020", "nam"), ("WM020", "observability.logs.invocation_log"), ("WM020", "queues.consumers[0].max_batch_sise"),
        ("WM020", "env.staging.kv_namespaces[0].idd"), ("WM021", "env.prod.durable_objects.bindings[0].class_name")]


def test_top_level_only_keys_in_an_environment_are_named_as_such() -> None:
    assert "keep_vars" in top_level_keys() and "keep_vars" not in environment_keys()
    (p,) = check_config({"env": {"staging": {"keep_vars": True}}})
    assert p.code == "WM020" and "top-level key" in p.message and "[env.staging]" in p.message


def test_removed_and_deprecated_keys_follow_wrangler() -> None:
    raw = {"node_compat": True, "legacy_env": False, "site": {"bucket": "p", "entry-point": "w"},
           "pipelines": [{"binding": "P", "pipeline": "p"}], "env": {"s": {"node_compat": True}}}
    got = _codes(check_config(raw))
    assert ("WM024", "node_compat") in got and ("WM024", "legacy_env") in got
    assert ("WM024", "env.s.node_compat") in got
    assert ("WM025", "site.entry-point") in got and ("WM025", "pipelines[0].pipeline") in got
    assert not any(code == "WM020" for code, _ in got)  # a removed key is said once, as removed


def test_a_misspelt_required_key_is_an_error_and_the_missing_key_is_not_said_twice() -> None:
    (p,) = check_config({"kv_namespaces": [{"bindng": "KV", "id": "x"}]})
    assert (p.code, p.severity) == ("WM020", "error") and p.fix is not None and p.fix.new == "binding"
    (q,) = check_config({"kv_namespaces": [{"id": "x"}]})
    assert q.code == "WM023" and "'binding'" in q.message


def test_routes_are_explained_by_the_shape_they_come_closest_to() -> None:
    got = _codes(check_config({"routes": [{"pattern": "a.com/*", "zone_nam": "a.com"}]}))
    assert got == [("WM020", "routes[0].zone_nam")]


def test_migration_tags_and_module_rules_that_wrangler_mishandles() -> None:
    raw = {"migrations": [{"tag": "v1"}, {"tag": "v2"}, {"tag": "v1"}],
           "rules": [{"type": "Text", "globs": ["*.a"]}, {"type": "Text", "globs": ["*.b"], "fallthrough": True},
                     {"type": "Data", "globs": ["*.c"], "fallthrough": True}, {"type": "Data", "globs": ["*.d"]}]}
    assert _codes(check_config(raw)) == [("WM026", "migrations[2].tag"), ("WM027", "rules[1]")]


def test_findings_point_at_the_key_in_toml_and_jsonc_and_fix_it(tmp_path: Path) -> None:
    toml = ('name = "w"\nmain = "src/index.js"\ncompatibility_date = 2025-06-01\n\n[env.staging]\n'
            '[[env.staging.d1_databases]]\nbinding = "DB"\ndatabse_id = "6f1c0d8e-2b3a-4c5d-9e8f-7a6b5c4d3e2f"\n')
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "index.js").write_text("export default {}")
    found = {d.code: d for d in _lint(tmp_path, "wrangler.toml", toml)}
    assert (found["WM021"].line, found["WM021"].column) == (3, 22)
    assert (found["WM020"].line, found["WM020"].column, found["WM020"].end_column) == (8, 1, 11)
    assert found["WM020"].pointer == "/env/staging/d1_databases/0/databse_id"
    fixed = apply_fixes(toml, list(found.values())).text
    assert 'compatibility_date = "2025-06-01"' in fixed and "\ndatabase_id = " in fixed
    jsonc = '{\n  // the app\n  "name": "w",\n  "main": "src/index.js",\n  "assets": {"directory": "p",\n' \
            '    "not_found_handling": "single-page-app",},\n}\n'
    (d,) = [d for d in _lint(tmp_path, "wrangler.jsonc", jsonc) if d.code == "WM022"]
    assert (d.line, d.column) == (6, 27) and d.fix is not None and d.fix.new == "single-page-application"
    assert '"not_found_handling": "single-page-application"' in apply_fixes(jsonc, [d]).text


def test_a_key_already_reported_is_not_reported_again_by_the_metadata_schema(tmp_path: Path) -> None:
    text = 'name = "w"\nmain = "src/index.js"\ncompatibility_date = "2025-06-01"\n[[kv_namespaces]]\nbindng = "KV"\n' \
           'id = "0f2ac74b498b48028cb68387c421e279"\n[assets]\ndirectory = "p"\nhtml_handling = "auto"\n'
    codes = sorted(d.code for d in _lint(tmp_path, "wrangler.toml", text)
                   if d.severity.value != "info" and d.code != "WM029")  # main and assets are not made here
    assert codes == ["WM020", "WM022"]


def test_a_secret_in_a_wrong_place_is_never_echoed() -> None:
    token = "sk_live_51HxQ2kLmN8pQrStUvWxYz0123456789abcdef"
    msgs = " ".join(p.message for p in check_config({"routes": token, "assets": {"html_handling": token}}))
    assert token not in msgs and "characters" in msgs


@pytest.mark.parametrize("raw", [
    {"env": "staging"}, {"env": {"s": 3}}, {"kv_namespaces": {"binding": "x"}}, {"routes": [[[[]]]]},
    {"vars": json.loads("[" * 500 + "]" * 500)}, {"migrations": [{"tag": ["v1"]}] * 3}, {"rules": [1, None, {}]},
])
def test_hostile_shapes_never_crash(raw: dict) -> None:
    assert isinstance(check_config(raw), list)


def test_deep_nesting_and_many_problems_are_bounded() -> None:
    deep: dict = {}
    node = deep
    for _ in range(2000):
        node["a"] = {}
        node = node["a"]
    assert len(check_config({"vars": deep, "observability": deep})) <= 500
    many = {f"k{i}": i for i in range(5000)}
    assert len(check_config(many)) == 500


def test_the_translation_inherits_what_the_pinned_wrangler_inherits() -> None:
    from wmlint.inputs.wrangler import NOT_INHERITED

    assert sorted(NOT_INHERITED) == schema()["x-wmlint-not-inherited"]


def test_an_environment_without_the_bindings_it_does_not_inherit() -> None:
    raw = {"vars": {"A": "1", "B": "2"}, "kv_namespaces": [{"binding": "KV", "id": "x"}], "name": "w",
           "env": {"staging": {"vars": {"A": "1"}}, "prod": {"vars": {"A": "1", "B": "3"},
                                                               "kv_namespaces": []}}}
    got = [(p.code, render_path(p.path), p.message) for p in check_config(raw)]
    assert [g[:2] for g in got] == [("WM028", "env.staging"), ("WM028", "env.staging.vars")]
    assert got[0][2].startswith("[env.staging] does not inherit kv_namespaces from the top level")  # not name
    assert "'B'" in got[1][2]


def _inline_project(tmp_path: Path, config: str, name: str = "wrangler.toml") -> list:
    (tmp_path / "src").mkdir(exist_ok=True)
    (tmp_path / "src" / "index.js").write_text("export default { fetch() { return new Response('x') } }\n")
    return [d for d in _lint(tmp_path, name, config) if d.severity.value != "info"]


def test_inline_suppressions_in_toml_on_the_line_and_above_it(tmp_path: Path) -> None:
    config = ('name = "w"\nmain = "src/index.js"\ncompatibility_date = "2025-06-01"\n'
              '[[d1_databases]]\nbinding = "DB"\n# wmlint-ignore: WM020 -- read by our own tooling\n'
              'databse_id = "6f1c0d8e-2b3a-4c5d-9e8f-7a6b5c4d3e2f"\ncolour = "x"  # wmlint-ignore WM020\n'
              'shade = "y"  # wmlint-ignore: WM021\n')
    found = [(d.code, d.line, d.message) for d in _inline_project(tmp_path, config)]
    assert [f[:2] for f in found] == [("WM020", 9), ("WM903", 9)]
    assert "WM021 silences nothing on line 9" in found[1][2]


def test_inline_suppressions_in_jsonc_and_bad_directives(tmp_path: Path) -> None:
    config = ('{\n  "name": "w",\n  "main": "src/index.js",\n  "compatibility_date": "2025-06-01",\n'
              '  // wmlint-ignore: WM022\n  "assets": {"directory": "p", "html_handling": "auto"},\n'
              '  "colour": 1, // wmlint-ignore\n  "shade": 2 /* wmlint-ignore: XX999 */\n}\n')
    (tmp_path / "p").mkdir()
    found = [(d.code, d.line, d.message) for d in _inline_project(tmp_path, config, "wrangler.jsonc")]
    assert [f[:2] for f in found] == [("WM020", 7), ("WM903", 7), ("WM020", 8), ("WM903", 8)]
    assert "names no code" in found[1][2] and "no wmlint code" in found[3][2]


def test_inline_suppressions_in_javascript_and_redirects(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "index.js").write_text(
        "// wmlint-ignore: WM330\nconst r = crypto.randomUUID();\nconst s = crypto.randomUUID(); // wmlint-ignore WM330\n"
        "export default { fetch() { return new Response(String(r) + s) } }\n")
    (tmp_path / "public").mkdir()
    (tmp_path / "public" / "_redirects").write_text("# wmlint-ignore: WM411\n/a /b 999\n/c /d 999\n")
    config = ('name = "w"\nmain = "src/index.js"\ncompatibility_date = "2025-06-01"\nno_bundle = true\n'
              '[assets]\ndirectory = "public"\nbinding = "ASSETS"\n')
    plain = LINTER.lint_loaded(load_path(str(_write(tmp_path, config))))
    serious = sorted((Path(d.file or "").name, d.line, d.code) for d in plain if d.severity.value != "info")
    assert [s for s in serious if s[0] == "_redirects"] == [("_redirects", 3, "WM411")]
    assert not any(name == "index.js" for name, _, _ in serious), serious
    (tmp_path / "src" / "index.js").write_text("// wmlint-ignore: WM330\nconst r = 1;\nexport default {}\n")
    again = LINTER.lint_loaded(load_path(str(tmp_path / "wrangler.toml")))
    assert [(Path(d.file or "").name, d.line, d.code) for d in again if d.code == "WM903"] == [("index.js", 1, "WM903")]


def _write(tmp_path: Path, config: str) -> Path:
    (tmp_path / "wrangler.toml").write_text(config)
    return tmp_path / "wrangler.toml"


def test_per_file_ignores_take_the_configurations_own_pointers(tmp_path: Path) -> None:
    from wmlint import config as cfgmod

    found = _inline_project(tmp_path, 'name = "w"\nmain = "src/index.js"\ncompatibility_date = "2025-06-01"\n'
                                      '[[kv_namespaces]]\nbinding = "KV"\nid = "not-an-id"\n')
    assert [d.pointer for d in found] == ["/kv_namespaces/0/id"]
    cfg = cfgmod.Config(path=tmp_path / "wmlint.toml", per_file_ignores={"wrangler.toml#/kv_namespaces/0": ["WM209"]})
    cfg.used = {k: 0 for k in cfg.per_file_ignores}
    assert cfgmod.apply_ignores(cfg, found[0].file or "", found) == []


def test_messages_quote_the_configuration_key_not_the_metadata_pointer(tmp_path: Path) -> None:
    found = _inline_project(tmp_path, 'name = "w"\nmain = "src/index.js"\ncompatibility_date = "2025-06-01"\n'
                                      '[[kv_namespaces]]\nbinding = "X"\nid = "0f2ac74b498b48028cb68387c421e279"\n'
                                      '[[r2_buckets]]\nbinding = "X"\nbucket_name = "media"\n')
    (dup,) = [d for d in found if d.code == "WM202"]
    assert "at kv_namespaces[0]" in dup.message and "/bindings/" not in dup.message
    assert dup.pointer == "/r2_buckets/0/binding" and dup.line == 8


def test_the_top_level_only_keys_are_the_pinned_wranglers() -> None:
    from wmlint.inputs.wrangler import TOP_LEVEL_ONLY

    assert TOP_LEVEL_ONLY == set(top_level_keys()) - set(environment_keys())


def test_an_environment_may_set_its_own_migrations() -> None:
    from wmlint.inputs.wrangler import resolve_env, translate

    raw = {"main": "w.js", "migrations": [{"tag": "v1", "new_sqlite_classes": ["A"]}],
           "env": {"staging": {"migrations": [{"tag": "s1", "new_sqlite_classes": ["B"]}]}}}
    tr = translate(*resolve_env(raw, "staging"))
    assert tr.metadata["migrations"]["new_tag"] == "s1"
    assert tr.origins["/migrations/new_tag"] == ("env", "staging", "migrations", 0, "tag")


def test_the_key_table_in_the_docs_is_the_generated_one() -> None:
    from wmlint.tools import configkeys

    page = (REPO / "docs" / "inputs.md").read_text(encoding="utf-8")
    assert configkeys.render(page) == page, "regenerate: python -m wmlint.tools.configkeys docs/inputs.md"
    translated = configkeys.translated_keys()
    assert {"main", "vars", "kv_namespaces", "migrations", "assets", "compatibility_date"} <= translated
    assert not {"routes", "build", "name", "dev"} & translated


def test_nested_json_values_are_walked_once_per_level(monkeypatch: pytest.MonkeyPatch) -> None:
    """A wrong value deep in `vars` (whose schema is a recursive anyOf) costs one walk per level,
    not one per branch per level (which doubled at every level)."""
    from wmlint.analysis import wrangler_config

    value: object = dt.date(2025, 1, 1)
    for _ in range(25):
        value = {"a": value}
    calls = 0
    real = wrangler_config._Walk.walk

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        return real(self, *args, **kwargs)

    monkeypatch.setattr(wrangler_config._Walk, "walk", counting)
    problems = check_config({"vars": value})
    assert [p.code for p in problems] == ["WM021"] and "quote it" in problems[0].message
    assert calls < 200


def test_a_misspelt_required_key_is_one_finding_not_three(tmp_path: Path) -> None:
    found = _inline_project(tmp_path, 'name = "w"\nmain = "src/index.js"\ncompatibility_date = "2025-06-01"\n'
                                      '[[ratelimits]]\nname = "RL"\nnamespace_id = "1001"\n'
                                      'simple = { limit = 10, perod = 60 }\n')
    assert [(d.code, d.severity.value, d.line) for d in found] == [("WM020", "error", 7)]
    assert "did you mean 'period'?" in found[0].message


def test_the_five_everyday_mistakes_of_issue_22_are_all_caught_where_they_were_written(file_regression) -> None:  # type: ignore[no-untyped-def]
    """A fresh TypeScript project with five everyday mistakes: a TOML date, a misspelt flag, an
    enum slip, a misspelt D1 key and an environment without its bindings; each at its line."""
    import os

    from click.testing import CliRunner

    from wmlint.cli import main

    old = os.getcwd()
    os.chdir(REPO)
    try:
        r = CliRunner().invoke(main, ["check", "tests/fixtures/wrangler/ts-five-mistakes", "--today", "2026-11-30",
                                      "--isolated", "--color", "never"], catch_exceptions=False)
    finally:
        os.chdir(old)
    assert r.exit_code == 1
    lines = {line.split(": ", 1)[0].rsplit(":", 2)[1] + " " + line.split("[")[1].split("]")[0]
             for line in r.output.splitlines() if line.startswith("tests/fixtures/")}
    assert {"4 WM021", "5 WM603", "10 WM022", "19 WM020", "21 WM028"} <= lines
    file_regression.check(r.output, extension=".txt")


def _configs():  # type: ignore[no-untyped-def]
    from hypothesis import strategies as st

    names = sorted(top_level_keys()) + ["node_compat", "legacy_env", "bindng", "\x1b[31m", "a\u2028b"]
    inner = ["binding", "id", "name", "class_name", "tag", "type", "globs", "fallthrough", "bindings", "simple"]
    scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=6),
                        st.dates())
    values = st.recursive(scalars, lambda c: st.lists(c, max_size=3) | st.dictionaries(
        st.sampled_from(inner) | st.text(max_size=4), c, max_size=3), max_leaves=12)
    sections = st.dictionaries(st.sampled_from(names), values, max_size=5)
    return st.builds(lambda top, envs: {**top, "env": envs} if envs else top, sections,
                     st.dictionaries(st.text(max_size=4), sections, max_size=2))


def test_any_configuration_gives_problems_that_can_be_printed() -> None:
    from hypothesis import given, settings

    from wmlint.rulekit.codes import CODES

    @settings(max_examples=150, deadline=None)
    @given(_configs())
    def check(raw: dict) -> None:
        for p in check_config(raw):
            assert p.code in CODES and isinstance(p.path, tuple)
            assert p.message.isprintable(), p.message  # no control character of the file reaches a message

    check()


def test_a_misspelt_table_header_gets_a_did_you_mean_but_no_fix_that_would_not_apply(tmp_path: Path) -> None:
    found = _inline_project(tmp_path, 'name = "w"\nmain = "src/index.js"\ncompatibility_date = "2025-06-01"\n'
                                      '[[kv_namespace]]\nbinding = "KV"\nid = "0f2ac74b498b48028cb68387c421e279"\n')
    (d,) = [d for d in found if d.code == "WM020"]
    assert d.line == 4 and "did you mean 'kv_namespaces'?" in d.message and d.fix is None


def test_a_main_file_or_assets_directory_that_is_not_there(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "index.ts").write_text("export default {}")
    config = ('name = "w"\nmain = "src/index.js"\ncompatibility_date = "2025-06-01"\n[assets]\ndirectory = "dist"\n'
              '[env.up]\nmain = "../outside.js"\n')
    found = [(d.code, d.line, d.column) for d in _lint(tmp_path, "wrangler.toml", config) if d.code == "WM029"]
    assert found == [("WM029", 2, 8), ("WM029", 5, 13)]
    assert not [d for d in _lint(tmp_path, "wrangler.toml", config, env="up") if "main" in d.message
                and d.code == "WM029"]  # out of the project: not looked at
    (tmp_path / "dist").mkdir()
    built = config.replace('[assets]', '[build]\ncommand = "npm run build"\n[assets]')
    assert not [d for d in _lint(tmp_path, "wrangler.toml", built) if d.code == "WM029"]


def test_worker_and_bucket_names_follow_wranglers_own_patterns() -> None:
    assert schema()["x-wmlint-name-patterns"]["name"] == "^$|^[a-z0-9_][a-z0-9-_]*$"
    raw = {"name": "Kitchen Sink!", "r2_buckets": [{"binding": "B", "bucket_name": "Media_Files"},
                                                    {"binding": "C", "bucket_name": "media-files"}],
           "env": {"staging": {"name": "kitchen-sink-staging", "r2_buckets": [{"binding": "B", "bucket_name": "ab"}]},
                   "dev": {"name": "dev_1"}}}
    got = [(p.code, render_path(p.path)) for p in check_config(raw) if p.code == "WM022"]
    assert got == [("WM022", "name"), ("WM022", "r2_buckets[0].bucket_name"),
                   ("WM022", "env.staging.r2_buckets[0].bucket_name")]
