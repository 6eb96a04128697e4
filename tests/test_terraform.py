"""Terraform plans (`terraform show -json PLAN`): every cloudflare_workers_script is an upload,
findings name the resource and point into the plan, and the plan's secrets stay hidden."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from wmlint.cli import main
from wmlint.inputs import load_path

HERE = Path(__file__).resolve().parent
PLAN = HERE / "fixtures" / "terraform" / "plan.json"
ARGS = ["--today", "2026-11-30", "--isolated"]
SECRET = "cf-api-token-do-not-leak-4f2a9c71e5b3"


def test_each_script_of_the_plan_is_linted_and_named(data_regression):
    result = CliRunner().invoke(main, ["check", str(PLAN), *ARGS, "--output-format", "json"])
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    data_regression.check([{k: d[k] for k in ("code", "severity", "line", "column", "pointer", "message")}
                           for d in found])
    addresses = {d["message"].split("]")[0] + "]" for d in found}
    assert addresses == {"[cloudflare_workers_script.edge]", "[module.api.cloudflare_workers_script.main]"}


def test_the_plans_secrets_are_never_shown():
    for fmt in ("full", "concise", "json", "sarif", "github", "junit", "gitlab"):
        result = CliRunner().invoke(main, ["check", str(PLAN), *ARGS, "--output-format", fmt])
        assert result.exit_code == 1 and SECRET not in result.output, fmt


def test_content_file_is_read_only_inside_the_plans_directory(tmp_path):
    plan = json.loads(PLAN.read_text())
    api = plan["planned_values"]["root_module"]["child_modules"][0]["resources"][0]["values"]
    (tmp_path / "outside.js").write_text("export class RateCounter {}\nexport default {};")
    inner = tmp_path / "plans"
    inner.mkdir()
    api["content_file"] = "../outside.js"
    (inner / "plan.json").write_text(json.dumps(plan))
    loaded = load_path(str(inner / "plan.json"))
    api_upload = loaded.companions[0]
    assert api_upload.label == "module.api.cloudflare_workers_script.main" and api_upload.parts is None
    assert "not a file inside the plan's directory" in api_upload.diagnostics[0].message


def test_the_relative_content_file_is_read_next_to_the_plan(tmp_path):
    shutil.copytree(PLAN.parent, tmp_path / "tf")
    loaded = load_path(str(tmp_path / "tf" / "plan.json"))
    assert loaded.companions[0].parts is not None and "api.js" in loaded.companions[0].parts


def test_a_plan_without_workers_says_so(tmp_path):
    (tmp_path / "plan.json").write_text(json.dumps({"format_version": "1.2", "terraform_version": "1.9.8",
                                                    "planned_values": {"root_module": {"resources": []}}}))
    result = CliRunner().invoke(main, ["check", str(tmp_path / "plan.json"), *ARGS, "--output-format", "concise"])
    assert result.exit_code == 0 and "no cloudflare_workers_script" in result.output
