"""The adoption workflow: configuration per file, pointer-scoped suppression, unused
suppressions, and baselines. Runs the CLI in a temporary project directory."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from conftest import REPO
from wmlint.cli import main

TODAY = ["--today", "2026-09-01"]


def _run(tmp_path, monkeypatch, *args):
    monkeypatch.chdir(tmp_path)
    return CliRunner().invoke(main, ["check", *TODAY, "--output-format", "concise", *args], catch_exceptions=False)


def _project(tmp_path):
    shutil.copytree(REPO / "examples" / "broken", tmp_path / "workers" / "api")
    shutil.copytree(REPO / "examples" / "clean-module", tmp_path / "workers" / "web")
    return tmp_path


def test_pointer_scoped_ignore_then_unused_report(tmp_path, monkeypatch):
    _project(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.wmlint.per-file-ignores]\n"workers/api/metadata.json#/bindings/3" = ["WM210"]\n')
    r = _run(tmp_path, monkeypatch, "workers/api")
    assert "WM210" not in r.output and "WM903" not in r.output and "WM202" in r.output
    # fix the binding: the suppression is now unused and reported, with its line in pyproject.toml
    meta = json.loads((tmp_path / "workers/api/metadata.json").read_text())
    del meta["bindings"][3]["tunnel_id"]
    (tmp_path / "workers/api/metadata.json").write_text(json.dumps(meta, indent=2))
    r = _run(tmp_path, monkeypatch, "workers/api")
    assert "pyproject.toml:2:1: WM903 [unused-suppression] warning: per-file-ignores entry " \
           "'workers/api/metadata.json#/bindings/3' suppressed nothing; remove it" in r.output, r.output


def test_each_file_uses_the_nearest_configuration(tmp_path, monkeypatch):
    _project(tmp_path)
    (tmp_path / "workers" / "api" / "wmlint.toml").write_text('ignore = ["WM2"]\n')
    (tmp_path / "pyproject.toml").write_text('[tool.wmlint]\nselect = ["WM2", "WM3"]\n')
    r = _run(tmp_path, monkeypatch, "workers/api", "workers/web")
    codes = {line.split()[1] for line in r.output.splitlines() if ": WM" in line}
    # api: its own wmlint.toml ignores WM2 (and selects everything else); web: the root selects WM2/WM3 only
    assert "WM202" not in codes and "WM603" in codes, r.output
    r = _run(tmp_path, monkeypatch, "--isolated", "workers/api")
    assert "WM202" in r.output


def test_baseline_hides_known_findings_and_reports_new_ones(tmp_path, monkeypatch):
    _project(tmp_path)
    r = _run(tmp_path, monkeypatch, "workers/api", "--write-baseline", "wmlint-baseline.json")
    assert r.exit_code == 0 and "Wrote 8 fingerprints to wmlint-baseline.json" in r.output
    r = _run(tmp_path, monkeypatch, "workers/api", "--baseline", "wmlint-baseline.json")
    assert r.exit_code == 0 and "8 known findings hidden by the baseline" in r.output
    # an unrelated edit (lines shift) keeps the fingerprints; a new problem is reported
    meta_path = tmp_path / "workers/api/metadata.json"
    meta = json.loads(meta_path.read_text())
    meta["bindings"].append({"type": "queue", "name": "CACHE", "queue_name": "jobs"})
    meta_path.write_text("\n\n" + json.dumps(meta, indent=4))
    r = _run(tmp_path, monkeypatch, "workers/api", "--baseline", "wmlint-baseline.json")
    assert r.exit_code == 1
    found = [line for line in r.output.splitlines() if ": WM" in line]
    name_line = meta_path.read_text().split("\n").index('            "queue_name": "jobs"')  # 0-based: the line above
    assert len(found) == 1 and f"metadata.json:{name_line}:21: WM202" in found[0], r.output


def test_bad_baseline_is_a_usage_error(tmp_path, monkeypatch):
    _project(tmp_path)
    (tmp_path / "b.json").write_text("[]")
    r = _run(tmp_path, monkeypatch, "workers/web", "--baseline", "b.json")
    assert r.exit_code == 2 and "not a wmlint baseline" in r.output
    r = _run(tmp_path, monkeypatch, "workers/web", "--baseline", "missing.json")
    assert r.exit_code == 2 and "--write-baseline missing.json" in r.output


def test_configured_paths_are_linted_when_none_are_given(tmp_path, monkeypatch):
    _project(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.wmlint]\npaths = ["workers/web", "workers/api"]\n')
    r = _run(tmp_path, monkeypatch)
    assert r.exit_code == 1 and "workers/api/metadata.json:" in r.output and "2 files" in r.output, r.output
    (tmp_path / "pyproject.toml").write_text('[tool.wmlint]\nplan = "paid"\n')
    r = _run(tmp_path, monkeypatch)  # no paths anywhere: the current directory is searched, as ruff does
    assert r.exit_code == 1 and "workers/api/metadata.json:" in r.output and "2 files" in r.output, r.output
    (tmp_path / "pyproject.toml").write_text('[tool.wmlint]\nexclude = ["workers/api"]\n')
    r = _run(tmp_path, monkeypatch)
    assert r.exit_code == 0 and "1 file checked" in r.output, r.output


def test_a_suppression_used_for_one_directory_is_not_unused_for_another(tmp_path, monkeypatch):
    """Two linted directories under one pyproject.toml share its suppression counts."""
    _project(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.wmlint.per-file-ignores]\n"workers/api/metadata.json#/bindings/3" = ["WM210"]\n')
    r = _run(tmp_path, monkeypatch, "workers/api/", "workers/web/")
    assert "WM210" not in r.output and "WM903" not in r.output, r.output
