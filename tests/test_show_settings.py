"""`wmlint check --show-settings`: the resolved settings for a target, and where each came from."""

from __future__ import annotations

import json

from click.testing import CliRunner

from wmlint.cli import main

PYPROJECT = """\
[tool.ruff]
select = ["E"]

[tool.wmlint]
select = ["WM1", "WM4"]
fail-on = "warning"
severity = {WM416 = "error"}

[tool.wmlint.rules.redirect-limits]
max-static = 50

[tool.wmlint.per-file-ignores]
"legacy/*" = ["WM4"]
"""


def _project(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "metadata.json").write_text('{"main_module": "w.js"}', encoding="utf-8")
    monkeypatch.chdir(tmp_path)


def _settings(*args):
    r = CliRunner().invoke(main, ["check", "--show-settings", "--today", "2026-09-01", "--output-format", "json", *args])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    return doc["target"], {s["name"]: (s["value"], s["source"]) for s in doc["settings"]}


def test_each_value_names_its_source_line(tmp_path, monkeypatch):
    _project(tmp_path, monkeypatch)
    target, s = _settings("--ignore", "WM101")
    assert target == "api"  # the first target found, as the run would check it
    assert s["configuration"] == ("pyproject.toml", "found above the target")
    assert s["select"] == (["WM1", "WM4"], "pyproject.toml:5")  # [tool.wmlint]'s, not [tool.ruff]'s line 2
    assert s["fail-on"] == ("warning", "pyproject.toml:6")
    assert s["severity.WM416"] == ("error", "pyproject.toml:7")
    assert s["rules.redirect-limits.max-static"] == (50, "pyproject.toml:10")
    assert s["rules.redirect-limits.max-dynamic"] == (100, "default")
    assert s["per-file-ignores.legacy/*"] == (["WM4"], "pyproject.toml:13")
    assert s["ignore"] == (["WM101"], "command line (--ignore)")
    assert s["today"] == ("2026-09-01", "command line (--today)")
    assert s["plan"] == (None, "default")  # unknown: plan-dependent limits warn and name the plan
    assert "WM101" in s["disabled rules"][0] and "WM201" in s["disabled rules"][0]
    assert "rules.high-entropy-value.threshold" not in s  # WM803 is not selected here


def test_isolated_and_defaults(tmp_path, monkeypatch):
    _project(tmp_path, monkeypatch)
    _, s = _settings("--isolated", "api")
    assert s["configuration"] == (None, "command line (--isolated)")
    assert s["select"] == (["ALL"], "default")
    assert s["disabled rules"] == ([], "select and ignore above")
    assert s["rules.high-entropy-value.threshold"] == (3.5, "default")


def test_text_output_snapshot(tmp_path, monkeypatch, file_regression):
    _project(tmp_path, monkeypatch)
    r = CliRunner().invoke(main, ["check", "--show-settings", "--today", "2026-09-01", "api", "--plan", "paid"])
    assert r.exit_code == 0
    file_regression.check(r.output, extension=".txt")


def test_a_bad_configuration_is_a_usage_error(tmp_path, monkeypatch):
    _project(tmp_path, monkeypatch)
    (tmp_path / "pyproject.toml").write_text("[tool.wmlint]\nselct = []\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["check", "--show-settings"])
    assert r.exit_code == 2 and "did you mean 'select'" in r.output
