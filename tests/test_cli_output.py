"""Output details of `wmlint check` (issue 26, section 3): --diff shows every fix --fix applies,
-q/--quiet and -s/--silent, --stdin-filename."""

from __future__ import annotations

import json
import re
import shutil

from click.testing import CliRunner

from conftest import EXAMPLES, REPO
from wmlint.cli import main

TODAY = ["--today", "2026-09-01"]


def _run(args, monkeypatch=None, cwd=None, stdin=None):
    if cwd is not None and monkeypatch is not None:
        monkeypatch.chdir(cwd)
    return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)


def _fixed_count(output: str, word: str) -> int:
    m = re.search(rf"{word} (\d+) finding", output)
    assert m, output
    return int(m.group(1))


def _apply_unified_diff(text: str, diff: str) -> str:
    """Apply a one-file unified diff (as `patch` would) to ``text``."""
    lines = text.splitlines()
    out: list[str] = []
    at = 0
    for line in diff.splitlines():
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            start = int(line.split()[1].split(",")[0].lstrip("-")) - 1
            out += lines[at:start]
            at = start
        elif line.startswith("-"):
            at += 1
        elif line.startswith("+"):
            out.append(line[1:])
        elif line.startswith(" "):
            out.append(lines[at])
            at += 1
    return "\n".join(out + lines[at:]) + "\n"


def test_diff_shows_every_fix_that_fix_applies_on_the_wrangler_example(tmp_path, monkeypatch):
    """The README's first example: --diff said "Would fix 0 findings" while --fix fixed one."""
    shutil.copytree(EXAMPLES / "wrangler-project", tmp_path / "p")
    monkeypatch.chdir(tmp_path)
    before = (tmp_path / "p" / "wrangler.jsonc").read_text()
    diff = _run(["check", "p", "--diff", *TODAY])
    assert diff.exit_code == 1
    would = _fixed_count(diff.output, "Would fix")
    assert (tmp_path / "p" / "wrangler.jsonc").read_text() == before  # --diff writes nothing
    assert "+++ b/p/wrangler.jsonc" in diff.stdout
    fix = _run(["check", "p", "--fix", *TODAY])
    assert would == _fixed_count(fix.output, "Fixed") == 1


def test_diff_follows_the_fix_rounds_and_is_exactly_what_fix_writes(tmp_path, monkeypatch):
    """A fix that reveals another (a corrected flag that is now a duplicate) is in the diff too."""
    shutil.copytree(REPO / "tests" / "fixtures" / "wrangler" / "toml-project", tmp_path / "p")
    monkeypatch.chdir(tmp_path)
    before = (tmp_path / "p" / "wrangler.toml").read_text()
    diff = _run(["check", "p", "--diff", "--isolated", *TODAY])
    fix = _run(["check", "p", "--fix", "--isolated", *TODAY])
    assert _fixed_count(diff.output, "Would fix") == _fixed_count(fix.output, "Fixed") == 2
    after = (tmp_path / "p" / "wrangler.toml").read_text()
    assert _apply_unified_diff(before, diff.stdout) == after


def test_a_fix_on_a_line_with_a_secret_keeps_it_masked(tmp_path, monkeypatch):
    token = "ghp_" + "Z" * 36
    meta = tmp_path / "metadata.json"
    meta.write_text('{"main_module": "w.js", "compatibility_date": "2025-06-01",\n'
                    ' "bindings": [{"type": "kv_namspace", "name": "K", "namespace_id": "0f2ac74b498b48028cb68387c421e279"},'
                    f' {{"type": "plain_text", "name": "TOKEN", "text": "{token}"}}],\n'
                    ' "compatibility_flags": ["nodejs_compt"]}\n')
    (tmp_path / "w.js").write_text("export default {};")
    monkeypatch.chdir(tmp_path)
    diff = _run(["check", "metadata.json", "--diff", "--isolated", *TODAY])
    assert diff.exit_code == 1 and token not in diff.output and "ZZZZ" not in diff.output
    assert '+ "bindings": [{"type": "kv_namespace"' in diff.stdout and "*****" in diff.stdout
    assert '+ "compatibility_flags": ["nodejs_compat"]}' in diff.stdout


