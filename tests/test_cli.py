"""The command line: formats (snapshotted), exit codes, selection, stdin and the other commands."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES, REPO
from wmlint.cli import main

TODAY = ["--today", "2026-09-01"]


def run(*args, stdin=None, env=None):
    old = os.getcwd()
    os.chdir(REPO)
    try:
        return CliRunner(env=env).invoke(main, list(args), input=stdin, catch_exceptions=False)
    finally:
        os.chdir(old)


def test_clean_examples_pass():
    r = run("check", "examples/clean-module", "examples/service-worker", *TODAY)
    assert r.exit_code == 0, r.output
    assert r.output.strip() == "All checks passed: 2 files checked."


def test_full_output_snapshot(file_regression):
    r = run("check", "examples/broken", *TODAY, "--color", "never")
    assert r.exit_code == 1
    file_regression.check(r.output, extension=".txt")


def test_json_output_snapshot(data_regression):
    r = run("check", "examples/broken", *TODAY, "--output-format", "json")
    assert r.exit_code == 1
    data_regression.check(json.loads(r.stdout))


@pytest.mark.parametrize("fmt", ["concise", "github", "json-lines", "gitlab", "junit"])
def test_other_formats_snapshot(fmt, file_regression):
    r = run("check", "examples/broken", *TODAY, "--output-format", fmt)
    assert r.exit_code == 1
    file_regression.check(r.stdout, extension=".txt", basename=f"format_{fmt.replace('-', '_')}")


def test_sarif_validates_against_the_official_schema(shared):
    import jsonschema

    r = run("check", "examples/broken", *TODAY, "--output-format", "sarif")
    sarif = json.loads(r.stdout)
    schema = json.loads((shared / "spec" / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(sarif, schema, cls=jsonschema.Draft7Validator)
    results = sarif["runs"][0]["results"]
    assert results and all(res["partialFingerprints"]["wmlint/v1"] for res in results)
    rule_ids = [r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]]
    assert sorted(rule_ids) == sorted({res["ruleId"] for res in results})
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "examples/broken/metadata.json"


def test_fingerprints_survive_unrelated_edits(tmp_path):
    from wmlint.output.baseline import fingerprint
    from wmlint import Linter

    lin = Linter()
    a = lin.lint('{"main_module": "w.js", "bindings": [{"type": "d1", "name": "DB"}]}', file="m.json")
    b = lin.lint('\n\n{"compatibility_date": "2025-01-01",\n "main_module": "w.js", "bindings": [{"type": "d1", "name": "DB"}]}', file="m.json")
    fa = {fingerprint(d) for d in a if d.code == "WM101"}
    fb = {fingerprint(d) for d in b if d.code == "WM101"}
    assert fa == fb and len(fa) == 1


def test_exit_codes_and_thresholds():
    assert run("check", "examples/broken", *TODAY).exit_code == 1
    assert run("check", "examples/broken", *TODAY, "--exit-zero").exit_code == 0
    # only the warning remains: passes at the default threshold, fails at --fail-on warning
    sel = ["--select", "WM705"]
    assert run("check", "examples/broken", *TODAY, *sel).exit_code == 0
    assert run("check", "examples/broken", *TODAY, *sel, "--fail-on", "warning").exit_code == 1
    assert run("check", "examples/broken", *TODAY, "--select", "WM9").exit_code == 0
    assert run("check", "examples/broken", "--output-format", "nope").exit_code == 2
    assert run("check", "examples/broken", "--today", "tomorrow").exit_code == 2


def test_select_and_ignore_by_prefix():
    r = run("check", "examples/broken", *TODAY, "--output-format", "concise", "--ignore", "WM1,WM2")
    codes = {line.split()[1] for line in r.stdout.splitlines() if line.startswith("examples")}
    assert codes and not any(c.startswith(("WM1", "WM2")) for c in codes)
    r = run("check", "examples/broken", *TODAY, "--output-format", "concise", "--select", "WM2", "--ignore", "WM202")
    assert "WM202" not in r.stdout and "WM210" in r.stdout


def test_no_parts_skips_part_checks_and_says_so():
    r = run("check", "examples/broken", *TODAY, "--no-parts", "--output-format", "concise")
    assert "WM302" not in r.stdout
    assert "Part checks were skipped (--no-parts)." in r.stdout


def test_stdin_json_and_multipart():
    r = run("check", "-", *TODAY, "--output-format", "concise",
            stdin='{"main_module": "w.js", "bindings": [{"type": "d1", "name": "DB"}]}')
    assert r.exit_code == 1 and "<stdin>:1:38: WM101" in r.stdout
    body = (b'--B\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n'
            b'{"main_module": "w.js", "compatibility_date": "2025-06-01",\r\n "bindings": [{"type": "d1", "name": "DB"}]}\r\n'
            b'--B\r\nContent-Disposition: form-data; name="w.js"; filename="w.js"\r\n'
            b'Content-Type: application/javascript+module\r\n\r\nexport default {}\r\n--B--\r\n')
    r = run("check", "-", *TODAY, "--output-format", "concise", stdin=body)
    assert r.exit_code == 1 and "<stdin>:5:15: WM101" in r.stdout, r.stdout


def test_multipart_file_positions_point_into_the_body(tmp_path):
    body = (b'--B\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n'
            b'{"main_module": "index.js", "compatibility_date": "2025-06-01"}\r\n'
            b'--B\r\nContent-Disposition: form-data; name="w.js"; filename="w.js"\r\n'
            b'Content-Type: application/javascript+module\r\n\r\nexport default {}\r\n--B--\r\n')
    p = tmp_path / "upload.bin"
    p.write_bytes(body)
    r = run("check", str(p), *TODAY, "--output-format", "concise")
    assert r.exit_code == 1
    assert ":4:17: WM302" in r.stdout, r.stdout


def test_secret_values_never_appear_in_any_format(tmp_path):
    secret = "sk_" + "live_51Habcdefghijklmnopqrstuvwx"  # assembled, so secret scanners do not flag this file
    meta = {"main_module": "w.js", "compatibility_date": "2025-06-01",
            "bindings": [{"type": "secret_text", "name": "KEY", "text": secret},
                         {"type": "secret_text", "name": "KEY", "text": 12345678}]}
    p = tmp_path / "metadata.json"
    p.write_text(json.dumps(meta, indent=2))
    for fmt in ["full", "concise", "json", "json-lines", "github", "sarif", "gitlab", "junit"]:
        r = run("check", str(p), *TODAY, "--no-parts", "--output-format", fmt)
        assert r.exit_code == 1
        assert secret not in r.output and "12345678" not in r.output, fmt


# Fake credentials in the real formats, assembled at run time so that secret scanners do not
# flag this file (and nobody mistakes them for real ones).
CREDENTIALS = {
    "aws": "AKIA" + "Z7Q3EXAMPLE4K2LM",
    "github": "gh" + "p_R4nd0mLook1ngT0kenValue0123456789abcd",
    "slack": "xo" + "xb-2048-4096-Rand0mSlackT0ken",
    "stripe": "sk_" + "live_4eC39HqLyjWDarjtT1zdp7dc",
    "jwt": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    "pem": "-----BEGIN RSA " + "PRIVATE KEY-----\nMIIEowIBAAKCAQEA7kq\n-----END RSA PRIVATE KEY-----",
    "entropy": "q8Xf2LzR7vN4pK1mT9sW3yB6",
}


@pytest.mark.parametrize("fmt", ["full", "concise", "json", "json-lines", "github", "sarif", "gitlab", "junit"])
def test_credentials_in_plain_text_are_reported_but_never_echoed(tmp_path, fmt):
    bindings = [{"type": "plain_text", "name": f"{k.upper()}_TOKEN", "text": v} for k, v in CREDENTIALS.items()]
    bindings.append({"type": "json", "name": "CONFIG", "json": {"nested": {"api_key": CREDENTIALS["stripe"] + "X"}}})
    # a duplicate name makes another rule quote the binding, never its value
    bindings.append({"type": "plain_text", "name": "AWS_TOKEN", "text": CREDENTIALS["aws"]})
    meta = {"main_module": "w.js", "compatibility_date": "2025-06-01", "bindings": bindings}
    p = tmp_path / "metadata.json"
    p.write_text(json.dumps(meta, indent=2))
    r = run("check", str(p), *TODAY, "--no-parts", "--output-format", fmt, "--color", "never")
    assert r.exit_code == 1
    out = r.output
    for k, v in CREDENTIALS.items():
        # every line of the value (a PEM key has many; its BEGIN/END lines are not secret)
        secret_lines = [line for line in v.split("\n") if line and not line.startswith("-----")]
        assert secret_lines, k
        for line in secret_lines:
            for start in range(0, max(1, len(line) - 16), 8):  # no 16-character window of it appears
                assert line[start:start + 16] not in out, (fmt, k)
    if fmt == "concise":
        codes = [line.split()[1] for line in out.splitlines() if ": WM" in line]
        assert codes.count("WM802") == 8 and codes.count("WM803") == 1, out


def test_rule_and_rules_commands():
    r = run("rules")
    assert r.exit_code == 0 and "WM202  duplicate-binding-name" in r.output
    r = run("rule", "WM202")
    assert r.exit_code == 0 and "## What it does" in r.output and "## Use instead" in r.output
    r = run("rule", "duplicate-binding-name", "--output-format", "json")
    assert json.loads(r.output)["code"] == "WM202"
    r = run("rule", "duplicate-binding-nam")
    assert r.exit_code == 2 and "did you mean 'duplicate-binding-name'" in r.output
    assert json.loads(run("rules", "--output-format", "json").output)[0]["code"] == "WM001"


def test_an_unused_suppression_passes_through_selection_and_severity(tmp_path):
    (tmp_path / "metadata.json").write_text('{"main_module": "w.js", "compatibility_date": "2025-06-01"}')
    (tmp_path / "w.js").write_text("export default { fetch() { return new Response('ok'); } };")
    cfg = '[per-file-ignores]\n"metadata.json" = ["WM202"]\n'
    (tmp_path / "wmlint.toml").write_text(cfg)
    r = run("check", str(tmp_path), *TODAY, "--output-format", "concise")
    assert r.exit_code == 0 and "WM903 [unused-suppression] warning" in r.output
    assert "WM903" not in run("check", str(tmp_path), *TODAY, "--ignore", "WM903").output
    assert "WM903" not in run("check", str(tmp_path), *TODAY, "--select", "WM2").output
    (tmp_path / "wmlint.toml").write_text(cfg + '[severity]\nWM903 = "error"\n')
    r = run("check", str(tmp_path), *TODAY, "--output-format", "concise")
    assert r.exit_code == 1 and "WM903 [unused-suppression] error" in r.output


def _keys(node):
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            if key not in ("examples", "enum", "const", "default"):
                yield from _keys(value)
    elif isinstance(node, list):
        for item in node:
            yield from _keys(item)


def test_schema_command_prints_the_schemas():
    editor = json.loads(run("schema").output)
    assert editor["$id"] == "urn:wmlint:schema:worker-metadata:editor"
    assert not [k for k in _keys(editor) if k.startswith("x-")]
    assert json.loads(run("schema", "--internal").output)["$id"] == "urn:wmlint:schema:worker-metadata"
    assert json.loads(run("schema", "--config").output)["$id"] == "urn:wmlint:schema:config"


def test_config_is_found_validated_and_pointer_ignores_report_when_unused(tmp_path):
    up = tmp_path / "api"
    up.mkdir()
    (up / "metadata.json").write_text((EXAMPLES / "broken" / "metadata.json").read_text())
    (up / "worker.js").write_text("export default {}")
    (tmp_path / "wmlint.toml").write_text(
        'ignore = ["WM705"]\n[per-file-ignores]\n"api/metadata.json#/bindings/2" = ["WM202"]\n'
        '"api/metadata.json#/bindings/0" = ["WM215"]\n')
    r = run("check", str(up), *TODAY, "--output-format", "concise")
    assert "WM705" not in r.output and "WM202" not in r.output and "WM210" in r.output
    assert "WM903" in r.output and "#/bindings/0" in r.output
    (tmp_path / "wmlint.toml").write_text('selct = ["WM2"]\n')
    r = run("check", str(up), *TODAY)
    assert r.exit_code == 2 and "unknown key 'selct'; did you mean 'select'?" in r.output
    assert run("check", str(up), *TODAY, "--isolated").exit_code == 1


@pytest.mark.parametrize("fmt", ["json", "json-lines"])
def test_json_output_follows_its_published_schema(fmt, tmp_path):
    import jsonschema

    schema = json.loads(run("schema", "--diagnostics").output)
    jsonschema.Draft202012Validator.check_schema(schema)
    bad = tmp_path / "m.json"
    bad.write_text(json.dumps({"main_module": "w.js", "bindings": [
        {"type": "plain_text", "name": "A_TOKEN", "text": CREDENTIALS["github"]}, {"type": "kv_namspace", "name": "A_TOKEN"}],
        "assets": {"config": {"_redirects": "/* /index.html 200"}}}))
    r = run("check", "examples/broken", "examples/unbundled", str(bad), *TODAY, "--output-format", fmt)
    docs = json.loads(r.stdout) if fmt == "json" else [json.loads(line) for line in r.stdout.splitlines()]
    jsonschema.validate(docs, schema)  # json-lines: the same objects, one per line
    assert len(docs) > 10 and {d["severity"] for d in docs} == {"error", "warning"}
    assert any(d["file"] == "examples/broken/metadata.json" and d["line"] for d in docs)


def test_parallel_workers_give_the_same_report_in_the_same_order(tmp_path):
    import shutil

    targets = []
    for i in range(7):
        src = EXAMPLES / ("broken" if i % 3 == 0 else "clean-module")
        shutil.copytree(src, tmp_path / f"w{i}")
        targets.append(str(tmp_path / f"w{i}"))
    serial = run("check", *targets, *TODAY, "-j1", "--output-format", "json")
    forked = run("check", *targets, *TODAY, "-j3", "--output-format", "json")
    assert serial.exit_code == forked.exit_code == 1
    assert serial.stdout == forked.stdout and len(json.loads(forked.stdout)) > 10


def test_a_failing_worker_is_a_clean_exit_2(tmp_path, monkeypatch):
    import shutil

    import wmlint.cli.runner as runner

    targets = []
    for i in range(4):
        shutil.copytree(EXAMPLES / "clean-module", tmp_path / f"w{i}")
        targets.append(str(tmp_path / f"w{i}"))
    real = runner.lint_target

    def flaky(target, *args):
        if target.path.endswith("w3"):  # in the last share, so a forked child hits it
            raise MemoryError("simulated")
        return real(target, *args)
    monkeypatch.setattr(runner, "lint_target", flaky)
    r = run("check", *targets, *TODAY, "-j2")
    assert r.exit_code == 2 and "a worker process failed: MemoryError: simulated" in r.output


def test_deep_checks_output_snapshot(file_regression):
    """The failures users hit most, in one upload: a secret, a _redirects loop, a CORS header,
    a node: import without Node.js compatibility, and an import of a module that was not uploaded."""
    r = run("check", "examples/broken-deep", *TODAY, "--color", "never")
    assert r.exit_code == 1
    assert "AKIAIOSFODNN7EXAMPLE" not in r.output
    file_regression.check(r.output, extension=".txt")


def test_startup_checks_output_snapshot(file_regression):
    """Code that the runtime refuses when it starts the Worker: a link error, a random value
    and a browser global at module scope (examples/broken-startup)."""
    r = run("check", "examples/broken-startup", *TODAY, "--color", "never")
    assert r.exit_code == 1
    file_regression.check(r.output, extension=".txt")


def test_junit_counts_match_its_cases_and_infos_are_not_failures():
    import xml.etree.ElementTree as ET

    r = run("check", "examples/wrangler-project", "examples/clean-module", *TODAY, "--output-format", "junit")
    root = ET.fromstring(r.stdout)
    cases = root.findall(".//testcase")
    assert int(root.get("tests")) == len(cases) == sum(int(s.get("tests")) for s in root.findall("testsuite"))
    failures = root.findall(".//failure")
    # wrangler-project's four configuration mistakes and the startup failure in its source
    assert int(root.get("failures")) == len(failures) == 5
    # "bundled at deploy" (WM017, where the source graph cannot stand in: a service worker) is
    # said once in the summary, not as a case on every run
    r = run("check", "tests/corpus/projects/service-worker", *TODAY, "--output-format", "junit")
    assert "WM017" not in r.stdout and "1 wrangler project is bundled at deploy" in r.stderr


def test_statistics_follow_the_output_format_and_every_json_finding_has_help():
    r = run("check", "examples/broken", *TODAY, "--statistics", "--output-format", "json")
    rows = json.loads(r.stdout)
    assert {"code": "WM603", "name": "unknown-compatibility-flag", "severity": "error", "count": 1, "fixable": 1} in rows
    found = json.loads(run("check", "examples/broken", *TODAY, "--output-format", "json").stdout)
    assert all(d["help"] and f"wmlint rule {d['code']}" in d["help"] for d in found)
    sarif = json.loads(run("check", "examples/broken", *TODAY, "--output-format", "sarif").stdout)
    assert all(r["help"]["text"] for r in sarif["runs"][0]["tool"]["driver"]["rules"])


def test_help_shows_whole_summaries_examples_and_exit_codes():
    top = run("--help").output
    assert "..." not in top.split("Commands:")[1] and "Exit codes:" in top
    check = run("check", "--help").output
    assert "Examples:" in check and "wmlint check wrangler.jsonc --env staging" in check
    assert "2  a usage error" in check and "--fix" in check and "--show-files" in check
