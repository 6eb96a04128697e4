"""Selectors and settings fail loudly: a code or prefix that selects nothing, an unknown plan
or an --env the configuration lacks is a usage error (exit 2) with a did-you-mean, never a
green run with the checks off. Also the library's public surface (issue 26, sections 2-3)."""

from __future__ import annotations

import inspect
import json
import pydoc

import pytest

from conftest import EXAMPLES
from test_cli import TODAY, run
from wmlint import ConfigError, Linter, lint


@pytest.mark.parametrize(("flag", "value", "hint"), [
    ("--select", "WM2xx", "did you mean 'WM2'?"),
    ("--ignore", "WM2O2", "did you mean 'WM202'?"),
    ("--extend-select", "WM999", "did you mean 'WM9'?"),
    ("--extend-ignore", "class-not-exported", "select its code 'WM506'"),
    ("--select", "WM2,XYZ", "'XYZ'"),
])
def test_an_unknown_selector_on_the_command_line_is_a_usage_error(flag, value, hint):
    r = run("check", "examples/broken", *TODAY, flag, value)
    assert r.exit_code == 2, r.output
    assert f"wmlint: error: {flag}: " in r.output and hint in r.output
    assert "Found" not in r.output and "All checks passed" not in r.output


def test_valid_selectors_still_select():
    r = run("check", "examples/broken", *TODAY, "--select", "wm2,WM401", "--output-format", "concise")
    codes = {line.split(": ")[1].split()[0] for line in r.output.splitlines() if ": WM" in line}
    assert r.exit_code == 1 and codes and all(c.startswith("WM2") or c == "WM401" for c in codes), r.output


@pytest.mark.parametrize(("toml", "where"), [
    ('select = ["WM2xx"]\n', "wmlint.toml: select"),
    ('extend-ignore = ["WM88"]\n', "wmlint.toml: extend-ignore"),
    ('[per-file-ignores]\n"api/*.json" = ["WM2O9"]\n', "wmlint.toml: per-file-ignores 'api/*.json'"),
])
def test_an_unknown_selector_in_the_configuration_is_a_usage_error(tmp_path, monkeypatch, toml, where):
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "metadata.json").write_text((EXAMPLES / "broken" / "metadata.json").read_text())
    (tmp_path / "wmlint.toml").write_text(toml)
    monkeypatch.chdir(tmp_path)
    from click.testing import CliRunner

    from wmlint.cli import main

    r = CliRunner().invoke(main, ["check", "api", *TODAY], catch_exceptions=False)
    assert r.exit_code == 2, r.output
    assert f"wmlint: error: {where}: unknown rule selector" in r.output and "did you mean" in r.output


def test_the_library_refuses_unknown_selectors_and_plans():
    with pytest.raises(ConfigError, match=r"select: unknown rule selector 'WM2xx'.*did you mean 'WM2'"):
        Linter(select=["WM2xx"])
    with pytest.raises(ConfigError, match="ignore: unknown rule selector 'WM1234'"):
        Linter(ignore=["WM1234"])
    with pytest.raises(ConfigError, match="not the string 'WM2'"):
        Linter(select="WM2")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="unknown plan 'enterprise'"):
        Linter(plan="enterprise")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown plan 'pro'"):
        lint({"main_module": "w.js"}, plan="pro")  # type: ignore[arg-type]
    assert Linter(plan="unknown").plan is None and Linter(plan="paid").plan == "paid"


def test_the_plan_changes_plan_dependent_limits_and_unknown_is_the_default():
    meta = {"main_module": "w.js", "compatibility_date": "2025-06-01",
            "bindings": [{"type": "plain_text", "name": f"V{i}", "text": "x"} for i in range(100)]}
    sev = {p: [d.severity.value for d in Linter(plan=p).lint(meta) if d.code.startswith("WM2")]
           for p in ("free", "paid", "unknown")}
    assert sev["unknown"] == [d.severity.value for d in Linter().lint(meta) if d.code.startswith("WM2")]
    assert sev["free"] != sev["paid"]


def test_config_plan_is_validated(tmp_path, monkeypatch):
    (tmp_path / "wmlint.toml").write_text('plan = "enterprise"\n')
    (tmp_path / "metadata.json").write_text('{"main_module": "w.js"}')
    monkeypatch.chdir(tmp_path)
    from click.testing import CliRunner

    from wmlint.cli import main

    r = CliRunner().invoke(main, ["check", "metadata.json", *TODAY, "--no-parts"], catch_exceptions=False)
    assert r.exit_code == 2 and "plan" in r.output and "'enterprise'" in r.output, r.output


def test_show_settings_shows_real_defaults_and_counts_what_rules_lists():
    listed = run("rules", "--output-format", "json")
    count = len(json.loads(listed.output))
    r = run("check", "--show-settings", "examples/broken", "--isolated", "--output-format", "json")
    settings = {s["name"]: s for s in json.loads(r.output)["settings"]}
    assert settings["plan"]["value"] == "unknown" and settings["plan"]["source"] == "default"
    assert settings["enabled rules"]["value"] == count
    r = run("check", "--show-settings", "examples/broken", "--isolated", "--ignore", "WM9")
    assert f"enabled rules = {count - sum(1 for x in json.loads(listed.output) if x['code'].startswith('WM9'))} " \
           f"of {count}" in r.output


def test_an_env_the_configuration_does_not_define_is_a_usage_error():
    r = run("check", "examples/wrangler-project", *TODAY, "--env", "stagign")
    assert r.exit_code == 2, r.output
    assert "--env 'stagign'" in r.output and "check the name" in r.output
    assert run("check", "examples/wrangler-project", *TODAY).exit_code == 1  # without --env: findings, exit 1


def test_lint_takes_what_linter_lint_takes():
    one, other = inspect.signature(lint), inspect.signature(Linter.lint)
    assert list(one.parameters) == [p for p in other.parameters if p != "self"]
    for name, param in one.parameters.items():
        assert param.annotation == other.parameters[name].annotation, name
        assert param.kind == other.parameters[name].kind, name
    found = lint('{"main_module": "w.js", "compatibility_date": "2025-06-01"}', file="m.json", script_name="BAD NAME")
    assert any(d.file == "m.json" for d in found) and any(d.code.startswith("WM7") for d in found)


def test_output_formats_are_a_literal_shared_with_the_cli():
    from typing import get_args

    from wmlint.cli import check
    from wmlint.output.formats import FORMATS, OutputFormat

    choices = next(p for p in check.params if p.name == "fmt").type.choices  # type: ignore[attr-defined]
    assert tuple(choices) == get_args(OutputFormat) == FORMATS


def test_help_lists_the_public_api():
    import wmlint

    text = pydoc.render_doc(wmlint, renderer=pydoc.plaintext)
    for name in wmlint.__all__:
        if name != "__version__":
            assert f"\n    {name}" in text or f"class {name}" in text, name
    assert "lint(metadata" in text and "class Linter" in text


def test_concise_output_has_colour_when_asked():
    plain = run("check", "examples/broken", *TODAY, "--output-format", "concise", "--color", "never")
    coloured = run("check", "examples/broken", *TODAY, "--output-format", "concise", "--color", "always")
    assert "\x1b[" not in plain.output and "\x1b[1;31m" in coloured.output
    import re

    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured.output) == plain.output


def test_a_huge_selector_is_refused_without_being_echoed():
    r = run("check", "examples/broken", *TODAY, "--select", "WM" + "9" * 100_000)
    assert r.exit_code == 2 and len(r.output) < 400 and "100002 characters" in r.output