def test_quiet_prints_findings_only_and_silent_nothing():
    loud = _run(["check", str(EXAMPLES / "broken"), *TODAY, "--output-format", "concise"])
    quiet = _run(["check", str(EXAMPLES / "broken"), *TODAY, "--output-format", "concise", "-q"])
    silent = _run(["check", str(EXAMPLES / "broken"), *TODAY, "--output-format", "concise", "--silent"])
    assert loud.exit_code == quiet.exit_code == silent.exit_code == 1
    assert "Found" in loud.output and "Found" not in quiet.output
    assert quiet.output == "".join(line + "\n" for line in loud.output.splitlines() if ": WM" in line)
    assert silent.output == ""
    clean = _run(["check", str(EXAMPLES / "clean-module"), *TODAY, "--quiet"])
    assert clean.exit_code == 0 and clean.output == ""


def test_silent_still_writes_the_output_file(tmp_path):
    out = tmp_path / "report.json"
    r = _run(["check", str(EXAMPLES / "broken"), *TODAY, "--output-format", "json", "--output-file", str(out), "-s"])
    assert r.exit_code == 1 and r.output == "" and json.loads(out.read_text())


def test_stdin_filename_lints_stdin_as_that_configuration(monkeypatch):
    project = EXAMPLES / "wrangler-project"
    monkeypatch.chdir(project)
    text = (project / "wrangler.jsonc").read_text()
    piped = _run(["check", "-", "--stdin-filename", "wrangler.jsonc", *TODAY, "--output-format", "json"], stdin=text)
    direct = _run(["check", "wrangler.jsonc", *TODAY, "--output-format", "json"])
    assert piped.exit_code == direct.exit_code == 1
    assert json.loads(piped.stdout) == json.loads(direct.stdout)  # the same findings, naming the same files
    bare = _run(["check", "--stdin-filename", "wrangler.jsonc", *TODAY, "--output-format", "json"], stdin=text)
    assert json.loads(bare.stdout) == json.loads(direct.stdout)  # no path: `-` is implied


def test_stdin_filename_finds_the_configuration_and_is_never_written(tmp_path, monkeypatch):
    (tmp_path / "w").mkdir()
    meta = tmp_path / "w" / "metadata.json"
    meta.write_text("{}")  # what is on disk is not what is linted
    (tmp_path / "wmlint.toml").write_text('[per-file-ignores]\n"w/metadata.json" = ["WM6"]\n')
    monkeypatch.chdir(tmp_path)
    text = '{"main_module": "w.js", "compatibility_date": "2025-06-01", "compatibility_flags": ["nodejs_compt"]}'
    (tmp_path / "w" / "w.js").write_text("export default {};")
    r = _run(["check", "-", "--stdin-filename", "w/metadata.json", *TODAY, "--output-format", "concise",
              "--select", "WM6,WM3"], stdin=text)
    assert "WM6" not in r.output and "WM903" not in r.output, r.output  # the configuration's ignores applied
    r = _run(["check", "-", "--stdin-filename", "w/metadata.json", *TODAY, "--fix", "--isolated"], stdin=text)
    assert meta.read_text() == "{}"  # a fix of standard input never writes the file it is named after


def test_diff_masking_when_a_fix_rewrites_a_masked_value_or_joins_lines():
    import difflib

    from wmlint.cli import _mask_diff

    old = ['  "a": ["SECRET1",', '    "SECRET2"]', "}"]
    masked = ['  "a": ["*******",', '    "*******"]', "}"]
    for new in (['  "a": ["SECRET1"]', "}"],  # a deletion that joins two lines into one
                ['  "a": ["SECRET9",', '    "SECRET2"]', "}"]):  # a fix inside the masked value
        shown = "\n".join(_mask_diff(difflib.unified_diff(old, new, lineterm=""), old, masked))
        added = [ln for ln in shown.splitlines() if ln.startswith("+") and not ln.startswith("+++")]
        assert "SECRET" not in shown and len(added) == len([ln for ln in new if ln not in old])
    shown = list(_mask_diff(difflib.unified_diff(old, old[:2], lineterm=""), old, None))
    assert not any("SECRET" in line for line in shown)  # no masked copy: no text at all
